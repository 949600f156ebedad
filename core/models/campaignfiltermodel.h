// SPDX-License-Identifier: MIT
#pragma once

#include <QSortFilterProxyModel>
#include <QStringList>

class CampaignModel;

/*!
    The campaigns the search box lets through: those whose name or id contains every word
    typed, without regard to case or accents (CampaignModel::matches). It does not sort by
    itself: sort() is passed to the CampaignModel, whose order (ties broken by row id, null
    first) the list keeps, and the proxy follows its layout changes.
*/
class CampaignFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CampaignFilterModel)

public:
    explicit CampaignFilterModel(CampaignModel *source, QObject *parent = nullptr);
    ~CampaignFilterModel() override;

    void setSearchText(const QString &text);
    QString searchText() const { return m_text; }

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    CampaignModel *m_campaigns;
    QString m_text;
    QStringList m_words;
};
