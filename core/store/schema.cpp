// SPDX-License-Identifier: MIT
#include "store/schema.h"

using namespace Qt::StringLiterals;

namespace Schema {

const QList<Migration> &migrations()
{
    static const QList<Migration> steps = {
        {1,
         {
             "CREATE TABLE deliveries ("
             " id INTEGER PRIMARY KEY,"
             " received_at INTEGER NOT NULL,"
             " peer TEXT NOT NULL DEFAULT '',"
             " method TEXT NOT NULL DEFAULT '',"
             " path TEXT NOT NULL DEFAULT '',"
             " headers TEXT NOT NULL DEFAULT '',"
             " body BLOB,"
             " body_size INTEGER NOT NULL DEFAULT 0,"
             " status INTEGER NOT NULL,"
             " verdict TEXT NOT NULL,"
             " verified INTEGER NOT NULL DEFAULT 0,"
             " event_id TEXT,"
             " event_type TEXT,"
             " lead_count INTEGER NOT NULL DEFAULT 0,"
             " detail TEXT NOT NULL DEFAULT '')"_L1,
             "CREATE INDEX deliveries_by_time ON deliveries(received_at)"_L1,
             "CREATE INDEX deliveries_by_event ON deliveries(event_id)"_L1,
             "CREATE TABLE events ("
             " event_id TEXT PRIMARY KEY,"
             " event_type TEXT NOT NULL,"
             " kind TEXT NOT NULL DEFAULT '',"
             " occurred_at INTEGER,"
             " workspace_id TEXT NOT NULL DEFAULT '',"
             " received_at INTEGER NOT NULL,"
             " verified INTEGER NOT NULL DEFAULT 0,"
             " delivery_id INTEGER NOT NULL REFERENCES deliveries(id),"
             " campaign_id TEXT NOT NULL DEFAULT '',"
             " lead_id TEXT NOT NULL DEFAULT '',"
             " lead_count INTEGER NOT NULL DEFAULT 0,"
             " activity TEXT)"_L1,
             "CREATE INDEX events_by_campaign ON events(campaign_id)"_L1,
             "CREATE TABLE campaigns ("
             " id INTEGER PRIMARY KEY,"
             " campaign_id TEXT NOT NULL UNIQUE,"
             " event_id TEXT NOT NULL REFERENCES events(event_id),"
             " name TEXT NOT NULL DEFAULT '', type TEXT NOT NULL DEFAULT '',"
             " mode TEXT NOT NULL DEFAULT '',"
             " search_urls TEXT NOT NULL DEFAULT '[]',"
             " leads_extracted INTEGER NOT NULL DEFAULT 0,"
             " leads_enriched INTEGER NOT NULL DEFAULT 0,"
             " requested_limit INTEGER NOT NULL DEFAULT 0,"
             " started_at INTEGER, completed_at INTEGER,"
             " duration_ms INTEGER NOT NULL DEFAULT 0,"
             " credits_extraction INTEGER NOT NULL DEFAULT 0,"
             " credits_enrichment INTEGER NOT NULL DEFAULT 0,"
             " credits_total INTEGER NOT NULL DEFAULT 0,"
             " results_url TEXT NOT NULL DEFAULT '',"
             " received_at INTEGER NOT NULL,"
             " lead_count INTEGER NOT NULL DEFAULT 0,"
             " email_count INTEGER NOT NULL DEFAULT 0,"
             " phone_count INTEGER NOT NULL DEFAULT 0,"
             " seen INTEGER NOT NULL DEFAULT 0)"_L1,
             // campaigns.event_id is looked up when an event is deleted (foreign key check).
             "CREATE INDEX campaigns_by_event ON campaigns(event_id)"_L1,
             "CREATE TABLE leads ("
             " id INTEGER PRIMARY KEY,"
             " campaign INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,"
             " lead_id TEXT NOT NULL,"
             " linkedin_identifier TEXT NOT NULL DEFAULT '',"
             " linkedin_url TEXT NOT NULL DEFAULT '',"
             " first_name TEXT NOT NULL DEFAULT '', last_name TEXT NOT NULL DEFAULT '',"
             " full_name TEXT NOT NULL DEFAULT '',"
             " headline TEXT NOT NULL DEFAULT '', summary TEXT NOT NULL DEFAULT '',"
             " location TEXT NOT NULL DEFAULT '', city TEXT NOT NULL DEFAULT '',"
             " country TEXT NOT NULL DEFAULT '',"
             " profile_picture_url TEXT NOT NULL DEFAULT '', company TEXT NOT NULL DEFAULT '',"
             " job_position TEXT NOT NULL DEFAULT '',"
             " email TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '',"
             " connections INTEGER, followers INTEGER,"
             " experience TEXT NOT NULL DEFAULT '[]',"
             " education TEXT NOT NULL DEFAULT '[]',"
             " skills TEXT NOT NULL DEFAULT '[]',"
             " UNIQUE (campaign, lead_id))"_L1,
             // UNIQUE (campaign, lead_id) already indexes leads by campaign.
             "CREATE VIRTUAL TABLE leads_fts USING fts5(full_name, headline, company,"
             " job_position, location, email, content='leads', content_rowid='id',"
             " tokenize='unicode61 remove_diacritics 2')"_L1,
             // EventStore indexes each event's leads with one INSERT ... SELECT rather than a
             // trigger per row: FTS5 flushes its pending index at every statement savepoint
             // once it is part of a transaction, so a row trigger wrote one tiny segment per
             // lead (measured 17 us per lead against 2.5 us). Deletes by any writer (a viewer
             // removing a campaign cascades to its leads) are one statement, so a trigger is
             // cheap there and keeps the index right.
             "CREATE TRIGGER leads_fts_delete AFTER DELETE ON leads BEGIN"
             " INSERT INTO leads_fts(leads_fts, rowid, full_name, headline, company,"
             " job_position, location, email) VALUES ('delete', old.id, old.full_name,"
             " old.headline, old.company, old.job_position, old.location, old.email); END"_L1,
         }},
        // v2, for the lead table at a million rows (bench_viewer). No index per sort column:
        // LeadTableModel sorts any column by reading (key, id) in rowid order and sorting in
        // C++ (0.2-1 s at 1M, every column alike), which costs nothing at ingest; the v2 draft's
        // indexes on full_name, company, email and followers cost ~4 ms CPU per 2,500-lead
        // event for four columns out of 24. leads_by_campaign gives a campaign's leads in id
        // order (the campaign filter, the campaign columns' keys) without reading the table.
        // LeadProfiles::load finds the same person in other campaigns by LinkedIn identifier,
        // through a partial index (empty values never match and are not indexed); the store
        // fills an identifier missing from an event with the slug of the profile URL. A second
        // index on the URL was dropped: at 1M leads each random-key index costs ~15 ms per
        // 2,500-lead event (bench_ingest --db). The lead id goes through UNIQUE (campaign,
        // lead_id), one seek per campaign.
        // No FTS5 prefix indexes: prefix='1 2 3' made "a*" over 1M leads 177 -> 38 ms but cost
        // another 13 ms CPU per 2,500-lead event, over the ingest budget; the lead table shows
        // a search's first rows from a small in-memory index of the first leads instead.
        {2,
         {
             "CREATE INDEX leads_by_campaign ON leads(campaign)"_L1,
             "CREATE INDEX leads_by_linkedin_identifier ON leads(linkedin_identifier)"
             " WHERE linkedin_identifier <> ''"_L1,
             "CREATE INDEX campaigns_by_name ON campaigns(name COLLATE NOCASE)"_L1,
             "CREATE INDEX campaigns_by_received ON campaigns(received_at)"_L1,
         }},
        // v3, the log-first store: an event row is an entry of the log, acknowledged before
        // anything is derived from it; the projector writes campaigns and leads after and
        // records here how far it got. Events stored before were projected when stored. The
        // partial index holds only the entries still to project, so finding the next one
        // costs nothing however long the log. body_codec says how deliveries.body is kept
        // (BodyCodec); bodies stored before stay as they are until the projector's
        // maintenance compresses them, in batches that resume from store_tasks.cursor, up to
        // the deliveries that existed at the migration (new ones are compressed when
        // projected).
        {3,
         {
             "ALTER TABLE events ADD COLUMN projection TEXT NOT NULL DEFAULT 'projected'"_L1,
             "ALTER TABLE events ADD COLUMN projected_leads INTEGER NOT NULL DEFAULT 0"_L1,
             "ALTER TABLE events ADD COLUMN projection_error TEXT NOT NULL DEFAULT ''"_L1,
             "UPDATE events SET projected_leads = lead_count"_L1,
             "CREATE INDEX events_unprojected ON events(projection)"
             " WHERE " LV_EVENTS_UNPROJECTED ""_L1,
             "ALTER TABLE deliveries ADD COLUMN body_codec INTEGER NOT NULL DEFAULT 0"_L1,
             "CREATE TABLE store_tasks (name TEXT PRIMARY KEY, cursor INTEGER NOT NULL,"
             " until INTEGER NOT NULL)"_L1,
             "INSERT INTO store_tasks (name, cursor, until)"
             " SELECT 'compress_bodies', 0, coalesce(max(id), 0) FROM deliveries"_L1,
         }},
        // v4 (v3 is the log-first store's), bounded rejections (store/rejectionlog.h): a burst
        // of alike rejections is one row with repeat_count and the time of the last in
        // last_seen (NULL for a row seen once, so the partial index holds only bursts, which
        // the deliveries list re-reads as they grow); the client a tunnel named; and the
        // rejected rows in id order, oldest first for pruning. The index's condition is
        // RejectionLog::PrunableCondition, word for word.
        {4,
         {
             "ALTER TABLE deliveries ADD COLUMN repeat_count INTEGER NOT NULL DEFAULT 1"_L1,
             "ALTER TABLE deliveries ADD COLUMN last_seen INTEGER"_L1,
             "ALTER TABLE deliveries ADD COLUMN forwarded_for TEXT NOT NULL DEFAULT ''"_L1,
             "CREATE INDEX deliveries_prunable ON deliveries(id)"
             " WHERE verdict NOT IN ('accepted', 'imported', 'duplicate', 'reingested')"_L1,
             "CREATE INDEX deliveries_by_last_seen ON deliveries(last_seen)"
             " WHERE last_seen IS NOT NULL"_L1,
         }},
        // v5, one person across campaigns by LinkedIn identity only
        // (normalizedLinkedinIdentifier): identifiers stored before were kept as sent, so
        // "JohnDoe " and "johndoe" were two people. SQLite's lower() folds ASCII only, which is
        // what LinkedIn's public identifiers are made of (a non-ASCII one stored before keeps
        // its case until its campaign is re-ingested).
        {5,
         {
             "UPDATE leads SET linkedin_identifier = lower(trim(linkedin_identifier))"
             " WHERE linkedin_identifier <> lower(trim(linkedin_identifier))"_L1,
         }},
        // v6, the SendPilot API client (issue 12): every exchange with the API, one row per
        // attempt, for the "API calls" view and `leadviewer sendpilot`. No header and no body
        // columns, so the API key has nowhere to go; detail is the text the user is shown.
        // One self-contained step: it touches no other table, so it can be renumbered.
        {6,
         {
             "CREATE TABLE api_calls ("
             " id INTEGER PRIMARY KEY,"
             " started_at INTEGER NOT NULL,"
             " method TEXT NOT NULL,"
             " path TEXT NOT NULL,"
             " status INTEGER NOT NULL DEFAULT 0,"
             " duration_ms INTEGER NOT NULL DEFAULT 0,"
             " verdict TEXT NOT NULL,"
             " attempt INTEGER NOT NULL DEFAULT 1,"
             " detail TEXT NOT NULL DEFAULT '')"_L1,
         }},
        // v7, campaigns fetched from the SendPilot API (issue 12 items 4 and 5): which ways a
        // campaign came in (CampaignSources: 1 webhook or import, 2 API; every campaign stored
        // before came by webhook or import), the status the API last gave, and whether the API's
        // results were read to their last page once the campaign was finished (then it is no
        // longer incomplete, whatever the counts say). API pages are deliveries with the
        // verdict 'fetched', which rejection pruning must never delete: the partial index is
        // made again with RejectionLog::PrunableCondition. Self-contained, so it can be
        // renumbered on a merge.
        {7,
         {
             "ALTER TABLE campaigns ADD COLUMN sources INTEGER NOT NULL DEFAULT 1"_L1,
             "ALTER TABLE campaigns ADD COLUMN api_status TEXT NOT NULL DEFAULT ''"_L1,
             "ALTER TABLE campaigns ADD COLUMN results_complete INTEGER NOT NULL DEFAULT 0"_L1,
             "DROP INDEX IF EXISTS deliveries_prunable"_L1,
             "CREATE INDEX deliveries_prunable ON deliveries(id)"
             " WHERE verdict NOT IN ('accepted', 'imported', 'duplicate', 'reingested',"
             " 'fetched')"_L1,
         }},
        // v8, export history (issue 13 item 4): one row per finished export (what, how many,
        // where to), and per person the export that last included them, so "Not yet exported"
        // (LeadFilter::notExported, NOT EXISTS by primary key) gives the next CRM import only
        // new people. lead_exports is keyed by person, not by lead row: the normalised LinkedIn
        // identity (leads.linkedin_identifier), so someone exported from one campaign counts as
        // exported when found again in another; a lead without an identity (no identifier and
        // no profile URL) is keyed 'lead:' || leads.id (ExportHistory::IdentitySql: an
        // identifier never holds a colon). No foreign key to leads: deleting a campaign must
        // not forget that its people went to the CRM. Self-contained, so it can be renumbered
        // on a merge.
        {8,
         {
             "CREATE TABLE exports ("
             " id INTEGER PRIMARY KEY,"
             " exported_at INTEGER NOT NULL,"
             " scope TEXT NOT NULL DEFAULT '',"
             " filter_summary TEXT NOT NULL DEFAULT '',"
             " preset TEXT NOT NULL DEFAULT '',"
             " format TEXT NOT NULL DEFAULT '',"
             " file_path TEXT NOT NULL DEFAULT '',"
             " row_count INTEGER NOT NULL DEFAULT 0,"
             " marked INTEGER NOT NULL DEFAULT 0)"_L1,
             "CREATE TABLE lead_exports ("
             " identity TEXT PRIMARY KEY,"
             " last_export_id INTEGER NOT NULL,"
             " last_exported_at INTEGER NOT NULL) WITHOUT ROWID"_L1,
         }},
        // v9, one row per person in the table (issue 13 item 5): leads.superseded is 1 when a
        // newer lead of the same person (normalised LinkedIn identity) exists, "newer" as
        // PersonMerger orders: the campaign received last, then the campaign and lead row ids.
        // Derived from leads and campaigns (CampaignWriter keeps it for each projected chunk's
        // people), so the migration computes it once. Self-contained, so it can be renumbered
        // on a merge.
        {9,
         {
             "ALTER TABLE leads ADD COLUMN superseded INTEGER NOT NULL DEFAULT 0"_L1,
             "UPDATE leads SET superseded = 1 WHERE id IN (SELECT id FROM (SELECT l.id,"
             " row_number() OVER (PARTITION BY l.linkedin_identifier"
             " ORDER BY c.received_at DESC, c.id DESC, l.id DESC) AS newer"
             " FROM leads l JOIN campaigns c ON c.id = l.campaign"
             " WHERE l.linkedin_identifier <> '') WHERE newer > 1)"_L1,
         }},
        // v10, campaigns launched from the app (issue 12 item 6): the progress the API's status
        // last gave (progress.percent_complete, NULL when it gave none) for "Running 45%", and
        // what SendPilot said with it (shown for a FAILED campaign). Self-contained, so it can
        // be renumbered on a merge.
        {10,
         {
             "ALTER TABLE campaigns ADD COLUMN api_percent REAL"_L1,
             "ALTER TABLE campaigns ADD COLUMN api_message TEXT NOT NULL DEFAULT ''"_L1,
         }},
        // v11, the lead table's filters at a million leads (issue 13 items 1 and 4): the yes/no
        // facts they test, as bits of leads.flags (common/leadflags.h: 1 has email, 2 has
        // phone, 4 its person is in lead_exports), and one covering index keyed by id that
        // holds them with the count ranges. A filter on any of them is then one scan of that
        // index in id order (~20 bytes a lead) instead of the leads table (~1.2 KB a lead), and
        // "Not yet exported" no longer looks up lead_exports per lead (4 s at 1M). Keyed by id,
        // the index grows at its end on ingest like the table. The bits are derived: here for
        // an existing store, then by CampaignWriter and ExportHistory (see LeadFlags).
        // lead_exports stays the truth; the second UPDATE finds each exported person's leads
        // through leads_by_linkedin_identifier, the third a lead keyed by its row ('lead:' ||
        // id, the identity of a lead without identifier). Self-contained, so it can be
        // renumbered on a merge.
        {11,
         {
             "ALTER TABLE leads ADD COLUMN flags INTEGER NOT NULL DEFAULT 0"_L1,
             "UPDATE leads SET flags = (email <> '') | ((phone <> '') << 1)"
             " WHERE email <> '' OR phone <> ''"_L1,
             "UPDATE leads SET flags = flags | 4 WHERE linkedin_identifier IN"
             " (SELECT identity FROM lead_exports) AND linkedin_identifier <> ''"_L1,
             "UPDATE leads SET flags = flags | 4 WHERE linkedin_identifier = '' AND id IN"
             " (SELECT CAST(substr(identity, 6) AS INTEGER) FROM lead_exports"
             " WHERE identity GLOB 'lead:*')"_L1,
             "CREATE INDEX leads_filters ON leads(id, flags, connections, followers)"_L1,
         }},
        // v12, Lead Database searches as a second kind of source (issue 12 item 8): campaigns
        // say which (CampaignSource: 0 a Lead Extractor campaign, 1 a search) and keep a
        // search's filters (compact JSON, '' for a campaign); leads get the fields a search
        // gives (empty for the extractor's). The search index gains industry and seniority, so
        // the search box and the field filters find them: an FTS5 table's columns cannot be
        // altered, so it is made again and rebuilt from leads (4.6 s for 1,000,000 leads on
        // the two-core machine, 2026-12-03). A search event stored before was kept as
        // activity only: it is projected again, now into a campaign with its leads (the log
        // is the truth). Self-contained, so it can be renumbered on a merge.
        {12,
         {
             "ALTER TABLE campaigns ADD COLUMN source INTEGER NOT NULL DEFAULT 0"_L1,
             "ALTER TABLE campaigns ADD COLUMN filters TEXT NOT NULL DEFAULT ''"_L1,
             "ALTER TABLE leads ADD COLUMN job_title TEXT NOT NULL DEFAULT ''"_L1,
             "ALTER TABLE leads ADD COLUMN industry TEXT NOT NULL DEFAULT ''"_L1,
             "ALTER TABLE leads ADD COLUMN seniority TEXT NOT NULL DEFAULT ''"_L1,
             "ALTER TABLE leads ADD COLUMN company_linkedin_url TEXT NOT NULL DEFAULT ''"_L1,
             "ALTER TABLE leads ADD COLUMN website TEXT NOT NULL DEFAULT ''"_L1,
             "ALTER TABLE leads ADD COLUMN employees TEXT NOT NULL DEFAULT ''"_L1,
             "DROP TRIGGER IF EXISTS leads_fts_delete"_L1,
             "DROP TABLE IF EXISTS leads_fts"_L1,
             "CREATE VIRTUAL TABLE leads_fts USING fts5(" LV_LEADS_FTS_COLUMNS ","
             " content='leads', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"_L1,
             "INSERT INTO leads_fts(leads_fts) VALUES ('rebuild')"_L1,
             "CREATE TRIGGER leads_fts_delete AFTER DELETE ON leads BEGIN"
             " INSERT INTO leads_fts(leads_fts, rowid, " LV_LEADS_FTS_COLUMNS ")"
             " VALUES ('delete', old.id, old.full_name, old.headline, old.company,"
             " old.job_position, old.location, old.email, old.industry, old.seniority); END"_L1,
             "UPDATE events SET projection = 'pending', projected_leads = 0,"
             " projection_error = '', activity = NULL"
             " WHERE kind = 'lead_database.search.completed'"_L1,
         }},
        // v13, one row per person at a million leads (issue 13 item 5): "superseded" becomes
        // the bit 8 of leads.flags (LeadFlags::Superseded), so the table's "One row per
        // person" reads the covering index leads_filters like the other quick filters instead
        // of the whole leads table. The column goes (DROP COLUMN rewrites the table once).
        // Self-contained, so it can be renumbered on a merge.
        {13,
         {
             "UPDATE leads SET flags = flags | 8 WHERE superseded <> 0"_L1,
             "ALTER TABLE leads DROP COLUMN superseded"_L1,
         }},
    };
    return steps;
}

} // namespace Schema
