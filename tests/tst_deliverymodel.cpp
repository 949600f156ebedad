// SPDX-License-Identifier: MIT
#include "models/deliverymodel.h"
#include "models/modelroles.h"
#include "sendpilot/sampleevents.h"
#include "store/database.h"
#include "store/eventstore.h"

#include "fixtures.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 T0 = 1708770600000;

DeliveryRecord rejection(int n)
{
    DeliveryRecord delivery;
    delivery.receivedAtMs = T0 + n * 1000LL;
    delivery.peer = u"203.0.113.%1"_s.arg(n % 250);
    delivery.method = u"POST"_s;
    delivery.path = u"/webhooks/sendpilot"_s;
    delivery.body = "{}";
    delivery.bodySize = 2;
    delivery.status = 401;
    delivery.verdict = Verdict::BadSignature;
    delivery.detail = u"request %1"_s.arg(n);
    return delivery;
}

EventStore::Item eventItem(const QByteArray &body, qint64 receivedAtMs)
{
    DeliveryRecord delivery = TestSupport::acceptedDelivery(receivedAtMs, body);
    delivery.peer = u"198.51.100.7"_s;
    delivery.headers = {{"Content-Type", "application/json"},
                        {"Webhook-Signature", "v1,c2VjcmV0LXNpZ25hdHVyZQ=="},
                        {"Webhook-Id", "msg_1"}};
    delivery.bodySize = body.size();
    delivery.verified = true;
    const Event event = TestSupport::parsedEvent(body);
    delivery.eventId = event.eventId;
    delivery.eventType = event.eventType;
    delivery.leadCount = event.leadCount();
    return TestSupport::item(event, delivery);
}

} // namespace

class TestDeliveryModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void emptyDatabase();
    void newestFirst();
    void pagingOverManyDeliveries();
    void refreshPrependsWithOneInsert();
    void refreshWhilePartlyLoaded();
    void detailOfEvent();
    void detailOfExtractorJob();
    void detailOfUnknownId();
    void storedVerdictNames_data();
    void storedVerdictNames();
    void missingTableIsReported();
    void filterPagesAndRefreshes();

private:
    QList<qint64> record(int from, int count);
    void fetchAll();

    QTemporaryDir *m_dir = nullptr;
    QString m_connection;
    QSqlDatabase m_db;
    EventStore *m_store = nullptr;
    DeliveryModel *m_model = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
    int m_run = 0;
};

void TestDeliveryModel::init()
{
    m_dir = new QTemporaryDir;
    QVERIFY(m_dir->isValid());
    m_connection = u"deliveries_%1"_s.arg(++m_run);
    QString error;
    m_db = Database::open(m_dir->filePath(u"leads.sqlite"_s), m_connection,
                          Database::Access::ReadWrite, &error);
    QVERIFY2(m_db.isOpen(), qPrintable(error));
    m_store = new EventStore(m_db);
    m_model = new DeliveryModel;
    m_tester = new QAbstractItemModelTester(m_model,
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestDeliveryModel::cleanup()
{
    delete m_tester;
    delete m_model;
    delete m_store;
    m_tester = nullptr;
    m_model = nullptr;
    m_store = nullptr;
    m_db = {};
    Database::close(m_connection);
    delete m_dir;
    m_dir = nullptr;
}

QList<qint64> TestDeliveryModel::record(int from, int count)
{
    QList<qint64> ids;
    m_db.transaction();
    for (int i = from; i < from + count; ++i) {
        const qint64 id = m_store->recordDelivery(rejection(i));
        if (id <= 0)
            break;
        ids.append(id);
    }
    m_db.commit();
    return ids;
}

void TestDeliveryModel::filterPagesAndRefreshes()
{
    // 450 rejections, with two accepted events among them, one of a second type.
    record(0, 300);
    QCOMPARE(
        m_store->ingest({eventItem(SampleEvents::extractorJob(u"evt_f1"_s, u"c1"_s, 2, 1), T0 + 1)})
            .size(),
        1);
    record(300, 150);
    QCOMPARE(
        m_store
            ->ingest({eventItem(SampleEvents::activity(u"evt_f2"_s, u"reply.received"_s), T0 + 2)})
            .size(),
        1);
    QSignalSpy counts(m_model, &DeliveryModel::countsChanged);
    m_model->setDatabase(m_db);
    QCOMPARE(m_model->totalCount(), 452);
    QCOMPARE(m_model->matchingCount(), 452);
    QCOMPARE(m_model->eventTypes(),
             (QStringList {u"lead_extractor.job.completed"_s, u"reply.received"_s}));

    DeliveryFilter rejected;
    rejected.kind = DeliveryFilter::Kind::Rejected;
    m_model->setFilter(rejected);
    QVERIFY(m_model->rowCount() < 450); // a page, read with the filter in SQL
    QVERIFY(m_model->canFetchMore({}));
    fetchAll();
    QCOMPARE(m_model->rowCount(), 450);
    QCOMPARE(m_model->matchingCount(), 450);
    for (int row = 0; row < m_model->rowCount(); ++row) {
        QCOMPARE(m_model->index(row, 0).data(ModelRoles::VerdictRole).value<Verdict>(),
                 Verdict::BadSignature);
    }

    // What arrives is prepended only when the filter takes it.
    const QList<qint64> fresh = record(450, 1);
    QCOMPARE(
        m_store->ingest({eventItem(SampleEvents::extractorJob(u"evt_f3"_s, u"c1"_s, 2, 3), T0 + 3)})
            .size(),
        1);
    m_model->refresh();
    QCOMPARE(m_model->rowCount(), 451);
    QCOMPARE(m_model->deliveryId(0), fresh.value(0));
    QCOMPARE(m_model->totalCount(), 454);
    QCOMPARE(m_model->matchingCount(), 451);

    DeliveryFilter replies;
    replies.eventType = u"reply.received"_s;
    m_model->setFilter(replies);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->index(0, 0).data(ModelRoles::KeyRole).toString(), u"evt_f2"_s);
    QCOMPARE(m_model->matchingCount(), 1);
    QVERIFY(counts.size() >= 3);
}

void TestDeliveryModel::fetchAll()
{
    for (int guard = 0; m_model->canFetchMore({}) && guard < 1000; ++guard)
        m_model->fetchMore({});
}

void TestDeliveryModel::emptyDatabase()
{
    m_model->setDatabase(m_db);
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->columnCount(), int(DeliveryModel::ColumnCount));
    QVERIFY(!m_model->canFetchMore({}));
    QCOMPARE(m_model->deliveryId(0), 0);

    // Not opened at all: nothing either, and no crash.
    DeliveryModel closed;
    QCOMPARE(closed.rowCount(), 0);
    QVERIFY(!closed.canFetchMore({}));
    closed.refresh();
    QCOMPARE(closed.detail(1).id, 0);
}

void TestDeliveryModel::newestFirst()
{
    const QList<qint64> ids = record(0, 5);
    QCOMPARE(ids.size(), 5);
    m_model->setDatabase(m_db);
    QCOMPARE(m_model->rowCount(), 5);
    for (int row = 0; row < 5; ++row) {
        QCOMPARE(m_model->deliveryId(row), ids[4 - row]);
        QCOMPARE(m_model->data(m_model->index(row, 0), ModelRoles::RowIdRole).toLongLong(),
                 ids[4 - row]);
        QCOMPARE(
            m_model->data(m_model->index(row, DeliveryModel::ReceivedAt), ModelRoles::RawValueRole)
                .toLongLong(),
            T0 + (4 - row) * 1000LL);
    }
    QCOMPARE(m_model->data(m_model->index(0, DeliveryModel::Status)).toString(), u"401"_s);
    QCOMPARE(m_model->data(m_model->index(0, DeliveryModel::Verdict)).toString(),
             u"Bad signature"_s);
    QCOMPARE(m_model->data(m_model->index(0, DeliveryModel::Verdict), ModelRoles::RawValueRole)
                 .toString(),
             u"bad_signature"_s);
    QCOMPARE(m_model->data(m_model->index(0, DeliveryModel::Verdict), ModelRoles::VerdictRole)
                 .value<Verdict>(),
             Verdict::BadSignature);
    QCOMPARE(m_model->data(m_model->index(0, DeliveryModel::Peer)).toString(), u"203.0.113.4"_s);
    QCOMPARE(m_model->data(m_model->index(0, DeliveryModel::ReceivedAt)).toString(),
             QDateTime::fromMSecsSinceEpoch(T0 + 4000, Qt::LocalTime)
                 .toString(u"yyyy-MM-dd HH:mm:ss"_s));
    // No leads: an empty cell rather than 0.
    QCOMPARE(m_model->data(m_model->index(0, DeliveryModel::Leads)).toString(), QString());
    QVERIFY(!m_model->canFetchMore({}));
}

void TestDeliveryModel::pagingOverManyDeliveries()
{
    const int total = 530;
    const QList<qint64> ids = record(0, total);
    QCOMPARE(ids.size(), total);
    m_model->setDatabase(m_db);
    // A first page only, not everything.
    const int firstPage = m_model->rowCount();
    QVERIFY(firstPage > 0);
    QVERIFY(firstPage < total);
    QVERIFY(m_model->canFetchMore({}));

    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    int pages = 1;
    int previous = firstPage;
    while (m_model->canFetchMore({})) {
        m_model->fetchMore({});
        QVERIFY(m_model->rowCount() >= previous);
        previous = m_model->rowCount();
        QVERIFY(++pages < 100);
    }
    QCOMPARE(m_model->rowCount(), total);
    QVERIFY(inserted.size() >= 2);
    QCOMPARE(reset.size(), 0);
    // Appended at the end each time.
    for (const QList<QVariant> &args : std::as_const(inserted))
        QVERIFY(args.at(1).toInt() >= firstPage);
    // Strictly newest first, each delivery once.
    for (int row = 0; row < total; ++row)
        QCOMPARE(m_model->deliveryId(row), ids[total - 1 - row]);
    // Past the end: nothing more, fetchMore is harmless.
    QVERIFY(!m_model->canFetchMore({}));
    m_model->fetchMore({});
    QCOMPARE(m_model->rowCount(), total);
}

void TestDeliveryModel::refreshPrependsWithOneInsert()
{
    record(0, 3);
    m_model->setDatabase(m_db);
    QCOMPARE(m_model->rowCount(), 3);
    const qint64 oldTop = m_model->deliveryId(0);

    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    QSignalSpy aboutToReset(m_model, &QAbstractItemModel::modelAboutToBeReset);
    const QList<qint64> fresh = record(100, 4);
    m_model->refresh();
    QCOMPARE(reset.size(), 0);
    QCOMPARE(aboutToReset.size(), 0);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 3);
    QCOMPARE(m_model->rowCount(), 7);
    QCOMPARE(m_model->deliveryId(0), fresh.last());
    QCOMPARE(m_model->deliveryId(3), fresh.first());
    QCOMPARE(m_model->deliveryId(4), oldTop);

    // Nothing new: nothing happens.
    m_model->refresh();
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(m_model->rowCount(), 7);
}

void TestDeliveryModel::refreshWhilePartlyLoaded()
{
    // Deliveries that arrive while only the first page is loaded go on top; paging down later
    // still reaches every older delivery exactly once.
    const QList<qint64> old = record(0, 450);
    m_model->setDatabase(m_db);
    QVERIFY(m_model->rowCount() < 450);
    const QList<qint64> fresh = record(1000, 5);
    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
    m_model->refresh();
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 4);
    fetchAll();
    QCOMPARE(m_model->rowCount(), 455);
    QSet<qint64> seen;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const qint64 id = m_model->deliveryId(row);
        QVERIFY(!seen.contains(id));
        seen.insert(id);
        if (row > 0)
            QVERIFY(id < m_model->deliveryId(row - 1));
    }
    QCOMPARE(m_model->deliveryId(0), fresh.last());
    QCOMPARE(m_model->deliveryId(454), old.first());
}

void TestDeliveryModel::detailOfEvent()
{
    const QByteArray body = SampleEvents::activity(u"evt_msg_1"_s, u"message.sent"_s, 3);
    EventStore::Item item = eventItem(body, T0);
    QVERIFY(item.event.activity.has_value());
    const QList<EventStore::ItemResult> results = m_store->ingest({item});
    QCOMPARE(results.size(), 1);
    QCOMPARE(results[0].outcome, EventStore::Outcome::Stored);
    m_model->setDatabase(m_db);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->data(m_model->index(0, DeliveryModel::EventId)).toString(), u"evt_msg_1"_s);
    QCOMPARE(m_model->data(m_model->index(0, DeliveryModel::EventType)).toString(),
             u"message.sent"_s);
    QCOMPARE(m_model->data(m_model->index(0, 0), ModelRoles::KeyRole).toString(), u"evt_msg_1"_s);

    const DeliveryDetail detail = m_model->detail(m_model->deliveryId(0));
    QCOMPARE(detail.id, results[0].deliveryId);
    QCOMPARE(detail.receivedAtMs, T0);
    QCOMPARE(detail.peer, u"198.51.100.7"_s);
    QCOMPARE(detail.method, u"POST"_s);
    QCOMPARE(detail.path, u"/webhooks/sendpilot"_s);
    QCOMPARE(detail.status, 200);
    QCOMPARE(detail.verdict, Verdict::Accepted);
    QCOMPARE(detail.verdictName, u"accepted"_s);
    QVERIFY(detail.verified);
    QCOMPARE(detail.eventId, u"evt_msg_1"_s);
    QCOMPARE(detail.eventType, u"message.sent"_s);
    QCOMPARE(detail.body, body);
    QCOMPARE(detail.bodySize, qint64(body.size()));

    // Headers: every one kept, the signature's value never.
    const QStringList lines = detail.headers.split(u'\n');
    QVERIFY2(lines.contains(u"Content-Type: application/json"_s), qPrintable(detail.headers));
    QVERIFY2(lines.contains(u"Webhook-Id: msg_1"_s), qPrintable(detail.headers));
    QVERIFY2(lines.contains(u"Webhook-Signature: [redacted]"_s), qPrintable(detail.headers));
    QVERIFY(!detail.headers.contains(u"c2VjcmV0LXNpZ25hdHVyZQ"_s));

    // The event's readable fields, pretty-printed JSON.
    QVERIFY(!detail.activityJson.isEmpty());
    QVERIFY(detail.activityJson.contains(u'\n'));
    QJsonParseError error;
    const QJsonDocument activity = QJsonDocument::fromJson(detail.activityJson.toUtf8(), &error);
    QVERIFY2(activity.isObject(), qPrintable(error.errorString()));
    QCOMPARE(activity.object().value("campaignId"_L1).toString(), item.event.activity->campaignId);
    QCOMPARE(activity.object().value("leadId"_L1).toString(), item.event.activity->leadId);
}

void TestDeliveryModel::detailOfExtractorJob()
{
    const QByteArray body = SampleEvents::extractorJob(u"evt_job"_s, u"camp_a"_s, 12, 5);
    EventStore::Item item = eventItem(body, T0);
    const QList<EventStore::ItemResult> results = m_store->ingest({item});
    QCOMPARE(results[0].outcome, EventStore::Outcome::Stored);
    m_model->setDatabase(m_db);
    QCOMPARE(m_model->data(m_model->index(0, DeliveryModel::Leads), ModelRoles::RawValueRole)
                 .toLongLong(),
             12);
    QCOMPARE(m_model->data(m_model->index(0, DeliveryModel::Leads)).toString(),
             QLocale().toString(12));
    const DeliveryDetail detail = m_model->detail(results[0].deliveryId);
    QCOMPARE(detail.leadCount, 12);
    QCOMPARE(detail.body, body);
    // Leads are in the lead table, not in activity.
    QVERIFY(detail.activityJson.isEmpty());
}

void TestDeliveryModel::detailOfUnknownId()
{
    record(0, 2);
    m_model->setDatabase(m_db);
    const DeliveryDetail detail = m_model->detail(424242);
    QCOMPARE(detail.id, 0);
    QVERIFY(detail.body.isEmpty());
    QCOMPARE(m_model->deliveryId(-1), 0);
    QCOMPARE(m_model->deliveryId(99), 0);
}

void TestDeliveryModel::storedVerdictNames_data()
{
    QTest::addColumn<QString>("stored");
    QTest::addColumn<Verdict>("verdict");

    QTest::newRow("accepted") << u"accepted"_s << Verdict::Accepted;
    QTest::newRow("stale signature") << u"stale_signature"_s << Verdict::StaleSignature;
    QTest::newRow("busy") << u"busy"_s << Verdict::Busy;
    // A store written by a newer version: shown as stored, compared as Unknown.
    QTest::newRow("unknown") << u"quarantined"_s << Verdict::Unknown;
}

void TestDeliveryModel::storedVerdictNames()
{
    QFETCH(QString, stored);
    QFETCH(Verdict, verdict);

    QSqlQuery insert(m_db);
    QVERIFY(insert.prepare(
        u"INSERT INTO deliveries (received_at, status, verdict) VALUES (?, ?, ?)"_s));
    insert.addBindValue(T0);
    insert.addBindValue(200);
    insert.addBindValue(stored);
    QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));

    m_model->setDatabase(m_db);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->data(m_model->index(0, DeliveryModel::Verdict), ModelRoles::RawValueRole)
                 .toString(),
             stored);
    // Shown in words; a name this build does not know, as stored. The row was not verified
    // (verified defaults to 0): an accepted event says so.
    const QString label = verdict == Verdict::Unknown ? stored
        : verdict == Verdict::Accepted                ? DeliveryModel::unverifiedLabel(verdict)
                                                      : verdictLabel(verdict);
    QCOMPARE(m_model->data(m_model->index(0, DeliveryModel::Verdict)).toString(), label);
    const DeliveryDetail detail = m_model->detail(m_model->deliveryId(0));
    QCOMPARE(detail.verdict, verdict);
    QCOMPARE(detail.verdictName, stored);
}

// Each read (first page, paging, refresh, detail) that fails says so, and keeps what is shown.
void TestDeliveryModel::missingTableIsReported()
{
    const QList<qint64> ids = record(0, 3);
    QCOMPARE(ids.size(), 3);
    m_model->setDatabase(m_db);
    QCOMPARE(m_model->rowCount(), 3);
    QSignalSpy failed(m_model, &DeliveryModel::queryFailed);

    QSqlQuery query(m_db);
    QVERIFY(query.exec(u"ALTER TABLE deliveries RENAME TO deliveries_gone"_s));
    const QRegularExpression warning(u"Deliveries query failed"_s);
    QTest::ignoreMessage(QtWarningMsg, warning);
    m_model->refresh();
    QCOMPARE(failed.size(), 1);
    QCOMPARE(m_model->rowCount(), 3);

    QTest::ignoreMessage(QtWarningMsg, warning);
    QCOMPARE(m_model->detail(ids.first()).id, 0);
    QCOMPARE(failed.size(), 2);

    QTest::ignoreMessage(QtWarningMsg, warning);
    m_model->setDatabase(m_db);
    QCOMPARE(failed.size(), 3);
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(!m_model->canFetchMore({})); // no retry loop from the view
    for (const QList<QVariant> &signal : std::as_const(failed)) {
        QVERIFY2(signal.at(0).toString().contains(u"no such table: deliveries"_s),
                 qPrintable(signal.at(0).toString()));
    }
}

QTEST_GUILESS_MAIN(TestDeliveryModel)
#include "tst_deliverymodel.moc"
