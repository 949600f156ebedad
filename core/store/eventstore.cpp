// SPDX-License-Identifier: MIT
#include "store/eventstore.h"

#include "store/sqlitestatement.h"

EventStore::EventStore(const QSqlDatabase &db, WriteGate *gate)
    : m_handle(Sqlite::handle(db))
    , m_log(db, gate)
    , m_projector(db, gate)
{ }

QList<EventStore::ItemResult> EventStore::ingest(const QList<Item> &items)
{
    QList<ItemResult> results = m_log.append(items);
    bool anyStored = false;
    for (qsizetype i = 0; i < items.size() && i < results.size(); ++i) {
        if (results.at(i).outcome == Outcome::Stored) {
            anyStored = true;
            // The caller's parse is the one to project (tests build events without a body).
            if (!items.at(i).event.eventId.isEmpty())
                m_projector.provide(items.at(i).event);
        }
    }
    if (!anyStored)
        return results;
    // The log's commit is durable (EventLog syncs it); the projection need not be, as on the
    // projector's own connection: what a crash takes back is pending and projected again. The
    // log's connection commits with synchronous=NORMAL, so the drain's COMMIT waits for no disk.
    const Projector::Step step = m_projector.drain();
    if (!step.failed.isEmpty()) {
        for (qsizetype i = 0; i < items.size() && i < results.size(); ++i) {
            ItemResult &result = results[i];
            if (result.outcome != Outcome::Stored)
                continue;
            const QString eventId = items.at(i).envelopeOrEvent().eventId;
            if (!step.failed.contains(eventId))
                continue;
            QString reason;
            m_projector.stateOf(eventId, &reason);
            result.projectionError = reason;
        }
    }
    return results;
}

QString EventStore::lastError() const
{
    const QString error = m_log.lastError();
    return error.isEmpty() ? m_projector.lastError() : error;
}
