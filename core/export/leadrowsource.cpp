// SPDX-License-Identifier: MIT
#include "export/leadrowsource.h"

using namespace Qt::StringLiterals;

LeadRowSource::Plan::Plan(const ExportPreset &preset, bool onePerPerson)
{
    for (const ExportField &f : preset.fields) {
        Out out {f.kind, LeadColumn::Type::Text, -1, {}};
        switch (f.kind) {
        case ExportField::Kind::Column:
            out.type = LeadColumn::type(f.column);
            out.index = indexOf(f.column);
            out.telephone = f.column == LeadColumn::Phone;
            out.link = f.column == LeadColumn::LinkedinUrl
                || f.column == LeadColumn::CompanyLinkedinUrl || f.column == LeadColumn::Website;
            break;
        case ExportField::Kind::Constant:
            out.constant = f.constant.toUtf8();
            break;
        case ExportField::Kind::Description:
            headlineIndex = indexOf(LeadColumn::Headline);
            linkedinIndex = indexOf(LeadColumn::LinkedinUrl);
            Q_FALLTHROUGH();
        case ExportField::Kind::SourceLabel:
            campaignIndex = indexOf(LeadColumn::CampaignName);
            sourceIndex = indexOf(LeadColumn::LeadSource);
            break;
        }
        outs.append(out);
    }
    if (onePerPerson) {
        // The merged campaign names are the CampaignName cell (PersonMerger): the campaign
        // column, the source label and the description list them all; a preset without any
        // of them gets a "Campaigns" column at the end, unless it has "All campaigns" (the
        // person table's columns), which lists them already.
        campaignsColumn = campaignIndex < 0 && !selected.contains(LeadColumn::CampaignName)
            && !selected.contains(LeadColumn::AllCampaigns);
        campaignIndex = indexOf(LeadColumn::CampaignName);
    }
}

QStringList LeadRowSource::headers() const
{
    QStringList headers = m_request.preset.headers();
    if (m_plan.campaignsColumn)
        headers.append(QCoreApplication::translate("LeadExporter", "Campaigns"));
    return headers;
}

LeadRowSource::LeadRowSource(const QSqlDatabase &db, const LeadExporter::Request &request)
    : m_plan(request.preset, request.onePerPerson)
    , m_request(request)
{
    if (request.preset.fields.isEmpty()) {
        fail(QCoreApplication::translate("LeadExporter", "No columns to export."),
             Result::Failure::Request);
        return;
    }
    // The rows are stepped on the SQLite handle and read as UTF-8 views: QSqlQuery::next()
    // + value() builds a QVariant and a UTF-16 QString per cell, and the writers convert
    // back to UTF-8; for 1,000,000 leads that alone costs more than SQLite's own stepping.
    sqlite3 *handle = Sqlite::handle(db);
    if (!handle) {
        fail(u"The export needs an open SQLite (QSQLITE) connection."_s, Result::Failure::Database);
        return;
    }
    LeadQuery select;
    QStringList expressions;
    bool campaigns = false;
    for (LeadColumn::Id column : m_plan.selected) {
        expressions.append(LeadColumn::sqlExpression(column));
        campaigns = campaigns || LeadColumn::needsCampaigns(column);
    }
    if (request.onePerPerson) {
        m_merger.emplace(m_plan.selected);
        expressions += PersonMerger::extraExpressions();
    }
    if (request.collectLeadRowIds) {
        // Every lead read is marked, merged into a person's row or not.
        m_idIndex = int(expressions.size());
        expressions.append(u"l.id"_s);
    }
    if (request.onePerPerson) {
        // Ordered by person, newest first, so that PersonMerger merges adjacent rows: the
        // view's sort does not apply (people come in identity order). SQLite sorts on disk
        // past its cache, so memory stays flat at any size.
        select = request.filter.buildQuery(expressions, LeadFilter::Campaigns::Read, false);
        select.sql += u" ORDER BY "_s + PersonMerger::orderBy();
    } else if (request.collectLeadRowIds) {
        select = request.filter.buildQuery(
            expressions, campaigns ? LeadFilter::Campaigns::Read : LeadFilter::Campaigns::NotRead);
    } else {
        select = request.filter.buildSelect(m_plan.selected);
    }
    if (!m_reader.prepare(handle, select.sql.toUtf8()) || !m_reader.bindAll(select.bindings)) {
        fail(u"Cannot prepare the export query: "_s + m_reader.errorText(),
             Result::Failure::Database);
        qCWarning(lcExport) << m_failure.error;
    }
}

LeadRowSource::~LeadRowSource() = default;
