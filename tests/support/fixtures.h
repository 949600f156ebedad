// SPDX-License-Identifier: MIT
#pragma once

#include "sendpilot/event.h"
#include "store/eventstore.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

/// Events and deliveries as the endpoint hands them to EventStore::ingest, for tests that fill
/// a store directly.
namespace TestSupport {

/// 2024-02-24T10:30:00Z: when fixture deliveries arrive unless a test says otherwise.
inline constexpr qint64 FixtureTimeMs = 1708770600000;

/// An accepted (200) POST to /webhooks/sendpilot received at \a receivedAtMs, carrying \a body.
DeliveryRecord acceptedDelivery(qint64 receivedAtMs = FixtureTimeMs, const QByteArray &body = {});

/// \a event with \a delivery. The store takes the delivery's event id, type and lead count from
/// the event where the delivery leaves them empty.
EventStore::Item item(const Event &event, const DeliveryRecord &delivery = acceptedDelivery());

/// \a body parsed as the endpoint parses it; throws CheckFailed if it does not parse.
Event parsedEvent(const QByteArray &body);

/// SampleEvents::extractorJob(\a eventId, \a campaignId, \a leads, \a seed) parsed as the
/// endpoint parses it, with an accepted delivery of that body received \a seed minutes after
/// FixtureTimeMs (or at \a receivedAtMs when given). Throws CheckFailed if it does not parse.
EventStore::Item sampleJobItem(const QString &eventId, const QString &campaignId, int leads,
                               quint32 seed = 1, std::optional<qint64> receivedAtMs = {});

/// A lead_extractor.job.completed event built field by field, with exactly \a leads (no body):
/// SEARCH campaign, with_enrichment, timestamp FixtureTimeMs.
Event jobEvent(const QString &eventId, const QString &campaignId, const QString &campaignName,
               const QList<Lead> &leads);
/// A lead with \a id (also its LinkedIn identifier), first and last name, the full name made of
/// them and the LinkedIn URL https://www.linkedin.com/in/<id>; every other field empty.
Lead namedLead(const QString &id, const QString &first, const QString &last);

/// jobEvent() with acceptedDelivery().
EventStore::Item jobItem(const QString &eventId, const QString &campaignId,
                         const QString &campaignName, const QList<Lead> &leads);

} // namespace TestSupport
