// SPDX-License-Identifier: MIT
#pragma once

#include <Qt>

/// Roles shared by the viewer's models. Display text is in Qt::DisplayRole; sort keys and raw
/// values in RawValueRole.
namespace ModelRoles {
enum : int {
    RawValueRole = Qt::UserRole + 1, ///< the unformatted value (number, epoch ms, text)
    RowIdRole, ///< the row's primary key in its table (qint64)
    IsNewRole, ///< bool: a campaign not yet looked at
    KeyRole, ///< stable string id (campaign_id, event_id, ...)
    VerdictRole, ///< a delivery's Verdict (its verdict column), for icons and filters
    VerifiedRole, ///< bool: a delivery's signature was checked and matched
};
} // namespace ModelRoles
