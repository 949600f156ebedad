// SPDX-License-Identifier: MIT
#pragma once

#include "models/creditbuckets.h"

#include <QList>
#include <QSqlDatabase>
#include <QWidget>

class AccountCreditsPanel;
class CreditsModel;
class QChart;
class QChartView;
class QComboBox;
class QTableView;

/// The account's credits from the SendPilot API on top (AccountCreditsPanel), then what the
/// credits bought: per campaign (and in total) extraction and enrichment credits,
/// leads and credits per lead, and a stacked bar chart of credits over time for all campaigns,
/// the ones selected in the campaign list, or one picked in the combo box. The chart covers a
/// chosen range (all time, last 30/90 days, last 12 months) and adds up days into weeks or
/// months when the range is long, so the bars and their labels stay readable.
class CreditsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CreditsView)

public:
    enum class Range { All, Last30Days, Last90Days, Last12Months };
    Q_ENUM(Range)

    explicit CreditsView(QWidget *parent = nullptr);
    ~CreditsView() override;

    void setDatabase(const QSqlDatabase &db);
    void refresh();
    /// The campaigns selected in the campaign list (the "Selected campaigns" scope).
    void setSelectedCampaigns(const QList<qint64> &campaignRowIds);

    CreditsModel *model() const { return m_model; }
    AccountCreditsPanel *accountPanel() const { return m_account; }
    QTableView *tableView() const { return m_table; }
    QChart *chart() const { return m_chart; }
    /// The campaigns the chart shows (empty: all).
    QList<qint64> chartCampaigns() const;
    /// Picks one campaign (by row id) for the chart; 0 means all campaigns.
    void setChartCampaign(qint64 campaignRowId);

    Range range() const;
    void setRange(Range range);
    /// What one bar of the chart adds up, and the bars drawn (oldest first).
    CreditBuckets::Granularity granularity() const { return m_granularity; }
    const QList<CreditBuckets::Bucket> &buckets() const { return m_buckets; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuildScopeCombo();
    void updateChart();
    void updateAxisLabels();
    QString bucketLabel(const CreditBuckets::Bucket &bucket) const;
    QString bucketToolTip(int index) const;

    CreditsModel *m_model;
    AccountCreditsPanel *m_account;
    QTableView *m_table;
    QComboBox *m_scope;
    QComboBox *m_range;
    QChart *m_chart;
    QChartView *m_chartView;
    QList<qint64> m_selected;
    CreditBuckets::Granularity m_granularity = CreditBuckets::Granularity::Day;
    QList<CreditBuckets::Bucket> m_buckets;
    bool m_spansYears = false;
    int m_labelStep = 0;
};
