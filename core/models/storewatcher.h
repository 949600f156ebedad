// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QSqlDatabase>
#include <QTimer>

/*!
    Notices commits by other connections to the database: another process (`leadviewer import`,
    a headless receiver on the same file) or another thread. It polls SQLite's
    `PRAGMA data_version` on the viewer's own read connection, which changes exactly when a
    different connection committed, and emits changed(). A poll is one cheap statement that
    reads no table.
*/
class StoreWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreWatcher)

public:
    static constexpr int DefaultIntervalMs = 1000;

    explicit StoreWatcher(QObject *parent = nullptr);

    /// Watches \a db (an open connection of this thread); an invalid one stops watching.
    void setDatabase(const QSqlDatabase &db);
    void setInterval(int ms);

Q_SIGNALS:
    void changed();

private:
    qint64 dataVersion() const;
    void poll();

    QSqlDatabase m_db;
    QTimer m_timer;
    qint64 m_version = -1;
};
