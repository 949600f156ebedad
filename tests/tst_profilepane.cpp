// SPDX-License-Identifier: MIT
// ProfilePane over a real store: the fields of a lead, the initials placeholder when remote
// images are off or the photo cannot be fetched, and a photo served by a local HTTP server.
#include "avatarwidget.h"
#include "photoloader.h"
#include "profilepane.h"

#include "ingest/importer.h"
#include "models/leadprofile.h"
#include "sendpilot/sampleevents.h"
#include "store/database.h"
#include "store/eventstore.h"

#include <QBuffer>
#include <QImage>
#include <QLabel>
#include <QSignalSpy>
#include <QSqlQuery>
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
    void initialsWhenRemoteImagesOff();
    void initialsWhenPhotoFails();
    void photoFetchedWhenAllowed();

private:
    qint64 firstLeadId();
    void setPhotoUrl(qint64 leadId, const QString &url);

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

QTEST_MAIN(TestProfilePane)
#include "tst_profilepane.moc"
