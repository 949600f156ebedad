// SPDX-License-Identifier: MIT
// The SendPilot API client against the local fake API (tests/support/fakesendpilot): real
// loopback HTTP, waits scaled down so that a minute of Retry-After takes 60 ms.
#include "sendpilot/apimodels.h"
#include "sendpilot/sendpilotclient.h"

#include "fakesendpilot.h"

#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;
using TestSupport::FakeSendPilot;

namespace {
const QString Key = u"sp_live_TESTKEY_abc123"_s;

// Everything logged while a test runs, in every category and at every level.
QStringList *g_log = nullptr;
QtMessageHandler g_previous = nullptr;
void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (g_log)
        g_log->append(message);
    if (g_previous)
        g_previous(type, context, message);
}
} // namespace

class TestSendPilotClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void creditsSuccessSendsTheKeyHeader();
    void unauthorizedShowsSendPilotsMessage();
    void forbiddenShowsSendPilotsMessage();
    void rateLimitedHonoursRetryAfter();
    void rateLimitedWithoutRetryAfterWaitsAMinute();
    void rateLimitedWithTooLongAWaitGivesUp();
    void serverErrorThenSuccess();
    void serverErrorEveryTimeGivesUpAfterTheAttempts();
    void slowResponsePastTheTimeout();
    void malformedJsonIsABadResponse();
    void connectionRefusedIsANetworkError();
    void keyNeverInRecordsOrLogs();
    void baseUrlWithAPath();
    void redirectIsNotFollowed();

private:
    struct Outcome
    {
        ApiResponse response;
        QList<ApiCallRecord> records;
        QList<qint64> waits; ///< nominal waits before each retry
    };
    Outcome call(SendPilotCall *(SendPilotClient::*what)(), int timeoutMs = 10000);

    std::unique_ptr<FakeSendPilot> m_api;
    std::unique_ptr<SendPilotClient> m_client;
    QStringList m_log;
};

void TestSendPilotClient::init()
{
    m_log.clear();
    g_log = &m_log;
    g_previous = qInstallMessageHandler(capture);
    QLoggingCategory::setFilterRules(u"*.debug=true"_s);
    m_api = std::make_unique<FakeSendPilot>();
    m_client = std::make_unique<SendPilotClient>();
    SendPilotClientConfig config;
    config.baseUrl = m_api->url();
    config.apiKey = Key;
    config.timeoutMs = 2000;
    config.delayScale = 0.001; // a 60 s wait takes 60 ms
    m_client->setConfig(config);
}

void TestSendPilotClient::cleanup()
{
    m_client.reset();
    m_api.reset();
    qInstallMessageHandler(g_previous);
    g_log = nullptr;
    QLoggingCategory::setFilterRules(QString());
}

TestSendPilotClient::Outcome TestSendPilotClient::call(SendPilotCall *(SendPilotClient::*what)(),
                                                       int timeoutMs)
{
    Outcome outcome;
    QObject context;
    connect(m_client.get(), &SendPilotClient::callRecorded, &context,
            [&outcome](const ApiCallRecord &record) { outcome.records.append(record); });
    connect(m_client.get(), &SendPilotClient::retryScheduled, &context,
            [&outcome](const QString &, int, qint64 delayMs, ApiVerdict) {
                outcome.waits.append(delayMs);
            });
    SendPilotCall *handle = (m_client.get()->*what)();
    QSignalSpy finished(handle, &SendPilotCall::finished);
    if (!finished.wait(timeoutMs))
        return outcome;
    outcome.response = finished.constFirst().constFirst().value<ApiResponse>();
    return outcome;
}

void TestSendPilotClient::creditsSuccessSendsTheKeyHeader()
{
    m_api->script("/v1/credits",
                  FakeSendPilot::Response::json(200, FakeSendPilot::creditsExample()));
    const Outcome outcome = call(&SendPilotClient::fetchCredits);
    QCOMPARE(outcome.response.verdict, ApiVerdict::Ok);
    QCOMPARE(outcome.response.status, 200);
    QCOMPARE(outcome.response.attempts, 1);
    QVERIFY(outcome.response.message.isEmpty());
    QString error;
    const auto credits = SendPilotApi::parseCredits(outcome.response.body, &error);
    QVERIFY2(credits, qPrintable(error));
    QCOMPARE(credits->remaining, 5000.0);
    QCOMPARE(credits->leadQuota, 10000.0);

    QCOMPARE(m_api->requests().size(), 1);
    const FakeSendPilot::Request request = m_api->requests().constFirst();
    QCOMPARE(request.method, "GET");
    QCOMPARE(request.target, "/v1/credits");
    QCOMPARE(request.header("X-API-Key"), Key.toUtf8());
    QVERIFY(request.header("Authorization").isEmpty()); // §4.1: not a bearer token

    QCOMPARE(outcome.records.size(), 1);
    const ApiCallRecord &record = outcome.records.constFirst();
    QCOMPARE(record.method, u"GET"_s);
    QCOMPARE(record.path, u"/v1/credits"_s);
    QCOMPARE(record.status, 200);
    QCOMPARE(record.verdict, ApiVerdict::Ok);
    QCOMPARE(record.attempt, 1);
    QVERIFY(record.startedAtMs > 0);
    QVERIFY(record.durationMs >= 0);
}

void TestSendPilotClient::unauthorizedShowsSendPilotsMessage()
{
    m_api->script("/v1/credits",
                  FakeSendPilot::Response::error(401, "Invalid API key", "Unauthorized"));
    const Outcome outcome = call(&SendPilotClient::fetchCredits);
    QCOMPARE(outcome.response.verdict, ApiVerdict::AuthRefused);
    QCOMPARE(outcome.response.status, 401);
    QCOMPARE(outcome.response.attempts, 1); // a refused key is not tried again
    QVERIFY2(outcome.response.message.contains(u"Invalid API key"_s),
             qPrintable(outcome.response.message));
    QCOMPARE(m_api->requestCount("/v1/credits"), 1);
    QVERIFY(isAuthRefusal(outcome.response.verdict));
}

void TestSendPilotClient::forbiddenShowsSendPilotsMessage()
{
    m_api->script(
        "/v1/credits",
        FakeSendPilot::Response::error(
            403, "API key does not have permission to access this workspace", "Forbidden"));
    const Outcome outcome = call(&SendPilotClient::fetchCredits);
    QCOMPARE(outcome.response.verdict, ApiVerdict::Forbidden);
    QCOMPARE(outcome.response.attempts, 1);
    QVERIFY2(outcome.response.message.contains(
                 u"API key does not have permission to access this workspace"_s),
             qPrintable(outcome.response.message));
    QVERIFY(outcome.response.message.contains(u"another workspace"_s));
    QCOMPARE(outcome.records.constFirst().verdict, ApiVerdict::Forbidden);
}

void TestSendPilotClient::rateLimitedHonoursRetryAfter()
{
    m_api->script("/v1/credits",
                  FakeSendPilot::Response::error(429, "Too Many Requests", "Too Many Requests")
                      .header("Retry-After", "7"));
    m_api->script("/v1/credits",
                  FakeSendPilot::Response::json(200, FakeSendPilot::creditsExample()));
    const Outcome outcome = call(&SendPilotClient::fetchCredits);
    QCOMPARE(outcome.response.verdict, ApiVerdict::Ok);
    QCOMPARE(outcome.response.attempts, 2);
    QCOMPARE(outcome.waits, QList<qint64> {7000});
    QCOMPARE(outcome.records.size(), 2);
    QCOMPARE(outcome.records.at(0).verdict, ApiVerdict::RateLimited);
    QCOMPARE(outcome.records.at(0).status, 429);
    QVERIFY2(outcome.records.at(0).detail.contains(u"Retrying in 7 s"_s),
             qPrintable(outcome.records.at(0).detail));
    QCOMPARE(outcome.records.at(1).attempt, 2);
    QCOMPARE(outcome.records.at(1).verdict, ApiVerdict::Ok);
}

void TestSendPilotClient::rateLimitedWithoutRetryAfterWaitsAMinute()
{
    m_api->script("/v1/credits",
                  FakeSendPilot::Response::error(429, "Too Many Requests", "Too Many Requests"));
    m_api->script("/v1/credits",
                  FakeSendPilot::Response::json(200, FakeSendPilot::creditsExample()));
    const Outcome outcome = call(&SendPilotClient::fetchCredits);
    QCOMPARE(outcome.response.verdict, ApiVerdict::Ok);
    QCOMPARE(outcome.waits, QList<qint64> {60'000});
    QVERIFY(outcome.records.at(0).detail.contains(u"Retrying in 60 s"_s));
}

void TestSendPilotClient::rateLimitedWithTooLongAWaitGivesUp()
{
    m_api->script("/v1/credits",
                  FakeSendPilot::Response::error(429, "Too Many Requests", "Too Many Requests")
                      .header("Retry-After", "3600"));
    const Outcome outcome = call(&SendPilotClient::fetchCredits);
    QCOMPARE(outcome.response.verdict, ApiVerdict::RateLimited);
    QCOMPARE(outcome.response.attempts, 1);
    QVERIFY(outcome.waits.isEmpty());
    QVERIFY2(outcome.response.message.contains(u"3600 s"_s)
                 || outcome.response.message.contains(u"3,600 s"_s),
             qPrintable(outcome.response.message));
}

void TestSendPilotClient::serverErrorThenSuccess()
{
    m_api->script("/v1/credits",
                  FakeSendPilot::Response::error(500, "Internal server error", "Internal"));
    m_api->script("/v1/credits",
                  FakeSendPilot::Response::json(200, FakeSendPilot::creditsExample()));
    const Outcome outcome = call(&SendPilotClient::fetchCredits);
    QCOMPARE(outcome.response.verdict, ApiVerdict::Ok);
    QCOMPARE(outcome.response.attempts, 2);
    QCOMPARE(outcome.waits, QList<qint64> {1000}); // the first backoff
    QCOMPARE(outcome.records.size(), 2);
    QCOMPARE(outcome.records.at(0).status, 500);
    QCOMPARE(outcome.records.at(0).verdict, ApiVerdict::ServerError);
    QCOMPARE(outcome.records.at(1).status, 200);
}

void TestSendPilotClient::serverErrorEveryTimeGivesUpAfterTheAttempts()
{
    m_api->script("/v1/credits", FakeSendPilot::Response::error(503, "Unavailable", "Unavailable"));
    const Outcome outcome = call(&SendPilotClient::fetchCredits);
    QCOMPARE(outcome.response.verdict, ApiVerdict::ServerError);
    QCOMPARE(outcome.response.attempts, 4);
    QCOMPARE(m_api->requestCount("/v1/credits"), 4);
    // Exponential backoff between them.
    QCOMPARE(outcome.waits, (QList<qint64> {1000, 2000, 4000}));
    QVERIFY(outcome.response.message.contains(u"503"_s));
}

void TestSendPilotClient::slowResponsePastTheTimeout()
{
    SendPilotClientConfig config = m_client->config();
    config.timeoutMs = 200;
    config.maxAttempts = 2;
    m_client->setConfig(config);
    m_api->script("/v1/credits",
                  FakeSendPilot::Response::json(200, FakeSendPilot::creditsExample(), 3000));
    const Outcome outcome = call(&SendPilotClient::fetchCredits);
    QCOMPARE(outcome.response.verdict, ApiVerdict::Timeout);
    QCOMPARE(outcome.response.status, 0);
    QCOMPARE(outcome.response.attempts, 2); // a timeout is retried
    QCOMPARE(outcome.records.size(), 2);
    QCOMPARE(outcome.records.at(0).verdict, ApiVerdict::Timeout);
    // Ended by the timeout, well before the server's 3 s.
    QVERIFY2(outcome.records.at(0).durationMs >= 150 && outcome.records.at(0).durationMs < 2500,
             qPrintable(QString::number(outcome.records.at(0).durationMs)));
    QVERIFY2(outcome.response.message.contains(u"did not answer"_s),
             qPrintable(outcome.response.message));
}

void TestSendPilotClient::malformedJsonIsABadResponse()
{
    m_api->script("/v1/credits", FakeSendPilot::Response::json(200, R"({"globalCredits":{"bal)"));
    const Outcome outcome = call(&SendPilotClient::fetchCredits);
    QCOMPARE(outcome.response.verdict, ApiVerdict::BadResponse);
    QCOMPARE(outcome.response.status, 200);
    QCOMPARE(outcome.response.attempts, 1); // the same answer would come again
    QVERIFY2(outcome.response.message.contains(u"not JSON"_s),
             qPrintable(outcome.response.message));
    QCOMPARE(outcome.records.constFirst().verdict, ApiVerdict::BadResponse);
}

void TestSendPilotClient::connectionRefusedIsANetworkError()
{
    // A port that was free a moment ago: nothing listens there.
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    SendPilotClientConfig config = m_client->config();
    config.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(port));
    config.maxAttempts = 3;
    m_client->setConfig(config);
    const Outcome outcome = call(&SendPilotClient::fetchCredits);
    QCOMPARE(outcome.response.verdict, ApiVerdict::NetworkError);
    QCOMPARE(outcome.response.attempts, 3);
    QCOMPARE(outcome.waits, (QList<qint64> {1000, 2000}));
    QVERIFY(outcome.response.message.contains(u"Cannot reach SendPilot"_s));
}

void TestSendPilotClient::keyNeverInRecordsOrLogs()
{
    // A server that echoes the key it was sent, in its error message: still never shown.
    m_api->script(
        "/v1/credits",
        FakeSendPilot::Response::error(401, "Invalid API key " + Key.toUtf8(), "Unauthorized"));
    const Outcome outcome = call(&SendPilotClient::fetchCredits);
    QCOMPARE(outcome.response.verdict, ApiVerdict::AuthRefused);
    QVERIFY(!outcome.response.message.contains(Key));
    QVERIFY(outcome.response.message.contains(u"[redacted]"_s));
    for (const ApiCallRecord &record : outcome.records) {
        QVERIFY(!record.detail.contains(Key));
        QVERIFY(!record.path.contains(Key));
    }
    QVERIFY2(!m_log.isEmpty(), "the client logs its calls (so this check can fail)");
    for (const QString &line : std::as_const(m_log))
        QVERIFY2(!line.contains(Key), qPrintable(line));
    // And the key did go out, in its header.
    QCOMPARE(m_api->requests().constFirst().header("x-api-key"), Key.toUtf8());
}

void TestSendPilotClient::baseUrlWithAPath()
{
    // Older docs show /api/v1 (§4.1): a base URL may carry a path of its own.
    SendPilotClientConfig config = m_client->config();
    config.baseUrl = QUrl(m_api->url().toString() + u"/api/"_s);
    m_client->setConfig(config);
    QCOMPARE(m_client->urlFor(u"/v1/credits"_s).path(), u"/api/v1/credits"_s);
    QCOMPARE(m_client->urlFor(u"/v1/x/results?limit=100&offset=0"_s).query(),
             u"limit=100&offset=0"_s);
    m_api->script("/api/v1/credits",
                  FakeSendPilot::Response::json(200, FakeSendPilot::creditsExample()));
    const Outcome outcome = call(&SendPilotClient::fetchCredits);
    QCOMPARE(outcome.response.verdict, ApiVerdict::Ok);
    QCOMPARE(m_api->requests().constFirst().target, "/api/v1/credits");
}

void TestSendPilotClient::redirectIsNotFollowed()
{
    // Following it would send the key to wherever the redirect points.
    m_api->script("/v1/credits",
                  FakeSendPilot::Response::json(302, "{}").header(
                      "Location", m_api->url().toString().toUtf8() + "/stolen"));
    m_api->script("/stolen", FakeSendPilot::Response::json(200, FakeSendPilot::creditsExample()));
    const Outcome outcome = call(&SendPilotClient::fetchCredits);
    QCOMPARE(outcome.response.verdict, ApiVerdict::ClientError);
    QCOMPARE(outcome.response.status, 302);
    QCOMPARE(m_api->requestCount("/stolen"), 0);
    QCOMPARE(m_api->requests().size(), 1);
}

QTEST_GUILESS_MAIN(TestSendPilotClient)
#include "tst_sendpilotclient.moc"
