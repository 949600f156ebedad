// SPDX-License-Identifier: MIT
#include "models/leadtablemodel.h"

#include "common/logging.h"
#include "models/leadsortkeys.h"
#include "models/modelroles.h"
#include "query/leadflattener.h"
#include "store/database.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QHash>
#include <QLocale>
#include <QMutex>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QThread>
#include <QWaitCondition>

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <deque>
#include <limits>
#include <optional>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;
using namespace LeadSortKeys;

namespace {

// Rows per page fetched on the GUI thread, and pages kept: 64 x 256 rows is a few screens of
// scrolling back and forth, a few MB at most.
constexpr int PageSize = 256;
constexpr int MaxPages = 64;

std::atomic<quint64> s_connectionCounter {0};

QString uniqueConnectionName(const char *role)
{
    return u"leadtable-%1-%2"_s.arg(QLatin1StringView(role)).arg(++s_connectionCounter);
}

sqlite3 *sqliteHandle(const QSqlDatabase &db)
{
    // QSQLITE exposes its sqlite3* through QSqlDriver::handle() as a QVariant of "sqlite3*".
    const QVariant handle = db.isOpen() && db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

void bindValues(sqlite3_stmt *statement, const QVariantList &values)
{
    int i = 1;
    for (const QVariant &value : values) {
        switch (value.typeId()) {
        case QMetaType::LongLong:
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::ULongLong:
            sqlite3_bind_int64(statement, i, value.toLongLong());
            break;
        default: {
            const QByteArray text = value.toString().toUtf8();
            sqlite3_bind_text(statement, i, text.constData(), int(text.size()), SQLITE_TRANSIENT);
        }
        }
        ++i;
    }
}

QString sqliteError(sqlite3 *db)
{
    return QString::fromUtf8(sqlite3_errmsg(db));
}

struct Request
{
    quint64 generation = 0;
    QString path;
    LeadFilter filter;
    bool refresh = false;
};

struct Result
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

// One value of \a type read from column \a i of \a statement into \a keys.
void addKey(SortKeys &keys, LeadColumn::Type type, sqlite3_stmt *statement, int i, qint64 id,
            QByteArray &scratch)
{
    switch (type) {
    case LeadColumn::Type::Integer:
    case LeadColumn::Type::TimestampMs:
        keys.ints.push_back({sqlite3_column_type(statement, i) == SQLITE_NULL
                                 ? 0
                                 : sqlite3_column_int64(statement, i),
                             id, sqlite3_column_type(statement, i) != SQLITE_NULL});
        return;
    case LeadColumn::Type::Text: {
        const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(statement, i));
        keys.addText(id, text, text ? size_t(sqlite3_column_bytes(statement, i)) : 0);
        return;
    }
    case LeadColumn::Type::ExperienceJson:
    case LeadColumn::Type::EducationJson:
    case LeadColumn::Type::StringListJson: {
        // Sorted by the text the table shows.
        const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(statement, i));
        const QByteArrayView json(text, text ? sqlite3_column_bytes(statement, i) : 0);
        scratch.clear();
        if (type == LeadColumn::Type::ExperienceJson)
            LeadFlattener::appendExperience(json, scratch);
        else if (type == LeadColumn::Type::EducationJson)
            LeadFlattener::appendEducation(json, scratch);
        else
            LeadFlattener::appendStringList(json, scratch);
        keys.addText(id, scratch.constData(), size_t(scratch.size()));
        return;
    }
    }
}

} // namespace

// Runs the id queries on its own thread and connection. Only the newest request runs: a request
// that arrives while one runs interrupts it (sqlite3_interrupt is safe from any thread).
//
// Between requests it keeps, for the data it last read (PRAGMA data_version): the id list in
// the default order, the list sorted by the last sort column (ascending; descending is its
// reverse), and a small in-memory FTS5 index over the first leads by id. A filter with a sort
// is then its match set tested against the cached sorted list (one pass, no sort); clearing the
// search is a copy; and a search answers its first rows from the small index before the full
// FTS5 query over every lead finishes.
class LeadQueryThread final : public QThread
{
public:
    explicit LeadQueryThread(LeadTableModel *model)
        : m_model(model)
    { }

    void post(Request request)
    {
        QMutexLocker locker(&m_mutex);
        m_pending = std::move(request);
        m_hasPending = true;
        if (m_running)
            sqlite3_interrupt(m_running);
        if (m_runningSecond)
            sqlite3_interrupt(m_runningSecond);
        m_wake.wakeAll();
    }

    void stop()
    {
        {
            QMutexLocker locker(&m_mutex);
            m_quit = true;
            m_hasPending = true;
            if (m_running)
                sqlite3_interrupt(m_running);
            if (m_runningSecond)
                sqlite3_interrupt(m_runningSecond);
            m_wake.wakeAll();
        }
        wait();
    }

    void dropCaches() { m_dropCaches = true; }

    /// Waits up to \a deadline for a result of \a generation (or a newer one) and takes it.
    std::optional<Result> takeResult(quint64 generation, QDeadlineTimer deadline)
    {
        QMutexLocker locker(&m_mutex);
        for (;;) {
            while (!m_results.empty() && m_results.front().generation < generation)
                m_results.pop_front();
            if (!m_results.empty())
                break;
            if (!m_resultReady.wait(&m_mutex, deadline))
                return std::nullopt;
        }
        std::optional<Result> result = std::move(m_results.front());
        m_results.pop_front();
        return result;
    }

protected:
    void run() override
    {
        QString connection;
        QString openPath;
        for (;;) {
            Request request;
            {
                QMutexLocker locker(&m_mutex);
                while (!m_pending && !m_quit)
                    m_wake.wait(&m_mutex);
                if (m_quit)
                    break;
                request = std::move(*m_pending);
                m_pending.reset();
                m_hasPending = false;
            }
            Result result;
            result.generation = request.generation;
            result.refresh = request.refresh;
            if (openPath != request.path || connection.isEmpty()) {
                if (!connection.isEmpty())
                    Database::close(connection);
                connection = uniqueConnectionName("worker");
                openPath = request.path;
                closeSecondConnection();
                m_openPath = openPath;
                clearCaches();
                QString error;
                Database::open(openPath, connection, Database::Access::ReadOnly, &error);
                if (!error.isEmpty()) {
                    result.error = error;
                    Database::close(connection);
                    connection.clear();
                }
            }
            sqlite3 *db = nullptr;
            if (!connection.isEmpty()) {
                db = sqliteHandle(QSqlDatabase::database(connection, false));
                {
                    QMutexLocker locker(&m_mutex);
                    m_running = db;
                }
                const bool interrupted = !execute(db, request, &result);
                {
                    QMutexLocker locker(&m_mutex);
                    m_running = nullptr;
                    // Interrupted for a newer request or for quitting: nobody wants this one.
                    if (interrupted && (m_pending || m_quit))
                        continue;
                }
            }
            deliver(std::move(result));
            // Idle: prepare the small search index for the next keystrokes.
            if (db && !m_hasPending)
                buildPrefixIndex(db);
        }
        if (m_memory)
            sqlite3_close(m_memory);
        m_memory = nullptr;
        closeSecondConnection();
        if (!connection.isEmpty())
            Database::close(connection);
    }

private:
    // Leads in the small in-memory search index (the first ones by id). Enough for a
    // screenful of matches for all but rare words; built off the keystroke path. Tests make it
    // smaller than their fixture with LEADVIEWER_TABLE_FIRST_LEADS.
    static int prefixIndexLeads()
    {
        bool ok = false;
        const int n = qEnvironmentVariableIntValue("LEADVIEWER_TABLE_FIRST_LEADS", &ok);
        return ok && n > 0 ? n : 20000;
    }
    // Below this many matches a sort reads the matches' keys one by one; above, the order of
    // every lead is computed (and kept) and the matches are picked from it.
    static constexpr size_t PointLookupLimit = 40000;

    void deliver(Result result)
    {
        {
            QMutexLocker locker(&m_mutex);
            // In order: the first rows of a search, then its complete list.
            while (!m_results.empty() && m_results.front().generation < result.generation)
                m_results.pop_front();
            m_results.push_back(std::move(result));
            m_resultReady.wakeAll();
        }
        QMetaObject::invokeMethod(m_model, &LeadTableModel::applyPendingResult,
                                  Qt::QueuedConnection);
    }

    void clearCaches()
    {
        m_allIds.clear();
        m_haveAllIds = false;
        m_sortedColumn.reset();
        m_sortedAsc.clear();
        m_prefixVersion = -1;
    }

    static qint64 dataVersion(sqlite3 *db)
    {
        sqlite3_stmt *statement = nullptr;
        qint64 version = -1;
        if (sqlite3_prepare_v2(db, "PRAGMA data_version", -1, &statement, nullptr) == SQLITE_OK
            && sqlite3_step(statement) == SQLITE_ROW)
            version = sqlite3_column_int64(statement, 0);
        sqlite3_finalize(statement);
        return version;
    }

    enum class Status { Ok, Failed, Interrupted };

    // Runs \a query and appends its first column (ids) to \a ids.
    static Status readIds(sqlite3 *db, const LeadQuery &query, std::vector<qint64> *ids,
                          QString *error, qint64 *scalar = nullptr)
    {
        sqlite3_stmt *statement = nullptr;
        const QByteArray sql = query.sql.toUtf8();
        if (sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &statement, nullptr)
            != SQLITE_OK) {
            *error = sqliteError(db);
            return Status::Failed;
        }
        bindValues(statement, query.bindings);
        int rc;
        while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
            if (scalar) {
                *scalar = sqlite3_column_int64(statement, 0);
                rc = SQLITE_DONE;
                break;
            }
            ids->push_back(sqlite3_column_int64(statement, 0));
        }
        sqlite3_finalize(statement);
        if (rc == SQLITE_INTERRUPT)
            return Status::Interrupted;
        if (rc != SQLITE_DONE) {
            *error = sqliteError(db);
            return Status::Failed;
        }
        return Status::Ok;
    }

    // The sort keys of \a column for every lead, or for \a subset only.
    Status readKeys(sqlite3 *db, LeadColumn::Id column, const std::vector<qint64> *subset,
                    SortKeys *keys, QString *error)
    {
        const LeadColumn::Type type = LeadColumn::type(column);
        keys->text = LeadColumn::isText(column);
        QByteArray scratch;
        std::vector<qint64> campaignRank; // campaigns.id -> dense rank of its value
        QByteArray sql;
        if (LeadColumn::needsCampaigns(column)) {
            // The campaign's value ranked once per campaign; the leads sort by that rank.
            SortKeys campaigns;
            campaigns.text = keys->text;
            const QByteArray campaignSql = "SELECT c.id, "
                + LeadColumn::sqlExpression(column).toUtf8() + " FROM campaigns c";
            sqlite3_stmt *statement = nullptr;
            if (sqlite3_prepare_v2(db, campaignSql.constData(), -1, &statement, nullptr)
                != SQLITE_OK) {
                *error = sqliteError(db);
                return Status::Failed;
            }
            qint64 maxId = 0;
            while (sqlite3_step(statement) == SQLITE_ROW) {
                const qint64 id = sqlite3_column_int64(statement, 0);
                maxId = std::max(maxId, id);
                addKey(campaigns, type, statement, 1, id, scratch);
            }
            sqlite3_finalize(statement);
            // Equal values share a rank, so their leads fall back to the id order.
            campaignRank.assign(size_t(maxId + 1), 0);
            if (campaigns.text) {
                const std::vector<quint32> rank = textRanks(campaigns);
                for (size_t i = 0; i < campaigns.rowIds.size(); ++i)
                    campaignRank[size_t(campaigns.rowIds[i])] = rank[campaigns.rowValues[i]];
            } else {
                sortInts(campaigns.ints);
                qint64 rank = 0;
                for (size_t i = 0; i < campaigns.ints.size(); ++i) {
                    const IntKey &key = campaigns.ints[i];
                    if (i > 0
                        && (key.notNull != campaigns.ints[i - 1].notNull
                            || key.value != campaigns.ints[i - 1].value))
                        ++rank;
                    campaignRank[size_t(key.id)] = rank;
                }
            }
            keys->text = false;
            sql = "SELECT l.id, l.campaign FROM leads l";
        } else {
            sql = "SELECT l.id, " + LeadColumn::sqlExpression(column).toUtf8() + " FROM leads l";
        }
        if (!subset && campaignRank.empty()) {
            // Every lead: two halves of the rowid range read at once, one per core.
            if (sqlite3 *second = secondConnection()) {
                qint64 maxId = 0;
                std::vector<qint64> none;
                if (readIds(db, {u"SELECT max(id) FROM leads"_s, {}}, &none, error, &maxId)
                        == Status::Ok
                    && maxId > 1) {
                    const qint64 split = maxId / 2;
                    SortKeys upper;
                    upper.text = keys->text;
                    QString upperError;
                    Status upperStatus = Status::Ok;
                    {
                        QMutexLocker locker(&m_mutex);
                        m_runningSecond = second;
                        if (m_hasPending)
                            sqlite3_interrupt(second);
                    }
                    std::thread other([&] {
                        upperStatus
                            = scanRange(second, column, split, std::numeric_limits<qint64>::max(),
                                        &upper, &upperError);
                    });
                    const Status lowerStatus = scanRange(
                        db, column, std::numeric_limits<qint64>::min(), split, keys, error);
                    other.join();
                    {
                        QMutexLocker locker(&m_mutex);
                        m_runningSecond = nullptr;
                    }
                    if (lowerStatus != Status::Ok)
                        return lowerStatus;
                    if (upperStatus != Status::Ok) {
                        *error = upperError;
                        return upperStatus;
                    }
                    keys->append(std::move(upper));
                    return Status::Ok;
                }
            }
            return scanRange(db, column, std::numeric_limits<qint64>::min(),
                             std::numeric_limits<qint64>::max(), keys, error);
        }
        const bool pointLookups = subset != nullptr;
        if (pointLookups)
            sql += " WHERE l.id = ?";
        sqlite3_stmt *statement = nullptr;
        if (sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &statement, nullptr)
            != SQLITE_OK) {
            *error = sqliteError(db);
            return Status::Failed;
        }
        const auto take = [&](sqlite3_stmt *s) {
            const qint64 id = sqlite3_column_int64(s, 0);
            if (!campaignRank.empty()) {
                const qint64 campaign = sqlite3_column_int64(s, 1);
                keys->ints.push_back({campaign >= 0 && size_t(campaign) < campaignRank.size()
                                          ? campaignRank[size_t(campaign)]
                                          : 0,
                                      id, true});
            } else {
                addKey(*keys, type, s, 1, id, scratch);
            }
        };
        int rc = SQLITE_DONE;
        if (pointLookups) {
            for (qint64 id : *subset) {
                sqlite3_bind_int64(statement, 1, id);
                while ((rc = sqlite3_step(statement)) == SQLITE_ROW)
                    take(statement);
                sqlite3_reset(statement);
                if (rc != SQLITE_DONE)
                    break;
            }
        } else {
            while ((rc = sqlite3_step(statement)) == SQLITE_ROW)
                take(statement);
        }
        sqlite3_finalize(statement);
        if (rc == SQLITE_INTERRUPT)
            return Status::Interrupted;
        if (rc != SQLITE_DONE) {
            *error = sqliteError(db);
            return Status::Failed;
        }
        return Status::Ok;
    }

    // The keys of a lead column for the leads with lower < id <= upper, read in rowid order.
    static Status scanRange(sqlite3 *db, LeadColumn::Id column, qint64 lower, qint64 upper,
                            SortKeys *keys, QString *error)
    {
        const QByteArray sql = "SELECT l.id, " + LeadColumn::sqlExpression(column).toUtf8()
            + " FROM leads l WHERE l.id > ?1 AND l.id <= ?2";
        sqlite3_stmt *statement = nullptr;
        if (sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &statement, nullptr)
            != SQLITE_OK) {
            *error = sqliteError(db);
            return Status::Failed;
        }
        sqlite3_bind_int64(statement, 1, lower);
        sqlite3_bind_int64(statement, 2, upper);
        const LeadColumn::Type type = LeadColumn::type(column);
        QByteArray scratch;
        int rc;
        while ((rc = sqlite3_step(statement)) == SQLITE_ROW)
            addKey(*keys, type, statement, 1, sqlite3_column_int64(statement, 0), scratch);
        sqlite3_finalize(statement);
        if (rc == SQLITE_INTERRUPT)
            return Status::Interrupted;
        if (rc != SQLITE_DONE) {
            *error = sqliteError(db);
            return Status::Failed;
        }
        return Status::Ok;
    }

    // A second read-only connection, for reading a column on the other core. Opened once per
    // database; nullptr when it cannot be opened (one connection does all then). The two
    // connections may see different snapshots when a write lands between their first reads:
    // each lead still appears once (disjoint rowid ranges), and the write changes
    // PRAGMA data_version, so the next query (the refresh that follows new data) starts over.
    sqlite3 *secondConnection()
    {
        if (!m_second && !m_openPath.isEmpty() && !m_secondFailed) {
            const QByteArray path = m_openPath.toUtf8();
            if (sqlite3_open_v2(path.constData(), &m_second, SQLITE_OPEN_READONLY, nullptr)
                    != SQLITE_OK
                || sqlite3_exec(m_second, "PRAGMA busy_timeout = 5000", nullptr, nullptr, nullptr)
                    != SQLITE_OK) {
                sqlite3_close(m_second);
                m_second = nullptr;
                m_secondFailed = true;
            }
        }
        return m_second;
    }

    void closeSecondConnection()
    {
        if (m_second)
            sqlite3_close(m_second);
        m_second = nullptr;
        m_secondFailed = false;
    }

    // The small FTS5 index over the first prefixIndexLeads() leads, same columns and tokenizer
    // as leads_fts: a search's matches among those leads are exactly the first rows of its
    // full result. Built once per version of the data, right after a result is delivered (a
    // request arriving meanwhile waits for it, once).
    void buildPrefixIndex(sqlite3 *db)
    {
        const qint64 version = dataVersion(db);
        if (version == m_prefixVersion)
            return;
        m_prefixVersion = -1;
        if (!m_memory) {
            if (sqlite3_open_v2(":memory:", &m_memory, SQLITE_OPEN_READWRITE, nullptr)
                != SQLITE_OK) {
                sqlite3_close(m_memory);
                m_memory = nullptr;
                return;
            }
        }
        sqlite3_exec(m_memory,
                     "DROP TABLE IF EXISTS first_leads;"
                     " CREATE VIRTUAL TABLE first_leads USING fts5(full_name, headline, company,"
                     " job_position, location, email, tokenize='unicode61 remove_diacritics 2');"
                     " BEGIN",
                     nullptr, nullptr, nullptr);
        sqlite3_stmt *read = nullptr, *write = nullptr;
        const int limit = prefixIndexLeads();
        const QByteArray readSql = "SELECT id, full_name, headline, company, job_position,"
                                   " location, email FROM leads ORDER BY id LIMIT "
            + QByteArray::number(limit);
        bool ok = sqlite3_prepare_v2(db, readSql.constData(), -1, &read, nullptr) == SQLITE_OK
            && sqlite3_prepare_v2(m_memory,
                                  "INSERT INTO first_leads(rowid, full_name, headline, company,"
                                  " job_position, location, email) VALUES (?,?,?,?,?,?,?)",
                                  -1, &write, nullptr)
                == SQLITE_OK;
        int rows = 0;
        qint64 lastId = 0;
        int rc = SQLITE_DONE;
        while (ok && (rc = sqlite3_step(read)) == SQLITE_ROW) {
            lastId = sqlite3_column_int64(read, 0);
            sqlite3_bind_int64(write, 1, lastId);
            for (int i = 1; i <= 6; ++i)
                sqlite3_bind_value(write, i + 1, sqlite3_column_value(read, i));
            ok = sqlite3_step(write) == SQLITE_DONE;
            sqlite3_reset(write);
            ++rows;
        }
        ok = ok && rc == SQLITE_DONE;
        sqlite3_finalize(read);
        sqlite3_finalize(write);
        sqlite3_exec(m_memory, ok ? "COMMIT" : "ROLLBACK", nullptr, nullptr, nullptr);
        if (ok) {
            m_prefixVersion = version;
            m_prefixLastId = lastId;
            m_prefixComplete = rows < limit;
        }
    }

    // The ids of \a match among the first leads, or nullopt when the small index is not
    // current.
    std::optional<std::vector<qint64>> prefixMatches(qint64 version, const QString &match)
    {
        if (!m_memory || m_prefixVersion < 0 || m_prefixVersion != version)
            return std::nullopt;
        sqlite3_stmt *statement = nullptr;
        if (sqlite3_prepare_v2(m_memory,
                               "SELECT rowid FROM first_leads WHERE first_leads MATCH ?"
                               " ORDER BY rowid",
                               -1, &statement, nullptr)
            != SQLITE_OK)
            return std::nullopt;
        const QByteArray text = match.toUtf8();
        sqlite3_bind_text(statement, 1, text.constData(), int(text.size()), SQLITE_TRANSIENT);
        std::vector<qint64> ids;
        int rc;
        while ((rc = sqlite3_step(statement)) == SQLITE_ROW)
            ids.push_back(sqlite3_column_int64(statement, 0));
        sqlite3_finalize(statement);
        if (rc != SQLITE_DONE)
            return std::nullopt;
        return ids;
    }

    // The ascending order of \a column over every lead, cached.
    Status sortedAll(sqlite3 *db, LeadColumn::Id column, QString *error)
    {
        if (m_sortedColumn == column)
            return Status::Ok;
        m_sortedColumn.reset();
        m_sortedAsc.clear();
        SortKeys keys;
        const Status status = readKeys(db, column, nullptr, &keys, error);
        if (status != Status::Ok)
            return status;
        if (m_hasPending)
            return Status::Interrupted;
        m_sortedAsc = sortedIds(keys);
        m_sortedColumn = column;
        return Status::Ok;
    }

    // False when interrupted.
    bool execute(sqlite3 *db, const Request &request, Result *result)
    {
        if (!db) {
            result->error = u"The database driver gives no SQLite handle."_s;
            return true;
        }
        const LeadFilter &filter = request.filter;
        const qint64 version = dataVersion(db);
        if (version != m_dataVersion || request.refresh || m_dropCaches.exchange(false)) {
            const qint64 prefixVersion = m_prefixVersion;
            clearCaches();
            if (version == m_dataVersion && !request.refresh)
                m_prefixVersion = prefixVersion; // dropCaches: the small index is no order
            m_dataVersion = version;
        }
        QString error;
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
        Status status = readIds(db, filter.buildTotalQuery(), nullptr, &error, &result->total);
        if (status != Status::Ok)
            return finish(status);

        const bool plain = filter.campaignRowIds.isEmpty() && filter.campaignIds.isEmpty()
            && !filter.hasEmail && !filter.hasPhone;
        const QString match = LeadFilter::ftsMatchExpression(filter.searchText);
        const bool everyLead = plain && match.isEmpty() && !filter.useSelection;

        if (filter.useSelection) {
            // An explicit selection keeps its order and duplicates: SQL as LeadFilter says.
            return finish(readIds(db, filter.buildIdQuery(), &result->ids, &error));
        }
        if (!filter.sortColumn) {
            if (everyLead) {
                if (!m_haveAllIds) {
                    m_allIds.reserve(size_t(std::max<qint64>(result->total, 0)));
                    status = readIds(db, filter.buildIdQuery(), &m_allIds, &error);
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
                if (std::optional<std::vector<qint64>> first = prefixMatches(version, match)) {
                    if (m_prefixComplete) {
                        result->ids = std::move(*first);
                        return finish(Status::Ok);
                    }
                    if (!first->empty()) {
                        Result partial;
                        partial.generation = result->generation;
                        partial.total = result->total;
                        partial.partial = true;
                        partial.ids = std::move(*first);
                        deliver(std::move(partial));
                    }
                }
            }
            return finish(readIds(db, filter.buildIdQuery(), &result->ids, &error));
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
            status = sortedAll(db, column, &error);
            if (status == Status::Ok)
                inOrder(m_sortedAsc, nullptr);
            return finish(status);
        }
        // The matches in id order, then in the sort's order.
        LeadFilter unsorted = filter;
        unsorted.sortColumn.reset();
        std::vector<qint64> matches;
        status = readIds(db, unsorted.buildIdQuery(), &matches, &error);
        if (status != Status::Ok)
            return finish(status);
        if (m_sortedColumn != column && matches.size() <= PointLookupLimit) {
            SortKeys keys;
            status = readKeys(db, column, &matches, &keys, &error);
            if (status == Status::Ok) {
                const std::vector<qint64> ascending = sortedIds(keys);
                inOrder(ascending, nullptr);
            }
            return finish(status);
        }
        status = sortedAll(db, column, &error);
        if (status == Status::Ok) {
            const IdSet members(matches);
            inOrder(m_sortedAsc, &members);
        }
        return finish(status);
    }

    LeadTableModel *m_model;
    QMutex m_mutex;
    QWaitCondition m_wake;
    QWaitCondition m_resultReady;
    std::optional<Request> m_pending;
    std::deque<Result> m_results;
    sqlite3 *m_running = nullptr;
    sqlite3 *m_runningSecond = nullptr;
    bool m_quit = false;
    std::atomic<bool> m_hasPending {false};
    std::atomic<bool> m_dropCaches {false};

    // Worker-thread state.
    qint64 m_dataVersion = -1;
    std::vector<qint64> m_allIds;
    bool m_haveAllIds = false;
    std::optional<LeadColumn::Id> m_sortedColumn;
    std::vector<qint64> m_sortedAsc;
    sqlite3 *m_memory = nullptr;
    sqlite3 *m_second = nullptr;
    bool m_secondFailed = false;
    QString m_openPath;
    qint64 m_prefixVersion = -1;
    qint64 m_prefixLastId = 0;
    bool m_prefixComplete = false;
};

struct LeadTableModel::Private
{
    struct Row
    {
        qint64 id = 0;
        QVariant raw[LeadColumn::Count];
        QString display[LeadColumn::Count];
    };
    struct Page
    {
        std::vector<Row> rows;
        quint64 lastUse = 0;
    };

    LeadTableModel *q;
    QString path;
    LeadFilter filter;
    std::vector<qint64> ids;
    qint64 total = 0;
    quint64 generation = 0;
    quint64 partialGeneration = 0; ///< the generation whose first rows are shown, or 0
    bool loading = false;
    LeadQueryThread *thread = nullptr;

    QString guiConnection;
    sqlite3 *guiDb = nullptr;
    sqlite3_stmt *pageStatement = nullptr;
    mutable QHash<int, Page> pages;
    mutable quint64 useCounter = 0;
    QLocale locale;

    explicit Private(LeadTableModel *model)
        : q(model)
    { }

    void closeGuiConnection()
    {
        pages.clear();
        if (pageStatement)
            sqlite3_finalize(pageStatement);
        pageStatement = nullptr;
        guiDb = nullptr;
        if (!guiConnection.isEmpty())
            Database::close(guiConnection);
        guiConnection.clear();
    }

    void startQuery(bool refresh)
    {
        if (path.isEmpty())
            return;
        if (!thread) {
            thread = new LeadQueryThread(q);
            thread->start();
        }
        ++generation;
        thread->post({generation, path, filter, refresh});
        if (!loading) {
            loading = true;
            Q_EMIT q->loadingChanged(true);
        }
    }

    void apply(Result result);
    const Row *row(int rowNumber) const;
    void fetchPage(int page, Page *out) const;
    void fillRow(sqlite3_stmt *statement, Row *row) const;
};

void LeadTableModel::Private::apply(Result result)
{
    if (result.generation != generation)
        return; // stale: a newer query is on its way
    // The rest of a list whose first rows are shown: same generation, same rows up front.
    const bool completing = partialGeneration == result.generation;
    partialGeneration = result.partial ? result.generation : 0;
    if (!result.partial)
        loading = false;
    if (!result.error.isEmpty()) {
        Q_EMIT q->loadingChanged(false);
        Q_EMIT q->queryFailed(result.error);
        return;
    }
    total = result.total;

    // Rows cached before this result may hold values that changed (an upsert of a lead).
    int cachedFirst = -1, cachedLast = -1;
    for (auto it = pages.cbegin(); it != pages.cend(); ++it) {
        const int first = it.key() * PageSize;
        const int last = first + int(it->rows.size()) - 1;
        cachedFirst = cachedFirst < 0 ? first : std::min(cachedFirst, first);
        cachedLast = std::max(cachedLast, last);
    }
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
    Q_EMIT q->loadingChanged(false);
    Q_EMIT q->loaded(qint64(ids.size()), total);
}

const LeadTableModel::Private::Row *LeadTableModel::Private::row(int rowNumber) const
{
    if (rowNumber < 0 || size_t(rowNumber) >= ids.size())
        return nullptr;
    const int pageNumber = rowNumber / PageSize;
    auto it = pages.find(pageNumber);
    if (it == pages.end()) {
        if (pages.size() >= MaxPages) {
            auto oldest = pages.begin();
            for (auto p = pages.begin(); p != pages.end(); ++p) {
                if (p->lastUse < oldest->lastUse)
                    oldest = p;
            }
            pages.erase(oldest);
        }
        it = pages.insert(pageNumber, Page());
        fetchPage(pageNumber, &*it);
    }
    it->lastUse = ++useCounter;
    const size_t offset = size_t(rowNumber - pageNumber * PageSize);
    return offset < it->rows.size() ? &it->rows[offset] : nullptr;
}

void LeadTableModel::Private::fetchPage(int pageNumber, Page *page) const
{
    const size_t first = size_t(pageNumber) * PageSize;
    const size_t count = std::min<size_t>(PageSize, ids.size() - first);
    page->rows.resize(count);
    for (size_t i = 0; i < count; ++i)
        page->rows[i].id = ids[first + i];
    if (!pageStatement)
        return;
    // One statement with PageSize placeholders, prepared once; a short last page leaves the
    // rest NULL, which matches nothing.
    sqlite3_reset(pageStatement);
    sqlite3_clear_bindings(pageStatement);
    for (size_t i = 0; i < count; ++i)
        sqlite3_bind_int64(pageStatement, int(i) + 1, ids[first + i]);
    QHash<qint64, qsizetype> slot; // id -> first row in the page (a selection may repeat ids)
    slot.reserve(qsizetype(count));
    for (size_t i = 0; i < count; ++i)
        slot.insert(ids[first + i], qsizetype(i));
    while (sqlite3_step(pageStatement) == SQLITE_ROW) {
        const qint64 id = sqlite3_column_int64(pageStatement, 0);
        const auto it = slot.constFind(id);
        if (it == slot.cend())
            continue;
        Row &row = page->rows[size_t(*it)];
        fillRow(pageStatement, &row);
        for (size_t i = size_t(*it) + 1; i < count; ++i) {
            if (page->rows[i].id == id)
                page->rows[i] = row;
        }
    }
    sqlite3_reset(pageStatement);
}

void LeadTableModel::Private::fillRow(sqlite3_stmt *statement, Row *row) const
{
    for (int c = 0; c < LeadColumn::Count; ++c) {
        const auto column = static_cast<LeadColumn::Id>(c);
        const int i = c + 1;
        const bool isNull = sqlite3_column_type(statement, i) == SQLITE_NULL;
        switch (LeadColumn::type(column)) {
        case LeadColumn::Type::Integer:
        case LeadColumn::Type::TimestampMs: {
            if (isNull) {
                row->raw[c] = QVariant();
                row->display[c].clear();
                break;
            }
            const qint64 value = sqlite3_column_int64(statement, i);
            row->raw[c] = value;
            row->display[c] = LeadColumn::type(column) == LeadColumn::Type::Integer
                ? locale.toString(value)
                : QDateTime::fromMSecsSinceEpoch(value, Qt::LocalTime)
                      .toString(u"yyyy-MM-dd HH:mm"_s);
            break;
        }
        case LeadColumn::Type::Text: {
            const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(statement, i));
            const QString value
                = QString::fromUtf8(text, text ? sqlite3_column_bytes(statement, i) : 0);
            row->raw[c] = value;
            row->display[c] = value;
            break;
        }
        case LeadColumn::Type::ExperienceJson:
        case LeadColumn::Type::EducationJson:
        case LeadColumn::Type::StringListJson: {
            const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(statement, i));
            const QByteArrayView json(text, text ? sqlite3_column_bytes(statement, i) : 0);
            QByteArray flat;
            const LeadColumn::Type type = LeadColumn::type(column);
            if (type == LeadColumn::Type::ExperienceJson)
                LeadFlattener::appendExperience(json, flat);
            else if (type == LeadColumn::Type::EducationJson)
                LeadFlattener::appendEducation(json, flat);
            else
                LeadFlattener::appendStringList(json, flat);
            row->raw[c] = QString::fromUtf8(json);
            row->display[c] = QString::fromUtf8(flat);
            break;
        }
        }
    }
}

LeadTableModel::LeadTableModel(QObject *parent)
    : QAbstractTableModel(parent)
    , d(new Private(this))
{ }

LeadTableModel::~LeadTableModel()
{
    if (d->thread) {
        d->thread->stop();
        delete d->thread;
    }
    d->closeGuiConnection();
    delete d;
}

void LeadTableModel::setDatabasePath(const QString &path)
{
    if (path == d->path && !d->guiConnection.isEmpty())
        return;
    beginResetModel();
    d->closeGuiConnection();
    d->ids.clear();
    d->total = 0;
    d->path = path;
    endResetModel();
    if (path.isEmpty())
        return;
    QString error;
    d->guiConnection = uniqueConnectionName("gui");
    const QSqlDatabase db
        = Database::open(path, d->guiConnection, Database::Access::ReadOnly, &error);
    if (!db.isOpen()) {
        d->guiConnection.clear();
        Q_EMIT queryFailed(error);
        return;
    }
    d->guiDb = sqliteHandle(db);
    QStringList expressions {u"l.id"_s};
    for (LeadColumn::Id column : LeadColumn::all())
        expressions.append(LeadColumn::sqlExpression(column));
    const QByteArray sql
        = (u"SELECT "_s + expressions.join(u", "_s)
           + u" FROM leads l JOIN campaigns c ON c.id = l.campaign WHERE l.id IN ("_s
           + QStringList(PageSize, u"?"_s).join(u',') + u')')
              .toUtf8();
    if (!d->guiDb
        || sqlite3_prepare_v3(d->guiDb, sql.constData(), int(sql.size()), SQLITE_PREPARE_PERSISTENT,
                              &d->pageStatement, nullptr)
            != SQLITE_OK) {
        Q_EMIT queryFailed(d->guiDb ? sqliteError(d->guiDb) : u"No SQLite handle."_s);
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
    d->filter = filter;
    d->filter.sortColumn = sortColumn;
    d->filter.sortOrder = sortOrder;
    d->startQuery(false);
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
        std::optional<Result> result = d->thread->takeResult(d->generation, deadline);
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
    std::optional<Result> result = d->thread->takeResult(d->generation, QDeadlineTimer(timeoutMs));
    if (!result)
        return false;
    d->apply(std::move(*result));
    return !d->loading || d->partialGeneration == d->generation;
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
        std::optional<Result> result = d->thread->takeResult(0, QDeadlineTimer(0));
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
        const Private::Row *row = d->row(index.row());
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
