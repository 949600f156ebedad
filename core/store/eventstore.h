// SPDX-License-Identifier: MIT
#pragma once

#include "sendpilot/event.h"
#include "store/deliveryrecord.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QSqlDatabase>
#include <QString>

struct StoreCounts
{
    qint64 campaigns = 0;
    qint64 leads = 0;
    qint64 events = 0;
    qint64 deliveries = 0;
};

/// Writes events and deliveries. Lives on the ingest thread with its own connection.
class EventStore
{
public:
    /// \a db is an open read-write connection (Database::open) owned by the caller's thread.
    explicit EventStore(const QSqlDatabase &db);
    ~EventStore();
    EventStore(const EventStore &) = delete;
    EventStore &operator=(const EventStore &) = delete;

    struct Item
    {
        DeliveryRecord delivery; ///< status 200 and Verdict::Accepted on the way in
        Event event;
        /// Re-ingest after a parser upgrade: an eventId already stored is not a duplicate; its
        /// campaign and leads are upserted from this parse (the campaign keeps the time it first
        /// arrived) and the delivery keeps its verdict. Outcome Stored.
        bool reprocess = false;
    };
    enum class Outcome { Stored, Duplicate, Failed };
    struct ItemResult
    {
        Outcome outcome = Outcome::Failed;
        qint64 deliveryId = 0;
        QString error;
    };

    /// Stores each event, its campaign and leads, and its delivery, all items in one
    /// transaction with a savepoint each: an item that fails is rolled back alone. A repeated
    /// eventId changes nothing but its delivery, recorded with Verdict::Duplicate. Returns one
    /// result per item, in order, only after COMMIT returned; if COMMIT fails every item is
    /// Failed and nothing of the batch is stored.
    /// A Failed item is rolled back alone and its request recorded with Verdict::StoreFailed,
    /// status 503 (the endpoint's answer) and the reason in detail (ItemResult::deliveryId, 0 if
    /// even that failed). Destroy the store before closing its connection: it keeps prepared
    /// statements.
    QList<ItemResult> ingest(const QList<Item> &items);

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
    /// (PASSIVE). Large COMMITs no longer do this every time (see Database::open), so the
    /// owner should call it when the endpoint is idle. Returns false on error.
    bool checkpoint();

    StoreCounts counts() const;
    QString lastError() const;

private:
    struct Private;
    Private *d;
};
