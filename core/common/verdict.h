// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QStringView>

namespace Deliveries {
Q_NAMESPACE

/// What was done with one request (or imported file), as the deliveries table records it. Code
/// compares these; the stored names are for the database and for display, and are converted
/// in one place (verdictName, verdictFromName), so existing stores read as before.
enum class Verdict {
    Unknown, ///< a stored name this build does not know (a newer version wrote it); never written
    Accepted, ///< a new event, stored
    Duplicate, ///< an eventId already stored; answered 200, nothing changed
    Imported, ///< an event read from a file
    Reingested, ///< a stored body parsed and applied again
    StoreFailed, ///< the store could not take the event; answered 503 so the sender retries
    BadSignature, ///< signature missing, malformed or not matching
    StaleSignature, ///< signature valid but its timestamp outside the tolerance
    Malformed, ///< not a SendPilot event (JSON or envelope)
    NotFound, ///< no such route
    MethodNotAllowed,
    UnsupportedMediaType,
    HeaderTooLarge, ///< the HTTP layer's 431
    TooLarge, ///< the HTTP layer's 413
    BadFraming, ///< the HTTP layer's 400 for Content-Length / Transfer-Encoding conflicts
    BadRequest, ///< the HTTP layer's 400 (or 505) for anything else it cannot parse
    Timeout, ///< the HTTP layer's 408
    Busy, ///< the HTTP layer's 503: request bodies in memory over the server's budget
    Fetched, ///< a campaign's status or results page fetched from the SendPilot API, stored
};
Q_ENUM_NS(Verdict)

} // namespace Deliveries

using Deliveries::Verdict;

/// The name kept in deliveries.verdict ("accepted", "bad_signature", ...); empty for Unknown.
QString verdictName(Verdict verdict);
/// The verdict stored as \a name; Unknown for a name this build does not know.
Verdict verdictFromName(QStringView name);
/// The verdict as a person reads it ("Bad signature", "Not found"), translated.
QString verdictLabel(Verdict verdict);
/// Every verdict this build knows (Unknown left out), in the order of the table.
QList<Verdict> knownVerdicts();
/// Whether the request behind \a verdict was refused (an error answer), rather than taken,
/// imported or answered as a duplicate.
bool isRejection(Verdict verdict);
