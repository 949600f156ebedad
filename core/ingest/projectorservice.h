// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QStringList>
#include <QThread>

#include <atomic>

class WriteGate;

/// The projector (see Projector) on a thread and connection of its own. wake() after entries
/// were appended; on start it projects whatever a previous run left pending. Signals are
/// delivered to the thread that owns the service (queued).
class ProjectorService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProjectorService)

public:
    explicit ProjectorService(QObject *parent = nullptr);
    ~ProjectorService() override;

    /// Opens the projector's connection to \a databasePath (already created and migrated by
    /// the event log's) and starts projecting. \a gate orders it behind acknowledgements.
    bool start(const QString &databasePath, WriteGate *gate, QString *error);
    /// Finishes the transaction in progress and stops; pending entries stay pending.
    void stop();
    bool isRunning() const;

    /// Entries were appended: project them. Callable from any thread.
    void wake();
    /// Leads per projection transaction (tests and benchmarks).
    void setChunkLeads(int leads);

Q_SIGNALS:
    /// A projection transaction committed rows the views show.
    void progressed();
    /// These entries are now fully projected.
    void projected(const QStringList &eventIds);
    /// These entries could not be projected (the deliveries inspector shows why).
    void projectionFailed(const QStringList &eventIds);
    /// Nothing is pending any more.
    void idle();
    /// The compression of bodies stored before it existed advanced to \a position of \a total.
    void maintenanceProgress(qint64 position, qint64 total);

private:
    class Worker;
    QThread m_thread;
    std::atomic<Worker *> m_worker = nullptr; ///< read by wake() on the ingest thread
};
