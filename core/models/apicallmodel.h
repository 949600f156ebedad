// SPDX-License-Identifier: MIT
#pragma once

#include "sendpilot/apicall.h"

#include <QAbstractTableModel>
#include <QSqlDatabase>

/*!
    The exchanges with the SendPilot API (api_calls), newest first: when, method, path, status,
    duration, verdict, attempt, and what the user was told. The newest MaxRows are kept;
    refresh() prepends what was recorded since (one beginInsertRows) and drops the oldest past
    the cap, never a reset. No key can show: the table has none (ApiCallRecord). The path and
    detail are shown escaped (logSafe()); RawValueRole gives them as stored, numbers for
    sorting, epoch ms for the time.
*/
class ApiCallModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiCallModel)

public:
    enum Column {
        StartedAt,
        Method,
        Path,
        Status,
        Duration,
        Verdict,
        Attempt,
        Detail,
        ColumnCount
    };
    Q_ENUM(Column)
    static constexpr int MaxRows = 2000;

    explicit ApiCallModel(QObject *parent = nullptr);
    ~ApiCallModel() override;

    void setDatabase(const QSqlDatabase &db);
    void refresh();

    ApiCallRecord record(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// Reading failed (logged in "leadviewer.models"); the rows shown are kept.
    void queryFailed(const QString &error);

private:
    struct Row
    {
        qint64 id = 0;
        ApiCallRecord record;
    };
    QSqlDatabase m_db;
    QList<Row> m_rows; ///< newest first
};
