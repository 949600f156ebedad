// SPDX-License-Identifier: MIT
// Launching a Lead Extractor campaign from the app (issue 12 item 6) over a real IngestService
// and store, against the local fake API on loopback: the POST body the fake received, URLs
// refused before any request, a campaign followed PENDING -> RUNNING -> FINISHED across polls
// and fetched after the grace, the webhook arriving during the grace (no fetch), FAILED with
// SendPilot's words, and a refused key.
#include "common/settings.h"
#include "ingest/ingestservice.h"
#include "ingest/sendpilotaccount.h"
#include "store/campaignsources.h"
#include "store/database.h"

#include "fakesendpilot.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using SendPilotApi::LaunchProblem;
using SendPilotApi::LaunchRequest;
using TestSupport::FakeSendPilot;
using Step = FakeSendPilot::Step;

namespace {
const QString Key = u"sp_live_launch_test_4"_s;
const QString SearchUrl = u"https://www.linkedin.com/search/results/people/?keywords=founder"_s;

LaunchRequest request(const QString &name = u"Berlin founders"_s)
{
    LaunchRequest r;
    r.name = name;
    r.urls = {SearchUrl};
    r.limit = 120;
    r.mode = SendPilotApi::ExtractionMode::WithEnrichment;
    return r;
}
} // namespace

class TestCampaignLaunch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void urlChecks_data();
    void urlChecks();
    void badRequestIsRefusedBeforeAnyRequest();
    void postBodyAndKeyAsTheFakeReceivedThem();
    void followedAcrossPollsThenFetchedAfterTheGrace();
    void webhookDuringTheGraceMeansNoFetch();
    void failedShowsWhatSendPilotSaid();
    void refusedKeyEndsTheLaunch();
    void serverErrorIsNotRetried();
    void runningCampaignIsPolledAtStart();

private:
    qint64 scalar(const QString &sql);
    QString text(const QString &sql);
    LaunchReport launch(const LaunchRequest &r = request());

    QTemporaryDir m_dir;
    std::unique_ptr<FakeSendPilot> m_api;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<IngestService> m_service;
    std::unique_ptr<SendPilotAccount> m_account;
    QSqlDatabase m_read;
    int m_run = 0;
};

void TestCampaignLaunch::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/leadviewer-test-bus");
}

void TestCampaignLaunch::init()
{
    ++m_run;
    m_api = std::make_unique<FakeSendPilot>();
    m_settings = std::make_unique<Settings>(m_dir.filePath(u"settings-%1.ini"_s.arg(m_run)));
    m_settings->set(Setting::ApiBaseUrl, m_api->url().toString());
    m_settings->set(Setting::ApiKeyInFile, Key);
    m_service = std::make_unique<IngestService>();
    EndpointConfig config;
    config.databasePath = m_dir.filePath(u"launch-%1.sqlite"_s.arg(m_run));
    config.address = QHostAddress::LocalHost;
    config.port = 0;
    QString error;
    QVERIFY2(m_service->start(config, &error), qPrintable(error));
    m_read
        = Database::open(config.databasePath, u"launch-read"_s, Database::Access::ReadOnly, &error);
    QVERIFY2(m_read.isOpen(), qPrintable(error));
    m_account = std::make_unique<SendPilotAccount>(m_settings.get(), m_service.get());
    m_account->keyStore()->setServiceName(u"Lead Viewer tests"_s);
    SendPilotClientConfig tuning;
    tuning.timeoutMs = 2000;
    tuning.delayScale = 0.001;
    m_account->setTuning(tuning);
    TrackerTiming timing;
    timing.firstPollMs = 20;
    timing.maxPollMs = 80;
    timing.graceMs = 150;
    m_account->setTrackerTiming(timing);
    m_account->setDatabase(m_read);
    connect(m_service.get(), &IngestService::eventsProjected, m_account.get(),
            &SendPilotAccount::noteEventsProjected);
    QSignalSpy keyChanged(m_account.get(), &SendPilotAccount::keyChanged);
    m_account->start();
    QVERIFY(keyChanged.wait(10000));
    QVERIFY(m_account->hasKey());
}

void TestCampaignLaunch::cleanup()
{
    m_account.reset();
    m_read = QSqlDatabase();
    Database::close(u"launch-read"_s);
    m_service->stop();
    m_service.reset();
    m_settings.reset();
    m_api.reset();
}

qint64 TestCampaignLaunch::scalar(const QString &sql)
{
    QSqlQuery query(m_read);
    return query.exec(sql) && query.next() ? query.value(0).toLongLong() : -999;
}

QString TestCampaignLaunch::text(const QString &sql)
{
    QSqlQuery query(m_read);
    return query.exec(sql) && query.next() ? query.value(0).toString() : u"<none>"_s;
}

LaunchReport TestCampaignLaunch::launch(const LaunchRequest &r)
{
    QSignalSpy finished(m_account.get(), &SendPilotAccount::launchFinished);
    const QList<LaunchProblem> problems = m_account->launchCampaign(r);
    if (!problems.isEmpty()) {
        qWarning() << "refused:" << problems.constFirst().message;
        return {};
    }
    if (!finished.wait(10000))
        return {};
    return finished.constFirst().constFirst().value<LaunchReport>();
}

void TestCampaignLaunch::urlChecks_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("salesNavigator");
    QTest::addColumn<QString>("problem"); // a part of the message, empty when fine

    QTest::newRow("search") << SearchUrl << false << QString();
    QTest::newRow("search without www")
        << u"https://linkedin.com/search/results/people/?keywords=cto"_s << false << QString();
    QTest::newRow("sales navigator")
        << u"https://www.linkedin.com/sales/search/people?query=(keywords%3Acto)"_s << true
        << QString();
    QTest::newRow("empty") << u"  "_s << false << u"empty"_s;
    QTest::newRow("not a url") << u"founders in Berlin"_s << false << u"not a URL"_s;
    QTest::newRow("http") << u"http://www.linkedin.com/search/results/people/"_s << false
                          << u"https://"_s;
    QTest::newRow("other host") << u"https://www.linkedin.example.com/search/results/"_s << false
                                << u"not on linkedin.com"_s;
    QTest::newRow("lookalike host")
        << u"https://evil-linkedin.com/search/results/"_s << false << u"not on linkedin.com"_s;
    QTest::newRow("profile, not a search")
        << u"https://www.linkedin.com/in/someone"_s << false << u"not a LinkedIn search"_s;
    QTest::newRow("sales url as search")
        << u"https://www.linkedin.com/sales/search/people?query=x"_s << false
        << u"Sales Navigator URL"_s;
    QTest::newRow("search url as sales") << SearchUrl << true << u"LinkedIn search URL"_s;
}

void TestCampaignLaunch::urlChecks()
{
    QFETCH(QString, url);
    QFETCH(bool, salesNavigator);
    QFETCH(QString, problem);
    const QString why
        = SendPilotApi::urlProblem(url,
                                   salesNavigator ? SendPilotApi::UrlType::SalesNavigator
                                                  : SendPilotApi::UrlType::LinkedinSearch);
    if (problem.isEmpty())
        QVERIFY2(why.isEmpty(), qPrintable(why));
    else
        QVERIFY2(why.contains(problem), qPrintable(why));
}

void TestCampaignLaunch::badRequestIsRefusedBeforeAnyRequest()
{
    LaunchRequest r = request(u"  "_s);
    r.urls = {SearchUrl, u"https://www.linkedin.com/in/someone"_s, u"ftp://x"_s};
    r.limit = 0;
    const QList<LaunchProblem> problems = m_account->launchCampaign(r);
    QCOMPARE(problems.size(), 4); // the name, two URLs, the limit
    QCOMPARE(problems.at(0).field, LaunchProblem::Field::Name);
    QCOMPARE(problems.at(1).field, LaunchProblem::Field::Urls);
    QCOMPARE(problems.at(1).urlIndex, 1);
    QCOMPARE(problems.at(2).urlIndex, 2);
    QCOMPARE(problems.at(3).field, LaunchProblem::Field::Limit);
    r.urls.clear();
    r.name = u"x"_s;
    r.limit = 1;
    QCOMPARE(m_account->launchCampaign(r).size(), 1);
    QCoreApplication::processEvents();
    QCOMPARE(m_api->requestCount(FakeSendPilot::launchPath()), 0);
}

void TestCampaignLaunch::postBodyAndKeyAsTheFakeReceivedThem()
{
    // The status agrees with the launch (120 asked for): the poll at once may come first.
    m_api->serveLaunch("camp_new1", {{"PENDING", 0, 0}}, 120);
    QSignalSpy projected(m_service.get(), &IngestService::eventsProjected);
    const LaunchReport report = launch();
    QVERIFY2(report.ok(), qPrintable(report.message));
    QCOMPARE(report.campaignId, u"camp_new1"_s);

    FakeSendPilot::Request post;
    for (const FakeSendPilot::Request &r : m_api->requests()) {
        if (r.target == FakeSendPilot::launchPath())
            post = r;
    }
    QCOMPARE(post.method, QByteArray("POST"));
    QCOMPARE(post.target, FakeSendPilot::launchPath());
    QCOMPARE(post.header("x-api-key"), Key.toUtf8());
    QVERIFY(post.header("content-type").startsWith("application/json"));
    const QJsonObject body = QJsonDocument::fromJson(post.body).object();
    QCOMPARE(body.value("name"_L1).toString(), u"Berlin founders"_s);
    QCOMPARE(body.value("urls"_L1).toArray(), QJsonArray {SearchUrl});
    QCOMPARE(body.value("limit"_L1).toInteger(), 120);
    QCOMPARE(body.value("mode"_L1).toString(), u"with_enrichment"_s);
    QCOMPARE(body.value("url_type"_L1).toString(), u"linkedin_search"_s);
    QCOMPARE(body.size(), 5);

    // Recorded at once: the campaign, with what was asked for, before its leads exist.
    QTRY_COMPARE_WITH_TIMEOUT(text(u"SELECT name FROM campaigns WHERE campaign_id = 'camp_new1'"_s),
                              u"Berlin founders"_s, 10000);
    QCOMPARE(text(u"SELECT mode FROM campaigns"_s), u"with_enrichment"_s);
    QCOMPARE(scalar(u"SELECT requested_limit FROM campaigns"_s), 120);
    QCOMPARE(scalar(u"SELECT sources FROM campaigns"_s), CampaignSources::Api);
    QCOMPARE(scalar(u"SELECT count(*) FROM deliveries WHERE method = 'POST'"_s), 1);
    // The key is in no stored row.
    QCOMPARE(scalar(u"SELECT count(*) FROM api_calls WHERE detail LIKE '%%1%' OR path LIKE "
                    "'%%1%'"_s.arg(Key)),
             0);
    QCOMPARE(text(u"SELECT method FROM api_calls WHERE path = '/v1/lead-extractor/campaigns'"_s),
             u"POST"_s);
}

void TestCampaignLaunch::followedAcrossPollsThenFetchedAfterTheGrace()
{
    m_api->serveLaunch("camp_run", {{"PENDING", 0, 0}, {"RUNNING", 45, 54}, {"FINISHED", 100, 120}},
                       120);
    QList<TrackedCampaign> seen;
    connect(m_account->tracker(), &CampaignTracker::changed, this,
            [&seen](const TrackedCampaign &c) { seen.append(c); });
    QSignalSpy ended(m_account->tracker(), &CampaignTracker::ended);
    QVERIFY(launch().ok());

    // The progress reached the store while it ran: RUNNING at 45 %, 54 extracted.
    QTRY_VERIFY_WITH_TIMEOUT(!ended.isEmpty(), 10000);
    const TrackedCampaign last = ended.constFirst().constFirst().value<TrackedCampaign>();
    QCOMPARE(last.phase, TrackedCampaign::Phase::Done);
    QVERIFY(last.fetched);
    QCOMPARE(last.polls, 3);
    QStringList phases;
    for (const TrackedCampaign &c : std::as_const(seen)) {
        const QString status = c.status ? c.status->status : u"-"_s;
        const QString percent = c.status && c.status->percentComplete
            ? QString::number(*c.status->percentComplete)
            : u"-"_s;
        const QString line = u"%1 %2 %3"_s.arg(int(c.phase)).arg(status, percent);
        if (phases.isEmpty() || phases.constLast() != line)
            phases.append(line);
    }
    QCOMPARE(phases,
             QStringList({u"0 - -"_s, u"0 PENDING 0"_s, u"0 RUNNING 45"_s, u"1 FINISHED 100"_s,
                          u"2 FINISHED 100"_s, u"3 FINISHED 100"_s}));
    // Three polls, then the fetch after the grace (its status, then two pages of 100).
    QCOMPARE(m_api->requestCount(FakeSendPilot::statusPath("camp_run")), 4);
    QCOMPARE(m_api->requestCount(FakeSendPilot::resultsPath("camp_run")), 2);
    QTRY_COMPARE_WITH_TIMEOUT(
        scalar(u"SELECT lead_count FROM campaigns WHERE campaign_id = 'camp_run'"_s), 120, 10000);
    QCOMPARE(scalar(u"SELECT results_complete FROM campaigns"_s), 1);
    QCOMPARE(text(u"SELECT api_status FROM campaigns"_s), u"FINISHED"_s);
    QCOMPARE(scalar(u"SELECT api_percent FROM campaigns"_s), 100);
    // Each answer that changed is one status entry: PENDING, RUNNING, FINISHED (the fetch read
    // FINISHED again: the same entry).
    QCOMPARE(scalar(u"SELECT count(*) FROM events WHERE kind = 'api.lead_extractor.status'"_s), 3);
    QCOMPARE(scalar(u"SELECT count(*) FROM events WHERE kind = 'api.lead_extractor.launched'"_s),
             1);
}

void TestCampaignLaunch::webhookDuringTheGraceMeansNoFetch()
{
    TrackerTiming timing = m_account->tracker()->timing();
    timing.graceMs = 60'000; // the webhook comes well before
    m_account->setTrackerTiming(timing);
    m_api->serveLaunch("camp_hook", {{"RUNNING", 50, 10}, {"FINISHED", 100, 20}}, 20);
    QSignalSpy ended(m_account->tracker(), &CampaignTracker::ended);
    QVERIFY(launch().ok());
    QTRY_VERIFY_WITH_TIMEOUT(m_account->tracker()->campaign(u"camp_hook"_s)->phase
                                 == TrackedCampaign::Phase::Grace,
                             10000);

    // The webhook with all 20 leads: the grace ends at once, nothing is fetched.
    m_service->reingest(FakeSendPilot::jobCompletedBody("evt_hook", "camp_hook", 20, 20),
                        u"webhook"_s);
    QVERIFY(ended.wait(10000));
    const TrackedCampaign last = ended.constFirst().constFirst().value<TrackedCampaign>();
    QCOMPARE(last.phase, TrackedCampaign::Phase::Done);
    QVERIFY(!last.fetched);
    QCOMPARE(m_api->requestCount(FakeSendPilot::resultsPath("camp_hook")), 0);
    QCOMPARE(scalar(u"SELECT lead_count FROM campaigns WHERE campaign_id = 'camp_hook'"_s), 20);
    QCOMPARE(scalar(u"SELECT count(*) FROM campaigns"_s), 1);
    QCOMPARE(scalar(u"SELECT sources FROM campaigns"_s),
             CampaignSources::Webhook | CampaignSources::Api);
    // The webhook's name and figures win over what was asked for.
    QCOMPARE(text(u"SELECT name FROM campaigns"_s), u"Webhook campaign"_s);
}

void TestCampaignLaunch::failedShowsWhatSendPilotSaid()
{
    m_api->script(FakeSendPilot::launchPath(),
                  FakeSendPilot::Response::json(201, R"({"id":"camp_bad"})"));
    m_api->script(FakeSendPilot::statusPath("camp_bad"),
                  FakeSendPilot::Response::json(
                      200, FakeSendPilot::statusBody("camp_bad", {"RUNNING", 10, 1}, 50)));
    m_api->script(FakeSendPilot::statusPath("camp_bad"),
                  FakeSendPilot::Response::json(
                      200,
                      FakeSendPilot::statusBody("camp_bad", {"FAILED", 10, 1}, 50,
                                                R"(,"message":"LinkedIn session expired")")));
    QSignalSpy ended(m_account->tracker(), &CampaignTracker::ended);
    QVERIFY(launch().ok());
    QVERIFY(ended.wait(10000));
    const TrackedCampaign last = ended.constFirst().constFirst().value<TrackedCampaign>();
    QCOMPARE(last.phase, TrackedCampaign::Phase::Failed);
    QCOMPARE(last.message, u"LinkedIn session expired"_s);
    QTRY_COMPARE_WITH_TIMEOUT(text(u"SELECT api_status FROM campaigns"_s), u"FAILED"_s, 10000);
    QCOMPARE(text(u"SELECT api_message FROM campaigns"_s), u"LinkedIn session expired"_s);
    QCOMPARE(m_api->requestCount(FakeSendPilot::resultsPath("camp_bad")), 0);
}

void TestCampaignLaunch::refusedKeyEndsTheLaunch()
{
    m_api->script(FakeSendPilot::launchPath(),
                  FakeSendPilot::Response::error(401, "Invalid API key", "Unauthorized"));
    const LaunchReport report = launch();
    QCOMPARE(report.verdict, ApiVerdict::AuthRefused);
    QVERIFY2(report.message.contains(u"Invalid API key"_s), qPrintable(report.message));
    QCOMPARE(m_api->requestCount(FakeSendPilot::launchPath()), 1);
    QVERIFY(m_account->tracker()->campaignIds().isEmpty());
    QCOMPARE(scalar(u"SELECT count(*) FROM campaigns"_s), 0);
}

void TestCampaignLaunch::serverErrorIsNotRetried()
{
    // A 5xx may come after SendPilot created the campaign: a retry could create it twice.
    m_api->script(FakeSendPilot::launchPath(),
                  FakeSendPilot::Response::error(502, "Bad Gateway", "Bad Gateway"));
    const LaunchReport report = launch();
    QCOMPARE(report.verdict, ApiVerdict::ServerError);
    QVERIFY2(report.message.contains(u"may have been created"_s), qPrintable(report.message));
    QCOMPARE(m_api->requestCount(FakeSendPilot::launchPath()), 1);
}

void TestCampaignLaunch::runningCampaignIsPolledAtStart()
{
    // A campaign launched in an earlier session, last seen RUNNING, and the app was closed.
    m_api->serveLaunch("camp_old", {{"RUNNING", 30, 3}}, 10);
    QVERIFY(launch().ok());
    QTRY_COMPARE_WITH_TIMEOUT(text(u"SELECT api_status FROM campaigns"_s), u"RUNNING"_s, 10000);
    m_account.reset();

    // The next start: it is polled (not fetched while it runs), then fetched once finished.
    m_api->serveCampaign("camp_old", 10, "FINISHED");
    const int resultsBefore = m_api->requestCount(FakeSendPilot::resultsPath("camp_old"));
    QCOMPARE(resultsBefore, 0);
    m_account = std::make_unique<SendPilotAccount>(m_settings.get(), m_service.get());
    m_account->keyStore()->setServiceName(u"Lead Viewer tests"_s);
    TrackerTiming timing;
    timing.firstPollMs = 20;
    timing.maxPollMs = 80;
    timing.graceMs = 50;
    m_account->setTrackerTiming(timing);
    QSignalSpy ended(m_account->tracker(), &CampaignTracker::ended);
    QSignalSpy keyChanged(m_account.get(), &SendPilotAccount::keyChanged);
    m_account->start();
    QVERIFY(keyChanged.wait(10000));
    m_account->setDatabase(m_read);
    QVERIFY(m_account->tracker()->isTracking(u"camp_old"_s));
    QVERIFY(!m_account->fetcher()->isQueued(u"camp_old"_s));
    QVERIFY(ended.wait(10000));
    QCOMPARE(ended.constFirst().constFirst().value<TrackedCampaign>().phase,
             TrackedCampaign::Phase::Done);
    QTRY_COMPARE_WITH_TIMEOUT(scalar(u"SELECT lead_count FROM campaigns"_s), 10, 10000);
}

QTEST_GUILESS_MAIN(TestCampaignLaunch)
#include "tst_campaignlaunch.moc"
