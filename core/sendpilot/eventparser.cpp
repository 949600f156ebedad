// SPDX-License-Identifier: MIT
#include "sendpilot/eventparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

#include <cmath>
#include <initializer_list>

using namespace Qt::StringLiterals;

namespace {

// The ids become primary keys and log lines. SendPilot's look like "evt_1708456789123_abc123def"
// (27 characters); anything past these bounds is not an event id or type but garbage or abuse.
constexpr qsizetype MaxEventIdChars = 512;
constexpr qsizetype MaxEventTypeChars = 128;

// Lenient field access (sendpilot-webhooks.md marks almost nothing optional, yet 3P senders
// omit fields): a missing, null or wrong-typed value reads as empty. Deliberately no conversion of
// numbers to strings: a numeric "phone" or "id" would be a different sender bug than a missing
// one, and guessing a textual form (1.5e9?) is worse than leaving it empty.
QString stringField(const QJsonObject &object, QLatin1StringView key)
{
    const QJsonValue value = object.value(key);
    return value.isString() ? value.toString() : QString();
}

// The first non-empty string among \a keys: folds old and new field names (section 0).
QString firstString(const QJsonObject &object, std::initializer_list<QLatin1StringView> keys)
{
    for (const QLatin1StringView key : keys) {
        QString value = stringField(object, key);
        if (!value.isEmpty())
            return value;
    }
    return QString();
}

// Counts are JSON numbers in the docs. Also accepted, because they are unambiguous:
// - doubles ("500.0", or 1e3) within qint64 range, truncated toward zero;
// - strings holding a whole decimal integer ("500", " 500 "), which loosely typed senders
//   (form builders, PHP) produce. "500.5", "1,234" or "" are not counts and read as absent.
std::optional<qint64> integerValue(const QJsonValue &value)
{
    if (value.isDouble()) {
        const double d = value.toDouble();
        // 2^63 is exactly representable; anything at or past it does not fit.
        constexpr double Limit = 9223372036854775808.0;
        if (!std::isfinite(d) || d >= Limit || d < -Limit)
            return std::nullopt;
        if (d == std::trunc(d))
            return value.toInteger(qint64(d)); // exact for integers parsed as integers
        return qint64(std::trunc(d));
    }
    if (value.isString()) {
        bool ok = false;
        const qint64 n = value.toString().trimmed().toLongLong(&ok);
        if (ok)
            return n;
    }
    return std::nullopt;
}

std::optional<qint64> integerField(const QJsonObject &object, QLatin1StringView key)
{
    return integerValue(object.value(key));
}

QDateTime timeField(const QJsonObject &object, QLatin1StringView key)
{
    return EventParser::parseTimestamp(stringField(object, key));
}

QStringList stringList(const QJsonValue &value)
{
    QStringList result;
    if (!value.isArray())
        return result;
    const QJsonArray array = value.toArray();
    result.reserve(array.size());
    for (const QJsonValue item : array) {
        if (item.isString())
            result.append(item.toString());
    }
    return result;
}

// Skills are strings in the docs' example; some profile scrapers emit {"name": ...} objects, so
// those are read too. Anything else is skipped.
QStringList skillList(const QJsonValue &value)
{
    QStringList result;
    if (!value.isArray())
        return result;
    const QJsonArray array = value.toArray();
    result.reserve(array.size());
    for (const QJsonValue item : array) {
        if (item.isString()) {
            result.append(item.toString());
        } else if (item.isObject()) {
            QString name = stringField(item.toObject(), "name"_L1);
            if (!name.isEmpty())
                result.append(std::move(name));
        }
    }
    return result;
}

Lead parseLead(const QJsonObject &object)
{
    // Keys as in sendpilot-webhooks.md 3.11 (snake_case in this event, unlike the others).
    Lead lead;
    lead.id = stringField(object, "id"_L1);
    lead.linkedinIdentifier = stringField(object, "linkedin_identifier"_L1);
    lead.linkedinUrl = stringField(object, "linkedin_url"_L1);
    lead.firstName = stringField(object, "first_name"_L1);
    lead.lastName = stringField(object, "last_name"_L1);
    lead.fullName = stringField(object, "full_name"_L1);
    lead.headline = stringField(object, "headline"_L1);
    lead.summary = stringField(object, "summary"_L1);
    lead.location = stringField(object, "location"_L1);
    lead.city = stringField(object, "city"_L1);
    lead.country = stringField(object, "country"_L1);
    lead.profilePictureUrl = stringField(object, "profile_picture_url"_L1);
    lead.company = stringField(object, "company"_L1);
    lead.jobPosition = stringField(object, "job_position"_L1);
    lead.email = stringField(object, "email"_L1);
    lead.phone = stringField(object, "phone"_L1);
    lead.connections = integerField(object, "connections"_L1);
    lead.followers = integerField(object, "followers"_L1);

    const QJsonValue experience = object.value("experience"_L1);
    if (experience.isArray()) {
        const QJsonArray array = experience.toArray();
        lead.experience.reserve(array.size());
        for (const QJsonValue item : array) {
            if (!item.isObject())
                continue;
            const QJsonObject e = item.toObject();
            lead.experience.append({stringField(e, "title"_L1), stringField(e, "company"_L1),
                                    stringField(e, "duration"_L1)});
        }
    }
    const QJsonValue education = object.value("education"_L1);
    if (education.isArray()) {
        const QJsonArray array = education.toArray();
        lead.education.reserve(array.size());
        for (const QJsonValue item : array) {
            if (!item.isObject())
                continue;
            const QJsonObject e = item.toObject();
            lead.education.append({stringField(e, "school"_L1), stringField(e, "degree"_L1)});
        }
    }
    lead.skills = skillList(object.value("skills"_L1));
    return lead;
}

ExtractorJob parseExtractorJob(const QJsonObject &data)
{
    ExtractorJob job;
    job.campaignId = stringField(data, "campaign_id"_L1);
    job.campaignName = stringField(data, "campaign_name"_L1);
    job.campaignType = stringField(data, "campaign_type"_L1);
    job.mode = stringField(data, "mode"_L1);
    job.searchUrls = stringList(data.value("search_urls"_L1));
    job.totalLeadsExtracted = integerField(data, "total_leads_extracted"_L1).value_or(0);
    job.totalLeadsEnriched = integerField(data, "total_leads_enriched"_L1).value_or(0);
    job.requestedLimit = integerField(data, "requested_limit"_L1).value_or(0);
    job.startedAt = timeField(data, "started_at"_L1);
    job.completedAt = timeField(data, "completed_at"_L1);
    job.durationMs = integerField(data, "duration_ms"_L1).value_or(0);
    const QJsonValue credits = data.value("credits_used"_L1);
    if (credits.isObject()) {
        const QJsonObject c = credits.toObject();
        job.credits.extraction = integerField(c, "extraction"_L1).value_or(0);
        job.credits.enrichment = integerField(c, "enrichment"_L1).value_or(0);
        job.credits.total = integerField(c, "total"_L1).value_or(0);
    }
    job.resultsUrl = stringField(data, "results_url"_L1);

    const QJsonValue leads = data.value("leads"_L1);
    if (leads.isArray()) {
        // QJsonArray/QJsonObject share the parsed document's storage: no copy of the 12 MB tree.
        const QJsonArray array = leads.toArray();
        job.leads.reserve(array.size());
        for (const QJsonValue item : array) {
            if (item.isObject())
                job.leads.append(parseLead(item.toObject()));
            else
                ++job.skippedLeads;
        }
    }
    return job;
}

// lead.tag.updated has no documented payload (3.10); one 3P fixture set uses previousTag/newTag
// and also "tags" as a string, an array of strings or an array of {name} objects.
QString tagsText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    return skillList(value).join(", "_L1);
}

Activity parseActivity(const QJsonObject &data, EventKind kind)
{
    Activity activity;
    if (kind == EventKind::LeadDatabaseSearchCompleted) {
        // 3.12: a search, not a campaign, but it reads the same way in the activity list. Its
        // leads have another schema and are not imported.
        activity.campaignId = stringField(data, "search_id"_L1);
        activity.campaignName = stringField(data, "search_name"_L1);
        activity.totalLeads = integerField(data, "total_leads_found"_L1);
        activity.at = timeField(data, "completed_at"_L1);
        return activity;
    }
    activity.leadId = stringField(data, "leadId"_L1);
    activity.campaignId = stringField(data, "campaignId"_L1);
    activity.campaignName = stringField(data, "campaignName"_L1);
    activity.linkedinUrl = stringField(data, "linkedinUrl"_L1);
    activity.senderId = stringField(data, "senderId"_L1);
    // The full text (new docs) wins over the 100-character previews (old docs); "content" is a
    // 3P fallback for message.received (3.2).
    activity.text = firstString(data,
                                {"message"_L1, "reply"_L1, "messagePreview"_L1, "replyPreview"_L1,
                                 "note"_L1, "content"_L1});
    activity.previousStatus = firstString(data, {"previousStatus"_L1, "previousTag"_L1});
    activity.newStatus = firstString(data, {"newStatus"_L1, "newTag"_L1});
    if (activity.newStatus.isEmpty() && kind == EventKind::LeadTagUpdated)
        activity.newStatus = tagsText(data.value("tags"_L1));
    activity.actor = firstString(data, {"changedBy"_L1, "pausedBy"_L1, "resumedBy"_L1});
    activity.at = EventParser::parseTimestamp(firstString(
        data, {"acceptedAt"_L1, "startedAt"_L1, "pausedAt"_L1, "resumedAt"_L1, "finishedAt"_L1}));
    activity.totalLeads = integerField(data, "totalLeads"_L1);
    activity.sequenceStep = integerField(data, "sequenceStep"_L1);
    return activity;
}

EventParseResult failure(QString error)
{
    return {std::nullopt, std::move(error)};
}

// Envelope ids must be non-empty strings (1.2): the eventId is the idempotency key.
QString requiredString(const QJsonObject &root, QLatin1StringView key, qsizetype maxChars,
                       QString *error)
{
    const QJsonValue value = root.value(key);
    if (value.isUndefined())
        *error = key + " is missing"_L1;
    else if (!value.isString())
        *error = key + " is not a string"_L1;
    else if (value.toString().isEmpty())
        *error = key + " is empty"_L1;
    else if (value.toString().size() > maxChars)
        *error = key + " is longer than "_L1 + QString::number(maxChars) + " characters"_L1;
    else
        return value.toString();
    return QString();
}

} // namespace

namespace EventParser {

EventParseResult parse(const QByteArray &body)
{
    // Qt's parser is iterative with a nesting limit (1024), so "[[[[..." is an error, not a stack
    // overflow.
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return failure(u"body is not valid JSON: %1 at offset %2"_s.arg(parseError.errorString())
                           .arg(parseError.offset));
    }
    if (!document.isObject())
        return failure(u"body is not a JSON object"_s);
    const QJsonObject root = document.object();

    QString error;
    Event event;
    event.eventId = requiredString(root, "eventId"_L1, MaxEventIdChars, &error);
    if (!error.isEmpty())
        return failure(error);
    event.eventType = requiredString(root, "eventType"_L1, MaxEventTypeChars, &error);
    if (!error.isEmpty())
        return failure(error);

    const QJsonValue dataValue = root.value("data"_L1);
    if (!dataValue.isUndefined() && !dataValue.isObject())
        return failure(u"data is not an object"_s);
    const QJsonObject data = dataValue.toObject(); // empty when absent

    event.kind = eventKindFromType(event.eventType);
    event.timestamp = timeField(root, "timestamp"_L1);
    event.workspaceId = stringField(root, "workspaceId"_L1);

    switch (event.kind) {
    case EventKind::Unknown:
        // Checklist 6: unknown types are acknowledged, not rejected; only the envelope is kept.
        break;
    case EventKind::LeadExtractorJobCompleted:
        event.extractorJob = parseExtractorJob(data);
        break;
    default:
        event.activity = parseActivity(data, event.kind);
        break;
    }
    return {std::move(event), QString()};
}

QDateTime parseTimestamp(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return {};
    // Qt::ISODateWithMs also reads values without a fraction.
    const QDateTime parsed = QDateTime::fromString(trimmed, Qt::ISODateWithMs);
    // Without 'Z' or an offset the instant is unknown (Qt would assume this machine's zone):
    // treat it as unparsable rather than guess.
    if (!parsed.isValid() || parsed.timeSpec() == Qt::LocalTime)
        return {};
    return parsed.toUTC();
}

} // namespace EventParser
