// SPDX-License-Identifier: MIT
#include "ingest/campaigntracker.h"

#include "common/logging.h"
#include "sendpilot/sendpilotclient.h"

#include <QTimer>

using namespace Qt::StringLiterals;

struct CampaignTracker::Entry
{
    TrackedCampaign state;
    CampaignSource source = CampaignSource::LeadExtractor;
    QTimer *timer = nullptr; ///< the next poll, or the end of the grace
    int nextDelayMs = 0;
    bool inFlight = false;
};

CampaignTracker::CampaignTracker(SendPilotClient *client, CampaignFetcher *fetcher,
                                 CampaignFetcher::Sink sink, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_fetcher(fetcher)
    , m_sink(std::move(sink))
{
    qRegisterMetaType<TrackedCampaign>();
    if (m_fetcher)
        connect(m_fetcher, &CampaignFetcher::finished, this, &CampaignTracker::fetchEnded);
}

CampaignTracker::~CampaignTracker()
{
    qDeleteAll(m_entries);
}

void CampaignTracker::setTiming(const TrackerTiming &timing)
{
    m_timing = timing;
}

void CampaignTracker::setCompleteCheck(CompleteCheck check)
{
    m_complete = std::move(check);
}

bool CampaignTracker::isTracking(const QString &campaignId) const
{
    const Entry *entry = m_entries.value(campaignId);
    return entry && entry->state.isActive();
}

std::optional<TrackedCampaign> CampaignTracker::campaign(const QString &campaignId) const
{
    if (const Entry *entry = m_entries.value(campaignId))
        return entry->state;
    return std::nullopt;
}

void CampaignTracker::track(const QString &campaignId, CampaignSource source)
{
    if (isTracking(campaignId))
        return;
    Entry *entry = m_entries.value(campaignId);
    if (!entry) {
        entry = new Entry;
        entry->timer = new QTimer(this);
        entry->timer->setSingleShot(true);
        m_entries.insert(campaignId, entry);
        m_order.append(campaignId);
    }
    entry->state = TrackedCampaign();
    entry->state.campaignId = campaignId;
    entry->source = source;
    entry->nextDelayMs = m_timing.firstPollMs;
    Q_EMIT changed(entry->state);
    poll(campaignId);
}

void CampaignTracker::schedule(Entry &entry, int delayMs)
{
    entry.timer->disconnect(this);
    const QString id = entry.state.campaignId;
    connect(entry.timer, &QTimer::timeout, this, [this, id] { poll(id); });
    entry.timer->start(qMax(0, delayMs));
}

void CampaignTracker::poll(const QString &campaignId)
{
    Entry *entry = m_entries.value(campaignId);
    if (!entry || entry->state.phase != TrackedCampaign::Phase::Polling || entry->inFlight)
        return;
    if (!m_client) {
        end(*entry, TrackedCampaign::Phase::Stopped, tr("No SendPilot client."));
        return;
    }
    entry->timer->stop();
    entry->inFlight = true;
    SendPilotCall *call = m_client->get(
        CampaignFetcher::statusPath(campaignId, entry->source), [](const QByteArray &body) {
            QString error;
            return SendPilotApi::parseCampaignStatus(body, &error) ? QString() : error;
        });
    connect(call, &SendPilotCall::finished, this,
            [this, campaignId](const ApiResponse &response) { answered(campaignId, response); });
}

void CampaignTracker::answered(const QString &campaignId, const ApiResponse &response)
{
    Entry *entry = m_entries.value(campaignId);
    if (!entry)
        return;
    entry->inFlight = false;
    TrackedCampaign &state = entry->state;
    if (state.phase != TrackedCampaign::Phase::Polling)
        return;
    if (!response.ok()) {
        if (isAuthRefusal(response.verdict) || response.verdict == ApiVerdict::ClientError) {
            end(*entry, TrackedCampaign::Phase::Stopped, response.message, response.verdict);
            return;
        }
        // The network, a timeout, a 5xx, a 429 or a bad answer: the next poll may do better.
        state.message = response.message;
        Q_EMIT changed(state);
        schedule(*entry, entry->nextDelayMs);
        entry->nextDelayMs = qMin(entry->nextDelayMs * 2, m_timing.maxPollMs);
        return;
    }
    QString ignored; // validated by the call
    const SendPilotApi::CampaignStatus status
        = *SendPilotApi::parseCampaignStatus(response.body, &ignored);
    state.status = status;
    state.message.clear();
    ++state.polls;
    const QString path = CampaignFetcher::statusPath(campaignId, entry->source);
    // Into the log, so the campaigns list shows it; an unchanged answer is stored once.
    m_sink(
        CampaignFetcher::entryFor(EventKind::ApiCampaignStatus, campaignId, path, response.body, 0),
        [this, campaignId, status](const EventLog::ItemResult &result) {
            Entry *entry = m_entries.value(campaignId);
            if (!entry)
                return;
            if (result.outcome == EventLog::Outcome::Failed)
                qCWarning(lcApi).noquote() << "cannot store the status of" << logSafe(campaignId)
                                           << ":" << logSafe(result.error);
            TrackedCampaign &state = entry->state;
            if (state.phase != TrackedCampaign::Phase::Polling)
                return;
            if (status.isFailed()) {
                end(*entry, TrackedCampaign::Phase::Failed,
                    status.message.isEmpty()
                        ? tr("SendPilot says the campaign failed; it gave no reason.")
                        : status.message);
                return;
            }
            if (status.isFinished()) {
                state.phase = TrackedCampaign::Phase::Grace;
                Q_EMIT changed(state);
                entry->timer->disconnect(this);
                connect(entry->timer, &QTimer::timeout, this,
                        [this, campaignId] { graceOver(campaignId); });
                entry->timer->start(qMax(0, m_timing.graceMs));
                return;
            }
            Q_EMIT changed(state);
            schedule(*entry, entry->nextDelayMs);
            entry->nextDelayMs = qMin(entry->nextDelayMs * 2, m_timing.maxPollMs);
        });
}

void CampaignTracker::graceOver(const QString &campaignId)
{
    Entry *entry = m_entries.value(campaignId);
    if (!entry || entry->state.phase != TrackedCampaign::Phase::Grace)
        return;
    if (m_complete && m_complete(campaignId)) {
        end(*entry, TrackedCampaign::Phase::Done, QString());
        return;
    }
    if (!m_fetcher) {
        end(*entry, TrackedCampaign::Phase::Stopped, tr("No SendPilot client."));
        return;
    }
    qCInfo(lcApi).noquote() << "no webhook brought campaign" << logSafe(campaignId)
                            << "within the grace; fetching it";
    entry->state.phase = TrackedCampaign::Phase::Fetching;
    Q_EMIT changed(entry->state);
    m_fetcher->fetch(campaignId, entry->source);
}

void CampaignTracker::fetchEnded(const FetchReport &report)
{
    Entry *entry = m_entries.value(report.campaignId);
    if (!entry || entry->state.phase != TrackedCampaign::Phase::Fetching)
        return;
    entry->state.fetched = report.ok();
    if (report.ok())
        end(*entry, TrackedCampaign::Phase::Done, QString());
    else
        end(*entry, TrackedCampaign::Phase::Stopped, report.message, report.verdict);
}

void CampaignTracker::checkDelivered()
{
    if (!m_complete)
        return;
    for (const QString &id : std::as_const(m_order)) {
        Entry *entry = m_entries.value(id);
        if (entry->state.phase == TrackedCampaign::Phase::Grace && m_complete(id))
            end(*entry, TrackedCampaign::Phase::Done, QString());
    }
}

void CampaignTracker::pollNow()
{
    for (const QString &id : std::as_const(m_order)) {
        Entry *entry = m_entries.value(id);
        if (entry->state.phase == TrackedCampaign::Phase::Polling && !entry->inFlight) {
            entry->nextDelayMs = m_timing.firstPollMs;
            poll(id);
        }
    }
}

void CampaignTracker::end(Entry &entry, TrackedCampaign::Phase phase, const QString &message,
                          ApiVerdict verdict)
{
    entry.state.verdict = verdict;
    entry.timer->stop();
    entry.timer->disconnect(this);
    entry.state.phase = phase;
    entry.state.message = message;
    qCInfo(lcApi).noquote() << "campaign" << logSafe(entry.state.campaignId) << "followed to"
                            << int(phase);
    const TrackedCampaign state = entry.state;
    Q_EMIT changed(state);
    Q_EMIT ended(state);
}
