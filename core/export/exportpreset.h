// SPDX-License-Identifier: MIT
#pragma once

#include "query/leadcolumn.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

/// One CSV column: a header and where its value comes from.
struct ExportField
{
    enum class Kind {
        Column, ///< the lead column's value
        SourceLabel, ///< "SendPilot Extractor: <campaign name>", as in SendPilot's CRM example
        Constant, ///< the same text on every row
        Description, ///< headline, LinkedIn URL and source label, one per line (Salesforce)
    };
    QString header;
    Kind kind = Kind::Column;
    LeadColumn::Id column = LeadColumn::FullName; ///< for Kind::Column
    QString constant; ///< for Kind::Constant
};

/*!
    The CSV layouts a user can pick. The CRM presets use the header names each importer maps
    on its own, so an import needs no manual column mapping:

    - crm: the field set of SendPilot's own CRM import example (lead-extractor-job-completed
      docs: firstName, lastName, email, phone, company, title = job_position, linkedinUrl,
      headline, location, source = "SendPilot Extractor: <campaign name>").
    - hubspot: HubSpot contact property labels ("First Name", "Last Name", "Email",
      "Phone Number", "Company Name", "Job Title", "City", "Country/Region"), which HubSpot's
      import matches by label. "LinkedIn URL" is not a default contact property in every
      portal; unmatched, the importer offers to skip it or create a property.
    - salesforce: Data Import Wizard Lead field labels ("First Name", "Last Name", "Company",
      "Title", "Email", "Phone", "City", "Country", "Lead Source", "Description"). Lead Source
      is the constant "SendPilot" (a picklist: one value, not one per campaign); the campaign,
      headline and LinkedIn URL go to Description.
*/
struct ExportPreset
{
    enum class Id { Custom, All, Crm, HubSpot, Salesforce };

    Id id = Id::Custom;
    QList<ExportField> fields;

    QStringList headers() const;
    /// True when some field reads \a column (directly or through a derived kind).
    bool uses(LeadColumn::Id column) const;

    /// The named presets' command-line names: "all", "crm", "hubspot", "salesforce".
    static QStringList names();
    static std::optional<Id> idFromName(QStringView name);
    static QString name(Id id);
    static ExportPreset preset(Id id);
    /// Columns picked by the user (or the view's visible columns), titled in the UI language.
    static ExportPreset custom(const QList<LeadColumn::Id> &columns);
};
