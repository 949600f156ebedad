// SPDX-License-Identifier: MIT
#pragma once

#include "query/leadcolumn.h"
#include "query/leadfieldfilters.h"

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
    /// Only people no marking export has included yet (lead_exports, by LeadColumn's
    /// exportIdentitySql()): the next CRM import gets only new people. Read from the
    /// Exported bit of leads.flags (LeadFlags), which marking keeps on every lead of a person.
    bool notExported = false;
    /// One row per person: only the newest lead of each person (the Superseded bit of
    /// leads.flags clear, LeadFlags: the
    /// lead of the campaign received last among those with the same normalised LinkedIn
    /// identity); a lead without an identity is a person of its own.
    bool onePerPerson = false;
    /// Every lead of the people the rest of the filter matches, not only the matching leads:
    /// all of a person's leads for the export's merge (LeadExporter::Request::onePerPerson)
    /// when the table shows one row per person, so an older campaign's email still reaches
    /// the row. A matching lead without an identity is its own person.
    bool peopleOfMatches = false;
    /// The filter bar's criteria (company, position, location, campaign name, ranges).
    LeadFieldFilters fields;
    /// An explicit selection of leads.id. Unless a sort column is set, rows come out in this
    /// order. Duplicates are kept (a lead selected twice is written twice).
    QList<qint64> leadRowIds;
    bool useSelection = false; ///< true: leadRowIds applies, even when empty (no rows)
    std::optional<LeadColumn::Id> sortColumn;
    Qt::SortOrder sortOrder = Qt::AscendingOrder;
    /// The language text columns sort in (LocaleCollator); empty: the system's locale.
    QString collationLocale;

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
    /// The whole FTS5 MATCH of the filter: the search box's words and the text criteria of
    /// fields, one expression (implicit AND). Empty when neither is set.
    QString ftsMatch() const;
    /*!
        True when the filter selects rows by something other than ftsMatch(): campaigns, the
        quick filters, the SQL criteria of fields, a selection. False means the rows are the
        FTS5 matches (or every lead), which the id query and the lead table's first-rows index
        answer from the index alone.
    */
    bool hasSqlCriteria() const;

    /// Whether a select list reads the campaigns table (alias c).
    enum class Campaigns { NotRead, Read };

    /*!
        True when the filter itself reads campaigns: a SendPilot campaign id to match, or (when
        \a ordered) a sort by a campaign column. The join on campaigns never drops a lead
        (leads.campaign is NOT NULL, a foreign key enforced on every connection, ON DELETE
        CASCADE), so a query that reads nothing of it leaves it out: that saves a campaign
        lookup per lead and lets a sort be one scan of its covering index (schema v2).
    */
    bool needsCampaigns(bool ordered = true) const;

    /*!
        SELECT \a selectExpressions FROM leads l [JOIN campaigns c] ... WHERE ... ORDER BY ...,
        with every user value bound, never concatenated. \a selectExpressions must come from
        the LeadColumn registry or other constant code, never from the user; \a campaigns says
        whether they read c.*. Campaigns are joined when the select list or the filter needs
        them. \a ordered false leaves ORDER BY out (counts and aggregates). The quick filters,
        "enriched" and the ranges read leads.flags and the counts, which the covering index
        leads_filters (schema v11) holds: an id list or a count of a search with them names
        that index, so the matches are not looked up in the wide leads rows.
    */
    LeadQuery buildQuery(const QStringList &selectExpressions, Campaigns campaigns,
                         bool ordered = true) const;
    /// buildQuery() with the columns' expressions: the export's query.
    LeadQuery buildSelect(const QList<LeadColumn::Id> &columns) const;
    /// SELECT count(*) over the same rows.
    LeadQuery buildCount() const;
    /*!
        The ordered lead ids (one column, leads.id) of the filter, as cheap as the schema
        allows: every lead in the default order is a scan of the primary key; a search with
        nothing else reads the FTS index alone (FTS5 returns rowids in ascending order, the
        default order, and leads_fts is kept in step with leads by the store and by the delete
        trigger); anything else is buildQuery() of l.id.
    */
    LeadQuery buildIdQuery() const;
    /*!
        M in "N of M leads": the leads of the selected campaigns before search and quick
        filters, summed from the counts the store keeps per campaign, so it costs nothing at
        any size. One row, one integer.
    */
    LeadQuery buildTotalQuery() const;

private:
    LeadQuery buildPeopleQuery(const QStringList &selectExpressions, Campaigns campaigns,
                               bool ordered) const;
    /// " ORDER BY ..." of the sort (and the selection's order), always total.
    QString orderByClause() const;
};
