// SPDX-License-Identifier: MIT
#include "models/leadtablemodel.h"

#include "models/leadpagecache.h"
#include "models/leadquerythread.h"
#include "models/modelroles.h"

#include "common/localecollator.h"

#include <QDeadlineTimer>
#include <QHash>

#include <algorithm>
#include <atomic>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

std::atomic<quint64> s_modelCounter {0};

} // namespace

// The model keeps the ordered ids (8 bytes a row) and the generation of the query they answer;
// LeadQueryThread computes them, LeadPageCache reads the rows the view asks for.
struct LeadTableModel::Private
{
    LeadTableModel *q;
    QString path;
    LeadFilter filter;
    std::vector<qint64> ids;
    qint64 total = 0;
    quint64 generation = 0;
    quint64 queryGeneration = 0; ///< the last query that was not a refresh
    quint64 appliedGeneration = 0;
    quint64 partialGeneration = 0; ///< the generation whose first rows are shown, or 0
    bool loading = false;
    int firstRowsIndexSize = LeadPrefixIndex::DefaultSize;
    /// Names this model's Qt SQL connections, unique in the process.
    const QString connectionPrefix = u"leadtable-%1-"_s.arg(++s_modelCounter);
    std::unique_ptr<LeadQueryThread> thread;
    LeadPageCache pages;

    explicit Private(LeadTableModel *model)
        : q(model)
    { }

    void startQuery(bool refresh)
    {
        if (path.isEmpty())
            return;
        if (!thread) {
            // Called on the worker: the result is applied on the model's thread.
            thread = std::make_unique<LeadQueryThread>(
                [model = q] {
                    QMetaObject::invokeMethod(
                        model, [model] { model->applyPendingResult(); }, Qt::QueuedConnection);
                },
                connectionPrefix + u"worker"_s);
            thread->start();
        }
        ++generation;
        if (!refresh)
            queryGeneration = generation;
        thread->post({generation, path, filter, refresh, firstRowsIndexSize});
        if (!loading) {
            loading = true;
            Q_EMIT q->loadingChanged(true);
        }
    }

    void apply(LeadQueryResult result);
};

void LeadTableModel::Private::apply(LeadQueryResult result)
{
    const bool current = result.generation == generation;
    // A refresh overtaken by a newer refresh of the same query shows: its rows are right, only
    // a little older, and in a stream (a refresh every 250 ms) the newest is always on its way.
    const bool olderRefresh = !current && result.refresh && !result.partial
        && result.error.isEmpty() && result.generation >= queryGeneration
        && result.generation > appliedGeneration;
    if (!current && !olderRefresh)
        return; // stale: a newer query is on its way
    appliedGeneration = result.generation;
    // The rest of a list whose first rows are shown: same generation, same rows up front.
    const bool completing = partialGeneration == result.generation;
    partialGeneration = result.partial ? result.generation : 0;
    if (!result.partial && current)
        loading = false;
    if (!result.error.isEmpty()) {
        Q_EMIT q->loadingChanged(false);
        Q_EMIT q->queryFailed(result.error);
        return;
    }
    total = result.total;

    // Rows cached before this result may hold values that changed (an upsert of a lead).
    const auto [cachedFirst, cachedLast] = pages.cachedRows();
    // The cache is dropped after each swap of the id list below, not before: views (and the
    // model tester) read data() between the about-to-change signal and the swap, which would
    // cache rows of the old list.

    const std::vector<qint64> &next = result.ids;
    const bool appendOnly
        = next.size() >= ids.size() && std::equal(ids.begin(), ids.end(), next.begin());
    if (ids.empty() && !next.empty() && !result.refresh) {
        // A first load: nothing to keep, and a reset tells the views so in one step.
        q->beginResetModel();
        ids = std::move(result.ids);
        pages.clear();
        q->endResetModel();
    } else if (appendOnly) {
        // New leads in the default order, or the rest of a list whose first rows are shown:
        // one batched insert, existing rows untouched.
        const int oldCount = int(ids.size());
        if (next.size() > ids.size()) {
            q->beginInsertRows({}, oldCount, int(next.size()) - 1);
            ids = std::move(result.ids);
            if (!completing)
                pages.clear();
            q->endInsertRows();
        }
        if (completing) {
            // Cached rows were read for this very query: still right.
        } else {
            pages.clear();
        }
        if (!completing && cachedFirst >= 0 && cachedFirst < oldCount) {
            Q_EMIT q->dataChanged(
                q->index(cachedFirst, 0),
                q->index(std::min(cachedLast, oldCount - 1), LeadColumn::Count - 1));
        }
    } else {
        // Reordered or filtered: a layout change, with every persistent index (selection,
        // current) moved to its lead's new row, or made invalid when the lead is not shown.
        Q_EMIT q->layoutAboutToBeChanged();
        const QModelIndexList from = q->persistentIndexList();
        std::vector<qint64> fromIds;
        fromIds.reserve(size_t(from.size()));
        QHash<qint64, int> newRows;
        newRows.reserve(from.size());
        for (const QModelIndex &index : from) {
            fromIds.push_back(ids[size_t(index.row())]);
            newRows.insert(fromIds.back(), -1);
        }
        ids = std::move(result.ids);
        // One pass over the new list, stopping once every followed lead is found.
        qsizetype found = 0;
        for (size_t i = 0; i < ids.size() && found < newRows.size(); ++i) {
            const auto it = newRows.find(ids[i]);
            if (it != newRows.end() && *it < 0) {
                *it = int(i);
                ++found;
            }
        }
        QModelIndexList to;
        to.reserve(from.size());
        for (qsizetype i = 0; i < from.size(); ++i) {
            const int row = newRows.value(fromIds[size_t(i)], -1);
            to.append(row >= 0 ? q->index(row, from[i].column()) : QModelIndex());
        }
        q->changePersistentIndexList(from, to);
        pages.clear();
        Q_EMIT q->layoutChanged();
    }
    if (result.partial)
        return; // still loading: loaded() comes with the complete list
    if (current)
        Q_EMIT q->loadingChanged(false);
    Q_EMIT q->loaded(qint64(ids.size()), total);
}

LeadTableModel::LeadTableModel(QObject *parent)
    : QAbstractTableModel(parent)
    , d(std::make_unique<Private>(this))
{ }

LeadTableModel::~LeadTableModel()
{
    if (d->thread)
        d->thread->stop();
    d->pages.close();
}

void LeadTableModel::setFirstRowsIndexSize(int leads)
{
    d->firstRowsIndexSize = std::max(leads, 0);
}

int LeadTableModel::firstRowsIndexSize() const
{
    return d->firstRowsIndexSize;
}

void LeadTableModel::setDatabasePath(const QString &path)
{
    if (path == d->path && d->pages.isOpen())
        return;
    beginResetModel();
    d->pages.close();
    d->ids.clear();
    d->total = 0;
    d->path = path;
    endResetModel();
    if (path.isEmpty())
        return;
    QString error;
    if (!d->pages.open(path, d->connectionPrefix + u"gui"_s, &error)) {
        Q_EMIT queryFailed(error);
        return;
    }
    d->startQuery(false);
}

QString LeadTableModel::databasePath() const
{
    return d->path;
}

void LeadTableModel::setFilter(const LeadFilter &filter)
{
    const std::optional<LeadColumn::Id> sortColumn = d->filter.sortColumn;
    const Qt::SortOrder sortOrder = d->filter.sortOrder;
    const QString locale = d->filter.collationLocale;
    d->filter = filter;
    d->filter.sortColumn = sortColumn;
    d->filter.sortOrder = sortOrder;
    d->filter.collationLocale = locale;
    d->startQuery(false);
}

void LeadTableModel::setSortLocale(const QString &locale)
{
    if (locale == d->filter.collationLocale)
        return;
    d->filter.collationLocale = locale;
    if (d->filter.sortColumn)
        d->startQuery(false);
}

QString LeadTableModel::sortLocale() const
{
    return LocaleCollator::canonicalName(d->filter.collationLocale);
}

LeadFilter LeadTableModel::filter() const
{
    return d->filter;
}

void LeadTableModel::refresh()
{
    d->startQuery(true);
}

bool LeadTableModel::isLoading() const
{
    return d->loading;
}

bool LeadTableModel::waitForLoaded(int timeoutMs)
{
    if (!d->loading || !d->thread)
        return true;
    const QDeadlineTimer deadline(timeoutMs);
    while (d->loading) {
        std::optional<LeadQueryResult> result = d->thread->takeResult(d->generation, deadline);
        if (!result)
            return false;
        d->apply(std::move(*result));
    }
    return true;
}

bool LeadTableModel::waitForFirstRows(int timeoutMs)
{
    if (!d->loading || !d->thread || d->partialGeneration == d->generation)
        return true;
    std::optional<LeadQueryResult> result
        = d->thread->takeResult(d->generation, QDeadlineTimer(timeoutMs));
    if (!result)
        return false;
    d->apply(std::move(*result));
    return !d->loading || d->partialGeneration == d->generation;
}

bool LeadTableModel::waitForIdle(int timeoutMs)
{
    return !d->thread || d->thread->waitForIdle(QDeadlineTimer(timeoutMs));
}

LeadSortStats LeadTableModel::sortStats() const
{
    return d->thread ? d->thread->sortStats() : LeadSortStats {};
}

void LeadTableModel::dropCachedOrders()
{
    if (d->thread)
        d->thread->dropCaches();
}

void LeadTableModel::applyPendingResult()
{
    if (!d->loading || !d->thread)
        return;
    while (d->loading) {
        std::optional<LeadQueryResult> result = d->thread->takeResult(0, QDeadlineTimer(0));
        if (!result)
            break;
        d->apply(std::move(*result));
    }
}

qint64 LeadTableModel::shownCount() const
{
    return qint64(d->ids.size());
}

qint64 LeadTableModel::totalCount() const
{
    return d->total;
}

qint64 LeadTableModel::leadRowId(int row) const
{
    return row >= 0 && size_t(row) < d->ids.size() ? d->ids[size_t(row)] : 0;
}

int LeadTableModel::rowForLeadRowId(qint64 rowId) const
{
    const auto it = std::find(d->ids.cbegin(), d->ids.cend(), rowId);
    return it == d->ids.cend() ? -1 : int(it - d->ids.cbegin());
}

QList<qint64> LeadTableModel::leadRowIds() const
{
    return QList<qint64>(d->ids.cbegin(), d->ids.cend());
}

int LeadTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(d->ids.size());
}

int LeadTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : LeadColumn::Count;
}

QVariant LeadTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    switch (role) {
    case ModelRoles::RowIdRole:
        return d->ids[size_t(index.row())];
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case ModelRoles::RawValueRole: {
        const LeadRow *row = d->pages.row(d->ids, index.row());
        if (!row)
            return {};
        if (role == ModelRoles::RawValueRole)
            return row->raw[index.column()];
        return row->display[index.column()];
    }
    case Qt::TextAlignmentRole:
        if (LeadColumn::isNumeric(static_cast<LeadColumn::Id>(index.column())))
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant LeadTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0
        && section < LeadColumn::Count)
        return LeadColumn::title(static_cast<LeadColumn::Id>(section));
    return QAbstractTableModel::headerData(section, orientation, role);
}

void LeadTableModel::sort(int column, Qt::SortOrder order)
{
    if (column >= 0 && column < LeadColumn::Count)
        d->filter.sortColumn = static_cast<LeadColumn::Id>(column);
    else
        d->filter.sortColumn.reset();
    d->filter.sortOrder = order;
    d->startQuery(false);
}
