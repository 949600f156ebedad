// SPDX-License-Identifier: MIT
// The SQL of the projector's prepared statements (CampaignWriter::Private::prepareAll).
#include "store/campaignwriter_p.h"

#include "common/leadflags.h"
#include "store/schema.h"

using namespace Qt::StringLiterals;

// leads.flags of a lead as written (common/leadflags.h), from its bound values: ?16 email,
// ?17 phone, ?3 the normalised identifier. A known person's new lead arrives marked exported
// (one lookup of lead_exports' primary key); a lead without identifier is a person of its own,
// new to every export.
#define LV_NEW_LEAD_FLAGS                                                                          \
    "(?16 <> '') | ((?17 <> '') << 1) | iif(?3 <> '' AND EXISTS (SELECT 1 FROM lead_exports e"     \
    " WHERE e.identity = ?3), 4, 0)"
// The insert both lead upserts start with (CampaignWriter::Private::writeLead binds ?1..?22);
// each says what an existing row keeps.
#define LV_INSERT_LEAD                                                                             \
    "INSERT INTO leads (campaign, lead_id, linkedin_identifier, linkedin_url, first_name,"         \
    " last_name, full_name, headline, summary, location, city, country,"                           \
    " profile_picture_url, company, job_position, email, phone, connections, followers,"           \
    " experience, education, skills, flags)"                                                       \
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"              \
    " ?17, ?18, ?19, ?20, ?21, ?22, " LV_NEW_LEAD_FLAGS ")"                                        \
    " ON CONFLICT (campaign, lead_id) DO UPDATE SET"
static_assert(LeadFlags::HasEmail == 1 && LeadFlags::HasPhone == 2 && LeadFlags::Exported == 4
                  && LeadFlags::Superseded == 8,
              "the bits written in the statements below");

namespace {
// The chunk's lead keys, each with the slice that first wrote it, and the search index rows
// the chunk's leads had before it (taken out at the end of the chunk).
constexpr char ChunkTable[] = "CREATE TEMP TABLE IF NOT EXISTS chunk_leads ("
                              " lead_id TEXT PRIMARY KEY, slice INTEGER NOT NULL) WITHOUT ROWID";
// The identifier each remembered lead had, so that markPeople also settles the person a lead
// left when its identity changed.
constexpr char UnindexTable[]
    = "CREATE TEMP TABLE IF NOT EXISTS chunk_unindex ("
      " id INTEGER PRIMARY KEY, " LV_LEADS_FTS_COLUMNS ", old_identifier TEXT NOT NULL DEFAULT '')";
} // namespace

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
             " received_at, source, filters)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
             " ?18, ?19)"
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
             " sources = sources | 1, source = excluded.source, filters = excluded.filters"
             " RETURNING id"},
            // What the API says of a campaign (§4.3) fills in only what no webhook gave: a
            // webhook's figures are the campaign's own account, the status a snapshot. Progress
            // the answer did not hold is -1 (unknown). The event id follows the newest API
            // entry while no webhook came, so the list says "arriving" while pages are written.
            // The progress (percent_complete, v10) and SendPilot's words follow every status.
            {&upsertApiStatus,
             "INSERT INTO campaigns (campaign_id, event_id, name, leads_extracted,"
             " leads_enriched, requested_limit, received_at, sources, api_status, api_percent,"
             " api_message, source)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 2, ?8, ?9, ?10, ?11)"
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
             " requested_limit, received_at, sources, source)"
             " VALUES (?1, ?2, -1, -1, -1, ?3, 2, ?4)"
             " ON CONFLICT (campaign_id) DO UPDATE SET sources = sources | 2,"
             " event_id = CASE WHEN sources & 1 THEN event_id ELSE excluded.event_id END"
             " RETURNING id"},
            // The last page read once the campaign was over: nothing more is to come.
            {&resultsRead,
             "UPDATE campaigns SET results_complete = 1 WHERE id = ?1"
             " AND (sources & 1 OR upper(api_status) IN ('FINISHED', 'COMPLETED', 'FAILED'))"},
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
             "INSERT INTO temp.chunk_unindex (id, " LV_LEADS_FTS_COLUMNS ", old_identifier)"
             " SELECT l.id, l.full_name, l.headline, l.company, l.job_position, l.location,"
             " l.email, l.industry, l.seniority, l.linkedin_identifier FROM temp.chunk_leads k"
             " CROSS JOIN leads l ON l.campaign = ?1 AND l.lead_id = k.lead_id WHERE k.slice = ?2"},
            {&upsertLead,
             LV_INSERT_LEAD
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
             // does, and is looked up again when the identity changed. The superseded bit is
             // markPeople's, for every lead with an identity; a lead that lost its identity is
             // a person of its own, superseded by nobody.
             " flags = CASE WHEN linkedin_identifier = excluded.linkedin_identifier"
             " THEN (flags & ~3) | (excluded.flags & 3)"
             " WHEN excluded.linkedin_identifier <> '' THEN (flags & ~7) | excluded.flags"
             " ELSE (flags & ~15) | (excluded.flags & 3) | iif(EXISTS (SELECT 1 FROM lead_exports"
             " e WHERE e.identity = 'lead:' || id), 4, 0) END"},
            // A lead from the API onto one already stored (by the webhook, or an earlier
            // fetch): it fills in what is empty and never blanks what is known.
            {&fillLead,
             LV_INSERT_LEAD
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
             "INSERT INTO leads_fts (leads_fts, rowid, " LV_LEADS_FTS_COLUMNS ")"
             " SELECT 'delete', id, " LV_LEADS_FTS_COLUMNS " FROM temp.chunk_unindex"},
            {&indexChunk,
             "INSERT INTO leads_fts (rowid, " LV_LEADS_FTS_COLUMNS ")"
             " SELECT l.id, l.full_name, l.headline, l.company, l.job_position, l.location,"
             " l.email, l.industry, l.seniority FROM temp.chunk_leads k"
             " CROSS JOIN leads l ON l.campaign = ?1 AND l.lead_id = k.lead_id"},
            // The Superseded bit of leads.flags (8, schema v13) for every lead of the chunk's
            // people: only the newest lead of a person (PersonMerger's order) is without it. A
            // person with one lead costs one probe and no write (unless it was marked
            // superseded: its newer lead has another identity now). The lookups go through the
            // identifier index, whose condition (identifier <> '') is spelled out.
            {&markPeople,
             "UPDATE leads AS x SET flags = (x.flags & ~8) | iif(x.id <> (SELECT n.id FROM leads n"
             " JOIN campaigns cn ON cn.id = n.campaign"
             " WHERE n.linkedin_identifier = x.linkedin_identifier"
             " AND n.linkedin_identifier <> ''"
             " ORDER BY cn.received_at DESC, cn.id DESC, n.id DESC LIMIT 1), 8, 0)"
             " WHERE x.linkedin_identifier <> '' AND x.linkedin_identifier IN"
             " (SELECT l.linkedin_identifier FROM temp.chunk_leads k"
             " CROSS JOIN leads l ON l.campaign = ?1 AND l.lead_id = k.lead_id"
             " WHERE l.linkedin_identifier <> '' AND (l.flags & 8 OR EXISTS (SELECT 1"
             " FROM leads o WHERE o.linkedin_identifier = l.linkedin_identifier"
             " AND o.linkedin_identifier <> '' AND o.id <> l.id))"
             // The person a lead of the chunk left (its identifier changed): another of their
             // leads may be their newest now.
             " UNION SELECT u.old_identifier FROM temp.chunk_unindex u"
             " JOIN leads m ON m.id = u.id"
             " WHERE u.old_identifier <> '' AND u.old_identifier <> m.linkedin_identifier)"},
            {&forgetChunk, "DELETE FROM temp.chunk_leads"},
            {&forgetOldIndex, "DELETE FROM temp.chunk_unindex"},
            // Recounted rather than adjusted: an upsert may turn a lead with an email into one
            // without, and the scan of one campaign's leads costs little next to inserting them.
            {&updateCounts,
             "UPDATE campaigns SET (lead_count, email_count, phone_count) ="
             " (SELECT count(*), coalesce(sum(email <> ''), 0), coalesce(sum(phone <> ''), 0)"
             " FROM leads WHERE campaign = ?1) WHERE id = ?1"},
            {&writeActivity, "UPDATE events SET activity = ?2 WHERE event_id = ?1"},
            // A search's own fields (schema v12), by the row writeLead() just wrote: the
            // webhook's replace, the API's fill in only what is empty. Extractor leads have
            // none, so they skip this statement.
            {&setSearchFields,
             "UPDATE leads SET job_title = ?3, industry = ?4, seniority = ?5,"
             " company_linkedin_url = ?6, website = ?7, employees = ?8"
             " WHERE campaign = ?1 AND lead_id = ?2"},
            {&fillSearchFields,
             "UPDATE leads SET job_title = iif(job_title = '', ?3, job_title),"
             " industry = iif(industry = '', ?4, industry),"
             " seniority = iif(seniority = '', ?5, seniority),"
             " company_linkedin_url = iif(company_linkedin_url = '', ?6, company_linkedin_url),"
             " website = iif(website = '', ?7, website),"
             " employees = iif(employees = '', ?8, employees)"
             " WHERE campaign = ?1 AND lead_id = ?2"},
        },
        u"Cannot prepare the projector's statements"_s, &lastError);
}
