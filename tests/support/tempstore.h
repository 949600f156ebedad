// SPDX-License-Identifier: MIT
#pragma once

#include "store/eventstore.h"

#include <QSqlDatabase>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace TestSupport {

/// A store in a fresh temporary folder: the SQLite file opened read-write through
/// Database::open (schema and migrations included) under its own connection name, and an
/// EventStore on it. Everything is closed and removed when it goes.
class TempStore
{
public:
    /// \a connection: the Qt SQL connection name, unique while the store lives.
    explicit TempStore(const QString &connection = QStringLiteral("temp-store"),
                       const QString &fileName = QStringLiteral("leads.sqlite"));
    ~TempStore();
    Q_DISABLE_COPY_MOVE(TempStore)

    /// Creates the folder and opens the file; throws CheckFailed (with Database::open's
    /// error) if either fails.
    void open();
    /// Closes the connection; the file stays until the store goes.
    void close();

    QString path() const;
    QString filePath(const QString &name) const { return m_dir.filePath(name); }
    QSqlDatabase db() const { return m_db; }
    EventStore &events();

    /// Ingests \a items; throws CheckFailed unless each is stored and projected.
    QList<EventStore::ItemResult> ingest(const QList<EventStore::Item> &items);

private:
    QTemporaryDir m_dir;
    QString m_connection;
    QString m_fileName;
    QSqlDatabase m_db;
    std::unique_ptr<EventStore> m_events;
};

} // namespace TestSupport
