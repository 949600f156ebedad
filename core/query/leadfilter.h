// SPDX-License-Identifier: MIT
#pragma once

#include "query/leadcolumn.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <optional>

/// A statement and the values bound to its positional placeholders, in order.
struct LeadQuery
{
    QString sql;
    QVariantList bindings;
};

/*!
    Which leads, in which order. All criteria combine with AND; the two campaign lists combine
    with OR (a lead of any listed campaign). An empty filter means every lead, oldest first.
*/
struct LeadFilter
{
    QList<qint64> campaignRowIds; ///< campaigns.id
    QStringList campaignIds; ///< campaigns.campaign_id, as SendPilot sends it
    QString searchText; ///< prefix match of every word, see ftsMatchExpression()
    bool hasEmail = false;
    bool hasPhone = false;
    /// An explicit selection of leads.id. Unless a sort column is set, rows come out in this
    /// order. Duplicates are kept (a lead selected twice is written twice).
    QList<qint64> leadRowIds;
    bool useSelection = false; ///< true: leadRowIds applies, even when empty (no rows)
    std::optional<LeadColumn::Id> sortColumn;
    Qt::SortOrder sortOrder = Qt::AscendingOrder;

    /// Sets leadRowIds and useSelection.
    void setSelection(const QList<qint64> &rowIds)
    {
        leadRowIds = rowIds;
        useSelection = true;
    }

    /*!
        The FTS5 MATCH expression for \a text: each whitespace-separated word becomes a quoted
        string with inner quotes doubled, followed by '*' (a prefix query), so user input can
        never be read as FTS5 syntax (AND, OR, NEAR, column filters, parentheses). Empty when
        \a text has no words. See https://sqlite.org/fts5.html section 3.
    */
    static QString ftsMatchExpression(const QString &text);

    /*!
        SELECT \a selectExpressions FROM leads l JOIN campaigns c ... WHERE ... ORDER BY ...,
        with every user value bound, never concatenated. \a selectExpressions must come from
        the LeadColumn registry or other constant code, never from the user.
        \a ordered false leaves ORDER BY out (counts and aggregates).
    */
    LeadQuery buildQuery(const QStringList &selectExpressions, bool ordered = true) const;
    /// buildQuery() with the columns' expressions.
    LeadQuery buildSelect(const QList<LeadColumn::Id> &columns) const;
    /// SELECT count(*) over the same rows.
    LeadQuery buildCount() const;
};
