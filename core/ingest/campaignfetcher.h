// SPDX-License-Identifier: MIT
#pragma once

#include "sendpilot/apicall.h"
#include "store/eventlog.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>

class EventStore;
class SendPilotClient;
struct ApiResponse;

/// How fetching one campaign went.
struct FetchReport
{
    QString campaignId;
    ApiVerdict verdict = ApiVerdict::Unknown; ///< Ok when the status and every page were stored
    QString message; ///< why not, for the user (SendPilot's message, the store's error)
    bool storeFailed = false; ///< the log refused a page (exit code 3), not the API
    QString status; ///< what the API said: PENDING, RUNNING, FINISHED, FAILED (a search:
                    ///< pending, processing, completed, failed)
    CampaignSource source = CampaignSource::LeadExtractor; ///< whose endpoints were asked
    int pages = 0; ///< result pages read and stored (new or already stored)
    int newPages = 0; ///< of which new entries of the log
    qint64 leads = 0; ///< leads in the pages read

    bool ok() const { return verdict == ApiVerdict::Ok; }
};
Q_DECLARE_METATYPE(FetchReport)

/*!
    Fetches campaigns from the SendPilot API into the event log (issue 12 item 4): the status
    (GET /v1/lead-extractor/campaigns/{id}/status), then the results in pages of
    SendPilotApi::ResultsPageSize until SendPilotApi::isLastPage(). Each answer is appended as
    it came, as an entry of its own, before the next is asked for: only one page is ever in
    memory, and a failure half-way loses none of the pages already stored. An entry's id is the
    campaign, the part (status, or results and the offset) and a hash of the body, so fetching
    an unchanged campaign again stores nothing new, while a page that changed (a campaign still
    running) is a new entry. The projector makes campaigns and leads of the entries.

    Campaigns asked for while one is fetched wait their turn. The sink appends on the store's
    thread and calls back; the fetcher lives on the client's thread.
*/
class CampaignFetcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CampaignFetcher)

public:
    /// Appends \a item to the log (durably) and calls \a done with the outcome, on this
    /// fetcher's thread, possibly before returning.
    using Sink = std::function<void(const EventLog::Item &item,
                                    std::function<void(const EventLog::ItemResult &)> done)>;

    CampaignFetcher(SendPilotClient *client, Sink sink, QObject *parent = nullptr);
    /// A sink that appends to \a store and projects at once, on the caller's thread (the command
    /// line, tests, benchmarks). \a store must outlive the fetcher.
    static Sink storeSink(EventStore *store);
    ~CampaignFetcher() override;

    /// Queues \a campaignId (checked with SendPilotApi::isValidCampaignId by the caller; an
    /// invalid one ends at once as a refused request), a Lead Extractor campaign or, with
    /// \a source LeadDatabase, a Lead Database search (its status and results endpoints,
    /// §5.5). Already queued or running: nothing. CampaignSources::sourceOf() says which a
    /// stored campaign is.
    void fetch(const QString &campaignId, CampaignSource source = CampaignSource::LeadExtractor);
    bool isBusy() const { return !m_current.isEmpty(); }
    bool isQueued(const QString &campaignId) const;
    QString current() const { return m_current; }
    /// Leads asked for per page (tests); default SendPilotApi::ResultsPageSize.
    void setPageSize(int limit);

    /// GET path of the campaign's status (§4.3), or of a search's (§5.5).
    static QString statusPath(const QString &campaignId,
                              CampaignSource source = CampaignSource::LeadExtractor);
    /// The entry of one answer, as the log keeps it (also used by tests): a status, a results
    /// page, or the record of a launch (POST, kind ApiCampaignLaunched, one per campaign).
    static EventLog::Item entryFor(EventKind kind, const QString &campaignId, const QString &path,
                                   const QByteArray &body, qint64 leadCount);

Q_SIGNALS:
    void started(const QString &campaignId);
    /// A page was stored: \a pages so far, \a leads in them.
    void progressed(const QString &campaignId, int pages, qint64 leads);
    void finished(const FetchReport &report);

private:
    void startNext();
    void statusAnswered(const ApiResponse &response);
    void requestPage();
    void pageAnswered(const ApiResponse &response, const QString &path);
    void stored(const EventLog::ItemResult &result, bool lastPage, qint64 leads);
    void finish(ApiVerdict verdict, const QString &message, bool storeFailed = false);

    QPointer<SendPilotClient> m_client;
    Sink m_sink;
    int m_pageSize;
    QStringList m_queue;
    QHash<QString, CampaignSource> m_queuedSources;
    QString m_current;
    CampaignSource m_source = CampaignSource::LeadExtractor;
    FetchReport m_report;
    qint64 m_offset = 0;
};
