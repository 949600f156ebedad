// SPDX-License-Identifier: MIT
// Fetching a campaign from the SendPilot API into the log (issue 12 items 4 and 5): the real
// client against the local fake API over loopback, the real store in a temporary folder. Paging
// (both spellings, no pagination, an empty page), 429 with and without Retry-After, 401, 403,
// 500 then success, a timeout, a malformed page, the webhook and the API racing for a campaign,
// and which campaigns are incomplete.
#include "ingest/campaignfetcher.h"
#include "sendpilot/apimodels.h"
#include "sendpilot/sendpilotclient.h"
#include "store/campaignsources.h"

#include "checks.h"
#include "fakesendpilot.h"
#include "fixtures.h"
#include "tempstore.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using TestSupport::FakeSendPilot;

namespace {
const QString Key = u"sp_live_fetch_key_123"_s;
const QByteArray Campaign = "camp_fetch1";
const QByteArray StatusPath = "/v1/lead-extractor/campaigns/camp_fetch1/status";
const QByteArray ResultsPath = "/v1/lead-extractor/campaigns/camp_fetch1/results";
} // namespace

class TestCampaignFetch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void paging_data();
    void paging();
    void rateLimitedDuringPaging_data();
    void rateLimitedDuringPaging();
    void refusedKey_data();
    void refusedKey();
    void serverErrorThenSuccess();
    void slowPageTimesOut();
    void malformedPageKeepsWhatWasStored_data();
    void malformedPageKeepsWhatWasStored();
    void sameAnswersAgainStoreNothingNew();
    void webhookAndApiRace_data();
    void webhookAndApiRace();
    void apiPageNeverBlanksWebhookValues();
    void incompleteness_data();
    void incompleteness();
    void invalidCampaignIdIsRefusedBeforeARequest();
    void campaignBeingProjectedIsNotFetched();

private:
    /// The status \a status and pages of \a total persons, made by the fake API's handlers on
    /// demand (a scripted answer for either path comes first).
    void serveCampaign(int total, FakeSendPilot::Paging paging, bool truthfulHasMore = true,
                       const QByteArray &status = "FINISHED");
    FetchReport fetch(int timeoutMs = 10'000);
    qint64 value(const QString &sql);
    void ingestWebhook(const QByteArray &body);

    std::unique_ptr<FakeSendPilot> m_api;
    std::unique_ptr<TestSupport::TempStore> m_store;
    std::unique_ptr<SendPilotClient> m_client;
    std::unique_ptr<CampaignFetcher> m_fetcher;
};

void TestCampaignFetch::init()
{
    m_api = std::make_unique<FakeSendPilot>();
    m_store = std::make_unique<TestSupport::TempStore>(u"fetch-store"_s);
    TRY_OR_FAIL(m_store->open());
    m_client = std::make_unique<SendPilotClient>();
    SendPilotClientConfig config;
    config.baseUrl = m_api->url();
    config.apiKey = Key;
    config.timeoutMs = 5'000;
    config.delayScale = 0.001; // a 60 s Retry-After waits 60 ms, through the client's own timer
    m_client->setConfig(config);
    m_fetcher = std::make_unique<CampaignFetcher>(m_client.get(),
                                                  CampaignFetcher::storeSink(&m_store->events()));
}

void TestCampaignFetch::cleanup()
{
    m_fetcher.reset();
    m_client.reset();
    m_store.reset();
    m_api.reset();
}

void TestCampaignFetch::serveCampaign(int total, FakeSendPilot::Paging paging, bool truthfulHasMore,
                                      const QByteArray &status)
{
    m_api->serveCampaign(Campaign, total, status, paging, truthfulHasMore);
}

FetchReport TestCampaignFetch::fetch(int timeoutMs)
{
    QSignalSpy finished(m_fetcher.get(), &CampaignFetcher::finished);
    m_fetcher->fetch(QString::fromLatin1(Campaign));
    if (!finished.wait(timeoutMs))
        return {};
    return finished.constFirst().constFirst().value<FetchReport>();
}

qint64 TestCampaignFetch::value(const QString &sql)
{
    QSqlQuery query(m_store->db());
    if (!query.exec(sql) || !query.next())
        return -999;
    return query.value(0).toLongLong();
}

void TestCampaignFetch::ingestWebhook(const QByteArray &body)
{
    const Event event = TestSupport::parsedEvent(body);
    m_store->ingest({TestSupport::item(
        event, TestSupport::acceptedDelivery(TestSupport::FixtureTimeMs, body))});
}

void TestCampaignFetch::paging_data()
{
    QTest::addColumn<int>("total");
    QTest::addColumn<FakeSendPilot::Paging>("paging");
    QTest::addColumn<bool>("truthful");
    QTest::addColumn<int>("pageRequests");

    QTest::newRow("has_more false ends 250 leads after 3 pages")
        << 250 << FakeSendPilot::Paging::SnakeCase << true << 3;
    QTest::newRow("hasMore false ends 250 leads after 3 pages")
        << 250 << FakeSendPilot::Paging::CamelCase << true << 3;
    QTest::newRow("no pagination: the short third page ends")
        << 250 << FakeSendPilot::Paging::None << true << 3;
    QTest::newRow("no pagination, 200 leads: the empty third page ends")
        << 200 << FakeSendPilot::Paging::None << true << 3;
    QTest::newRow("has_more always true: the empty page ends")
        << 200 << FakeSendPilot::Paging::SnakeCase << false << 3;
    QTest::newRow("no leads at all: one empty page")
        << 0 << FakeSendPilot::Paging::SnakeCase << true << 1;
}

void TestCampaignFetch::paging()
{
    QFETCH(int, total);
    QFETCH(FakeSendPilot::Paging, paging);
    QFETCH(bool, truthful);
    QFETCH(int, pageRequests);
    serveCampaign(total, paging, truthful);

    const FetchReport report = fetch();
    QCOMPARE(report.verdict, ApiVerdict::Ok);
    QCOMPARE(report.status, u"FINISHED"_s);
    QCOMPARE(report.pages, pageRequests);
    QCOMPARE(report.leads, total);
    QCOMPARE(m_api->requestCount(ResultsPath), pageRequests);
    // Pages of 100, each offset advancing by what the page before held.
    const QList<FakeSendPilot::Request> requests = m_api->requests();
    QCOMPARE(requests.constFirst().target, StatusPath);
    for (int i = 0; i < pageRequests; ++i) {
        const QByteArray target = requests.at(i + 1).target;
        QCOMPARE(FakeSendPilot::queryValue(target, "limit"), 100);
        QCOMPARE(FakeSendPilot::queryValue(target, "offset"), i * 100);
        QCOMPARE(requests.at(i + 1).header("X-API-Key"), Key.toUtf8());
    }
    // Stored through the log, then projected: one entry per answer, each lead once.
    QCOMPARE(value(u"SELECT count(*) FROM events WHERE kind = 'api.lead_extractor.results'"_s),
             pageRequests);
    QCOMPARE(value(u"SELECT count(*) FROM events WHERE kind = 'api.lead_extractor.status'"_s), 1);
    QCOMPARE(value(u"SELECT count(*) FROM events WHERE projection <> 'projected'"_s), 0);
    QCOMPARE(value(u"SELECT count(*) FROM leads"_s), total);
    QCOMPARE(value(u"SELECT lead_count FROM campaigns WHERE campaign_id = 'camp_fetch1'"_s), total);
    QCOMPARE(value(u"SELECT sources FROM campaigns"_s), CampaignSources::Api);
    QCOMPARE(value(u"SELECT count(*) FROM deliveries WHERE verdict = 'fetched'"_s),
             pageRequests + 1);
    QCOMPARE(value(u"SELECT results_complete FROM campaigns"_s), 1);
    QCOMPARE(value(u"SELECT %1 FROM campaigns c"_s.arg(
                 QLatin1StringView(CampaignSources::IncompleteSql))),
             0);
    // The key went in a header only: no stored path or body holds it.
    QCOMPARE(value(u"SELECT count(*) FROM deliveries WHERE path LIKE '%sp_live%'"
                   " OR headers LIKE '%sp_live%'"_s),
             0);
}

void TestCampaignFetch::rateLimitedDuringPaging_data()
{
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<qint64>("expectedWaitMs");
    QTest::newRow("429 with Retry-After: 2 waits 2 s") << QByteArray("2") << qint64(2'000);
    QTest::newRow("429 without Retry-After waits 60 s") << QByteArray() << qint64(60'000);
}

void TestCampaignFetch::rateLimitedDuringPaging()
{
    QFETCH(QByteArray, retryAfter);
    QFETCH(qint64, expectedWaitMs);
    serveCampaign(250, FakeSendPilot::Paging::SnakeCase);
    // The second page is refused once, then answered.
    int calls = 0;
    m_api->handle(ResultsPath, [&calls, retryAfter](const FakeSendPilot::Request &r) {
        const int offset = int(FakeSendPilot::queryValue(r.target, "offset"));
        if (offset == 100 && calls++ == 0) {
            FakeSendPilot::Response limited
                = FakeSendPilot::Response::error(429, "Too Many Requests", "Too Many Requests");
            if (!retryAfter.isEmpty())
                limited.header("Retry-After", retryAfter);
            return limited;
        }
        const int count = qBound(0, 250 - offset, 100);
        return FakeSendPilot::Response::json(
            200,
            FakeSendPilot::resultsPage(offset, count, offset + count < 250,
                                       FakeSendPilot::Paging::SnakeCase));
    });
    QSignalSpy retries(m_client.get(), &SendPilotClient::retryScheduled);
    const FetchReport report = fetch();
    QCOMPARE(report.verdict, ApiVerdict::Ok);
    QCOMPARE(retries.size(), 1);
    QCOMPARE(retries.constFirst().at(2).toLongLong(), expectedWaitMs);
    QCOMPARE(retries.constFirst().at(3).value<ApiVerdict>(), ApiVerdict::RateLimited);
    QCOMPARE(m_api->requestCount(ResultsPath), 4);
    QCOMPARE(value(u"SELECT count(*) FROM leads"_s), 250);
}

void TestCampaignFetch::refusedKey_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<ApiVerdict>("verdict");
    QTest::addColumn<int>("leadsKept");
    QTest::addColumn<int>("requests"); // to the refused path: it is not asked again
    QTest::newRow("401 on the status")
        << StatusPath << 401 << QByteArray("Invalid API key") << ApiVerdict::AuthRefused << 0 << 1;
    QTest::newRow("403 on the second page")
        << ResultsPath << 403
        << QByteArray("API key does not have permission to access this "
                      "workspace")
        << ApiVerdict::Forbidden << 100 << 2;
}

void TestCampaignFetch::refusedKey()
{
    QFETCH(QByteArray, path);
    QFETCH(int, status);
    QFETCH(QByteArray, message);
    QFETCH(ApiVerdict, verdict);
    QFETCH(int, leadsKept);
    QFETCH(int, requests);
    serveCampaign(250, FakeSendPilot::Paging::SnakeCase);
    if (path == StatusPath) {
        m_api->script(StatusPath, FakeSendPilot::Response::error(status, message, "Unauthorized"));
    } else {
        m_api->script(
            ResultsPath,
            FakeSendPilot::Response::json(
                200, FakeSendPilot::resultsPage(0, 100, true, FakeSendPilot::Paging::SnakeCase)));
        m_api->script(ResultsPath, FakeSendPilot::Response::error(status, message, "Forbidden"));
    }
    const FetchReport report = fetch();
    QCOMPARE(report.verdict, verdict);
    QVERIFY2(report.message.contains(QString::fromUtf8(message)), qPrintable(report.message));
    QVERIFY(!report.message.contains(Key));
    QCOMPARE(value(u"SELECT count(*) FROM leads"_s), leadsKept);
    // Not retried: the same key is refused again.
    QCOMPARE(m_api->requestCount(path), requests);
}

void TestCampaignFetch::serverErrorThenSuccess()
{
    serveCampaign(150, FakeSendPilot::Paging::SnakeCase);
    m_api->script(ResultsPath, FakeSendPilot::Response::error(500, "Internal error", "Server"));
    const FetchReport report = fetch();
    QCOMPARE(report.verdict, ApiVerdict::Ok);
    QCOMPARE(m_api->requestCount(ResultsPath), 3); // the 500, then both pages
    QCOMPARE(value(u"SELECT count(*) FROM leads"_s), 150);
}

void TestCampaignFetch::slowPageTimesOut()
{
    SendPilotClientConfig config = m_client->config();
    config.timeoutMs = 150;
    config.maxAttempts = 2;
    m_client->setConfig(config);
    serveCampaign(250, FakeSendPilot::Paging::SnakeCase);
    m_api->script(
        ResultsPath,
        FakeSendPilot::Response::json(
            200, FakeSendPilot::resultsPage(0, 100, true, FakeSendPilot::Paging::SnakeCase)));
    // Slower than the timeout on both attempts.
    for (int attempt = 0; attempt < 2; ++attempt)
        m_api->script(ResultsPath, FakeSendPilot::Response::json(200, "{\"leads\":[]}", 3'000));
    const FetchReport report = fetch();
    QCOMPARE(report.verdict, ApiVerdict::Timeout);
    QVERIFY2(report.message.contains(u"did not answer"_s), qPrintable(report.message));
    QCOMPARE(report.pages, 1);
    QCOMPARE(m_api->requestCount(ResultsPath), 3);
    QCOMPARE(value(u"SELECT count(*) FROM leads"_s), 100); // the first page stays
    QCOMPARE(value(u"SELECT %1 FROM campaigns c"_s.arg(
                 QLatin1StringView(CampaignSources::IncompleteSql))),
             1);
}

void TestCampaignFetch::malformedPageKeepsWhatWasStored_data()
{
    QTest::addColumn<QByteArray>("page");
    QTest::addColumn<QString>("says");
    QTest::newRow("not JSON") << QByteArray("{\"leads\":[{\"id\":") << u"not JSON"_s;
    QTest::newRow("no leads list") << QByteArray("{\"results\":[]}") << u"\"leads\""_s;
    QTest::newRow("pagination not an object")
        << QByteArray("{\"leads\":[],\"pagination\":true}") << u"\"pagination\""_s;
}

void TestCampaignFetch::malformedPageKeepsWhatWasStored()
{
    QFETCH(QByteArray, page);
    QFETCH(QString, says);
    serveCampaign(250, FakeSendPilot::Paging::SnakeCase);
    m_api->script(
        ResultsPath,
        FakeSendPilot::Response::json(
            200, FakeSendPilot::resultsPage(0, 100, true, FakeSendPilot::Paging::SnakeCase)));
    m_api->script(ResultsPath, FakeSendPilot::Response::json(200, page));
    const FetchReport report = fetch();
    QCOMPARE(report.verdict, ApiVerdict::BadResponse);
    QVERIFY2(report.message.contains(u"could not be read"_s), qPrintable(report.message));
    QVERIFY2(report.message.contains(says), qPrintable(report.message));
    QVERIFY2(report.message.contains(u"1 page"_s), qPrintable(report.message));
    QCOMPARE(m_api->requestCount(ResultsPath), 2); // not retried: the same page would come
    QCOMPARE(value(u"SELECT count(*) FROM leads"_s), 100);
    QCOMPARE(value(u"SELECT count(*) FROM events WHERE projection = 'failed'"_s), 0);
    QCOMPARE(value(u"SELECT %1 FROM campaigns c"_s.arg(
                 QLatin1StringView(CampaignSources::IncompleteSql))),
             1);
}

void TestCampaignFetch::sameAnswersAgainStoreNothingNew()
{
    serveCampaign(150, FakeSendPilot::Paging::CamelCase);
    QCOMPARE(fetch().newPages, 2);
    const qint64 events = value(u"SELECT count(*) FROM events"_s);
    const FetchReport again = fetch();
    QCOMPARE(again.verdict, ApiVerdict::Ok);
    QCOMPARE(again.pages, 2);
    QCOMPARE(again.newPages, 0);
    QCOMPARE(value(u"SELECT count(*) FROM events"_s), events);
    QCOMPARE(value(u"SELECT count(*) FROM leads"_s), 150);
}

void TestCampaignFetch::webhookAndApiRace_data()
{
    QTest::addColumn<QString>("order");
    QTest::newRow("webhook first, then the API") << u"webhook-first"_s;
    QTest::newRow("API first, then the webhook") << u"api-first"_s;
    QTest::newRow("webhook between two pages") << u"between"_s;
}

void TestCampaignFetch::webhookAndApiRace()
{
    QFETCH(QString, order);
    // The webhook holds all 250 persons (lead ids "lead_N"); the API numbers them "api_N": the
    // same people by LinkedIn identity.
    const QByteArray webhook
        = FakeSendPilot::jobCompletedBody("evt_race", Campaign, 250, 250, "Webhook name");
    serveCampaign(250, FakeSendPilot::Paging::SnakeCase);
    if (order == u"webhook-first"_s)
        TRY_OR_FAIL(ingestWebhook(webhook));
    if (order == u"between"_s) {
        connect(m_fetcher.get(), &CampaignFetcher::progressed, this,
                [this, webhook](const QString &, int pages) {
                    if (pages == 1)
                        ingestWebhook(webhook);
                });
    }
    const FetchReport report = fetch();
    QCOMPARE(report.verdict, ApiVerdict::Ok);
    if (order == u"api-first"_s) {
        QCOMPARE(value(u"SELECT credits_total FROM campaigns"_s), 0); // unknown, sources says so
        QCOMPARE(value(u"SELECT sources FROM campaigns"_s), CampaignSources::Api);
        TRY_OR_FAIL(ingestWebhook(webhook));
    }
    QCOMPARE(value(u"SELECT count(*) FROM campaigns"_s), 1);
    QCOMPARE(value(u"SELECT count(*) FROM leads"_s), 250);
    QCOMPARE(value(u"SELECT count(DISTINCT linkedin_identifier) FROM leads"_s), 250);
    QCOMPARE(value(u"SELECT lead_count FROM campaigns"_s), 250);
    QCOMPARE(value(u"SELECT sources FROM campaigns"_s),
             CampaignSources::Webhook | CampaignSources::Api);
    // The webhook's own account of the campaign is kept, whichever came last.
    QCOMPARE(value(u"SELECT credits_total FROM campaigns"_s), 30);
    QCOMPARE(value(u"SELECT credits_enrichment FROM campaigns"_s), 20);
    QCOMPARE(value(u"SELECT count(*) FROM campaigns WHERE name = 'Webhook name'"_s), 1);
    QCOMPARE(value(u"SELECT leads_extracted FROM campaigns"_s), 250);
    QCOMPARE(value(u"SELECT %1 FROM campaigns c"_s.arg(
                 QLatin1StringView(CampaignSources::IncompleteSql))),
             0);
    // The search index has each lead once.
    QCOMPARE(value(u"SELECT count(*) FROM leads_fts WHERE leads_fts MATCH 'First7'"_s), 1);
}

void TestCampaignFetch::apiPageNeverBlanksWebhookValues()
{
    TRY_OR_FAIL(ingestWebhook(FakeSendPilot::jobCompletedBody("evt_blank", Campaign, 2, 2)));
    m_api->script(
        StatusPath,
        FakeSendPilot::Response::json(200, FakeSendPilot::statusBody(Campaign, "FINISHED", 2)));
    // The API's copy of person 0 has no email and no company; person 1 has a new phone.
    m_api->script(ResultsPath,
                  FakeSendPilot::Response::json(
                      200,
                      "{\"leads\":[{\"id\":\"x\",\"linkedin_identifier\":\"person-0\"},"
                      "{\"id\":\"y\",\"linkedin_url\":\"https://www.linkedin.com/in/"
                      "person-1\",\"phone\":\"+49 30 1234\"}],"
                      "\"pagination\":{\"has_more\":false}}"));
    QCOMPARE(fetch().verdict, ApiVerdict::Ok);
    QCOMPARE(value(u"SELECT count(*) FROM leads"_s), 2);
    QCOMPARE(value(u"SELECT count(*) FROM leads WHERE linkedin_identifier = 'person-0'"
                   " AND email = 'person0@example.com' AND company = 'Company 0'"_s),
             1);
    QCOMPARE(value(u"SELECT count(*) FROM leads WHERE linkedin_identifier = 'person-1'"
                   " AND phone = '+49 30 1234' AND email = 'person1@example.com'"_s),
             1);
    QCOMPARE(value(u"SELECT count(*) FROM campaigns WHERE name = 'Webhook campaign'"_s), 1);
}

void TestCampaignFetch::incompleteness_data()
{
    QTest::addColumn<int>("webhookTotal"); // 0: no webhook
    QTest::addColumn<int>("webhookHeld");
    QTest::addColumn<QByteArray>("apiStatus"); // empty: not fetched
    QTest::addColumn<int>("incompleteBefore");
    QTest::addColumn<int>("incompleteAfter");
    QTest::newRow("webhook with all its leads is complete") << 120 << 120 << QByteArray() << 0 << 0;
    QTest::newRow("webhook holding 50 of 120 leads, then fetched")
        << 120 << 50 << QByteArray("FINISHED") << 1 << 0;
    QTest::newRow("webhook with no leads of 120, then fetched")
        << 120 << 0 << QByteArray("FINISHED") << 1 << 0;
    QTest::newRow("known from the API only, still running")
        << 0 << 0 << QByteArray("RUNNING") << -1 << 1;
    QTest::newRow("known from the API only, finished and read to the end")
        << 0 << 0 << QByteArray("FINISHED") << -1 << 0;
}

void TestCampaignFetch::incompleteness()
{
    QFETCH(int, webhookTotal);
    QFETCH(int, webhookHeld);
    QFETCH(QByteArray, apiStatus);
    QFETCH(int, incompleteBefore);
    QFETCH(int, incompleteAfter);
    const QString incomplete
        = u"SELECT %1 FROM campaigns c"_s.arg(QLatin1StringView(CampaignSources::IncompleteSql));
    if (webhookTotal > 0) {
        TRY_OR_FAIL(ingestWebhook(
            FakeSendPilot::jobCompletedBody("evt_inc", Campaign, webhookTotal, webhookHeld)));
        QCOMPARE(value(incomplete), incompleteBefore);
    }
    if (!apiStatus.isEmpty()) {
        const int total = webhookTotal > 0 ? webhookTotal : 120;
        serveCampaign(total, FakeSendPilot::Paging::SnakeCase, true, apiStatus);
        QCOMPARE(fetch().verdict, ApiVerdict::Ok);
        QCOMPARE(value(u"SELECT lead_count FROM campaigns"_s), total);
    }
    QCOMPARE(value(incomplete), incompleteAfter);
}

void TestCampaignFetch::invalidCampaignIdIsRefusedBeforeARequest()
{
    QSignalSpy finished(m_fetcher.get(), &CampaignFetcher::finished);
    m_fetcher->fetch(u"../credits?x="_s);
    QTRY_COMPARE(finished.size(), 1);
    const FetchReport report = finished.constFirst().constFirst().value<FetchReport>();
    QCOMPARE(report.verdict, ApiVerdict::ClientError);
    QVERIFY(report.message.contains(u"not a SendPilot campaign id"_s));
    QCOMPARE(m_api->requests().size(), 0);
}

// While the projector is between the chunks of a campaign's event, the campaign's lead count is
// short of its total; the catch-up must not take that for leads the webhook lacked and fetch the
// whole campaign again. (The event's projection state is set back to pending by hand: the
// state the projector leaves it in between two chunks.)
void TestCampaignFetch::campaignBeingProjectedIsNotFetched()
{
    TRY_OR_FAIL(ingestWebhook(FakeSendPilot::jobCompletedBody("evt_part", Campaign, 120, 50)));
    QCOMPARE(CampaignSources::incompleteCampaignIds(m_store->db(), nullptr),
             QStringList {QString::fromLatin1(Campaign)});
    QSqlQuery query(m_store->db());
    QVERIFY(query.exec(u"UPDATE events SET projection = 'pending' WHERE event_id = 'evt_part'"_s));
    QCOMPARE(query.numRowsAffected(), 1);
    QString error;
    QCOMPARE(CampaignSources::incompleteCampaignIds(m_store->db(), &error), QStringList());
    QCOMPARE(error, QString());
}

QTEST_GUILESS_MAIN(TestCampaignFetch)
#include "tst_campaignfetch.moc"
