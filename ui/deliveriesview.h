// SPDX-License-Identifier: MIT
#pragma once

#include "models/deliverymodel.h"

#include <QSqlDatabase>
#include <QWidget>

class DeliveryInspector;
class JsonTreeModel;
class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QTreeView;

/// The delivery log: every request the endpoint answered, newest first, with what matters
/// first (when, the status, the verdict), filtered by kind of answer and event type. The
/// selected delivery shows on the right (DeliveryInspector); a stored accepted body can be
/// ingested again.
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
    DeliveryInspector *inspector() const { return m_inspector; }
    QTreeView *jsonView() const;
    JsonTreeModel *jsonModel() const;
    QPushButton *reingestButton() const;
    /// The delivery the inspector shows (id 0 while it loads: wait for deliveryShown()).
    const DeliveryDetail &currentDetail() const;

Q_SIGNALS:
    void reingestRequested(const QByteArray &body, const QString &source);
    /// The inspector has finished showing delivery \a deliveryId.
    void deliveryShown(qint64 deliveryId);

private:
    void showCurrent();
    void applyFilter();
    void updateCounts();

    DeliveryModel *m_model;
    QComboBox *m_kind;
    QComboBox *m_type;
    QLabel *m_count;
    QTableView *m_table;
    DeliveryInspector *m_inspector;
    qint64 m_shownId = 0;
    bool m_filtering = false; ///< inside applyFilter(): the selection is restored after it
};
