// SPDX-License-Identifier: MIT
#include "sendpilot/event.h"

#include <QUrl>

#include <array>

using namespace Qt::StringLiterals;

namespace {

struct TypeName
{
    QLatin1StringView name;
    EventKind kind;
};

// sendpilot-webhooks.md section 0: both documentation generations. The newest name of each kind
// comes first, so canonicalEventType() can take the first match.
constexpr std::array TypeNames {
    TypeName {"message.sent"_L1, EventKind::MessageSent},
    TypeName {"reply.received"_L1, EventKind::ReplyReceived},
    TypeName {"message.received"_L1, EventKind::ReplyReceived},
    TypeName {"connection_request.sent"_L1, EventKind::ConnectionSent},
    TypeName {"connection.sent"_L1, EventKind::ConnectionSent},
    TypeName {"connection_request.accepted"_L1, EventKind::ConnectionAccepted},
    TypeName {"connection.accepted"_L1, EventKind::ConnectionAccepted},
    TypeName {"campaign.started"_L1, EventKind::CampaignStarted},
    TypeName {"campaign.paused"_L1, EventKind::CampaignPaused},
    TypeName {"campaign.resumed"_L1, EventKind::CampaignResumed},
    TypeName {"campaign.finished"_L1, EventKind::CampaignFinished},
    TypeName {"lead.updated"_L1, EventKind::LeadUpdated},
    TypeName {"lead.status.changed"_L1, EventKind::LeadUpdated},
    TypeName {"lead.tag.updated"_L1, EventKind::LeadTagUpdated},
    TypeName {"lead_database.search.completed"_L1, EventKind::LeadDatabaseSearchCompleted},
    TypeName {"lead_extractor.job.completed"_L1, EventKind::LeadExtractorJobCompleted},
};

} // namespace

EventKind eventKindFromType(QStringView eventType)
{
    // Exact, case-sensitive match: the docs only ever show these lower-case dotted names; the
    // dashboard's display names ("Reply Received") are not documented to appear in eventType.
    for (const TypeName &entry : TypeNames) {
        if (eventType == entry.name)
            return entry.kind;
    }
    return EventKind::Unknown;
}

namespace {
constexpr QLatin1StringView ApiStatusName("api.lead_extractor.status");
constexpr QLatin1StringView ApiResultsName("api.lead_extractor.results");
constexpr QLatin1StringView ApiLaunchedName("api.lead_extractor.launched");
} // namespace

EventKind apiKindFromName(QStringView name)
{
    if (name == ApiStatusName)
        return EventKind::ApiCampaignStatus;
    if (name == ApiResultsName)
        return EventKind::ApiCampaignResults;
    if (name == ApiLaunchedName)
        return EventKind::ApiCampaignLaunched;
    return EventKind::Unknown;
}

QString canonicalEventType(EventKind kind)
{
    if (kind == EventKind::ApiCampaignStatus)
        return QString(ApiStatusName);
    if (kind == EventKind::ApiCampaignResults)
        return QString(ApiResultsName);
    if (kind == EventKind::ApiCampaignLaunched)
        return QString(ApiLaunchedName);
    for (const TypeName &entry : TypeNames) {
        if (entry.kind == kind)
            return QString(entry.name);
    }
    return QString();
}

QString linkedinIdentifierFromUrl(QStringView url)
{
    // "in/" at the start, or after a '/': not "/join/" or "linkedin/".
    qsizetype start = -1;
    if (url.startsWith(u"in/"))
        start = 3;
    else if (const qsizetype at = url.indexOf(u"/in/"); at >= 0)
        start = at + 4;
    if (start < 0)
        return QString();
    qsizetype end = start;
    while (end < url.size() && url[end] != u'/' && url[end] != u'?' && url[end] != u'#')
        ++end;
    const QString slug = QUrl::fromPercentEncoding(url.sliced(start, end - start).toUtf8());
    return slug.trimmed();
}

QString normalizedLinkedinIdentifier(QStringView identifier, QStringView url)
{
    QString key;
    const QStringView sent = identifier.trimmed();
    if (sent.isEmpty())
        key = linkedinIdentifierFromUrl(url.trimmed());
    else if (sent.startsWith(u"in/") || sent.contains(u"/in/"))
        key = linkedinIdentifierFromUrl(sent);
    else if (sent.contains(u'%'))
        key = QUrl::fromPercentEncoding(sent.toUtf8()).trimmed();
    else
        key = sent.toString();
    while (key.endsWith(u'/'))
        key.chop(1);
    return key.toLower();
}

EventEnvelope EventEnvelope::of(const Event &event)
{
    EventEnvelope envelope;
    envelope.eventId = event.eventId;
    envelope.eventType = event.eventType;
    envelope.kind = event.kind;
    envelope.timestamp = event.timestamp;
    envelope.workspaceId = event.workspaceId;
    if (event.extractorJob) {
        envelope.campaignId = event.extractorJob->campaignId;
        envelope.leadCount = event.extractorJob->leads.size();
    } else if (event.activity) {
        envelope.campaignId = event.activity->campaignId;
        envelope.leadId = event.activity->leadId;
    }
    return envelope;
}

CampaignSource campaignSourceOfApiPath(QStringView path)
{
    return path.startsWith(u"/v1/lead-database/") ? CampaignSource::LeadDatabase
                                                  : CampaignSource::LeadExtractor;
}
