// SPDX-License-Identifier: MIT
#pragma once

#include "sendpilot/event.h"
#include "store/deliveryrecord.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <optional>

class WriteGate;

struct StoreCounts
{
    qint64 campaigns = 0;
    qint64 leads = 0;
    qint64 events = 0;
    qint64 deliveries = 0;
};

/*!
    The event log: the acknowledgement path's writer. An entry is the raw event as it came in
    (its delivery row with the body, and its event row keyed by eventId, projection pending);
    campaigns, leads and the search index are derived from entries by the Projector. Lives on
    the ingest thread with its own read-write connection.

    Durability: append() returns only once its COMMIT is on disk, so an entry reported Stored or
    Duplicate may be acknowledged. In WAL mode the connection commits with synchronous=NORMAL
    and append() then fdatasyncs the log itself (WalSync) after releasing the write lock, which
    is as durable as synchronous=FULL; otherwise COMMIT syncs (FULL). Entries appended together
   share one transaction (one fsync) and keep a savepoint each, so one that fails is undone alone.
*/
class EventLog
{
public:
    /// \a db is an open read-write connection (Database::open) owned by the caller's thread;
    /// \a gate, if any, orders this writer before the projector's next chunk.
    explicit EventLog(const QSqlDatabase &db, WriteGate *gate = nullptr);
    ~EventLog();
    EventLog(const EventLog &) = delete;
    EventLog &operator=(const EventLog &) = delete;

    struct Item
    {
        DeliveryRecord delivery; ///< status 200 and Verdict::Accepted on the way in
        /// The envelope; when unset it is taken from \a event.
        std::optional<EventEnvelope> envelope;
        /// The parsed event, when the caller has it (import, tests): the projector uses it
        /// instead of parsing the body again.
        Event event;
        /// Re-ingest after a parser upgrade: an eventId already stored is not a duplicate; its
        /// entry goes back to pending so the projector applies it again (the campaign keeps the
        /// time it first arrived) and the delivery keeps its verdict. Outcome Stored.
        bool reprocess = false;

        EventEnvelope envelopeOrEvent() const;
    };
    enum class Outcome { Stored, Duplicate, Failed };
    struct ItemResult
    {
        Outcome outcome = Outcome::Failed;
        qint64 deliveryId = 0;
        QString error;
        /// Filled in by EventStore::ingest, which also projects: why projecting failed.
        QString projectionError;
    };

    /// Appends each item (see the class comment). A repeated eventId changes nothing but its
    /// delivery, recorded with Verdict::Duplicate and a capped body. Returns one result per
    /// item, in order; if COMMIT fails every item is Failed and nothing of the batch is stored.
    /// A Failed item is rolled back alone and its request recorded with Verdict::StoreFailed,
    /// status 503 (the endpoint's answer) and the reason in detail (ItemResult::deliveryId, 0
    /// if even that failed). Destroy the log before closing its connection.
    QList<ItemResult> append(const QList<Item> &items);

    /// Records a delivery that carried no storable event (rejections). Returns its id, or 0.
    qint64 recordDelivery(const DeliveryRecord &delivery);
    /// Records several such deliveries in one transaction. Returns their ids, or all 0 (and
    /// nothing recorded) on failure.
    QList<qint64> recordDeliveries(const QList<DeliveryRecord> &deliveries);
    // Rejections are kept bounded (store/rejectionlog.h): a burst of alike ones is one row whose
    // count recordDeliveries() writes at most once a second. The owner calls writeRepeats()
    // when hasUnwrittenRepeats() (a timer), so the last repeats of a burst are written too.
    bool hasUnwrittenRepeats() const;
    bool writeRepeats();

    /// Sets campaigns.seen for the campaign row \a campaignRowId (campaigns.id). Returns false
    /// if there is no such campaign or the update failed (see lastError()).
    bool markCampaignSeen(qint64 campaignRowId);

    /// Copies the write-ahead log into the database file without waiting for readers
    /// (PASSIVE). Commits on this connection never do (see Database::open), so the owner calls
    /// it when the endpoint is idle. Returns false on error.
    bool checkpoint();

    StoreCounts counts() const;
    QString lastError() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};
