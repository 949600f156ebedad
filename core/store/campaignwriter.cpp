// SPDX-License-Identifier: MIT
#include "store/campaignwriter.h"
#include "store/campaignwriter_p.h"

#include "sendpilot/leadjson.h"
#include "store/campaignsources.h"
#include "store/sqlitestatement.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringEncoder>

#include <array>

using namespace Qt::StringLiterals;

// The projector's hot path talks to SQLite's C API on the handle of the Qt SQL connection.
// Measured on the target machine, binding ~25 values per lead through QSqlQuery cost more than
// the whole budget of a 2,500-lead event; prepared statements kept for the writer's lifetime,
// bound in place, do not.

namespace {

QString activityJson(const Activity &a)
{
    QJsonObject o;
    const auto put = [&o](QLatin1StringView key, const QString &value) {
        if (!value.isEmpty())
            o.insert(key, value);
    };
    put("leadId"_L1, a.leadId);
    put("campaignId"_L1, a.campaignId);
    put("campaignName"_L1, a.campaignName);
    put("linkedinUrl"_L1, a.linkedinUrl);
    put("senderId"_L1, a.senderId);
    put("text"_L1, a.text);
    put("previousStatus"_L1, a.previousStatus);
    put("newStatus"_L1, a.newStatus);
    put("actor"_L1, a.actor);
    if (a.at.isValid())
        o.insert("at"_L1, a.at.toUTC().toString(Qt::ISODateWithMs));
    if (a.totalLeads)
        o.insert("totalLeads"_L1, *a.totalLeads);
    if (a.sequenceStep)
        o.insert("sequenceStep"_L1, *a.sequenceStep);
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString leadKey(const Lead &lead, qsizetype index)
{
    if (!lead.id.isEmpty())
        return lead.id;
    if (!lead.linkedinIdentifier.isEmpty())
        return lead.linkedinIdentifier;
    if (!lead.linkedinUrl.isEmpty())
        return lead.linkedinUrl;
    return u"#"_s + QString::number(index);
}

// Every value is bound with Binding::Static: the caller keeps each bound QString and buffer
// alive until exec() returns (which clears the bindings); that saves a copy per value.
using Sqlite::Statement;
constexpr auto Static = Statement::Binding::Static;

} // namespace

bool CampaignWriter::Private::resolveKey(qint64 campaign, const Lead &lead, qsizetype index,
                                         bool matchPerson, QString *key, QString *error)
{
    if (matchPerson) {
        const QString identifier
            = normalizedLinkedinIdentifier(lead.linkedinIdentifier, lead.linkedinUrl);
        if (!identifier.isEmpty()) {
            QString found;
            findByIdentity.bindText(1, identifier, Static);
            findByIdentity.bindInt64(2, campaign);
            if (!findByIdentity.exec(error, [&](const Statement &row) { found = row.text(0); }))
                return false;
            if (!found.isEmpty()) {
                *key = found;
                return true;
            }
        }
    }
    *key = leadKey(lead, index);
    return true;
}

bool CampaignWriter::Private::writeLead(qint64 campaign, const Lead &lead, const QString &key,
                                        bool fromApi, QString *error)
{
    // The identifier is the person's key across campaigns (LeadProfiles::load looks it up
    // through one index), normalised; when only the URL was sent, its slug stands in.
    const QString identifier
        = normalizedLinkedinIdentifier(lead.linkedinIdentifier, lead.linkedinUrl);
    experience.resize(0);
    LeadJson::appendExperience(experience, lead.experience);
    education.resize(0);
    LeadJson::appendEducation(education, lead.education);
    skills.resize(0);
    LeadJson::appendStringList(skills, lead.skills);

    // Converted to UTF-8 here, into one buffer reused across leads: SQLite's own UTF-16
    // conversion (bind_text16) allocates per value and showed in the profile.
    const std::array<const QString *, 19> texts = {&key,
                                                   &identifier,
                                                   &lead.linkedinUrl,
                                                   &lead.firstName,
                                                   &lead.lastName,
                                                   &lead.fullName,
                                                   &lead.headline,
                                                   &lead.summary,
                                                   &lead.location,
                                                   &lead.city,
                                                   &lead.country,
                                                   &lead.profilePictureUrl,
                                                   &lead.company,
                                                   &lead.jobPosition,
                                                   &lead.email,
                                                   &lead.phone,
                                                   &experience,
                                                   &education,
                                                   &skills};
    qsizetype needed = 0;
    for (const QString *text : texts)
        needed += utf8.requiredSpace(text->size());
    if (utf8Buffer.size() < needed)
        utf8Buffer.resize(needed); // never again until the loop below is done
    char *out = utf8Buffer.data();
    Statement &l = fromApi ? fillLead : upsertLead;
    l.bindInt64(1, campaign);
    for (int column = 0; column < int(texts.size()); ++column) {
        char *start = out;
        out = utf8.appendToBuffer(out, *texts[column]);
        // Parameters ?2..?17 are the 16 text columns, ?20..?22 the JSON ones.
        const int param = column < 16 ? column + 2 : column + 4;
        l.bindUtf8(param, QByteArrayView(start, out - start), Static);
    }
    l.bindOptional(18, lead.connections);
    l.bindOptional(19, lead.followers);
    if (!l.exec(error)) {
        *error = u"lead %1: %2"_s.arg(key.left(100)).arg(*error);
        return false;
    }
    return true;
}

bool CampaignWriter::Private::writeSearchFields(qint64 campaign, const Lead &lead,
                                                const QString &key, bool fromApi, QString *error)
{
    Statement &s = fromApi ? fillSearchFields : setSearchFields;
    s.bindInt64(1, campaign);
    s.bindText(2, key, Static);
    s.bindText(3, lead.jobTitle, Static);
    s.bindText(4, lead.industry, Static);
    s.bindText(5, lead.seniority, Static);
    s.bindText(6, lead.companyLinkedinUrl, Static);
    s.bindText(7, lead.website, Static);
    s.bindText(8, lead.employees, Static);
    if (!s.exec(error)) {
        *error = u"lead %1: %2"_s.arg(key.left(100)).arg(*error);
        return false;
    }
    return true;
}

CampaignWriter::CampaignWriter(sqlite3 *handle)
    : d(std::make_unique<Private>())
{
    d->handle = handle;
    if (!d->handle)
        d->lastError = u"The projector needs an open SQLite connection."_s;
    else if (!d->prepareAll())
        d->handle = nullptr;
}

CampaignWriter::~CampaignWriter() = default;

bool CampaignWriter::isValid() const
{
    return d->handle != nullptr;
}

QString CampaignWriter::lastError() const
{
    return d->lastError;
}

QString CampaignWriter::campaignKey(const Event &event)
{
    if (event.extractorJob && !event.extractorJob->campaignId.isEmpty())
        return event.extractorJob->campaignId;
    return event.eventId;
}

namespace {
// The row id an upsert's RETURNING gave, or 0 with \a error.
qint64 returnedCampaign(Statement &upsert, const QString &campaignId, QString *error)
{
    qint64 campaign = 0;
    if (!upsert.exec(error, [&](const Statement &row) { campaign = row.int64(0); }))
        return 0;
    if (!campaign)
        *error = u"campaign %1 was not written"_s.arg(campaignId);
    return campaign;
}
} // namespace

qint64 CampaignWriter::upsertCampaign(const Event &event, qint64 receivedAt, QString *error)
{
    Q_ASSERT(event.extractorJob);
    const ExtractorJob &job = *event.extractorJob;
    const QString campaignId = campaignKey(event);
    if (event.api && event.kind == EventKind::ApiCampaignLaunched) {
        QString searchUrls;
        LeadJson::appendStringList(searchUrls, job.searchUrls);
        Statement &c = d->upsertApiLaunch;
        c.bindText(1, campaignId, Static);
        c.bindText(2, event.eventId, Static);
        c.bindText(3, job.campaignName, Static);
        c.bindText(4, job.mode, Static);
        c.bindText(5, searchUrls, Static);
        c.bindInt64(6, job.requestedLimit);
        c.bindInt64(7, receivedAt);
        c.bindText(8, event.api->status, Static);
        return returnedCampaign(c, campaignId, error);
    }
    if (event.api) {
        const bool status = event.kind == EventKind::ApiCampaignStatus;
        Statement &c = status ? d->upsertApiStatus : d->upsertApiResults;
        c.bindText(1, campaignId, Static);
        c.bindText(2, event.eventId, Static);
        if (status) {
            const ApiFetch &api = *event.api;
            c.bindText(3, job.campaignName, Static);
            c.bindInt64(4, api.extracted.value_or(-1));
            c.bindInt64(5, api.enriched.value_or(-1));
            c.bindInt64(6, api.requested.value_or(-1));
            c.bindInt64(7, receivedAt);
            c.bindText(8, api.status, Static);
            if (api.percentComplete)
                c.bindDouble(9, *api.percentComplete);
            else
                c.bindNull(9);
            c.bindText(10, api.message, Static);
            c.bindInt64(11, int(job.source));
        } else {
            c.bindInt64(3, receivedAt);
            c.bindInt64(4, int(job.source));
        }
        return returnedCampaign(c, campaignId, error);
    }
    QString searchUrls;
    LeadJson::appendStringList(searchUrls, job.searchUrls);

    Statement &c = d->upsertCampaign;
    c.bindText(1, campaignId, Static);
    c.bindText(2, event.eventId, Static);
    c.bindText(3, job.campaignName, Static);
    c.bindText(4, job.campaignType, Static);
    c.bindText(5, job.mode, Static);
    c.bindText(6, searchUrls, Static);
    c.bindInt64(7, job.totalLeadsExtracted);
    c.bindInt64(8, job.totalLeadsEnriched);
    c.bindInt64(9, job.requestedLimit);
    c.bindTime(10, job.startedAt);
    c.bindTime(11, job.completedAt);
    c.bindInt64(12, job.durationMs);
    c.bindInt64(13, job.credits.extraction);
    c.bindInt64(14, job.credits.enrichment);
    c.bindInt64(15, job.credits.total);
    c.bindText(16, job.resultsUrl, Static);
    c.bindInt64(17, receivedAt);
    c.bindInt64(18, int(job.source));
    c.bindText(19, job.filtersJson, Static);
    return returnedCampaign(c, campaignId, error);
}

qint64 CampaignWriter::campaignRowId(const QString &campaignKey, QString *error)
{
    qint64 campaign = 0;
    d->findCampaign.bindText(1, campaignKey, Static);
    if (!d->findCampaign.exec(error, [&](const Statement &row) { campaign = row.int64(0); }))
        return 0;
    return campaign;
}

bool CampaignWriter::beginLeads(QString *error)
{
    d->slice = 0;
    return d->forgetChunk.exec(error) && d->forgetOldIndex.exec(error);
}

bool CampaignWriter::writeLeads(qint64 campaign, const ExtractorJob &job, qsizetype first,
                                qsizetype last, QString *error, const ApiFetch *api)
{
    ++d->slice;
    // Where the API is involved, the same person is matched by LinkedIn identity: a webhook and
    // a results page need not number a campaign's leads alike. A campaign only webhooks brought
    // keeps its keys as they were, without a lookup per lead.
    int sources = 0;
    d->campaignSources.bindInt64(1, campaign);
    if (!d->campaignSources.exec(error, [&](const Statement &row) { sources = int(row.int64(0)); }))
        return false;
    const bool matchPerson = api || (sources & CampaignSources::Api);
    const qsizetype base = api ? api->offset : 0;
    d->sliceKeys.resize(last - first);
    for (qsizetype i = first; i < last; ++i) {
        if (!d->resolveKey(campaign, job.leads.at(i), base + i, matchPerson,
                           &d->sliceKeys[i - first], error))
            return false;
    }
    for (qsizetype i = first; i < last; ++i) {
        // Only the keys first: the index rows of leads that already exist (a later event of the
        // campaign, a re-ingest) are remembered with their old values before the upsert.
        const QString &key = d->sliceKeys.at(i - first);
        d->rememberLead.bindText(1, key, Static);
        d->rememberLead.bindInt64(2, d->slice);
        if (!d->rememberLead.exec(error))
            return false;
    }
    d->rememberOldIndex.bindInt64(1, campaign);
    d->rememberOldIndex.bindInt64(2, d->slice);
    if (!d->rememberOldIndex.exec(error))
        return false;
    const bool search = job.source == CampaignSource::LeadDatabase;
    for (qsizetype i = first; i < last; ++i) {
        const Lead &lead = job.leads.at(i);
        const QString &key = d->sliceKeys.at(i - first);
        if (!d->writeLead(campaign, lead, key, api != nullptr, error))
            return false;
        if (search && !d->writeSearchFields(campaign, lead, key, api != nullptr, error))
            return false;
    }
    return true;
}

bool CampaignWriter::markResultsRead(qint64 campaign, QString *error)
{
    d->resultsRead.bindInt64(1, campaign);
    return d->resultsRead.exec(error);
}

bool CampaignWriter::indexLeads(qint64 campaign, QString *error)
{
    if (!d->unindexChunk.exec(error))
        return false;
    d->indexChunk.bindInt64(1, campaign);
    if (!d->indexChunk.exec(error))
        return false;
    d->markPeople.bindInt64(1, campaign);
    if (!d->markPeople.exec(error))
        return false;
    return d->forgetChunk.exec(error) && d->forgetOldIndex.exec(error);
}

bool CampaignWriter::updateCounts(qint64 campaign, QString *error)
{
    d->updateCounts.bindInt64(1, campaign);
    return d->updateCounts.exec(error);
}

bool CampaignWriter::writeActivity(const QString &eventId, const Activity &activity, QString *error)
{
    const QString json = activityJson(activity);
    d->writeActivity.bindText(1, eventId, Static);
    d->writeActivity.bindText(2, json, Static);
    return d->writeActivity.exec(error);
}
