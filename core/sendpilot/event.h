// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

/// The event types SendPilot sends, both documentation generations mapped onto one kind each
/// (sendpilot-webhooks.md, section 0).
enum class EventKind {
    Unknown,
    MessageSent, // message.sent
    ReplyReceived, // reply.received, old: message.received
    ConnectionSent, // connection_request.sent, old: connection.sent
    ConnectionAccepted, // connection_request.accepted, old: connection.accepted
    CampaignStarted, // campaign.started
    CampaignPaused, // campaign.paused
    CampaignResumed, // campaign.resumed
    CampaignFinished, // campaign.finished
    LeadUpdated, // lead.updated, old: lead.status.changed
    LeadTagUpdated, // lead.tag.updated
    LeadDatabaseSearchCompleted, // lead_database.search.completed
    LeadExtractorJobCompleted, // lead_extractor.job.completed
    // Entries fetched from the SendPilot API, not webhooks (issue 12). No webhook eventType maps
    // to them (eventKindFromType never returns them): a posted event cannot pose as a page.
    ApiCampaignStatus, // GET /v1/lead-extractor/campaigns/{id}/status, stored as fetched
    ApiCampaignResults, // one page of GET /v1/lead-extractor/campaigns/{id}/results
    // POST /v1/lead-extractor/campaigns from this app: {"request": what was sent, "response":
    // what SendPilot answered}, the campaign's first record (issue 12 item 6).
    ApiCampaignLaunched,
};

/// Whether \a kind is an entry fetched from the API rather than a webhook.
constexpr bool isApiKind(EventKind kind)
{
    return kind == EventKind::ApiCampaignStatus || kind == EventKind::ApiCampaignResults
        || kind == EventKind::ApiCampaignLaunched;
}

EventKind eventKindFromType(QStringView eventType);

/// The public profile slug of a LinkedIn profile URL: "johndoe" for
/// "https://www.linkedin.com/in/johndoe/" and for the internal form SendPilot has been seen to
/// send, "in/johndoe?miniProfileUrn=..." (sendpilot-webhooks.md 2.6). Percent-decoded, without
/// query or fragment. Empty when \a url has no "in/<slug>" part.
QString linkedinIdentifierFromUrl(QStringView url);
/// The person's key across campaigns, the only thing that says two leads are one person: the
/// LinkedIn public identifier, or the slug of the profile URL when no identifier was sent
/// (SendPilot's lead "id" is not used: it is documented only as a "unique lead identifier",
/// and in test data it is a per-job counter). Percent-decoded, trimmed, without a trailing
/// '/', lower-case: LinkedIn's public identifiers are case-insensitive (/in/JohnDoe and
/// /in/johndoe are one profile). An identifier sent as a whole URL is reduced to its slug.
/// Empty when neither names a profile: a lead without one is nobody else.
QString normalizedLinkedinIdentifier(QStringView identifier, QStringView url);
/// The newest documented name of \a kind ("reply.received" for both reply names); empty for
/// Unknown. The API kinds have names of this program's own ("api.lead_extractor.status",
/// "api.lead_extractor.results"), kept in events.kind and events.event_type.
QString canonicalEventType(EventKind kind);
/// The API kind stored as \a name (events.kind), else Unknown.
EventKind apiKindFromName(QStringView name);

struct Experience
{
    QString title;
    QString company;
    QString duration;
};

struct Education
{
    QString school;
    QString degree;
};

/// One lead of a lead_extractor.job.completed event. Missing, null or wrong-typed fields are
/// empty (strings) or nullopt (numbers).
struct Lead
{
    QString id;
    QString linkedinIdentifier;
    QString linkedinUrl;
    QString firstName;
    QString lastName;
    QString fullName;
    QString headline;
    QString summary;
    QString location;
    QString city;
    QString country;
    QString profilePictureUrl;
    QString company;
    QString jobPosition;
    QString email;
    QString phone;
    std::optional<qint64> connections;
    std::optional<qint64> followers;
    QList<Experience> experience;
    QList<Education> education;
    QStringList skills;
    // What a Lead Database search gives beyond the extractor's fields (sendpilot-webhooks.md
    // 3.12); empty for extractor leads. Its job_title also fills jobPosition when that is empty,
    // so the Position column, filter and search find a search's leads too.
    QString jobTitle;
    QString industry;
    QString seniority;
    QString companyLinkedinUrl;
    QString website;
    /// "employees" as sent: a head count ("250") or a band ("51-200").
    QString employees;
};

struct Credits
{
    qint64 extraction = 0;
    qint64 enrichment = 0;
    qint64 total = 0;
};

/// What brought a campaign's leads: a Lead Extractor campaign, or a Lead Database search (a
/// second kind of source with its own events and endpoints, issue 12 item 8). campaigns.source
/// keeps the number.
enum class CampaignSource {
    LeadExtractor = 0,
    LeadDatabase = 1,
};

/// Whose endpoint \a path is (an API entry's request, as CampaignFetcher makes them):
/// LeadDatabase for /v1/lead-database/..., else LeadExtractor. The projector reads an entry's
/// source so.
CampaignSource campaignSourceOfApiPath(QStringView path);

/// data of lead_extractor.job.completed, or of lead_database.search.completed (source
/// LeadDatabase: search_id, search_name and total_leads_found in the campaign's fields, the
/// filters as JSON; no mode, search URLs or credits).
struct ExtractorJob
{
    CampaignSource source = CampaignSource::LeadExtractor;
    QString campaignId;
    QString campaignName;
    QString campaignType; ///< "SEARCH", "SALES_NAVIGATOR", "POST_ENGAGEMENT", or as sent
    QString mode; ///< "extraction_only" or "with_enrichment"
    QStringList searchUrls;
    qint64 totalLeadsExtracted = 0;
    qint64 totalLeadsEnriched = 0;
    qint64 requestedLimit = 0;
    QDateTime startedAt; ///< UTC; invalid if absent or unparsable
    QDateTime completedAt; ///< UTC; invalid if absent or unparsable
    qint64 durationMs = 0;
    Credits credits;
    QString resultsUrl;
    /// A search's "filters" object as compact JSON ({"job_titles":["CTO"],...}); empty for an
    /// extractor campaign.
    QString filtersJson;
    QList<Lead> leads;
    qsizetype skippedLeads = 0; ///< elements of `leads` that were not JSON objects, dropped
};

/*!
    What an entry fetched from the API says beyond its leads (sendpilot-webhooks.md §4.3, §4.4).
    The API gives no credits, mode, type, search URLs or times but the creation time: those
    stay unknown for a campaign that only the API brought.
*/
struct ApiFetch
{
    /// Status: PENDING, RUNNING, FINISHED or FAILED, as sent (compared without case); a
    /// search's are pending, processing, completed, failed (§5.5).
    QString status;
    std::optional<qint64> extracted; ///< progress.extracted
    std::optional<qint64> enriched; ///< progress.enriched
    std::optional<qint64> requested; ///< progress.requested
    std::optional<double> percentComplete; ///< progress.percent_complete
    /// What SendPilot said with the status, if anything ("message" or "error"; the status
    /// endpoint documents no such field, so usually empty): shown for a FAILED campaign.
    QString message;
    /// Results: where the page starts, and whether it is the last (SendPilotApi::isLastPage).
    qint64 offset = 0;
    bool lastPage = false;
};

/// The readable fields of the smaller events (messages, connections, campaign and lead status),
/// old and new field names folded together. Absent fields are empty.
struct Activity
{
    QString leadId;
    QString campaignId;
    QString campaignName;
    QString linkedinUrl;
    QString senderId;
    QString text; ///< message / messagePreview / reply / replyPreview / note
    QString previousStatus; ///< previousStatus, or previousTag for tag events
    QString newStatus; ///< newStatus, or newTag for tag events
    QString actor; ///< changedBy / pausedBy / resumedBy
    QDateTime at; ///< acceptedAt / startedAt / pausedAt / resumedAt / finishedAt
    std::optional<qint64> totalLeads;
    std::optional<qint64> sequenceStep;
};

/// One parsed webhook event.
struct Event
{
    QString eventId;
    QString eventType; ///< exactly as sent
    EventKind kind = EventKind::Unknown;
    QDateTime timestamp; ///< UTC; invalid if absent or unparsable
    QString workspaceId; ///< may be empty: some senders omit it
    std::optional<ExtractorJob> extractorJob; ///< set for the two job events (and API entries)
    std::optional<Activity> activity; ///< set for the smaller known events
    /// Set for the API kinds, with extractorJob holding the campaign id, the name (status) and
    /// the page's leads (results).
    std::optional<ApiFetch> api;

    /// Number of leads the event carries (0 for all but extractor jobs).
    qsizetype leadCount() const { return extractorJob ? extractorJob->leads.size() : 0; }
};

/// What the acknowledgement path needs of an event: the envelope and the keys the event log
/// indexes it by. The projector parses the rest from the stored body later.
struct EventEnvelope
{
    QString eventId;
    QString eventType;
    EventKind kind = EventKind::Unknown;
    QDateTime timestamp;
    QString workspaceId;
    QString campaignId; ///< data.campaign_id (extractor jobs) or data.campaignId
    QString leadId; ///< data.leadId of the smaller events
    qsizetype leadCount = 0; ///< objects in data.leads

    static EventEnvelope of(const Event &event);
};
