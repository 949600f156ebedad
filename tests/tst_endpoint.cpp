// SPDX-License-Identifier: MIT
// End to end over a real loopback socket: IngestService (server, endpoint and store on their
// own thread) with a real SQLite file, driven by raw HTTP requests.
#include "ingest/ingestservice.h"
#include "ingest/testeventsender.h"
#include "sendpilot/sampleevents.h"
#include "store/database.h"

#include "signedpost.h"
#include "sqlvalues.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using TestSupport::scalar;

namespace {
const QByteArray Secret = "whsec_test_secret";
const QByteArray OldSecret = "whsec_old_secret";

using Reply = TestSupport::HttpReply;

/// Sends \a request on a fresh connection and reads one response (Content-Length framed).
Reply exchange(quint16 port, const QByteArray &request)
{
    return TestSupport::exchange(port, request);
}

QByteArray post(const QByteArray &path, const QByteArray &body, const QByteArray &signature,
                const QByteArray &contentType = "application/json")
{
    return TestSupport::postRequest(path, body, signature, contentType);
}

QByteArray signNow(const QByteArray &body, const QByteArray &secret = Secret, qint64 skew = 0)
{
    return TestSupport::signNow(secret, body, skew);
}

} // namespace

class TestEndpoint : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void signedEventIsStoredWithItsLeads();
    void duplicateChangesNothing();
    void errorsGetTheirStatus_data();
    void errorsGetTheirStatus();
    void unknownEventTypeIsAcknowledged();
    void healthReportsState();
    void rotatedSecretsBothAccepted();
    void unverifiedWithoutSecret();
    void failedWriteAnswers503AndKeepsServing();
    void restartKeepsAcknowledgedEvents();
    void concurrentEventsShareCommits();
    void testEventSenderPostsASignedSample();
    void reconfigureKeepsServingWhenTheNewPortIsTaken();
    void reconfigureOnTheSamePortKeepsTheSocket();

private:
    EndpointConfig config(const QStringList &secrets = {QString::fromLatin1(Secret)}) const;
    QSqlDatabase reader();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<IngestService> m_service;
    quint16 m_port = 0;
};

EndpointConfig TestEndpoint::config(const QStringList &secrets) const
{
    EndpointConfig config;
    config.databasePath = m_dir->filePath(u"leads.sqlite"_s);
    config.address = QHostAddress::LocalHost;
    config.port = 0;
    config.secrets = secrets;
    return config;
}

QSqlDatabase TestEndpoint::reader()
{
    if (QSqlDatabase::contains(u"test-reader"_s))
        return QSqlDatabase::database(u"test-reader"_s);
    QString error;
    QSqlDatabase db = Database::open(m_dir->filePath(u"leads.sqlite"_s), u"test-reader"_s,
                                     Database::Access::ReadOnly, &error);
    if (!db.isOpen())
        qWarning() << error;
    return db;
}

void TestEndpoint::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_service = std::make_unique<IngestService>();
    QString error;
    QVERIFY2(m_service->start(config(), &error), qPrintable(error));
    m_port = quint16(m_service->url().port());
    QVERIFY(m_port != 0);
    QCOMPARE(m_service->url().path(), u"/webhooks/sendpilot"_s);
}

void TestEndpoint::cleanup()
{
    m_service.reset();
    if (QSqlDatabase::contains(u"test-reader"_s))
        Database::close(u"test-reader"_s);
    m_dir.reset();
}

void TestEndpoint::signedEventIsStoredWithItsLeads()
{
    QSignalSpy delivered(m_service.get(), &IngestService::delivered);
    const QByteArray body = SampleEvents::extractorJob(u"evt_one"_s, u"camp_one"_s, 250);
    const Reply reply = exchange(m_port, post("/webhooks/sendpilot", body, signNow(body)));
    QCOMPARE(reply.status, 200);
    QCOMPARE(QJsonDocument::fromJson(reply.body).object().value(u"status"_s).toString(),
             u"stored"_s);

    // At the 200 the raw event is in the log; the projector writes its leads right after.
    QSqlDatabase db = reader();
    QCOMPARE(scalar(db, u"SELECT verified FROM events WHERE event_id = 'evt_one'"_s), 1);
    QCOMPARE(scalar(db,
                    u"SELECT COUNT(*) FROM deliveries WHERE verdict = 'accepted' AND "
                    u"status = 200 AND body_size = "_s
                        + QString::number(body.size())),
             1);
    QTRY_COMPARE(scalar(db, u"SELECT COUNT(*) FROM leads"_s), 250);
    QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM campaigns WHERE campaign_id = 'camp_one'"_s), 1);
    QTRY_COMPARE(
        scalar(db, u"SELECT projection = 'projected' FROM events WHERE event_id = 'evt_one'"_s), 1);
    // Its body is kept compressed once projected.
    QTRY_COMPARE(scalar(db, u"SELECT body_codec FROM deliveries WHERE event_id = 'evt_one'"_s), 1);
    QTRY_COMPARE(delivered.count(), 1);
    const auto info = delivered.at(0).at(0).value<DeliveryInfo>();
    QCOMPARE(info.eventId, u"evt_one"_s);
    QCOMPARE(info.leadCount, 250);
    QVERIFY(info.stored);
    QVERIFY(info.verified);
}

void TestEndpoint::duplicateChangesNothing()
{
    const QByteArray body = SampleEvents::extractorJob(u"evt_dup"_s, u"camp_dup"_s, 20);
    QCOMPARE(exchange(m_port, post("/webhooks/sendpilot", body, signNow(body))).status, 200);
    QSqlDatabase db = reader();
    QTRY_COMPARE(scalar(db, u"SELECT COUNT(*) FROM leads"_s), 20);
    const qint64 leadsBefore = scalar(db, u"SELECT COUNT(*) FROM leads"_s);
    const qint64 maxLeadIdBefore = scalar(db, u"SELECT MAX(id) FROM leads"_s);

    const Reply again = exchange(m_port, post("/webhooks/sendpilot", body, signNow(body)));
    QCOMPARE(again.status, 200);
    QCOMPARE(QJsonDocument::fromJson(again.body).object().value(u"status"_s).toString(),
             u"duplicate"_s);
    QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM leads"_s), leadsBefore);
    QCOMPARE(scalar(db, u"SELECT MAX(id) FROM leads"_s), maxLeadIdBefore);
    QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM events"_s), 1);
    QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM deliveries WHERE verdict = 'duplicate'"_s), 1);
}

void TestEndpoint::errorsGetTheirStatus_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("verdict");

    const QByteArray good = SampleEvents::activity(u"evt_err"_s, u"message.sent"_s);
    QTest::newRow("no signature") << post("/webhooks/sendpilot", good, {}) << 401
                                  << u"bad_signature"_s;
    QTest::newRow("wrong secret") << post("/webhooks/sendpilot", good,
                                          signNow(good, "not-the-secret"))
                                  << 401 << u"bad_signature"_s;
    QTest::newRow("stale signature")
        << post("/webhooks/sendpilot", good, signNow(good, Secret, -3600)) << 401
        << u"stale_signature"_s;
    QTest::newRow("garbled signature")
        << post("/webhooks/sendpilot", good, "v1,t=abc,s=zz") << 401 << u"bad_signature"_s;
    const QByteArray notJson = "{\"eventId\": ";
    QTest::newRow("not json") << post("/webhooks/sendpilot", notJson, signNow(notJson)) << 400
                              << u"malformed"_s;
    const QByteArray noId = R"({"eventType":"message.sent","data":{}})";
    QTest::newRow("no eventId") << post("/webhooks/sendpilot", noId, signNow(noId)) << 400
                                << u"malformed"_s;
    const QByteArray array = "[1,2,3]";
    QTest::newRow("array body") << post("/webhooks/sendpilot", array, signNow(array)) << 400
                                << u"malformed"_s;
    QTest::newRow("wrong path") << post("/webhooks/other", good, signNow(good)) << 404
                                << u"not_found"_s;
    QTest::newRow("GET on webhook")
        << QByteArray("GET /webhooks/sendpilot HTTP/1.1\r\nHost: x\r\n\r\n") << 405
        << u"method_not_allowed"_s;
    QTest::newRow("form body") << post("/webhooks/sendpilot", good, signNow(good),
                                       "application/x-www-form-urlencoded")
                               << 415 << u"unsupported_media_type"_s;
    QTest::newRow("too large") << QByteArray(
        "POST /webhooks/sendpilot HTTP/1.1\r\nHost: x\r\nContent-Type: "
        "application/json\r\nContent-Length: 999999999999\r\n\r\n")
                               << 413 << u"too_large"_s;
    QTest::newRow("smuggling CL+TE")
        << QByteArray("POST /webhooks/sendpilot HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        << 400 << u"bad_framing"_s;
}

void TestEndpoint::errorsGetTheirStatus()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QString, verdict);

    const Reply reply = exchange(m_port, request);
    QCOMPARE(reply.status, status);
    if (status == 405)
        QVERIFY2(reply.head.contains("Allow: POST"), reply.head.constData());

    // Every answered request is recorded, with its verdict, and nothing is stored as an event.
    QSqlDatabase db = reader();
    QTRY_COMPARE(
        scalar(db,
               u"SELECT COUNT(*) FROM deliveries WHERE status = %1 AND verdict = '%2'"_s.arg(status)
                   .arg(verdict)),
        1);
    QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM events"_s), 0);

    // And the process keeps serving.
    const QByteArray body = SampleEvents::activity(u"evt_after"_s, u"message.sent"_s);
    QCOMPARE(exchange(m_port, post("/webhooks/sendpilot", body, signNow(body))).status, 200);
}

void TestEndpoint::unknownEventTypeIsAcknowledged()
{
    const QByteArray body = R"({"eventId":"evt_new_kind","eventType":"something.new",)"
                            R"("timestamp":"2026-01-01T00:00:00.000Z","data":{"x":1}})";
    QCOMPARE(exchange(m_port, post("/webhooks/sendpilot", body, signNow(body))).status, 200);
    QSqlDatabase db = reader();
    QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM events WHERE event_type = 'something.new'"_s), 1);
}

void TestEndpoint::healthReportsState()
{
    const QByteArray body = SampleEvents::activity(u"evt_h"_s, u"reply.received"_s);
    QCOMPARE(exchange(m_port, post("/webhooks/sendpilot", body, signNow(body))).status, 200);
    const Reply reply = exchange(m_port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(reply.status, 200);
    const QJsonObject health = QJsonDocument::fromJson(reply.body).object();
    QCOMPARE(health.value(u"status"_s).toString(), u"ok"_s);
    QCOMPARE(health.value(u"events"_s).toInteger(), 1);
    QCOMPARE(health.value(u"verified"_s).toBool(), true);
    QVERIFY(!health.value(u"version"_s).toString().isEmpty());
    QCOMPARE(
        exchange(m_port, "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n").status,
        405);
}

void TestEndpoint::rotatedSecretsBothAccepted()
{
    QString error;
    QVERIFY(m_service->reconfigure(
        config({QString::fromLatin1(OldSecret), QString::fromLatin1(Secret)}), &error));
    m_port = quint16(m_service->url().port());
    const QByteArray a = SampleEvents::activity(u"evt_old"_s, u"campaign.paused"_s);
    const QByteArray b = SampleEvents::activity(u"evt_new"_s, u"campaign.resumed"_s);
    QCOMPARE(exchange(m_port, post("/webhooks/sendpilot", a, signNow(a, OldSecret))).status, 200);
    QCOMPARE(exchange(m_port, post("/webhooks/sendpilot", b, signNow(b, Secret))).status, 200);
}

void TestEndpoint::unverifiedWithoutSecret()
{
    QString error;
    QVERIFY(m_service->reconfigure(config({}), &error));
    m_port = quint16(m_service->url().port());
    QVERIFY(!m_service->verifying());
    QSignalSpy delivered(m_service.get(), &IngestService::delivered);
    const QByteArray body = SampleEvents::activity(u"evt_unv"_s, u"lead.updated"_s);
    QCOMPARE(exchange(m_port, post("/webhooks/sendpilot", body, {})).status, 200);
    QTRY_COMPARE(delivered.count(), 1);
    const QString line = delivered.at(0).at(0).value<DeliveryInfo>().logLine();
    QVERIFY2(line.contains(u"200 accepted lead.updated evt_unv"_s), qPrintable(line));
    QVERIFY2(line.endsWith(u" unverified"_s), qPrintable(line));
    QSqlDatabase db = reader();
    QCOMPARE(scalar(db, u"SELECT verified FROM events WHERE event_id = 'evt_unv'"_s), 0);
    const Reply health = exchange(m_port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(QJsonDocument::fromJson(health.body).object().value(u"verified"_s).toBool(), false);
}

void TestEndpoint::failedWriteAnswers503AndKeepsServing()
{
    // A real SQLite failure, not a stub: a trigger (added through a second connection) aborts
    // the insert of one event id.
    {
        QString error;
        QSqlDatabase db = Database::open(m_dir->filePath(u"leads.sqlite"_s), u"saboteur"_s,
                                         Database::Access::ReadWrite, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        QSqlQuery query(db);
        QVERIFY(query.exec(u"CREATE TRIGGER fail_one BEFORE INSERT ON events "
                           u"WHEN NEW.event_id = 'evt_fail' "
                           u"BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"_s));
    }
    Database::close(u"saboteur"_s);

    const QByteArray bad = SampleEvents::extractorJob(u"evt_fail"_s, u"camp_fail"_s, 10);
    const Reply reply = exchange(m_port, post("/webhooks/sendpilot", bad, signNow(bad)));
    QCOMPARE(reply.status, 503);
    QSqlDatabase db = reader();
    QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM leads"_s), 0);
    // Recorded once, with the status the sender saw.
    QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM deliveries WHERE event_id = 'evt_fail'"_s), 1);
    QCOMPARE(scalar(db, u"SELECT status FROM deliveries WHERE verdict = 'store_failed'"_s), 503);
    QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM campaigns"_s), 0);

    const QByteArray good = SampleEvents::extractorJob(u"evt_ok"_s, u"camp_ok"_s, 10);
    QCOMPARE(exchange(m_port, post("/webhooks/sendpilot", good, signNow(good))).status, 200);
    QTRY_COMPARE(scalar(db, u"SELECT COUNT(*) FROM leads"_s), 10);
}

void TestEndpoint::restartKeepsAcknowledgedEvents()
{
    QStringList acknowledged;
    for (int i = 0; i < 20; ++i) {
        const QString id = u"evt_keep_%1"_s.arg(i);
        const QByteArray body = i % 4 == 0
            ? SampleEvents::extractorJob(id, u"camp_%1"_s.arg(i), 30)
            : SampleEvents::activity(id, u"message.sent"_s, quint32(i));
        if (exchange(m_port, post("/webhooks/sendpilot", body, signNow(body))).status == 200)
            acknowledged << id;
    }
    QCOMPARE(acknowledged.size(), 20);

    m_service->stop();
    QString error;
    QVERIFY2(m_service->start(config(), &error), qPrintable(error));
    m_port = quint16(m_service->url().port());

    QSqlDatabase db = reader();
    for (const QString &id : std::as_const(acknowledged))
        QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM events WHERE event_id = '%1'"_s.arg(id)), 1);
    QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM leads"_s), 5 * 30);
    const Reply health = exchange(m_port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(QJsonDocument::fromJson(health.body).object().value(u"events"_s).toInteger(), 20);
}

void TestEndpoint::concurrentEventsShareCommits()
{
    // Many connections at once: every event acknowledged is stored exactly once.
    constexpr int Clients = 16;
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < Clients; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(socket->waitForConnected(5000));
        const QByteArray body
            = SampleEvents::activity(u"evt_c%1"_s.arg(i), u"message.sent"_s, quint32(i));
        socket->write(post("/webhooks/sendpilot", body, signNow(body)));
        socket->flush();
        sockets.push_back(std::move(socket));
    }
    int ok = 0;
    for (auto &socket : sockets) {
        QByteArray data;
        QElapsedTimer timer;
        timer.start();
        while (!data.contains("\r\n\r\n") && timer.elapsed() < 10000) {
            if (socket->waitForReadyRead(100))
                data += socket->readAll();
        }
        ok += data.startsWith("HTTP/1.1 200");
    }
    QCOMPARE(ok, Clients);
    QSqlDatabase db = reader();
    QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM events"_s), Clients);
}

void TestEndpoint::testEventSenderPostsASignedSample()
{
    TestEventSender sender;
    QSignalSpy finished(&sender, &TestEventSender::finished);
    sender.send(m_service->url(), Secret, 25);
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QCOMPARE(finished.at(0).at(1).toInt(), 200);
    QSqlDatabase db = reader();
    QCOMPARE(scalar(db, u"SELECT verified FROM events"_s), 1);
    QTRY_COMPARE(scalar(db, u"SELECT COUNT(*) FROM leads"_s), 25);

    // Signed with the wrong secret, it is refused and the message says why.
    sender.send(m_service->url(), "wrong", 5);
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.at(1).at(0).toBool(), false);
    QCOMPARE(finished.at(1).at(1).toInt(), 401);
    QVERIFY(finished.at(1).at(2).toString().contains(u"signature"_s));
}

void TestEndpoint::reconfigureKeepsServingWhenTheNewPortIsTaken()
{
    QTcpServer blocker;
    QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));
    const QUrl before = m_service->url();
    EndpointConfig busy = config();
    busy.port = blocker.serverPort();
    QSignalSpy listening(m_service.get(), &IngestService::listeningChanged);
    QString error;
    QVERIFY(!m_service->reconfigure(busy, &error));
    QVERIFY2(error.contains(QString::number(blocker.serverPort())), qPrintable(error));
    // The old listener was never closed: same URL, still answering.
    QVERIFY(m_service->isListening());
    QCOMPARE(m_service->url(), before);
    QCOMPARE(listening.count(), 0);
    const QByteArray body = SampleEvents::activity(u"evt_still"_s, u"message.sent"_s);
    QCOMPARE(exchange(m_port, post("/webhooks/sendpilot", body, signNow(body))).status, 200);
}

void TestEndpoint::reconfigureOnTheSamePortKeepsTheSocket()
{
    EndpointConfig rotated = config({u"brand-new-secret"_s});
    rotated.port = m_port;
    rotated.path = u"/hooks/v2"_s;
    QString error;
    QVERIFY2(m_service->reconfigure(rotated, &error), qPrintable(error));
    QCOMPARE(m_service->url().port(), int(m_port));
    QCOMPARE(m_service->url().path(), u"/hooks/v2"_s);
    const QByteArray body = SampleEvents::activity(u"evt_rot"_s, u"message.sent"_s);
    QCOMPARE(exchange(m_port, post("/hooks/v2", body, signNow(body))).status, 401);
    QCOMPARE(exchange(m_port, post("/hooks/v2", body, signNow(body, "brand-new-secret"))).status,
             200);
    QCOMPARE(exchange(m_port, post("/webhooks/sendpilot", body, signNow(body))).status, 404);
}

QTEST_GUILESS_MAIN(TestEndpoint)
#include "tst_endpoint.moc"
