// SPDX-License-Identifier: MIT
#include "models/deliverymodel.h"

#include "models/modelroles.h"

#include "common/limits.h"
#include "common/logging.h"
#include "store/bodycodec.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <climits>

using namespace Qt::StringLiterals;

namespace {
// Rows per fetchMore(): a screenful or two; the view asks for more as it scrolls.
constexpr int PageSize = 200;

const QString ListColumns = u"id, received_at, peer, event_type, event_id, status, verdict,"
                            " body_size, lead_count, repeat_count, last_seen, forwarded_for,"
                            " verified"_s;

// Accepted or a duplicate without a signature check: no secret was set (DeliveryFilter).
bool takenUnverified(Verdict verdict, bool verified)
{
    return !verified && (verdict == Verdict::Accepted || verdict == Verdict::Duplicate);
}
} // namespace

struct DeliveryModel::Row
{
    qint64 id = 0;
    qint64 receivedAtMs = 0;
    QString peer;
    QString eventType;
    QString eventId;
    int status = 0;
    QString verdictName; // as stored: the column shows it, unknown names included
    qint64 size = 0;
    qint64 leads = 0;
    qint64 repeats = 1;
    qint64 lastSeenMs = 0;
    QString forwardedFor;
    bool verified = false;

    QVariant raw(int column) const
    {
        switch (column) {
        case ReceivedAt:
            return receivedAtMs;
        case Peer:
            return peer;
        case EventType:
            return eventType;
        case EventId:
            return eventId;
        case Status:
            return status;
        case Verdict:
            return verdictName;
        case Size:
            return size;
        case Leads:
            return leads;
        case Count:
            return repeats;
        case Client:
            return forwardedFor;
        default:
            return {};
        }
    }
};

QString DeliveryModel::unverifiedLabel(::Verdict verdict)
{
    return tr("%1, unverified").arg(verdictLabel(verdict));
}

DeliveryModel::DeliveryModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

DeliveryModel::~DeliveryModel() = default;

bool DeliveryModel::readRows(QSqlQuery &query, QList<Row> *rows)
{
    while (query.next()) {
        Row row;
        row.id = query.value(0).toLongLong();
        row.receivedAtMs = query.value(1).toLongLong();
        row.peer = query.value(2).toString();
        row.eventType = query.value(3).toString();
        row.eventId = query.value(4).toString();
        row.status = query.value(5).toInt();
        row.verdictName = query.value(6).toString();
        row.size = query.value(7).toLongLong();
        row.leads = query.value(8).toLongLong();
        row.repeats = query.value(9).toLongLong();
        row.lastSeenMs = query.value(10).toLongLong();
        row.forwardedFor = query.value(11).toString();
        row.verified = query.value(12).toInt() != 0;
        m_lastSeenMark = std::max(m_lastSeenMark, row.lastSeenMs);
        rows->append(row);
    }
    return !query.lastError().isValid(); // false: the read stopped half-way
}

void DeliveryModel::reportFailure(const QString &error) const
{
    qCWarning(lcModels).noquote() << "Deliveries query failed:" << error;
    // detail() is const for its callers; the signal changes nothing in the model.
    Q_EMIT const_cast<DeliveryModel *>(this)->queryFailed(
        tr("The deliveries could not be read: %1").arg(error));
}

void DeliveryModel::setDatabase(const QSqlDatabase &db)
{
    // The first page is loaded inside the reset, so a view shows something at once and sees
    // one reset rather than a reset and an insert.
    QList<Row> page;
    bool atEnd = true;
    QString error;
    m_lastSeenMark = 0;
    if (db.isOpen()) {
        if (selectRows(db, Page::First, 0, &page, &error))
            atEnd = page.size() < PageSize;
        else
            page.clear();
    }
    m_changing = true;
    beginResetModel();
    m_db = db;
    m_rows = page;
    m_atEnd = atEnd;
    endResetModel();
    m_changing = false;
    if (!error.isEmpty())
        reportFailure(error);
    if (m_db.isOpen() && error.isEmpty())
        updateCounts();
}

void DeliveryModel::setFilter(const DeliveryFilter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    setDatabase(m_db);
}

bool DeliveryModel::selectRows(const QSqlDatabase &db, Page page, qint64 boundId, QList<Row> *rows,
                               QString *error)
{
    QVariantList bindings;
    QString sql = u"SELECT "_s + ListColumns + u" FROM deliveries WHERE ("_s
        + m_filter.sqlCondition(&bindings) + u')';
    if (page == Page::Older) {
        sql += u" AND id < ?"_s;
        bindings << boundId;
    } else if (page == Page::Newer) {
        sql += u" AND id > ?"_s;
        bindings << boundId;
    }
    sql += u" ORDER BY id DESC"_s;
    if (page != Page::Newer) {
        sql += u" LIMIT ?"_s;
        bindings << PageSize;
    }
    QSqlQuery query(db);
    query.setForwardOnly(true);
    bool ok = query.prepare(sql);
    for (const QVariant &value : std::as_const(bindings))
        query.addBindValue(value);
    ok = ok && query.exec() && readRows(query, rows);
    if (!ok)
        *error = query.lastError().text();
    return ok;
}

bool DeliveryModel::updateCounts()
{
    // Index-only counts for the whole list; the filtered one reads the rows it matches.
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    QVariantList bindings;
    const QString condition = m_filter.sqlCondition(&bindings);
    bool ok = query.prepare(u"SELECT count(*), (SELECT count(*) FROM deliveries WHERE "_s
                            + condition + u") FROM deliveries"_s);
    for (const QVariant &value : std::as_const(bindings))
        query.addBindValue(value);
    if (!ok || !query.exec() || !query.next()) {
        reportFailure(query.lastError().text());
        return false;
    }
    const qint64 total = query.value(0).toLongLong();
    const qint64 matching = query.value(1).toLongLong();
    // Event types seen: only the rows that arrived since the last read (ids grow).
    QSqlQuery types(m_db);
    types.setForwardOnly(true);
    ok = types.prepare(u"SELECT DISTINCT event_type, (SELECT max(id) FROM deliveries)"
                       " FROM deliveries WHERE id > ? AND event_type <> ''"_s);
    types.addBindValue(m_eventTypesReadTo);
    if (!ok || !types.exec()) {
        reportFailure(types.lastError().text());
        return false;
    }
    bool typesChanged = false;
    while (types.next()) {
        const QString type = types.value(0).toString();
        m_eventTypesReadTo = std::max(m_eventTypesReadTo, types.value(1).toLongLong());
        const auto at = std::lower_bound(m_eventTypes.begin(), m_eventTypes.end(), type);
        if (at == m_eventTypes.end() || *at != type) {
            m_eventTypes.insert(at, type);
            typesChanged = true;
        }
    }
    if (total == m_totalCount && matching == m_matchingCount && !typesChanged)
        return true;
    m_totalCount = total;
    m_matchingCount = matching;
    Q_EMIT countsChanged();
    return true;
}

void DeliveryModel::refresh()
{
    if (!m_db.isOpen() || m_changing)
        return;
    if (!updateCounts())
        return; // reported; the rows shown are kept
    if (m_rows.isEmpty()) {
        m_atEnd = false;
        if (canFetchMore({}))
            fetchMore({});
        return;
    }
    // Ids grow with time (INTEGER PRIMARY KEY, inserted in arrival order): what arrived since is
    // what has a larger id than the newest row shown.
    QList<Row> fresh;
    QString error;
    // The bursts first: the rows read below are new, with their counts as of now.
    if (!refreshBursts())
        return;
    if (!selectRows(m_db, Page::Newer, m_rows.first().id, &fresh, &error)) {
        reportFailure(error);
        return;
    }
    if (fresh.isEmpty())
        return;
    m_changing = true;
    beginInsertRows({}, 0, int(fresh.size()) - 1);
    m_rows = fresh + m_rows;
    endInsertRows();
    m_changing = false;
}

bool DeliveryModel::refreshBursts()
{
    // A burst's row stays where it is and its count grows (store/rejectionlog.h): re-read the
    // rows whose last_seen moved on, through the partial index on last_seen.
    if (m_rows.isEmpty())
        return true;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    const bool prepared = query.prepare(u"SELECT id, repeat_count, last_seen FROM deliveries"
                                        " WHERE last_seen >= ? AND id <= ?"_s);
    query.addBindValue(m_lastSeenMark);
    query.addBindValue(m_rows.first().id);
    if (!prepared || !query.exec()) {
        reportFailure(query.lastError().text());
        return false;
    }
    while (query.next()) {
        const qint64 id = query.value(0).toLongLong();
        const qint64 repeats = query.value(1).toLongLong();
        const qint64 lastSeen = query.value(2).toLongLong();
        m_lastSeenMark = std::max(m_lastSeenMark, lastSeen);
        // m_rows is in descending id order.
        const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), id,
                                         [](const Row &row, qint64 key) { return row.id > key; });
        if (it == m_rows.end() || it->id != id
            || (it->repeats == repeats && it->lastSeenMs == lastSeen))
            continue;
        it->repeats = repeats;
        it->lastSeenMs = lastSeen;
        const int row = int(it - m_rows.begin());
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    return true;
}

qint64 DeliveryModel::deliveryId(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].id : 0;
}

DeliveryDetail DeliveryModel::detail(qint64 deliveryId) const
{
    if (!m_db.isOpen())
        return {};
    QString error;
    DeliveryDetail detail = readDeliveryDetail(m_db, deliveryId, &error);
    if (!error.isEmpty())
        reportFailure(error);
    return detail;
}

int DeliveryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DeliveryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeliveryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ReceivedAt:
            return QDateTime::fromMSecsSinceEpoch(row.receivedAtMs, Qt::LocalTime)
                .toString(u"yyyy-MM-dd HH:mm:ss"_s);
        case Size:
            return QLocale().formattedDataSize(row.size, 1, QLocale::DataSizeTraditionalFormat);
        case Status:
            return QString::number(row.status);
        case Leads:
            return row.leads ? QLocale().toString(row.leads) : QString();
        case Count:
            return row.repeats > 1 ? QLocale().toString(row.repeats) : QString();
        case EventType:
            return logSafe(row.eventType);
        case EventId:
            return logSafe(row.eventId);
        case Peer:
            return logSafe(row.peer);
        case Client:
            return logSafe(row.forwardedFor);
        case Verdict: {
            // Words ("Bad signature"); a name this build does not know, as stored.
            const ::Verdict verdict = verdictFromName(row.verdictName);
            if (verdict == ::Verdict::Unknown)
                return logSafe(row.verdictName);
            return takenUnverified(verdict, row.verified) ? unverifiedLabel(verdict)
                                                          : verdictLabel(verdict);
        }
        default:
            return row.raw(index.column());
        }
    case Qt::ToolTipRole:
        if (index.column() == Verdict) {
            const ::Verdict verdict = verdictFromName(row.verdictName);
            if (takenUnverified(verdict, row.verified))
                return tr("Taken without a signature check: no webhook secret is set in "
                          "Settings.");
            return logSafe(row.verdictName);
        }
        if (index.column() == Count && row.repeats > 1) {
            const auto time = [](qint64 ms) {
                return QDateTime::fromMSecsSinceEpoch(ms, Qt::LocalTime)
                    .toString(u"yyyy-MM-dd HH:mm:ss"_s);
            };
            // Only for two and more: the English form needs no singular.
            return tr("%Ln alike requests, the first at %1, the last at %2", nullptr,
                      int(std::min<qint64>(row.repeats, INT_MAX)))
                .arg(time(row.receivedAtMs), time(row.lastSeenMs));
        }
        return {};
    case ModelRoles::VerdictRole:
        return QVariant::fromValue(verdictFromName(row.verdictName));
    case ModelRoles::VerifiedRole:
        return row.verified;
    case Qt::TextAlignmentRole:
        if (index.column() == Size || index.column() == Leads || index.column() == Status
            || index.column() == Count)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case ModelRoles::RawValueRole:
        return row.raw(index.column());
    case ModelRoles::RowIdRole:
        return row.id;
    case ModelRoles::KeyRole:
        return row.eventId;
    default:
        return {};
    }
}

QVariant DeliveryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ReceivedAt:
        return tr("Received");
    case Peer:
        return tr("Peer");
    case EventType:
        return tr("Event type");
    case EventId:
        return tr("Event ID");
    case Status:
        return tr("Status");
    case Verdict:
        return tr("Verdict");
    case Size:
        return tr("Size");
    case Leads:
        return tr("Leads");
    case Count:
        return tr("Count");
    case Client:
        return tr("Client");
    default:
        return {};
    }
}

bool DeliveryModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_db.isOpen() && !m_atEnd && !m_changing;
}

void DeliveryModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    // Keyset paging (id below the oldest shown): each page costs the same however deep.
    QList<Row> page;
    QString error;
    const bool read = m_rows.isEmpty()
        ? selectRows(m_db, Page::First, 0, &page, &error)
        : selectRows(m_db, Page::Older, m_rows.last().id, &page, &error);
    if (!read) {
        m_atEnd = true; // no retry loop from the view; refresh() tries again
        reportFailure(error);
        return;
    }
    if (page.size() < PageSize)
        m_atEnd = true;
    if (page.isEmpty())
        return;
    m_changing = true;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + page.size()) - 1);
    m_rows += page;
    endInsertRows();
    m_changing = false;
}
