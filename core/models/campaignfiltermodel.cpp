// SPDX-License-Identifier: MIT
#include "models/campaignfiltermodel.h"

#include "models/campaignmodel.h"

#include "common/textfold.h"

CampaignFilterModel::CampaignFilterModel(CampaignModel *source, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_campaigns(source)
{
    setSourceModel(source);
    // Rows changed by a refresh (a name arriving) are filtered again.
    setDynamicSortFilter(true);
}

CampaignFilterModel::~CampaignFilterModel() = default;

void CampaignFilterModel::setSearchText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    const QStringList words = TextFold::foldedWords(text);
    if (words == m_words)
        return;
    m_words = words;
    invalidateRowsFilter();
}

void CampaignFilterModel::sort(int column, Qt::SortOrder order)
{
    // The proxy itself stays unsorted (sortColumn -1), so it shows the source's order.
    m_campaigns->sort(column, order);
}

bool CampaignFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    return !sourceParent.isValid() && m_campaigns->matches(sourceRow, m_words);
}
