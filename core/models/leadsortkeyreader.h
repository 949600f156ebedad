// SPDX-License-Identifier: MIT
#pragma once

#include "models/leadsortkeys.h"
#include "query/leadcolumn.h"
#include "query/leadfilter.h"
#include "store/sqlitestatement.h"

#include <QMutex>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

/// How a read on the lead table's worker ended.
enum class LeadReadStatus { Ok, Failed, Interrupted };

/*!
    Runs \a query and appends its first column (lead ids) to \a ids. When \a firstRows is
    set, it is called once, with \a ids, as soon as \a firstRowCount ids are read (and not at
    all when fewer match), while the same statement goes on to the last row: the first screen
    of a long list shows without running the query twice.
*/
LeadReadStatus readLeadIds(sqlite3 *db, const LeadQuery &query, std::vector<qint64> *ids,
                           QString *error, size_t firstRowCount = 0,
                           const std::function<void(const std::vector<qint64> &)> &firstRows = {});
/// Runs \a query and keeps the first column of its first row in \a value (untouched when the
/// query gives no row).
LeadReadStatus readLeadScalar(sqlite3 *db, const LeadQuery &query, qint64 *value, QString *error);

/*!
    Reads the sort keys of one lead column for LeadTableModel's worker (an internal part of
    it): for every lead in rowid order, or for a subset by point lookups. A campaign column is
    read once per campaign and ranked; the leads then sort by their campaign's rank.

    Every lead of a lead column is read as two halves of the rowid range at once, the upper
    half on a second read-only connection and thread of its own (one per core). The two
    connections may see different snapshots when a write lands between their first reads:
    each lead still appears once (disjoint rowid ranges), and the write changes
    PRAGMA data_version, so the next query (the refresh that follows new data) starts over.

    Used on the worker thread; interrupt() may be called from any thread.
*/
class LeadSortKeyReader final
{
public:
    /// \a cancelled: set (by another thread) when the read is no longer wanted; checked before
    /// the second connection starts, which interrupt() may have missed.
    explicit LeadSortKeyReader(const std::atomic<bool> *cancelled);
    ~LeadSortKeyReader();
    LeadSortKeyReader(const LeadSortKeyReader &) = delete;
    LeadSortKeyReader &operator=(const LeadSortKeyReader &) = delete;

    /// The database file the second connection opens; a new path closes the old one.
    void setDatabasePath(const QString &path);
    void close();

    /// The language text sorts in (LocaleCollator); set before the first read.
    void setLocale(const QString &locale);
    QString locale() const;

    /// The keys of \a column for every lead, or for \a subset only, read on \a db (and the
    /// second connection).
    LeadReadStatus read(sqlite3 *db, LeadColumn::Id column, const std::vector<qint64> *subset,
                        LeadSortKeys::SortKeys *keys, QString *error);

    /// The keys of \a column for the leads with an id above \a above (a lead column).
    LeadReadStatus readAbove(sqlite3 *db, LeadColumn::Id column, qint64 above,
                             LeadSortKeys::SortKeys *keys, QString *error);
    /// Whether the leads up to order.maxId() are the ones \a order was made from, with the
    /// same values of \a column (a lead column): none deleted, none changed. One scan.
    LeadReadStatus unchanged(sqlite3 *db, LeadColumn::Id column,
                             const LeadSortKeys::SortedOrder &order, bool *same, QString *error);

    /// Interrupts the second connection's read, if one runs. Thread-safe.
    void interrupt();

private:
    sqlite3 *secondConnection();
    /// This thread's collator for a column in a language; nullptr for identifiers (NOCASE).
    LocaleCollator *collatorFor(LeadColumn::Id column) const;

    const std::atomic<bool> *m_cancelled;
    QMutex m_mutex; // guards m_running
    sqlite3 *m_running = nullptr;
    Sqlite::Connection m_second;
    bool m_secondFailed = false;
    QString m_path;
    std::unique_ptr<LocaleCollator> m_collator; // this thread's
    std::unique_ptr<LocaleCollator> m_secondCollator; // the second connection's thread's
};
