// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QWidget>

class CampaignFilterModel;
class CampaignModel;
class EmptyState;
class QLabel;
class QLineEdit;
class QScrollArea;
class QStackedWidget;
class QTableView;

/// The campaigns list: every campaign, newest first, multi-select. Selecting campaigns filters
/// the lead table; a campaign not yet looked at is bold with a dot until selected. A search box
/// above narrows the list as the user types; below it, the current campaign's details (type,
/// mode, figures, search URLs).
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

    /// The campaigns; the table shows them through filterModel().
    CampaignModel *model() const { return m_model; }
    CampaignFilterModel *filterModel() const { return m_filter; }
    QTableView *tableView() const { return m_table; }
    QLineEdit *searchField() const { return m_search; }

    /// campaigns.id of the selected campaigns, in view order; empty when none is selected.
    QList<qint64> selectedCampaignRowIds() const;
    void selectCampaign(qint64 rowId);
    /// Marks a campaign as looked at in the view's model.
    void markSeen(qint64 rowId);

    QByteArray saveHeaderState() const;
    void restoreHeaderState(const QByteArray &state);

protected:
    void resizeEvent(QResizeEvent *event) override;

Q_SIGNALS:
    void selectionChanged(const QList<qint64> &campaignRowIds);
    /// A campaign marked new was selected: the caller records that it has been seen.
    void campaignViewed(qint64 campaignRowId);

private:
    void onSelectionChanged();
    void updateDetails();
    void updateEmptyState();
    void applyDefaultColumns();

    CampaignModel *m_model;
    CampaignFilterModel *m_filter;
    QLineEdit *m_search;
    QStackedWidget *m_stack;
    QTableView *m_table;
    EmptyState *m_empty;
    QLabel *m_details;
    /// Holds m_details: at most half the view high, so a search's filters or many search URLs
    /// never squeeze the list to a row.
    QScrollArea *m_detailsArea;
};
