// SPDX-License-Identifier: MIT
#include "exportpreset.h"

using namespace Qt::StringLiterals;

namespace {
ExportField column(const QString &header, LeadColumn::Id id)
{
    return ExportField {header, ExportField::Kind::Column, id, {}};
}
ExportField derived(const QString &header, ExportField::Kind kind, const QString &constant = {})
{
    return ExportField {header, kind, LeadColumn::FullName, constant};
}
} // namespace

QStringList ExportPreset::headers() const
{
    QStringList out;
    out.reserve(fields.size());
    for (const ExportField &f : fields)
        out.append(f.header);
    return out;
}

bool ExportPreset::uses(LeadColumn::Id id) const
{
    for (const ExportField &f : fields) {
        switch (f.kind) {
        case ExportField::Kind::Column:
            if (f.column == id)
                return true;
            break;
        case ExportField::Kind::SourceLabel:
            if (id == LeadColumn::CampaignName || id == LeadColumn::LeadSource)
                return true;
            break;
        case ExportField::Kind::Description:
            if (id == LeadColumn::CampaignName || id == LeadColumn::Headline
                || id == LeadColumn::LinkedinUrl || id == LeadColumn::LeadSource)
                return true;
            break;
        case ExportField::Kind::Constant:
            break;
        }
    }
    return false;
}

QStringList ExportPreset::names()
{
    return {u"all"_s, u"crm"_s, u"hubspot"_s, u"salesforce"_s};
}

std::optional<ExportPreset::Id> ExportPreset::idFromName(QStringView name)
{
    const QString n = name.trimmed().toString().toLower();
    if (n == "all"_L1)
        return Id::All;
    if (n == "crm"_L1)
        return Id::Crm;
    if (n == "hubspot"_L1)
        return Id::HubSpot;
    if (n == "salesforce"_L1)
        return Id::Salesforce;
    return std::nullopt;
}

QString ExportPreset::name(Id id)
{
    switch (id) {
    case Id::All:
        return u"all"_s;
    case Id::Crm:
        return u"crm"_s;
    case Id::HubSpot:
        return u"hubspot"_s;
    case Id::Salesforce:
        return u"salesforce"_s;
    case Id::Custom:
        break;
    }
    return u"custom"_s;
}

ExportPreset ExportPreset::preset(Id id)
{
    using C = LeadColumn::Id;
    using K = ExportField::Kind;
    ExportPreset p;
    p.id = id;
    // The CRM headers are importer contracts, so they are never translated.
    switch (id) {
    case Id::Custom:
        break;
    case Id::All:
        // Not "Last exported": in the file it would say when the rows were exported before
        // this export; nor "All campaigns", which one row per person writes in the Campaign
        // column. Its first 24 columns stay the ones scripts already read (`--columns
        // ...,last_exported,all_campaigns` asks for the two); the Lead Database search's fields
        // and the lead source (schema v12) follow them, empty for Lead Extractor leads.
        for (LeadColumn::Id c : LeadColumn::all()) {
            if (c != LeadColumn::LastExported && c != LeadColumn::AllCampaigns)
                p.fields.append(column(LeadColumn::untranslatedTitle(c), c));
        }
        break;
    case Id::Crm:
        p.fields = {column(u"First Name"_s, C::FirstName),
                    column(u"Last Name"_s, C::LastName),
                    column(u"Email"_s, C::Email),
                    column(u"Phone"_s, C::Phone),
                    column(u"Company"_s, C::Company),
                    column(u"Title"_s, C::JobPosition),
                    column(u"LinkedIn URL"_s, C::LinkedinUrl),
                    column(u"Headline"_s, C::Headline),
                    column(u"Location"_s, C::Location),
                    derived(u"Source"_s, K::SourceLabel)};
        break;
    case Id::HubSpot:
        p.fields = {column(u"First Name"_s, C::FirstName),
                    column(u"Last Name"_s, C::LastName),
                    column(u"Email"_s, C::Email),
                    column(u"Phone Number"_s, C::Phone),
                    column(u"Company Name"_s, C::Company),
                    column(u"Job Title"_s, C::JobPosition),
                    column(u"City"_s, C::City),
                    column(u"Country/Region"_s, C::Country),
                    column(u"LinkedIn URL"_s, C::LinkedinUrl)};
        break;
    case Id::Salesforce:
        p.fields = {column(u"First Name"_s, C::FirstName),
                    column(u"Last Name"_s, C::LastName),
                    column(u"Company"_s, C::Company),
                    column(u"Title"_s, C::JobPosition),
                    column(u"Email"_s, C::Email),
                    column(u"Phone"_s, C::Phone),
                    column(u"City"_s, C::City),
                    column(u"Country"_s, C::Country),
                    derived(u"Lead Source"_s, K::Constant, u"SendPilot"_s),
                    derived(u"Description"_s, K::Description)};
        break;
    }
    return p;
}

ExportPreset ExportPreset::custom(const QList<LeadColumn::Id> &columns)
{
    ExportPreset p;
    p.id = Id::Custom;
    for (LeadColumn::Id c : columns)
        p.fields.append(column(LeadColumn::title(c), c));
    return p;
}
