// SPDX-License-Identifier: MIT
#pragma once

#include "ingest/campaignfetcher.h"
#include "sendpilot/apimodels.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class QTimer;
struct ApiResponse;

/// How patiently a running campaign is followed (issue 12 item 6).
struct TrackerTiming
{
    int firstPollMs = 5'000; ///< the wait before the second poll; doubles after each one
    int maxPollMs = 60'000; ///< ... up to this
    /// After FINISHED, how long the webhook has to bring the leads before they are fetched
    /// (the setting sendpilot/launchGraceSecs, 2 minutes by default).
    int graceMs = 120'000;
};

/// Where a tracked campaign is, as the tracker last saw it.
struct TrackedCampaign
{
    enum class Phase {
        Polling, ///< PENDING, RUNNING (or any state not yet over): polled with backoff
        Grace, ///< FINISHED: waiting for the webhook
        Fetching, ///< the grace is over and no webhook brought it: its results are fetched
        Done, ///< FINISHED and its leads are in (by the webhook or the fetch)
        Failed, ///< SendPilot said FAILED; message is what it said
        Stopped, ///< not followed any longer: the key was refused, the campaign unknown, ...
    };
    QString campaignId;
    Phase phase = Phase::Polling;
    std::optional<SendPilotApi::CampaignStatus> status; ///< the last status read
    QString message; ///< SendPilot's words (FAILED), or why polling or fetching failed
    ApiVerdict verdict = ApiVerdict::Ok; ///< Stopped: of the call that stopped it
    int polls = 0; ///< status answers read
    bool fetched = false; ///< Done by fetching (else the webhook brought the leads)

    bool isActive() const
    {
        return phase == Phase::Polling || phase == Phase::Grace || phase == Phase::Fetching;
    }
};
Q_DECLARE_METATYPE(TrackedCampaign)

/*!
    Follows Lead Extractor campaigns (and Lead Database searches, at their own endpoints, §5.5)
    until their leads are in (issue 12 items 6 and 8): polls GET .../status (§4.3) at once,
    then after TrackerTiming::firstPollMs, doubling up to maxPollMs, while the campaign is not
    over; every status read is appended to the log (the campaigns list shows its status,
    percent_complete, extracted and enriched from there). FINISHED (or "completed",
    SendPilotApi::CampaignStatus::isFinished()) starts the grace: if the webhook has brought the
    campaign whole by then (the complete check, asked again at each checkDelivered()), nothing
    is fetched; else the CampaignFetcher fetches it (merged with whatever the webhook brought:
    each lead once). FAILED ends it with what SendPilot said. A refused key (401, 403) or an
    unknown campaign (4xx) stops it; a network failure (after the client's retries) is polled
    again at the next interval.
*/
class CampaignTracker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CampaignTracker)

public:
    /// Whether the store holds campaign \a campaignId whole (CampaignSources::IncompleteSql
    /// false): what a webhook delivered during the grace.
    using CompleteCheck = std::function<bool(const QString &campaignId)>;

    CampaignTracker(SendPilotClient *client, CampaignFetcher *fetcher, CampaignFetcher::Sink sink,
                    QObject *parent = nullptr);
    ~CampaignTracker() override;

    void setTiming(const TrackerTiming &timing);
    const TrackerTiming &timing() const { return m_timing; }
    /// Without one, a finished campaign is always fetched after the grace.
    void setCompleteCheck(CompleteCheck check);

    /// Follows \a campaignId (a valid id), polling it now; one already followed is left as it is.
    /// A Lead Database search (\a source LeadDatabase) is polled and fetched at its own
    /// endpoints (§5.5).
    void track(const QString &campaignId, CampaignSource source = CampaignSource::LeadExtractor);
    bool isTracking(const QString &campaignId) const;
    /// The campaigns followed now or before in this session.
    QStringList campaignIds() const { return m_order; }
    std::optional<TrackedCampaign> campaign(const QString &campaignId) const;

    /// The store changed (a webhook was projected): campaigns in their grace that are whole now
    /// are done without a fetch.
    void checkDelivered();
    /// Polls every campaign being polled now (the network is back).
    void pollNow();

Q_SIGNALS:
    /// A status was read, the phase changed, or a poll failed.
    void changed(const TrackedCampaign &campaign);
    /// The campaign is Done, Failed or Stopped.
    void ended(const TrackedCampaign &campaign);

private:
    struct Entry;
    void poll(const QString &campaignId);
    void answered(const QString &campaignId, const ApiResponse &response);
    void schedule(Entry &entry, int delayMs);
    void graceOver(const QString &campaignId);
    void fetchEnded(const FetchReport &report);
    void end(Entry &entry, TrackedCampaign::Phase phase, const QString &message,
             ApiVerdict verdict = ApiVerdict::Ok);

    QPointer<SendPilotClient> m_client;
    QPointer<CampaignFetcher> m_fetcher;
    CampaignFetcher::Sink m_sink;
    CompleteCheck m_complete;
    TrackerTiming m_timing;
    QHash<QString, Entry *> m_entries;
    QStringList m_order;
};
