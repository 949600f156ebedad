// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>
#include <QDate>
#include <QSqlDatabase>

/// Credits per day for the chart: extraction and enrichment stacked.
struct DailyCredits
{
    QDate day; ///< UTC day of the campaign's completed_at (received_at when absent)
    qint64 extraction = 0;
    qint64 enrichment = 0;
};

/*!
    Credits per campaign, with a last "Total" row: extraction, enrichment and total credits,
    leads extracted and enriched, credits per lead and per lead with an email.
    ModelRoles::RawValueRole holds numbers for sorting; the Total row sorts last.
*/
class CreditsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CreditsModel)

public:
    enum Column {
        Campaign,
        CreditsExtraction,
        CreditsEnrichment,
        CreditsTotal,
        LeadsExtracted,
        LeadsEnriched,
        LeadsWithEmail,
        CreditsPerLead,
        CreditsPerLeadWithEmail,
        ColumnCount
    };
    Q_ENUM(Column)

    explicit CreditsModel(QObject *parent = nullptr);
    ~CreditsModel() override;

    void setDatabase(const QSqlDatabase &db);
    void refresh();

    /// Per-day series over the campaigns with these row ids (all when empty), oldest first,
    /// with no gaps between the first and last day.
    QList<DailyCredits> daily(const QList<qint64> &campaignRowIds = {}) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// A query failed (logged in the "leadviewer.models" category); the rows shown are kept
    /// and daily() returns an empty series.
    void queryFailed(const QString &error);

private:
    void reportFailure(const QString &error) const;
    struct Row;
    QSqlDatabase m_db;
    QList<Row> m_rows; ///< campaigns, then the total
};
