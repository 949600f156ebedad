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
                            " body_size, lead_count, repeat_count, last_seen, forwarded_for"_s;
} // namespace

QString DeliveryDetail::displayHeaders() const
{
    QStringList lines;
    for (const QString &line : headers.split(u'\n'))
        lines.append(logSafe(line, Limits::MaxHeaderBytes));
    return lines.join(u'\n');
}

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
        QSqlQuery query(db);
        query.setForwardOnly(true);
        const bool prepared = query.prepare(u"SELECT "_s + ListColumns
                                            + u" FROM deliveries ORDER BY id DESC LIMIT ?"_s);
        query.addBindValue(PageSize);
        if (prepared && query.exec() && readRows(query, &page)) {
            atEnd = page.size() < PageSize;
        } else {
            error = query.lastError().text();
            page.clear();
        }
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
}

void DeliveryModel::refresh()
{
    if (!m_db.isOpen() || m_changing)
        return;
    if (m_rows.isEmpty()) {
        m_atEnd = false;
        if (canFetchMore({}))
            fetchMore({});
        return;
    }
    // Ids grow with time (INTEGER PRIMARY KEY, inserted in arrival order): what arrived since is
    // what has a larger id than the newest row shown.
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    const bool prepared = query.prepare(u"SELECT "_s + ListColumns
                                        + u" FROM deliveries WHERE id > ? ORDER BY id DESC"_s);
    query.addBindValue(m_rows.first().id);
    QList<Row> fresh;
    // The bursts first: the rows read below are new, with their counts as of now.
    if (!refreshBursts())
        return;
    if (!prepared || !query.exec() || !readRows(query, &fresh)) {
        reportFailure(query.lastError().text());
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
    DeliveryDetail detail;
    if (!m_db.isOpen())
        return detail;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    const bool prepared
        = query.prepare(u"SELECT d.id, d.received_at, d.peer, d.method, d.path, d.headers, d.body,"
                        " d.body_size, d.status, d.verdict, d.verified, d.event_id, d.event_type,"
                        " d.lead_count, d.detail, e.activity, d.body_codec, e.projection,"
                        " e.projection_error, d.repeat_count, d.last_seen, d.forwarded_for"
                        " FROM deliveries d"
                        " LEFT JOIN events e ON e.event_id = d.event_id AND e.delivery_id = d.id"
                        " WHERE d.id = ?"_s);
    query.addBindValue(deliveryId);
    if (!prepared || !query.exec() || !query.next()) {
        if (query.lastError().isValid())
            reportFailure(query.lastError().text());
        return detail;
    }
    detail.id = query.value(0).toLongLong();
    detail.receivedAtMs = query.value(1).toLongLong();
    detail.peer = query.value(2).toString();
    detail.method = query.value(3).toString();
    detail.path = query.value(4).toString();
    detail.headers = query.value(5).toString();
    // Kept compressed in the store (BodyCodec); the inspector shows the bytes as received.
    QString decodeError;
    detail.body = BodyCodec::decode(query.value(6).toByteArray(),
                                    BodyCodec::codecFromStored(query.value(16).toLongLong()),
                                    Limits::DefaultMaxBodyBytes * 16, &decodeError);
    if (!decodeError.isEmpty())
        reportFailure(u"delivery %1: %2"_s.arg(deliveryId).arg(decodeError));
    detail.bodySize = query.value(7).toLongLong();
    detail.status = query.value(8).toInt();
    detail.verdictName = query.value(9).toString();
    detail.verdict = verdictFromName(detail.verdictName);
    detail.verified = query.value(10).toInt() != 0;
    detail.eventId = query.value(11).toString();
    detail.eventType = query.value(12).toString();
    detail.leadCount = query.value(13).toLongLong();
    detail.detail = query.value(14).toString();
    if (!query.isNull(17))
        detail.projection = projectionStateFromName(query.value(17).toString());
    detail.projectionError = query.value(18).toString();
    detail.repeatCount = query.value(19).toLongLong();
    detail.lastSeenMs = query.value(20).toLongLong();
    detail.forwardedFor = query.value(21).toString();
    const QByteArray activity = query.value(15).toByteArray();
    if (!activity.isEmpty()) {
        const QJsonDocument doc = QJsonDocument::fromJson(activity);
        detail.activityJson = doc.isNull() ? QString::fromUtf8(activity)
                                           : QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
    }
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
            return verdict == ::Verdict::Unknown ? logSafe(row.verdictName) : verdictLabel(verdict);
        }
        default:
            return row.raw(index.column());
        }
    case Qt::ToolTipRole:
        if (index.column() == Verdict)
            return logSafe(row.verdictName);
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
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    bool prepared = false;
    if (m_rows.isEmpty()) {
        prepared = query.prepare(u"SELECT "_s + ListColumns
                                 + u" FROM deliveries ORDER BY id DESC LIMIT ?"_s);
    } else {
        prepared = query.prepare(u"SELECT "_s + ListColumns
                                 + u" FROM deliveries WHERE id < ? ORDER BY id DESC LIMIT ?"_s);
        query.addBindValue(m_rows.last().id);
    }
    query.addBindValue(PageSize);
    QList<Row> page;
    if (!prepared || !query.exec() || !readRows(query, &page)) {
        m_atEnd = true; // no retry loop from the view; refresh() tries again
        reportFailure(query.lastError().text());
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
