// SPDX-License-Identifier: MIT
#pragma once

#include "models/deliverymodel.h"

#include <QSqlDatabase>
#include <QWidget>

class JsonTreeModel;
class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTableView;
class QTreeView;

/// The delivery log: every request the endpoint answered. The selected delivery's headers and
/// body show on the right, the body as a collapsible JSON tree or as raw text; a stored
/// accepted body can be ingested again.
class DeliveriesView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeliveriesView)

public:
    explicit DeliveriesView(QWidget *parent = nullptr);
    ~DeliveriesView() override;

    void setDatabase(const QSqlDatabase &db);
    void refresh();

    DeliveryModel *model() const { return m_model; }
    QTableView *tableView() const { return m_table; }
    QTreeView *jsonView() const { return m_tree; }
    JsonTreeModel *jsonModel() const { return m_json; }
    QPushButton *reingestButton() const { return m_reingest; }
    const DeliveryDetail &currentDetail() const { return m_detail; }

Q_SIGNALS:
    void reingestRequested(const QByteArray &body, const QString &source);

private:
    void showDelivery(const QModelIndex &current);
    void updateBodyView();

    DeliveryModel *m_model;
    JsonTreeModel *m_json;
    QTableView *m_table;
    QLabel *m_summary;
    QPlainTextEdit *m_headers;
    QCheckBox *m_raw;
    QPushButton *m_reingest;
    QLabel *m_activity;
    QStackedWidget *m_bodyStack;
    QTreeView *m_tree;
    QPlainTextEdit *m_rawText;
    DeliveryDetail m_detail;
};
