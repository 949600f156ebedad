// SPDX-License-Identifier: MIT
// ProfilePane over a real store: the fields of a lead, the initials placeholder when remote
// images are off or the photo cannot be fetched, and a photo served by a local HTTP server.
#include "avatarwidget.h"
#include "leadsview.h"
#include "photoloader.h"
#include "profilepane.h"

#include "ingest/importer.h"
#include "models/leadprofile.h"
#include "models/leadtablemodel.h"
#include "query/leadcolumn.h"
#include "sendpilot/sampleevents.h"
#include "store/database.h"
#include "store/eventstore.h"

#include <QBuffer>
#include <QFormLayout>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
/// Serves one PNG to every GET, counting the requests.
class PhotoServer final : public QTcpServer
{
public:
    explicit PhotoServer(QObject *parent = nullptr)
        : QTcpServer(parent)
    {
        QImage image(8, 8, QImage::Format_RGB32);
        image.fill(Qt::red);
        QBuffer buffer(&m_png);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "PNG");
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_buffer += socket->readAll();
                    if (!m_buffer.contains("\r\n\r\n"))
                        return;
                    m_buffer.clear();
                    ++requests;
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n"
                                  "Cache-Control: max-age=86400\r\nContent-Length: "
                                  + QByteArray::number(m_png.size()) + "\r\n\r\n" + m_png);
                    socket->disconnectFromHost();
                });
            }
        });
    }
    int requests = 0;

private:
    QByteArray m_png;
    QByteArray m_buffer;
};
} // namespace

class TestProfilePane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void emptyWithoutLead();
    void showsLeadFields();
    void searchFieldsShownWhenGiven();
    void initialsWhenRemoteImagesOff();
    void initialsWhenPhotoFails();
    void photoFetchedWhenAllowed();
    void longUnbrokenValuesStayInsideThePane();
    void phoneAndEmailWholeInANarrowPane();
    void noGapUnderTheHeaderAfterALongLead();
    void followsTheLeadTable();
    void campaignsAreThePersonsOnly();

private:
    qint64 firstLeadId();
    qint64 lastLeadId();
    void setPhotoUrl(qint64 leadId, const QString &url);
    void setLeadText(qint64 leadId, const QString &column, const QString &value);

    QTemporaryDir m_dir;
    QSqlDatabase m_db;
};

void TestProfilePane::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    {
        QSqlDatabase rw = Database::open(m_dir.filePath(u"db.sqlite"_s), u"rw"_s,
                                         Database::Access::ReadWrite, &error);
        QVERIFY2(rw.isOpen(), qPrintable(error));
        EventStore store(rw);
        const Importer::FileResult result = Importer::importBody(
            store, SampleEvents::extractorJob(u"evt-1"_s, u"camp-1"_s, 5, 7), u"test"_s);
        QVERIFY2(result.ok, qPrintable(result.error));
    }
    Database::close(u"rw"_s);
    m_db = Database::open(m_dir.filePath(u"db.sqlite"_s), u"ro"_s, Database::Access::ReadOnly,
                          &error);
    QVERIFY2(m_db.isOpen(), qPrintable(error));
}

void TestProfilePane::cleanupTestCase()
{
    m_db = QSqlDatabase();
    Database::close(u"ro"_s);
}

qint64 TestProfilePane::firstLeadId()
{
    QSqlQuery query(m_db);
    if (!query.exec(u"SELECT min(id) FROM leads"_s) || !query.next())
        return 0;
    return query.value(0).toLongLong();
}

qint64 TestProfilePane::lastLeadId()
{
    QSqlQuery query(m_db);
    if (!query.exec(u"SELECT max(id) FROM leads"_s) || !query.next())
        return 0;
    return query.value(0).toLongLong();
}

void TestProfilePane::setLeadText(qint64 leadId, const QString &column, const QString &value)
{
    QString error;
    {
        QSqlDatabase rw = Database::open(m_dir.filePath(u"db.sqlite"_s), u"rw3"_s,
                                         Database::Access::ReadWrite, &error);
        QVERIFY2(rw.isOpen(), qPrintable(error));
        QSqlQuery query(rw);
        query.prepare(u"UPDATE leads SET %1 = ? WHERE id = ?"_s.arg(column));
        query.addBindValue(value);
        query.addBindValue(leadId);
        const bool ok = query.exec();
        error = query.lastError().text();
        query = QSqlQuery();
        rw = QSqlDatabase();
        Database::close(u"rw3"_s);
        QVERIFY2(ok, qPrintable(error));
    }
}

void TestProfilePane::setPhotoUrl(qint64 leadId, const QString &url)
{
    // The pane reads through a read-only connection: write with a short-lived one.
    QString error;
    {
        QSqlDatabase rw = Database::open(m_dir.filePath(u"db.sqlite"_s), u"rw2"_s,
                                         Database::Access::ReadWrite, &error);
        QVERIFY2(rw.isOpen(), qPrintable(error));
        QSqlQuery query(rw);
        query.prepare(u"UPDATE leads SET profile_picture_url = ? WHERE id = ?"_s);
        query.addBindValue(url);
        query.addBindValue(leadId);
        QVERIFY(query.exec());
    }
    Database::close(u"rw2"_s);
}

void TestProfilePane::emptyWithoutLead()
{
    ProfilePane pane(m_dir.filePath(u"cache"_s));
    pane.setDatabase(m_db);
    pane.showLead(0);
    QCOMPARE(pane.leadRowId(), 0);
    QVERIFY(!pane.profile());
}

void TestProfilePane::showsLeadFields()
{
    ProfilePane pane(m_dir.filePath(u"cache"_s));
    pane.setDatabase(m_db);
    const qint64 id = firstLeadId();
    QVERIFY(id > 0);
    pane.showLead(id);
    QVERIFY(pane.profile());
    const Lead &lead = pane.profile()->lead;
    QCOMPARE(pane.findChild<QLabel *>(u"profileName"_s)->text(), lead.fullName);
    QCOMPARE(pane.findChild<QLabel *>(u"profileHeadline"_s)->text(), lead.headline);
    if (!lead.email.isEmpty())
        QVERIFY(pane.findChild<QLabel *>(u"profileEmail"_s)->text().contains(u"mailto:"_s));
    if (!lead.linkedinUrl.isEmpty()) {
        QVERIFY(pane.findChild<QLabel *>(u"profileLinkedin"_s)
                    ->text()
                    .contains(lead.linkedinUrl.toHtmlEscaped()));
    }
    QCOMPARE(pane.findChild<QWidget *>(u"profileSkills"_s)->children().size() - 1,
             lead.skills.size()); // the chips, plus the flow layout
    QVERIFY(pane.findChild<QLabel *>(u"profileCampaigns"_s)->text().contains(u"campaign:"_s));
}

void TestProfilePane::searchFieldsShownWhenGiven()
{
    // A Lead Database search's fields (issue 12 item 8): rows only for what the lead has, the
    // company page and website as links when they are web addresses, else as text.
    const qint64 id = lastLeadId();
    setLeadText(id, u"industry"_s, u"Financial Services"_s);
    setLeadText(id, u"seniority"_s, u"C-Level"_s);
    setLeadText(id, u"company_linkedin_url"_s, u"https://www.linkedin.com/company/a&b"_s);
    setLeadText(id, u"website"_s, u"javascript:alert(1)<b>x</b>"_s);
    ProfilePane pane(m_dir.filePath(u"cache"_s));
    pane.setDatabase(m_db);
    pane.show();
    pane.showLead(id);
    auto *form = pane.findChild<QLabel *>(u"profileIndustry"_s)
                     ->parentWidget()
                     ->findChild<QFormLayout *>();
    QVERIFY(form);
    const auto label = [&pane](const char *name) {
        return pane.findChild<QLabel *>(QString::fromLatin1(name));
    };
    QCOMPARE(label("profileIndustry")->text(), u"Financial Services"_s);
    QCOMPARE(label("profileSeniority")->text(), u"C-Level"_s);
    QVERIFY(form->isRowVisible(label("profileIndustry")));
    QVERIFY(!form->isRowVisible(label("profileEmployees"))); // not given
    // The company links to its LinkedIn page.
    QVERIFY2(label("profileCompany")
                 ->text()
                 .startsWith(u"<a href=\"https://www.linkedin.com/company/a&amp;b\">"_s),
             qPrintable(label("profileCompany")->text()));
    // Text, no link, and its markup shown as written, in the tooltip too.
    QCOMPARE(label("profileWebsite")->text(), u"javascript:alert(1)&lt;b&gt;x&lt;/b&gt;"_s);
    const QString tip = label("profileWebsite")->toolTip().remove(QChar(0x200B)); // wrap points
    QVERIFY2(tip.contains(u"&lt;b&gt;x&lt;/b&gt;"_s), qPrintable(tip));
    // An extractor lead has none of them: no rows.
    pane.showLead(firstLeadId());
    QVERIFY(!label("profileCompany")->text().contains(u"<a "_s));
    for (const char *name :
         {"profileIndustry", "profileSeniority", "profileEmployees", "profileWebsite"})
        QVERIFY2(!form->isRowVisible(label(name)), name);
    for (const char *column : {"industry", "seniority", "company_linkedin_url", "website"})
        setLeadText(id, QString::fromLatin1(column), u""_s);
}

void TestProfilePane::initialsWhenRemoteImagesOff()
{
    PhotoServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    const qint64 id = firstLeadId();
    setPhotoUrl(id, u"http://127.0.0.1:%1/off.png"_s.arg(server.serverPort()));

    ProfilePane pane(m_dir.filePath(u"cache-off"_s));
    pane.setDatabase(m_db);
    pane.setRemoteImages(false);
    pane.resize(400, 600);
    pane.show();
    QSignalSpy connections(&server, &QTcpServer::newConnection);
    pane.showLead(id);
    // Never fetched: a fetch would connect within milliseconds; 300 ms prove none does (the
    // wait ends at once if one does).
    QVERIFY(!connections.wait(300));
    QCOMPARE(server.requests, 0);
    QVERIFY(!pane.avatar()->hasPhoto());
    QCOMPARE(pane.avatar()->initials(), LeadProfiles::initials(pane.profile()->lead));
    QVERIFY(!pane.avatar()->initials().isEmpty());
    QVERIFY(!pane.avatar()->grab().isNull()); // paints the placeholder
}

void TestProfilePane::initialsWhenPhotoFails()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close(); // nothing listens there now
    const qint64 id = firstLeadId();
    setPhotoUrl(id, u"http://127.0.0.1:%1/missing.png"_s.arg(port));

    ProfilePane pane(m_dir.filePath(u"cache-fail"_s));
    pane.setDatabase(m_db);
    pane.setRemoteImages(true);
    auto *loader = pane.findChild<PhotoLoader *>();
    QVERIFY(loader);
    QSignalSpy failed(loader, &PhotoLoader::failed);
    QSignalSpy loaded(loader, &PhotoLoader::loaded);
    pane.showLead(id);
    // The fetch is tried and fails (connection refused); then the initials stay.
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.at(0).at(0).toUrl(), QUrl(u"http://127.0.0.1:%1/missing.png"_s.arg(port)));
    QCOMPARE(loaded.size(), 0);
    QVERIFY(!pane.avatar()->hasPhoto());
    QVERIFY(!pane.avatar()->initials().isEmpty());
}

void TestProfilePane::photoFetchedWhenAllowed()
{
    PhotoServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    const qint64 id = firstLeadId();
    setPhotoUrl(id, u"http://127.0.0.1:%1/photo.png"_s.arg(server.serverPort()));

    ProfilePane pane(m_dir.filePath(u"cache-on"_s));
    pane.setDatabase(m_db);
    pane.setRemoteImages(true);
    pane.showLead(id);
    QTRY_VERIFY(pane.avatar()->hasPhoto());
    QCOMPARE(server.requests, 1);

    // Turning remote images off drops the photo at once.
    pane.setRemoteImages(false);
    QVERIFY(!pane.avatar()->hasPhoto());
}

void TestProfilePane::longUnbrokenValuesStayInsideThePane()
{
    const qint64 id = lastLeadId();
    const QString headline(100000, u'W');
    setLeadText(id, u"headline"_s, headline);
    setLeadText(id, u"summary"_s, QString(5000, u'm'));
    setLeadText(id, u"email"_s, QString(300, u'e') + u"@example.com"_s);

    ProfilePane pane(m_dir.filePath(u"cache-long"_s));
    pane.setDatabase(m_db);
    pane.resize(360, 700);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.showLead(id);
    QCOMPARE(pane.profile()->lead.headline, headline);

    auto *label = pane.findChild<QLabel *>(u"profileHeadline"_s);
    // Cut, marked as cut, and more of it in the tooltip; the copy buttons keep whole values.
    QVERIFY(label->text().size() < 500);
    QVERIFY(label->text().endsWith(u'…'));
    QVERIFY(!label->toolTip().isEmpty());
    QCOMPARE(label->textFormat(), Qt::PlainText);
    // The one-line email is cut at the pane's edge, not broken: selecting it copies the address.
    const QString email = pane.findChild<QLabel *>(u"profileEmail"_s)->text();
    QVERIFY(email.contains(QString(300, u'e') + u"@example.com"_s));
    QVERIFY(!email.contains(QChar(0x200B)));

    // The wrapped headline is many lines tall (once laid out), so the pane scrolls vertically.
    auto *scroll = pane.findChild<QScrollArea *>();
    QVERIFY(scroll);
    QTRY_VERIFY(label->height() > 4 * label->fontMetrics().height());
    QTRY_VERIFY(scroll->verticalScrollBar()->maximum() > 0);

    // Nothing is wider than the pane: every label and button lies inside it.
    QVERIFY2(scroll->widget()->width() <= scroll->viewport()->width(),
             qPrintable(u"content %1 px wide in a %2 px viewport"_s.arg(scroll->widget()->width())
                            .arg(scroll->viewport()->width())));
    const QList<QWidget *> children = scroll->widget()->findChildren<QWidget *>();
    for (QWidget *child : children) {
        if (!child->isVisibleTo(&pane))
            continue;
        const QRect inContent(child->mapTo(scroll->widget(), QPoint()), child->size());
        QVERIFY2(inContent.right() <= scroll->viewport()->width(),
                 qPrintable(child->objectName() + u" ends at x=%1"_s.arg(inContent.right())));
    }
}

void TestProfilePane::phoneAndEmailWholeInANarrowPane()
{
    // At the pane's narrowest, a phone number and a short address do not fit beside their
    // label and copy button: they go under the label, whole, rather than being cut off.
    const qint64 id = lastLeadId();
    const QString phone = u"+1-555-0005-3823 ext. 12"_s;
    const QString email = u"jb.fontaine@example.com"_s;
    setLeadText(id, u"phone"_s, phone);
    setLeadText(id, u"email"_s, email);

    ProfilePane pane(m_dir.filePath(u"cache-narrow"_s));
    pane.setDatabase(m_db);
    pane.resize(pane.minimumWidth(), 700);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.showLead(id);
    auto *scroll = pane.findChild<QScrollArea *>();
    for (const auto &[name, text] :
         {std::pair {u"profilePhone"_s, phone}, std::pair {u"profileEmail"_s, email}}) {
        auto *label = pane.findChild<QLabel *>(name);
        QVERIFY(label);
        const int needed = label->fontMetrics().horizontalAdvance(text);
        QTRY_VERIFY2(
            label->width() >= needed,
            qPrintable(name
                       + u" is %1 px wide for %2 px of text"_s.arg(label->width()).arg(needed)));
        const QRect inContent(label->mapTo(scroll->widget(), QPoint()), label->size());
        QVERIFY2(inContent.right() <= scroll->viewport()->width(),
                 qPrintable(name + u" ends at x=%1"_s.arg(inContent.right())));
    }
}

void TestProfilePane::noGapUnderTheHeaderAfterALongLead()
{
    const qint64 longLead = lastLeadId();
    setLeadText(longLead, u"headline"_s, QString(100000, u'W'));
    const qint64 normal = firstLeadId();
    QVERIFY(normal != longLead);

    auto companyTop = [this](ProfilePane &pane) {
        auto *company = pane.findChild<QLabel *>(u"profileCompany"_s);
        auto *scroll = pane.findChild<QScrollArea *>();
        return company->mapTo(scroll->widget(), QPoint()).y();
    };
    ProfilePane fresh(m_dir.filePath(u"cache-gap1"_s));
    fresh.setDatabase(m_db);
    fresh.resize(360, 700);
    fresh.show();
    QVERIFY(QTest::qWaitForWindowExposed(&fresh));
    fresh.showLead(normal);
    QCoreApplication::sendPostedEvents(); // the layout requests of the new text
    const int expected = companyTop(fresh);

    ProfilePane reused(m_dir.filePath(u"cache-gap2"_s));
    reused.setDatabase(m_db);
    reused.resize(360, 700);
    reused.show();
    QVERIFY(QTest::qWaitForWindowExposed(&reused));
    reused.showLead(longLead);
    QCoreApplication::sendPostedEvents();
    reused.showLead(normal);
    // The same lead in the same width starts its fields at the same height, whatever came before.
    QTRY_COMPARE(companyTop(reused), expected);
}

void TestProfilePane::followsTheLeadTable()
{
    LeadsView leads;
    ProfilePane pane(m_dir.filePath(u"cache-follow"_s));
    pane.setDatabase(m_db);
    connect(&leads, &LeadsView::currentLeadChanged, &pane, &ProfilePane::showLead);
    QSignalSpy loaded(leads.model(), &LeadTableModel::loaded);
    leads.setDatabasePath(m_dir.filePath(u"db.sqlite"_s));
    QTRY_VERIFY(leads.model()->rowCount() >= 5);

    QTableView *table = leads.tableView();
    table->setCurrentIndex(leads.model()->index(3, LeadColumn::Email));
    const qint64 chosen = leads.model()->leadRowId(3);
    QCOMPARE(pane.leadRowId(), chosen);

    // Hiding the current cell's column keeps the lead.
    leads.setColumnVisible(LeadColumn::Email, false);
    QCOMPARE(pane.leadRowId(), chosen);
    leads.setColumnVisible(LeadColumn::Email, true);
    QCOMPARE(pane.leadRowId(), chosen);

    // A search the lead does not match: the pane shows the current row's lead, or is cleared.
    loaded.clear();
    leads.searchEdit()->setText(u"zzzz-no-such-lead"_s);
    QTRY_VERIFY(!loaded.isEmpty());
    QCOMPARE(leads.model()->rowCount(), 0);
    QCOMPARE(pane.leadRowId(), 0);
    QVERIFY(!pane.profile());

    // And back: the pane again shows whatever the current row holds.
    loaded.clear();
    leads.searchEdit()->clear();
    QTRY_VERIFY(!loaded.isEmpty());
    QCOMPARE(pane.leadRowId(), leads.currentLeadRowId());
}

void TestProfilePane::campaignsAreThePersonsOnly()
{
    // Three campaigns whose leads carry the same SendPilot lead ids (the sample's per-job ids):
    // in camp-b they are other people (other LinkedIn identities), in camp-c the same people.
    // The pane lists a lead's own campaign and camp-c, never camp-b.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"people.sqlite"_s);
    const QByteArray people = SampleEvents::extractorJob(u"evt-a"_s, u"camp-a"_s, 3, 11);
    QByteArray others = SampleEvents::extractorJob(u"evt-b"_s, u"camp-b"_s, 3, 11);
    const QByteArray identifierKey = "\"linkedin_identifier\":\"";
    QCOMPARE(others.count(identifierKey), 3);
    others.replace(identifierKey, QByteArray(identifierKey + "someone-else-"));
    others.replace("linkedin.com/in/", "linkedin.com/in/someone-else-");
    QString error;
    {
        QSqlDatabase rw = Database::open(path, u"people-rw"_s, Database::Access::ReadWrite, &error);
        QVERIFY2(rw.isOpen(), qPrintable(error));
        EventStore store(rw);
        for (const QByteArray &body :
             {people, others, SampleEvents::extractorJob(u"evt-c"_s, u"camp-c"_s, 3, 11)}) {
            const Importer::FileResult result = Importer::importBody(store, body, u"test"_s);
            QVERIFY2(result.ok, qPrintable(result.error));
        }
    }
    Database::close(u"people-rw"_s);
    QSqlDatabase db = Database::open(path, u"people-ro"_s, Database::Access::ReadOnly, &error);
    QVERIFY2(db.isOpen(), qPrintable(error));
    {
        ProfilePane pane(dir.filePath(u"cache"_s));
        pane.setDatabase(db);
        QSqlQuery query(db);
        QVERIFY(query.exec(u"SELECT l.id, c.campaign_id FROM leads l"
                           " JOIN campaigns c ON c.id = l.campaign ORDER BY l.id"_s));
        int leads = 0;
        while (query.next()) {
            ++leads;
            const QString campaign = query.value(1).toString();
            pane.showLead(query.value(0).toLongLong());
            QVERIFY(pane.profile());
            QStringList listed;
            for (const LeadProfile::CampaignRef &ref : pane.profile()->campaigns)
                listed.append(ref.campaignId);
            listed.sort();
            const QStringList expected = campaign == u"camp-b"_s
                ? QStringList {u"camp-b"_s}
                : QStringList {u"camp-a"_s, u"camp-c"_s};
            QCOMPARE(listed, expected);
            const QString text = pane.findChild<QLabel *>(u"profileCampaigns"_s)->text();
            QCOMPARE(text.count(u"href=\"campaign:"_s), expected.size());
        }
        QCOMPARE(leads, 9);
    }
    db = QSqlDatabase();
    Database::close(u"people-ro"_s);
}

QTEST_MAIN(TestProfilePane)
#include "tst_profilepane.moc"
