// SPDX-License-Identifier: MIT
#pragma once

#include "sendpilot/event.h"

#include <QHash>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <memory>

class WriteGate;

/*!
    Turns entries of the event log into campaigns, leads and the search index, oldest first.

    Each step() is one bounded transaction: a chunk of one entry's leads (chunkLeads(), a few
    milliseconds of work), with the entry's progress (events.projected_leads) and, on its last
    chunk, its state written in the same transaction as the rows. So the connection may commit
    with synchronous=NORMAL: whatever a crash takes back is pending again and is projected
    again on the next start; upserts keyed by campaign and lead make that idempotent. Progress
    is read again inside each transaction, so two projectors on one file (the app and a
    `leadviewer import`) never write an entry twice.

    An entry that cannot be projected (its body is gone or damaged, a write failed) is marked
    failed with the reason and the next one goes on; Re-ingest puts it back to pending.

    When nothing is pending, maintenanceStep() compresses bodies stored before compression
    existed, in bounded batches that resume where they stopped (schema v3's store_tasks row).
*/
class Projector
{
public:
    /// \a db is an open read-write connection owned by the caller's thread.
    explicit Projector(const QSqlDatabase &db, WriteGate *gate = nullptr);
    ~Projector();
    Projector(const Projector &) = delete;
    Projector &operator=(const Projector &) = delete;

    bool isValid() const;
    QString lastError() const;

    /// Leads written per transaction (default DefaultChunkLeads).
    void setChunkLeads(int leads);
    int chunkLeads() const;
    static constexpr int DefaultChunkLeads = 512;
    /// Small entries (activity, short jobs) share one transaction while it is younger than this
    /// and no acknowledgement waits for the gate (default DefaultSharedStepMs).
    void setSharedStepMs(int ms);
    static constexpr int DefaultSharedStepMs = 3;

    /// A parse of the entry \a eventId the caller already has (import, tests): used instead of
    /// reading and parsing its body again. Dropped once the entry is projected.
    void provide(const Event &event);

    struct Step
    {
        bool idle = false; ///< nothing was pending
        bool wrote = false; ///< a transaction committed rows the views show
        qint64 leadsWritten = 0;
        QStringList projected; ///< entries finished by this step
        QStringList failed; ///< entries marked failed by this step
    };
    /// One bounded transaction of projection work, or idle.
    Step step();
    /// Steps until nothing is pending; returns the union of the steps.
    Step drain();

    struct Maintenance
    {
        bool done = true; ///< nothing (more) to do
        qint64 position = 0; ///< how far the task is, of \a total
        qint64 total = 0;
        qint64 bytesSaved = 0;
    };
    /// One bounded batch of store maintenance (compressing old bodies). Cheap when done.
    Maintenance maintenanceStep();

    /// Entries pending projection.
    qint64 pendingCount();
    /// State and reason of the entry \a eventId ("" if there is none).
    QString stateOf(const QString &eventId, QString *reason = nullptr);

private:
    struct Private;
    std::unique_ptr<Private> d;
};
