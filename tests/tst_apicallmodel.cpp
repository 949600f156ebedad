// SPDX-License-Identifier: MIT
// The API calls model over a real store (schema v6's api_calls), under QAbstractItemModelTester:
// newest first, new calls prepended in place, verdicts as labels, no reset on refresh.
#include "models/apicallmodel.h"
#include "models/modelroles.h"
#include "store/apicalllog.h"
#include "store/database.h"

#include "checks.h"
#include "tempstore.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
ApiCallRecord record(qint64 at, int status, ApiVerdict verdict, int attempt = 1,
                     const QString &detail = {})
{
    ApiCallRecord r;
    r.startedAtMs = at;
    r.method = u"GET"_s;
    r.path = u"/v1/credits"_s;
    r.status = status;
    r.durationMs = 42;
    r.verdict = verdict;
    r.attempt = attempt;
    r.detail = detail;
    return r;
}
} // namespace

class TestApiCallModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void migrationCreatesTheTable();
    void newestFirstAndPrependedInPlace();
    void unknownVerdictAndEscapedText();
};

void TestApiCallModel::migrationCreatesTheTable()
{
    TestSupport::TempStore store(u"apicalls-migration"_s);
    TRY_OR_FAIL(store.open());
    QSqlQuery query(store.db());
    QVERIFY(query.exec(u"PRAGMA user_version"_s) && query.next());
    QCOMPARE(query.value(0).toInt(), Database::SchemaVersion);
    QVERIFY(query.exec(u"SELECT group_concat(name, ',') FROM pragma_table_info('api_calls')"_s)
            && query.next());
    // No header or body column: nowhere for a key to go.
    QCOMPARE(query.value(0).toString(),
             u"id,started_at,method,path,status,duration_ms,verdict,attempt,detail"_s);
}

void TestApiCallModel::newestFirstAndPrependedInPlace()
{
    TestSupport::TempStore store(u"apicalls-model"_s);
    TRY_OR_FAIL(store.open());
    QSqlDatabase db = store.db();
    QString error;
    QVERIFY2(ApiCallLog::append(db,
                                {record(1000, 500, ApiVerdict::ServerError, 1,
                                        u"SendPilot had an error (HTTP 500). Retrying in 1 s."_s),
                                 record(2000, 200, ApiVerdict::Ok, 2)},
                                &error),
             qPrintable(error));

    ApiCallModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(db);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(ApiCallModel::ColumnCount));
    QCOMPARE(model.index(0, ApiCallModel::Status).data().toString(), u"200"_s);
    QCOMPARE(model.index(0, ApiCallModel::Attempt).data().toString(), u"2"_s);
    QCOMPARE(model.index(1, ApiCallModel::Verdict).data().toString(), u"Server error"_s);
    QCOMPARE(model.index(1, ApiCallModel::Verdict).data(ModelRoles::RawValueRole).toString(),
             u"server_error"_s);
    QVERIFY(model.index(1, ApiCallModel::Detail).data().toString().contains(u"Retrying"_s));
    QCOMPARE(model.index(0, ApiCallModel::StartedAt).data(ModelRoles::RawValueRole).toLongLong(),
             2000);
    QCOMPARE(model.index(0, ApiCallModel::Path).data().toString(), u"/v1/credits"_s);

    const QPersistentModelIndex older = model.index(1, ApiCallModel::Verdict);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QVERIFY(ApiCallLog::append(db, {record(3000, 401, ApiVerdict::AuthRefused)}, &error));
    model.refresh();
    QCOMPARE(reset.count(), 0);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.constFirst().at(1).toInt(), 0);
    QCOMPARE(inserted.constFirst().at(2).toInt(), 0);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, ApiCallModel::Verdict).data().toString(), u"Key refused"_s);
    QCOMPARE(older.row(), 2); // the persistent index followed its row
    model.refresh(); // nothing new: nothing happens
    QCOMPARE(inserted.count(), 1);
}

void TestApiCallModel::unknownVerdictAndEscapedText()
{
    TestSupport::TempStore store(u"apicalls-unknown"_s);
    TRY_OR_FAIL(store.open());
    QSqlQuery insert(store.db());
    QVERIFY(insert.exec(u"INSERT INTO api_calls (started_at, method, path, status, verdict, "
                        "detail) VALUES (5, 'GET', '/v1/x', 0, 'from_the_future', "
                        "'line one' || char(10) || 'line two')"_s));
    ApiCallModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(store.db());
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, ApiCallModel::Verdict).data().toString(), u"Unknown"_s);
    QCOMPARE(model.index(0, ApiCallModel::Status).data().toString(), u"none"_s);
    QCOMPARE(model.index(0, ApiCallModel::Detail).data().toString(), u"line one\\nline two"_s);
    QCOMPARE(model.record(0).detail, u"line one\nline two"_s);
}

QTEST_GUILESS_MAIN(TestApiCallModel)
#include "tst_apicallmodel.moc"
