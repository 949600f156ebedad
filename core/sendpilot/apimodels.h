// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QMetaType>
#include <QString>

#include <optional>

/*!
    What the SendPilot API answers, read from its JSON. A field the answer does not hold (or
    holds with the wrong type) stays unset: shown as unknown, never invented (a missing
    "remaining" is not computed from balance and used). Reference: sendpilot-webhooks.md §4.
*/
namespace SendPilotApi {

/// GET /v1/credits (§4.5): {"globalCredits":{"balance","used","remaining"},
/// "leadDatabase":{"quota","used","remaining"}}.
struct Credits
{
    /// The one pool every Lead Extractor operation (extraction and enrichment) draws on.
    std::optional<double> balance;
    std::optional<double> used;
    std::optional<double> remaining;
    /// The Lead Database search quota.
    std::optional<double> leadQuota;
    std::optional<double> leadUsed;
    std::optional<double> leadRemaining;

    friend bool operator==(const Credits &, const Credits &) = default;
};

/// The credits in \a body, or nullopt with \a error saying what was wrong: not JSON, not an
/// object, or no "globalCredits" object (the one part the docs' example always has). Missing
/// numbers inside are left unset.
std::optional<Credits> parseCredits(const QByteArray &body, QString *error);

/// SendPilot's own words from an error body ({"statusCode":401,"message":"Invalid API key",
/// "error":"Unauthorized"}, §4.1): "message" (a list of messages joined with "; "), else
/// "error"; empty when the body holds neither.
QString errorMessage(const QByteArray &body);

/// RFC 9110 §10.2.3: Retry-After is delay-seconds or an HTTP-date. Milliseconds to wait from
/// \a now, or nullopt when \a value is empty or neither form. A date in the past waits 0.
std::optional<qint64> parseRetryAfter(const QByteArray &value, const QDateTime &now);

/// GET /v1/lead-extractor/campaigns/{id}/status (§4.3, documented), or a Lead Database
/// search's GET /v1/lead-database/searches/{id}/status (§5.5: lower-case statuses, "found" or
/// totalResults for the leads so far): what is given, the rest unset.
struct CampaignStatus
{
    QString id;
    QString name;
    /// PENDING, RUNNING, FINISHED, FAILED as sent, or a search's pending, processing,
    /// completed, failed; compare without case
    QString status;
    std::optional<qint64> extracted;
    std::optional<qint64> enriched;
    std::optional<qint64> requested;
    std::optional<double> percentComplete;
    QDateTime createdAt; ///< invalid when absent
    /// SendPilot's words with the status ("message", else "error", read as errorMessage()
    /// reads an error body): not a documented field of §4.3, empty when absent.
    QString message;

    /// FINISHED (§4.3), or "completed": a search's (§5.5), which a third-party client also
    /// takes for an extractor campaign's done (any case).
    bool isFinished() const
    {
        return status.compare(u"FINISHED", Qt::CaseInsensitive) == 0
            || status.compare(u"completed", Qt::CaseInsensitive) == 0;
    }
    bool isFailed() const { return status.compare(u"FAILED", Qt::CaseInsensitive) == 0; }
};
/// The status in \a body, or nullopt with \a error: not JSON, not an object, or no "status"
/// string (the one required field that says anything).
std::optional<CampaignStatus> parseCampaignStatus(const QByteArray &body, QString *error);

/// What a page of GET .../results says about paging (§4.4: not documented; a third-party client
/// reads {"leads":[...],"pagination":{"has_more"|"hasMore":bool}}).
struct PageInfo
{
    qsizetype leads = 0; ///< elements of "leads"
    bool hasPagination = false; ///< a "pagination" object was there
    std::optional<bool> hasMore; ///< pagination.has_more, else pagination.hasMore, if a bool
};
/// The paging of the page in \a body, or nullopt with \a error: not JSON, not an object, no
/// "leads" array, or a "pagination" that is not an object.
std::optional<PageInfo> parseResultsPage(const QByteArray &body, QString *error);
/// The one stop rule of paging: the page is the last when has_more (or hasMore) is false, when
/// it is empty, or, with no pagination flag at all, when it holds fewer than \a limit leads.
bool isLastPage(const PageInfo &page, qint64 limit);
/// Leads asked for per page: what the third-party client uses (§4.4; the maximum is unknown).
inline constexpr int ResultsPageSize = 100;

/// A campaign id as it may go into a URL path: 1 to 200 letters, digits, '_', '-' or '.' (the
/// documented ids look like "camp_abc123xyz"); anything else is refused before a request.
bool isValidCampaignId(const QString &id);

} // namespace SendPilotApi

Q_DECLARE_METATYPE(SendPilotApi::Credits)
