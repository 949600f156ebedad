// SPDX-License-Identifier: MIT
// The shared test support itself: its checks fail with a message, its fixtures store what they
// say, its temporary store opens, ingests and goes away.
#include "checks.h"
#include "fixtures.h"
#include "tempstore.h"

#include <QFileInfo>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;

class TestTestSupport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void checksThrowWithTheirMessage();
    void fixturesAreStoredAsBuilt();
    void tempStoreGoesAwayWithItsFiles();
};

void TestTestSupport::checksThrowWithTheirMessage()
{
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"'1 \\+ 1 == 3' is false"_s));
    try {
        VERIFY_OR_THROW(1 + 1 == 3);
        QFAIL("VERIFY_OR_THROW did not throw");
    } catch (const TestSupport::CheckFailed &failure) {
        QVERIFY2(QByteArray(failure.what()).contains("tst_testsupport.cpp"), failure.what());
    }
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"is 2, expected 3 = 3"_s));
    try {
        const int two = 2;
        COMPARE_OR_THROW(two, 3);
        QFAIL("COMPARE_OR_THROW did not throw");
    } catch (const TestSupport::CheckFailed &failure) {
        QVERIFY2(QByteArray(failure.what()).startsWith("two is 2, expected 3 = 3"), failure.what());
    }
    VERIFY_OR_THROW(true);
    COMPARE_OR_THROW(u"a"_s, u"a"_s);
}

void TestTestSupport::fixturesAreStoredAsBuilt()
{
    TestSupport::TempStore store(u"support"_s);
    TRY_OR_FAIL(store.open());
    const EventStore::Item sample = TestSupport::sampleJobItem(u"evt_s"_s, u"camp_s"_s, 4, 3);
    QCOMPARE(sample.delivery.receivedAtMs, TestSupport::FixtureTimeMs + 3 * 60000);
    QCOMPARE(sample.delivery.verdict, Verdict::Accepted);
    QVERIFY(!sample.delivery.body.isEmpty());
    Lead lead;
    lead.id = u"lead_1"_s;
    lead.fullName = u"Ada Lovelace"_s;
    TRY_OR_FAIL(store.ingest(
        {sample, TestSupport::jobItem(u"evt_j"_s, u"camp_j"_s, u"Hand made"_s, {lead})}));
    QSqlQuery query(store.db());
    QVERIFY(query.exec(u"SELECT c.campaign_id, count(l.id) FROM campaigns c"
                       " LEFT JOIN leads l ON l.campaign = c.id GROUP BY c.id ORDER BY 1"_s));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), u"camp_j"_s);
    QCOMPARE(query.value(1).toInt(), 1);
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), u"camp_s"_s);
    QCOMPARE(query.value(1).toInt(), 4);
    QVERIFY(!query.next());

    // The same event again is a duplicate, which ingest() reports as a failed check.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"Outcome::Stored"_s));
    QVERIFY_THROWS_EXCEPTION(TestSupport::CheckFailed, store.ingest({sample}));
}

void TestTestSupport::tempStoreGoesAwayWithItsFiles()
{
    QString path;
    {
        TestSupport::TempStore store(u"gone"_s);
        TRY_OR_FAIL(store.open());
        path = store.path();
        QVERIFY(QFileInfo::exists(path));
        QVERIFY(QSqlDatabase::contains(u"gone"_s));
    }
    QVERIFY(!QSqlDatabase::contains(u"gone"_s));
    QVERIFY(!QFileInfo::exists(path));
}

QTEST_GUILESS_MAIN(TestTestSupport)
#include "tst_testsupport.moc"
