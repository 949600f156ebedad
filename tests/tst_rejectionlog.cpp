// SPDX-License-Identifier: MIT
// The bounded record of rejected requests (store/rejectionlog.h), on a real SQLite file: bursts
// of alike rejections become one row with a count, and pruning keeps the bounds without ever
// touching an accepted event.
#include "store/database.h"
#include "store/eventstore.h"
#include "store/rejectionlog.h"
#include "store/sqlitestatement.h"

#include "checks.h"
#include "fixtures.h"
#include "sqlvalues.h"
#include "storedowngrade.h"
#include "tempstore.h"

#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using TestSupport::FixtureTimeMs;
using TestSupport::scalar;

namespace {

DeliveryRecord unsignedPost(qint64 atMs, int port = 40000,
                            const QString &path = u"/webhooks/sendpilot"_s)
{
    DeliveryRecord d;
    d.receivedAtMs = atMs;
    d.peer = u"127.0.0.1:%1"_s.arg(port);
    d.method = u"POST"_s;
    d.path = path;
    d.headers = {{"Host", "127.0.0.1"}, {"Content-Type", "application/json"}};
    d.body = QByteArray(256, 'b');
    d.bodySize = 4096;
    d.status = 401;
    d.verdict = Verdict::BadSignature;
    d.detail = u"missing signature"_s;
    return d;
}

} // namespace

class TestRejectionLog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void schemaHasTheNewColumns();
    void upgradeFromVersion3KeepsDeliveries();
    void burstIsOneRowWithItsCount();
    void countIsWrittenAtMostOncePerInterval();
    void unlikeRejectionsAreRowsOfTheirOwn();
    void quietBurstStartsANewRow();
    void pruningKeepsTheCountBound();
    void pruningKeepsTheByteBound();
    void storePrunesAtItsDefaultBound();
    void prunableConditionMatchesTheIndex();
};

void TestRejectionLog::schemaHasTheNewColumns()
{
    TestSupport::TempStore store;
    TRY_OR_FAIL(store.open());
    QCOMPARE(scalar(store.db(), u"PRAGMA user_version"_s), qint64(Database::SchemaVersion));
    QSqlQuery query(store.db());
    QVERIFY(query.exec(u"SELECT repeat_count, last_seen, forwarded_for FROM deliveries"_s));
    const qint64 id = store.events().recordDelivery(unsignedPost(FixtureTimeMs));
    QVERIFY(id > 0);
    QCOMPARE(scalar(store.db(), u"SELECT repeat_count FROM deliveries"_s), 1);
    QCOMPARE(scalar(store.db(), u"SELECT last_seen IS NULL FROM deliveries"_s), 1);
}

void TestRejectionLog::upgradeFromVersion3KeepsDeliveries()
{
    TestSupport::TempStore store;
    TRY_OR_FAIL(store.open());
    TRY_OR_FAIL(store.ingest({TestSupport::sampleJobItem(u"evt_old"_s, u"c_old"_s, 2)}));
    QVERIFY(store.events().recordDelivery(unsignedPost(FixtureTimeMs)) > 0);
    // Back to what a version 3 database holds: no new columns, no new indexes.
    TRY_OR_FAIL(TestSupport::downgradeStore(store.db(), 3));
    store.close();
    TRY_OR_FAIL(store.open());
    QCOMPARE(scalar(store.db(), u"PRAGMA user_version"_s), qint64(Database::SchemaVersion));
    QCOMPARE(scalar(store.db(), u"SELECT count(*) FROM deliveries"_s), 2);
    QCOMPARE(scalar(store.db(),
                    u"SELECT count(*) FROM deliveries WHERE repeat_count = 1"
                    " AND last_seen IS NULL AND forwarded_for = ''"_s),
             2);
    QCOMPARE(scalar(store.db(),
                    u"SELECT count(*) FROM sqlite_schema WHERE name IN"
                    " ('deliveries_prunable', 'deliveries_by_last_seen')"_s),
             2);
    QCOMPARE(scalar(store.db(), u"SELECT count(*) FROM events"_s), 1);
}

void TestRejectionLog::burstIsOneRowWithItsCount()
{
    TestSupport::TempStore store;
    TRY_OR_FAIL(store.open());
    // 500 alike rejections over several connections (other ports), in batches as the endpoint
    // flushes them.
    QList<qint64> ids;
    for (int batch = 0; batch < 10; ++batch) {
        QList<DeliveryRecord> records;
        for (int i = 0; i < 50; ++i)
            records.append(unsignedPost(FixtureTimeMs + batch * 50 + i, 40000 + i % 7));
        ids += store.events().recordDeliveries(records);
    }
    QVERIFY(store.events().writeRepeats());
    QVERIFY(!store.events().hasUnwrittenRepeats());
    QCOMPARE(scalar(store.db(), u"SELECT count(*) FROM deliveries"_s), 1);
    QCOMPARE(scalar(store.db(), u"SELECT repeat_count FROM deliveries"_s), 500);
    QCOMPARE(scalar(store.db(), u"SELECT last_seen FROM deliveries"_s), FixtureTimeMs + 499);
    QCOMPARE(scalar(store.db(), u"SELECT received_at FROM deliveries"_s), FixtureTimeMs);
    QCOMPARE(ids.size(), 500);
    for (qint64 id : std::as_const(ids))
        QCOMPARE(id, ids.first()); // every one answered by the burst's row
}

void TestRejectionLog::countIsWrittenAtMostOncePerInterval()
{
    TestSupport::TempStore store;
    TRY_OR_FAIL(store.open());
    store.events().recordDeliveries({unsignedPost(FixtureTimeMs)});
    // Repeats right after the row was written wait in memory for the interval.
    store.events().recordDeliveries(
        {unsignedPost(FixtureTimeMs + 1), unsignedPost(FixtureTimeMs + 2)});
    QVERIFY(store.events().hasUnwrittenRepeats());
    QCOMPARE(scalar(store.db(), u"SELECT repeat_count FROM deliveries"_s), 1);
    QVERIFY(store.events().writeRepeats());
    QCOMPARE(scalar(store.db(), u"SELECT repeat_count FROM deliveries"_s), 3);
}

void TestRejectionLog::unlikeRejectionsAreRowsOfTheirOwn()
{
    TestSupport::TempStore store;
    TRY_OR_FAIL(store.open());
    DeliveryRecord otherPath = unsignedPost(FixtureTimeMs + 1, 40000, u"/other"_s);
    otherPath.status = 404;
    otherPath.verdict = Verdict::NotFound;
    DeliveryRecord otherHost = unsignedPost(FixtureTimeMs + 2);
    otherHost.peer = u"203.0.113.9:40000"_s;
    DeliveryRecord otherClient = unsignedPost(FixtureTimeMs + 3);
    otherClient.forwardedFor = u"198.51.100.1"_s;
    DeliveryRecord otherDetail = unsignedPost(FixtureTimeMs + 4);
    otherDetail.detail = u"signature mismatch"_s;
    store.events().recordDeliveries(
        {unsignedPost(FixtureTimeMs), otherPath, otherHost, otherClient, otherDetail});
    QVERIFY(store.events().writeRepeats());
    QCOMPARE(scalar(store.db(), u"SELECT count(*) FROM deliveries"_s), 5);
    QCOMPARE(scalar(store.db(), u"SELECT max(repeat_count) FROM deliveries"_s), 1);
    // An accepted event's delivery is never part of a burst.
    store.ingest({TestSupport::sampleJobItem(u"evt_a"_s, u"c_a"_s, 2)});
    store.ingest({TestSupport::sampleJobItem(u"evt_b"_s, u"c_b"_s, 2)});
    QCOMPARE(scalar(store.db(), u"SELECT count(*) FROM deliveries WHERE verdict = 'accepted'"_s),
             2);
}

void TestRejectionLog::quietBurstStartsANewRow()
{
    TestSupport::TempStore store;
    TRY_OR_FAIL(store.open());
    store.events().recordDeliveries(
        {unsignedPost(FixtureTimeMs), unsignedPost(FixtureTimeMs + 10)});
    const qint64 later = FixtureTimeMs + 10 + Limits::BurstWindowMs + 1;
    store.events().recordDeliveries({unsignedPost(later), unsignedPost(later + 5)});
    QVERIFY(store.events().writeRepeats());
    QSqlQuery query(store.db());
    QVERIFY(query.exec(u"SELECT repeat_count, last_seen FROM deliveries ORDER BY id"_s));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toLongLong(), 2);
    QCOMPARE(query.value(1).toLongLong(), FixtureTimeMs + 10);
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toLongLong(), 2);
    QCOMPARE(query.value(1).toLongLong(), later + 5);
    QVERIFY(!query.next());
}

namespace {

// 30 accepted events with 200 unlike rejections (each from its own address) between them.
void fillMixed(TestSupport::TempStore &store, QList<qint64> *rejectedIds)
{
    for (int i = 0; i < 200; ++i) {
        if (i % 7 == 0) {
            store.ingest({TestSupport::sampleJobItem(u"evt_%1"_s.arg(i), u"c_%1"_s.arg(i), 1,
                                                     quint32(i + 1), FixtureTimeMs + i)});
        }
        DeliveryRecord d = unsignedPost(FixtureTimeMs + i);
        d.peer = u"203.0.113.%1:5000"_s.arg(i);
        rejectedIds->append(store.events().recordDelivery(d));
    }
}

} // namespace

void TestRejectionLog::pruningKeepsTheCountBound()
{
    TestSupport::TempStore store;
    TRY_OR_FAIL(store.open());
    QList<qint64> rejected;
    TRY_OR_FAIL(fillMixed(store, &rejected));
    const qint64 accepted
        = scalar(store.db(), u"SELECT count(*) FROM deliveries WHERE verdict = 'accepted'"_s);
    QCOMPARE(accepted, 29);

    RejectionLog::Bounds bounds;
    bounds.maxRows = 50;
    RejectionLog log(Sqlite::handle(store.db()), bounds);
    QString error;
    QVERIFY2(log.finish(RejectionLog::Write::All, &error), qPrintable(error));
    const qint64 kept
        = scalar(store.db(), u"SELECT count(*) FROM deliveries WHERE verdict <> 'accepted'"_s);
    QCOMPARE(kept, 50 * Limits::PrunedToPercent / 100);
    QCOMPARE(log.rowCount(), kept);
    // The oldest went: what is left is the newest, and every accepted event is still there.
    QCOMPARE(scalar(store.db(), u"SELECT min(id) FROM deliveries WHERE verdict <> 'accepted'"_s),
             rejected.at(rejected.size() - kept));
    QCOMPARE(scalar(store.db(), u"SELECT count(*) FROM deliveries WHERE verdict = 'accepted'"_s),
             accepted);
    QCOMPARE(scalar(store.db(), u"SELECT count(*) FROM events"_s), accepted);
    // Within the bound nothing more goes.
    QVERIFY(log.finish(RejectionLog::Write::All, &error));
    QCOMPARE(scalar(store.db(), u"SELECT count(*) FROM deliveries WHERE verdict <> 'accepted'"_s),
             kept);
}

void TestRejectionLog::pruningKeepsTheByteBound()
{
    TestSupport::TempStore store;
    TRY_OR_FAIL(store.open());
    QList<qint64> rejected;
    TRY_OR_FAIL(fillMixed(store, &rejected));
    const qint64 accepted
        = scalar(store.db(), u"SELECT count(*) FROM deliveries WHERE verdict = 'accepted'"_s);
    const qint64 rowBytes
        = scalar(store.db(),
                 u"SELECT length(body) + length(headers) + length(path)"
                 " + length(detail) FROM deliveries WHERE id = %1"_s.arg(rejected.first()));
    QVERIFY(rowBytes > 256);

    RejectionLog::Bounds bounds;
    bounds.maxBytes = 40 * rowBytes;
    RejectionLog log(Sqlite::handle(store.db()), bounds);
    QString error;
    QVERIFY2(log.finish(RejectionLog::Write::All, &error), qPrintable(error));
    const qint64 bytes = scalar(store.db(),
                                u"SELECT sum(length(body) + length(headers) + length(path)"
                                " + length(detail)) FROM deliveries WHERE verdict <> 'accepted'"_s);
    QVERIFY2(bytes <= bounds.maxBytes * Limits::PrunedToPercent / 100,
             qPrintable(QString::number(bytes)));
    QVERIFY(bytes > bounds.maxBytes * Limits::PrunedToPercent / 100 - rowBytes);
    QCOMPARE(log.byteCount(), bytes);
    QCOMPARE(scalar(store.db(), u"SELECT count(*) FROM deliveries WHERE verdict = 'accepted'"_s),
             accepted);
}

void TestRejectionLog::storePrunesAtItsDefaultBound()
{
    TestSupport::TempStore store;
    TRY_OR_FAIL(store.open());
    store.ingest({TestSupport::sampleJobItem(u"evt_first"_s, u"c_first"_s, 3)});
    QList<DeliveryRecord> records;
    for (qint64 i = 0; i <= Limits::MaxRejectedDeliveries; ++i) {
        DeliveryRecord d = unsignedPost(FixtureTimeMs + i);
        d.detail = u"unlike %1"_s.arg(i); // no burst: one row each
        records.append(d);
    }
    QCOMPARE(store.events().recordDeliveries(records).size(), records.size());
    const qint64 kept
        = scalar(store.db(), u"SELECT count(*) FROM deliveries WHERE verdict <> 'accepted'"_s);
    QVERIFY2(kept <= Limits::MaxRejectedDeliveries, qPrintable(QString::number(kept)));
    QVERIFY(kept >= Limits::MaxRejectedDeliveries * Limits::PrunedToPercent / 100);
    QCOMPARE(scalar(store.db(), u"SELECT count(*) FROM deliveries WHERE verdict = 'accepted'"_s),
             1);
    QCOMPARE(scalar(store.db(), u"SELECT count(*) FROM events WHERE event_id = 'evt_first'"_s), 1);
}

void TestRejectionLog::prunableConditionMatchesTheIndex()
{
    TestSupport::TempStore store;
    TRY_OR_FAIL(store.open());
    // SQLite takes a partial index only for a query that repeats its condition: the pruning
    // query must go through deliveries_prunable, not scan a table full of event bodies.
    QSqlQuery plan(store.db());
    QVERIFY(plan.exec(u"EXPLAIN QUERY PLAN SELECT id FROM deliveries WHERE "_s
                      + QString::fromLatin1(RejectionLog::PrunableCondition)
                      + u" AND id > 0 ORDER BY id LIMIT 512"_s));
    QString details;
    while (plan.next())
        details += plan.value(3).toString() + u'\n';
    QVERIFY2(details.contains(u"deliveries_prunable"_s), qPrintable(details));
    // The verdicts the condition spares are exactly those that are not rejections.
    for (const Verdict v :
         {Verdict::Accepted, Verdict::Imported, Verdict::Duplicate, Verdict::Reingested}) {
        QVERIFY(!isRejection(v));
        QVERIFY(QByteArray(RejectionLog::PrunableCondition)
                    .contains(QByteArray("'" + verdictName(v).toLatin1() + "'")));
    }
}

QTEST_GUILESS_MAIN(TestRejectionLog)
#include "tst_rejectionlog.moc"
