// SPDX-License-Identifier: MIT
// What the SendPilot API answers, read: credits, error messages, Retry-After; and the one table
// of API verdicts.
#include "sendpilot/apicall.h"
#include "sendpilot/apimodels.h"

#include <QTest>

using namespace Qt::StringLiterals;
using SendPilotApi::Credits;

namespace {
QString describe(const std::optional<double> &value)
{
    return value ? QString::number(*value) : u"unknown"_s;
}
QString describe(const Credits &c)
{
    return u"balance %1 used %2 remaining %3 | quota %4 used %5 remaining %6"_s.arg(
        describe(c.balance), describe(c.used), describe(c.remaining), describe(c.leadQuota),
        describe(c.leadUsed), describe(c.leadRemaining));
}
} // namespace

class TestApiModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void credits_data();
    void credits();
    void errorMessage_data();
    void errorMessage();
    void retryAfter_data();
    void retryAfter();
    void verdictNamesRoundTrip();
};

void TestApiModels::credits_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected"); // describe(), or "error: <part of the message>"

    QTest::newRow("documented example (§4.5)")
        << QByteArray(R"({"globalCredits":{"balance":6200,"used":1200,"remaining":5000},)"
                      R"("leadDatabase":{"quota":10000,"used":3500,"remaining":6500}})")
        << u"balance 6200 used 1200 remaining 5000 | quota 10000 used 3500 remaining 6500"_s;
    QTest::newRow("no lead database: unknown, not zero")
        << QByteArray(R"({"globalCredits":{"balance":10,"used":2,"remaining":8}})")
        << u"balance 10 used 2 remaining 8 | quota unknown used unknown remaining unknown"_s;
    QTest::newRow("remaining missing: not computed")
        << QByteArray(R"({"globalCredits":{"balance":10,"used":2}})")
        << u"balance 10 used 2 remaining unknown | quota unknown used unknown remaining unknown"_s;
    QTest::newRow("numbers as strings are unknown")
        << QByteArray(R"({"globalCredits":{"balance":"10","used":null,"remaining":8.5}})")
        << u"balance unknown used unknown remaining 8.5 | quota unknown used unknown remaining unknown"_s;
    QTest::newRow("unknown keys ignored")
        << QByteArray(R"({"globalCredits":{"balance":1,"used":0,"remaining":1,"x":2},"y":[]})")
        << u"balance 1 used 0 remaining 1 | quota unknown used unknown remaining unknown"_s;
    QTest::newRow("truncated JSON")
        << QByteArray(R"({"globalCredits":{"bal)") << u"error: not JSON"_s;
    QTest::newRow("empty body") << QByteArray() << u"error: not JSON"_s;
    QTest::newRow("an array") << QByteArray("[]") << u"error: not a JSON object"_s;
    QTest::newRow("no globalCredits")
        << QByteArray(R"({"credits":5})") << u"error: no \"globalCredits\""_s;
    QTest::newRow("globalCredits not an object")
        << QByteArray(R"({"globalCredits":5})") << u"error: no \"globalCredits\""_s;
}

void TestApiModels::credits()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    QString error;
    const std::optional<Credits> credits = SendPilotApi::parseCredits(body, &error);
    if (expected.startsWith(u"error: "_s)) {
        QVERIFY(!credits);
        QVERIFY2(error.contains(expected.mid(7)), qPrintable(error));
    } else {
        QVERIFY2(credits, qPrintable(error));
        QCOMPARE(describe(*credits), expected);
    }
}

void TestApiModels::errorMessage_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected");
    QTest::newRow("401 (§4.1)") << QByteArray(
        R"({"statusCode":401,"message":"Invalid API key","error":"Unauthorized"})")
                                << u"Invalid API key"_s;
    QTest::newRow("403 (§4.1)") << QByteArray(
        R"({"statusCode":403,"message":"API key does not have permission to )"
        R"(access this workspace","error":"Forbidden"})")
                                << u"API key does not have permission to access this workspace"_s;
    QTest::newRow("a list of messages")
        << QByteArray(R"({"statusCode":400,"message":["limit must be positive","urls empty"]})")
        << u"limit must be positive; urls empty"_s;
    QTest::newRow("only error") << QByteArray(R"({"error":"Bad Request"})") << u"Bad Request"_s;
    QTest::newRow("not JSON") << QByteArray("<html>502</html>") << QString();
    QTest::newRow("empty") << QByteArray() << QString();
}

void TestApiModels::errorMessage()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    QCOMPARE(SendPilotApi::errorMessage(body), expected);
}

void TestApiModels::retryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expectedMs"); // -1: none
    QTest::newRow("seconds") << QByteArray("120") << qint64(120'000);
    QTest::newRow("zero") << QByteArray("0") << qint64(0);
    QTest::newRow("spaces") << QByteArray(" 5 ") << qint64(5'000);
    QTest::newRow("absent") << QByteArray() << qint64(-1);
    QTest::newRow("negative") << QByteArray("-3") << qint64(-1);
    QTest::newRow("garbage") << QByteArray("soon") << qint64(-1);
    QTest::newRow("HTTP-date 90 s ahead")
        << QByteArray("Wed, 02 Dec 2026 06:01:30 GMT") << qint64(90'000);
    QTest::newRow("HTTP-date in the past")
        << QByteArray("Wed, 02 Dec 2026 05:00:00 GMT") << qint64(0);
}

void TestApiModels::retryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, expectedMs);
    const QDateTime now(QDate(2026, 12, 2), QTime(6, 0, 0), Qt::UTC);
    const std::optional<qint64> ms = SendPilotApi::parseRetryAfter(value, now);
    QCOMPARE(ms.value_or(-1), expectedMs);
}

void TestApiModels::verdictNamesRoundTrip()
{
    const QList<ApiVerdict> all
        = {ApiVerdict::Ok,          ApiVerdict::AuthRefused,  ApiVerdict::Forbidden,
           ApiVerdict::RateLimited, ApiVerdict::ServerError,  ApiVerdict::ClientError,
           ApiVerdict::Timeout,     ApiVerdict::NetworkError, ApiVerdict::BadResponse};
    QSet<QString> names;
    for (ApiVerdict verdict : all) {
        const QString name = apiVerdictName(verdict);
        QVERIFY(!name.isEmpty());
        QCOMPARE(apiVerdictFromName(name), verdict);
        QVERIFY(!apiVerdictLabel(verdict).isEmpty());
        names.insert(name);
    }
    QCOMPARE(names.size(), all.size());
    QCOMPARE(apiVerdictFromName(u"from_the_future"_s), ApiVerdict::Unknown);
    QVERIFY(isRetryable(ApiVerdict::RateLimited) && isRetryable(ApiVerdict::Timeout));
    QVERIFY(!isRetryable(ApiVerdict::AuthRefused) && !isRetryable(ApiVerdict::BadResponse));
}

QTEST_GUILESS_MAIN(TestApiModels)
#include "tst_apimodels.moc"
