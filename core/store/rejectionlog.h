// SPDX-License-Identifier: MIT
#pragma once

#include "common/limits.h"
#include "store/deliveryrecord.h"

#include <QHash>
#include <QString>

#include <memory>

struct sqlite3;

/*!
    Keeps the record of rejected requests bounded, so that a flood of them cannot fill the disk:

    - a burst of alike rejections (same verdict, status, method, path, detail, peer address and
      forwarded client, each within Limits::BurstWindowMs of the one before) is one row whose
      repeat_count and last_seen grow, written at most once per Limits::BurstWriteIntervalMs;
    - once the rejected rows pass Limits::MaxRejectedDeliveries or hold more than
      Limits::MaxRejectedDeliveryBytes, the oldest are deleted down to Limits::PrunedToPercent
      of both.

    Rows of accepted events (verdicts accepted, imported, duplicate, reingested) are never
    counted and never deleted: the condition is PrunableCondition, which the partial index
    deliveries_prunable is built on. EventStore owns one and calls it inside its transactions;
    it lives on the store's thread.
*/
class RejectionLog final
{
public:
    struct Bounds
    {
        qint64 maxRows = Limits::MaxRejectedDeliveries;
        qint64 maxBytes = Limits::MaxRejectedDeliveryBytes;
    };

    /// The rows that may be pruned; the WHERE of the index deliveries_prunable, word for word
    /// (SQLite uses a partial index only for a query that repeats its condition).
    static constexpr char PrunableCondition[]
        = "verdict NOT IN ('accepted', 'imported', 'duplicate', 'reingested', 'fetched')";

    explicit RejectionLog(sqlite3 *db);
    RejectionLog(sqlite3 *db, Bounds bounds);
    ~RejectionLog();
    RejectionLog(const RejectionLog &) = delete;
    RejectionLog &operator=(const RejectionLog &) = delete;

    void setBounds(Bounds bounds) { m_bounds = bounds; }

    /// When \a delivery repeats an open burst: counts it (in memory) and returns the id of the
    /// burst's row. 0 when it is to be inserted as a row of its own (then call inserted()).
    qint64 joinBurst(const DeliveryRecord &delivery);
    /// \a delivery is now row \a id: counted against the bounds, and the start of a burst.
    bool inserted(const DeliveryRecord &delivery, qint64 id, QString *error);

    enum class Write {
        Due, ///< the counts of bursts last written Limits::BurstWriteIntervalMs ago or more
        All, ///< every count not written yet
    };
    /// Writes burst counts and prunes past the bounds; inside the caller's transaction.
    bool finish(Write write, QString *error);
    /// Some burst has repeats not written yet (the owner should call writeRepeats() soon).
    bool hasUnwrittenRepeats() const;
    /// Writes every count not written yet, in a transaction of its own unless the caller holds
    /// one.
    bool writeRepeats(QString *error);
    /// Forgets the bursts and the counts, after a rollback undid rows they refer to.
    void reset();

    /// Rejected rows and the bytes they hold, as counted (loaded from the table at first use).
    qint64 rowCount();
    qint64 byteCount();

private:
    struct Burst
    {
        qint64 id = 0;
        qint64 lastSeenMs = 0;
        qint64 unwritten = 0; ///< repeats counted since the row was last written
        qint64 lastWriteMs = 0; ///< wall clock of the last write
    };
    struct Statements;

    static QString burstKey(const DeliveryRecord &delivery);
    bool load(QString *error);
    bool writeBurst(Burst &burst, QString *error);
    bool prune(QString *error);
    void forgetOldestBurst();

    sqlite3 *m_db;
    Bounds m_bounds;
    std::unique_ptr<Statements> m_s;
    QHash<QString, Burst> m_bursts;
    bool m_loaded = false;
    qint64 m_rows = 0;
    qint64 m_bytes = 0;
    qint64 m_newestMs = 0; ///< the latest arrival time seen
};
