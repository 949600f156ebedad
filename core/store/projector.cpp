// SPDX-License-Identifier: MIT
#include "store/projector.h"

#include "common/logging.h"
#include "sendpilot/eventparser.h"
#include "store/bodycodec.h"
#include "store/campaignwriter.h"
#include "store/projectionstate.h"
#include "store/schema.h"
#include "store/sqlitestatement.h"
#include "store/writegate.h"

#include <QElapsedTimer>
#include <QUrl>
#include <QUrlQuery>

#include <optional>

using namespace Qt::StringLiterals;

namespace {
using Sqlite::Statement;
constexpr auto Static = Statement::Binding::Static;

// A stored body is never decoded past this, whatever its frame declares.
constexpr qint64 MaxStoredBodyBytes = 1024LL * 1024 * 1024;
// One maintenance batch: at most this many rows and about this many bytes of bodies, so that
// its transaction stays as short as a projection chunk's.
constexpr int MaintenanceRows = 16;
constexpr qint64 MaintenanceBytes = 8LL * 1024 * 1024;
constexpr char CompressTask[] = "compress_bodies";
// Leads written between two looks at the gate (see writeChunk).
constexpr qsizetype SliceLeads = 64;

} // namespace

struct Projector::Private
{
    sqlite3 *handle = nullptr;
    WriteGate *gate = nullptr;
    QString lastError;
    std::unique_ptr<CampaignWriter> writer;
    int chunkLeads = DefaultChunkLeads;
    qint64 sharedStepNs = DefaultSharedStepMs * 1'000'000LL;
    QHash<QString, Event> hints;

    Statement begin, commit, rollback, nextPending, nextLeads, readBody, readState, setProgress,
        finish, compressBody, pending, stateOf, readTask, taskBatch, advanceTask;

    // The entry being projected: parsed once, written in one or more chunks.
    struct Current
    {
        qint64 rowid = 0;
        QString eventId;
        qint64 deliveryId = 0;
        qint64 receivedAt = 0;
        Event event;
        QByteArray compressed; ///< its body compressed, written with the last chunk
        qint64 campaign = 0;
    };
    std::optional<Current> current;

    bool prepareAll();
    /// Finds and parses the oldest pending entry. False when there is none or it failed (then
    /// \a step says which).
    bool loadNext(Step *step, bool inTransaction = false);
    /// Writes the next chunk of the current entry inside the caller's transaction. Sets
    /// \a written and, when the entry is done (or was done by someone else), resets current and
    /// sets \a finished to its id.
    bool writeChunk(qint64 *written, QString *finished, QString *error);
    /// Leads of the oldest pending entry, or -1 when there is none.
    qint64 nextLeadCount();
    /// Marks the entry failed. \a inTransaction: the caller holds the gate and a transaction,
    /// which the mark joins; otherwise it is committed on its own.
    void markFailed(qint64 rowid, const QString &eventId, const QString &reason, Step *step,
                    bool inTransaction = false);
    void rollbackQuietly()
    {
        if (!Sqlite::isAutocommit(handle)) {
            QString ignored;
            rollback.exec(&ignored);
        }
    }
};

// The entries still to project, through the partial index (without its condition every step
// scanned the whole log).
#define LV_PENDING_ENTRIES "projection = 'pending' AND " LV_EVENTS_UNPROJECTED

bool Projector::Private::prepareAll()
{
    return Sqlite::prepareAll(
        handle,
        {
            {&begin, "BEGIN IMMEDIATE"},
            {&commit, "COMMIT"},
            {&rollback, "ROLLBACK"},
            // Arrival order is the rowid order; the partial index holds only unprojected entries.
            {&nextPending,
             "SELECT rowid, event_id, delivery_id, received_at, kind, campaign_id FROM events"
             " WHERE " LV_PENDING_ENTRIES " ORDER BY rowid LIMIT 1"},
            {&nextLeads,
             "SELECT lead_count FROM events WHERE " LV_PENDING_ENTRIES " ORDER BY rowid LIMIT 1"},
            {&readBody, "SELECT body, body_codec, path FROM deliveries WHERE id = ?1"},
            {&readState, "SELECT projection, projected_leads FROM events WHERE rowid = ?1"},
            {&setProgress, "UPDATE events SET projected_leads = ?2 WHERE rowid = ?1"},
            {&finish,
             "UPDATE events SET projection = ?2, projected_leads = ?3, projection_error = ?4"
             " WHERE rowid = ?1"},
            {&compressBody,
             "UPDATE deliveries SET body = ?2, body_codec = 1 WHERE id = ?1 AND body_codec = 0"},
            {&pending, "SELECT count(*) FROM events WHERE " LV_PENDING_ENTRIES},
            {&stateOf, "SELECT projection, projection_error FROM events WHERE event_id = ?1"},
            {&readTask, "SELECT cursor, until FROM store_tasks WHERE name = ?1"},
            {&taskBatch,
             "SELECT id, body_codec, body FROM deliveries WHERE id > ?1 AND id <= ?2"
             " ORDER BY id LIMIT ?3"},
            {&advanceTask, "UPDATE store_tasks SET cursor = ?2 WHERE name = ?1"},
        },
        u"Cannot prepare the projector's statements"_s, &lastError);
}

bool Projector::Private::loadNext(Step *step, bool inTransaction)
{
    Current next;
    bool found = false;
    QString error;
    QString kindName;
    QString campaignId;
    QString path;
    const bool ran = nextPending.exec(&error, [&](const Statement &row) {
        next.rowid = row.int64(0);
        next.eventId = row.text(1);
        next.deliveryId = row.int64(2);
        next.receivedAt = row.int64(3);
        kindName = row.text(4);
        campaignId = row.text(5);
        found = true;
    });
    if (!ran) {
        lastError = u"cannot read the event log: "_s + error;
        qCWarning(lcStore).noquote() << lastError;
        step->idle = true;
        return false;
    }
    if (!found) {
        step->idle = true;
        return false;
    }

    QByteArray stored;
    BodyCodec::Codec codec = BodyCodec::Codec::Identity;
    bool hasBody = false;
    readBody.bindInt64(1, next.deliveryId);
    if (!readBody.exec(&error, [&](const Statement &row) {
            stored = row.blob(0).toByteArray();
            codec = BodyCodec::codecFromStored(row.int64(1));
            hasBody = !row.isNull(0);
            path = row.text(2);
        })) {
        markFailed(next.rowid, next.eventId, u"cannot read its body: "_s + error, step,
                   inTransaction);
        return false;
    }

    const auto hint = hints.find(next.eventId);
    QByteArray body;
    if (hasBody && !stored.isEmpty()) {
        body = BodyCodec::decode(stored, codec, MaxStoredBodyBytes, &error);
        if (body.isEmpty() && hint == hints.end()) {
            markFailed(next.rowid, next.eventId, error, step, inTransaction);
            return false;
        }
        if (codec == BodyCodec::Codec::Identity)
            next.compressed = BodyCodec::compress(body);
    }
    if (hint != hints.end()) {
        // A copy: the hint stays until the entry is committed, since a transaction that fails
        // for another entry's sake undoes this one too.
        next.event = hint.value();
    } else if (body.isEmpty()) {
        markFailed(next.rowid, next.eventId, u"its stored body is empty"_s, step, inTransaction);
        return false;
    } else if (const EventKind apiKind = apiKindFromName(kindName); isApiKind(apiKind)) {
        // A page fetched from the API: its campaign is the entry's, its offset and page size
        // are in the path it was fetched from.
        const QUrlQuery query(QUrl(path).query());
        EventParseResult parsed = EventParser::parseApiEntry(
            body, apiKind, next.eventId, campaignId, query.queryItemValue(u"offset"_s).toLongLong(),
            query.queryItemValue(u"limit"_s).toLongLong(), campaignSourceOfApiPath(path));
        if (!parsed.ok()) {
            markFailed(next.rowid, next.eventId, parsed.error, step, inTransaction);
            return false;
        }
        next.event = std::move(*parsed.event);
    } else {
        EventParseResult parsed = EventParser::parse(body);
        if (!parsed.ok()) {
            markFailed(next.rowid, next.eventId, parsed.error, step, inTransaction);
            return false;
        }
        next.event = std::move(*parsed.event);
    }
    current = std::move(next);
    return true;
}

bool Projector::Private::writeChunk(qint64 *writtenOut, QString *finishedOut, QString *error)
{
    Current &c = *current;
    QString state;
    qint64 offset = 0;
    readState.bindInt64(1, c.rowid);
    if (!readState.exec(error, [&](const Statement &row) {
            state = row.text(0);
            offset = row.int64(1);
        }))
        return false;
    if (projectionStateFromName(state) != ProjectionState::Pending) {
        // Another projector (a `leadviewer import` on the same file) finished it, or it was
        // removed: nothing to do.
        *writtenOut = 0;
        *finishedOut = QString();
        current.reset();
        return true;
    }

    bool finished = true;
    qint64 written = 0;
    if (c.event.extractorJob) {
        const ExtractorJob &job = *c.event.extractorJob;
        const qsizetype total = job.leads.size();
        offset = qBound<qint64>(0, offset, total);
        if (offset > 0 && !c.campaign)
            c.campaign = writer->campaignRowId(CampaignWriter::campaignKey(c.event), error);
        if (offset == 0 || !c.campaign) {
            if (!error->isEmpty())
                return false;
            c.campaign = writer->upsertCampaign(c.event, c.receivedAt, error);
            if (!c.campaign)
                return false;
        }
        // Written in slices: when an acknowledgement starts waiting for the gate, the chunk
        // ends after the slice in progress, so it waits for a slice, not for a whole chunk (at
        // 1,000,000 stored leads a 512-lead chunk took ~60 ms on the target machine).
        const qsizetype last = qMin<qsizetype>(total, offset + chunkLeads);
        qsizetype end = offset;
        if (!writer->beginLeads(error))
            return false;
        while (end < last) {
            const qsizetype next = qMin<qsizetype>(last, end + SliceLeads);
            if (!writer->writeLeads(c.campaign, job, end, next, error,
                                    c.event.api ? &*c.event.api : nullptr))
                return false;
            end = next;
            if (gate && gate->acknowledgementWaiting())
                break;
        }
        if (!writer->indexLeads(c.campaign, error))
            return false;
        written = end - offset;
        finished = end == total;
        if (finished && !writer->updateCounts(c.campaign, error))
            return false;
        if (finished && c.event.api && c.event.api->lastPage
            && !writer->markResultsRead(c.campaign, error))
            return false;
        offset = end;
    } else if (c.event.activity) {
        if (!writer->writeActivity(c.eventId, *c.event.activity, error))
            return false;
    }

    if (finished) {
        if (!c.compressed.isEmpty()) {
            compressBody.bindInt64(1, c.deliveryId);
            compressBody.bindBlob(2, c.compressed, Static);
            if (!compressBody.exec(error))
                return false;
        }
        const QLatin1StringView projected = projectionStateName(ProjectionState::Projected);
        finish.bindInt64(1, c.rowid);
        finish.bindText(2, QString(projected));
        finish.bindInt64(3, offset);
        finish.bindText(4, QString());
        if (!finish.exec(error))
            return false;
    } else {
        setProgress.bindInt64(1, c.rowid);
        setProgress.bindInt64(2, offset);
        if (!setProgress.exec(error))
            return false;
    }
    *writtenOut = written;
    if (finished) {
        *finishedOut = c.eventId;
        current.reset();
    }
    return true;
}

qint64 Projector::Private::nextLeadCount()
{
    qint64 leads = -1;
    QString error;
    nextLeads.exec(&error, [&](const Statement &row) { leads = row.int64(0); });
    return leads;
}

void Projector::Private::markFailed(qint64 rowid, const QString &eventId, const QString &reason,
                                    Step *step, bool inTransaction)
{
    current.reset();
    hints.remove(eventId);
    qCWarning(lcStore).noquote() << "Event" << eventId.left(200)
                                 << "could not be projected:" << reason;
    std::optional<WriteGate::Hold> hold;
    if (!inTransaction)
        hold.emplace(gate, WriteGate::Writer::Projection);
    QString error;
    const QString failed = QString(projectionStateName(ProjectionState::Failed));
    const QString text = reason.left(500);
    finish.bindInt64(1, rowid);
    finish.bindText(2, failed, Static);
    finish.bindInt64(3, 0);
    finish.bindText(4, text, Static);
    // Outside a transaction its own statement commits at once.
    if (!finish.exec(&error)) {
        lastError = u"cannot mark an event as failed: "_s + error;
        qCWarning(lcStore).noquote() << lastError;
        return;
    }
    step->failed.append(eventId);
    step->wrote = true;
}

Projector::Projector(const QSqlDatabase &db, WriteGate *gate)
    : d(std::make_unique<Private>())
{
    d->handle = Sqlite::handle(db);
    d->gate = gate;
    if (!d->handle) {
        d->lastError = u"The projector needs an open SQLite connection."_s;
        return;
    }
    d->writer = std::make_unique<CampaignWriter>(d->handle);
    if (!d->writer->isValid()) {
        d->lastError = d->writer->lastError();
        d->handle = nullptr;
    } else if (!d->prepareAll()) {
        d->handle = nullptr;
    }
    if (!d->handle)
        qCWarning(lcStore).noquote() << d->lastError;
}

Projector::~Projector() = default;

bool Projector::isValid() const
{
    return d->handle != nullptr;
}

QString Projector::lastError() const
{
    return d->lastError;
}

void Projector::setChunkLeads(int leads)
{
    d->chunkLeads = qMax(1, leads);
}

int Projector::chunkLeads() const
{
    return d->chunkLeads;
}

void Projector::setSharedStepMs(int ms)
{
    d->sharedStepNs = qMax(0, ms) * 1'000'000LL;
}

void Projector::provide(const Event &event)
{
    if (!event.eventId.isEmpty())
        d->hints.insert(event.eventId, event);
}

Projector::Step Projector::step()
{
    Step step;
    if (!d->handle) {
        step.idle = true;
        return step;
    }
    // The first entry is read and parsed before the gate is taken: a large body's parse does
    // not hold up acknowledgements.
    if (!d->current && !d->loadNext(&step))
        return step;

    qint64 rowid = d->current->rowid;
    QString eventId = d->current->eventId;
    QString error;
    QStringList finished;
    qint64 written = 0;
    bool ok = false;
    {
        WriteGate::Hold hold(d->gate, WriteGate::Writer::Projection);
        ok = d->begin.exec(&error);
        // Small entries (activity, short jobs) share the transaction up to the chunk's budget,
        // so a burst of them costs a few commits, not one each.
        qint64 budget = d->chunkLeads;
        QElapsedTimer age;
        age.start();
        while (ok) {
            qint64 chunkWritten = 0;
            QString done;
            ok = d->writeChunk(&chunkWritten, &done, &error);
            if (!ok)
                break;
            written += chunkWritten;
            if (!done.isEmpty())
                finished.append(done);
            budget -= qMax<qint64>(1, chunkWritten);
            if (d->current || budget <= 0 || age.nsecsElapsed() > d->sharedStepNs
                || (d->gate && d->gate->acknowledgementWaiting()))
                break;
            const qint64 next = d->nextLeadCount();
            if (next < 0 || next > budget)
                break;
            // None pending after all, or it could not be read and is marked failed in this
            // transaction (reported with it once it commits).
            if (!d->loadNext(&step, true))
                break;
            rowid = d->current->rowid;
            eventId = d->current->eventId;
        }
        if (ok)
            ok = d->commit.exec(&error);
        if (!ok)
            d->rollbackQuietly();
    }
    if (ok) {
        step.wrote = true;
        step.leadsWritten = written;
        step.projected = finished;
        for (const QString &id : std::as_const(finished))
            d->hints.remove(id);
        return step;
    }
    if (error.contains(u"locked"_s) || error.contains(u"busy"_s)) {
        // Another process holds the write lock past the busy timeout: try again later rather
        // than call the entry broken. What this transaction did is undone and done again.
        step.failed.clear();
        d->current.reset();
        d->lastError = error;
        step.idle = true;
        return step;
    }
    // Only the entry being written failed; the others of the transaction are pending again,
    // and failures marked inside it were undone with it.
    step.failed.clear();
    d->markFailed(rowid, eventId, error, &step);
    return step;
}

Projector::Step Projector::drain()
{
    Step total;
    for (;;) {
        Step s = step();
        total.wrote = total.wrote || s.wrote;
        total.leadsWritten += s.leadsWritten;
        total.projected += s.projected;
        total.failed += s.failed;
        if (s.idle)
            break;
    }
    total.idle = true;
    return total;
}

Projector::Maintenance Projector::maintenanceStep()
{
    Maintenance m;
    if (!d->handle)
        return m;
    QString error;
    bool hasTask = false;
    const QString task = QString::fromLatin1(CompressTask);
    d->readTask.bindText(1, task, Static);
    d->readTask.exec(&error, [&](const Statement &row) {
        m.position = row.int64(0);
        m.total = row.int64(1);
        hasTask = true;
    });
    if (!hasTask || m.position >= m.total)
        return m;

    struct Row
    {
        qint64 id;
        QByteArray compressed;
    };
    QList<Row> rows;
    qint64 last = m.position;
    qint64 bytes = 0;
    d->taskBatch.bindInt64(1, m.position);
    d->taskBatch.bindInt64(2, m.total);
    d->taskBatch.bindInt64(3, MaintenanceRows);
    const bool read = d->taskBatch.exec(&error, [&](const Statement &row) {
        if (bytes >= MaintenanceBytes)
            return;
        last = row.int64(0);
        if (BodyCodec::codecFromStored(row.int64(1)) != BodyCodec::Codec::Identity)
            return;
        const QByteArrayView body = row.blob(2);
        bytes += body.size();
        QByteArray compressed = BodyCodec::compress(body);
        if (!compressed.isEmpty()) {
            m.bytesSaved += body.size() - compressed.size();
            rows.append({row.int64(0), std::move(compressed)});
        }
    });
    if (!read) {
        d->lastError = u"cannot read stored bodies: "_s + error;
        return m;
    }
    if (last == m.position)
        last = m.total; // nothing left in the range

    WriteGate::Hold hold(d->gate, WriteGate::Writer::Projection);
    bool ok = d->begin.exec(&error);
    for (const Row &row : std::as_const(rows)) {
        if (!ok)
            break;
        d->compressBody.bindInt64(1, row.id);
        d->compressBody.bindBlob(2, row.compressed, Static);
        ok = d->compressBody.exec(&error);
    }
    if (ok) {
        d->advanceTask.bindText(1, task, Static);
        d->advanceTask.bindInt64(2, last);
        ok = d->advanceTask.exec(&error) && d->commit.exec(&error);
    }
    if (!ok) {
        d->rollbackQuietly();
        d->lastError = u"cannot compress stored bodies: "_s + error;
        qCWarning(lcStore).noquote() << d->lastError;
        m.done = true; // tried again on the next start
        return m;
    }
    m.position = last;
    m.done = last >= m.total;
    return m;
}

qint64 Projector::pendingCount()
{
    qint64 count = 0;
    QString error;
    if (d->handle)
        d->pending.exec(&error, [&](const Statement &row) { count = row.int64(0); });
    return count;
}

QString Projector::stateOf(const QString &eventId, QString *reason)
{
    QString state;
    QString error;
    if (!d->handle)
        return state;
    d->stateOf.bindText(1, eventId, Static);
    d->stateOf.exec(&error, [&](const Statement &row) {
        state = row.text(0);
        if (reason)
            *reason = row.text(1);
    });
    return state;
}
