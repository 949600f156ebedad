// SPDX-License-Identifier: MIT
#pragma once

#include "sendpilot/event.h"

#include <QSqlDatabase>
#include <optional>

/// One person as the profile pane shows them.
struct LeadProfile
{
    qint64 rowId = 0;
    Lead lead; ///< every field, experience/education/skills parsed back from their JSON
    struct CampaignRef
    {
        qint64 rowId = 0;
        QString campaignId;
        QString name;
        qint64 receivedAtMs = 0;
    };
    /// Every campaign the person appears in (the same normalised LinkedIn identifier, which is
    /// the URL's slug when none was sent; never the lead id), newest first; includes the one of
    /// rowId.
    QList<CampaignRef> campaigns;
};

namespace LeadProfiles {
/// What load() found: the profile, no such lead, or a query that failed (a closed or damaged
/// database, a missing table), which is not the same as "no such lead".
struct LoadResult
{
    enum class Status { Found, NotFound, Failed };
    Status status = Status::NotFound;
    std::optional<LeadProfile> profile; ///< set when Found
    QString error; ///< when Failed: what went wrong, for the status bar (also logged)
};

LoadResult load(const QSqlDatabase &db, qint64 leadRowId);
/// "JD" for John Doe; first letters of the first two words of the name, else of the email.
QString initials(const Lead &lead);
} // namespace LeadProfiles
