// SPDX-License-Identifier: MIT
#pragma once

#include <QSqlDatabase>
#include <QString>

/// Opens the SQLite file through Qt SQL (QSQLITE), one connection per thread: WAL,
/// synchronous=FULL, foreign_keys=ON, busy timeout, schema migrations (PRAGMA user_version),
/// file mode 0600. All SQLite-only statements live in database.cpp.
namespace Database {
enum class Access { ReadWrite, ReadOnly };

inline constexpr int SchemaVersion = 4; // 3 is taken by the log-first store's change

/// Opens (creating the file and its folder for ReadWrite) and migrates. On failure returns an
/// invalid QSqlDatabase and sets \a error to a sentence a user can act on.
QSqlDatabase open(const QString &path, const QString &connectionName, Access access,
                  QString *error);
/// Closes and removes the connection.
void close(const QString &connectionName);
} // namespace Database
