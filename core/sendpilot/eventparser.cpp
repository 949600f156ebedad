// SPDX-License-Identifier: MIT
#include "sendpilot/eventparser.h"

#include "sendpilot/apimodels.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <simdjson.h>

#include <cmath>
#include <initializer_list>
#include <memory>
#include <string_view>

using namespace Qt::StringLiterals;

namespace {

// The ids become primary keys and log lines. SendPilot's look like "evt_1708456789123_abc123def"
// (27 characters); anything past these bounds is not an event id or type but garbage or abuse.
constexpr qsizetype MaxEventIdChars = 512;
constexpr qsizetype MaxEventTypeChars = 128;

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

std::optional<element> member(const object &object, std::string_view key)
{
    element value;
    if (object.at_key(key).get(value) != simdjson::SUCCESS)
        return std::nullopt;
    return value;
}

// Lenient field access (sendpilot-webhooks.md marks almost nothing optional, yet 3P senders
// omit fields): a missing, null or wrong-typed value reads as empty. Deliberately no conversion of
// numbers to strings: a numeric "phone" or "id" would be a different sender bug than a missing
// one, and guessing a textual form (1.5e9?) is worse than leaving it empty.
QString stringValue(const std::optional<element> &value)
{
    std::string_view text;
    if (!value || value->get_string().get(text) != simdjson::SUCCESS)
        return QString();
    return toQString(text);
}

QString stringField(const object &object, std::string_view key)
{
    return stringValue(member(object, key));
}

// The first non-empty string among \a keys: folds old and new field names (section 0).
QString firstString(const object &object, std::initializer_list<std::string_view> keys)
{
    for (const std::string_view key : keys) {
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
std::optional<qint64> integerValue(const std::optional<element> &value)
{
    if (!value)
        return std::nullopt;
    int64_t i = 0;
    if (value->get_int64().get(i) == simdjson::SUCCESS)
        return qint64(i);
    if (value->is_uint64())
        return std::nullopt; // past qint64
    double d = 0;
    if (value->get_double().get(d) == simdjson::SUCCESS) {
        // 2^63 is exactly representable; anything at or past it does not fit.
        constexpr double Limit = 9223372036854775808.0;
        if (!std::isfinite(d) || d >= Limit || d < -Limit)
            return std::nullopt;
        return qint64(std::trunc(d));
    }
    std::string_view text;
    if (value->get_string().get(text) == simdjson::SUCCESS) {
        bool ok = false;
        const qint64 n = toQString(text).trimmed().toLongLong(&ok);
        if (ok)
            return n;
    }
    return std::nullopt;
}

std::optional<qint64> integerField(const object &object, std::string_view key)
{
    return integerValue(member(object, key));
}

QDateTime timeField(const object &object, std::string_view key)
{
    return EventParser::parseTimestamp(stringField(object, key));
}

std::optional<array> arrayField(const object &object, std::string_view key)
{
    const std::optional<element> value = member(object, key);
    array result;
    if (!value || value->get_array().get(result) != simdjson::SUCCESS)
        return std::nullopt;
    return result;
}

std::optional<object> objectValue(const element &value)
{
    object result;
    if (value.get_object().get(result) != simdjson::SUCCESS)
        return std::nullopt;
    return result;
}

QStringList stringList(const std::optional<array> &values)
{
    QStringList result;
    if (!values)
        return result;
    result.reserve(qsizetype(values->size()));
    for (const element item : *values) {
        std::string_view text;
        if (item.get_string().get(text) == simdjson::SUCCESS)
            result.append(toQString(text));
    }
    return result;
}

// Skills are strings in the docs' example; some profile scrapers emit {"name": ...} objects, so
// those are read too. Anything else is skipped.
QStringList skillList(const std::optional<array> &values)
{
    QStringList result;
    if (!values)
        return result;
    result.reserve(qsizetype(values->size()));
    for (const element item : *values) {
        std::string_view text;
        if (item.get_string().get(text) == simdjson::SUCCESS) {
            result.append(toQString(text));
        } else if (const auto skill = objectValue(item)) {
            QString name = stringField(*skill, "name");
            if (!name.isEmpty())
                result.append(std::move(name));
        }
    }
    return result;
}

// A text, or a number written as text ("employees": 250 or "51-200"); empty otherwise.
QString textOrNumberField(const object &object, std::string_view key)
{
    const std::optional<element> value = member(object, key);
    if (!value)
        return QString();
    if (value->is_string())
        return stringValue(value);
    if (const std::optional<qint64> number = integerValue(value))
        return QString::number(*number);
    return QString();
}

Lead parseLead(const object &object, CampaignSource source)
{
    // Keys as in sendpilot-webhooks.md 3.11 (snake_case in this event, unlike the others), and
    // for a search's leads 3.12. The extractor's leads are not asked for a search's keys: six
    // lookups a lead on the hot path for fields they do not have.
    Lead lead;
    lead.id = stringField(object, "id");
    lead.linkedinIdentifier = stringField(object, "linkedin_identifier");
    lead.linkedinUrl = stringField(object, "linkedin_url");
    lead.firstName = stringField(object, "first_name");
    lead.lastName = stringField(object, "last_name");
    lead.fullName = stringField(object, "full_name");
    lead.headline = stringField(object, "headline");
    lead.summary = stringField(object, "summary");
    lead.location = stringField(object, "location");
    lead.city = stringField(object, "city");
    lead.country = stringField(object, "country");
    lead.profilePictureUrl = stringField(object, "profile_picture_url");
    lead.company = stringField(object, "company");
    lead.jobPosition = stringField(object, "job_position");
    lead.email = stringField(object, "email");
    lead.phone = stringField(object, "phone");
    lead.connections = integerField(object, "connections");
    lead.followers = integerField(object, "followers");

    if (const auto experience = arrayField(object, "experience")) {
        lead.experience.reserve(qsizetype(experience->size()));
        for (const element item : *experience) {
            if (const auto e = objectValue(item)) {
                lead.experience.append({stringField(*e, "title"), stringField(*e, "company"),
                                        stringField(*e, "duration")});
            }
        }
    }
    if (const auto education = arrayField(object, "education")) {
        lead.education.reserve(qsizetype(education->size()));
        for (const element item : *education) {
            if (const auto e = objectValue(item))
                lead.education.append({stringField(*e, "school"), stringField(*e, "degree")});
        }
    }
    lead.skills = skillList(arrayField(object, "skills"));
    if (source == CampaignSource::LeadDatabase) {
        lead.jobTitle = stringField(object, "job_title");
        if (lead.jobPosition.isEmpty())
            lead.jobPosition = lead.jobTitle;
        lead.industry = stringField(object, "industry");
        lead.seniority = stringField(object, "seniority");
        lead.companyLinkedinUrl = stringField(object, "company_linkedin_url");
        lead.website = stringField(object, "website");
        lead.employees = textOrNumberField(object, "employees");
    }
    return lead;
}

void appendLeads(const array &leads, ExtractorJob *job)
{
    job->leads.reserve(job->leads.size() + qsizetype(leads.size()));
    for (const element item : leads) {
        if (const auto lead = objectValue(item))
            job->leads.append(parseLead(*lead, job->source));
        else
            ++job->skippedLeads;
    }
}

ExtractorJob parseExtractorJob(const object &data)
{
    ExtractorJob job;
    job.campaignId = stringField(data, "campaign_id");
    job.campaignName = stringField(data, "campaign_name");
    job.campaignType = stringField(data, "campaign_type");
    job.mode = stringField(data, "mode");
    job.searchUrls = stringList(arrayField(data, "search_urls"));
    job.totalLeadsExtracted = integerField(data, "total_leads_extracted").value_or(0);
    job.totalLeadsEnriched = integerField(data, "total_leads_enriched").value_or(0);
    job.requestedLimit = integerField(data, "requested_limit").value_or(0);
    job.startedAt = timeField(data, "started_at");
    job.completedAt = timeField(data, "completed_at");
    job.durationMs = integerField(data, "duration_ms").value_or(0);
    if (const auto credits = member(data, "credits_used")) {
        if (const auto c = objectValue(*credits)) {
            job.credits.extraction = integerField(*c, "extraction").value_or(0);
            job.credits.enrichment = integerField(*c, "enrichment").value_or(0);
            job.credits.total = integerField(*c, "total").value_or(0);
        }
    }
    job.resultsUrl = stringField(data, "results_url");
    if (const auto leads = arrayField(data, "leads"))
        appendLeads(*leads, &job);
    return job;
}

// 3.12: a Lead Database search reads as a campaign of the other source. It has no mode,
// search URLs or credits (the search draws on the lead database quota, §4.5).
ExtractorJob parseDatabaseSearch(const object &data)
{
    ExtractorJob job;
    job.source = CampaignSource::LeadDatabase;
    job.campaignId = stringField(data, "search_id");
    job.campaignName = stringField(data, "search_name");
    job.totalLeadsExtracted = integerField(data, "total_leads_found").value_or(0);
    job.requestedLimit = integerField(data, "requested_limit").value_or(0);
    job.startedAt = timeField(data, "started_at");
    job.completedAt = timeField(data, "completed_at");
    job.durationMs = integerField(data, "duration_ms").value_or(0);
    job.resultsUrl = stringField(data, "results_url");
    if (const std::optional<element> filters = member(data, "filters");
        filters && filters->is_object())
        job.filtersJson = QString::fromStdString(simdjson::minify(*filters));
    if (const auto leads = arrayField(data, "leads"))
        appendLeads(*leads, &job);
    return job;
}

// lead.tag.updated has no documented payload (3.10); one 3P fixture set uses previousTag/newTag
// and also "tags" as a string, an array of strings or an array of {name} objects.
QString tagsText(const object &data)
{
    const std::optional<element> value = member(data, "tags");
    if (!value)
        return QString();
    if (value->is_string())
        return stringValue(value);
    return skillList(arrayField(data, "tags")).join(", "_L1);
}

Activity parseActivity(const object &data, EventKind kind)
{
    Activity activity;
    activity.leadId = stringField(data, "leadId");
    activity.campaignId = stringField(data, "campaignId");
    activity.campaignName = stringField(data, "campaignName");
    activity.linkedinUrl = stringField(data, "linkedinUrl");
    activity.senderId = stringField(data, "senderId");
    // The full text (new docs) wins over the 100-character previews (old docs); "content" is a
    // 3P fallback for message.received (3.2).
    activity.text = firstString(
        data, {"message", "reply", "messagePreview", "replyPreview", "note", "content"});
    activity.previousStatus = firstString(data, {"previousStatus", "previousTag"});
    activity.newStatus = firstString(data, {"newStatus", "newTag"});
    if (activity.newStatus.isEmpty() && kind == EventKind::LeadTagUpdated)
        activity.newStatus = tagsText(data);
    activity.actor = firstString(data, {"changedBy", "pausedBy", "resumedBy"});
    activity.at = EventParser::parseTimestamp(
        firstString(data, {"acceptedAt", "startedAt", "pausedAt", "resumedAt", "finishedAt"}));
    activity.totalLeads = integerField(data, "totalLeads");
    activity.sequenceStep = integerField(data, "sequenceStep");
    return activity;
}

EventParseResult failure(QString error)
{
    return {std::nullopt, std::move(error)};
}

// Envelope ids must be non-empty strings (1.2): the eventId is the idempotency key.
QString requiredString(const object &root, QLatin1StringView key, qsizetype maxChars,
                       QString *error)
{
    const std::optional<element> value
        = member(root, std::string_view(key.data(), size_t(key.size())));
    if (!value)
        *error = key + " is missing"_L1;
    else if (!value->is_string())
        *error = key + " is not a string"_L1;
    else if (QString text = stringValue(value); text.isEmpty())
        *error = key + " is empty"_L1;
    else if (text.size() > maxChars)
        *error = key + " is longer than "_L1 + QString::number(maxChars) + " characters"_L1;
    else
        return text;
    return QString();
}

// The error text for a body simdjson refused: Qt's message and byte offset where Qt's parser
// agrees it is broken (its wording is clearer), else simdjson's own.
QString jsonError(const QByteArray &body, simdjson::error_code code)
{
    QJsonParseError parseError;
    QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return u"body is not valid JSON: %1 at offset %2"_s.arg(parseError.errorString())
            .arg(parseError.offset);
    }
    return u"body is not valid JSON: %1 at offset 0"_s.arg(
        QString::fromLatin1(simdjson::error_message(code)));
}

// One parser per thread, reused: its buffers grow to the largest body seen, so they are
// dropped again after an unusually large one.
constexpr size_t KeptParserCapacity = 16 * 1024 * 1024;

simdjson::dom::parser &threadParser()
{
    thread_local std::unique_ptr<simdjson::dom::parser> parser;
    if (!parser || parser->capacity() > KeptParserCapacity)
        parser = std::make_unique<simdjson::dom::parser>();
    return *parser;
}

/// Parses \a body with this thread's parser. Invalid UTF-8 in a string keeps the event
/// (SendPilot would not send it again after a 400) with the bad bytes replaced by U+FFFD, as
/// Qt's own JSON parser would. \a root stays valid until the thread's parser parses again (it
/// holds its own copy of the text).
simdjson::error_code parseRepairing(const QByteArray &body, element *root)
{
    simdjson::dom::parser &parser = threadParser();
    simdjson::error_code code = parser.parse(body.constData(), size_t(body.size())).get(*root);
    if (code == simdjson::UTF8_ERROR) {
        const QByteArray repaired = QString::fromUtf8(body).toUtf8();
        code = parser.parse(repaired.constData(), size_t(repaired.size())).get(*root);
    }
    return code;
}

// The checked envelope of a body: what parse() and parseEnvelope() share.
struct Root
{
    simdjson::dom::object object;
    simdjson::dom::object data;
    QString eventId;
    QString eventType;
};

bool readRoot(const QByteArray &body, Root *out, QString *error)
{
    // simdjson (Debian's libsimdjson-dev) rather than QJsonDocument: it parses a 12 MB,
    // 10,000-lead body several times faster, which is most of an event's acknowledgement time.
    // Its DOM parser is iterative with a depth limit (1024), so "[[[[..." is an error, not a
    // stack overflow. The elements stay valid until this thread's parser parses again.
    element root;
    const simdjson::error_code code = parseRepairing(body, &root);
    if (code != simdjson::SUCCESS) {
        *error = jsonError(body, code);
        return false;
    }
    if (root.get_object().get(out->object) != simdjson::SUCCESS) {
        *error = u"body is not a JSON object"_s;
        return false;
    }
    out->eventId = requiredString(out->object, "eventId"_L1, MaxEventIdChars, error);
    if (!error->isEmpty())
        return false;
    out->eventType = requiredString(out->object, "eventType"_L1, MaxEventTypeChars, error);
    if (!error->isEmpty())
        return false;
    if (const auto dataValue = member(out->object, "data")) {
        if (dataValue->get_object().get(out->data) != simdjson::SUCCESS) {
            *error = u"data is not an object"_s;
            return false;
        }
    } else {
        // Absent data reads as an empty object.
        static thread_local simdjson::dom::parser emptyParser;
        static thread_local object empty = emptyParser.parse("{}", 2).get_object().value();
        out->data = empty;
    }
    return true;
}

} // namespace

namespace EventParser {

EventParseResult parse(const QByteArray &body)
{
    Root root;
    QString error;
    if (!readRoot(body, &root, &error))
        return failure(error);
    Event event;
    event.eventId = root.eventId;
    event.eventType = root.eventType;
    event.kind = eventKindFromType(event.eventType);
    event.timestamp = timeField(root.object, "timestamp");
    event.workspaceId = stringField(root.object, "workspaceId");

    switch (event.kind) {
    case EventKind::Unknown:
        // Checklist 6: unknown types are acknowledged, not rejected; only the envelope is kept.
        break;
    case EventKind::LeadExtractorJobCompleted:
        event.extractorJob = parseExtractorJob(root.data);
        break;
    case EventKind::LeadDatabaseSearchCompleted:
        event.extractorJob = parseDatabaseSearch(root.data);
        break;
    default:
        event.activity = parseActivity(root.data, event.kind);
        break;
    }
    return {std::move(event), QString()};
}

EnvelopeParseResult parseEnvelope(const QByteArray &body)
{
    Root root;
    QString error;
    if (!readRoot(body, &root, &error))
        return {std::nullopt, error};
    EventEnvelope envelope;
    envelope.eventId = root.eventId;
    envelope.eventType = root.eventType;
    envelope.kind = eventKindFromType(envelope.eventType);
    envelope.timestamp = timeField(root.object, "timestamp");
    envelope.workspaceId = stringField(root.object, "workspaceId");
    const bool search = envelope.kind == EventKind::LeadDatabaseSearchCompleted;
    if (search || envelope.kind == EventKind::LeadExtractorJobCompleted) {
        // As parseExtractorJob() and parseDatabaseSearch() read them.
        envelope.campaignId = stringField(root.data, search ? "search_id" : "campaign_id");
        if (const auto leads = arrayField(root.data, "leads")) {
            for (const element item : *leads)
                envelope.leadCount += item.is_object() ? 1 : 0;
        }
    } else if (envelope.kind != EventKind::Unknown) {
        envelope.campaignId = stringField(root.data, "campaignId");
        envelope.leadId = stringField(root.data, "leadId");
    }
    return {std::move(envelope), QString()};
}

EventParseResult parseApiEntry(const QByteArray &body, EventKind kind, const QString &eventId,
                               const QString &campaignId, qint64 offset, qint64 limit,
                               CampaignSource source)
{
    Event event;
    event.eventId = eventId;
    event.eventType = canonicalEventType(kind);
    event.kind = kind;
    ExtractorJob job;
    job.source = source;
    job.campaignId = campaignId;
    ApiFetch api;
    if (kind == EventKind::ApiCampaignStatus) {
        // A few hundred bytes: Qt's parser is fine here.
        QString error;
        const std::optional<SendPilotApi::CampaignStatus> status
            = SendPilotApi::parseCampaignStatus(body, &error);
        if (!status)
            return failure(error);
        job.campaignName = status->name;
        api.status = status->status;
        api.extracted = status->extracted;
        api.enriched = status->enriched;
        api.requested = status->requested;
        api.percentComplete = status->percentComplete;
        api.message = status->message;
    } else if (kind == EventKind::ApiCampaignLaunched) {
        // What this app sent (its own record, so its fields are known) and what SendPilot
        // answered (not documented, §4.2: only a "status" string is taken, if there is one).
        const QJsonObject root = QJsonDocument::fromJson(body).object();
        const QJsonObject request = root.value("request"_L1).toObject();
        if (request.isEmpty())
            return failure(u"the launch record has no \"request\""_s);
        job.campaignName = request.value("name"_L1).toString();
        job.mode = request.value("mode"_L1).toString();
        const QJsonArray urls = request.value("urls"_L1).toArray();
        for (const QJsonValue &url : urls)
            job.searchUrls.append(url.toString());
        job.requestedLimit = request.value("limit"_L1).toInteger(-1);
        const QJsonValue status = root.value("response"_L1).toObject().value("status"_L1);
        api.status = status.isString() ? status.toString().trimmed() : QString();
        api.requested = job.requestedLimit;
    } else if (kind == EventKind::ApiCampaignResults) {
        element root;
        const simdjson::error_code code = parseRepairing(body, &root);
        if (code != simdjson::SUCCESS)
            return failure(jsonError(body, code));
        object page;
        if (root.get_object().get(page) != simdjson::SUCCESS)
            return failure(u"the page is not a JSON object"_s);
        const std::optional<array> leads = arrayField(page, "leads");
        if (!leads)
            return failure(u"the page has no \"leads\" list"_s);
        SendPilotApi::PageInfo info;
        info.leads = qsizetype(leads->size());
        if (const std::optional<element> pagination = member(page, "pagination")) {
            if (const std::optional<object> p = objectValue(*pagination)) {
                info.hasPagination = true;
                for (const std::string_view key : {"has_more", "hasMore"}) {
                    bool flag = false;
                    if (const auto value = member(*p, key);
                        value && value->get_bool().get(flag) == simdjson::SUCCESS) {
                        info.hasMore = flag;
                        break;
                    }
                }
            }
        }
        appendLeads(*leads, &job);
        api.offset = offset;
        api.lastPage = SendPilotApi::isLastPage(info, limit);
    } else {
        return failure(u"not an entry fetched from the API"_s);
    }
    event.extractorJob = std::move(job);
    event.api = std::move(api);
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
