// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <optional>

/// An inclusive range of a whole-number column; an open end is unbounded.
struct LeadRange
{
    std::optional<qint64> min;
    std::optional<qint64> max;

    bool isEmpty() const { return !min && !max; }
    bool operator==(const LeadRange &) const = default;
};

/*!
    The filter bar's criteria, a part of LeadFilter. Every set criterion must hold (AND), and
    they combine with the search box and the campaign pane the same way.

    The text criteria match the way the search box does (FTS5's unicode61 tokenizer with
    remove_diacritics): every word must begin a word of that field, without regard to case or
    accents ("muller gm" finds "Müller GmbH"). They become column filters in the same FTS5
    MATCH as the search, so they read the index, not the table, at any size. The campaign name
    is matched as a substring, folded by lv_fold() (TextFold) over the small campaigns table;
    the leads are then found through their campaign index.
*/
struct LeadFieldFilters
{
    QString company; ///< words that begin words of leads.company
    QString jobPosition; ///< words that begin words of leads.job_position
    QString location; ///< words that begin words of leads.location
    /// Words that begin words of leads.industry and leads.seniority: what a Lead Database
    /// search gives (schema v12), in the search index like the three above.
    QString industry;
    QString seniority;
    QString campaignName; ///< a substring of the campaign's name
    /// Leads with contact details: an email or a phone (what SendPilot's enrichment adds).
    bool enriched = false;
    LeadRange connections;
    LeadRange followers;

    bool isEmpty() const { return *this == LeadFieldFilters(); }
    /// True when a criterion is not part of the FTS5 expression (campaign, enriched, ranges).
    bool hasSqlClauses() const;
    bool operator==(const LeadFieldFilters &) const = default;

    /*!
        The FTS5 expression of the text criteria: each word of a field as a quoted prefix
        term under its column filter ("company : \"acme\"*"), joined by implicit AND. Empty
        when no text criterion is set. User text is quoted as in
        LeadFilter::ftsMatchExpression(), so it can never be read as FTS5 syntax.
    */
    QString ftsExpression() const;
    /// Appends the other criteria as SQL over leads l, each value bound.
    void appendClauses(QStringList *where, QVariantList *bindings) const;

private:
    static void appendRange(const LeadRange &range, const QString &column, QStringList *where,
                            QVariantList *bindings);
};
