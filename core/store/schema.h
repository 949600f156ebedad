// SPDX-License-Identifier: MIT
#pragma once

#include <QLatin1StringView>
#include <QList>

/// The columns of the search index leads_fts (schema v12), in its order: every statement that
/// writes or deletes its rows names them so.
#define LV_LEADS_FTS_COLUMNS                                                                       \
    "full_name, headline, company, job_position, location, email, industry, seniority"

/// The condition of the partial index events_unprojected (schema v3), word for word. SQLite uses
/// a partial index only for a query whose WHERE contains the index's own condition (it does not
/// prove that "projection = 'pending'" implies it), so a query for unprojected entries adds it.
#define LV_EVENTS_UNPROJECTED "projection <> 'projected'"

namespace Schema {

/// One forward step of the schema: the statements that take a database from toVersion - 1 to
/// toVersion. Database applies all steps needed in one transaction, so a crash mid-migration
/// leaves the previous version intact.
struct Migration
{
    int toVersion;
    QList<QLatin1StringView> statements;
};

/// Every step, in order; the last one's toVersion is Database::SchemaVersion.
const QList<Migration> &migrations();

} // namespace Schema
