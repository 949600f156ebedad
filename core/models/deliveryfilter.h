// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QVariantList>

/// Which deliveries the Deliveries list shows: one kind of answer and, optionally, one event
/// type. Applied in SQL (DeliveryModel's queries), so a long history is never loaded to be
/// filtered.
struct DeliveryFilter
{
    enum class Kind {
        All,
        Accepted, ///< a new event stored: accepted, imported, re-ingested
        Rejected, ///< answered with an error (isRejection(), and names this build does not know)
        Duplicates, ///< an event id already stored
        /// Taken without a signature check: no webhook secret was set (with one set, an unsigned
        /// request is rejected). Imports are not requests and are left out.
        Unverified,
    };

    Kind kind = Kind::All;
    QString eventType; ///< empty: every type

    bool isEmpty() const { return kind == Kind::All && eventType.isEmpty(); }
    bool operator==(const DeliveryFilter &) const = default;

    /// The condition on the deliveries table (no leading WHERE or AND; "1" when empty), with
    /// its values in \a bindings, in order. Column names are unqualified.
    QString sqlCondition(QVariantList *bindings) const;
};
