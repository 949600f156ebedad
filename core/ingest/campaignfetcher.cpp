// SPDX-License-Identifier: MIT
#include "ingest/campaignfetcher.h"

#include "common/logging.h"
#include "sendpilot/apimodels.h"
#include "sendpilot/sendpilotclient.h"
#include "store/eventstore.h"

#include <QCryptographicHash>
#include <QDateTime>

using namespace Qt::StringLiterals;

namespace {

// A results listing that never says it is done (has_more true on every page) stops here:
// 1,000,000 leads at the default page size.
constexpr int MaxPages = 10'000;

// A Lead Database search's endpoints (§5.5 and the results_url of 3.12) beside the Lead
// Extractor's (§4.3, §4.4).
QString basePath(const QString &campaignId, CampaignSource source)
{
    return source == CampaignSource::LeadDatabase
        ? u"/v1/lead-database/searches/%1"_s.arg(campaignId)
        : u"/v1/lead-extractor/campaigns/%1"_s.arg(campaignId);
}

QString resultsPath(const QString &campaignId, CampaignSource source, qint64 offset, int limit)
{
    return u"%1/results?limit=%2&offset=%3"_s.arg(basePath(campaignId, source))
        .arg(limit)
        .arg(offset);
}

// The entry's idempotency key: the same answer twice is one entry.
QString entryId(EventKind kind, const QString &campaignId, const QString &path,
                const QByteArray &body)
{
    const QByteArray hash
        = QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex().left(24);
    if (kind == EventKind::ApiCampaignStatus)
        return u"api:%1:status:%2"_s.arg(campaignId, QString::fromLatin1(hash));
    if (kind == EventKind::ApiCampaignLaunched)
        return u"api:%1:launched"_s.arg(campaignId); // a campaign is created once
    const qsizetype at = path.indexOf(u"offset="_s);
    const QString offset = at < 0 ? u"0"_s : path.mid(at + 7);
    return u"api:%1:results:%2:%3"_s.arg(campaignId, offset, QString::fromLatin1(hash));
}

} // namespace

QString CampaignFetcher::statusPath(const QString &campaignId, CampaignSource source)
{
    return basePath(campaignId, source) + u"/status"_s;
}

CampaignFetcher::CampaignFetcher(SendPilotClient *client, Sink sink, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_sink(std::move(sink))
    , m_pageSize(SendPilotApi::ResultsPageSize)
{
    qRegisterMetaType<FetchReport>();
}

CampaignFetcher::~CampaignFetcher() = default;

CampaignFetcher::Sink CampaignFetcher::storeSink(EventStore *store)
{
    return [store](const EventLog::Item &item,
                   std::function<void(const EventLog::ItemResult &)> done) {
        const QList<EventLog::ItemResult> results = store->ingest({item});
        done(results.value(0));
    };
}

void CampaignFetcher::setPageSize(int limit)
{
    m_pageSize = qMax(1, limit);
}

bool CampaignFetcher::isQueued(const QString &campaignId) const
{
    return m_current == campaignId || m_queue.contains(campaignId);
}

void CampaignFetcher::fetch(const QString &campaignId, CampaignSource source)
{
    if (isQueued(campaignId))
        return;
    m_queue.append(campaignId);
    m_queuedSources.insert(campaignId, source);
    if (!isBusy())
        startNext();
}

EventLog::Item CampaignFetcher::entryFor(EventKind kind, const QString &campaignId,
                                         const QString &path, const QByteArray &body,
                                         qint64 leadCount)
{
    EventLog::Item item;
    EventEnvelope envelope;
    envelope.eventId = entryId(kind, campaignId, path, body);
    envelope.eventType = canonicalEventType(kind);
    envelope.kind = kind;
    envelope.timestamp = QDateTime::currentDateTimeUtc();
    envelope.campaignId = campaignId;
    envelope.leadCount = leadCount;
    item.envelope = envelope;
    DeliveryRecord &d = item.delivery;
    d.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
    d.peer = u"SendPilot API"_s;
    d.method = kind == EventKind::ApiCampaignLaunched ? u"POST"_s : u"GET"_s;
    d.path = path; // the request, never the key (it travels in a header only)
    d.body = body;
    d.bodySize = body.size();
    d.status = 200;
    d.verdict = Verdict::Fetched;
    // Asked for with the account's key over the API: as trustworthy as a signed webhook.
    d.verified = true;
    d.eventId = envelope.eventId;
    d.eventType = envelope.eventType;
    d.leadCount = leadCount;
    return item;
}

void CampaignFetcher::startNext()
{
    if (isBusy() || m_queue.isEmpty())
        return;
    m_current = m_queue.takeFirst();
    m_source = m_queuedSources.take(m_current);
    m_report = FetchReport();
    m_report.campaignId = m_current;
    m_report.source = m_source;
    m_offset = 0;
    Q_EMIT started(m_current);
    if (!SendPilotApi::isValidCampaignId(m_current)) {
        finish(ApiVerdict::ClientError,
               tr("“%1” is not a SendPilot campaign id (letters, digits, '_', '-' and '.').")
                   .arg(m_current.left(200)));
        return;
    }
    if (!m_client) {
        finish(ApiVerdict::NetworkError, tr("No SendPilot client."));
        return;
    }
    SendPilotCall *call
        = m_client->get(statusPath(m_current, m_source), [](const QByteArray &body) {
              QString error;
              return SendPilotApi::parseCampaignStatus(body, &error) ? QString() : error;
          });
    connect(call, &SendPilotCall::finished, this, &CampaignFetcher::statusAnswered);
}

void CampaignFetcher::statusAnswered(const ApiResponse &response)
{
    if (!response.ok()) {
        finish(response.verdict, response.message);
        return;
    }
    QString ignored; // validated by the call
    m_report.status = SendPilotApi::parseCampaignStatus(response.body, &ignored)->status;
    m_sink(entryFor(EventKind::ApiCampaignStatus, m_current, statusPath(m_current, m_source),
                    response.body, 0),
           [this](const EventLog::ItemResult &result) {
               if (result.outcome == EventLog::Outcome::Failed) {
                   finish(ApiVerdict::Ok, result.error, true);
                   return;
               }
               requestPage();
           });
}

void CampaignFetcher::requestPage()
{
    if (!m_client) {
        finish(ApiVerdict::NetworkError, tr("No SendPilot client."));
        return;
    }
    const QString path = resultsPath(m_current, m_source, m_offset, m_pageSize);
    SendPilotCall *call = m_client->get(path, [](const QByteArray &body) {
        QString error;
        return SendPilotApi::parseResultsPage(body, &error) ? QString() : error;
    });
    connect(call, &SendPilotCall::finished, this,
            [this, path](const ApiResponse &response) { pageAnswered(response, path); });
}

void CampaignFetcher::pageAnswered(const ApiResponse &response, const QString &path)
{
    if (!response.ok()) {
        // The pages before are stored; the message names the page that failed.
        QString message = response.message;
        if (m_report.pages > 0)
            message = tr("%1 (after %n page(s) were stored)", "", m_report.pages).arg(message);
        finish(response.verdict, message);
        return;
    }
    QString ignored; // validated by the call
    const SendPilotApi::PageInfo page = *SendPilotApi::parseResultsPage(response.body, &ignored);
    const bool last = SendPilotApi::isLastPage(page, m_pageSize) || m_report.pages + 1 >= MaxPages;
    const qint64 leads = page.leads;
    m_sink(
        entryFor(EventKind::ApiCampaignResults, m_current, path, response.body, leads),
        [this, last, leads](const EventLog::ItemResult &result) { stored(result, last, leads); });
}

void CampaignFetcher::stored(const EventLog::ItemResult &result, bool lastPage, qint64 leads)
{
    if (result.outcome == EventLog::Outcome::Failed) {
        finish(ApiVerdict::Ok, result.error, true);
        return;
    }
    ++m_report.pages;
    if (result.outcome == EventLog::Outcome::Stored)
        ++m_report.newPages;
    m_report.leads += leads;
    Q_EMIT progressed(m_current, m_report.pages, m_report.leads);
    if (lastPage) {
        finish(ApiVerdict::Ok, QString());
        return;
    }
    // The offset advances by what the page held, as the third-party client does (§4.4).
    m_offset += leads;
    requestPage();
}

void CampaignFetcher::finish(ApiVerdict verdict, const QString &message, bool storeFailed)
{
    m_report.verdict = storeFailed ? ApiVerdict::Unknown : verdict;
    m_report.storeFailed = storeFailed;
    m_report.message = storeFailed ? tr("The database refused a page: %1").arg(message) : message;
    qCInfo(lcApi).noquote() << "fetch of campaign" << logSafe(m_current) << "ended"
                            << apiVerdictName(verdict) << "pages" << m_report.pages << "leads"
                            << m_report.leads;
    const FetchReport report = m_report;
    m_current.clear();
    Q_EMIT finished(report);
    startNext();
}
