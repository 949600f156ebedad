// SPDX-License-Identifier: MIT
#include "ingest/sendpilotaccount.h"

#include "common/logging.h"
#include "common/settings.h"
#include "ingest/ingestservice.h"
#include "sendpilot/event.h"
#include "store/campaignsources.h"

#include <QDateTime>
#include <QNetworkInformation>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {
constexpr qsizetype IdsPerQuery = 500; // under SQLite's default limit of bound parameters
}

SendPilotAccount::SendPilotAccount(Settings *settings, IngestService *service, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_service(service)
    , m_keys(new ApiKeyStore(settings, this))
    , m_client(nullptr)
    , m_testClient(nullptr)
    , m_fetcher(nullptr)
    , m_tracker(nullptr)
    , m_launcher(nullptr)
{
    m_client = newClient();
    m_testClient = newClient();
    // Pages go through the ingest thread's log, one at a time: the next is asked for once the
    // last is on disk, so a large campaign never piles up in memory.
    const CampaignFetcher::Sink sink =
        [this](const EventLog::Item &item, std::function<void(const EventLog::ItemResult &)> done) {
            if (!m_service) {
                EventLog::ItemResult failed;
                failed.error = tr("No database is open.");
                done(failed);
                return;
            }
            m_service->appendApiEntry(item, this, std::move(done));
        };
    m_fetcher = new CampaignFetcher(m_client, sink, this);
    m_tracker = new CampaignTracker(m_client, m_fetcher, sink, this);
    m_tracker->setCompleteCheck([this](const QString &campaignId) {
        return m_db.isOpen() && CampaignSources::isComplete(m_db, campaignId);
    });
    m_launcher = new CampaignLauncher(m_client, sink, m_tracker, this);
    connect(m_launcher, &CampaignLauncher::finished, this, [this](const LaunchReport &report) {
        if (report.ok())
            m_autoFetched.insert(report.campaignId); // the tracker fetches it when it is over
        Q_EMIT launchFinished(report);
    });
    // A launched campaign that finished spent credits, whichever way its leads came.
    connect(m_tracker, &CampaignTracker::ended, this, [this](const TrackedCampaign &campaign) {
        if (campaign.phase == TrackedCampaign::Phase::Done)
            refreshCredits();
    });
    applyConfig();
    connect(m_fetcher, &CampaignFetcher::finished, this, &SendPilotAccount::fetchFinished);
    connect(m_fetcher, &CampaignFetcher::finished, this, [this](const FetchReport &report) {
        if (report.verdict == ApiVerdict::NetworkError || report.verdict == ApiVerdict::Timeout)
            m_failedOffline.insert(report.campaignId);
    });
    connect(m_keys, &ApiKeyStore::finished, this, [this](const QString &error) {
        const bool hadKey = m_client->hasKey();
        const QString oldKey = m_client->config().apiKey;
        applyConfig();
        if (!m_client->hasKey()) {
            m_state = CreditsState(); // another account's credits are not this one's
            Q_EMIT creditsChanged();
        }
        Q_EMIT keyChanged(error);
        if (m_client->hasKey() && (!hadKey || oldKey != m_client->config().apiKey)) {
            refreshCredits();
            m_autoFetched.clear(); // another key may see what the last one was refused
            fetchIncomplete();
        }
    });
    connect(m_settings, &Settings::changed, this, [this](const QStringList &keys) {
        if (keys.contains(QString(Setting::ApiBaseUrl.key))
            || keys.contains(QString(Setting::LaunchGraceSecs.key)))
            applyConfig();
    });
}

SendPilotAccount::~SendPilotAccount() = default;

SendPilotClient *SendPilotAccount::newClient()
{
    auto *client = new SendPilotClient(this);
    connect(client, &SendPilotClient::callRecorded, this, [this](const ApiCallRecord &record) {
        if (m_service)
            m_service->recordApiCalls({record});
    });
    return client;
}

void SendPilotAccount::setTuning(const SendPilotClientConfig &tuning)
{
    m_tuning = tuning;
    applyConfig();
}

void SendPilotAccount::applyConfig()
{
    SendPilotClientConfig config = m_tuning;
    config.baseUrl = m_settings->apiBaseUrl();
    config.apiKey = m_keys->key();
    m_client->setConfig(config);
    TrackerTiming timing;
    timing.graceMs = m_settings->launchGraceSecs() * 1000;
    m_tracker->setTiming(m_trackerTiming.value_or(timing));
}

void SendPilotAccount::setTrackerTiming(const TrackerTiming &timing)
{
    m_trackerTiming = timing;
    applyConfig();
}

QList<SendPilotApi::LaunchProblem>
SendPilotAccount::launchCampaign(const SendPilotApi::LaunchRequest &request)
{
    return m_launcher->launch(request);
}

void SendPilotAccount::setDatabase(const QSqlDatabase &db)
{
    m_db = db;
    fetchIncomplete();
}

void SendPilotAccount::start()
{
    m_keys->load();
    // Catch-up when the network comes back (issue 12 item 7): a laptop that wakes up offline
    // fetched nothing at start. Without a backend (no NetworkManager, no GLib monitor), the
    // catch-up runs at start and after each webhook only.
    if (QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        QNetworkInformation *info = QNetworkInformation::instance();
        m_online = info->reachability() == QNetworkInformation::Reachability::Online;
        connect(info, &QNetworkInformation::reachabilityChanged, this,
                [this](QNetworkInformation::Reachability reachability) {
                    const bool online = reachability == QNetworkInformation::Reachability::Online;
                    if (online && !m_online)
                        networkRestored();
                    m_online = online;
                });
    }
}

void SendPilotAccount::refreshCredits()
{
    if (!m_client->hasKey())
        return;
    if (m_state.refreshing) {
        m_refreshAgain = true;
        return;
    }
    m_state.refreshing = true;
    Q_EMIT creditsChanged();
    SendPilotCall *call = m_client->fetchCredits();
    connect(call, &SendPilotCall::finished, this, [this](const ApiResponse &response) {
        m_state.refreshing = false;
        m_state.lastVerdict = response.verdict;
        if (response.ok()) {
            QString ignored; // validated by fetchCredits()
            m_state.credits = SendPilotApi::parseCredits(response.body, &ignored);
            m_state.fetchedAtMs = QDateTime::currentMSecsSinceEpoch();
            m_state.error.clear();
        } else {
            m_state.error = response.message;
        }
        Q_EMIT creditsChanged();
        if (m_refreshAgain) {
            m_refreshAgain = false;
            refreshCredits();
        }
    });
}

QString SendPilotAccount::fetchCampaign(const QString &campaignId)
{
    const QString id = campaignId.trimmed();
    if (!SendPilotApi::isValidCampaignId(id))
        return tr("“%1” is not a SendPilot campaign id: it has letters, digits, '_', '-' and '.', "
                  "as in camp_abc123.")
            .arg(id.left(100));
    if (!m_client->hasKey())
        return tr("Fetching from SendPilot needs the API key: set it in Settings → SendPilot API.");
    m_fetcher->fetch(id, CampaignSources::sourceOf(m_db, id));
    return QString();
}

void SendPilotAccount::fetchIncomplete()
{
    if (!m_client->hasKey() || !m_db.isOpen())
        return;
    QString error;
    const QStringList ids = CampaignSources::incompleteCampaignIds(m_db, &error);
    const QStringList running = CampaignSources::runningCampaignIds(m_db, &error);
    if (!error.isEmpty()) {
        qCWarning(lcIngest).noquote() << "cannot look up incomplete campaigns:" << error;
        return;
    }
    for (const QString &id : ids) {
        // A campaign a webhook named with an id the API cannot take is left alone.
        if (m_autoFetched.contains(id) || m_tracker->isTracking(id)
            || !SendPilotApi::isValidCampaignId(id))
            continue;
        m_autoFetched.insert(id);
        // One still running is polled until it is over (item 7), then fetched after the grace.
        if (running.contains(id))
            m_tracker->track(id, CampaignSources::sourceOf(m_db, id));
        else
            m_fetcher->fetch(id, CampaignSources::sourceOf(m_db, id));
    }
}

void SendPilotAccount::networkRestored()
{
    // What failed for want of a network is tried again; what the API refused or answered
    // wrongly waits to be asked for, as before.
    for (const QString &id : std::as_const(m_failedOffline))
        m_autoFetched.remove(id);
    m_failedOffline.clear();
    m_tracker->pollNow();
    fetchIncomplete();
    if (m_client->hasKey() && !m_state.error.isEmpty() && !m_state.refreshing)
        refreshCredits();
}

void SendPilotAccount::noteEventsProjected(const QStringList &eventIds)
{
    if (!m_client->hasKey() || !m_db.isOpen() || eventIds.isEmpty())
        return;
    m_tracker->checkDelivered();
    fetchIncomplete();
    // A finished campaign used credits; a finished Lead Database search used the quota.
    const QString kind = canonicalEventType(EventKind::LeadExtractorJobCompleted);
    const QString searchKind = canonicalEventType(EventKind::LeadDatabaseSearchCompleted);
    for (qsizetype from = 0; from < eventIds.size(); from += IdsPerQuery) {
        const QStringList ids = eventIds.mid(from, IdsPerQuery);
        QStringList marks;
        marks.fill(u"?"_s, ids.size());
        QSqlQuery query(m_db);
        query.prepare(
            u"SELECT 1 FROM events WHERE kind IN (?, ?) AND event_id IN (%1) LIMIT 1"_s.arg(
                marks.join(u',')));
        query.addBindValue(kind);
        query.addBindValue(searchKind);
        for (const QString &id : ids)
            query.addBindValue(id);
        if (!query.exec()) {
            qCWarning(lcIngest).noquote()
                << "cannot look up the projected events:" << query.lastError().text();
            return;
        }
        if (query.next()) {
            refreshCredits();
            return;
        }
    }
}

SendPilotCall *SendPilotAccount::testConnection(const QString &key, const QUrl &baseUrl)
{
    SendPilotClientConfig config = m_tuning;
    config.baseUrl = baseUrl;
    config.apiKey = key.trimmed();
    m_testClient->setConfig(config);
    return m_testClient->fetchCredits();
}
