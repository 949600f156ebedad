// SPDX-License-Identifier: MIT
#include "sqliterowreader.h"

#include "common/logging.h"

#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

using namespace Qt::StringLiterals;

SqliteRowReader::SqliteRowReader(const QSqlDatabase &db)
{
    // QSQLITE exposes its sqlite3* through QSqlDriver::handle() as a QVariant of "sqlite3*".
    const QVariant handle = db.isOpen() && db.driver() ? db.driver()->handle() : QVariant();
    if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
        m_db = *static_cast<sqlite3 *const *>(handle.constData());
}

SqliteRowReader::~SqliteRowReader()
{
    sqlite3_finalize(m_stmt);
}

void SqliteRowReader::setError(const char *what)
{
    m_error = QString::fromUtf8(what) + u": "_s
        + (m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : u"no SQLite connection"_s);
    qCWarning(lcExport) << m_error;
}

bool SqliteRowReader::prepare(const LeadQuery &query)
{
    if (!m_db) {
        m_error = u"The export needs an open SQLite (QSQLITE) connection."_s;
        return false;
    }
    sqlite3_finalize(m_stmt);
    m_stmt = nullptr;
    const QByteArray sql = query.sql.toUtf8();
    if (sqlite3_prepare_v2(m_db, sql.constData(), int(sql.size()), &m_stmt, nullptr) != SQLITE_OK) {
        setError("Cannot prepare the export query");
        return false;
    }
    for (int i = 0; i < query.bindings.size(); ++i) {
        const QVariant &v = query.bindings.at(i);
        int rc;
        if (v.typeId() == QMetaType::LongLong || v.typeId() == QMetaType::Int) {
            rc = sqlite3_bind_int64(m_stmt, i + 1, v.toLongLong());
        } else {
            const QByteArray text = v.toString().toUtf8();
            rc = sqlite3_bind_text(m_stmt, i + 1, text.constData(), int(text.size()),
                                   SQLITE_TRANSIENT);
        }
        if (rc != SQLITE_OK) {
            setError("Cannot bind the export query");
            return false;
        }
    }
    return true;
}

SqliteRowReader::Step SqliteRowReader::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return Step::Row;
    if (rc == SQLITE_DONE)
        return Step::Done;
    setError("Cannot read the leads");
    return Step::Error;
}

bool SqliteRowReader::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

qint64 SqliteRowReader::integer(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

QByteArrayView SqliteRowReader::text(int column) const
{
    // sqlite3_column_text before sqlite3_column_bytes, as the SQLite docs advise.
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return QByteArrayView(p, sqlite3_column_bytes(m_stmt, column));
}
