// SPDX-License-Identifier: MIT
// Fuzz target for EventParser::parse (core/sendpilot) on arbitrary bytes.
//
// Input: [mode] bytes. mode % 4: 0 the bytes are the body; 1 they are the "data" of a
// lead_extractor.job.completed envelope; 2 they are its "leads" array's elements; 3 they are the
// "data" of a reply.received envelope. The wrapping lets the fuzzer spend its time inside the
// lenient data parsing instead of rediscovering the envelope.
#include "fuzzcheck.h"

#include "sendpilot/eventparser.h"

#include <QCoreApplication>

#include <cstdint>

namespace {

void checkInvariants(const QByteArray &body, const EventParseResult &result)
{
    FUZZ_CHECK(result.ok() == result.error.isEmpty());
    if (!result.ok())
        return;
    const Event &event = *result.event;
    // The envelope is strict: both ids present, non-empty and bounded (they become keys).
    FUZZ_CHECK(!event.eventId.isEmpty() && event.eventId.size() <= 512);
    FUZZ_CHECK(!event.eventType.isEmpty() && event.eventType.size() <= 128);
    FUZZ_CHECK(event.kind == eventKindFromType(event.eventType));
    FUZZ_CHECK(!event.timestamp.isValid() || event.timestamp.timeSpec() == Qt::UTC);
    switch (event.kind) {
    case EventKind::Unknown:
        FUZZ_CHECK(!event.extractorJob && !event.activity);
        break;
    case EventKind::LeadExtractorJobCompleted:
    case EventKind::LeadDatabaseSearchCompleted: {
        FUZZ_CHECK(event.extractorJob && !event.activity);
        const ExtractorJob &job = *event.extractorJob;
        FUZZ_CHECK((job.source == CampaignSource::LeadDatabase)
                   == (event.kind == EventKind::LeadDatabaseSearchCompleted));
        FUZZ_CHECK(job.skippedLeads >= 0);
        FUZZ_CHECK(event.leadCount() == job.leads.size());
        FUZZ_CHECK(!job.startedAt.isValid() || job.startedAt.timeSpec() == Qt::UTC);
        FUZZ_CHECK(!job.completedAt.isValid() || job.completedAt.timeSpec() == Qt::UTC);
        // Every lead and every skipped element came from some byte of the body.
        FUZZ_CHECK(job.leads.size() + job.skippedLeads <= body.size());
        break;
    }
    default:
        FUZZ_CHECK(event.activity && !event.extractorJob);
        FUZZ_CHECK(event.leadCount() == 0);
        break;
    }
    // Strings came from UTF-8 (repaired if it was not): they encode back without loss.
    FUZZ_CHECK(QString::fromUtf8(event.eventId.toUtf8()) == event.eventId);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    QByteArray body;
    switch (data[0] % 4) {
    case 0:
        body = bytes;
        break;
    case 1:
        body = R"({"eventId":"evt_1","eventType":"lead_extractor.job.completed","data":)" + bytes
            + '}';
        break;
    case 2:
        body = R"({"eventId":"evt_1","eventType":"lead_extractor.job.completed","data":{"leads":[)"
            + bytes + "]}}";
        break;
    case 3:
        body
            = R"({"eventId":"evt_1","eventType":"reply.received","timestamp":"2024-02-20T10:00:00Z","data":)"
            + bytes + '}';
        break;
    }

    const EventParseResult first = EventParser::parse(body);
    checkInvariants(body, first);
    // The per-thread parser is reused: a second parse of the same body gives the same result.
    const EventParseResult second = EventParser::parse(body);
    FUZZ_CHECK(first.ok() == second.ok());
    FUZZ_CHECK(first.error == second.error);
    if (first.ok()) {
        FUZZ_CHECK(first.event->eventId == second.event->eventId);
        FUZZ_CHECK(first.event->leadCount() == second.event->leadCount());
    }
    return 0;
}
