// SPDX-License-Identifier: MIT
#include "export/personmerger.h"

using namespace Qt::StringLiterals;

PersonMerger::PersonMerger(const QList<LeadColumn::Id> &columns)
    : m_campaignNameIndex(int(columns.indexOf(LeadColumn::CampaignName)))
    , m_identityIndex(int(columns.size()))
    , m_campaignRowIndex(int(columns.size()) + 1)
{
    Q_ASSERT(m_campaignNameIndex >= 0);
    m_types.reserve(columns.size());
    for (LeadColumn::Id column : columns) {
        m_types.append(LeadColumn::type(column));
        m_mergeable.append(!LeadColumn::needsCampaigns(column));
    }
    m_current.m_cells.resize(columns.size());
    m_ready.m_cells.resize(columns.size());
}

QStringList PersonMerger::extraExpressions()
{
    return {u"l.linkedin_identifier"_s, u"c.id"_s};
}

QString PersonMerger::orderBy()
{
    // The identity first (leads without one sort together, each its own person, in id order),
    // then newest first: see the class comment. linkedin_identifier is stored normalised, so
    // a plain byte comparison groups one person.
    return u"l.linkedin_identifier, c.received_at DESC, c.id DESC, l.id DESC"_s;
}

bool PersonMerger::finish()
{
    if (m_current.m_leads == 0)
        return false;
    std::swap(m_ready, m_current);
    m_current.m_leads = 0;
    return true;
}
