// SPDX-License-Identifier: MIT
#pragma once

#include "models/leadprefixindex.h"
#include "models/leadsortkeyreader.h"
#include "models/leadsortstats.h"
#include "query/leadfilter.h"

#include <QDeadlineTimer>
#include <QMutex>
#include <QString>
#include <QThread>
#include <QWaitCondition>

#include <atomic>
#include <deque>
#include <functional>
#include <optional>
#include <vector>

/// What LeadTableModel asks its worker for.
struct LeadQueryRequest
{
    quint64 generation = 0;
    QString path;
    LeadFilter filter;
    bool refresh = false;
    /// Leads in the first-rows index; also caps the rows of a list chosen by SQL criteria
    /// that are shown before its complete list.
    int prefixIndexSize = LeadPrefixIndex::DefaultSize;
};

/// The worker's answer: the ordered lead ids of a request.
struct LeadQueryResult
{
    quint64 generation = 0;
    std::vector<qint64> ids;
    qint64 total = 0;
    bool refresh = false;
    /// The first rows of the final list, in their final order; the rest follows in a second
    /// result of the same generation (appended with one beginInsertRows when it agrees).
    bool partial = false;
    QString error;
};

/*!
    LeadTableModel's worker (an internal part of it): runs the id queries on its own thread and
    connection. Only the newest request runs: a request that arrives while one runs interrupts
    it (sqlite3_interrupt is safe from any thread), except a refresh arriving during a refresh,
    which waits for it.

    Between requests it keeps, for the data it last read (PRAGMA data_version): the id list in
    the default order, the list sorted by the last sort column (ascending; descending is its
    reverse), and a small in-memory FTS5 index over the first leads by id (LeadPrefixIndex). A
    filter with a sort is then its match set tested against the cached sorted list (one pass,
    no sort); clearing the search is a copy; and a search answers its first rows from the
    small index before the full FTS5 query over every lead finishes.

    New data does not throw the sorted list away: when the leads it was made from are all
    there with the same values (one scan of the column, no sort), the leads added since (ids
    above its greatest, as SQLite gives a new row max(rowid) + 1) are sorted alone and merged
    in. A deleted or changed lead, or a campaign column, sorts everything again.
*/
class LeadQueryThread final : public QThread
{
    Q_DISABLE_COPY_MOVE(LeadQueryThread)

public:
    /// \a resultReady is called on the worker thread after each result is queued; it should
    /// post to the receiver's thread, which then calls takeResult(). \a connectionName names
    /// the worker's Qt SQL connection (unique in the process).
    LeadQueryThread(std::function<void()> resultReady, QString connectionName,
                    QObject *parent = nullptr);
    ~LeadQueryThread() override;

    /// Queues \a request, replacing (and interrupting) any older one.
    void post(LeadQueryRequest request);
    /// Ends the thread and waits for it.
    void stop();
    /// Forgets the cached orders before the next request (benchmarks).
    void dropCaches() { m_dropCaches = true; }
    /// How the sorted orders were made so far. Thread-safe.
    LeadSortStats sortStats() const;

    /// Waits up to \a deadline until the worker has nothing left to do: no request queued or
    /// running, and the work it does between requests (the first-rows index) done.
    bool waitForIdle(QDeadlineTimer deadline);

    /// Waits up to \a deadline for a result of \a generation (or a newer one) and takes it.
    std::optional<LeadQueryResult> takeResult(quint64 generation, QDeadlineTimer deadline);
    /// Tests: \a gate is called on the worker with each request it is about to run, after the
    /// request became the running one; a test holds a request there to post others meanwhile.
    /// Set before the first post().
    void setGateForTesting(std::function<void(const LeadQueryRequest &)> gate)
    {
        m_gate = std::move(gate);
    }

protected:
    void run() override;

private:
    void deliver(LeadQueryResult result);
    /// Forgets every order; \a keepSorted keeps the sorted one, to be checked and brought up
    /// to date before its next use.
    void clearOrders(bool keepSorted = false);
    /// False when interrupted.
    bool execute(sqlite3 *db, const LeadQueryRequest &request, LeadQueryResult *result);
    /// The ascending order of \a column over every lead in \a locale, cached.
    LeadReadStatus sortedAll(sqlite3 *db, LeadColumn::Id column, const QString &locale,
                             QString *error);
    /// Brings the kept order up to date; \a done false when it cannot be (sort again).
    LeadReadStatus updateSorted(sqlite3 *db, LeadColumn::Id column, bool *done, QString *error);

    const std::function<void()> m_resultReady;
    std::function<void(const LeadQueryRequest &)> m_gate;
    const QString m_connectionName;

    mutable QMutex m_mutex;
    QWaitCondition m_wake;
    QWaitCondition m_resultWaiting;
    QWaitCondition m_idleReached;
    bool m_idle = false;
    std::optional<LeadQueryRequest> m_pending;
    std::deque<LeadQueryResult> m_results;
    sqlite3 *m_running = nullptr;
    bool m_quit = false;
    std::atomic<bool> m_hasPending {false};
    std::atomic<bool> m_cancel {false}; ///< the running request is no longer wanted
    bool m_runningRefresh = false; // guarded by m_mutex
    std::atomic<bool> m_dropCaches {false};

    // Worker-thread state.
    qint64 m_dataVersion = -1;
    std::vector<qint64> m_allIds;
    bool m_haveAllIds = false;
    std::optional<LeadColumn::Id> m_sortedColumn;
    QString m_sortedLocale;
    LeadSortKeys::SortedOrder m_sorted; ///< its ids are the ascending order
    bool m_sortedStale = false; ///< the data changed since m_sorted was made
    LeadSortStats m_stats; // guarded by m_mutex
    LeadSortKeyReader m_keys {&m_cancel};
    LeadPrefixIndex m_prefix;
};
