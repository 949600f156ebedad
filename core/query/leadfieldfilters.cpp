// SPDX-License-Identifier: MIT
#include "query/leadfieldfilters.h"

#include "common/leadflags.h"
#include "common/textfold.h"
#include "query/leadfilter.h"

using namespace Qt::StringLiterals;

namespace {

/// "column : \"w1\"* column : \"w2\"*": every word of \a text (simplified) under the column
/// filter, quoted by LeadFilter::ftsMatchExpression().
void appendColumnTerms(const QString &text, QLatin1StringView column, QStringList *terms)
{
    for (const QString &word : text.split(u' ', Qt::SkipEmptyParts)) {
        const QString term = LeadFilter::ftsMatchExpression(word);
        if (!term.isEmpty())
            terms->append(column + u" : "_s + term);
    }
}

} // namespace

bool LeadFieldFilters::hasSqlClauses() const
{
    return !campaignName.trimmed().isEmpty() || enriched || !connections.isEmpty()
        || !followers.isEmpty();
}

QString LeadFieldFilters::ftsExpression() const
{
    QStringList terms;
    appendColumnTerms(company.simplified(), "company"_L1, &terms);
    appendColumnTerms(jobPosition.simplified(), "job_position"_L1, &terms);
    appendColumnTerms(location.simplified(), "location"_L1, &terms);
    appendColumnTerms(industry.simplified(), "industry"_L1, &terms);
    appendColumnTerms(seniority.simplified(), "seniority"_L1, &terms);
    return terms.join(u' ');
}

void LeadFieldFilters::appendRange(const LeadRange &range, const QString &column,
                                   QStringList *where, QVariantList *bindings)
{
    // NULL (unknown) never satisfies a bound: a lead whose count SendPilot did not send is
    // not "at least 500".
    if (range.min) {
        where->append(column + u" >= ?"_s);
        bindings->append(*range.min);
    }
    if (range.max) {
        where->append(column + u" <= ?"_s);
        bindings->append(*range.max);
    }
}

void LeadFieldFilters::appendClauses(QStringList *where, QVariantList *bindings) const
{
    const QString name = TextFold::folded(campaignName.simplified());
    if (!name.isEmpty()) {
        // The campaigns are few: lv_fold() over each name, then the leads of the matching ones
        // through leads_by_campaign.
        where->append(u"l.campaign IN (SELECT fc.id FROM campaigns fc"
                      " WHERE instr(lv_fold(fc.name), ?) > 0)"_s);
        bindings->append(name);
    }
    if (enriched) // an email or a phone: either bit of leads.flags, read from leads_filters
        where->append(u"l.flags & %1 <> 0"_s.arg(LeadFlags::HasEmail | LeadFlags::HasPhone));
    appendRange(connections, u"l.connections"_s, where, bindings);
    appendRange(followers, u"l.followers"_s, where, bindings);
}
