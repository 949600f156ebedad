// SPDX-License-Identifier: MIT
#pragma once

#include "sendpilot/event.h"

#include <QByteArray>
#include <QString>
#include <optional>

/// The result of parsing one webhook body: an event, or why the body is not one.
struct EventParseResult
{
    std::optional<Event> event;
    QString error; ///< short, for the 400 body and the delivery log; empty on success

    bool ok() const { return event.has_value(); }
};

/// The result of checking a body on the acknowledgement path: its envelope, or why it is not an
/// event (the same answers as parse() gives).
struct EnvelopeParseResult
{
    std::optional<EventEnvelope> envelope;
    QString error;

    bool ok() const { return envelope.has_value(); }
};

namespace EventParser {
/// Strict on the envelope (a JSON object with non-empty string eventId and eventType; data, if
/// present, an object), lenient on the data: a missing, null or wrong-typed field becomes empty.
/// An unknown eventType parses fine with kind Unknown.
EventParseResult parse(const QByteArray &body);
/// The checks of parse() on the whole body (well-formed JSON, the strict envelope) without
/// reading the leads: what the acknowledgement path needs, in about half the time.
EnvelopeParseResult parseEnvelope(const QByteArray &body);
/// An entry fetched from the API (its events.kind is an API kind): the status answer (§4.3) or
/// one results page (§4.4) of \a campaignId, asked for at \a offset with \a limit. The event
/// has \a eventId, \a kind, extractorJob (the campaign id; the name from the status; the
/// page's leads) and api (the status and progress, or the page's offset and whether it is the
/// last). \a source says whose endpoints answered: a Lead Database search's status (§5.5) and
/// its leads' extra fields (3.12). Fails as parse() does for a body that is not such an answer.
EventParseResult parseApiEntry(const QByteArray &body, EventKind kind, const QString &eventId,
                               const QString &campaignId, qint64 offset, qint64 limit,
                               CampaignSource source = CampaignSource::LeadExtractor);
/// ISO 8601 with or without milliseconds, 'Z' or an offset; an invalid QDateTime otherwise.
QDateTime parseTimestamp(const QString &text);
} // namespace EventParser
