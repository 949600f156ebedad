// SPDX-License-Identifier: MIT
// The receiver seen from outside, for what a stranger who finds the tunnel's URL can do: flood
// it with unsigned requests, put control characters in what it logs and shows, and claim to be
// someone else through forwarding headers. IngestService on a real SQLite file, real loopback
// sockets.
#include "common/logging.h"
#include "ingest/ingestservice.h"
#include "models/deliverymodel.h"
#include "models/modelroles.h"
#include "sendpilot/sampleevents.h"
#include "store/database.h"

#include "flood.h"
#include "signedpost.h"
#include "sqlvalues.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <mutex>

using namespace Qt::StringLiterals;
using TestSupport::scalar;

namespace {
const QByteArray Secret = "whsec_rejections";
const QByteArray Path = "/webhooks/sendpilot";

QString text(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next())
        return u"<no row>"_s;
    return query.value(0).toString();
}

// What the store occupies on disk: the database, its write-ahead log and shared memory.
qint64 storeBytes(const QString &path)
{
    qint64 total = 0;
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
        total += QFileInfo(path + suffix).size();
    return total;
}

QByteArray unsignedPost(const QByteArray &extraHeaders = {}, qsizetype bodyBytes = 4096)
{
    return TestSupport::postRequest(Path, QByteArray(bodyBytes, 'x'), {}, "application/json",
                                    extraHeaders);
}

// Filled on the ingest thread, read on the test thread.
std::mutex loggedMutex;
QStringList logged;
QtMessageHandler previousHandler = nullptr;
void captureLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        const std::lock_guard<std::mutex> lock(loggedMutex);
        logged.append(message);
    }
    if (previousHandler)
        previousHandler(type, context, message);
}

} // namespace

class TestRejections final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void burstOfUnsignedRequestsIsOneRow();
    void unauthenticatedRequestKeepsOnlyAPrefix();
    void eventIdIsEscapedInLogAndList();
    void pathAndHeadersAreEscapedInLogAndList();
    void forwardedClientOnlyWithAPublicUrl();
    void floodStaysSmallAndSignedEventsGetThrough();

private:
    EndpointConfig config(const QString &publicUrl = {}) const;
    QSqlDatabase reader();
    QString dbPath() const { return m_dir->filePath(u"leads.sqlite"_s); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<IngestService> m_service;
    quint16 m_port = 0;
};

EndpointConfig TestRejections::config(const QString &publicUrl) const
{
    EndpointConfig config;
    config.databasePath = dbPath();
    config.address = QHostAddress::LocalHost;
    config.port = 0;
    config.secrets = {QString::fromLatin1(Secret)};
    config.publicUrl = publicUrl;
    return config;
}

QSqlDatabase TestRejections::reader()
{
    if (QSqlDatabase::contains(u"rejections-reader"_s))
        return QSqlDatabase::database(u"rejections-reader"_s);
    QString error;
    QSqlDatabase db
        = Database::open(dbPath(), u"rejections-reader"_s, Database::Access::ReadOnly, &error);
    if (!db.isOpen())
        qWarning() << error;
    return db;
}

void TestRejections::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_service = std::make_unique<IngestService>();
    QString error;
    QVERIFY2(m_service->start(config(), &error), qPrintable(error));
    m_port = quint16(m_service->url().port());
    QVERIFY(m_port != 0);
}

void TestRejections::cleanup()
{
    m_service.reset();
    if (QSqlDatabase::contains(u"rejections-reader"_s))
        Database::close(u"rejections-reader"_s);
    m_dir.reset();
}

void TestRejections::burstOfUnsignedRequestsIsOneRow()
{
    TestSupport::Flood flood(m_port, unsignedPost(), 400, 4);
    flood.start();
    const TestSupport::FloodResult result = flood.wait();
    QCOMPARE(result.answered, 400);
    QCOMPARE(result.statuses.value(401), 400);

    QSqlDatabase db = reader();
    // The count of the last repeats is written once the burst goes quiet.
    QTRY_COMPARE_WITH_TIMEOUT(scalar(db, u"SELECT sum(repeat_count) FROM deliveries"_s), 400, 5000);
    QCOMPARE(scalar(db, u"SELECT count(*) FROM deliveries"_s), 1);
    QCOMPARE(text(db, u"SELECT verdict FROM deliveries"_s), u"bad_signature"_s);
    QVERIFY(scalar(db, u"SELECT last_seen FROM deliveries"_s)
            >= scalar(db, u"SELECT received_at FROM deliveries"_s));

    // The deliveries list: one row, with its count, updated in place as the burst grows.
    DeliveryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(db);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.data(model.index(0, DeliveryModel::Count)).toString(), QLocale().toString(400));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QCOMPARE(TestSupport::exchange(m_port, unsignedPost()).status, 401);
    QTRY_COMPARE_WITH_TIMEOUT(scalar(db, u"SELECT repeat_count FROM deliveries"_s), 401, 5000);
    model.refresh();
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.data(model.index(0, DeliveryModel::Count)).toString(), QLocale().toString(401));
    QCOMPARE(model.detail(model.deliveryId(0)).repeatCount, 401);
    const QString tip
        = model.data(model.index(0, DeliveryModel::Count), Qt::ToolTipRole).toString();
    QVERIFY2(tip.startsWith(QLocale().toString(401) + u" alike requests, the first at "_s),
             qPrintable(tip));
}

void TestRejections::unauthenticatedRequestKeepsOnlyAPrefix()
{
    QByteArray bigHeaders;
    for (int i = 0; i < 8; ++i)
        bigHeaders += "X-Padding-" + QByteArray::number(i) + ": " + QByteArray(1000, 'p') + "\r\n";
    QCOMPARE(TestSupport::exchange(m_port, unsignedPost(bigHeaders)).status, 401);
    // A signed but malformed request is the sender's own: more of it is kept.
    const QByteArray malformed
        = "{\"not\": \"an event\", \"pad\": \"" + QByteArray(6000, 'm') + "\"}";
    QCOMPARE(TestSupport::postSigned(m_port, Path, malformed, Secret).status, 400);

    QSqlDatabase db = reader();
    QTRY_COMPARE(scalar(db, u"SELECT count(*) FROM deliveries"_s), 2);
    QCOMPARE(scalar(db, u"SELECT length(body) FROM deliveries WHERE verdict = 'bad_signature'"_s),
             qint64(Limits::UnauthenticatedBodyCapBytes));
    QCOMPARE(scalar(db, u"SELECT body_size FROM deliveries WHERE verdict = 'bad_signature'"_s),
             4096);
    const qint64 headers
        = scalar(db, u"SELECT length(headers) FROM deliveries WHERE verdict = 'bad_signature'"_s);
    // Name, ": " and newline per line on top of the capped bytes.
    QVERIFY2(headers <= Limits::UnauthenticatedHeaderCapBytes + 16 * 3,
             qPrintable(QString::number(headers)));
    QCOMPARE(scalar(db, u"SELECT length(body) FROM deliveries WHERE verdict = 'malformed'"_s),
             qint64(Limits::RejectedBodyCapBytes));
}

void TestRejections::eventIdIsEscapedInLogAndList()
{
    QSignalSpy delivered(m_service.get(), &IngestService::delivered);
    const QString eventId = u"evt_1\r\n2026-12-02T00:00:00.000Z 200 accepted forged\x1b[2J"_s;
    const QByteArray body = SampleEvents::extractorJob(eventId, u"camp_esc"_s, 2);
    QCOMPARE(TestSupport::postSigned(m_port, Path, body, Secret).status, 200);

    QTRY_COMPARE(delivered.count(), 1);
    const auto info = delivered.at(0).at(0).value<DeliveryInfo>();
    QCOMPARE(info.eventId, eventId); // as received
    const QString line = info.logLine();
    QVERIFY2(!line.contains(u'\n') && !line.contains(u'\r') && !line.contains(u'\x1b'),
             qPrintable(line));
    QVERIFY2(line.contains(u"evt_1\\r\\n2026-12-02T00:00:00.000Z 200 accepted forged\\x1b[2J"_s),
             qPrintable(line));

    DeliveryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(reader());
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.data(model.index(0, DeliveryModel::EventId)).toString(), logSafe(eventId));
    QCOMPARE(
        model.data(model.index(0, DeliveryModel::EventId), ModelRoles::RawValueRole).toString(),
        eventId);
}

void TestRejections::pathAndHeadersAreEscapedInLogAndList()
{
    // http-parser refuses C0 controls in the target and header values; what gets through is
    // UTF-8: a line separator and a right-to-left override in the path, NEL (U+0085, a line
    // break to some viewers) in a header value.
    QLoggingCategory::setFilterRules(u"leadviewer.http.debug=true"_s);
    logged.clear();
    previousHandler = qInstallMessageHandler(captureLog);
    const QByteArray path = "/probe\xe2\x80\xa8x\xe2\x80\xae"
                            "gnp";
    const QByteArray request = "GET " + path
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          "X-Note: a\xc2\x85"
          "b\r\n\r\n";
    const TestSupport::HttpReply reply = TestSupport::exchange(m_port, request);
    QSqlDatabase db = reader();
    QTRY_COMPARE(scalar(db, u"SELECT count(*) FROM deliveries"_s), 1);
    qInstallMessageHandler(previousHandler);
    QLoggingCategory::setFilterRules(u"leadviewer.http.debug=false"_s);
    QCOMPARE(reply.status, 404);

    const QStringList lines = [] {
        const std::lock_guard<std::mutex> lock(loggedMutex);
        return logged.filter(u"rejected at headers"_s);
    }();
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.first().contains(u"/probe\\u{2028}x\\u{202e}gnp"_s), qPrintable(lines.first()));
    QVERIFY(!lines.first().contains(QChar(0x2028)));

    DeliveryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(db);
    const DeliveryDetail detail = model.detail(model.deliveryId(0));
    QCOMPARE(detail.path, QString::fromUtf8(path)); // stored as received
    const QString headers = detail.displayHeaders();
    QVERIFY2(headers.contains(u"X-Note: a\\x85b"_s), qPrintable(headers));
    QVERIFY(!headers.contains(QChar(0x85)));
    QCOMPARE(headers.count(u'\n'), detail.headers.count(u'\n')); // one line per header still
}

void TestRejections::forwardedClientOnlyWithAPublicUrl()
{
    const QByteArray forwarded = "CF-Connecting-IP: 198.51.100.23\r\n"
                                 "X-Forwarded-For: 10.9.9.9, 203.0.113.5\r\n";
    QCOMPARE(TestSupport::exchange(m_port, unsignedPost(forwarded, 10)).status, 401);
    QSqlDatabase db = reader();
    QTRY_COMPARE(scalar(db, u"SELECT count(*) FROM deliveries"_s), 1);
    QCOMPARE(text(db, u"SELECT forwarded_for FROM deliveries"_s), QString());

    // The user says a tunnel is in front: now the tunnel's word is shown.
    QString error;
    QVERIFY2(m_service->reconfigure(config(u"https://example.trycloudflare.com"_s), &error),
             qPrintable(error));
    // The first request's delivered() was queued before its row was written, so it is waiting
    // in this thread's queue now: deliver it before the spy starts counting.
    QCoreApplication::sendPostedEvents();
    QSignalSpy delivered(m_service.get(), &IngestService::delivered);
    QCOMPARE(TestSupport::exchange(m_port, unsignedPost(forwarded, 10)).status, 401);
    QCOMPARE(TestSupport::exchange(m_port,
                                   unsignedPost("X-Forwarded-For: 10.9.9.9, 203.0.113.5\r\n", 10))
                 .status,
             401);
    // Not an address: not believed, so this one is alike the first and joins its burst.
    QCOMPARE(
        TestSupport::exchange(m_port, unsignedPost("X-Forwarded-For: not an ip\r\n", 10)).status,
        401);
    const QByteArray body = SampleEvents::extractorJob(u"evt_fwd"_s, u"camp_fwd"_s, 1);
    QCOMPARE(TestSupport::postSigned(m_port, Path, body, Secret).status, 200); // no header
    QTRY_COMPARE(scalar(db, u"SELECT sum(repeat_count) FROM deliveries"_s), 5);
    QCOMPARE(scalar(db, u"SELECT count(*) FROM deliveries"_s), 4);
    QSqlQuery query(db);
    QVERIFY(query.exec(u"SELECT forwarded_for, peer FROM deliveries ORDER BY id"_s));
    QStringList clients;
    while (query.next()) {
        clients << query.value(0).toString();
        QVERIFY(query.value(1).toString().startsWith(u"127.0.0.1:"_s)); // the socket, always
    }
    QCOMPARE(clients, (QStringList {QString(), u"198.51.100.23"_s, u"203.0.113.5"_s, QString()}));
    QTRY_COMPARE(delivered.count(), 4);
    QCOMPARE(delivered.at(0).at(0).value<DeliveryInfo>().forwardedFor, u"198.51.100.23"_s);
    QVERIFY(
        delivered.at(0).at(0).value<DeliveryInfo>().logLine().contains(u" client=198.51.100.23"_s));

    DeliveryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(db);
    QCOMPARE(model.rowCount(), 4);
    // Newest first: the event, the X-Forwarded-For one, the CF-Connecting-IP one, the first.
    QCOMPARE(model.data(model.index(1, DeliveryModel::Client)).toString(), u"203.0.113.5"_s);
    QCOMPARE(model.data(model.index(2, DeliveryModel::Client)).toString(), u"198.51.100.23"_s);
    QCOMPARE(model.data(model.index(3, DeliveryModel::Client)).toString(), QString());
    QCOMPARE(model.data(model.index(3, DeliveryModel::Count)).toString(), u"2"_s);
}

void TestRejections::floodStaysSmallAndSignedEventsGetThrough()
{
    // 3,000 pipelined unsigned 4 KB requests over 4 connections (12 MB; before the limits each
    // one added ~8.5 KB to the store), and meanwhile a signed event on a connection of its own.
    const qint64 before = storeBytes(dbPath());
    constexpr qint64 Requests = 3000;
    TestSupport::Flood flood(m_port, unsignedPost(), Requests, 4);
    QElapsedTimer clock;
    clock.start();
    flood.start();
    const QByteArray body = SampleEvents::extractorJob(u"evt_during_flood"_s, u"camp_f"_s, 5);
    const qint64 sentAtMs = clock.elapsed();
    const TestSupport::HttpReply reply = TestSupport::postSigned(m_port, Path, body, Secret);
    const qint64 ackMs = clock.elapsed() - sentAtMs;
    const TestSupport::FloodResult result = flood.wait();
    // Sent while the flood was still arriving (else this test would not test that).
    QVERIFY2(sentAtMs < qint64(result.seconds * 1000),
             qPrintable(u"sent at %1 ms, flood over at %2 s"_s.arg(sentAtMs).arg(result.seconds)));
    QCOMPARE(reply.status, 200);
    QCOMPARE(result.answered, Requests);
    QCOMPARE(result.statuses.value(401), Requests);
    // Generous for a shared two-core machine; bench_flood measures it properly.
    QVERIFY2(ackMs < 5000, qPrintable(QString::number(ackMs)));

    QSqlDatabase db = reader();
    QTRY_COMPARE_WITH_TIMEOUT(
        scalar(db, u"SELECT sum(repeat_count) FROM deliveries WHERE verdict = 'bad_signature'"_s),
        Requests, 5000);
    QCOMPARE(scalar(db, u"SELECT count(*) FROM events WHERE event_id = 'evt_during_flood'"_s), 1);
    // The bound, from the limits: the flood is one burst, whose count is written at most once
    // per BurstWriteIntervalMs (each write a few 16 KiB pages in the WAL), plus a few rows
    // (the burst's first row, the signed event, a new burst per quiet window) of at most the
    // capped body and headers, plus the signed event's pages. 8 pages per write and 1 MiB for
    // the rest is far above what it takes and far below the 25 MB the flood used to add.
    const qint64 writes = qint64(result.seconds * 1000) / Limits::BurstWriteIntervalMs + 4;
    const qint64 bound = writes * 8 * 16 * 1024 + 1024 * 1024;
    const qint64 growth = storeBytes(dbPath()) - before;
    QVERIFY2(growth <= bound, qPrintable(u"grew %1 bytes, bound %2"_s.arg(growth).arg(bound)));
    qInfo("flood: %lld requests in %.2f s, store +%lld bytes (bound %lld), ack %lld ms", Requests,
          result.seconds, growth, bound, ackMs);
}

QTEST_GUILESS_MAIN(TestRejections)
#include "tst_rejections.moc"
