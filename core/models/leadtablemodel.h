// SPDX-License-Identifier: MIT
#pragma once

#include "models/leadsortstats.h"
#include "query/leadfilter.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

#include <memory>

/*!
    The lead table at any size: a windowed model over SQLite. Filtering runs in SQL (FTS5);
    sorting reads the column's keys in rowid order and sorts them in C++ (any column, no index
    needed), and the worker keeps the last order to filter it by membership. The model keeps
    only the ordered list of lead row ids (8 bytes a row) and fetches row data in pages as the
    view asks for it. The id list is computed on a worker thread with its own read-only
    connection; a stale result (an older generation) is dropped. A search may first deliver
    its first rows (from a small in-memory index of the first leads), then the rest as one
    insertion: rowCount() always matches the ids data() serves.

    One column per LeadColumn::Id, in registry order; the view hides the ones not wanted.
    DisplayRole: formatted text; ModelRoles::RawValueRole: the raw value; ModelRoles::RowIdRole:
    leads.id.
*/
class LeadTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LeadTableModel)

public:
    explicit LeadTableModel(QObject *parent = nullptr);
    ~LeadTableModel() override;

    /*!
        How many leads (the first ones by id) the small in-memory search index holds, which
        answers a search's first rows before its complete list; LeadPrefixIndex::DefaultSize
        unless set. Takes effect with the next query. A list chosen by SQL criteria (quick
        filters, ranges, campaigns) shows its first rows once this many, at most 500, are read.
    */
    void setFirstRowsIndexSize(int leads);
    int firstRowsIndexSize() const;

    /// The database file to read (the model opens its own read-only connections).
    void setDatabasePath(const QString &path);
    QString databasePath() const;

    /// Campaigns, search text and quick filters; the sort stays as set by sort() and
    /// setSortLocale().
    void setFilter(const LeadFilter &filter);
    /// The language text columns sort in (an ICU locale name, "pl_PL"); empty, the default,
    /// is QLocale::system()'s. filter() carries it, so an export sorts the same way.
    void setSortLocale(const QString &locale);
    /// The locale text sorts in now (resolved).
    QString sortLocale() const;
    LeadFilter filter() const;

    /// Re-runs the query after new data arrived. Rows keep their identity: persistent indexes
    /// (selection, current) follow their lead; no model reset.
    void refresh();

    /// True while a query runs on the worker.
    bool isLoading() const;
    /// Blocks until the current query has been applied (tests, benchmarks). False on timeout.
    bool waitForLoaded(int timeoutMs = 30000);
    /// Blocks until the first rows of the current query are shown: a search may show its
    /// first matches (in their final order) before the complete list, which then follows as
    /// one rowsInserted. isLoading() stays true and loaded() waits for the complete list.
    bool waitForFirstRows(int timeoutMs = 30000);
    /// Blocks until the worker has nothing left to do, including the first-rows index it
    /// builds after a result (tests). Results are still applied through the event loop or
    /// waitForLoaded(). False on timeout.
    bool waitForIdle(int timeoutMs = 30000);
    /// Benchmarks: forgets the orders the worker keeps, so the next sort computes its order.
    void dropCachedOrders();
    /// How the worker made its sorted orders: full sorts, and merges of newer leads into a
    /// kept order (tests, benchmarks).
    LeadSortStats sortStats() const;

    qint64 shownCount() const; ///< N in "N of M leads"
    qint64 totalCount() const; ///< M: leads of the selected campaigns, before search and filters

    qint64 leadRowId(int row) const;
    int rowForLeadRowId(qint64 rowId) const; ///< -1 when not shown
    QList<qint64> leadRowIds() const; ///< all shown ids, in view order

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    /// After each applied query (initial, filter, sort, refresh).
    void loaded(qint64 shown, qint64 total);
    void loadingChanged(bool loading);
    void queryFailed(const QString &error);

private:
    /// Applies the worker's newest result, if still current (queued from the worker).
    void applyPendingResult();

    struct Private;
    std::unique_ptr<Private> d;
};
