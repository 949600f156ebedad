// SPDX-License-Identifier: MIT
#pragma once

#include "store/eventlog.h"
#include "store/projector.h"

#include <QSqlDatabase>

struct sqlite3;

/*!
    The event log and a projector on one connection, for callers that want an event's rows
    written when the call returns: `leadviewer import`, benchmarks and tests. ingest() appends
    the items to the log exactly as the webhook does and then projects everything pending, in
    the projector's bounded transactions. The receiver does not use it: it appends on the
    ingest thread and projects on a thread of its own (ProjectorService).
*/
class EventStore
{
public:
    /// \a db is an open read-write connection (Database::open) owned by the caller's thread.
    explicit EventStore(const QSqlDatabase &db, WriteGate *gate = nullptr);
    EventStore(const EventStore &) = delete;
    EventStore &operator=(const EventStore &) = delete;

    using Item = EventLog::Item;
    using Outcome = EventLog::Outcome;
    using ItemResult = EventLog::ItemResult;

    /// EventLog::append(), then Projector::drain(). A Stored item whose projection failed has
    /// ItemResult::projectionError set; it stays in the log as failed.
    QList<ItemResult> ingest(const QList<Item> &items);

    qint64 recordDelivery(const DeliveryRecord &delivery) { return m_log.recordDelivery(delivery); }
    QList<qint64> recordDeliveries(const QList<DeliveryRecord> &deliveries)
    {
        return m_log.recordDeliveries(deliveries);
    }
    bool hasUnwrittenRepeats() const { return m_log.hasUnwrittenRepeats(); }
    bool writeRepeats() { return m_log.writeRepeats(); }
    bool markCampaignSeen(qint64 campaignRowId) { return m_log.markCampaignSeen(campaignRowId); }
    bool checkpoint() { return m_log.checkpoint(); }
    StoreCounts counts() const { return m_log.counts(); }
    QString lastError() const;

    EventLog &log() { return m_log; }
    Projector &projector() { return m_projector; }

private:
    sqlite3 *m_handle;
    EventLog m_log;
    Projector m_projector;
};
