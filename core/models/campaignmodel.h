// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>
#include <QSqlDatabase>

/*!
    Every campaign (hundreds, so held in memory), newest first by received time until sorted.
    refresh() applies new and changed campaigns in place: inserted rows with one
    beginInsertRows per run, dataChanged for changed rows, never a reset.
    ModelRoles::RowIdRole: campaigns.id; ModelRoles::KeyRole: campaign_id; ModelRoles::IsNewRole:
    not yet looked at (seen = 0); ModelRoles::RawValueRole: raw value for sorting.
    Type and mode show readable labels (CampaignLabels); their raw values are in RawValueRole.
    What only a webhook says (type, mode, credits, times) is unknown for a campaign only the API
    brought: shown as "?", null in RawValueRole, never 0. An incomplete campaign says so in its
    name and status.
    The name's tooltip is the whole name with the campaign id, so names sharing a prefix can be
    told apart when the column is narrow; time columns show a short form and the full time in
    the tooltip. details() is the text under the list: labels, figures and search URLs.
*/
class CampaignModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CampaignModel)

public:
    enum Column {
        Name,
        Type,
        Mode,
        Status, ///< "Receiving leads" while its event is being projected, else "Finished"
        LeadsExtracted,
        LeadsEnriched,
        EnrichmentRate, ///< enriched / extracted, percent
        RequestedLimit,
        CreditsExtraction,
        CreditsEnrichment,
        CreditsTotal,
        StartedAt,
        CompletedAt,
        Duration, ///< human form: "30 min", "1 h 5 min"
        ReceivedAt,
        Source, ///< "Webhook", "API" or "Webhook + API" (issue 12 item 7's "arrived by")
        ColumnCount
    };
    Q_ENUM(Column)

    explicit CampaignModel(QObject *parent = nullptr);
    ~CampaignModel() override;

    /// An open connection of the calling (GUI) thread; read-only is enough.
    void setDatabase(const QSqlDatabase &db);
    void refresh();

    qint64 campaignRowId(int row) const;
    /// The campaign's latest event is still being projected (its leads are arriving).
    bool isArriving(int row) const;
    /// Incomplete (CampaignSources::IncompleteSql): a webhook held fewer leads than it counted,
    /// or only the API knows it and its results were not read to the end.
    bool isIncomplete(int row) const;
    QString campaignId(int row) const;
    int rowForCampaignRowId(qint64 rowId) const;
    /// Whether the campaign's name or id contains every word of \a foldedWords (each folded
    /// by TextFold::folded(), as the campaign search box does).
    bool matches(int row, const QStringList &foldedWords) const;
    /// Several lines of plain text (URLs as they are) for the details box under the list.
    QString details(int row) const;
    /// Marks a campaign as looked at in the model (the caller persists it via the store).
    void setSeen(qint64 campaignRowId);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    /// A query failed (logged in the "leadviewer.models" category); the rows shown are kept.
    void queryFailed(const QString &error);

private:
    void reportFailure(const QString &error);
    struct Row;
    QSqlDatabase m_db;
    QList<Row> m_rows;
    int m_sortColumn = ReceivedAt;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder;
};
