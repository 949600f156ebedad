// SPDX-License-Identifier: MIT
#include "fixtures.h"

#include "checks.h"

#include "sendpilot/eventparser.h"
#include "sendpilot/sampleevents.h"

using namespace Qt::StringLiterals;

namespace TestSupport {

DeliveryRecord acceptedDelivery(qint64 receivedAtMs, const QByteArray &body)
{
    DeliveryRecord delivery;
    delivery.receivedAtMs = receivedAtMs;
    delivery.method = u"POST"_s;
    delivery.path = u"/webhooks/sendpilot"_s;
    delivery.status = 200;
    delivery.verdict = Verdict::Accepted;
    delivery.body = body;
    return delivery;
}

EventStore::Item item(const Event &event, const DeliveryRecord &delivery)
{
    EventStore::Item item;
    item.event = event;
    item.delivery = delivery;
    return item;
}

Event parsedEvent(const QByteArray &body)
{
    const EventParseResult parsed = EventParser::parse(body);
    VERIFY2_OR_THROW(parsed.event,
                     u"the body does not parse: "_s + QString::fromUtf8(body.left(200)));
    return *parsed.event;
}

EventStore::Item sampleJobItem(const QString &eventId, const QString &campaignId, int leads,
                               quint32 seed, std::optional<qint64> receivedAtMs)
{
    const QByteArray body = SampleEvents::extractorJob(eventId, campaignId, leads, seed);
    return item(parsedEvent(body),
                acceptedDelivery(receivedAtMs.value_or(FixtureTimeMs + seed * 60000LL), body));
}

Event jobEvent(const QString &eventId, const QString &campaignId, const QString &campaignName,
               const QList<Lead> &leads)
{
    Event event;
    event.eventId = eventId;
    event.eventType = u"lead_extractor.job.completed"_s;
    event.kind = EventKind::LeadExtractorJobCompleted;
    event.timestamp = QDateTime::fromMSecsSinceEpoch(FixtureTimeMs, Qt::UTC);
    ExtractorJob job;
    job.campaignId = campaignId;
    job.campaignName = campaignName;
    job.campaignType = u"SEARCH"_s;
    job.mode = u"with_enrichment"_s;
    job.leads = leads;
    event.extractorJob = job;
    return event;
}

Lead namedLead(const QString &id, const QString &first, const QString &last)
{
    Lead lead;
    lead.id = id;
    lead.firstName = first;
    lead.lastName = last;
    lead.fullName = QString(first + u' ' + last).trimmed();
    lead.linkedinIdentifier = id;
    lead.linkedinUrl = u"https://www.linkedin.com/in/"_s + id;
    return lead;
}

EventStore::Item jobItem(const QString &eventId, const QString &campaignId,
                         const QString &campaignName, const QList<Lead> &leads)
{
    return item(jobEvent(eventId, campaignId, campaignName, leads));
}

} // namespace TestSupport
