// SPDX-License-Identifier: MIT
#pragma once

#include "ingest/campaignfetcher.h"
#include "ingest/campaignlauncher.h"
#include "ingest/campaigntracker.h"
#include "sendpilot/apikeystore.h"
#include "sendpilot/apimodels.h"
#include "sendpilot/sendpilotclient.h"

#include <QObject>
#include <QSqlDatabase>

#include <QSet>

#include <optional>

class IngestService;
class Settings;

/// The account's credits as last fetched, and how the last fetch went.
struct CreditsState
{
    std::optional<SendPilotApi::Credits> credits; ///< the last good answer, kept across failures
    qint64 fetchedAtMs = 0; ///< when that answer came; 0 for never
    bool refreshing = false;
    /// The last fetch's failure for the user (SendPilot's message for 401/403), or empty.
    QString error;
    ApiVerdict lastVerdict = ApiVerdict::Unknown;
};

/*!
    The window's SendPilot account: the API key (ApiKeyStore), the base URL (Settings), the
    client, the credits and campaign fetches (issue 12 items 4, 5). Credits are fetched when the key
   is known at start, on request (refreshCredits()), and after each campaign finishes: when the
   projector has written a lead_extractor.job.completed (noteEventsProjected()). Every exchange is
   recorded in the store through IngestService::recordApiCalls(). A fetch asked for while one runs
   is done once after it.
*/
class SendPilotAccount final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SendPilotAccount)

public:
    SendPilotAccount(Settings *settings, IngestService *service, QObject *parent = nullptr);
    ~SendPilotAccount() override;

    ApiKeyStore *keyStore() const { return m_keys; }
    Settings *settings() const { return m_settings; }
    SendPilotClient *client() const { return m_client; }
    /// Timeouts, retries and delays for every call (tests shrink them); the key and base URL
    /// come from the key store and the settings and replace those of \a tuning.
    void setTuning(const SendPilotClientConfig &tuning);

    /// Loads the key; credits are fetched once it is known.
    void start();
    bool hasKey() const { return m_client->hasKey(); }
    /// The read connection to look up what was projected (the window's); incomplete campaigns
    /// are fetched once it is open and a key is set.
    void setDatabase(const QSqlDatabase &db);

    void refreshCredits();
    const CreditsState &credits() const { return m_state; }

    /// \a eventIds were projected: credits are fetched again if one is a finished Lead
    /// Extractor job (a campaign's credits were spent).
    void noteEventsProjected(const QStringList &eventIds);

    /// Fetches the campaign \a campaignId from the API into the log (CampaignFetcher through
    /// IngestService::appendApiEntry). Returns an empty string when it is queued, else why not
    /// (no key, not a campaign id), for the user.
    QString fetchCampaign(const QString &campaignId);
    /// Fetches every incomplete campaign (CampaignSources::IncompleteSql) not yet fetched
    /// automatically in this session, when a key is set: at start, after a webhook was
    /// projected. A fetch that failed is not repeated until asked for.
    void fetchIncomplete();
    /// The network is back (QNetworkInformation, from start()): the campaigns whose fetch
    /// failed for a network error or a timeout are fetched again with every other incomplete
    /// one, and credits that could not be read are asked for again.
    void networkRestored();
    CampaignFetcher *fetcher() const { return m_fetcher; }

    /// Starts a Lead Extractor campaign (CampaignLauncher): what is wrong with \a request, or
    /// empty when it was sent (launchFinished() follows, and the tracker follows the campaign).
    QList<SendPilotApi::LaunchProblem> launchCampaign(const SendPilotApi::LaunchRequest &request);
    CampaignLauncher *launcher() const { return m_launcher; }
    /// Follows launched and running campaigns: polls, the grace, the fetch (issue 12 item 6).
    CampaignTracker *tracker() const { return m_tracker; }
    /// Poll intervals and grace for tests; without it the grace is the setting
    /// sendpilot/launchGraceSecs.
    void setTrackerTiming(const TrackerTiming &timing);

    /// GET /v1/credits with \a key at \a baseUrl, before they are saved ("Test connection").
    /// Recorded like every call; does not change credits().
    SendPilotCall *testConnection(const QString &key, const QUrl &baseUrl);

Q_SIGNALS:
    /// The key was loaded, saved or cleared (see keyStore()); \a error if that failed.
    void keyChanged(const QString &error);
    void creditsChanged();
    /// A fetch of a campaign ended (see CampaignFetcher::finished).
    void fetchFinished(const FetchReport &report);
    /// A launch ended (see CampaignLauncher::finished).
    void launchFinished(const LaunchReport &report);

private:
    void applyConfig();
    SendPilotClient *newClient();

    Settings *m_settings;
    IngestService *m_service;
    ApiKeyStore *m_keys;
    SendPilotClient *m_client;
    SendPilotClient *m_testClient;
    SendPilotClientConfig m_tuning;
    QSqlDatabase m_db;
    CreditsState m_state;
    bool m_refreshAgain = false;
    CampaignFetcher *m_fetcher;
    CampaignTracker *m_tracker;
    CampaignLauncher *m_launcher;
    std::optional<TrackerTiming> m_trackerTiming; ///< set by tests
    QSet<QString> m_autoFetched; ///< campaigns fetched without being asked, this session
    QSet<QString> m_failedOffline; ///< fetches that failed for the network, to try again
    bool m_online = true;
};
