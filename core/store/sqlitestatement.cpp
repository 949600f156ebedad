// SPDX-License-Identifier: MIT
#include "store/sqlitestatement.h"

#include "common/localecollator.h"
#include "common/textfold.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlDriver>

#include <sqlite3.h>

#include <limits>

using namespace Qt::StringLiterals;

namespace Sqlite {

sqlite3 *handle(const QSqlDatabase &db)
{
    // QSQLITE exposes its sqlite3* through QSqlDriver::handle() as a QVariant of "sqlite3*".
    const QVariant handle = db.isOpen() && db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

QString errorText(sqlite3 *db)
{
    return db ? QString::fromUtf8(sqlite3_errmsg(db)) : u"no SQLite connection"_s;
}

void interrupt(sqlite3 *db)
{
    if (db)
        sqlite3_interrupt(db);
}

qint64 changes(sqlite3 *db)
{
    return sqlite3_changes64(db);
}

qint64 lastInsertRowId(sqlite3 *db)
{
    return sqlite3_last_insert_rowid(db);
}

bool isAutocommit(sqlite3 *db)
{
    return sqlite3_get_autocommit(db) != 0;
}

bool checkpointPassive(sqlite3 *db, QString *error)
{
    const int rc
        = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    if (rc == SQLITE_OK || rc == SQLITE_BUSY)
        return true;
    if (error)
        *error = errorText(db);
    return false;
}

void trackWalFrames(sqlite3 *db, std::atomic<int> *frames)
{
    sqlite3_wal_hook(
        db,
        [](void *context, sqlite3 *, const char *, int pages) {
            static_cast<std::atomic<int> *>(context)->store(pages, std::memory_order_relaxed);
            return SQLITE_OK;
        },
        frames);
}

void registerLocaleCollations(sqlite3 *db)
{
    if (!db)
        return;
    // https://sqlite.org/c3ref/collation_needed.html: called when a statement names a
    // collation the connection does not know yet; what it registers is kept for the
    // connection's life (one collator per connection, which one thread uses at a time).
    sqlite3_collation_needed(db, nullptr, [](void *, sqlite3 *connection, int, const char *name) {
        const QString locale = LocaleCollator::localeOfSqlName(QByteArrayView(name));
        if (locale.isEmpty())
            return; // not ours: the statement fails with "no such collation sequence"
        auto *collator = new LocaleCollator(locale);
        sqlite3_create_collation_v2(
            connection, name, SQLITE_UTF8, collator,
            [](void *context, int aSize, const void *a, int bSize, const void *b) {
                return static_cast<const LocaleCollator *>(context)->compare(
                    QByteArrayView(static_cast<const char *>(a), aSize),
                    QByteArrayView(static_cast<const char *>(b), bSize));
            },
            [](void *context) { delete static_cast<LocaleCollator *>(context); });
    });
}

void registerTextFold(sqlite3 *db)
{
    if (!db)
        return;
    // Deterministic and innocuous: usable in any statement, and SQLite may compute it once
    // per distinct argument.
    sqlite3_create_function_v2(
        db, "lv_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
        [](sqlite3_context *context, int, sqlite3_value **args) {
            if (sqlite3_value_type(args[0]) == SQLITE_NULL) {
                sqlite3_result_null(context);
                return;
            }
            const auto *text = reinterpret_cast<const char *>(sqlite3_value_text(args[0]));
            const QByteArray folded
                = TextFold::folded(QString::fromUtf8(text, sqlite3_value_bytes(args[0]))).toUtf8();
            sqlite3_result_text(context, folded.constData(), int(folded.size()), SQLITE_TRANSIENT);
        },
        nullptr, nullptr, nullptr);
}

bool exec(sqlite3 *db, const char *sql, QString *error)
{
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK)
        return true;
    if (error)
        *error = errorText(db);
    return false;
}

// --- Connection ---------------------------------------------------------------------------

Connection::~Connection()
{
    close();
}

bool Connection::openReadOnly(const QString &path, int busyTimeoutMs)
{
    close();
    const QByteArray file = path.toUtf8();
    if (sqlite3_open_v2(file.constData(), &m_db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK
        || sqlite3_busy_timeout(m_db, busyTimeoutMs) != SQLITE_OK) {
        close();
        return false;
    }
    registerLocaleCollations(m_db);
    registerTextFold(m_db);
    return true;
}

bool Connection::openMemory()
{
    close();
    if (sqlite3_open_v2(":memory:", &m_db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        close();
        return false;
    }
    return true;
}

void Connection::close()
{
    // sqlite3_close on a handle that failed to open frees it, as the SQLite docs require.
    if (m_db)
        sqlite3_close(m_db);
    m_db = nullptr;
}

// --- Statement ----------------------------------------------------------------------------

Statement::Statement(sqlite3 *db, QByteArrayView sql, Persistence persistence)
{
    prepare(db, sql, persistence);
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
    , m_stmt(std::exchange(other.m_stmt, nullptr))
    , m_error(std::move(other.m_error))
{ }

Statement &Statement::operator=(Statement &&other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_db = std::exchange(other.m_db, nullptr);
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_error = std::move(other.m_error);
    }
    return *this;
}

bool Statement::prepare(sqlite3 *db, QByteArrayView sql, Persistence persistence)
{
    finalize();
    m_db = db;
    m_error.clear();
    if (!db) {
        m_error = Sqlite::errorText(nullptr);
        return false;
    }
    const unsigned flags = persistence == Persistence::Persistent ? SQLITE_PREPARE_PERSISTENT : 0;
    if (sqlite3_prepare_v3(db, sql.data(), int(sql.size()), flags, &m_stmt, nullptr) != SQLITE_OK) {
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
        setError();
        return false;
    }
    if (!m_stmt) { // only whitespace or comments
        m_error = u"no statement in the SQL text"_s;
        return false;
    }
    return true;
}

void Statement::finalize()
{
    sqlite3_finalize(m_stmt);
    m_stmt = nullptr;
}

void Statement::setError()
{
    m_error = Sqlite::errorText(m_db);
}

bool Statement::checkBind(int rc)
{
    if (rc == SQLITE_OK)
        return true;
    setError();
    return false;
}

bool Statement::bindNull(int index)
{
    return checkBind(sqlite3_bind_null(m_stmt, index));
}

bool Statement::bindInt64(int index, qint64 value)
{
    return checkBind(sqlite3_bind_int64(m_stmt, index, value));
}

bool Statement::bindDouble(int index, double value)
{
    return checkBind(sqlite3_bind_double(m_stmt, index, value));
}

bool Statement::bindText(int index, QStringView value, Binding binding)
{
    // A null view has no data pointer, and SQLite binds NULL for one: bind '' instead.
    static const char16_t Empty[] = u"";
    const void *data = value.isNull() ? static_cast<const void *>(Empty)
                                      : static_cast<const void *>(value.utf16());
    return checkBind(
        sqlite3_bind_text16(m_stmt, index, data, int(value.size() * 2),
                            binding == Binding::Static ? SQLITE_STATIC : SQLITE_TRANSIENT));
}

bool Statement::bindUtf8(int index, QByteArrayView value, Binding binding)
{
    const char *data = value.isNull() ? "" : value.data();
    return checkBind(
        sqlite3_bind_text(m_stmt, index, data, int(value.size()),
                          binding == Binding::Static ? SQLITE_STATIC : SQLITE_TRANSIENT));
}

bool Statement::bindBlob(int index, QByteArrayView value, Binding binding)
{
    // A zero-length blob, never NULL, as for QByteArray("").
    static const char Empty[] = "";
    const void *data = value.isNull() ? static_cast<const void *>(Empty)
                                      : static_cast<const void *>(value.data());
    return checkBind(
        sqlite3_bind_blob64(m_stmt, index, data, sqlite3_uint64(value.size()),
                            binding == Binding::Static ? SQLITE_STATIC : SQLITE_TRANSIENT));
}

bool Statement::bindTextOrNull(int index, QStringView value, Binding binding)
{
    return value.isEmpty() ? bindNull(index) : bindText(index, value, binding);
}

bool Statement::bindOptional(int index, const std::optional<qint64> &value)
{
    return value ? bindInt64(index, *value) : bindNull(index);
}

bool Statement::bindTime(int index, const QDateTime &value)
{
    return value.isValid() ? bindInt64(index, value.toMSecsSinceEpoch()) : bindNull(index);
}

bool Statement::bind(int index, const QVariant &value)
{
    if (value.isNull())
        return bindNull(index);
    switch (value.typeId()) {
    case QMetaType::Bool:
    case QMetaType::Char:
    case QMetaType::SChar:
    case QMetaType::UChar:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::LongLong:
        return bindInt64(index, value.toLongLong());
    case QMetaType::ULong:
    case QMetaType::ULongLong: {
        const qulonglong v = value.toULongLong();
        if (v > qulonglong(std::numeric_limits<qint64>::max())) {
            m_error = u"parameter %1: %2 does not fit a signed 64-bit integer"_s.arg(index).arg(v);
            return false;
        }
        return bindInt64(index, qint64(v));
    }
    case QMetaType::Float:
    case QMetaType::Double:
        return bindDouble(index, value.toDouble());
    case QMetaType::QByteArray:
        return bindBlob(index, value.toByteArray());
    case QMetaType::QString:
        return bindText(index, value.toString());
    default:
        if (!value.canConvert<QString>()) {
            m_error = u"parameter %1: cannot bind a %2"_s.arg(index).arg(
                QLatin1StringView(value.typeName()));
            return false;
        }
        return bindText(index, value.toString());
    }
}

bool Statement::bindAll(const QVariantList &values, int first)
{
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (!bind(first + int(i), values.at(i)))
            return false;
    }
    return true;
}

bool Statement::bindColumn(int index, const Statement &source, int column)
{
    return checkBind(
        sqlite3_bind_value(m_stmt, index, sqlite3_column_value(source.m_stmt, column)));
}

void Statement::clearBindings()
{
    sqlite3_clear_bindings(m_stmt);
}

int Statement::parameterCount() const
{
    return sqlite3_bind_parameter_count(m_stmt);
}

Step Statement::step()
{
    switch (sqlite3_step(m_stmt)) {
    case SQLITE_ROW:
        return Step::Row;
    case SQLITE_DONE:
        return Step::Done;
    case SQLITE_INTERRUPT:
        m_error = u"interrupted"_s;
        return Step::Interrupted;
    default:
        setError();
        return Step::Error;
    }
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
}

bool Statement::exec(QString *error)
{
    return finishExec(step(), error);
}

bool Statement::finishExec(Step result, QString *error)
{
    sqlite3_reset(m_stmt);
    // Unbinding drops the pointers to the caller's Binding::Static data, which may die next.
    sqlite3_clear_bindings(m_stmt);
    const bool ok = result == Step::Row || result == Step::Done;
    if (!ok && error)
        *error = m_error;
    return ok;
}

int Statement::columnCount() const
{
    return sqlite3_column_count(m_stmt);
}

Statement::ColumnType Statement::columnType(int column) const
{
    switch (sqlite3_column_type(m_stmt, column)) {
    case SQLITE_INTEGER:
        return ColumnType::Integer;
    case SQLITE_FLOAT:
        return ColumnType::Float;
    case SQLITE_TEXT:
        return ColumnType::Text;
    case SQLITE_BLOB:
        return ColumnType::Blob;
    default:
        return ColumnType::Null;
    }
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

qint64 Statement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::real(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

QByteArrayView Statement::utf8(int column) const
{
    // sqlite3_column_text before sqlite3_column_bytes, as the SQLite docs advise.
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return p ? QByteArrayView(p, sqlite3_column_bytes(m_stmt, column)) : QByteArrayView();
}

QByteArrayView Statement::blob(int column) const
{
    const auto *p = static_cast<const char *>(sqlite3_column_blob(m_stmt, column));
    return p ? QByteArrayView(p, sqlite3_column_bytes(m_stmt, column)) : QByteArrayView();
}

QString Statement::text(int column) const
{
    return QString::fromUtf8(utf8(column));
}

QVariant Statement::value(int column) const
{
    switch (columnType(column)) {
    case ColumnType::Integer:
        return int64(column);
    case ColumnType::Float:
        return real(column);
    case ColumnType::Text:
        return text(column);
    case ColumnType::Blob:
        return blob(column).toByteArray();
    case ColumnType::Null:
        break;
    }
    return {};
}

bool prepareAll(sqlite3 *db, std::initializer_list<PreparedSql> statements, const QString &what,
                QString *error)
{
    for (const PreparedSql &entry : statements) {
        if (!entry.statement->prepare(db, entry.sql, Statement::Persistence::Persistent)) {
            *error = what + u": "_s + entry.statement->errorText() + u'.';
            return false;
        }
    }
    return true;
}

} // namespace Sqlite
