// SPDX-License-Identifier: MIT
#include "store/database.h"

#include "store/schema.h"
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
    for (const Schema::Migration &step : Schema::migrations()) {
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
