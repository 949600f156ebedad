// SPDX-License-Identifier: MIT
// The Deliveries tab over a real IngestService: requests posted over loopback (accepted with
// and without a secret, duplicates, rejections of each kind), then the list, its filters and
// the inspector as a user sees them, on the offscreen platform.
#include "deliveriesview.h"
#include "deliveryinspector.h"

#include "ingest/ingestservice.h"
#include "models/deliverymodel.h"
#include "models/jsontreemodel.h"
#include "models/modelroles.h"
#include "sendpilot/sampleevents.h"
#include "store/database.h"

#include "signedpost.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace TestSupport;

namespace {
const QByteArray Secret = "whsec_deliveries_view";
const QByteArray Path = "/webhooks/sendpilot";
const QString JobType = u"lead_extractor.job.completed"_s;
const QString ReplyType = u"reply.received"_s;

// A signed event written by hand: keys in an order no serializer would choose, tabs, blank
// lines and spaces that a re-formatted body would lose, and text beyond Latin-1.
const QByteArray OddBody
    = "{\n\t\"eventType\" :  \"reply.received\",\r\n  \"timestamp\":\"2026-12-02T05:40:00Z\","
      "\n\n  \"eventId\":\"evt_odd_\xe6\x9d\xb1\xe4\xba\xac\",\n"
      "  \"workspaceId\" : \"ws_1\", \"data\":{ \"z\":1, \"a\" : [ 3,2,1 ],"
      " \"leadId\":\"lead_odd\", \"campaignId\":\"camp_odd\","
      " \"linkedinUrl\":\"https://www.linkedin.com/in/odd\", \"senderId\":\"s_1\","
      " \"reply\":\"Merci \xe2\x80\x94 \xc5\x81\xc3\xb3\x64\xc5\xba\" }\n}\n";

/// The answer as a client read it: the status line, each header the handler set, the body.
struct Answer
{
    QByteArray statusLine;
    QList<QByteArray> headers;
    QByteArray body;
};

Answer answerOf(const HttpReply &reply)
{
    Answer answer;
    const QList<QByteArray> lines = reply.head.split('\n');
    answer.statusLine = lines.value(0).trimmed();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        // Date and Connection are the connection's, said again for every answer.
        if (!line.isEmpty() && !line.startsWith("Date:") && !line.startsWith("Connection:"))
            answer.headers << line;
    }
    answer.body = reply.body;
    return answer;
}
} // namespace

class TestDeliveriesView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void timeStatusAndVerdictFirst();
    void verdictsAreReadableAndWhole();
    void filterByKind_data();
    void filterByKind();
    void filterByEventType();
    void filterKeepsTheSelectionItShows();
    void showsTheAnswerSent();
    void rawTextIsTheBytesReceived();
    void truncatedBodySaysSo();
    void loadsOffTheGuiThreadWithoutStaleBodies();

private:
    HttpReply post(const QByteArray &request);
    HttpReply postSigned(const QByteArray &body)
    {
        return post(postRequest(Path, body, signNow(Secret, body)));
    }
    /// Selects the row of delivery \a deliveryId and waits until the inspector shows it.
    void select(qint64 deliveryId);
    int rowOf(qint64 deliveryId) const;
    QStringList verdictNamesShown() const;

    QTemporaryDir m_dir;
    EndpointConfig m_config;
    std::unique_ptr<IngestService> m_service;
    QSqlDatabase m_db;
    std::unique_ptr<DeliveriesView> m_view;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    /// What each request was answered, by the stored delivery's verdict name.
    QHash<QString, Answer> m_answers;
    QByteArray m_bigBody;
    int m_deliveries = 0;
};

HttpReply TestDeliveriesView::post(const QByteArray &request)
{
    ++m_deliveries;
    return exchange(quint16(m_service->url().port()), request);
}

void TestDeliveriesView::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_config.databasePath = m_dir.filePath(u"leads.sqlite"_s);
    m_config.address = QHostAddress::LocalHost;
    m_config.port = 0;
    m_service = std::make_unique<IngestService>();
    QString error;
    QVERIFY2(m_service->start(m_config, &error), qPrintable(error));

    // No secret yet: taken unverified.
    const QByteArray unverified = SampleEvents::extractorJob(u"evt_unverified"_s, u"c1"_s, 3);
    HttpReply reply = post(postRequest(Path, unverified, {}));
    QCOMPARE(reply.status, 200);

    m_config.secrets = {QString::fromLatin1(Secret)};
    QVERIFY2(m_service->reconfigure(m_config, &error), qPrintable(error));
    QCOMPARE(postSigned(SampleEvents::extractorJob(u"evt_job"_s, u"c2"_s, 5)).status, 200);
    // A duplicate of a body larger than what a duplicate keeps.
    m_bigBody = SampleEvents::extractorJob(u"evt_big"_s, u"c3"_s, 40);
    QVERIFY(m_bigBody.size() > 16 * 1024);
    QCOMPARE(postSigned(m_bigBody).status, 200);
    reply = postSigned(m_bigBody);
    QCOMPARE(reply.status, 200);
    m_answers.insert(u"duplicate"_s, answerOf(reply));
    // The newest accepted row, so the one showsTheAnswerSent() compares.
    reply = postSigned(OddBody);
    QCOMPARE(reply.status, 200);
    m_answers.insert(u"accepted"_s, answerOf(reply));
    reply = post(postRequest(Path, SampleEvents::activity(u"evt_forged"_s, ReplyType), "v1,AAAA"));
    QCOMPARE(reply.status, 401);
    m_answers.insert(u"bad_signature"_s, answerOf(reply));
    reply = post(postRequest("/elsewhere", "{}", {}));
    QCOMPARE(reply.status, 404);
    m_answers.insert(u"not_found"_s, answerOf(reply));
    reply = post(postRequest(Path, "a=1", {}, "application/x-www-form-urlencoded"));
    QCOMPARE(reply.status, 415);
    m_answers.insert(u"unsupported_media_type"_s, answerOf(reply));
    reply = post("GET /webhooks/sendpilot HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QCOMPARE(reply.status, 405);
    m_answers.insert(u"method_not_allowed"_s, answerOf(reply));
    const QByteArray notAnEvent = R"({"hello":"world"})";
    reply = postSigned(notAnEvent);
    QCOMPARE(reply.status, 400);
    m_answers.insert(u"malformed"_s, answerOf(reply));

    m_db = Database::open(m_config.databasePath, u"deliveries-view"_s, Database::Access::ReadOnly,
                          &error);
    QVERIFY2(m_db.isOpen(), qPrintable(error));
}

void TestDeliveriesView::init()
{
    m_view = std::make_unique<DeliveriesView>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_view->resize(1366, 700);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    m_view->setDatabase(m_db);
    // Rejections are recorded after their answers, in the endpoint's next batch.
    QTRY_COMPARE_WITH_TIMEOUT((m_view->refresh(), m_view->model()->rowCount()), m_deliveries,
                              10000);
}

void TestDeliveriesView::cleanup()
{
    m_tester.reset();
    m_view.reset();
}

void TestDeliveriesView::cleanupTestCase()
{
    m_db = {};
    Database::close(u"deliveries-view"_s);
    m_service->stop();
}

int TestDeliveriesView::rowOf(qint64 deliveryId) const
{
    for (int row = 0; row < m_view->model()->rowCount(); ++row) {
        if (m_view->model()->deliveryId(row) == deliveryId)
            return row;
    }
    return -1;
}

void TestDeliveriesView::select(qint64 deliveryId)
{
    QSignalSpy shown(m_view.get(), &DeliveriesView::deliveryShown);
    const int row = rowOf(deliveryId);
    QVERIFY(row >= 0);
    m_view->tableView()->selectRow(row);
    QVERIFY(shown.wait(10000));
    QCOMPARE(shown.last().at(0).toLongLong(), deliveryId);
    QCOMPARE(m_view->currentDetail().id, deliveryId);
}

QStringList TestDeliveriesView::verdictNamesShown() const
{
    QStringList names;
    const DeliveryModel *model = m_view->model();
    for (int row = 0; row < model->rowCount(); ++row)
        names << verdictName(model->index(row, 0).data(ModelRoles::VerdictRole).value<Verdict>());
    return names;
}

void TestDeliveriesView::timeStatusAndVerdictFirst()
{
    const QHeaderView *header = m_view->tableView()->horizontalHeader();
    QStringList firstThree;
    for (int visual = 0; visual < 3; ++visual) {
        firstThree
            << m_view->model()->headerData(header->logicalIndex(visual), Qt::Horizontal).toString();
    }
    QCOMPARE(firstThree, (QStringList {u"Received"_s, u"Status"_s, u"Verdict"_s}));
    // At 1366 pixels the three are on screen, whole, without scrolling.
    const int verdictEnd = header->sectionViewportPosition(DeliveryModel::Verdict)
        + header->sectionSize(DeliveryModel::Verdict);
    QVERIFY2(
        verdictEnd <= m_view->tableView()->viewport()->width(),
        qPrintable(u"%1 > %2"_s.arg(verdictEnd).arg(m_view->tableView()->viewport()->width())));
}

void TestDeliveriesView::verdictsAreReadableAndWhole()
{
    const DeliveryModel *model = m_view->model();
    const QHeaderView *header = m_view->tableView()->horizontalHeader();
    const QFontMetrics metrics = m_view->tableView()->fontMetrics();
    QSet<QString> labels;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QString label = model->index(row, DeliveryModel::Verdict).data().toString();
        labels << label;
        QVERIFY2(!label.contains(u'_') && label.at(0).isUpper(), qPrintable(label));
        // The text, the icon before it and the cell's margins fit the column.
        QVERIFY2(metrics.horizontalAdvance(label) + metrics.height() + 8
                     <= header->sectionSize(DeliveryModel::Verdict),
                 qPrintable(label));
    }
    QVERIFY2(labels.contains(u"Accepted, unverified"_s), qPrintable(labels.values().join(u'|')));
    QVERIFY(labels.contains(u"Not JSON"_s));
    QVERIFY(labels.contains(u"Bad signature"_s));
    // Every verdict this build knows fits as well, not only those in this store.
    for (const Verdict verdict : knownVerdicts()) {
        QVERIFY2(metrics.horizontalAdvance(verdictLabel(verdict)) + metrics.height() + 8
                     <= header->sectionSize(DeliveryModel::Verdict),
                 qPrintable(verdictLabel(verdict)));
    }
}

void TestDeliveriesView::filterByKind_data()
{
    QTest::addColumn<QString>("label");
    QTest::addColumn<QStringList>("verdicts");
    QTest::addColumn<QString>("count");
    // Newest first, as the list shows them.
    QTest::newRow("all")
        << u"All deliveries"_s
        << QStringList {u"malformed"_s, u"method_not_allowed"_s, u"unsupported_media_type"_s,
                        u"not_found"_s, u"bad_signature"_s,      u"accepted"_s,
                        u"duplicate"_s, u"accepted"_s,           u"accepted"_s,
                        u"accepted"_s}
        << u"10 deliveries"_s;
    QTest::newRow("accepted") << u"Accepted"_s
                              << QStringList {u"accepted"_s, u"accepted"_s, u"accepted"_s,
                                              u"accepted"_s}
                              << u"4 of 10 deliveries"_s;
    QTest::newRow("rejected") << u"Rejected"_s
                              << QStringList {u"malformed"_s, u"method_not_allowed"_s,
                                              u"unsupported_media_type"_s, u"not_found"_s,
                                              u"bad_signature"_s}
                              << u"5 of 10 deliveries"_s;
    QTest::newRow("duplicates") << u"Duplicates"_s << QStringList {u"duplicate"_s}
                                << u"1 of 10 deliveries"_s;
    QTest::newRow("unverified") << u"Unverified (no secret set)"_s << QStringList {u"accepted"_s}
                                << u"1 of 10 deliveries"_s;
}

void TestDeliveriesView::filterByKind()
{
    QFETCH(QString, label);
    QFETCH(QStringList, verdicts);
    QFETCH(QString, count);
    auto *kind = m_view->findChild<QComboBox *>(u"deliveryKindFilter"_s);
    QVERIFY(kind);
    const int index = kind->findText(label);
    QVERIFY(index >= 0);
    kind->setCurrentIndex(index);
    QCOMPARE(verdictNamesShown(), verdicts);
    QCOMPARE(m_view->findChild<QLabel *>(u"deliveryCount"_s)->text(), count);
    if (label.startsWith(u"Unverified"_s)) {
        QCOMPARE(m_view->model()->index(0, 0).data(ModelRoles::KeyRole).toString(),
                 u"evt_unverified"_s);
    }
}

void TestDeliveriesView::filterByEventType()
{
    auto *type = m_view->findChild<QComboBox *>(u"deliveryTypeFilter"_s);
    QVERIFY(type);
    QStringList offered;
    for (int i = 1; i < type->count(); ++i)
        offered << type->itemData(i).toString();
    // The types of the deliveries stored; the rejected forgery's type was never read.
    QCOMPARE(offered, (QStringList {JobType, ReplyType}));
    type->setCurrentIndex(type->findData(ReplyType));
    QCOMPARE(m_view->model()->rowCount(), 1);
    QCOMPARE(m_view->model()->index(0, DeliveryModel::EventType).data().toString(), ReplyType);
    QCOMPARE(m_view->findChild<QLabel *>(u"deliveryCount"_s)->text(), u"1 of 10 deliveries"_s);
    // Combined with a kind: job events that were duplicates.
    type->setCurrentIndex(type->findData(JobType));
    auto *kind = m_view->findChild<QComboBox *>(u"deliveryKindFilter"_s);
    kind->setCurrentIndex(kind->findText(u"Duplicates"_s));
    QCOMPARE(verdictNamesShown(), QStringList {u"duplicate"_s});
    type->setCurrentIndex(0);
    kind->setCurrentIndex(0);
    QCOMPARE(m_view->model()->rowCount(), m_deliveries);
}

void TestDeliveriesView::filterKeepsTheSelectionItShows()
{
    const DeliveryModel *model = m_view->model();
    qint64 forged = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(ModelRoles::VerdictRole).value<Verdict>()
            == Verdict::BadSignature)
            forged = model->deliveryId(row);
    }
    select(forged);
    QSignalSpy shown(m_view.get(), &DeliveriesView::deliveryShown);
    auto *kind = m_view->findChild<QComboBox *>(u"deliveryKindFilter"_s);
    kind->setCurrentIndex(kind->findText(u"Rejected"_s));
    // Still selected and shown, without being read again.
    const QModelIndex current = m_view->tableView()->selectionModel()->currentIndex();
    QVERIFY(current.isValid());
    QCOMPARE(model->deliveryId(current.row()), forged);
    QCOMPARE(m_view->currentDetail().id, forged);
    QVERIFY(!m_view->inspector()->isLoading());
    // A filter without it clears the pane, which then says what to do.
    kind->setCurrentIndex(kind->findText(u"Accepted"_s));
    QVERIFY(!m_view->tableView()->selectionModel()->currentIndex().isValid());
    QCOMPARE(m_view->currentDetail().id, 0);
    QVERIFY(m_view->findChild<QLabel *>(u"deliverySummary"_s)->text().startsWith(u"Select"_s));
    QCOMPARE(shown.size(), 0);
    kind->setCurrentIndex(0);
}

void TestDeliveriesView::showsTheAnswerSent()
{
    auto *response = m_view->findChild<QPlainTextEdit *>(u"deliveryResponse"_s);
    QVERIFY(response);
    const DeliveryModel *model = m_view->model();
    QSet<QString> checked;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QString name
            = verdictName(model->index(row, 0).data(ModelRoles::VerdictRole).value<Verdict>());
        if (!m_answers.contains(name) || checked.contains(name))
            continue;
        checked << name;
        select(model->deliveryId(row));
        const Answer &sent = m_answers[name];
        const QString shown = response->toPlainText();
        const QStringList lines = shown.split(u'\n');
        QCOMPARE(lines.value(0), QString::fromLatin1(sent.statusLine));
        // Every header sent is shown, and the body exactly as sent, after an empty line.
        for (const QByteArray &header : sent.headers)
            QVERIFY2(lines.contains(QString::fromLatin1(header)),
                     qPrintable(QString::fromLatin1(header) + u" not in:\n"_s + shown));
        QVERIFY2(shown.endsWith(u"\n\n"_s + QString::fromUtf8(sent.body)), qPrintable(shown));
    }
    QCOMPARE(checked.size(), m_answers.size());
}

void TestDeliveriesView::rawTextIsTheBytesReceived()
{
    const DeliveryModel *model = m_view->model();
    qint64 odd = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(ModelRoles::KeyRole).toString().startsWith(u"evt_odd_"_s))
            odd = model->deliveryId(row);
    }
    QVERIFY(odd > 0);
    select(odd);
    QCOMPARE(m_view->currentDetail().body, OddBody);
    // The tree first; Raw text shows the body byte for byte: the order of its keys, its tabs
    // and blank lines, and its one carriage return made visible.
    QVERIFY(m_view->jsonView()->isVisible());
    m_view->findChild<QCheckBox *>()->setChecked(true);
    auto *raw = m_view->findChild<QPlainTextEdit *>(u"deliveryRaw"_s);
    QVERIFY(raw->isVisible());
    QString expected = QString::fromUtf8(OddBody);
    expected.replace(u"\r"_s, u"\u27e8U+000D\u27e9"_s);
    QCOMPARE(raw->toPlainText(), expected);
    QVERIFY(!m_view->findChild<QLabel *>(u"deliveryBodyNote"_s)->isVisible());
    m_view->findChild<QCheckBox *>()->setChecked(false);
}

void TestDeliveriesView::truncatedBodySaysSo()
{
    const DeliveryModel *model = m_view->model();
    qint64 duplicate = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(ModelRoles::VerdictRole).value<Verdict>()
            == Verdict::Duplicate)
            duplicate = model->deliveryId(row);
    }
    select(duplicate);
    const DeliveryDetail &detail = m_view->currentDetail();
    QCOMPARE(detail.bodySize, m_bigBody.size());
    QVERIFY(detail.body.size() < m_bigBody.size());
    QVERIFY(m_bigBody.startsWith(detail.body));
    auto *note = m_view->findChild<QLabel *>(u"deliveryBodyNote"_s);
    QVERIFY(note->isVisible());
    QVERIFY2(note->text().startsWith(u"Truncated: only the first"_s), qPrintable(note->text()));
    // A prefix is not JSON: the bytes kept are shown as text.
    auto *raw = m_view->findChild<QPlainTextEdit *>(u"deliveryRaw"_s);
    QVERIFY(raw->isVisible());
    QCOMPARE(raw->toPlainText(), QString::fromUtf8(detail.body));
}

void TestDeliveriesView::loadsOffTheGuiThreadWithoutStaleBodies()
{
    const DeliveryModel *model = m_view->model();
    qint64 big = 0;
    qint64 small = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QString key = model->index(row, 0).data(ModelRoles::KeyRole).toString();
        const auto verdict = model->index(row, 0).data(ModelRoles::VerdictRole).value<Verdict>();
        if (key == u"evt_big"_s && verdict == Verdict::Accepted)
            big = model->deliveryId(row);
        if (key == u"evt_job"_s)
            small = model->deliveryId(row);
    }
    QVERIFY(big > 0 && small > 0);
    QSignalSpy shown(m_view.get(), &DeliveriesView::deliveryShown);
    m_view->tableView()->selectRow(rowOf(big));
    // Nothing read yet on this thread: the pane says so, and shows nothing of before.
    QVERIFY(m_view->inspector()->isLoading());
    QCOMPARE(m_view->findChild<QLabel *>(u"deliverySummary"_s)->text(), u"Loading…"_s);
    QCOMPARE(m_view->jsonModel()->rowCount(), 0);
    // The selection moves on before the big body is read: only the second is ever shown.
    m_view->tableView()->selectRow(rowOf(small));
    QVERIFY(shown.wait(10000));
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.at(0).at(0).toLongLong(), small);
    QCOMPARE(m_view->currentDetail().eventId, u"evt_job"_s);
    // The worker answers in order: once the second is shown, the first has been dropped.
    // One more load proves it, without waiting on the clock.
    select(big);
    QCOMPARE(shown.size(), 2);
    QCOMPARE(m_view->currentDetail().body, m_bigBody);
    QVERIFY(m_view->jsonModel()->rowCount() >= 3);
}

QTEST_MAIN(TestDeliveriesView)
#include "tst_deliveriesview.moc"
