// SPDX-License-Identifier: MIT
#include "models/exporthistorymodel.h"

#include "common/logging.h"
#include "models/modelroles.h"

#include <QDateTime>
#include <QDir>
#include <QLocale>

using namespace Qt::StringLiterals;

ExportHistoryModel::ExportHistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

ExportHistoryModel::~ExportHistoryModel() = default;

void ExportHistoryModel::setDatabase(const QSqlDatabase &db)
{
    m_db = db;
}

bool ExportHistoryModel::refresh()
{
    QList<ExportRecord> rows;
    QString error;
    if (!ExportHistory::list(m_db, &rows, &error, MaxRows)) {
        qCWarning(lcModels).noquote() << "cannot read the export history:" << error;
        Q_EMIT queryFailed(error);
        return false;
    }
    beginResetModel();
    m_rows = rows;
    endResetModel();
    return true;
}

int ExportHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ExportHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ExportHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ExportRecord &r = m_rows.at(index.row());
    if (role == ModelRoles::RowIdRole)
        return r.id;
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case ExportedAt:
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(r.exportedAtMs).toLocalTime(),
                                      u"yyyy-MM-dd HH:mm:ss"_s);
        case Scope:
            return r.scope;
        case Filters:
            return r.filterSummary;
        case Preset:
            return r.preset;
        case Format:
            return r.format.toUpper();
        case Rows:
            return QLocale().toString(r.rowCount);
        case Marked:
            return r.marked ? tr("Marked") : tr("Not marked");
        case File:
            return QDir::toNativeSeparators(r.filePath);
        }
    }
    if (role == ModelRoles::RawValueRole) {
        switch (index.column()) {
        case ExportedAt:
            return r.exportedAtMs;
        case Rows:
            return r.rowCount;
        case Marked:
            return r.marked;
        default:
            return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() == Rows)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant ExportHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ExportedAt:
        return tr("Exported");
    case Scope:
        return tr("Leads");
    case Filters:
        return tr("Filters");
    case Preset:
        return tr("Columns");
    case Format:
        return tr("Format");
    case Rows:
        return tr("Rows");
    case Marked:
        return tr("Marked");
    case File:
        return tr("File");
    }
    return {};
}
