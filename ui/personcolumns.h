// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>

#include "query/leadcolumn.h"

class QHeaderView;

/*!
    The lead table's columns while it shows one row per person: "All campaigns" takes the place
    of "Campaign" (whose name is its first entry) and both go back as they were when the table
    shows leads again. What is saved (views, the header state kept across restarts) is always
    the lead table's columns, since the toggle itself is kept only in saved views.
*/
class PersonColumns final
{
public:
    explicit PersonColumns(QHeaderView *header)
        : m_header(header)
    { }

    /// Swaps the columns in for people (\a people true) or back out.
    void show(bool people);
    /// Forgets a swap: the columns were just set from elsewhere (a saved view).
    void forget() { m_allCampaignsAdded = m_campaignColumnLent = false; }
    /// \a visible (in view order) as the lead table had them before the swap.
    QList<LeadColumn::Id> leadColumns(QList<LeadColumn::Id> visible) const;
    /// QHeaderView::saveState() of the lead table's columns.
    QByteArray saveLeadState() const;

private:
    void undo() const;
    void redo() const;

    QHeaderView *m_header;
    bool m_campaignColumnLent = false; ///< "Campaign" hidden while "All campaigns" shows
    bool m_allCampaignsAdded = false; ///< "All campaigns" shown for the people
};
