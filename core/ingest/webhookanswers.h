// SPDX-License-Identifier: MIT
#pragma once

#include "common/verdict.h"
#include "http/httpresponse.h"

#include <QString>

#include <optional>

/*!
    Every answer the webhook endpoint gives, built in one place: the endpoint sends them, and
    the Deliveries inspector rebuilds the answer to a stored delivery from its status, verdict
    and reason with the same functions (the store keeps those, not the answer's bytes, and
    each answer is a function of them).
*/
namespace WebhookAnswers {
/// The health check's path, beside the configurable webhook path.
inline constexpr char HealthPath[] = "/healthz";

/// {"error": message}, as JSON.
HttpResponse error(int status, const QString &message);
/// 200 {"status":"stored","eventId":...}: the event is committed.
HttpResponse stored(const QString &eventId);
/// 200 {"status":"duplicate","eventId":...}: the event id was already stored.
HttpResponse duplicate(const QString &eventId);
/// 503: the store could not take the event; SendPilot retries (sendpilot-webhooks.md 1.3).
HttpResponse storeFailed();
/// 405 with Allow, for a method other than the one \a path takes (POST for the webhook path,
/// GET and HEAD for the health check).
HttpResponse methodNotAllowed(bool healthPath);
HttpResponse unsupportedMediaType();
HttpResponse notFound();

/// What the inspector knows of an answered delivery.
struct Recorded
{
    int status = 0;
    Verdict verdict = Verdict::Unknown;
    QString detail; ///< deliveries.detail: the rejection's reason
    QString eventId;
    QString path;
};
/// The answer \a delivery was given, rebuilt; nullopt when no request was answered (an import,
/// a re-ingest) or the verdict is one this build does not know.
std::optional<HttpResponse> answerFor(const Recorded &delivery);
/// \a response as the inspector shows it: status line, the handler's headers and
/// Content-Length (Date and Connection are the connection's, not kept), an empty line, the body.
QByteArray displayText(const HttpResponse &response);
} // namespace WebhookAnswers
