// SPDX-License-Identifier: MIT
#pragma once

#include "common/verdict.h"

#include <QByteArray>

/// A request the HTTP layer answered on its own, before or instead of the handler: limits,
/// deadlines, framing. The handler's own rejections (route, method, media type) are its own.
enum class HttpRejection {
    HeaderTooLarge, ///< 431: header or trailer section over the limit
    BodyTooLarge, ///< 413: Content-Length or chunked body over the limit
    BadFraming, ///< 400: Content-Length with Transfer-Encoding, repeated CL, unknown coding
    BadRequest, ///< 400 (505 for an unsupported version): anything else that does not parse
    Timeout, ///< 408: header or request deadline
    Busy, ///< 503 + Retry-After: request bodies in memory over the server's budget
};

/// The delivery verdict the HTTP layer's answer is recorded as.
Verdict verdictFor(HttpRejection rejection);
/// A short word for logs and test transcripts: the verdict's stored name ("header_too_large",
/// "too_large", ...).
QByteArray httpRejectionName(HttpRejection rejection);
