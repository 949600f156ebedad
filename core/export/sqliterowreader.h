// SPDX-License-Identifier: MIT
#pragma once

#include "query/leadfilter.h"

#include <QByteArrayView>
#include <QSqlDatabase>
#include <QString>

struct sqlite3;
struct sqlite3_stmt;

/*!
    Steps through a SELECT on the SQLite handle under a QSQLITE connection, handing out column
    values as UTF-8 views without a QVariant or QString per cell.

    Why not QSqlQuery: for 1,000,000 leads with all fields, QSqlQuery::next() + value() builds
    a QVariant and a UTF-16 QString per cell and the CSV writer converts back to UTF-8; that
    alone costs more than SQLite's own stepping. This is the only file of the export that
    knows SQLite; another engine would need a QSqlQuery-based reader with the same interface.

    Must be used on the thread that owns the connection (Qt SQL connections are per thread).
*/
class SqliteRowReader final
{
public:
    explicit SqliteRowReader(const QSqlDatabase &db);
    ~SqliteRowReader();
    SqliteRowReader(const SqliteRowReader &) = delete;
    SqliteRowReader &operator=(const SqliteRowReader &) = delete;

    /// Compiles \a query and binds its values (qint64 or QString). False with errorString().
    bool prepare(const LeadQuery &query);

    enum class Step { Row, Done, Error };
    Step step();

    bool isNull(int column) const;
    qint64 integer(int column) const;
    /// Valid until the next step().
    QByteArrayView text(int column) const;

    QString errorString() const { return m_error; }

private:
    void setError(const char *what);

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
    QString m_error;
};
