// SPDX-License-Identifier: MIT
#pragma once

#include "export/exporthistory.h"

#include <QAbstractTableModel>
#include <QSqlDatabase>

/*!
    The export history (table exports), newest first: when, which leads (scope and filters),
    the column preset, the format, the rows, whether they were marked exported, and the file.
    refresh() reads the newest MaxRows again (a primary-key range, a few milliseconds) and
    resets: the history changes once per export, while the dialog shows it. RawValueRole gives
    epoch ms and numbers for sorting; RowIdRole the exports.id.
*/
class ExportHistoryModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportHistoryModel)

public:
    enum Column { ExportedAt, Scope, Filters, Preset, Format, Rows, Marked, File, ColumnCount };
    Q_ENUM(Column)
    static constexpr int MaxRows = 1000;

    explicit ExportHistoryModel(QObject *parent = nullptr);
    ~ExportHistoryModel() override;

    void setDatabase(const QSqlDatabase &db);
    /// False (and queryFailed()) when the history could not be read; the rows shown are kept.
    bool refresh();
    ExportRecord record(int row) const { return m_rows.value(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void queryFailed(const QString &error);

private:
    QSqlDatabase m_db;
    QList<ExportRecord> m_rows;
};
