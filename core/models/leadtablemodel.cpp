// SPDX-License-Identifier: MIT
#include "models/leadtablemodel.h"

#include "common/logging.h"
#include "models/modelroles.h"
#include "query/leadflattener.h"
#include "store/database.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QHash>
#include <QLocale>
#include <QMutex>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QThread>
#include <QWaitCondition>

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;

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
    QString error;
};

// M in "N of M": leads of the selected campaigns, from the counts the store keeps per campaign,
// so it costs nothing at any size.
LeadQuery totalQuery(const LeadFilter &filter)
{
    LeadQuery query;
    query.sql = u"SELECT coalesce(sum(c.lead_count), 0) FROM campaigns c"_s;
    QStringList any;
    if (!filter.campaignRowIds.isEmpty()) {
        any.append(u"c.id IN ("_s + QStringList(filter.campaignRowIds.size(), u"?"_s).join(u',')
                   + u')');
        for (qint64 id : filter.campaignRowIds)
            query.bindings.append(id);
    }
    if (!filter.campaignIds.isEmpty()) {
        any.append(u"c.campaign_id IN ("_s
                   + QStringList(filter.campaignIds.size(), u"?"_s).join(u',') + u')');
        for (const QString &id : filter.campaignIds)
            query.bindings.append(id);
    }
    if (!any.isEmpty())
        query.sql += u" WHERE "_s + any.join(u" OR "_s);
    return query;
}

// The ordered id list of \a filter, as cheap as the schema allows. LeadFilter's query joins
// campaigns for every lead; the join never drops a row (leads.campaign is NOT NULL, a foreign
// key enforced on every connection, ON DELETE CASCADE), so it is left out when nothing reads
// c.*. That saves a campaign lookup per lead and lets a sort be one scan of its covering index
// (schema v2). A search with nothing else reads the FTS index alone: FTS5 returns rowids in
// ascending order, the default order, and leads_fts is kept in step with leads by the store
// (per event) and by the delete trigger.
LeadQuery idQuery(const LeadFilter &filter)
{
    const bool plain = !filter.useSelection && filter.campaignRowIds.isEmpty()
        && filter.campaignIds.isEmpty() && !filter.hasEmail && !filter.hasPhone;
    if (plain && !filter.sortColumn) {
        const QString match = LeadFilter::ftsMatchExpression(filter.searchText);
        if (match.isEmpty())
            return {u"SELECT id FROM leads ORDER BY id"_s, {}};
        return {u"SELECT rowid FROM leads_fts WHERE leads_fts MATCH ? ORDER BY rowid"_s, {match}};
    }
    LeadQuery query = filter.buildQuery({u"l.id"_s}, true);
    static const QString Join = u" JOIN campaigns c ON c.id = l.campaign"_s;
    static const QRegularExpression CampaignColumn(u"\\bc\\."_s);
    const qsizetype at = query.sql.indexOf(Join);
    if (at >= 0) {
        QString withoutJoin = query.sql;
        withoutJoin.remove(at, Join.size());
        if (!withoutJoin.contains(CampaignColumn))
            query.sql = withoutJoin;
    }
    return query;
}

} // namespace

// Runs the id queries on its own thread and connection. Only the newest request runs: a request
// that arrives while one runs interrupts it (sqlite3_interrupt is safe from any thread).
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
        if (m_running)
            sqlite3_interrupt(m_running);
        m_wake.wakeAll();
    }

    void stop()
    {
        {
            QMutexLocker locker(&m_mutex);
            m_quit = true;
            if (m_running)
                sqlite3_interrupt(m_running);
            m_wake.wakeAll();
        }
        wait();
    }

    /// Waits up to \a deadline for the result of \a generation (or a newer one) and takes it.
    std::optional<Result> takeResult(quint64 generation, QDeadlineTimer deadline)
    {
        QMutexLocker locker(&m_mutex);
        while (!m_result || m_result->generation < generation) {
            if (!m_resultReady.wait(&m_mutex, deadline))
                return std::nullopt;
        }
        std::optional<Result> result = std::move(m_result);
        m_result.reset();
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
            }
            Result result;
            result.generation = request.generation;
            result.refresh = request.refresh;
            if (openPath != request.path || connection.isEmpty()) {
                if (!connection.isEmpty())
                    Database::close(connection);
                connection = uniqueConnectionName("worker");
                openPath = request.path;
                QString error;
                Database::open(openPath, connection, Database::Access::ReadOnly, &error);
                if (!error.isEmpty()) {
                    result.error = error;
                    Database::close(connection);
                    connection.clear();
                }
            }
            if (!connection.isEmpty()) {
                sqlite3 *db = sqliteHandle(QSqlDatabase::database(connection, false));
                {
                    QMutexLocker locker(&m_mutex);
                    m_running = db;
                }
                const bool interrupted = !execute(db, request.filter, &result);
                {
                    QMutexLocker locker(&m_mutex);
                    m_running = nullptr;
                    // Interrupted for a newer request or for quitting: nobody wants this one.
                    if (interrupted && (m_pending || m_quit))
                        continue;
                }
            }
            {
                QMutexLocker locker(&m_mutex);
                m_result = std::move(result);
                m_resultReady.wakeAll();
            }
            QMetaObject::invokeMethod(m_model, &LeadTableModel::applyPendingResult,
                                      Qt::QueuedConnection);
        }
        if (!connection.isEmpty())
            Database::close(connection);
    }

private:
    // False when interrupted.
    static bool execute(sqlite3 *db, const LeadFilter &filter, Result *result)
    {
        if (!db) {
            result->error = u"The database driver gives no SQLite handle."_s;
            return true;
        }
        // Counted first (cheap), then the ordered ids read with the raw API: QSqlQuery::next()
        // per row costs more than the query itself at a million rows.
        const LeadQuery total = totalQuery(filter);
        const LeadQuery ids = idQuery(filter);
        for (const LeadQuery *query : {&total, &ids}) {
            sqlite3_stmt *statement = nullptr;
            const QByteArray sql = query->sql.toUtf8();
            if (sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &statement, nullptr)
                != SQLITE_OK) {
                result->error = sqliteError(db);
                return true;
            }
            bindValues(statement, query->bindings);
            int rc;
            if (query == &total) {
                if ((rc = sqlite3_step(statement)) == SQLITE_ROW)
                    result->total = sqlite3_column_int64(statement, 0);
            } else {
                result->ids.reserve(size_t(std::max<qint64>(result->total, 0)));
                while ((rc = sqlite3_step(statement)) == SQLITE_ROW)
                    result->ids.push_back(sqlite3_column_int64(statement, 0));
            }
            sqlite3_finalize(statement);
            if (rc == SQLITE_INTERRUPT) {
                result->ids.clear();
                result->error = u"interrupted"_s;
                return false;
            }
            if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
                result->error = sqliteError(db);
                result->ids.clear();
                return true;
            }
        }
        result->ids.shrink_to_fit();
        return true;
    }

    LeadTableModel *m_model;
    QMutex m_mutex;
    QWaitCondition m_wake;
    QWaitCondition m_resultReady;
    std::optional<Request> m_pending;
    std::optional<Result> m_result;
    sqlite3 *m_running = nullptr;
    bool m_quit = false;
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
        // New leads in the default order: one batched insert, existing rows untouched.
        const int oldCount = int(ids.size());
        if (next.size() > ids.size()) {
            q->beginInsertRows({}, oldCount, int(next.size()) - 1);
            ids = std::move(result.ids);
            pages.clear();
            q->endInsertRows();
        }
        pages.clear();
        if (cachedFirst >= 0 && cachedFirst < oldCount) {
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
    std::optional<Result> result = d->thread->takeResult(d->generation, QDeadlineTimer(timeoutMs));
    if (!result)
        return false;
    d->apply(std::move(*result));
    return !d->loading;
}

void LeadTableModel::applyPendingResult()
{
    if (!d->loading || !d->thread)
        return;
    std::optional<Result> result = d->thread->takeResult(0, QDeadlineTimer(0));
    if (result)
        d->apply(std::move(*result));
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
