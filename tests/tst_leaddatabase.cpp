// SPDX-License-Identifier: MIT
// Lead Database searches, the second kind of source (issue 12 item 8): the webhook
// lead_database.search.completed (sendpilot-webhooks.md 3.12) and the search's status and
// results endpoints (§5.5, lower-case statuses) become a campaign of source LeadDatabase with
// its filters; its leads keep the search's own fields, searchable and exportable. The real
// parser, store, projector, campaign model and fetcher; the fake SendPilot API over loopback.
#include "export/exportformat.h"
#include "export/exportpreset.h"
#include "export/leadexporter.h"
#include "ingest/campaignfetcher.h"
#include "ingest/campaigntracker.h"
#include "models/campaignmodel.h"
#include "models/creditsmodel.h"
#include "query/leadfilter.h"
#include "sendpilot/apimodels.h"
#include "sendpilot/eventparser.h"
#include "sendpilot/sendpilotclient.h"
#include "store/campaignsources.h"
#include "store/database.h"

#include "checks.h"
#include "fakesendpilot.h"
#include "fixtures.h"
#include "readback.h"
#include "sqlvalues.h"
#include "storedowngrade.h"
#include "tempstore.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using TestSupport::FakeSendPilot;

namespace {

const QByteArray SearchStatusPath = "/v1/lead-database/searches/search_abc123/status";
const QByteArray SearchResultsPath = "/v1/lead-database/searches/search_abc123/results";

QByteArray fixture()
{
    QFile file(QStringLiteral(LEADVIEWER_TEST_DATA "/events/lead_database_search_completed.json"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A search's lead object (3.12): person n of the search, with the fields only a search has.
QByteArray searchLead(int n)
{
    const QByteArray k = QByteArray::number(n);
    return "{\"id\":\"l" + k + "\",\"first_name\":\"Person\",\"last_name\":\"" + k
        + "\",\"full_name\":\"Person " + k + "\",\"linkedin_url\":\"https://www.linkedin.com/in/p"
        + k + "\",\"job_title\":\"VP Engineering\",\"company\":\"Acme " + k
        + "\",\"industry\":\"Renewable Energy\",\"seniority\":\"VP\",\"company_linkedin_url\":"
          "\"https://www.linkedin.com/company/acme-"
        + k + "\",\"website\":\"https://acme" + k + ".example\",\"employees\":\"11-50\"}";
}

// The client's settings for the fake API \a api, with a key.
SendPilotClientConfig clientConfig(const FakeSendPilot &api)
{
    SendPilotClientConfig config;
    config.baseUrl = api.url();
    config.apiKey = u"sp_live_search_key"_s;
    return config;
}

} // namespace

class TestLeadDatabase : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void parsesTheSearchEvent();
    void searchStatus_data();
    void searchStatus();
    void webhookBecomesASearchWithItsFields();
    void searchLeadsAreSearchableAndExportable();
    void campaignListShowsTheSearchAndItsFilters();
    void incompleteSearchIsFetchedFromTheSearchEndpoints();
    void searchKnownOnlyByTheApiIsFetchedNotPolled();
    void trackerFollowsASearchAtItsOwnEndpoints();
    void searchesStoredBeforeAreProjectedAfterTheUpgrade();
    void exportWritesTheSearchFieldsAndItsSourceLabel();
    void creditsLeaveSearchesOut();

private:
    /// The fixture's event, under \a eventId when one is given.
    void ingestFixture(const QByteArray &eventId = {});
    qint64 value(const QString &sql);
    QStringList column(const QString &sql);

    std::unique_ptr<TestSupport::TempStore> m_store;
};

void TestLeadDatabase::init()
{
    m_store = std::make_unique<TestSupport::TempStore>(u"search-store"_s);
    TRY_OR_FAIL(m_store->open());
}

void TestLeadDatabase::cleanup()
{
    m_store.reset();
}

void TestLeadDatabase::ingestFixture(const QByteArray &eventId)
{
    QByteArray body = fixture();
    VERIFY_OR_THROW(!body.isEmpty());
    if (!eventId.isEmpty())
        body.replace(QByteArray("\"evt_16\""), QByteArray("\"" + eventId + "\""));
    m_store->ingest(
        {TestSupport::item(TestSupport::parsedEvent(body),
                           TestSupport::acceptedDelivery(TestSupport::FixtureTimeMs, body))});
}

qint64 TestLeadDatabase::value(const QString &sql)
{
    return TestSupport::scalar(m_store->db(), sql);
}

QStringList TestLeadDatabase::column(const QString &sql)
{
    return TestSupport::column(m_store->db(), sql);
}

void TestLeadDatabase::parsesTheSearchEvent()
{
    const QByteArray body = fixture();
    const EventParseResult result = EventParser::parse(body);
    QVERIFY2(result.ok(), qPrintable(result.error));
    const Event &event = *result.event;
    QCOMPARE(event.kind, EventKind::LeadDatabaseSearchCompleted);
    QVERIFY(event.extractorJob && !event.activity);
    const ExtractorJob &job = *event.extractorJob;
    QCOMPARE(job.source, CampaignSource::LeadDatabase);
    QCOMPARE(job.campaignId, u"search_abc123"_s);
    QCOMPARE(job.campaignName, u"CTOs in Berlin"_s);
    QCOMPARE(job.totalLeadsExtracted, 3); // total_leads_found
    QCOMPARE(job.requestedLimit, 100);
    QCOMPARE(job.durationMs, 300000);
    QVERIFY(job.mode.isEmpty() && job.searchUrls.isEmpty() && job.credits.total == 0);
    QCOMPARE(job.resultsUrl, u"/v1/lead-database/searches/search_abc123/results"_s);
    // The filters as sent, in SendPilot's order.
    QCOMPARE(
        job.filtersJson,
        u"{\"job_titles\":[\"CTO\"],\"locations\":[\"Berlin\"],\"company_sizes\":[\"51-200\"]}"_s);
    QCOMPARE(job.leads.size(), 2);
    const Lead &anna = job.leads.at(0);
    QCOMPARE(anna.fullName, u"Anna Schmidt"_s);
    QCOMPARE(anna.jobTitle, u"CTO"_s);
    QCOMPARE(anna.jobPosition, u"CTO"_s); // the title fills the position a search has not
    QCOMPARE(anna.industry, u"Financial Services"_s);
    QCOMPARE(anna.seniority, u"C-Level"_s);
    QCOMPARE(anna.companyLinkedinUrl, u"https://www.linkedin.com/company/fintech-gmbh"_s);
    QCOMPARE(anna.website, u"https://fintech.example"_s);
    QCOMPARE(anna.employees, u"120"_s); // a number, kept as text
    QCOMPARE(anna.phone, u"+49 30 1234567"_s);
    QCOMPARE(job.leads.at(1).employees, u"51-200"_s); // a band
    // The acknowledgement path counts the leads and keys the entry by the search id.
    const EnvelopeParseResult envelope = EventParser::parseEnvelope(body);
    QVERIFY(envelope.envelope);
    QCOMPARE(envelope.envelope->campaignId, u"search_abc123"_s);
    QCOMPARE(envelope.envelope->leadCount, 2);
    // An extractor lead with the same keys does not read them: they are a search's fields.
    const Event job2 = TestSupport::parsedEvent(
        "{\"eventId\":\"e\",\"eventType\":\"lead_extractor.job.completed\",\"data\":{"
        "\"campaign_id\":\"c\",\"leads\":[{\"id\":\"x\",\"industry\":\"Oil\","
        "\"job_title\":\"CEO\"}]}}");
    QCOMPARE(job2.extractorJob->source, CampaignSource::LeadExtractor);
    QVERIFY(job2.extractorJob->leads.at(0).industry.isEmpty());
    QVERIFY(job2.extractorJob->leads.at(0).jobPosition.isEmpty());
}

void TestLeadDatabase::searchStatus_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("status");
    QTest::addColumn<qint64>("found");
    QTest::addColumn<double>("percent");
    QTest::addColumn<bool>("finished");
    // §5.5's example: progress as an object, "found" for the leads so far.
    QTest::newRow("progress object")
        << QByteArray(R"({"id":"s1","status":"processing",)"
                      R"("progress":{"requested":100,"found":40,"percent_complete":40}})")
        << u"processing"_s << qint64(40) << 40.0 << false;
    // §5.5's schema: progress as an integer 0-100 and the count in totalResults.
    QTest::newRow("progress integer")
        << QByteArray(R"({"id":"s1","status":"completed","progress":100,"totalResults":250,)"
                      R"("completed_at":"2024-02-24T10:05:00.000Z"})")
        << u"completed"_s << qint64(250) << 100.0 << true;
    QTest::newRow("failed") << QByteArray(R"({"status":"failed","message":"Quota exceeded"})")
                            << u"failed"_s << qint64(-1) << -1.0 << false;
}

void TestLeadDatabase::searchStatus()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, status);
    QFETCH(qint64, found);
    QFETCH(double, percent);
    QFETCH(bool, finished);
    QString error;
    const std::optional<SendPilotApi::CampaignStatus> parsed
        = SendPilotApi::parseCampaignStatus(body, &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(parsed->status, status);
    QCOMPARE(parsed->extracted.value_or(-1), found);
    QCOMPARE(parsed->percentComplete.value_or(-1.0), percent);
    QCOMPARE(parsed->isFinished(), finished);
    QCOMPARE(parsed->isFailed(), status == u"failed"_s);
}

void TestLeadDatabase::webhookBecomesASearchWithItsFields()
{
    TRY_OR_FAIL(ingestFixture());
    QCOMPARE(value(u"SELECT count(*) FROM campaigns WHERE campaign_id = 'search_abc123'"
                   " AND source = 1 AND sources = 1 AND name = 'CTOs in Berlin'"
                   " AND leads_extracted = 3 AND requested_limit = 100"_s),
             1);
    QCOMPARE(column(u"SELECT filters FROM campaigns"_s),
             QStringList {u"{\"job_titles\":[\"CTO\"],\"locations\":[\"Berlin\"],"
                          "\"company_sizes\":[\"51-200\"]}"_s});
    QCOMPARE(column(u"SELECT lead_id || ': ' || job_title || ' | ' || job_position || ' | '"
                    " || industry || ' | ' || seniority || ' | ' || company_linkedin_url"
                    " || ' | ' || website || ' | ' || employees FROM leads ORDER BY id"_s),
             (QStringList {u"l1: CTO | CTO | Financial Services | C-Level | "
                           "https://www.linkedin.com/company/fintech-gmbh | "
                           "https://fintech.example | 120"_s,
                           u"l2: CTO | CTO |  |  |  |  | 51-200"_s}));
    // Fewer leads than it found: incomplete, fetched from the search's own endpoints.
    QString error;
    QCOMPARE(CampaignSources::incompleteCampaignIds(m_store->db(), &error),
             QStringList {u"search_abc123"_s});
    QCOMPARE(CampaignSources::sourceOf(m_store->db(), u"search_abc123"_s),
             CampaignSource::LeadDatabase);
    QCOMPARE(CampaignSources::sourceOf(m_store->db(), u"camp_unknown"_s),
             CampaignSource::LeadExtractor);
    // The search sent again in another event: one campaign still, each lead once.
    TRY_OR_FAIL(ingestFixture("evt_17"));
    QCOMPARE(value(u"SELECT count(*) FROM campaigns"_s), 1);
    QCOMPARE(value(u"SELECT count(*) FROM leads"_s), 2);
    // A search without its id is a search of its own, keyed by its event, never merged with
    // every other such search under ''.
    QByteArray anonymous = fixture();
    anonymous.replace("\"search_id\": \"search_abc123\",", "");
    anonymous.replace("\"evt_16\"", "\"evt_anon\"");
    TRY_OR_FAIL(m_store->ingest(
        {TestSupport::item(TestSupport::parsedEvent(anonymous),
                           TestSupport::acceptedDelivery(TestSupport::FixtureTimeMs, anonymous))}));
    QCOMPARE(column(u"SELECT campaign_id FROM campaigns WHERE source = 1 ORDER BY id"_s),
             (QStringList {u"search_abc123"_s, u"evt_anon"_s}));
    QCOMPARE(column(u"SELECT campaign_id FROM events WHERE event_id = 'evt_anon'"_s),
             QStringList {u"evt_anon"_s});
}

void TestLeadDatabase::searchLeadsAreSearchableAndExportable()
{
    TRY_OR_FAIL(ingestFixture());
    const auto ids = [this](const LeadFilter &filter) {
        const LeadQuery q = filter.buildSelect({LeadColumn::LeadId});
        QSqlQuery query(m_store->db());
        QStringList found;
        if (!query.prepare(q.sql))
            return QStringList {query.lastError().text()};
        for (const QVariant &binding : q.bindings)
            query.addBindValue(binding);
        if (!query.exec())
            return QStringList {query.lastError().text()};
        while (query.next())
            found.append(query.value(0).toString());
        return found;
    };
    LeadFilter filter;
    // Industry and seniority are in the search index, accents and case aside, prefixes too.
    filter.searchText = u"financial"_s;
    QCOMPARE(ids(filter), QStringList {u"l1"_s});
    filter.searchText = u"c-level"_s;
    QCOMPARE(ids(filter), QStringList {u"l1"_s});
    filter.searchText = u"servi anna"_s;
    QCOMPARE(ids(filter), QStringList {u"l1"_s});
    // The job title through the position: the search box and the Position filter.
    filter.searchText = u"cto"_s;
    QCOMPARE(ids(filter), (QStringList {u"l1"_s, u"l2"_s}));
    filter.searchText.clear();
    filter.fields.jobPosition = u"cto"_s;
    QCOMPARE(ids(filter), (QStringList {u"l1"_s, u"l2"_s}));
    // The filter bar's Industry and Seniority, each on its own column of the index.
    filter.fields.industry = u"financ"_s;
    QCOMPARE(ids(filter), QStringList {u"l1"_s});
    filter.fields.industry = u"c-level"_s; // a seniority, not an industry
    QCOMPARE(ids(filter), QStringList());
    filter.fields.industry.clear();
    filter.fields.seniority = u"c-level"_s;
    QCOMPARE(ids(filter), QStringList {u"l1"_s});
    filter.fields = LeadFieldFilters();

    // Every search field is a lead column the export writes, by its command-line key.
    for (const char *key :
         {"job_title", "industry", "seniority", "company_linkedin_url", "website", "employees"})
        QVERIFY2(LeadColumn::fromKey(QString::fromLatin1(key)), key);
    const LeadQuery select = LeadFilter().buildSelect(
        {LeadColumn::FullName, LeadColumn::JobTitle, LeadColumn::Industry, LeadColumn::Seniority,
         LeadColumn::CompanyLinkedinUrl, LeadColumn::Website, LeadColumn::Employees});
    QSqlQuery query(m_store->db());
    QVERIFY2(query.exec(select.sql), qPrintable(query.lastError().text()));
    QVERIFY(query.next());
    QStringList row;
    for (int i = 0; i < 7; ++i)
        row.append(query.value(i).toString());
    QCOMPARE(row,
             (QStringList {u"Anna Schmidt"_s, u"CTO"_s, u"Financial Services"_s, u"C-Level"_s,
                           u"https://www.linkedin.com/company/fintech-gmbh"_s,
                           u"https://fintech.example"_s, u"120"_s}));
    // A lead deleted with its campaign leaves the index (the delete trigger knows the columns).
    QVERIFY(query.exec(u"DELETE FROM campaigns"_s));
    filter = LeadFilter();
    filter.searchText = u"financial"_s;
    QCOMPARE(ids(filter), QStringList());
    QCOMPARE(value(u"SELECT count(*) FROM leads_fts WHERE leads_fts MATCH 'financial'"_s), 0);
}

void TestLeadDatabase::campaignListShowsTheSearchAndItsFilters()
{
    TRY_OR_FAIL(ingestFixture());
    CampaignModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(m_store->db());
    QCOMPARE(model.rowCount(), 1);
    const auto text = [&model](int column) {
        return model.index(0, column).data(Qt::DisplayRole).toString();
    };
    QCOMPARE(text(CampaignModel::Type), u"Lead Database search"_s);
    QCOMPARE(text(CampaignModel::LeadsExtracted), u"3"_s);
    // A search has no mode, enrichment or campaign credits: blank, said in the tooltip.
    for (const int column : {int(CampaignModel::Mode), int(CampaignModel::CreditsTotal),
                             int(CampaignModel::LeadsEnriched)}) {
        QCOMPARE(text(column), QString());
        QVERIFY(model.index(0, column).data(Qt::ToolTipRole).toString().contains(u"quota"_s));
    }
    QCOMPARE(text(CampaignModel::Source), u"Webhook"_s);
    const QString details = model.details(0);
    QVERIFY2(details.startsWith(u"Lead Database search"_s), qPrintable(details));
    QVERIFY2(details.contains(u"Filter: Job titles: CTO\nFilter: Locations: Berlin\n"
                              "Filter: Company sizes: 51-200"_s),
             qPrintable(details));
    QVERIFY2(details.contains(u"3 of 100 requested leads found"_s), qPrintable(details));
    QVERIFY2(details.contains(u"Incomplete: 2 of 3 leads stored"_s), qPrintable(details));
    // The campaign search box finds a search by its filters.
    QVERIFY(model.matches(0, {u"berlin"_s}));
    QVERIFY(model.matches(0, {u"51-200"_s}));
    QVERIFY(!model.matches(0, {u"munich"_s}));
}

void TestLeadDatabase::incompleteSearchIsFetchedFromTheSearchEndpoints()
{
    TRY_OR_FAIL(ingestFixture());
    FakeSendPilot api;
    api.script(SearchStatusPath,
               FakeSendPilot::Response::json(
                   200,
                   R"({"id":"search_abc123","status":"completed","progress":100,)"
                   R"("totalResults":3})"));
    // Page 1: the webhook's two leads again (l2 now with its industry) and a third one.
    api.script(SearchResultsPath,
               FakeSendPilot::Response::json(
                   200,
                   "{\"leads\":[" + searchLead(1) + "," + searchLead(2) + "," + searchLead(3)
                       + "],\"pagination\":{\"offset\":0,\"hasMore\":false}}"));
    SendPilotClient client;
    SendPilotClientConfig config = clientConfig(api);
    config.timeoutMs = 5'000;
    client.setConfig(config);
    CampaignFetcher fetcher(&client, CampaignFetcher::storeSink(&m_store->events()));
    QSignalSpy finished(&fetcher, &CampaignFetcher::finished);
    fetcher.fetch(u"search_abc123"_s, CampaignSources::sourceOf(m_store->db(), u"search_abc123"_s));
    QVERIFY(finished.wait(10'000));
    const FetchReport report = finished.constFirst().constFirst().value<FetchReport>();
    QVERIFY2(report.ok(), qPrintable(report.message));
    QCOMPARE(report.source, CampaignSource::LeadDatabase);
    QCOMPARE(report.status, u"completed"_s);
    QCOMPARE(report.leads, 3);
    // Only the search's endpoints were asked, never the extractor's.
    QStringList targets;
    for (const FakeSendPilot::Request &request : api.requests())
        targets.append(QString::fromLatin1(request.target));
    QCOMPARE(targets,
             (QStringList {QString::fromLatin1(SearchStatusPath),
                           QString::fromLatin1(SearchResultsPath) + u"?limit=100&offset=0"_s}));
    // One campaign, each lead once (matched by its id), the third new; the API fills in what
    // the webhook left empty and blanks nothing it gave.
    QCOMPARE(value(u"SELECT count(*) FROM campaigns"_s), 1);
    QCOMPARE(value(u"SELECT sources FROM campaigns"_s), 3);
    QCOMPARE(value(u"SELECT source FROM campaigns"_s), 1);
    QCOMPARE(column(u"SELECT lead_id || ': ' || industry || ' | ' || seniority || ' | '"
                    " || employees || ' | ' || company FROM leads ORDER BY lead_id"_s),
             (QStringList {u"l1: Financial Services | C-Level | 120 | Fintech GmbH"_s,
                           u"l2: Renewable Energy | VP | 51-200 | Acme 2"_s,
                           u"l3: Renewable Energy | VP | 11-50 | Acme 3"_s}));
    QString error;
    QCOMPARE(CampaignSources::incompleteCampaignIds(m_store->db(), &error), QStringList());
}

void TestLeadDatabase::searchKnownOnlyByTheApiIsFetchedNotPolled()
{
    FakeSendPilot api;
    api.script(SearchStatusPath,
               FakeSendPilot::Response::json(
                   200,
                   R"({"id":"search_abc123","status":"processing",)"
                   R"("progress":{"requested":10,"found":1,"percent_complete":10}})"));
    api.script(SearchResultsPath,
               FakeSendPilot::Response::json(200, "{\"leads\":[" + searchLead(1) + "]}"));
    SendPilotClient client;
    client.setConfig(clientConfig(api));
    CampaignFetcher fetcher(&client, CampaignFetcher::storeSink(&m_store->events()));
    QSignalSpy finished(&fetcher, &CampaignFetcher::finished);
    fetcher.fetch(u"search_abc123"_s, CampaignSource::LeadDatabase);
    QVERIFY(finished.wait(10'000));
    QVERIFY(finished.constFirst().constFirst().value<FetchReport>().ok());
    QCOMPARE(column(u"SELECT source || ' ' || api_status || ' ' || leads_extracted || ' '"
                    " || lead_count || ' ' || results_complete FROM campaigns"_s),
             QStringList {u"1 processing 1 1 0"_s});
    // Still processing: incomplete and running, so the window's tracker follows it.
    QString error;
    QCOMPARE(CampaignSources::incompleteCampaignIds(m_store->db(), &error),
             QStringList {u"search_abc123"_s});
    QCOMPARE(CampaignSources::runningCampaignIds(m_store->db(), &error),
             QStringList {u"search_abc123"_s});
    CampaignModel model;
    model.setDatabase(m_store->db());
    QCOMPARE(model.index(0, CampaignModel::Type).data().toString(), u"Lead Database search"_s);
    QCOMPARE(model.index(0, CampaignModel::Source).data().toString(), u"API"_s);
}

void TestLeadDatabase::trackerFollowsASearchAtItsOwnEndpoints()
{
    // pending -> processing -> completed across polls, then the grace, then the results: all
    // at the search's endpoints (§5.5), never the Lead Extractor's.
    FakeSendPilot api;
    for (const QByteArray &status :
         {QByteArray(R"({"status":"pending","progress":0})"),
          QByteArray(R"({"status":"processing","progress":{"requested":3,"found":1,)"
                     R"("percent_complete":33}})"),
          QByteArray(R"({"status":"completed","progress":100,"totalResults":3})")})
        api.script(SearchStatusPath, FakeSendPilot::Response::json(200, status));
    api.script(SearchResultsPath,
               FakeSendPilot::Response::json(200,
                                             "{\"leads\":[" + searchLead(1) + "," + searchLead(2)
                                                 + "," + searchLead(3)
                                                 + "],\"pagination\":{\"has_more\":false}}"));
    SendPilotClient client;
    client.setConfig(clientConfig(api));
    const CampaignFetcher::Sink sink = CampaignFetcher::storeSink(&m_store->events());
    CampaignFetcher fetcher(&client, sink);
    CampaignTracker tracker(&client, &fetcher, sink);
    TrackerTiming timing;
    timing.firstPollMs = 10;
    timing.maxPollMs = 20;
    timing.graceMs = 20;
    tracker.setTiming(timing);
    QSignalSpy ended(&tracker, &CampaignTracker::ended);
    tracker.track(u"search_abc123"_s, CampaignSource::LeadDatabase);
    QVERIFY(ended.wait(10'000));
    const auto state = tracker.campaign(u"search_abc123"_s);
    QVERIFY(state);
    QCOMPARE(state->phase, TrackedCampaign::Phase::Done);
    QVERIFY(state->fetched);
    QCOMPARE(state->polls, 3);
    for (const FakeSendPilot::Request &request : api.requests())
        QVERIFY2(request.target.startsWith("/v1/lead-database/searches/search_abc123/"),
                 request.target.constData());
    QCOMPARE(column(u"SELECT source || ' ' || api_status || ' ' || lead_count FROM campaigns"_s),
             QStringList {u"1 completed 3"_s});
    QString error;
    QCOMPARE(CampaignSources::incompleteCampaignIds(m_store->db(), &error), QStringList());
}

void TestLeadDatabase::searchesStoredBeforeAreProjectedAfterTheUpgrade()
{
    // A Lead Extractor campaign stored before, whose leads the rebuilt index must find.
    TRY_OR_FAIL(m_store->ingest(
        {TestSupport::jobItem(u"evt_job"_s, u"camp_job"_s, u"Founders"_s,
                              {TestSupport::namedLead(u"zoe"_s, u"Zoe"_s, u"Quist"_s)})}));
    TRY_OR_FAIL(ingestFixture());
    const QString extractorName = u"quist"_s;
    // What a version 11 store made of the search event: an entry of the log kept as activity
    // (its envelope counted no leads), no campaign and no leads.
    {
        QSqlQuery query(m_store->db());
        QVERIFY(query.exec(u"DELETE FROM campaigns WHERE source = 1"_s));
        QVERIFY(query.exec(u"UPDATE events SET lead_count = 0, activity ="
                           " '{\"campaignId\":\"search_abc123\"}' WHERE event_id = 'evt_16'"_s));
    }
    TRY_OR_FAIL(TestSupport::downgradeStore(m_store->db(), 11));
    m_store->close();
    TRY_OR_FAIL(m_store->open());
    QCOMPARE(value(u"PRAGMA user_version"_s), Database::SchemaVersion);
    QSqlQuery query(m_store->db());
    // The rebuilt index is whole, and finds what was stored before.
    QVERIFY2(query.exec(u"INSERT INTO leads_fts(leads_fts) VALUES ('integrity-check')"_s),
             qPrintable(query.lastError().text()));
    const QString match
        = u"SELECT count(*) FROM leads_fts WHERE leads_fts MATCH '\"%1\"'"_s.arg(extractorName);
    QVERIFY(value(match) > 0);
    QCOMPARE(value(u"SELECT count(*) FROM events WHERE projection = 'pending'"_s), 1);
    m_store->events().projector().drain();
    QCOMPARE(value(u"SELECT count(*) FROM events WHERE projection = 'pending'"_s), 0);
    QCOMPARE(column(u"SELECT name FROM campaigns WHERE source = 1"_s),
             QStringList {u"CTOs in Berlin"_s});
    QCOMPARE(column(u"SELECT l.industry FROM leads l JOIN campaigns c ON c.id = l.campaign"
                    " WHERE c.source = 1 ORDER BY l.id"_s),
             (QStringList {u"Financial Services"_s, QString()}));
    QCOMPARE(value(u"SELECT count(*) FROM leads_fts WHERE leads_fts MATCH 'financial'"_s), 1);
    // The old activity is gone: the event is a search now, not an activity line.
    QCOMPARE(value(u"SELECT count(*) FROM events WHERE event_id = 'evt_16'"
                   " AND activity IS NULL"_s),
             1);
    QVERIFY2(query.exec(u"INSERT INTO leads_fts(leads_fts) VALUES ('integrity-check')"_s),
             qPrintable(query.lastError().text()));
}

void TestLeadDatabase::exportWritesTheSearchFieldsAndItsSourceLabel()
{
    TRY_OR_FAIL(ingestFixture());
    const auto exportTo = [this](const ExportPreset &preset, const QString &path) {
        LeadExporter::Request request;
        request.preset = preset;
        const LeadExporter::Result result = LeadExporter(m_store->db()).exportToFile(path, request);
        return result.ok ? QString() : result.error;
    };
    const QString csv = m_store->filePath(u"search.csv"_s);
    const ExportPreset columns = ExportPreset::custom(
        {LeadColumn::FullName, LeadColumn::JobTitle, LeadColumn::Industry, LeadColumn::Seniority,
         LeadColumn::CompanyLinkedinUrl, LeadColumn::Website, LeadColumn::Employees,
         LeadColumn::LeadSource});
    QCOMPARE(exportTo(columns, csv), QString());
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QVERIFY(lines.size() >= 3);
    QCOMPARE(lines.at(0).trimmed(),
             QByteArray("\xEF\xBB\xBF"
                        "Full name,Job title,Industry,Seniority,Company LinkedIn URL,Website,"
                        "Employees,Lead source"));
    QCOMPARE(lines.at(1).trimmed(),
             QByteArray("Anna Schmidt,CTO,Financial Services,C-Level,"
                        "https://www.linkedin.com/company/fintech-gmbh,https://fintech.example,"
                        "120,Lead Database"));
    // The CRM preset's source label names the search as such.
    const QString crm = m_store->filePath(u"crm.csv"_s);
    QCOMPARE(exportTo(ExportPreset::preset(ExportPreset::Id::Crm), crm), QString());
    QFile crmFile(crm);
    QVERIFY(crmFile.open(QIODevice::ReadOnly));
    const QByteArray crmText = crmFile.readAll();
    QVERIFY2(crmText.contains("SendPilot Lead Database: CTOs in Berlin"), crmText.constData());
    QVERIFY(!crmText.contains("SendPilot Extractor"));

    // In a workbook, read back by openpyxl: the company page and the website are links, the
    // head count a text cell as sent.
    const QString python = TestSupport::findPythonWithOpenpyxl();
    if (python.isEmpty())
        QSKIP("no python3 with openpyxl (Debian's python3-openpyxl): no independent reader");
    const QString xlsx = m_store->filePath(u"search.xlsx"_s);
    LeadExporter::Request request;
    request.preset = columns;
    request.format = ExportFormat::Xlsx;
    const LeadExporter::Result result = LeadExporter(m_store->db()).exportToFile(xlsx, request);
    QVERIFY2(result.ok, qPrintable(result.error));
    const TestSupport::Workbook book = TestSupport::readXlsxWithPython(python, xlsx);
    QVERIFY2(book.ok, qPrintable(book.error));
    const QJsonObject website = book.cell(0, 1, book.columnOf(u"Website"_s));
    QCOMPARE(website.value(u"link"_s).toString(), u"https://fintech.example"_s);
    const QJsonObject page = book.cell(0, 1, book.columnOf(u"Company LinkedIn URL"_s));
    QCOMPARE(page.value(u"link"_s).toString(), u"https://www.linkedin.com/company/fintech-gmbh"_s);
    const QJsonObject employees = book.cell(0, 1, book.columnOf(u"Employees"_s));
    QCOMPARE(employees.value(u"t"_s).toString(), u"s"_s);
    QCOMPARE(employees.value(u"v"_s).toString(), u"120"_s);
}

void TestLeadDatabase::creditsLeaveSearchesOut()
{
    TRY_OR_FAIL(m_store->ingest(
        {TestSupport::jobItem(u"evt_job"_s, u"camp_job"_s, u"Founders"_s,
                              {TestSupport::namedLead(u"zoe"_s, u"Zoe"_s, u"Quist"_s)})}));
    TRY_OR_FAIL(ingestFixture());
    CreditsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(m_store->db());
    // The extractor campaign and the total: a search draws on the lead database quota, not on
    // campaign credits, and its leads would lower the credits per lead.
    QCOMPARE(model.rowCount(), 2);
    for (int row = 0; row < model.rowCount(); ++row)
        QVERIFY(!model.index(row, 0).data().toString().contains(u"Berlin"_s));
}

QTEST_GUILESS_MAIN(TestLeadDatabase)
#include "tst_leaddatabase.moc"
