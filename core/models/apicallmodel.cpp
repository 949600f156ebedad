// SPDX-License-Identifier: MIT
#include "models/apicallmodel.h"

#include "common/logging.h"
#include "models/modelroles.h"

#include <QDateTime>
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

ApiCallModel::ApiCallModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

ApiCallModel::~ApiCallModel() = default;

void ApiCallModel::setDatabase(const QSqlDatabase &db)
{
    if (!m_rows.isEmpty()) {
        // Another store: its rows are not these (a reset once, not on live updates).
        beginResetModel();
        m_rows.clear();
        endResetModel();
    }
    m_db = db;
    refresh();
}

void ApiCallModel::refresh()
{
    if (!m_db.isOpen())
        return;
    const qint64 newestId = m_rows.isEmpty() ? 0 : m_rows.constFirst().id;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    const bool ok
        = query.prepare(u"SELECT id, started_at, method, path, status, duration_ms, verdict, "
                        "attempt, detail FROM api_calls WHERE id > ? ORDER BY id DESC LIMIT ?"_s)
        && (query.addBindValue(newestId), query.addBindValue(MaxRows), query.exec());
    if (!ok) {
        const QString error = tr("Cannot read the API calls: %1").arg(query.lastError().text());
        qCWarning(lcModels).noquote() << error;
        Q_EMIT queryFailed(error);
        return;
    }
    QList<Row> fresh;
    while (query.next()) {
        Row row;
        row.id = query.value(0).toLongLong();
        row.record.startedAtMs = query.value(1).toLongLong();
        row.record.method = query.value(2).toString();
        row.record.path = query.value(3).toString();
        row.record.status = query.value(4).toInt();
        row.record.durationMs = query.value(5).toLongLong();
        row.record.verdict = apiVerdictFromName(query.value(6).toString());
        row.record.attempt = query.value(7).toInt();
        row.record.detail = query.value(8).toString();
        fresh.append(row);
    }
    if (fresh.isEmpty())
        return;
    beginInsertRows(QModelIndex(), 0, int(fresh.size()) - 1);
    m_rows = fresh + m_rows;
    endInsertRows();
    if (m_rows.size() > MaxRows) {
        beginRemoveRows(QModelIndex(), MaxRows, int(m_rows.size()) - 1);
        m_rows.resize(MaxRows);
        endRemoveRows();
    }
}

ApiCallRecord ApiCallModel::record(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).record : ApiCallRecord();
}

int ApiCallModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ApiCallModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ApiCallModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const ApiCallRecord &r = row.record;
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case StartedAt:
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(r.startedAtMs).toLocalTime(),
                                      u"yyyy-MM-dd HH:mm:ss"_s);
        case Method:
            return r.method;
        case Path:
            return logSafe(r.path);
        case Status:
            return r.status > 0 ? QString::number(r.status) : tr("none");
        case Duration:
            return tr("%1 ms").arg(QLocale().toString(r.durationMs));
        case Verdict:
            return apiVerdictLabel(r.verdict);
        case Attempt:
            return QLocale().toString(r.attempt);
        case Detail:
            return logSafe(r.detail);
        case ColumnCount:
            break;
        }
        break;
    case ModelRoles::RawValueRole:
        switch (Column(index.column())) {
        case StartedAt:
            return r.startedAtMs;
        case Method:
            return r.method;
        case Path:
            return r.path;
        case Status:
            return r.status;
        case Duration:
            return r.durationMs;
        case Verdict:
            return apiVerdictName(r.verdict);
        case Attempt:
            return r.attempt;
        case Detail:
            return r.detail;
        case ColumnCount:
            break;
        }
        break;
    case ModelRoles::RowIdRole:
        return row.id;
    case Qt::ToolTipRole:
        if (index.column() == Detail || index.column() == Verdict)
            return r.detail.isEmpty() ? QVariant() : QVariant(logSafe(r.detail, 2000));
        break;
    case Qt::TextAlignmentRole:
        switch (Column(index.column())) {
        case Status:
        case Duration:
        case Attempt:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            break;
        }
        break;
    default:
        break;
    }
    return {};
}

QVariant ApiCallModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case StartedAt:
        return tr("Time");
    case Method:
        return tr("Method");
    case Path:
        return tr("Path");
    case Status:
        return tr("Status");
    case Duration:
        return tr("Duration");
    case Verdict:
        return tr("Verdict");
    case Attempt:
        return tr("Attempt");
    case Detail:
        return tr("Detail");
    case ColumnCount:
        break;
    }
    return {};
}
