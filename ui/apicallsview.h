// SPDX-License-Identifier: MIT
#pragma once

#include <QSqlDatabase>
#include <QWidget>

class ApiCallModel;
class QTableView;

/// The "API calls" tab beside Deliveries: every exchange with the SendPilot API, newest first,
/// with what the user was told. The key is never recorded, so it cannot show here.
class ApiCallsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiCallsView)

public:
    explicit ApiCallsView(QWidget *parent = nullptr);
    ~ApiCallsView() override;

    void setDatabase(const QSqlDatabase &db);
    void refresh();

    ApiCallModel *model() const { return m_model; }
    QTableView *tableView() const { return m_table; }

private:
    ApiCallModel *m_model;
    QTableView *m_table;
};
