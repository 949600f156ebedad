// SPDX-License-Identifier: MIT
#pragma once

#include <QSqlDatabase>
#include <QString>

/// Opens the SQLite file through Qt SQL (QSQLITE), one connection per thread: WAL,
/// synchronous=FULL, foreign_keys=ON, busy timeout, schema migrations (PRAGMA user_version),
/// file mode 0600. All SQLite-only statements live in database.cpp.
namespace Database {
/// ReadWrite: the acknowledging writer (synchronous=FULL). Projection: the projector's
/// read-write connection, synchronous=NORMAL (see Projector: its state commits with its rows,
/// so what a crash takes back is projected again). ReadOnly: the views.
enum class Access { ReadWrite, Projection, ReadOnly };

inline constexpr int SchemaVersion = 13;

/// Opens (creating the file and its folder for ReadWrite) and migrates. On failure returns an
/// invalid QSqlDatabase and sets \a error to a sentence a user can act on.
QSqlDatabase open(const QString &path, const QString &connectionName, Access access,
                  QString *error);
/// Stops this connection from checkpointing inside its own COMMITs: the acknowledging writer's,
/// when a projector or an idle timer checkpoints instead.
bool disableAutoCheckpoint(const QSqlDatabase &db);
/// Closes and removes the connection.
void close(const QString &connectionName);
} // namespace Database
