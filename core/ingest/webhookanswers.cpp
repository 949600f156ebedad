// SPDX-License-Identifier: MIT
#include "ingest/webhookanswers.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace WebhookAnswers {

HttpResponse error(int status, const QString &message)
{
    return HttpResponse::json(status, QJsonObject {{u"error"_s, message}});
}

HttpResponse stored(const QString &eventId)
{
    return HttpResponse::json(200,
                              QJsonObject {{u"status"_s, u"stored"_s}, {u"eventId"_s, eventId}});
}

HttpResponse duplicate(const QString &eventId)
{
    return HttpResponse::json(200,
                              QJsonObject {{u"status"_s, u"duplicate"_s}, {u"eventId"_s, eventId}});
}

HttpResponse storeFailed()
{
    return error(503, u"could not store the event; please retry"_s);
}

HttpResponse methodNotAllowed(bool healthPath)
{
    HttpResponse response = error(405, healthPath ? u"use GET"_s : u"use POST"_s);
    response.headers.append({"Allow"_ba, healthPath ? "GET, HEAD"_ba : "POST"_ba});
    return response;
}

HttpResponse unsupportedMediaType()
{
    return error(415, u"expected Content-Type: application/json"_s);
}

HttpResponse notFound()
{
    return error(404, u"not found"_s);
}

std::optional<HttpResponse> answerFor(const Recorded &delivery)
{
    switch (delivery.verdict) {
    case Verdict::Accepted:
        return stored(delivery.eventId);
    case Verdict::Duplicate:
        return duplicate(delivery.eventId);
    case Verdict::StoreFailed:
        return storeFailed();
    case Verdict::BadSignature:
    case Verdict::StaleSignature:
    case Verdict::Malformed:
        // The reason is the error message sent (WebhookEndpoint::handleWebhook).
        return error(delivery.status, delivery.detail);
    case Verdict::NotFound:
        return notFound();
    case Verdict::MethodNotAllowed:
        return methodNotAllowed(delivery.path == QLatin1StringView(HealthPath));
    case Verdict::UnsupportedMediaType:
        return unsupportedMediaType();
    case Verdict::HeaderTooLarge:
    case Verdict::TooLarge:
    case Verdict::BadFraming:
    case Verdict::BadRequest:
    case Verdict::Timeout:
    case Verdict::Busy:
        return HttpResponse::rejection(delivery.status);
    case Verdict::Imported:
    case Verdict::Reingested:
    case Verdict::Fetched:
    case Verdict::Unknown:
        break;
    }
    return std::nullopt;
}

QByteArray displayText(const HttpResponse &response)
{
    QByteArray text = "HTTP/1.1 " + QByteArray::number(response.status) + ' '
        + HttpResponse::reasonPhrase(response.status) + '\n';
    for (const auto &[name, value] : response.headers)
        text += name + ": " + value + '\n';
    text += "Content-Length: " + QByteArray::number(response.body.size()) + "\n\n";
    return text + response.body;
}

} // namespace WebhookAnswers
