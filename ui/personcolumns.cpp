// SPDX-License-Identifier: MIT
#include "personcolumns.h"

#include <QHeaderView>

void PersonColumns::show(bool people)
{
    if (people) {
        if (!m_header->isSectionHidden(LeadColumn::CampaignName)) {
            m_header->moveSection(m_header->visualIndex(LeadColumn::AllCampaigns),
                                  m_header->visualIndex(LeadColumn::CampaignName));
            m_header->setSectionHidden(LeadColumn::CampaignName, true);
            m_campaignColumnLent = true;
        }
        m_allCampaignsAdded = m_header->isSectionHidden(LeadColumn::AllCampaigns);
        m_header->setSectionHidden(LeadColumn::AllCampaigns, false);
    } else {
        undo();
        forget();
    }
}

void PersonColumns::undo() const
{
    if (m_allCampaignsAdded)
        m_header->setSectionHidden(LeadColumn::AllCampaigns, true);
    if (m_campaignColumnLent)
        m_header->setSectionHidden(LeadColumn::CampaignName, false);
}

void PersonColumns::redo() const
{
    if (m_campaignColumnLent)
        m_header->setSectionHidden(LeadColumn::CampaignName, true);
    if (m_allCampaignsAdded)
        m_header->setSectionHidden(LeadColumn::AllCampaigns, false);
}

QList<LeadColumn::Id> PersonColumns::leadColumns(QList<LeadColumn::Id> visible) const
{
    const qsizetype all = visible.indexOf(LeadColumn::AllCampaigns);
    if (m_campaignColumnLent && all >= 0)
        visible.insert(all, LeadColumn::CampaignName);
    if (m_allCampaignsAdded)
        visible.removeAll(LeadColumn::AllCampaigns);
    return visible;
}

QByteArray PersonColumns::saveLeadState() const
{
    // Hiding and showing keep every section's place, so the swap comes back exactly.
    undo();
    const QByteArray state = m_header->saveState();
    redo();
    return state;
}
