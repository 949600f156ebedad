// SPDX-License-Identifier: MIT
#include "models/leadquerythread.h"

#include "common/threadpriority.h"

#include "store/database.h"

#include <QSqlDatabase>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace LeadSortKeys;

namespace {

// Below this many matches a sort reads the matches' keys one by one; above, the order of
// every lead is computed (and kept) and the matches are picked from it.
constexpr size_t PointLookupLimit = 40000;
// An unsorted list read by SQL criteria is shown once this many of its rows are read: more
// than a screen holds, even at a small font on a tall screen.
constexpr size_t FirstRowsShown = 500;

qint64 dataVersion(sqlite3 *db)
{
    qint64 version = -1;
    QString ignored;
    readLeadScalar(db, {u"PRAGMA data_version"_s, {}}, &version, &ignored);
    return version;
}

} // namespace

LeadQueryThread::LeadQueryThread(std::function<void()> resultReady, QString connectionName,
                                 QObject *parent)
    : QThread(parent)
    , m_resultReady(std::move(resultReady))
    , m_connectionName(std::move(connectionName))
{ }

LeadQueryThread::~LeadQueryThread()
{
    stop();
}

void LeadQueryThread::post(LeadQueryRequest request)
{
    QMutexLocker locker(&m_mutex);
    m_pending = std::move(request);
    m_hasPending = true;
    m_idle = false;
    // A refresh does not interrupt a running refresh: it would be the same query on newer
    // data, and during a stream (a refresh every 250 ms) each would interrupt the one before
    // and nothing would show until the stream ends. It runs next; anything else interrupts.
    if (!(m_pending->refresh && m_runningRefresh)) {
        m_cancel = true;
        Sqlite::interrupt(m_running);
        m_keys.interrupt();
    }
    m_wake.wakeAll();
}

void LeadQueryThread::stop()
{
    {
        QMutexLocker locker(&m_mutex);
        m_quit = true;
        m_hasPending = true;
        m_cancel = true;
        Sqlite::interrupt(m_running);
        m_keys.interrupt();
        m_wake.wakeAll();
    }
    wait();
}

bool LeadQueryThread::waitForIdle(QDeadlineTimer deadline)
{
    QMutexLocker locker(&m_mutex);
    while (!m_idle) {
        if (!m_idleReached.wait(&m_mutex, deadline))
            return false;
    }
    return true;
}

std::optional<LeadQueryResult> LeadQueryThread::takeResult(quint64 generation,
                                                           QDeadlineTimer deadline)
{
    QMutexLocker locker(&m_mutex);
    for (;;) {
        while (!m_results.empty() && m_results.front().generation < generation)
            m_results.pop_front();
        if (!m_results.empty())
            break;
        if (!m_resultWaiting.wait(&m_mutex, deadline))
            return std::nullopt;
    }
    std::optional<LeadQueryResult> result = std::move(m_results.front());
    m_results.pop_front();
    return result;
}

void LeadQueryThread::run()
{
    // Below the GUI thread: a sort keeps both cores busy for most of a second, and the
    // window must still paint in that time (the threads it starts inherit this).
    lowerCurrentThreadPriority();
    bool open = false;
    QString openPath;
    int prefixIndexSize = LeadPrefixIndex::DefaultSize;
    for (;;) {
        LeadQueryRequest request;
        {
            QMutexLocker locker(&m_mutex);
            while (!m_pending && !m_quit) {
                m_idle = true;
                m_idleReached.wakeAll();
                m_wake.wait(&m_mutex);
            }
            m_idle = false;
            if (m_quit)
                break;
            request = std::move(*m_pending);
            m_pending.reset();
            m_hasPending = false;
            m_cancel = false;
            m_runningRefresh = request.refresh;
        }
        LeadQueryResult result;
        result.generation = request.generation;
        result.refresh = request.refresh;
        prefixIndexSize = request.prefixIndexSize;
        if (openPath != request.path || !open) {
            if (open)
                Database::close(m_connectionName);
            open = false;
            openPath = request.path;
            m_keys.close();
            m_keys.setDatabasePath(openPath);
            clearOrders();
            m_prefix.invalidate();
            QString error;
            Database::open(openPath, m_connectionName, Database::Access::ReadOnly, &error);
            if (error.isEmpty()) {
                open = true;
            } else {
                result.error = error;
                Database::close(m_connectionName);
            }
        }
        sqlite3 *db = nullptr;
        if (open) {
            db = Sqlite::handle(QSqlDatabase::database(m_connectionName, false));
            {
                QMutexLocker locker(&m_mutex);
                m_running = db;
            }
            if (m_gate)
                m_gate(request);
            // A request replaced before its first statement ran is not run at all: an
            // sqlite3_interrupt() with no statement running is forgotten by SQLite.
            bool interrupted = m_cancel;
            if (interrupted)
                result.error = u"interrupted"_s;
            else
                interrupted = !execute(db, request, &result);
            {
                QMutexLocker locker(&m_mutex);
                m_running = nullptr;
                m_runningRefresh = false;
                // Interrupted for a newer request or for quitting: nobody wants this one.
                if (interrupted && (m_pending || m_quit))
                    continue;
            }
        }
        deliver(std::move(result));
        // Idle: prepare the small search index for the next keystrokes. A request arriving
        // meanwhile waits for it, once per version of the data.
        if (db && !m_hasPending)
            m_prefix.build(db, dataVersion(db), prefixIndexSize);
    }
    m_prefix.close();
    m_keys.close();
    if (open)
        Database::close(m_connectionName);
}

void LeadQueryThread::deliver(LeadQueryResult result)
{
    {
        QMutexLocker locker(&m_mutex);
        // In order: the first rows of a search, then its complete list.
        while (!m_results.empty() && m_results.front().generation < result.generation)
            m_results.pop_front();
        m_results.push_back(std::move(result));
        m_resultWaiting.wakeAll();
    }
    m_resultReady();
}

LeadSortStats LeadQueryThread::sortStats() const
{
    QMutexLocker locker(&m_mutex);
    return m_stats;
}

void LeadQueryThread::clearOrders(bool keepSorted)
{
    m_allIds.clear();
    m_haveAllIds = false;
    if (keepSorted) {
        m_sortedStale = true;
        return;
    }
    m_sortedColumn.reset();
    m_sorted = {};
    m_sortedStale = false;
}

LeadReadStatus LeadQueryThread::updateSorted(sqlite3 *db, LeadColumn::Id column, bool *done,
                                             QString *error)
{
    *done = false;
    // A campaign column's value is the campaign's, which a later event may change for leads
    // already kept: sorted again (one read of the campaigns, cheap).
    if (LeadColumn::needsCampaigns(column))
        return LeadReadStatus::Ok;
    bool same = false;
    LeadReadStatus status = m_keys.unchanged(db, column, m_sorted, &same, error);
    if (status != LeadReadStatus::Ok || !same)
        return status;
    SortKeys newer;
    status = m_keys.readAbove(db, column, m_sorted.maxId(), &newer, error);
    if (status != LeadReadStatus::Ok)
        return status;
    if (m_cancel)
        return LeadReadStatus::Interrupted;
    const size_t added = newer.rowCount();
    mergeNewer(m_sorted, std::move(newer));
    m_sortedStale = false;
    *done = true;
    QMutexLocker locker(&m_mutex);
    ++m_stats.merges;
    m_stats.mergedRows += added;
    return LeadReadStatus::Ok;
}

LeadReadStatus LeadQueryThread::sortedAll(sqlite3 *db, LeadColumn::Id column, const QString &locale,
                                          QString *error)
{
    m_keys.setLocale(locale);
    if (m_sortedColumn == column && m_sortedLocale == m_keys.locale()) {
        if (!m_sortedStale)
            return LeadReadStatus::Ok;
        bool done = false;
        // Interrupted: the kept order stays as it was, still to be brought up to date.
        const LeadReadStatus status = updateSorted(db, column, &done, error);
        if (status != LeadReadStatus::Ok || done)
            return status;
    }
    m_sortedColumn.reset();
    m_sorted = {};
    m_sortedStale = false;
    SortKeys keys;
    const LeadReadStatus status = m_keys.read(db, column, nullptr, &keys, error);
    if (status != LeadReadStatus::Ok)
        return status;
    if (m_cancel)
        return LeadReadStatus::Interrupted;
    m_sorted = sortedOrder(std::move(keys));
    m_sortedColumn = column;
    m_sortedLocale = m_keys.locale();
    QMutexLocker locker(&m_mutex);
    ++m_stats.fullSorts;
    return LeadReadStatus::Ok;
}

bool LeadQueryThread::execute(sqlite3 *db, const LeadQueryRequest &request, LeadQueryResult *result)
{
    if (!db) {
        result->error = u"The database driver gives no SQLite handle."_s;
        return true;
    }
    const LeadFilter &filter = request.filter;
    const qint64 version = dataVersion(db);
    const bool dropOrders = m_dropCaches.exchange(false);
    if (version != m_dataVersion || request.refresh || dropOrders) {
        // New data keeps the sorted order, to be checked and merged into (see the class).
        clearOrders(!dropOrders);
        // Dropping the orders (benchmarks) keeps the small index: it is no order.
        if (version != m_dataVersion || request.refresh)
            m_prefix.invalidate();
        m_dataVersion = version;
    }
    QString error;
    using Status = LeadReadStatus;
    const auto finish = [&](Status status) {
        if (status == Status::Interrupted) {
            result->ids.clear();
            result->error = u"interrupted"_s;
            return false;
        }
        if (status == Status::Failed) {
            result->ids.clear();
            result->error = error;
        }
        result->ids.shrink_to_fit();
        return true;
    };
    // Counted first (cheap), then the ordered ids read with the raw API: QSqlQuery::next()
    // per row costs more than the query itself at a million rows.
    Status status = readLeadScalar(db, filter.buildTotalQuery(), &result->total, &error);
    if (status != Status::Ok)
        return finish(status);

    // plain: the rows are the FTS5 matches of the search and the text filters (or every lead),
    // which the small first-rows index can answer too.
    const bool plain = !filter.hasSqlCriteria();
    const QString match = filter.ftsMatch();
    const bool everyLead = plain && match.isEmpty();

    if (filter.useSelection) {
        // An explicit selection keeps its order and duplicates: SQL as LeadFilter says.
        return finish(readLeadIds(db, filter.buildIdQuery(), &result->ids, &error));
    }
    if (!filter.sortColumn) {
        if (everyLead) {
            if (!m_haveAllIds) {
                m_allIds.reserve(size_t(std::max<qint64>(result->total, 0)));
                status = readLeadIds(db, filter.buildIdQuery(), &m_allIds, &error);
                if (status != Status::Ok) {
                    m_allIds.clear();
                    return finish(status);
                }
                m_haveAllIds = true;
            }
            result->ids = m_allIds;
            return finish(Status::Ok);
        }
        if (plain && !request.refresh) {
            // First rows from the small index; the complete list follows.
            if (std::optional<std::vector<qint64>> first = m_prefix.matches(version, match)) {
                if (m_prefix.isComplete()) {
                    result->ids = std::move(*first);
                    return finish(Status::Ok);
                }
                if (!first->empty()) {
                    LeadQueryResult partial;
                    partial.generation = result->generation;
                    partial.total = result->total;
                    partial.partial = true;
                    partial.ids = std::move(*first);
                    deliver(std::move(partial));
                }
            }
        }
        if (!plain && !request.refresh) {
            // Rows chosen by SQL criteria come in id order, the table's order: the first
            // screen of them is shown as soon as it is read, and the same statement goes on
            // to the complete list (enriched at 1M: 900,000 ids).
            const auto firstRows = [&](const std::vector<qint64> &ids) {
                LeadQueryResult partial;
                partial.generation = result->generation;
                partial.total = result->total;
                partial.partial = true;
                partial.ids = ids;
                deliver(std::move(partial));
            };
            const size_t firstRowCount
                = std::min(FirstRowsShown, size_t(std::max(request.prefixIndexSize, 1)));
            return finish(readLeadIds(db, filter.buildIdQuery(), &result->ids, &error,
                                      firstRowCount, firstRows));
        }
        return finish(readLeadIds(db, filter.buildIdQuery(), &result->ids, &error));
    }

    const LeadColumn::Id column = *filter.sortColumn;
    const bool descending = filter.sortOrder == Qt::DescendingOrder;
    const auto inOrder = [&](const std::vector<qint64> &ascending, const IdSet *members) {
        result->ids.reserve(members ? ascending.size() / 4 : ascending.size());
        const auto add = [&](qint64 id) {
            if (!members || members->contains(id))
                result->ids.push_back(id);
        };
        if (descending)
            std::for_each(ascending.rbegin(), ascending.rend(), add);
        else
            std::for_each(ascending.begin(), ascending.end(), add);
    };
    if (everyLead) {
        status = sortedAll(db, column, filter.collationLocale, &error);
        if (status == Status::Ok)
            inOrder(m_sorted.ids, nullptr);
        return finish(status);
    }
    // The matches in id order, then in the sort's order.
    LeadFilter unsorted = filter;
    unsorted.sortColumn.reset();
    std::vector<qint64> matches;
    status = readLeadIds(db, unsorted.buildIdQuery(), &matches, &error);
    if (status != Status::Ok)
        return finish(status);
    m_keys.setLocale(filter.collationLocale);
    const bool kept = m_sortedColumn == column && m_sortedLocale == m_keys.locale();
    if (!kept && matches.size() <= PointLookupLimit) {
        SortKeys keys;
        status = m_keys.read(db, column, &matches, &keys, &error);
        if (status == Status::Ok) {
            const std::vector<qint64> ascending = sortedIds(keys);
            inOrder(ascending, nullptr);
        }
        return finish(status);
    }
    status = sortedAll(db, column, filter.collationLocale, &error);
    if (status == Status::Ok) {
        const IdSet members(matches);
        inOrder(m_sorted.ids, &members);
    }
    return finish(status);
}
