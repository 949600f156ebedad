// SPDX-License-Identifier: MIT
#include "leadcolumn.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace LeadColumn {
namespace {

enum class Table { Leads, Campaigns };

// ExportHistory marks people by this key and the "Last exported" column and the "Not yet
// exported" filter look it up: the same text everywhere, or a mark is never found. A LinkedIn
// identifier never holds a colon, so 'lead:<id>' cannot meet a real identity.
#define LV_EXPORT_IDENTITY                                                                         \
    "CASE WHEN l.linkedin_identifier <> '' THEN l.linkedin_identifier ELSE 'lead:' || l.id END"

struct Info
{
    const char *key;
    const char *title; // marked for translation with QT_TRANSLATE_NOOP
    const char *sql;
    Type type;
    bool searchable;
    Table table = Table::Leads; // the table sql reads; Campaigns for the c.* expressions
};

// One row per Id, in enum order (checked by the static_assert below).
constexpr Info Infos[] = {
    {"full_name", QT_TRANSLATE_NOOP("LeadColumn", "Full name"), "l.full_name", Type::Text, true},
    {"first_name", QT_TRANSLATE_NOOP("LeadColumn", "First name"), "l.first_name", Type::Text,
     false},
    {"last_name", QT_TRANSLATE_NOOP("LeadColumn", "Last name"), "l.last_name", Type::Text, false},
    {"headline", QT_TRANSLATE_NOOP("LeadColumn", "Headline"), "l.headline", Type::Text, true},
    {"company", QT_TRANSLATE_NOOP("LeadColumn", "Company"), "l.company", Type::Text, true},
    {"job_position", QT_TRANSLATE_NOOP("LeadColumn", "Job position"), "l.job_position", Type::Text,
     true},
    {"location", QT_TRANSLATE_NOOP("LeadColumn", "Location"), "l.location", Type::Text, true},
    {"city", QT_TRANSLATE_NOOP("LeadColumn", "City"), "l.city", Type::Text, false},
    {"country", QT_TRANSLATE_NOOP("LeadColumn", "Country"), "l.country", Type::Text, false},
    {"email", QT_TRANSLATE_NOOP("LeadColumn", "Email"), "l.email", Type::Text, true},
    {"phone", QT_TRANSLATE_NOOP("LeadColumn", "Phone"), "l.phone", Type::Text, false},
    {"linkedin_url", QT_TRANSLATE_NOOP("LeadColumn", "LinkedIn URL"), "l.linkedin_url", Type::Text,
     false},
    {"linkedin_identifier", QT_TRANSLATE_NOOP("LeadColumn", "LinkedIn identifier"),
     "l.linkedin_identifier", Type::Text, false},
    {"connections", QT_TRANSLATE_NOOP("LeadColumn", "Connections"), "l.connections", Type::Integer,
     false},
    {"followers", QT_TRANSLATE_NOOP("LeadColumn", "Followers"), "l.followers", Type::Integer,
     false},
    {"summary", QT_TRANSLATE_NOOP("LeadColumn", "Summary"), "l.summary", Type::Text, false},
    {"profile_picture_url", QT_TRANSLATE_NOOP("LeadColumn", "Profile picture URL"),
     "l.profile_picture_url", Type::Text, false},
    {"experience", QT_TRANSLATE_NOOP("LeadColumn", "Experience"), "l.experience",
     Type::ExperienceJson, false},
    {"education", QT_TRANSLATE_NOOP("LeadColumn", "Education"), "l.education", Type::EducationJson,
     false},
    {"skills", QT_TRANSLATE_NOOP("LeadColumn", "Skills"), "l.skills", Type::StringListJson, false},
    {"campaign", QT_TRANSLATE_NOOP("LeadColumn", "Campaign"), "c.name", Type::Text, false,
     Table::Campaigns},
    {"campaign_id", QT_TRANSLATE_NOOP("LeadColumn", "Campaign ID"), "c.campaign_id", Type::Text,
     false, Table::Campaigns},
    {"lead_id", QT_TRANSLATE_NOOP("LeadColumn", "Lead ID"), "l.lead_id", Type::Text, false},
    {"received_at", QT_TRANSLATE_NOOP("LeadColumn", "Received at"), "c.received_at",
     Type::TimestampMs, false, Table::Campaigns},
    // One primary-key lookup per lead; sorts like any leads column (LeadSortKeyReader).
    {"last_exported", QT_TRANSLATE_NOOP("LeadColumn", "Last exported"),
     "(SELECT e.last_exported_at FROM lead_exports e WHERE e.identity = " LV_EXPORT_IDENTITY ")",
     Type::TimestampMs, false},
    // The person's campaigns through the identifier index, newest first and each name once, as
    // PersonMerger lists them; a lead without an identity is a person of its own, in its own
    // campaign. A lookup
    // per lead: shown for the rows on screen, sorted on the query thread like "Last exported".
    {"all_campaigns", QT_TRANSLATE_NOOP("LeadColumn", "All campaigns"),
     "coalesce((SELECT group_concat(name, '; ') FROM (SELECT cp.name AS name FROM leads p"
     " JOIN campaigns cp ON cp.id = p.campaign WHERE p.linkedin_identifier = l.linkedin_identifier"
     " AND p.linkedin_identifier <> '' AND cp.name <> '' GROUP BY cp.name"
     " ORDER BY max(cp.received_at) DESC, max(cp.id) DESC)),"
     " (SELECT cl.name FROM campaigns cl WHERE cl.id = l.campaign))",
     Type::Text, false},
    {"job_title", QT_TRANSLATE_NOOP("LeadColumn", "Job title"), "l.job_title", Type::Text, false},
    {"industry", QT_TRANSLATE_NOOP("LeadColumn", "Industry"), "l.industry", Type::Text, true},
    {"seniority", QT_TRANSLATE_NOOP("LeadColumn", "Seniority"), "l.seniority", Type::Text, true},
    {"company_linkedin_url", QT_TRANSLATE_NOOP("LeadColumn", "Company LinkedIn URL"),
     "l.company_linkedin_url", Type::Text, false},
    {"website", QT_TRANSLATE_NOOP("LeadColumn", "Website"), "l.website", Type::Text, false},
    {"employees", QT_TRANSLATE_NOOP("LeadColumn", "Employees"), "l.employees", Type::Text, false},
    {"lead_source", QT_TRANSLATE_NOOP("LeadColumn", "Lead source"),
     "iif(c.source = 1, 'Lead Database', 'Lead Extractor')", Type::Text, false, Table::Campaigns},
};
static_assert(std::size(Infos) == Count, "one Info per LeadColumn::Id");

// The table of each expression, checked once at compile time: one that starts "c." reads
// campaigns, one that starts "l." or "(" (a subquery of its own) does not; any other form
// says its table itself.
constexpr bool tablesMatchExpressions()
{
    for (const Info &i : Infos) {
        const bool campaign = i.sql[0] == 'c' && i.sql[1] == '.';
        const bool lead = (i.sql[0] == 'l' && i.sql[1] == '.') || i.sql[0] == '(';
        if ((campaign && i.table != Table::Campaigns) || (lead && i.table != Table::Leads))
            return false;
    }
    return true;
}
static_assert(tablesMatchExpressions(), "Info::table must match the alias of Info::sql");

const Info &info(Id column)
{
    Q_ASSERT(column >= 0 && column < Count);
    return Infos[column];
}

} // namespace

QList<Id> all()
{
    QList<Id> ids;
    ids.reserve(Count);
    for (int i = 0; i < Count; ++i)
        ids.append(static_cast<Id>(i));
    return ids;
}

QString key(Id column)
{
    return QString::fromLatin1(info(column).key);
}

std::optional<Id> fromKey(QStringView key)
{
    QString normalized = key.trimmed().toString().toLower();
    normalized.replace(u'-', u'_');
    for (int i = 0; i < Count; ++i) {
        if (normalized == QLatin1StringView(Infos[i].key))
            return static_cast<Id>(i);
    }
    return std::nullopt;
}

QString title(Id column)
{
    return QCoreApplication::translate("LeadColumn", info(column).title);
}

QString untranslatedTitle(Id column)
{
    return QString::fromLatin1(info(column).title);
}

QString sqlExpression(Id column)
{
    return QString::fromLatin1(info(column).sql);
}

bool needsCampaigns(Id column)
{
    return info(column).table == Table::Campaigns;
}

Type type(Id column)
{
    return info(column).type;
}

bool isNumeric(Id column)
{
    const Type t = type(column);
    return t == Type::Integer;
}

bool isText(Id column)
{
    const Type t = type(column);
    return t != Type::Integer && t != Type::TimestampMs;
}

bool sortsInLanguage(Id column)
{
    switch (column) {
    case Email:
    case Phone:
    case LinkedinUrl:
    case LinkedinIdentifier:
    case ProfilePictureUrl:
    case LeadId:
    case CampaignId:
    case CompanyLinkedinUrl:
    case Website:
    case Employees:
        return false;
    default:
        return isText(column);
    }
}

QString exportIdentitySql()
{
    return QString::fromLatin1(LV_EXPORT_IDENTITY);
}

bool isSearchable(Id column)
{
    return info(column).searchable;
}

} // namespace LeadColumn
