// SPDX-License-Identifier: MIT
#include "leadfilter.h"

#include "common/leadflags.h"
#include "common/localecollator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

QString LeadFilter::ftsMatchExpression(const QString &text)
{
    const QStringList words = text.split(QRegularExpression(u"\\s+"_s), Qt::SkipEmptyParts);
    QStringList terms;
    terms.reserve(words.size());
    for (const QString &word : words) {
        QString quoted = word;
        // FTS5 strings: "a string in double quotes; embedded double quotes are escaped by
        // doubling them". The trailing * makes it a prefix query.
        quoted.replace(u'"', u"\"\""_s);
        terms.append(u'"' + quoted + u"\"*"_s);
    }
    // Terms separated by whitespace are an implicit AND.
    return terms.join(u' ');
}

QString LeadFilter::ftsMatch() const
{
    const QString search = ftsMatchExpression(searchText);
    const QString fieldTerms = fields.ftsExpression();
    if (search.isEmpty() || fieldTerms.isEmpty())
        return search + fieldTerms;
    return search + u' ' + fieldTerms;
}

bool LeadFilter::hasSqlCriteria() const
{
    return useSelection || !campaignRowIds.isEmpty() || !campaignIds.isEmpty() || hasEmail
        || hasPhone || notExported || onePerPerson || peopleOfMatches || fields.hasSqlClauses();
}

bool LeadFilter::needsCampaigns(bool ordered) const
{
    return !campaignIds.isEmpty()
        || (ordered && sortColumn && LeadColumn::needsCampaigns(*sortColumn));
}

LeadQuery LeadFilter::buildQuery(const QStringList &selectExpressions, Campaigns campaigns,
                                 bool ordered) const
{
    if (peopleOfMatches)
        return buildPeopleQuery(selectExpressions, campaigns, ordered);
    LeadQuery query;
    const bool joinCampaigns = campaigns == Campaigns::Read || needsCampaigns(ordered);
    QString from;
    if (useSelection) {
        // The selection as one bound JSON array, not one placeholder per id: SQLite limits
        // bound parameters (32766), and a user can select a million rows. json_each's key is
        // the array index, which gives the selection's order. SQLite-only (JSON1 is built in
        // since 3.38); on another engine this becomes a temporary table.
        QJsonArray ids;
        for (qint64 id : leadRowIds)
            ids.append(id);
        from = u"json_each(?) AS sel JOIN leads l ON l.id = sel.value"_s;
        query.bindings.append(QString::fromUtf8(QJsonDocument(ids).toJson(QJsonDocument::Compact)));
    } else {
        from = u"leads l"_s;
    }
    const QString match = ftsMatch();
    const bool byCampaign = !campaignRowIds.isEmpty() || !campaignIds.isEmpty()
        || !fields.campaignName.trimmed().isEmpty();
    if (!useSelection && !match.isEmpty() && !byCampaign && hasSqlCriteria()
        && std::all_of(selectExpressions.begin(), selectExpressions.end(),
                       [](const QString &e) { return e == "l.id"_L1 || e == "count(*)"_L1; })) {
        // The search's matches checked against the quick filters and ranges in leads_filters
        // (~20 bytes a lead) instead of the leads rows: the planner would seek the table per
        // match (position "founder" + connections at 1M: 158 -> 53 ms in sqlite3).
        from += u" INDEXED BY leads_filters"_s;
    }
    if (joinCampaigns)
        from += u" JOIN campaigns c ON c.id = l.campaign"_s;

    QStringList where;
    if (!campaignRowIds.isEmpty() || !campaignIds.isEmpty()) {
        QStringList any;
        if (!campaignRowIds.isEmpty()) {
            QStringList marks(campaignRowIds.size(), u"?"_s);
            any.append(u"l.campaign IN ("_s + marks.join(u',') + u')');
            for (qint64 id : campaignRowIds)
                query.bindings.append(id);
        }
        if (!campaignIds.isEmpty()) {
            QStringList marks(campaignIds.size(), u"?"_s);
            any.append(u"c.campaign_id IN ("_s + marks.join(u',') + u')');
            for (const QString &id : campaignIds)
                query.bindings.append(id);
        }
        where.append(u'(' + any.join(u" OR "_s) + u')');
    }
    if (!match.isEmpty()) {
        // With campaigns, their leads come from leads_by_campaign and each is looked up in
        // the matches ('+' keeps the planner from seeking the table per match instead:
        // campaign "founders" + position "ceo" at 1M, 102 -> 29 ms in sqlite3).
        where.append((byCampaign ? u"+"_s : QString())
                     + u"l.id IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?)"_s);
        query.bindings.append(match);
    }
    // The quick filters are bits of leads.flags (LeadFlags), tested together: one term that
    // leads_filters covers, like the ranges of fields.
    int mask = 0;
    int value = 0;
    if (hasEmail) {
        mask |= LeadFlags::HasEmail;
        value |= LeadFlags::HasEmail;
    }
    if (hasPhone) {
        mask |= LeadFlags::HasPhone;
        value |= LeadFlags::HasPhone;
    }
    if (notExported)
        mask |= LeadFlags::Exported;
    if (onePerPerson) // the person's newest lead (kept by CampaignWriter)
        mask |= LeadFlags::Superseded;
    if (mask != 0)
        where.append(u"l.flags & %1 = %2"_s.arg(mask).arg(value));
    fields.appendClauses(&where, &query.bindings);

    query.sql = u"SELECT "_s + selectExpressions.join(u", "_s) + u" FROM "_s + from;
    if (!where.isEmpty())
        query.sql += u" WHERE "_s + where.join(u" AND "_s);

    if (ordered)
        query.sql += orderByClause();
    return query;
}

LeadQuery LeadFilter::buildPeopleQuery(const QStringList &selectExpressions, Campaigns campaigns,
                                       bool ordered) const
{
    // The matches (this filter without peopleOfMatches) as a CTE, then every lead sharing a
    // match's identity through the identifier index, and each match without one itself.
    LeadFilter matchedFilter = *this;
    matchedFilter.peopleOfMatches = false;
    matchedFilter.sortColumn.reset();
    const LeadQuery matched = matchedFilter.buildQuery({u"l.id"_s, u"l.linkedin_identifier"_s},
                                                       Campaigns::NotRead, false);
    LeadFilter everyLead;
    everyLead.sortColumn = sortColumn;
    everyLead.sortOrder = sortOrder;
    everyLead.collationLocale = collationLocale;
    LeadQuery query = everyLead.buildQuery(
        selectExpressions,
        campaigns == Campaigns::Read || everyLead.needsCampaigns(ordered) ? Campaigns::Read
                                                                          : Campaigns::NotRead,
        false);
    query.sql = u"WITH matched(id, identity) AS ("_s + matched.sql + u") "_s + query.sql
        + u" WHERE l.id IN (SELECT p.id FROM matched m JOIN leads p"
          " ON p.linkedin_identifier = m.identity AND p.linkedin_identifier <> ''"
          " WHERE m.identity <> '' UNION ALL SELECT m.id FROM matched m WHERE m.identity = '')"_s;
    query.bindings = matched.bindings + query.bindings;
    if (ordered)
        query.sql += everyLead.orderByClause();
    return query;
}

QString LeadFilter::orderByClause() const
{
    const QLatin1StringView direction = sortOrder == Qt::AscendingOrder ? " ASC"_L1 : " DESC"_L1;
    QStringList orderBy;
    if (sortColumn) {
        // Text in the user's language, case-insensitively ("alice" next to "Alice"): the
        // collation registered on every connection (Sqlite::registerLocaleCollations),
        // the order of the lead table's sort keys. Identifiers as NOCASE.
        QString collate;
        if (LeadColumn::sortsInLanguage(*sortColumn))
            collate
                = u" COLLATE "_s + QString::fromLatin1(LocaleCollator::sqlName(collationLocale));
        else if (LeadColumn::isText(*sortColumn))
            collate = u" COLLATE NOCASE"_s; // identifiers, see LeadColumn
        orderBy.append(LeadColumn::sqlExpression(*sortColumn) + collate + direction);
    }
    // A total order, so the export matches the view row for row.
    if (useSelection)
        orderBy.append(u"sel.key"_s);
    orderBy.append(u"l.id"_s + (sortColumn ? direction : " ASC"_L1));
    return u" ORDER BY "_s + orderBy.join(u", "_s);
}

LeadQuery LeadFilter::buildSelect(const QList<LeadColumn::Id> &columns) const
{
    QStringList expressions;
    expressions.reserve(columns.size());
    bool campaigns = false;
    for (LeadColumn::Id column : columns) {
        expressions.append(LeadColumn::sqlExpression(column));
        campaigns = campaigns || LeadColumn::needsCampaigns(column);
    }
    return buildQuery(expressions, campaigns ? Campaigns::Read : Campaigns::NotRead, true);
}

LeadQuery LeadFilter::buildCount() const
{
    return buildQuery({u"count(*)"_s}, Campaigns::NotRead, false);
}

LeadQuery LeadFilter::buildIdQuery() const
{
    if (!hasSqlCriteria() && !sortColumn) {
        const QString match = ftsMatch();
        if (match.isEmpty())
            return {u"SELECT id FROM leads ORDER BY id"_s, {}};
        return {u"SELECT rowid FROM leads_fts WHERE leads_fts MATCH ? ORDER BY rowid"_s, {match}};
    }
    return buildQuery({u"l.id"_s}, Campaigns::NotRead, true);
}

LeadQuery LeadFilter::buildTotalQuery() const
{
    LeadQuery query;
    query.sql = u"SELECT coalesce(sum(c.lead_count), 0) FROM campaigns c"_s;
    QStringList any;
    if (!campaignRowIds.isEmpty()) {
        any.append(u"c.id IN ("_s + QStringList(campaignRowIds.size(), u"?"_s).join(u',') + u')');
        for (qint64 id : campaignRowIds)
            query.bindings.append(id);
    }
    if (!campaignIds.isEmpty()) {
        any.append(u"c.campaign_id IN ("_s + QStringList(campaignIds.size(), u"?"_s).join(u',')
                   + u')');
        for (const QString &id : campaignIds)
            query.bindings.append(id);
    }
    if (!any.isEmpty())
        query.sql += u" WHERE "_s + any.join(u" OR "_s);
    return query;
}
