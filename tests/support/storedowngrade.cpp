// SPDX-License-Identifier: MIT
#include "storedowngrade.h"

#include "checks.h"
#include "store/database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace {

// What undoes the step to version N (the key), newest first.
QStringList undo(int toVersion)
{
    switch (toVersion) {
    case 13: // the superseded bit back to its column
        return {u"ALTER TABLE leads ADD COLUMN superseded INTEGER NOT NULL DEFAULT 0"_s,
                u"UPDATE leads SET superseded = 1 WHERE flags & 8"_s,
                u"UPDATE leads SET flags = flags & ~8 WHERE flags & 8"_s};
    case 12: // Lead Database searches; the search index back to its six columns
        return {u"DROP TRIGGER leads_fts_delete"_s,
                u"DROP TABLE leads_fts"_s,
                u"ALTER TABLE leads DROP COLUMN job_title"_s,
                u"ALTER TABLE leads DROP COLUMN industry"_s,
                u"ALTER TABLE leads DROP COLUMN seniority"_s,
                u"ALTER TABLE leads DROP COLUMN company_linkedin_url"_s,
                u"ALTER TABLE leads DROP COLUMN website"_s,
                u"ALTER TABLE leads DROP COLUMN employees"_s,
                u"ALTER TABLE campaigns DROP COLUMN source"_s,
                u"ALTER TABLE campaigns DROP COLUMN filters"_s,
                u"CREATE VIRTUAL TABLE leads_fts USING fts5(full_name, headline, company,"
                " job_position, location, email, content='leads', content_rowid='id',"
                " tokenize='unicode61 remove_diacritics 2')"_s,
                u"INSERT INTO leads_fts(leads_fts) VALUES ('rebuild')"_s,
                u"CREATE TRIGGER leads_fts_delete AFTER DELETE ON leads BEGIN"
                " INSERT INTO leads_fts(leads_fts, rowid, full_name, headline, company,"
                " job_position, location, email) VALUES ('delete', old.id, old.full_name,"
                " old.headline, old.company, old.job_position, old.location, old.email); END"_s};
    case 11: // leads.flags and its covering index
        return {u"DROP INDEX leads_filters"_s, u"ALTER TABLE leads DROP COLUMN flags"_s};
    case 10: // launched campaigns' progress
        return {u"ALTER TABLE campaigns DROP COLUMN api_percent"_s,
                u"ALTER TABLE campaigns DROP COLUMN api_message"_s};
    case 9: // one row per person
        return {u"ALTER TABLE leads DROP COLUMN superseded"_s};
    case 8: // export history
        return {u"DROP TABLE exports"_s, u"DROP TABLE lead_exports"_s};
    case 7: // the API as a source
        return {u"ALTER TABLE campaigns DROP COLUMN sources"_s,
                u"ALTER TABLE campaigns DROP COLUMN api_status"_s,
                u"ALTER TABLE campaigns DROP COLUMN results_complete"_s};
    case 6: // the API calls
        return {u"DROP TABLE api_calls"_s};
    case 5: // identifiers normalised: data only, nothing to take out
        return {};
    case 4: // rejection bursts
        return {u"DROP INDEX deliveries_prunable"_s, u"DROP INDEX deliveries_by_last_seen"_s,
                u"ALTER TABLE deliveries DROP COLUMN repeat_count"_s,
                u"ALTER TABLE deliveries DROP COLUMN last_seen"_s,
                u"ALTER TABLE deliveries DROP COLUMN forwarded_for"_s};
    default:
        return {};
    }
}

} // namespace

namespace TestSupport {

void downgradeStore(const QSqlDatabase &db, int version)
{
    VERIFY2_OR_THROW(version >= 3 && version <= Database::SchemaVersion,
                     u"no way back to version %1"_s.arg(version));
    static_assert(Database::SchemaVersion == 13,
                  "a new schema step needs its inverse in downgradeStore()");
    QSqlQuery query(db);
    for (int step = Database::SchemaVersion; step > version; --step) {
        for (const QString &sql : undo(step))
            VERIFY2_OR_THROW(query.exec(sql), sql + u": "_s + query.lastError().text());
    }
    const QString setVersion = u"PRAGMA user_version = %1"_s.arg(version);
    VERIFY2_OR_THROW(query.exec(setVersion), setVersion);
}

} // namespace TestSupport
