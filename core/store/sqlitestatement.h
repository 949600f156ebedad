// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <initializer_list>

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>
#include <QVariant>
#include <QVariantList>

#include <optional>
#include <utility>

class QDateTime;
class QSqlDatabase;
struct sqlite3;
struct sqlite3_stmt;

/*!
    The one layer over SQLite's C API. Qt SQL opens, migrates and owns the connections; the hot
    paths (the store's write path, the lead table's id lists and pages, the export's row loop)
    step prepared statements here, because QSqlQuery builds a QVariant and a QString per cell.
    Everything that calls sqlite3_* outside core/store/sqlitestatement.cpp is a bug.
*/
namespace Sqlite {

/// The sqlite3* under a QSQLITE connection (QSqlDriver::handle()), or nullptr when \a db is
/// not an open SQLite connection.
sqlite3 *handle(const QSqlDatabase &db);
/// sqlite3_errmsg(\a db) as text; a fixed message for nullptr.
QString errorText(sqlite3 *db);
/// Makes the statement running on \a db return Step::Interrupted. Safe from any thread.
void interrupt(sqlite3 *db);
/// sqlite3_changes(): rows changed by the last INSERT, UPDATE or DELETE on \a db.
qint64 changes(sqlite3 *db);
/// sqlite3_last_insert_rowid().
qint64 lastInsertRowId(sqlite3 *db);
/// True outside an explicit transaction (sqlite3_get_autocommit).
bool isAutocommit(sqlite3 *db);
/// A passive WAL checkpoint; a busy database is not an error (the next one catches up).
bool checkpointPassive(sqlite3 *db, QString *error = nullptr);
/// After each COMMIT on \a db, stores the number of frames in the write-ahead log (all
/// connections' frames, as SQLite's wal hook reports them) in \a frames. Replaces the default
/// hook, i.e. turns automatic checkpoints off on this connection. \a frames must outlive the
/// connection (or the next call).
void trackWalFrames(sqlite3 *db, std::atomic<int> *frames);
/*!
    Makes every collation named LocaleCollator::sqlName(locale) ("lv_locale_pl_PL") known on
    \a db, created the first time a statement uses it: text in that locale's order, the same
    order as LocaleCollator's sort keys, so an ORDER BY agrees with the lead table's C++ sort.
    Database::open and Connection::openReadOnly call it on every connection.
*/
void registerLocaleCollations(sqlite3 *db);
/// Makes lv_fold(text) known on \a db: TextFold::folded(), text without case and accents as
/// the search compares it (LeadFieldFilters matches campaign names with it). Database::open
/// and Connection::openReadOnly call it on every connection.
void registerTextFold(sqlite3 *db);
/// Runs \a sql (one or more statements, no results). False with \a error set on failure.
bool exec(sqlite3 *db, const char *sql, QString *error = nullptr);

/*!
    A connection opened with the C API itself, for what Qt SQL does not give: a second
    read-only connection to read on another core, or a private in-memory database. Closed by
    the destructor.
*/
class Connection final
{
public:
    Connection() = default;
    ~Connection();
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    /// Opens \a path read-only with a busy timeout. False (and closed) on failure.
    bool openReadOnly(const QString &path, int busyTimeoutMs = 5000);
    /// Opens a new private in-memory database.
    bool openMemory();
    void close();
    bool isOpen() const { return m_db != nullptr; }
    sqlite3 *get() const { return m_db; }

private:
    sqlite3 *m_db = nullptr;
};

/// What one step of a statement gave.
enum class Step {
    Row, ///< a row is ready to read
    Done, ///< the statement ran to its end
    Interrupted, ///< interrupt() was called on the connection
    Error, ///< see Statement::errorText()
};

/*!
    A prepared statement, finalized by the destructor. Parameters count from 1 (as in SQL's
    ?1), columns from 0 (as in sqlite3_column_*).

    Binding::Static binds text and blobs without a copy: the caller keeps the bound data alive
    until the statement is reset or its bindings cleared (exec() does both). Binding::Copy lets
    SQLite copy the value at once.
*/
class Statement final
{
public:
    enum class Binding { Copy, Static };
    enum class Persistence {
        Transient, ///< run a few times and finalized
        Persistent, ///< kept for the connection's life (SQLITE_PREPARE_PERSISTENT)
    };
    enum class ColumnType { Integer, Float, Text, Blob, Null };

    Statement() = default;
    /// prepare(); check isValid() or errorText().
    Statement(sqlite3 *db, QByteArrayView sql, Persistence persistence = Persistence::Transient);
    ~Statement();
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    /// Compiles \a sql (UTF-8; its first statement) on \a db, finalizing any previous one. False
    /// with errorText() on failure.
    bool prepare(sqlite3 *db, QByteArrayView sql, Persistence persistence = Persistence::Transient);
    void finalize();
    bool isValid() const { return m_stmt != nullptr; }
    sqlite3 *connection() const { return m_db; }
    sqlite3_stmt *get() const { return m_stmt; }

    // --- parameters (1-based); each returns false when SQLite refuses (see errorText()) ------
    bool bindNull(int index);
    bool bindInt64(int index, qint64 value);
    bool bindDouble(int index, double value);
    /// UTF-16 text; a null QString binds '' (not NULL).
    bool bindText(int index, QStringView value, Binding binding = Binding::Copy);
    /// Text that is already UTF-8; a null view binds ''.
    bool bindUtf8(int index, QByteArrayView value, Binding binding = Binding::Copy);
    bool bindBlob(int index, QByteArrayView value, Binding binding = Binding::Copy);
    /// NULL for an empty string, else bindText().
    bool bindTextOrNull(int index, QStringView value, Binding binding = Binding::Copy);
    /// NULL when unset.
    bool bindOptional(int index, const std::optional<qint64> &value);
    /// Milliseconds since the epoch (UTC), NULL for an invalid time.
    bool bindTime(int index, const QDateTime &value);
    /*!
        One QVariant: null or invalid as NULL; bool and every integer type (signed and
        unsigned, 8 to 64 bits) as INTEGER (a quint64 above INT64_MAX is refused: SQLite has no
        unsigned 64-bit type); float and double as REAL; QByteArray as BLOB; QString, QDate,
        QDateTime and anything else convertible to a string as TEXT. Always copied.
    */
    bool bind(int index, const QVariant &value);
    /// bind() for each of \a values, at parameters \a first, \a first + 1, ...
    bool bindAll(const QVariantList &values, int first = 1);
    /// The value of column \a column of \a source's current row, copied.
    bool bindColumn(int index, const Statement &source, int column);
    void clearBindings();
    int parameterCount() const;

    // --- running ----------------------------------------------------------------------------
    Step step();
    /// Ready to run again; keeps the bindings.
    void reset();
    /// Steps once, then resets and clears the bindings (which drops pointers to the caller's
    /// Binding::Static data). False with errorText(), also copied to \a error if given.
    bool exec(QString *error = nullptr);
    /// exec() that hands the row, when the statement gives one, to \a onRow(*this) first
    /// (INSERT ... RETURNING, a lookup by key).
    template<typename OnRow>
    bool exec(QString *error, OnRow &&onRow)
    {
        const Step result = step();
        if (result == Step::Row)
            onRow(std::as_const(*this));
        return finishExec(result, error);
    }
    /// The last error on this statement's connection, with what failed.
    QString errorText() const { return m_error; }

    // --- columns of the current row (0-based), valid until the next step() or reset() -------
    int columnCount() const;
    ColumnType columnType(int column) const;
    bool isNull(int column) const;
    qint64 int64(int column) const;
    double real(int column) const;
    /// UTF-8 text without a copy; empty for NULL.
    QByteArrayView utf8(int column) const;
    QByteArrayView blob(int column) const;
    /// The text as a QString (a copy, converted).
    QString text(int column) const;
    /// The value as a QVariant: qint64, double, QString, QByteArray or a null QVariant.
    QVariant value(int column) const;

private:
    bool checkBind(int rc);
    bool finishExec(Step result, QString *error);
    void setError();

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
    QString m_error;
};

/// One statement to prepare with prepareAll(): where it goes and its SQL.
struct PreparedSql
{
    Statement *statement;
    const char *sql;
};

/// Prepares each of \a statements on \a db for the owner's lifetime (Persistent). On the first
/// failure sets \a error to "\a what: <SQLite's reason>" and returns false.
bool prepareAll(sqlite3 *db, std::initializer_list<PreparedSql> statements, const QString &what,
                QString *error);

} // namespace Sqlite
