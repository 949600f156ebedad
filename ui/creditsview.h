// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QWidget>

class CreditsModel;
class QChart;
class QChartView;
class QComboBox;
class QTableView;

/// What the credits bought: per campaign (and in total) extraction and enrichment credits,
/// leads and credits per lead, and a stacked bar chart of credits per day for all campaigns,
/// the ones selected in the campaign list, or one picked in the combo box.
class CreditsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CreditsView)

public:
    explicit CreditsView(QWidget *parent = nullptr);
    ~CreditsView() override;

    void setDatabase(const QSqlDatabase &db);
    void refresh();
    /// The campaigns selected in the campaign list (the "Selected campaigns" scope).
    void setSelectedCampaigns(const QList<qint64> &campaignRowIds);

    CreditsModel *model() const { return m_model; }
    QTableView *tableView() const { return m_table; }
    QChart *chart() const { return m_chart; }
    /// The campaigns the chart shows (empty: all).
    QList<qint64> chartCampaigns() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuildScopeCombo();
    void updateChart();

    CreditsModel *m_model;
    QTableView *m_table;
    QComboBox *m_scope;
    QChart *m_chart;
    QChartView *m_chartView;
    QList<qint64> m_selected;
};
