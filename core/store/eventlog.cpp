// SPDX-License-Identifier: MIT
#include "store/eventlog.h"

#include "common/limits.h"
#include "common/logging.h"
#include "store/projectionstate.h"
#include "store/rejectionlog.h"
#include "store/sqlitestatement.h"
#include "store/walsync.h"
#include "store/writegate.h"

#include <QDateTime>

#include <optional>

using namespace Qt::StringLiterals;

namespace {
// Every value is bound with Binding::Static: the caller keeps each bound QString and buffer
// alive until exec() returns (which clears the bindings); that saves a copy per value.
using Sqlite::Statement;
constexpr auto Static = Statement::Binding::Static;

/// What is kept of a body that is not a stored event's own (a duplicate, a failure, a
/// rejection): its start.
QByteArrayView cappedBody(const QByteArray &body)
{
    return QByteArrayView(body).first(qMin(body.size(), Limits::RejectedBodyCapBytes));
}
} // namespace

EventEnvelope EventLog::Item::envelopeOrEvent() const
{
    return envelope ? *envelope : EventEnvelope::of(event);
}

struct EventLog::Private
{
    QSqlDatabase db;
    sqlite3 *handle = nullptr;
    WriteGate *gate = nullptr;
    QString lastError;
    std::unique_ptr<RejectionLog> rejections;
    std::unique_ptr<WalSync> wal; ///< set when COMMIT leaves the fsync to append()

    Statement begin, commit, rollback, savepoint, release, rollbackTo;
    Statement insertDelivery, eventExists, insertEvent, reopenEvent, markSeen, counts;

    bool prepareAll();
    qint64 insertDelivery_(const DeliveryRecord &delivery, const EventEnvelope *envelope,
                           Verdict verdict, int status, const QString &detail, QByteArrayView body,
                           QString *error);
    bool insertEvent_(const Item &item, const EventEnvelope &envelope, qint64 deliveryId,
                      QString *error);
    bool exec(Statement &statement, QString *error) { return statement.exec(error); }
};

bool EventLog::Private::prepareAll()
{
    return Sqlite::prepareAll(
        handle,
        {
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
            // The entry itself: what the projector needs to find its body and keys. Its activity
            // column is the projector's.
            {&insertEvent,
             "INSERT INTO events (event_id, event_type, kind, occurred_at, workspace_id,"
             " received_at, verified, delivery_id, campaign_id, lead_id, lead_count, projection)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'pending')"
             " ON CONFLICT (event_id) DO NOTHING"},
            {&reopenEvent,
             "UPDATE events SET projection = 'pending', projected_leads = 0,"
             " projection_error = '' WHERE event_id = ?1"},
            {&markSeen, "UPDATE campaigns SET seen = 1 WHERE id = ?1"},
            {&counts,
             "SELECT (SELECT count(*) FROM campaigns), (SELECT count(*) FROM leads),"
             " (SELECT count(*) FROM events), (SELECT count(*) FROM deliveries)"},
        },
        u"Cannot prepare the event log's statements"_s, &lastError);
}

qint64 EventLog::Private::insertDelivery_(const DeliveryRecord &delivery,
                                          const EventEnvelope *envelope, Verdict verdict,
                                          int status, const QString &detail, QByteArrayView body,
                                          QString *error)
{
    const QString headers = redactedHeaders(delivery.headers);
    const QString eventId
        = !delivery.eventId.isEmpty() || !envelope ? delivery.eventId : envelope->eventId;
    const QString eventType
        = !delivery.eventType.isEmpty() || !envelope ? delivery.eventType : envelope->eventType;
    const qint64 leadCount
        = delivery.leadCount || !envelope ? delivery.leadCount : qint64(envelope->leadCount);
    const QString verdictText = verdictName(verdict);
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
    s.bindText(9, verdictText, Static);
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

bool EventLog::Private::insertEvent_(const Item &item, const EventEnvelope &envelope,
                                     qint64 deliveryId, QString *error)
{
    const qint64 receivedAt = item.delivery.receivedAtMs ? item.delivery.receivedAtMs
                                                         : QDateTime::currentMSecsSinceEpoch();
    // An extractor job (or a Lead Database search) without a campaign id still gets a campaign
    // of its own rather than being merged with every other such job under ''
    // (CampaignWriter::campaignKey).
    const bool job = envelope.kind == EventKind::LeadExtractorJobCompleted
        || envelope.kind == EventKind::LeadDatabaseSearchCompleted;
    const QString campaignId
        = job && envelope.campaignId.isEmpty() ? envelope.eventId : envelope.campaignId;
    const QString kind = canonicalEventType(envelope.kind);

    Statement &s = insertEvent;
    s.bindText(1, envelope.eventId, Static);
    s.bindText(2, envelope.eventType, Static);
    s.bindText(3, kind, Static);
    s.bindTime(4, envelope.timestamp);
    s.bindText(5, envelope.workspaceId, Static);
    s.bindInt64(6, receivedAt);
    s.bindInt64(7, item.delivery.verified ? 1 : 0);
    s.bindInt64(8, deliveryId);
    s.bindText(9, campaignId, Static);
    s.bindText(10, envelope.leadId, Static);
    s.bindInt64(11, envelope.leadCount);
    if (!s.exec(error))
        return false;
    if (Sqlite::changes(handle) == 0) {
        // Checked before, inside the same write transaction: cannot happen.
        *error = u"event %1 appeared while it was being stored"_s.arg(envelope.eventId);
        return false;
    }
    return true;
}

EventLog::EventLog(const QSqlDatabase &db, WriteGate *gate)
    : d(std::make_unique<Private>())
{
    d->db = db;
    d->gate = gate;
    d->handle = Sqlite::handle(db);
    if (!d->handle) {
        d->lastError = u"The event log needs an open SQLite connection."_s;
        qCWarning(lcStore).noquote() << d->lastError;
        return;
    }
    if (!d->prepareAll()) {
        qCWarning(lcStore).noquote() << d->lastError;
        d->handle = nullptr;
        return;
    }
    d->rejections = std::make_unique<RejectionLog>(d->handle);
    // COMMIT without fsync, then the log's own fdatasync once the write lock is released
    // (WalSync): as durable as synchronous=FULL, and the projector writes during the disk
    // flush instead of waiting for it (small events over 16 connections: 6,500/s -> 7,100/s).
    auto wal = std::make_unique<WalSync>(d->handle);
    if (wal->isOpen() && Sqlite::exec(d->handle, "PRAGMA synchronous = NORMAL"))
        d->wal = std::move(wal);
}

EventLog::~EventLog() = default;

QList<EventLog::ItemResult> EventLog::append(const QList<Item> &items)
{
    QList<ItemResult> results(items.size());
    if (items.isEmpty())
        return results;
    const auto failAll = [&](const QString &error) {
        for (ItemResult &r : results)
            r = ItemResult {Outcome::Failed, 0, error, {}};
        d->lastError = error;
        qCWarning(lcStore).noquote() << "Storing" << items.size() << "event(s) failed:" << error;
        return results;
    };
    if (!d->handle)
        return failAll(d->lastError);

    std::optional<WriteGate::Hold> hold;
    hold.emplace(d->gate, WriteGate::Writer::Acknowledgement);
    QString error;
    if (!d->exec(d->begin, &error))
        return failAll(u"cannot start a transaction: "_s + error);

    for (qsizetype i = 0; i < items.size(); ++i) {
        const Item &item = items.at(i);
        const EventEnvelope envelope = item.envelopeOrEvent();
        ItemResult &result = results[i];
        QString itemError;
        if (!d->exec(d->savepoint, &itemError)) {
            result = {Outcome::Failed, 0, itemError, {}};
            continue;
        }

        bool ok = true;
        bool duplicate = false;
        if (envelope.eventId.isEmpty()) {
            ok = false;
            itemError = u"the event has no id"_s;
        } else {
            d->eventExists.bindText(1, envelope.eventId, Static);
            ok = d->eventExists.exec(&itemError, [&](const Statement &) { duplicate = true; });
        }
        // Re-processing an event already stored puts its entry back in the projector's queue.
        const bool reapply = duplicate && item.reprocess;
        qint64 deliveryId = 0;
        if (ok) {
            // A duplicate's body is the stored event's: keep only its start, so that a sender
            // retrying a 10,000-lead event does not store it again at every retry.
            const bool plainDuplicate = duplicate && !reapply;
            const QByteArrayView body = plainDuplicate ? cappedBody(item.delivery.body)
                                                       : QByteArrayView(item.delivery.body);
            deliveryId
                = d->insertDelivery_(item.delivery, &envelope,
                                     plainDuplicate ? Verdict::Duplicate : item.delivery.verdict,
                                     item.delivery.status ? item.delivery.status : 200,
                                     item.delivery.detail, body, &itemError);
            ok = deliveryId != 0;
        }
        if (ok && !duplicate)
            ok = d->insertEvent_(item, envelope, deliveryId, &itemError);
        if (ok && reapply) {
            d->reopenEvent.bindText(1, envelope.eventId, Static);
            ok = d->reopenEvent.exec(&itemError);
        }

        if (ok && d->exec(d->release, &itemError)) {
            result = {
                duplicate && !reapply ? Outcome::Duplicate : Outcome::Stored, deliveryId, {}, {}};
            continue;
        }

        // This item alone is undone. The request is still recorded, as store_failed, so the
        // delivery log explains the 503 the endpoint answers (SendPilot retries on it).
        QString ignored;
        d->exec(d->rollbackTo, &ignored);
        qCWarning(lcStore).noquote()
            << "Event" << envelope.eventId.left(200) << "was not stored:" << itemError;
        const QString detail = itemError.left(200);
        const qint64 failedId
            = d->insertDelivery_(item.delivery, &envelope, Verdict::StoreFailed, 503, detail,
                                 cappedBody(item.delivery.body), &ignored);
        d->exec(d->release, &ignored);
        result = {Outcome::Failed, failedId, itemError, {}};
        d->lastError = itemError;
    }

    if (!d->exec(d->commit, &error)) {
        if (!Sqlite::isAutocommit(d->handle)) {
            QString ignored;
            d->exec(d->rollback, &ignored);
        }
        return failAll(u"cannot commit: "_s + error);
    }
    hold.reset();
    if (d->wal && !d->wal->sync(&error)) {
        // Committed but perhaps not on disk: not acknowledged (a 503, so SendPilot retries;
        // the retry finds the stored entry and is answered as a duplicate once the disk works).
        const QString reason = u"the disk did not confirm the write: "_s + error;
        for (ItemResult &r : results) {
            if (r.outcome != Outcome::Failed)
                r = ItemResult {Outcome::Failed, r.deliveryId, reason, {}};
        }
        d->lastError = reason;
        qCWarning(lcStore).noquote() << "Storing" << items.size() << "event(s):" << reason;
    }
    return results;
}

qint64 EventLog::recordDelivery(const DeliveryRecord &delivery)
{
    const QList<qint64> ids = recordDeliveries({delivery});
    return ids.value(0);
}

QList<qint64> EventLog::recordDeliveries(const QList<DeliveryRecord> &deliveries)
{
    QList<qint64> ids(deliveries.size(), 0);
    if (!d->handle || deliveries.isEmpty())
        return ids;
    // One transaction, so one fsync, however many rejected requests arrived together; inside
    // a transaction the caller already holds, the records simply join it.
    const bool ownTransaction = Sqlite::isAutocommit(d->handle);
    std::optional<WriteGate::Hold> hold;
    if (ownTransaction)
        hold.emplace(d->gate, WriteGate::Writer::Acknowledgement);
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
        ids[i] = d->insertDelivery_(copy, nullptr, delivery.verdict, delivery.status,
                                    delivery.detail.left(200), cappedBody(delivery.body), &error);
        if (!ids[i] || !d->rejections->inserted(copy, ids[i], &error))
            return fail(u"cannot record a delivery: "_s);
    }
    if (!d->rejections->finish(RejectionLog::Write::Due, &error))
        return fail(u"cannot bound the record of rejected requests: "_s);
    if (ownTransaction && !d->exec(d->commit, &error))
        return fail(u"cannot record deliveries: "_s);
    return ids;
}

bool EventLog::hasUnwrittenRepeats() const
{
    return d->rejections && d->rejections->hasUnwrittenRepeats();
}

bool EventLog::writeRepeats()
{
    if (!d->handle)
        return false;
    WriteGate::Hold hold(d->gate, WriteGate::Writer::Acknowledgement);
    QString error;
    if (d->rejections->writeRepeats(&error))
        return true;
    d->rejections->reset();
    d->lastError = u"cannot record repeated rejections: "_s + error;
    qCWarning(lcStore).noquote() << d->lastError;
    return false;
}

bool EventLog::markCampaignSeen(qint64 campaignRowId)
{
    if (!d->handle)
        return false;
    WriteGate::Hold hold(d->gate, WriteGate::Writer::Acknowledgement);
    QString error;
    d->markSeen.bindInt64(1, campaignRowId);
    if (!d->markSeen.exec(&error)) {
        d->lastError = u"cannot mark the campaign as seen: "_s + error;
        return false;
    }
    return Sqlite::changes(d->handle) > 0;
}

bool EventLog::checkpoint()
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

StoreCounts EventLog::counts() const
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

QString EventLog::lastError() const
{
    return d->lastError;
}
