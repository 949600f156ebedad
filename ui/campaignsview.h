// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QWidget>

class CampaignModel;
class EmptyState;
class QLabel;
class QStackedWidget;
class QTableView;

/// The campaigns list: every campaign, newest first, multi-select. Selecting campaigns filters
/// the lead table; a campaign not yet looked at is bold with a dot until selected. Below the
/// table, the current campaign's search URLs and results URL.
class CampaignsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CampaignsView)

public:
    explicit CampaignsView(QWidget *parent = nullptr);
    ~CampaignsView() override;

    void setDatabase(const QSqlDatabase &db);
    /// Applies new and changed campaigns in place; the selection stays.
    void refresh();
    void setEmptyText(const QString &text);

    CampaignModel *model() const { return m_model; }
    QTableView *tableView() const { return m_table; }

    /// campaigns.id of the selected campaigns, in view order; empty when none is selected.
    QList<qint64> selectedCampaignRowIds() const;
    void selectCampaign(qint64 rowId);
    /// Marks a campaign as looked at in the view's model.
    void markSeen(qint64 rowId);

    QByteArray saveHeaderState() const;
    void restoreHeaderState(const QByteArray &state);

Q_SIGNALS:
    void selectionChanged(const QList<qint64> &campaignRowIds);
    /// A campaign marked new was selected: the caller records that it has been seen.
    void campaignViewed(qint64 campaignRowId);

private:
    void onSelectionChanged();
    void updateDetails();
    void updateEmptyState();

    CampaignModel *m_model;
    QStackedWidget *m_stack;
    QTableView *m_table;
    EmptyState *m_empty;
    QLabel *m_details;
};
