// SPDX-License-Identifier: MIT
#include "store/eventstore.h"

#include "common/limits.h"
#include "common/logging.h"
#include "sendpilot/leadjson.h"
#include "store/rejectionlog.h"
#include "store/sqlitestatement.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringEncoder>
#include <QVariant>

#include <array>

using namespace Qt::StringLiterals;

// The write path talks to SQLite's C API on the handle of the Qt SQL connection. Measured on the
// target machine, binding ~25 values per lead through QSqlQuery cost more than the whole budget
// of a 2,500-lead event; prepared statements kept for the store's lifetime, bound in place, do
// not. Everything SQLite-specific stays in core/store.

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

struct EventStore::Private
{
    QSqlDatabase db;
    sqlite3 *handle = nullptr;
    QString lastError;
    std::unique_ptr<RejectionLog> rejections;

    Statement begin, commit, rollback, savepoint, release, rollbackTo;
    Statement insertDelivery, eventExists, insertEvent, upsertCampaign, unindexCampaign,
        indexCampaign, upsertLead, updateCounts, markSeen, counts;

    // Reused per lead so that building JSON does not allocate once capacity is reached.
    QString experience, education, skills;
    QByteArray utf8Buffer;
    QStringEncoder utf8 {QStringEncoder::Utf8};

    bool prepareAll();
    qint64 insertDelivery_(const DeliveryRecord &delivery, const QString &verdict, int status,
                           const QString &detail, const QByteArray &body, const Event *event,
                           QString *error);
    bool storeEvent(const Item &item, qint64 deliveryId, QString *error);
    bool storeExtractorJob(const Event &event, qint64 receivedAt, QString *error);
    bool exec(Statement &statement, QString *error) { return statement.exec(error); }
};

bool EventStore::Private::prepareAll()
{
    struct Entry
    {
        Statement *statement;
        const char *sql;
    };
    const Entry entries[] = {
        {&begin, "BEGIN IMMEDIATE"},
        {&commit, "COMMIT"},
        {&rollback, "ROLLBACK"},
        {&savepoint, "SAVEPOINT item"},
        {&release, "RELEASE item"},
        {&rollbackTo, "ROLLBACK TO item"},
        {&insertDelivery,
         "INSERT INTO deliveries (received_at, peer, method, path, headers, body, body_size,"
         " status, verdict, verified, event_id, event_type, lead_count, detail, forwarded_for)"
         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"},
        {&eventExists, "SELECT received_at FROM events WHERE event_id = ?1"},
        {&insertEvent,
         "INSERT INTO events (event_id, event_type, kind, occurred_at, workspace_id,"
         " received_at, verified, delivery_id, campaign_id, lead_id, lead_count, activity)"
         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
         " ON CONFLICT (event_id) DO NOTHING"},
        // A later event for the same campaign replaces its fields and marks it unseen
        // again: it brings leads the analyst has not looked at.
        {&upsertCampaign,
         "INSERT INTO campaigns (campaign_id, event_id, name, type, mode, search_urls,"
         " leads_extracted, leads_enriched, requested_limit, started_at, completed_at,"
         " duration_ms, credits_extraction, credits_enrichment, credits_total, results_url,"
         " received_at)"
         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"
         " ON CONFLICT (campaign_id) DO UPDATE SET event_id = excluded.event_id,"
         " name = excluded.name, type = excluded.type, mode = excluded.mode,"
         " search_urls = excluded.search_urls, leads_extracted = excluded.leads_extracted,"
         " leads_enriched = excluded.leads_enriched,"
         " requested_limit = excluded.requested_limit, started_at = excluded.started_at,"
         " completed_at = excluded.completed_at, duration_ms = excluded.duration_ms,"
         " credits_extraction = excluded.credits_extraction,"
         " credits_enrichment = excluded.credits_enrichment,"
         " credits_total = excluded.credits_total, results_url = excluded.results_url,"
         " received_at = excluded.received_at, seen = 0"
         " RETURNING id, lead_count"},
        // leads_fts is synced per event in two set-based statements (see the schema's comment
        // on why not a row trigger): the campaign's indexed leads are taken out before its
        // leads are upserted and put back after.
        {&unindexCampaign,
         "INSERT INTO leads_fts (leads_fts, rowid, full_name, headline, company,"
         " job_position, location, email) SELECT 'delete', id, full_name, headline,"
         " company, job_position, location, email FROM leads WHERE campaign = ?1"},
        {&indexCampaign,
         "INSERT INTO leads_fts (rowid, full_name, headline, company, job_position,"
         " location, email) SELECT id, full_name, headline, company, job_position,"
         " location, email FROM leads WHERE campaign = ?1"},
        {&upsertLead,
         "INSERT INTO leads (campaign, lead_id, linkedin_identifier, linkedin_url, first_name,"
         " last_name, full_name, headline, summary, location, city, country,"
         " profile_picture_url, company, job_position, email, phone, connections, followers,"
         " experience, education, skills)"
         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
         " ?17, ?18, ?19, ?20, ?21, ?22)"
         " ON CONFLICT (campaign, lead_id) DO UPDATE SET"
         " linkedin_identifier = excluded.linkedin_identifier,"
         " linkedin_url = excluded.linkedin_url, first_name = excluded.first_name,"
         " last_name = excluded.last_name, full_name = excluded.full_name,"
         " headline = excluded.headline, summary = excluded.summary,"
         " location = excluded.location, city = excluded.city, country = excluded.country,"
         " profile_picture_url = excluded.profile_picture_url, company = excluded.company,"
         " job_position = excluded.job_position, email = excluded.email,"
         " phone = excluded.phone, connections = excluded.connections,"
         " followers = excluded.followers, experience = excluded.experience,"
         " education = excluded.education, skills = excluded.skills"},
        // Recounted rather than adjusted: an upsert may turn a lead with an email into one
        // without, and the scan of one campaign's leads costs little next to inserting them.
        {&updateCounts,
         "UPDATE campaigns SET (lead_count, email_count, phone_count) ="
         " (SELECT count(*), coalesce(sum(email <> ''), 0), coalesce(sum(phone <> ''), 0)"
         " FROM leads WHERE campaign = ?1) WHERE id = ?1"},
        {&markSeen, "UPDATE campaigns SET seen = 1 WHERE id = ?1"},
        {&counts,
         "SELECT (SELECT count(*) FROM campaigns), (SELECT count(*) FROM leads),"
         " (SELECT count(*) FROM events), (SELECT count(*) FROM deliveries)"},
    };
    for (const Entry &entry : entries) {
        if (!entry.statement->prepare(handle, entry.sql, Statement::Persistence::Persistent)) {
            lastError
                = u"Cannot prepare the store's statements: %1."_s.arg(entry.statement->errorText());
            return false;
        }
    }
    return true;
}

qint64 EventStore::Private::insertDelivery_(const DeliveryRecord &delivery, const QString &verdict,
                                            int status, const QString &detail,
                                            const QByteArray &body, const Event *event,
                                            QString *error)
{
    const QString headers = redactedHeaders(delivery.headers);
    const QString eventId
        = !delivery.eventId.isEmpty() || !event ? delivery.eventId : event->eventId;
    const QString eventType
        = !delivery.eventType.isEmpty() || !event ? delivery.eventType : event->eventType;
    const qint64 leadCount
        = delivery.leadCount || !event ? delivery.leadCount : qint64(event->leadCount());
    Statement &s = insertDelivery;
    s.bindInt64(
        1, delivery.receivedAtMs ? delivery.receivedAtMs : QDateTime::currentMSecsSinceEpoch());
    s.bindText(2, delivery.peer, Static);
    s.bindText(3, delivery.method, Static);
    s.bindText(4, delivery.path, Static);
    s.bindText(5, headers, Static);
    s.bindBlob(6, body, Static);
    s.bindInt64(7, delivery.bodySize ? delivery.bodySize : delivery.body.size());
    s.bindInt64(8, status);
    s.bindText(9, verdict, Static);
    s.bindInt64(10, delivery.verified ? 1 : 0);
    s.bindTextOrNull(11, eventId, Static);
    s.bindTextOrNull(12, eventType, Static);
    s.bindInt64(13, leadCount);
    s.bindText(14, detail, Static);
    s.bindText(15, delivery.forwardedFor, Static);
    if (!s.exec(error))
        return 0;
    return Sqlite::lastInsertRowId(handle);
}

bool EventStore::Private::storeEvent(const Item &item, qint64 deliveryId, QString *error)
{
    const Event &event = item.event;
    const qint64 receivedAt = item.delivery.receivedAtMs ? item.delivery.receivedAtMs
                                                         : QDateTime::currentMSecsSinceEpoch();
    QString campaignId;
    QString leadId;
    QString activity;
    if (event.extractorJob) {
        // An extractor job without a campaign id still gets a campaign of its own rather than
        // being merged with every other such job under ''.
        campaignId = event.extractorJob->campaignId.isEmpty() ? event.eventId
                                                              : event.extractorJob->campaignId;
    } else if (event.activity) {
        campaignId = event.activity->campaignId;
        leadId = event.activity->leadId;
        activity = activityJson(*event.activity);
    }
    const QString kind = canonicalEventType(event.kind);

    Statement &s = insertEvent;
    s.bindText(1, event.eventId, Static);
    s.bindText(2, event.eventType, Static);
    s.bindText(3, kind, Static);
    s.bindTime(4, event.timestamp);
    s.bindText(5, event.workspaceId, Static);
    s.bindInt64(6, receivedAt);
    s.bindInt64(7, item.delivery.verified ? 1 : 0);
    s.bindInt64(8, deliveryId);
    s.bindText(9, campaignId, Static);
    s.bindText(10, leadId, Static);
    s.bindInt64(11, event.leadCount());
    s.bindTextOrNull(12, activity, Static);
    if (!s.exec(error))
        return false;
    if (Sqlite::changes(handle) == 0) {
        // Checked before, inside the same write transaction: cannot happen.
        *error = u"event %1 appeared while it was being stored"_s.arg(event.eventId);
        return false;
    }
    if (event.extractorJob)
        return storeExtractorJob(event, receivedAt, error);
    return true;
}

bool EventStore::Private::storeExtractorJob(const Event &event, qint64 receivedAt, QString *error)
{
    const ExtractorJob &job = *event.extractorJob;
    const QString campaignId = job.campaignId.isEmpty() ? event.eventId : job.campaignId;
    QString searchUrls;
    LeadJson::appendStringList(searchUrls, job.searchUrls);

    Statement &c = upsertCampaign;
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
    qint64 campaign = 0;
    qint64 previousLeads = 0;
    bool hadRow = false;
    // RETURNING shows lead_count as it was: the upsert does not touch it.
    const bool ran = c.exec(error, [&](const Statement &row) {
        campaign = row.int64(0);
        previousLeads = row.int64(1);
        hadRow = true;
    });
    if (!ran)
        return false;
    if (!hadRow) {
        *error = u"campaign %1 was not written"_s.arg(campaignId);
        return false;
    }
    if (previousLeads > 0) {
        unindexCampaign.bindInt64(1, campaign);
        if (!unindexCampaign.exec(error))
            return false;
    }

    Statement &l = upsertLead;
    for (qsizetype i = 0; i < job.leads.size(); ++i) {
        const Lead &lead = job.leads.at(i);
        const QString key = leadKey(lead, i);
        // The identifier is the person's key across campaigns (LeadProfiles::load looks it up
        // through one index): when only the URL was sent, its slug stands in.
        const QString identifier = lead.linkedinIdentifier.isEmpty()
            ? linkedinIdentifierFromUrl(lead.linkedinUrl)
            : lead.linkedinIdentifier;
        experience.resize(0);
        LeadJson::appendExperience(experience, lead.experience);
        education.resize(0);
        LeadJson::appendEducation(education, lead.education);
        skills.resize(0);
        LeadJson::appendStringList(skills, lead.skills);

        // Converted to UTF-8 here, into one buffer reused across leads: SQLite's own
        // UTF-16 conversion (bind_text16) allocates per value and showed in the profile.
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
            *error = u"lead %1: %2"_s.arg(i).arg(*error);
            return false;
        }
    }

    indexCampaign.bindInt64(1, campaign);
    if (!indexCampaign.exec(error))
        return false;
    updateCounts.bindInt64(1, campaign);
    return updateCounts.exec(error);
}

EventStore::EventStore(const QSqlDatabase &db)
    : d(new Private)
{
    d->db = db;
    d->handle = Sqlite::handle(db);
    if (!d->handle) {
        d->lastError = u"The event store needs an open SQLite connection."_s;
        qCWarning(lcStore).noquote() << d->lastError;
        return;
    }
    if (!d->prepareAll()) {
        qCWarning(lcStore).noquote() << d->lastError;
        d->handle = nullptr;
        return;
    }
    d->rejections = std::make_unique<RejectionLog>(d->handle);
}

EventStore::~EventStore()
{
    delete d;
}

QList<EventStore::ItemResult> EventStore::ingest(const QList<Item> &items)
{
    QList<ItemResult> results(items.size());
    if (items.isEmpty())
        return results;
    const auto failAll = [&](const QString &error) {
        for (ItemResult &r : results)
            r = ItemResult {Outcome::Failed, 0, error};
        d->lastError = error;
        qCWarning(lcStore).noquote() << "Storing" << items.size() << "event(s) failed:" << error;
        return results;
    };
    if (!d->handle)
        return failAll(d->lastError);

    QString error;
    if (!d->exec(d->begin, &error))
        return failAll(u"cannot start a transaction: "_s + error);

    for (qsizetype i = 0; i < items.size(); ++i) {
        const Item &item = items.at(i);
        ItemResult &result = results[i];
        QString itemError;
        if (!d->exec(d->savepoint, &itemError)) {
            result = {Outcome::Failed, 0, itemError};
            continue;
        }

        bool ok = true;
        bool duplicate = false;
        qint64 firstReceivedAt = 0;
        if (item.event.eventId.isEmpty()) {
            ok = false;
            itemError = u"the event has no id"_s;
        } else {
            d->eventExists.bindText(1, item.event.eventId, Static);
            ok = d->eventExists.exec(&itemError, [&](const Statement &row) {
                firstReceivedAt = row.int64(0);
                duplicate = true;
            });
        }
        // Re-processing an event already stored applies this parse of it again.
        const bool reapply = duplicate && item.reprocess;
        qint64 deliveryId = 0;
        if (ok) {
            const Verdict verdict
                = duplicate && !reapply ? Verdict::Duplicate : item.delivery.verdict;
            deliveryId = d->insertDelivery_(item.delivery, verdictName(verdict),
                                            item.delivery.status ? item.delivery.status : 200,
                                            item.delivery.detail, item.delivery.body, &item.event,
                                            &itemError);
            ok = deliveryId != 0;
        }
        if (ok && !duplicate)
            ok = d->storeEvent(item, deliveryId, &itemError);
        // The campaign keeps the time it first arrived; its leads are upserted from this parse.
        if (ok && reapply && item.event.extractorJob)
            ok = d->storeExtractorJob(item.event, firstReceivedAt, &itemError);

        if (ok && d->exec(d->release, &itemError)) {
            result = {duplicate && !reapply ? Outcome::Duplicate : Outcome::Stored, deliveryId, {}};
            continue;
        }

        // This item alone is undone. The request is still recorded, as store_failed, so the
        // delivery log explains the 503 the endpoint answers (SendPilot retries on it).
        QString ignored;
        d->exec(d->rollbackTo, &ignored);
        qCWarning(lcStore).noquote()
            << "Event" << item.event.eventId << "was not stored:" << itemError;
        const QString detail = itemError.left(200);
        const qint64 failedId = d->insertDelivery_(
            item.delivery, verdictName(Verdict::StoreFailed), 503, detail,
            item.delivery.body.left(Limits::RejectedBodyCapBytes), &item.event, &ignored);
        d->exec(d->release, &ignored);
        result = {Outcome::Failed, failedId, itemError};
        d->lastError = itemError;
    }

    if (!d->exec(d->commit, &error)) {
        if (!Sqlite::isAutocommit(d->handle)) {
            QString ignored;
            d->exec(d->rollback, &ignored);
        }
        return failAll(u"cannot commit: "_s + error);
    }
    return results;
}

qint64 EventStore::recordDelivery(const DeliveryRecord &delivery)
{
    const QList<qint64> ids = recordDeliveries({delivery});
    return ids.value(0);
}

QList<qint64> EventStore::recordDeliveries(const QList<DeliveryRecord> &deliveries)
{
    QList<qint64> ids(deliveries.size(), 0);
    if (!d->handle || deliveries.isEmpty())
        return ids;
    // One transaction, so one fsync, however many rejected requests arrived together; inside
    // a transaction the caller already holds, the records simply join it.
    const bool ownTransaction = Sqlite::isAutocommit(d->handle);
    QString error;
    const auto fail = [&](const QString &what) {
        if (ownTransaction && !Sqlite::isAutocommit(d->handle)) {
            QString ignored;
            d->exec(d->rollback, &ignored);
        }
        d->rejections->reset();
        d->lastError = what + error;
        qCWarning(lcStore).noquote() << d->lastError;
        ids.fill(0);
        return ids;
    };
    if (ownTransaction && !d->exec(d->begin, &error))
        return fail(u"cannot record deliveries: "_s);
    for (qsizetype i = 0; i < deliveries.size(); ++i) {
        const DeliveryRecord &delivery = deliveries.at(i);
        // A repeat of a burst is counted in memory; its row's count is written by finish().
        if ((ids[i] = d->rejections->joinBurst(delivery)))
            continue;
        DeliveryRecord copy = delivery;
        if (!copy.bodySize)
            copy.bodySize = delivery.body.size();
        ids[i] = d->insertDelivery_(
            copy, verdictName(delivery.verdict), delivery.status, delivery.detail.left(200),
            delivery.body.left(Limits::RejectedBodyCapBytes), nullptr, &error);
        if (!ids[i] || !d->rejections->inserted(copy, ids[i], &error))
            return fail(u"cannot record a delivery: "_s);
    }
    if (!d->rejections->finish(RejectionLog::Write::Due, &error))
        return fail(u"cannot bound the record of rejected requests: "_s);
    if (ownTransaction && !d->exec(d->commit, &error))
        return fail(u"cannot record deliveries: "_s);
    return ids;
}

bool EventStore::hasUnwrittenRepeats() const
{
    return d->rejections && d->rejections->hasUnwrittenRepeats();
}

bool EventStore::writeRepeats()
{
    if (!d->handle)
        return false;
    QString error;
    if (d->rejections->writeRepeats(&error))
        return true;
    d->rejections->reset();
    d->lastError = u"cannot record repeated rejections: "_s + error;
    qCWarning(lcStore).noquote() << d->lastError;
    return false;
}

bool EventStore::markCampaignSeen(qint64 campaignRowId)
{
    if (!d->handle)
        return false;
    QString error;
    d->markSeen.bindInt64(1, campaignRowId);
    if (!d->markSeen.exec(&error)) {
        d->lastError = u"cannot mark the campaign as seen: "_s + error;
        return false;
    }
    return Sqlite::changes(d->handle) > 0;
}

bool EventStore::checkpoint()
{
    if (!d->handle)
        return false;
    QString error;
    if (!Sqlite::checkpointPassive(d->handle, &error)) {
        d->lastError = u"cannot checkpoint: "_s + error;
        return false;
    }
    return true;
}

StoreCounts EventStore::counts() const
{
    StoreCounts counts;
    if (!d->handle)
        return counts;
    Statement &s = d->counts;
    if (s.step() == Sqlite::Step::Row) {
        counts.campaigns = s.int64(0);
        counts.leads = s.int64(1);
        counts.events = s.int64(2);
        counts.deliveries = s.int64(3);
    } else {
        d->lastError = u"cannot count rows: "_s + s.errorText();
    }
    s.reset();
    return counts;
}

QString EventStore::lastError() const
{
    return d->lastError;
}
