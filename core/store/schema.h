// SPDX-License-Identifier: MIT
#pragma once

#include <QLatin1StringView>
#include <QList>

/// The columns of the search index leads_fts (schema v12), in its order: every statement that
/// writes or deletes its rows names them so.
#define LV_LEADS_FTS_COLUMNS                                                                       \
    "full_name, headline, company, job_position, location, email, industry, seniority"

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
