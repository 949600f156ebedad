// SPDX-License-Identifier: MIT
#include "store/database.h"

#include "store/sqlitestatement.h"

#include "common/logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

// One forward step of the schema: the statements that take a database from toVersion - 1 to
// toVersion. All steps needed are applied in one transaction, so a crash mid-migration leaves
// the previous version intact.
struct Migration
{
    int toVersion;
    QList<QLatin1StringView> statements;
};

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
             " WHERE projection <> 'projected'"_L1,
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
    };
    return steps;
}

QString nativePath(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

bool looksLikeSqlite(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error
            = u"Cannot read the database file %1: %2."_s.arg(nativePath(path), file.errorString());
        return false;
    }
    if (file.size() == 0)
        return true; // SQLite treats an empty file as an empty database
    // https://www.sqlite.org/fileformat.html 1.3: the first 16 bytes are this header string.
    static constexpr char Magic[] = "SQLite format 3";
    const QByteArray head = file.read(16);
    if (head.size() < 16 || std::memcmp(head.constData(), Magic, 16) != 0) {
        *error = u"%1 is not a Lead Viewer database (it is not an SQLite file). It was left "
                 "unchanged; choose another file or move this one away."_s.arg(nativePath(path));
        return false;
    }
    return true;
}

// Creates the file with mode 0600 before SQLite writes anything to it, so no event is ever
// readable by other users, not even for a moment. SQLite gives -wal and -shm the mode of the
// main file.
bool createPrivateFile(const QString &path, QString *error)
{
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return true; // someone created it between our check and now; it is checked later
        *error = u"Cannot create the database file %1: %2."_s.arg(
            nativePath(path), QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    // The umask may have taken bits away, never added them; make the mode exact anyway.
    ::fchmod(fd, 0600);
    ::close(fd);
    return true;
}

// An existing file (or one SQLite created, -wal and -shm) may have been made with a looser
// mode, by an older version or by hand: events are private, so tighten it.
void restrictPermissions(const QString &path)
{
    for (const QString &file : QStringList {path, path + u"-wal"_s, path + u"-shm"_s}) {
        const QByteArray native = QFile::encodeName(file);
        struct stat st = {};
        if (::stat(native.constData(), &st) != 0 || (st.st_mode & 0777) == 0600)
            continue;
        if (::chmod(native.constData(), 0600) != 0)
            qCWarning(lcStore) << "Cannot restrict the permissions of" << file;
    }
}

bool exec(QSqlDatabase &db, const QString &sql, QString *error, QVariant *result = nullptr)
{
    QSqlQuery query(db);
    if (!query.exec(sql)) {
        *error = query.lastError().databaseText();
        if (error->isEmpty())
            *error = query.lastError().text();
        return false;
    }
    if (result && query.next())
        *result = query.value(0);
    return true;
}

bool userVersion(QSqlDatabase &db, int *version, QString *error)
{
    QVariant value;
    if (!exec(db, u"PRAGMA user_version"_s, error, &value))
        return false;
    *version = value.toInt();
    return true;
}

bool migrate(QSqlDatabase &db, const QString &path, QString *error)
{
    QString reason;
    // IMMEDIATE takes the write lock at once, so two processes opening an empty file cannot
    // both migrate it; the version is read again under the lock.
    if (!exec(db, u"BEGIN IMMEDIATE"_s, &reason)) {
        *error = u"Cannot prepare the database %1: %2."_s.arg(nativePath(path), reason);
        return false;
    }
    int version = 0;
    bool ok = userVersion(db, &version, &reason);
    int applied = version;
    for (const Migration &step : migrations()) {
        if (!ok)
            break;
        if (step.toVersion <= version)
            continue;
        for (QLatin1StringView statement : step.statements) {
            if (!exec(db, QString(statement), &reason)) {
                ok = false;
                break;
            }
        }
        applied = step.toVersion;
    }
    if (ok && applied != version)
        ok = exec(db, u"PRAGMA user_version = %1"_s.arg(applied), &reason);
    if (ok)
        ok = exec(db, u"COMMIT"_s, &reason);
    if (!ok) {
        QString ignored;
        exec(db, u"ROLLBACK"_s, &ignored);
        *error = u"Cannot upgrade the database %1 to schema version %2: %3. It was left "
                 "unchanged."_s.arg(nativePath(path))
                     .arg(Database::SchemaVersion)
                     .arg(reason);
        return false;
    }
    if (applied != version)
        qCInfo(lcStore) << "Migrated" << path << "from schema version" << version << "to"
                        << applied;
    return true;
}

bool configure(QSqlDatabase &db, const QString &path, Database::Access access, QString *error)
{
    QString reason;
    // Reading the schema fails here, before any write, if the file is damaged or not a
    // database, so nothing is ever written over it.
    int version = 0;
    if (!userVersion(db, &version, &reason)) {
        *error = u"Cannot read the database %1: %2. The file was left unchanged."_s.arg(
            nativePath(path), reason);
        return false;
    }
    if (version > Database::SchemaVersion) {
        *error = u"%1 was created by a newer Lead Viewer (schema version %2; this version knows "
                 "up to %3). Update Lead Viewer to open it."_s.arg(nativePath(path))
                     .arg(version)
                     .arg(Database::SchemaVersion);
        return false;
    }

    const bool readWrite = access != Database::Access::ReadOnly;
    QStringList pragmas = {u"PRAGMA foreign_keys = ON"_s, u"PRAGMA busy_timeout = 5000"_s};
    if (access == Database::Access::Projection) {
        // The projector's state commits with its rows and a restart projects again whatever a
        // crash took back, so its COMMITs need not wait for the disk. A later FULL commit
        // (the next acknowledgement) makes them durable with its own fsync.
        pragmas << u"PRAGMA synchronous = NORMAL"_s;
    } else if (readWrite) {
        // FULL: a COMMIT returns only once the WAL is fsynced. SendPilot does not resend an
        // acknowledged event, so losing one to a power cut would lose it for good.
        pragmas << u"PRAGMA synchronous = FULL"_s;
    }
    if (readWrite) {
        // A 10,000-lead event writes ~25 MB in one transaction. With the default 2 MB page
        // cache SQLite spills dirty pages to the WAL mid-transaction and writes some twice;
        // measured, that doubled the time of a 2,500-lead ingest. The cache only grows when used.
        pragmas << u"PRAGMA cache_size = -65536"_s;
        // The default checkpoint every 1,000 pages ran inside nearly every large COMMIT, i.e.
        // in the acknowledgement path, with an extra fsync of the main file. 4,096 pages (64 MB)
        // make that rare; much more (16,384 was tried) lets the WAL grow until every commit is
        // slower and the checkpoint that finally comes stalls one acknowledgement for ~200 ms
        // (bench_ingest p99 2,500-lead ack 90 ms against 180-300 ms). EventStore::checkpoint()
        // lets the owner run one when idle.
        pragmas << u"PRAGMA wal_autocheckpoint = 4096"_s;
        // The savepoint per batch item keeps a sub-journal; in memory it costs no syscalls.
        pragmas << u"PRAGMA temp_store = MEMORY"_s;
    }
    for (const QString &pragma : std::as_const(pragmas)) {
        if (!exec(db, pragma, &reason)) {
            *error = u"Cannot configure the database %1: %2."_s.arg(nativePath(path), reason);
            return false;
        }
    }
    if (readWrite && version == 0) {
        // Takes effect only on a file with no pages yet, i.e. before WAL is switched on. A
        // large event writes every page to the WAL with two write() calls; measured on a
        // 2,500-lead event: 4 KiB pages 31 ms, 8 KiB 28 ms, 16 KiB 24 ms (100 small events
        // 1.1 ms -> 1.6 ms, still far above the target).
        if (!exec(db, u"PRAGMA page_size = 16384"_s, &reason))
            qCWarning(lcStore) << "Cannot set the page size:" << reason;
    }
    if (readWrite) {
        QVariant mode;
        if (!exec(db, u"PRAGMA journal_mode = WAL"_s, &reason, &mode)) {
            *error = u"Cannot configure the database %1: %2."_s.arg(nativePath(path), reason);
            return false;
        }
        if (mode.toString().compare(u"wal"_s, Qt::CaseInsensitive) != 0) {
            *error = u"Cannot switch the database %1 to write-ahead logging (journal mode is "
                     "%2). Keep it on a local disk."_s.arg(nativePath(path), mode.toString());
            return false;
        }
        return migrate(db, path, error);
    }
    if (version < Database::SchemaVersion) {
        *error = version == 0
            ? u"%1 holds no Lead Viewer data yet. Start the receiver once to create it."_s.arg(
                nativePath(path))
            : u"%1 uses an older schema (version %2). Start the receiver once to upgrade "
              "it."_s.arg(nativePath(path))
                  .arg(version);
        return false;
    }
    return true;
}

QSqlDatabase openDatabase(const QString &path, const QString &connectionName,
                          Database::Access access, QString &err)
{
    using Database::Access;

    if (QSqlDatabase::contains(connectionName)) {
        err = u"Internal error: the database connection %1 is already open."_s.arg(connectionName);
        return {};
    }

    const QFileInfo info(path);
    if (access != Access::ReadOnly) {
        const QString folder = info.absolutePath();
        if (!QDir().mkpath(folder)) {
            err = u"Cannot create the folder %1 for the database. Check that the path is "
                  "right and that you may write there."_s.arg(nativePath(folder));
            return {};
        }
        if (!info.exists() && !createPrivateFile(path, &err))
            return {};
    } else if (!info.exists()) {
        err = u"The database %1 does not exist. Start the receiver once to create it."_s.arg(
            nativePath(path));
        return {};
    }
    if (info.isDir()) {
        err = u"%1 is a folder, not a database file. Choose a file name."_s.arg(nativePath(path));
        return {};
    }
    if (!looksLikeSqlite(path, &err))
        return {};

    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connectionName);
        db.setDatabaseName(path);
        QString options = u"QSQLITE_BUSY_TIMEOUT=5000"_s;
        if (access == Access::ReadOnly)
            options += u";QSQLITE_OPEN_READONLY"_s;
        db.setConnectOptions(options);
        bool ok = db.open();
        if (!ok) {
            err = u"Cannot open the database %1: %2."_s.arg(nativePath(path),
                                                            db.lastError().databaseText());
        } else {
            ok = configure(db, path, access, &err);
        }
        if (ok) {
            if (access != Access::ReadOnly)
                restrictPermissions(path);
            // ORDER BY ... COLLATE lv_locale_<locale> (LeadFilter) on any connection.
            Sqlite::registerLocaleCollations(Sqlite::handle(db));
            Sqlite::registerTextFold(Sqlite::handle(db));
            return db;
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
    return {};
}

} // namespace

namespace Database {

QSqlDatabase open(const QString &path, const QString &connectionName, Access access, QString *error)
{
    QString localError;
    QString &err = error ? *error : localError;
    err.clear();
    QSqlDatabase db = openDatabase(path, connectionName, access, err);
    if (!db.isValid())
        qCWarning(lcStore).noquote() << err;
    return db;
}

bool disableAutoCheckpoint(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    return query.exec(u"PRAGMA wal_autocheckpoint = 0"_s);
}

void close(const QString &connectionName)
{
    {
        QSqlDatabase db = QSqlDatabase::database(connectionName, false);
        if (db.isValid())
            db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
}

} // namespace Database
