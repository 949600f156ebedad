// SPDX-License-Identifier: MIT
#include "store/campaignwriter.h"

#include "common/leadflags.h"
#include "sendpilot/leadjson.h"
#include "store/campaignsources.h"
#include "store/sqlitestatement.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringEncoder>

#include <array>

using namespace Qt::StringLiterals;

// leads.flags of a lead as written (common/leadflags.h), from its bound values: ?16 email,
// ?17 phone, ?3 the normalised identifier. A known person's new lead arrives marked exported
// (one lookup of lead_exports' primary key); a lead without identifier is a person of its own,
// new to every export.
#define LV_NEW_LEAD_FLAGS                                                                          \
    "(?16 <> '') | ((?17 <> '') << 1) | iif(?3 <> '' AND EXISTS (SELECT 1 FROM lead_exports e"     \
    " WHERE e.identity = ?3), 4, 0)"
static_assert(LeadFlags::HasEmail == 1 && LeadFlags::HasPhone == 2 && LeadFlags::Exported == 4,
              "the bits written in the statements below");

// The projector's hot path talks to SQLite's C API on the handle of the Qt SQL connection.
// Measured on the target machine, binding ~25 values per lead through QSqlQuery cost more than
// the whole budget of a 2,500-lead event; prepared statements kept for the writer's lifetime,
// bound in place, do not.

namespace {

QString activityJson(const Activity &a)
{
    QJsonObject o;
    const auto put = [&o](QLatin1StringView key, const QString &value) {
        if (!value.isEmpty())
            o.insert(key, value);
    };
    put("leadId"_L1, a.leadId);
    put("campaignId"_L1, a.campaignId);
    put("campaignName"_L1, a.campaignName);
    put("linkedinUrl"_L1, a.linkedinUrl);
    put("senderId"_L1, a.senderId);
    put("text"_L1, a.text);
    put("previousStatus"_L1, a.previousStatus);
    put("newStatus"_L1, a.newStatus);
    put("actor"_L1, a.actor);
    if (a.at.isValid())
        o.insert("at"_L1, a.at.toUTC().toString(Qt::ISODateWithMs));
    if (a.totalLeads)
        o.insert("totalLeads"_L1, *a.totalLeads);
    if (a.sequenceStep)
        o.insert("sequenceStep"_L1, *a.sequenceStep);
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString leadKey(const Lead &lead, qsizetype index)
{
    if (!lead.id.isEmpty())
        return lead.id;
    if (!lead.linkedinIdentifier.isEmpty())
        return lead.linkedinIdentifier;
    if (!lead.linkedinUrl.isEmpty())
        return lead.linkedinUrl;
    return u"#"_s + QString::number(index);
}

// Every value is bound with Binding::Static: the caller keeps each bound QString and buffer
// alive until exec() returns (which clears the bindings); that saves a copy per value.
using Sqlite::Statement;
constexpr auto Static = Statement::Binding::Static;

// The chunk's lead keys, each with the slice that first wrote it, and the search index rows
// the chunk's leads had before it (taken out at the end of the chunk).
constexpr char ChunkTable[] = "CREATE TEMP TABLE IF NOT EXISTS chunk_leads ("
                              " lead_id TEXT PRIMARY KEY, slice INTEGER NOT NULL) WITHOUT ROWID";
constexpr char UnindexTable[] = "CREATE TEMP TABLE IF NOT EXISTS chunk_unindex ("
                                " id INTEGER PRIMARY KEY, full_name, headline, company,"
                                " job_position, location, email)";

} // namespace

struct CampaignWriter::Private
{
    sqlite3 *handle = nullptr;
    QString lastError;
    Statement upsertCampaign, findCampaign, rememberLead, rememberOldIndex, upsertLead,
        unindexChunk, indexChunk, forgetChunk, forgetOldIndex, updateCounts, writeActivity,
        upsertApiStatus, upsertApiResults, upsertApiLaunch, fillLead, campaignSources,
        findByIdentity, resultsRead, markPeople;
    QStringList sliceKeys; // the keys of the slice being written, resolved once
    qint64 slice = 0; // numbers the slices of a chunk

    // Reused per lead so that building JSON does not allocate once capacity is reached.
    QString experience, education, skills;
    QByteArray utf8Buffer;
    QStringEncoder utf8 {QStringEncoder::Utf8};

    bool prepareAll();
    bool writeLead(qint64 campaign, const Lead &lead, const QString &key, bool fromApi,
                   QString *error);
    /// The key of \a lead in \a campaign: the row of the same person when \a matchPerson and
    /// the campaign has one, else leadKey().
    bool resolveKey(qint64 campaign, const Lead &lead, qsizetype index, bool matchPerson,
                    QString *key, QString *error);
};

bool CampaignWriter::Private::prepareAll()
{
    // The chunk's lead keys: the search index is synced per chunk in two set-based statements
    // over them (see the schema's comment on why not a row trigger).
    if (!Sqlite::exec(handle, ChunkTable, &lastError)
        || !Sqlite::exec(handle, UnindexTable, &lastError))
        return false;
    return Sqlite::prepareAll(
        handle,
        {
            // A later event for the same campaign replaces its fields and marks it unseen
            // again: it brings leads the analyst has not looked at.
            {&upsertCampaign,
             "INSERT INTO campaigns (campaign_id, event_id, name, type, mode, search_urls,"
             " leads_extracted, leads_enriched, requested_limit, started_at, completed_at,"
             " duration_ms, credits_extraction, credits_enrichment, credits_total, results_url,"
             " received_at)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"
             " ON CONFLICT (campaign_id) DO UPDATE SET event_id = excluded.event_id,"
             " name = excluded.name, type = excluded.type, mode = excluded.mode,"
             " search_urls = excluded.search_urls, leads_extracted = excluded.leads_extracted,"
             " leads_enriched = excluded.leads_enriched,"
             " requested_limit = excluded.requested_limit, started_at = excluded.started_at,"
             " completed_at = excluded.completed_at, duration_ms = excluded.duration_ms,"
             " credits_extraction = excluded.credits_extraction,"
             " credits_enrichment = excluded.credits_enrichment,"
             " credits_total = excluded.credits_total, results_url = excluded.results_url,"
             " received_at = excluded.received_at, seen = 0,"
             " sources = sources | 1"
             " RETURNING id"},
            // What the API says of a campaign (§4.3) fills in only what no webhook gave: a
            // webhook's figures are the campaign's own account, the status a snapshot. Progress
            // the answer did not hold is -1 (unknown). The event id follows the newest API
            // entry while no webhook came, so the list says "arriving" while pages are written.
            // The progress (percent_complete, v10) and SendPilot's words follow every status.
            {&upsertApiStatus,
             "INSERT INTO campaigns (campaign_id, event_id, name, leads_extracted,"
             " leads_enriched, requested_limit, received_at, sources, api_status, api_percent,"
             " api_message)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 2, ?8, ?9, ?10)"
             " ON CONFLICT (campaign_id) DO UPDATE SET api_status = excluded.api_status,"
             " api_percent = excluded.api_percent, api_message = excluded.api_message,"
             " sources = sources | 2,"
             " event_id = CASE WHEN sources & 1 THEN event_id ELSE excluded.event_id END,"
             " name = CASE WHEN sources & 1 OR excluded.name = '' THEN name"
             " ELSE excluded.name END,"
             " leads_extracted = CASE WHEN sources & 1 THEN leads_extracted"
             " ELSE excluded.leads_extracted END,"
             " leads_enriched = CASE WHEN sources & 1 THEN leads_enriched"
             " ELSE excluded.leads_enriched END,"
             " requested_limit = CASE WHEN sources & 1 OR excluded.requested_limit < 0"
             " THEN requested_limit ELSE excluded.requested_limit END"
             " RETURNING id"},
            // A campaign this app launched (issue 12 item 6): what it asked for. A status or
            // a webhook that came first keeps what it said; an empty status stays unknown.
            {&upsertApiLaunch,
             "INSERT INTO campaigns (campaign_id, event_id, name, mode, search_urls,"
             " leads_extracted, leads_enriched, requested_limit, received_at, sources, api_status)"
             " VALUES (?1, ?2, ?3, ?4, ?5, -1, -1, ?6, ?7, 2, ?8)"
             " ON CONFLICT (campaign_id) DO UPDATE SET sources = sources | 2,"
             " name = CASE WHEN name = '' THEN excluded.name ELSE name END,"
             " mode = CASE WHEN mode = '' THEN excluded.mode ELSE mode END,"
             " search_urls = CASE WHEN search_urls = '[]' THEN excluded.search_urls"
             " ELSE search_urls END,"
             " requested_limit = CASE WHEN requested_limit <= 0 THEN excluded.requested_limit"
             " ELSE requested_limit END,"
             " api_status = CASE WHEN api_status = '' THEN excluded.api_status ELSE api_status END"
             " RETURNING id"},
            {&upsertApiResults,
             "INSERT INTO campaigns (campaign_id, event_id, leads_extracted, leads_enriched,"
             " requested_limit, received_at, sources) VALUES (?1, ?2, -1, -1, -1, ?3, 2)"
             " ON CONFLICT (campaign_id) DO UPDATE SET sources = sources | 2,"
             " event_id = CASE WHEN sources & 1 THEN event_id ELSE excluded.event_id END"
             " RETURNING id"},
            // The last page read once the campaign was over: nothing more is to come.
            {&resultsRead,
             "UPDATE campaigns SET results_complete = 1 WHERE id = ?1"
             " AND (sources & 1 OR upper(api_status) IN ('FINISHED', 'FAILED'))"},
            {&campaignSources, "SELECT sources FROM campaigns WHERE id = ?1"},
            // The same person already in the campaign, whichever way they came (webhook and API
            // may number leads differently): through the identifier index, then the campaign.
            // The index is partial (identifier <> ''), which a bound ?1 does not prove, and
            // the '+' keeps the planner off the campaign index: without both it scanned every
            // lead of the campaign for each lead of a page, and a 10,000-lead fetch took 8 s.
            {&findByIdentity,
             "SELECT lead_id FROM leads WHERE linkedin_identifier = ?1"
             " AND linkedin_identifier <> '' AND +campaign = ?2 LIMIT 1"},
            {&findCampaign, "SELECT id FROM campaigns WHERE campaign_id = ?1"},
            // The joins of temp.chunk_leads with leads below are CROSS JOINs: the chunk (at most
            // a few hundred keys) must be the outer loop, one lookup of (campaign, lead_id)
            // each. The planner knows nothing of the temporary table's size and otherwise
            // scanned every lead of the campaign for each chunk, which made projecting a large
            // event quadratic in its size.
            // A key already in the chunk keeps its first slice: its old index row was
            // remembered then (a second copy of a lead in one event must not remember the row
            // the first copy wrote, which is not indexed yet).
            {&rememberLead,
             "INSERT OR IGNORE INTO temp.chunk_leads (lead_id, slice) VALUES (?1, ?2)"},
            {&rememberOldIndex,
             "INSERT INTO temp.chunk_unindex (id, full_name, headline, company, job_position,"
             " location, email) SELECT l.id, l.full_name, l.headline, l.company, l.job_position,"
             " l.location, l.email FROM temp.chunk_leads k"
             " CROSS JOIN leads l ON l.campaign = ?1 AND l.lead_id = k.lead_id WHERE k.slice = ?2"},
            {&upsertLead,
             "INSERT INTO leads (campaign, lead_id, linkedin_identifier, linkedin_url, first_name,"
             " last_name, full_name, headline, summary, location, city, country,"
             " profile_picture_url, company, job_position, email, phone, connections, followers,"
             " experience, education, skills, flags)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
             " ?17, ?18, ?19, ?20, ?21, ?22, " LV_NEW_LEAD_FLAGS ")"
             " ON CONFLICT (campaign, lead_id) DO UPDATE SET"
             " linkedin_identifier = excluded.linkedin_identifier,"
             " linkedin_url = excluded.linkedin_url, first_name = excluded.first_name,"
             " last_name = excluded.last_name, full_name = excluded.full_name,"
             " headline = excluded.headline, summary = excluded.summary,"
             " location = excluded.location, city = excluded.city, country = excluded.country,"
             " profile_picture_url = excluded.profile_picture_url, company = excluded.company,"
             " job_position = excluded.job_position, email = excluded.email,"
             " phone = excluded.phone, connections = excluded.connections,"
             " followers = excluded.followers, experience = excluded.experience,"
             " education = excluded.education, skills = excluded.skills,"
             // The contact bits follow the new values; the export mark stays while the person
             // does, and is looked up again when the identity changed.
             " flags = CASE WHEN linkedin_identifier = excluded.linkedin_identifier"
             " THEN (flags & ~3) | (excluded.flags & 3)"
             " WHEN excluded.linkedin_identifier <> '' THEN (flags & ~7) | excluded.flags"
             " ELSE (flags & ~7) | (excluded.flags & 3) | iif(EXISTS (SELECT 1 FROM lead_exports"
             " e WHERE e.identity = 'lead:' || id), 4, 0) END"},
            // A lead from the API onto one already stored (by the webhook, or an earlier
            // fetch): it fills in what is empty and never blanks what is known.
            {&fillLead,
             "INSERT INTO leads (campaign, lead_id, linkedin_identifier, linkedin_url, first_name,"
             " last_name, full_name, headline, summary, location, city, country,"
             " profile_picture_url, company, job_position, email, phone, connections, followers,"
             " experience, education, skills, flags)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
             " ?17, ?18, ?19, ?20, ?21, ?22, " LV_NEW_LEAD_FLAGS ")"
             " ON CONFLICT (campaign, lead_id) DO UPDATE SET"
             " linkedin_identifier = iif(linkedin_identifier = '', excluded.linkedin_identifier,"
             " linkedin_identifier),"
             " linkedin_url = iif(linkedin_url = '', excluded.linkedin_url, linkedin_url),"
             " first_name = iif(first_name = '', excluded.first_name, first_name),"
             " last_name = iif(last_name = '', excluded.last_name, last_name),"
             " full_name = iif(full_name = '', excluded.full_name, full_name),"
             " headline = iif(headline = '', excluded.headline, headline),"
             " summary = iif(summary = '', excluded.summary, summary),"
             " location = iif(location = '', excluded.location, location),"
             " city = iif(city = '', excluded.city, city),"
             " country = iif(country = '', excluded.country, country),"
             " profile_picture_url = iif(profile_picture_url = '', excluded.profile_picture_url,"
             " profile_picture_url),"
             " company = iif(company = '', excluded.company, company),"
             " job_position = iif(job_position = '', excluded.job_position, job_position),"
             " email = iif(email = '', excluded.email, email),"
             " phone = iif(phone = '', excluded.phone, phone),"
             " connections = coalesce(connections, excluded.connections),"
             " followers = coalesce(followers, excluded.followers),"
             " experience = iif(experience = '[]', excluded.experience, experience),"
             " education = iif(education = '[]', excluded.education, education),"
             " skills = iif(skills = '[]', excluded.skills, skills),"
             // Filled contact details add their bits; an identifier filled in makes the
             // person the one it names, exported or not.
             " flags = CASE WHEN linkedin_identifier = '' AND excluded.linkedin_identifier <> ''"
             " THEN (flags & ~4) | excluded.flags ELSE flags | (excluded.flags & 3) END"},
            {&unindexChunk,
             "INSERT INTO leads_fts (leads_fts, rowid, full_name, headline, company,"
             " job_position, location, email) SELECT 'delete', id, full_name, headline,"
             " company, job_position, location, email FROM temp.chunk_unindex"},
            {&indexChunk,
             "INSERT INTO leads_fts (rowid, full_name, headline, company, job_position,"
             " location, email) SELECT l.id, l.full_name, l.headline, l.company, l.job_position,"
             " l.location, l.email FROM temp.chunk_leads k"
             " CROSS JOIN leads l ON l.campaign = ?1 AND l.lead_id = k.lead_id"},
            // leads.superseded (schema v9) for every lead of the chunk's people: only the
            // newest lead of a person (PersonMerger's order) is 0. A person with one lead costs
            // one probe and no write (unless it was marked superseded: its newer lead has
            // another identity now). The lookups go through the identifier index, whose
            // condition (identifier <> '') is spelled out.
            {&markPeople,
             "UPDATE leads AS x SET superseded = (x.id <> (SELECT n.id FROM leads n"
             " JOIN campaigns cn ON cn.id = n.campaign"
             " WHERE n.linkedin_identifier = x.linkedin_identifier"
             " AND n.linkedin_identifier <> ''"
             " ORDER BY cn.received_at DESC, cn.id DESC, n.id DESC LIMIT 1))"
             " WHERE x.linkedin_identifier <> '' AND x.linkedin_identifier IN"
             " (SELECT l.linkedin_identifier FROM temp.chunk_leads k"
             " CROSS JOIN leads l ON l.campaign = ?1 AND l.lead_id = k.lead_id"
             " WHERE l.linkedin_identifier <> '' AND (l.superseded OR EXISTS (SELECT 1"
             " FROM leads o WHERE o.linkedin_identifier = l.linkedin_identifier"
             " AND o.linkedin_identifier <> '' AND o.id <> l.id)))"},
            {&forgetChunk, "DELETE FROM temp.chunk_leads"},
            {&forgetOldIndex, "DELETE FROM temp.chunk_unindex"},
            // Recounted rather than adjusted: an upsert may turn a lead with an email into one
            // without, and the scan of one campaign's leads costs little next to inserting them.
            {&updateCounts,
             "UPDATE campaigns SET (lead_count, email_count, phone_count) ="
             " (SELECT count(*), coalesce(sum(email <> ''), 0), coalesce(sum(phone <> ''), 0)"
             " FROM leads WHERE campaign = ?1) WHERE id = ?1"},
            {&writeActivity, "UPDATE events SET activity = ?2 WHERE event_id = ?1"},
        },
        u"Cannot prepare the projector's statements"_s, &lastError);
}

bool CampaignWriter::Private::resolveKey(qint64 campaign, const Lead &lead, qsizetype index,
                                         bool matchPerson, QString *key, QString *error)
{
    if (matchPerson) {
        const QString identifier
            = normalizedLinkedinIdentifier(lead.linkedinIdentifier, lead.linkedinUrl);
        if (!identifier.isEmpty()) {
            QString found;
            findByIdentity.bindText(1, identifier, Static);
            findByIdentity.bindInt64(2, campaign);
            if (!findByIdentity.exec(error, [&](const Statement &row) { found = row.text(0); }))
                return false;
            if (!found.isEmpty()) {
                *key = found;
                return true;
            }
        }
    }
    *key = leadKey(lead, index);
    return true;
}

bool CampaignWriter::Private::writeLead(qint64 campaign, const Lead &lead, const QString &key,
                                        bool fromApi, QString *error)
{
    // The identifier is the person's key across campaigns (LeadProfiles::load looks it up
    // through one index), normalised; when only the URL was sent, its slug stands in.
    const QString identifier
        = normalizedLinkedinIdentifier(lead.linkedinIdentifier, lead.linkedinUrl);
    experience.resize(0);
    LeadJson::appendExperience(experience, lead.experience);
    education.resize(0);
    LeadJson::appendEducation(education, lead.education);
    skills.resize(0);
    LeadJson::appendStringList(skills, lead.skills);

    // Converted to UTF-8 here, into one buffer reused across leads: SQLite's own UTF-16
    // conversion (bind_text16) allocates per value and showed in the profile.
    const std::array<const QString *, 19> texts = {&key,
                                                   &identifier,
                                                   &lead.linkedinUrl,
                                                   &lead.firstName,
                                                   &lead.lastName,
                                                   &lead.fullName,
                                                   &lead.headline,
                                                   &lead.summary,
                                                   &lead.location,
                                                   &lead.city,
                                                   &lead.country,
                                                   &lead.profilePictureUrl,
                                                   &lead.company,
                                                   &lead.jobPosition,
                                                   &lead.email,
                                                   &lead.phone,
                                                   &experience,
                                                   &education,
                                                   &skills};
    qsizetype needed = 0;
    for (const QString *text : texts)
        needed += utf8.requiredSpace(text->size());
    if (utf8Buffer.size() < needed)
        utf8Buffer.resize(needed); // never again until the loop below is done
    char *out = utf8Buffer.data();
    Statement &l = fromApi ? fillLead : upsertLead;
    l.bindInt64(1, campaign);
    for (int column = 0; column < int(texts.size()); ++column) {
        char *start = out;
        out = utf8.appendToBuffer(out, *texts[column]);
        // Parameters ?2..?17 are the 16 text columns, ?20..?22 the JSON ones.
        const int param = column < 16 ? column + 2 : column + 4;
        l.bindUtf8(param, QByteArrayView(start, out - start), Static);
    }
    l.bindOptional(18, lead.connections);
    l.bindOptional(19, lead.followers);
    if (!l.exec(error)) {
        *error = u"lead %1: %2"_s.arg(key.left(100)).arg(*error);
        return false;
    }
    return true;
}

CampaignWriter::CampaignWriter(sqlite3 *handle)
    : d(std::make_unique<Private>())
{
    d->handle = handle;
    if (!d->handle)
        d->lastError = u"The projector needs an open SQLite connection."_s;
    else if (!d->prepareAll())
        d->handle = nullptr;
}

CampaignWriter::~CampaignWriter() = default;

bool CampaignWriter::isValid() const
{
    return d->handle != nullptr;
}

QString CampaignWriter::lastError() const
{
    return d->lastError;
}

QString CampaignWriter::campaignKey(const Event &event)
{
    if (event.extractorJob && !event.extractorJob->campaignId.isEmpty())
        return event.extractorJob->campaignId;
    return event.eventId;
}

namespace {
// The row id an upsert's RETURNING gave, or 0 with \a error.
qint64 returnedCampaign(Statement &upsert, const QString &campaignId, QString *error)
{
    qint64 campaign = 0;
    if (!upsert.exec(error, [&](const Statement &row) { campaign = row.int64(0); }))
        return 0;
    if (!campaign)
        *error = u"campaign %1 was not written"_s.arg(campaignId);
    return campaign;
}
} // namespace

qint64 CampaignWriter::upsertCampaign(const Event &event, qint64 receivedAt, QString *error)
{
    Q_ASSERT(event.extractorJob);
    const ExtractorJob &job = *event.extractorJob;
    const QString campaignId = campaignKey(event);
    if (event.api && event.kind == EventKind::ApiCampaignLaunched) {
        QString searchUrls;
        LeadJson::appendStringList(searchUrls, job.searchUrls);
        Statement &c = d->upsertApiLaunch;
        c.bindText(1, campaignId, Static);
        c.bindText(2, event.eventId, Static);
        c.bindText(3, job.campaignName, Static);
        c.bindText(4, job.mode, Static);
        c.bindText(5, searchUrls, Static);
        c.bindInt64(6, job.requestedLimit);
        c.bindInt64(7, receivedAt);
        c.bindText(8, event.api->status, Static);
        return returnedCampaign(c, campaignId, error);
    }
    if (event.api) {
        const bool status = event.kind == EventKind::ApiCampaignStatus;
        Statement &c = status ? d->upsertApiStatus : d->upsertApiResults;
        c.bindText(1, campaignId, Static);
        c.bindText(2, event.eventId, Static);
        if (status) {
            const ApiFetch &api = *event.api;
            c.bindText(3, job.campaignName, Static);
            c.bindInt64(4, api.extracted.value_or(-1));
            c.bindInt64(5, api.enriched.value_or(-1));
            c.bindInt64(6, api.requested.value_or(-1));
            c.bindInt64(7, receivedAt);
            c.bindText(8, api.status, Static);
            if (api.percentComplete)
                c.bindDouble(9, *api.percentComplete);
            else
                c.bindNull(9);
            c.bindText(10, api.message, Static);
        } else {
            c.bindInt64(3, receivedAt);
        }
        return returnedCampaign(c, campaignId, error);
    }
    QString searchUrls;
    LeadJson::appendStringList(searchUrls, job.searchUrls);

    Statement &c = d->upsertCampaign;
    c.bindText(1, campaignId, Static);
    c.bindText(2, event.eventId, Static);
    c.bindText(3, job.campaignName, Static);
    c.bindText(4, job.campaignType, Static);
    c.bindText(5, job.mode, Static);
    c.bindText(6, searchUrls, Static);
    c.bindInt64(7, job.totalLeadsExtracted);
    c.bindInt64(8, job.totalLeadsEnriched);
    c.bindInt64(9, job.requestedLimit);
    c.bindTime(10, job.startedAt);
    c.bindTime(11, job.completedAt);
    c.bindInt64(12, job.durationMs);
    c.bindInt64(13, job.credits.extraction);
    c.bindInt64(14, job.credits.enrichment);
    c.bindInt64(15, job.credits.total);
    c.bindText(16, job.resultsUrl, Static);
    c.bindInt64(17, receivedAt);
    return returnedCampaign(c, campaignId, error);
}

qint64 CampaignWriter::campaignRowId(const QString &campaignKey, QString *error)
{
    qint64 campaign = 0;
    d->findCampaign.bindText(1, campaignKey, Static);
    if (!d->findCampaign.exec(error, [&](const Statement &row) { campaign = row.int64(0); }))
        return 0;
    return campaign;
}

bool CampaignWriter::beginLeads(QString *error)
{
    d->slice = 0;
    return d->forgetChunk.exec(error) && d->forgetOldIndex.exec(error);
}

bool CampaignWriter::writeLeads(qint64 campaign, const ExtractorJob &job, qsizetype first,
                                qsizetype last, QString *error, const ApiFetch *api)
{
    ++d->slice;
    // Where the API is involved, the same person is matched by LinkedIn identity: a webhook and
    // a results page need not number a campaign's leads alike. A campaign only webhooks brought
    // keeps its keys as they were, without a lookup per lead.
    int sources = 0;
    d->campaignSources.bindInt64(1, campaign);
    if (!d->campaignSources.exec(error, [&](const Statement &row) { sources = int(row.int64(0)); }))
        return false;
    const bool matchPerson = api || (sources & CampaignSources::Api);
    const qsizetype base = api ? api->offset : 0;
    d->sliceKeys.resize(last - first);
    for (qsizetype i = first; i < last; ++i) {
        if (!d->resolveKey(campaign, job.leads.at(i), base + i, matchPerson,
                           &d->sliceKeys[i - first], error))
            return false;
    }
    for (qsizetype i = first; i < last; ++i) {
        // Only the keys first: the index rows of leads that already exist (a later event of the
        // campaign, a re-ingest) are remembered with their old values before the upsert.
        const QString &key = d->sliceKeys.at(i - first);
        d->rememberLead.bindText(1, key, Static);
        d->rememberLead.bindInt64(2, d->slice);
        if (!d->rememberLead.exec(error))
            return false;
    }
    d->rememberOldIndex.bindInt64(1, campaign);
    d->rememberOldIndex.bindInt64(2, d->slice);
    if (!d->rememberOldIndex.exec(error))
        return false;
    for (qsizetype i = first; i < last; ++i) {
        if (!d->writeLead(campaign, job.leads.at(i), d->sliceKeys.at(i - first), api != nullptr,
                          error))
            return false;
    }
    return true;
}

bool CampaignWriter::markResultsRead(qint64 campaign, QString *error)
{
    d->resultsRead.bindInt64(1, campaign);
    return d->resultsRead.exec(error);
}

bool CampaignWriter::indexLeads(qint64 campaign, QString *error)
{
    if (!d->unindexChunk.exec(error))
        return false;
    d->indexChunk.bindInt64(1, campaign);
    if (!d->indexChunk.exec(error))
        return false;
    d->markPeople.bindInt64(1, campaign);
    if (!d->markPeople.exec(error))
        return false;
    return d->forgetChunk.exec(error) && d->forgetOldIndex.exec(error);
}

bool CampaignWriter::updateCounts(qint64 campaign, QString *error)
{
    d->updateCounts.bindInt64(1, campaign);
    return d->updateCounts.exec(error);
}

bool CampaignWriter::writeActivity(const QString &eventId, const Activity &activity, QString *error)
{
    const QString json = activityJson(activity);
    d->writeActivity.bindText(1, eventId, Static);
    d->writeActivity.bindText(2, json, Static);
    return d->writeActivity.exec(error);
}
