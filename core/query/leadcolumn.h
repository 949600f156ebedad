// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringView>
#include <optional>

/*!
    The registry of every lead column the viewer shows and the export writes, defined once:
    a stable key for the command line, a translatable title, the SQL expression over
    \c leads \c l JOIN \c campaigns \c c, and how the value is typed.
*/
namespace LeadColumn {
Q_NAMESPACE

enum Id : int {
    FullName,
    FirstName,
    LastName,
    Headline,
    Company,
    JobPosition,
    Location,
    City,
    Country,
    Email,
    Phone,
    LinkedinUrl,
    LinkedinIdentifier,
    Connections,
    Followers,
    Summary,
    ProfilePictureUrl,
    Experience,
    Education,
    Skills,
    CampaignName,
    CampaignId,
    LeadId,
    ReceivedAt,
    LastExported, ///< when the person last went into an export that marked its leads
    AllCampaigns, ///< every campaign of the person, newest first ("; "-separated)
    // What a Lead Database search gives (schema v12); empty for Lead Extractor leads.
    JobTitle,
    Industry,
    Seniority,
    CompanyLinkedinUrl,
    Website,
    Employees, ///< a head count or a band ("51-200"), as sent: text
    /// The kind of source of the lead's campaign: "Lead Extractor" or "Lead Database" (a
    /// search), in English as the CRM's source label says it.
    LeadSource,
    Count
};
Q_ENUM_NS(Id)

enum class Type {
    Text, ///< TEXT NOT NULL DEFAULT ''
    Integer, ///< INTEGER, may be NULL (unknown)
    TimestampMs, ///< INTEGER milliseconds since the epoch, UTC; written as ISO 8601
    ExperienceJson, ///< JSON [{"title","company","duration"}], flattened for display
    EducationJson, ///< JSON [{"school","degree"}], flattened for display
    StringListJson, ///< JSON ["..."], flattened for display
};

/// Every column, in the registry's (and the "all" preset's) order.
QList<Id> all();
/// The command-line key, e.g. "full_name", "email", "campaign". Stable: scripts depend on it.
QString key(Id column);
/// The key's column, or nullopt. Case-insensitive; '-' is accepted for '_'.
std::optional<Id> fromKey(QStringView key);
/// The column title in the current UI language (QCoreApplication::translate, context
/// "LeadColumn").
QString title(Id column);
/// The English title, for files that must not change with the user's language.
QString untranslatedTitle(Id column);
/// The SQL expression over the aliases l (leads) and c (campaigns). Never user input.
QString sqlExpression(Id column);
/// True when sqlExpression() reads the campaigns table (alias c), so a query that selects,
/// filters or sorts by the column must join it.
bool needsCampaigns(Id column);
Type type(Id column);
/// True when the value is written and sorted as a number.
bool isNumeric(Id column);
/// True when the value sorts as text: plain text and the JSON columns, which sort by the text
/// the table shows. False for numbers and times.
bool isText(Id column);
/*!
    True for text in a human language (names, companies, headlines, places, the JSON columns):
    sorted in the user's language (LocaleCollator: accents next to their letter, case
    ignored). The identifiers (email, phone, URLs, LinkedIn identifier, lead and campaign ids)
    sort as SQLite's NOCASE does, their bytes with ASCII case folded: a language's rules mean
    nothing to them, and an ICU sort key per distinct value (a million URLs) would take a 1M
    sort past a second.
*/
bool sortsInLanguage(Id column);
/*!
    The key of a lead's person in lead_exports (schema v8), an SQL expression over l: the
    normalised LinkedIn identity, or 'lead:' followed by leads.id for a lead without one.
*/
QString exportIdentitySql();
/// True for the columns covered by the leads_fts index.
bool isSearchable(Id column);
} // namespace LeadColumn
