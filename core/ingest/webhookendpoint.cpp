// SPDX-License-Identifier: MIT
#include "ingest/webhookendpoint.h"

#include "common/limits.h"
#include "common/logging.h"
#include "common/version.h"
#include "ingest/webhookanswers.h"
#include "sendpilot/eventparser.h"

#include <QDateTime>
#include <QHostAddress>
#include <QJsonObject>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {
constexpr QByteArrayView HealthPath = WebhookAnswers::HealthPath;
constexpr QByteArrayView SignatureHeader = "Webhook-Signature";
constexpr int IdleCheckpointMs = 2000;

bool isJsonMediaType(const QByteArray &contentType)
{
    // RFC 9110 8.3.1: media type, then optional parameters; compared case-insensitively.
    const QByteArray type = contentType.split(';').constFirst().trimmed().toLower();
    return type == "application/json"
        || (type.startsWith("application/") && type.endsWith("+json"));
}

// The client a tunnel in front names. CF-Connecting-IP is Cloudflare's (it sets it itself);
// X-Forwarded-For's last entry is the one the nearest proxy added (the entries before it are
// whatever the client sent). Only an IP address is taken: anything else anyone could write.
QString forwardedClient(const HttpRequest &request)
{
    const auto address = [](QByteArrayView text) {
        QHostAddress parsed;
        return parsed.setAddress(QString::fromLatin1(text.trimmed())) ? parsed.toString()
                                                                      : QString();
    };
    if (const QString cf = address(request.header("CF-Connecting-IP")); !cf.isEmpty())
        return cf;
    QByteArray forwarded;
    for (const auto &[name, value] : request.headers) {
        if (name.compare("X-Forwarded-For", Qt::CaseInsensitive) == 0)
            forwarded = value; // RFC 9110 5.3: repeated fields read as one list, in order
    }
    const qsizetype comma = forwarded.lastIndexOf(',');
    return address(comma < 0 ? forwarded : forwarded.sliced(comma + 1));
}

DeliveryRecord recordFor(const HttpRequest &request, bool tunnelInFront)
{
    DeliveryRecord record;
    record.receivedAtMs
        = request.receivedAtMs ? request.receivedAtMs : QDateTime::currentMSecsSinceEpoch();
    record.peer = request.peer();
    // Anyone can send these headers: believed only when the user said a tunnel is in front.
    if (tunnelInFront)
        record.forwardedFor = forwardedClient(request);
    record.method = QString::fromLatin1(request.method);
    record.path = QString::fromUtf8(request.path.left(1024));
    record.headers = request.headers;
    record.bodySize = request.body.size();
    return record;
}

DeliveryInfo infoFor(const DeliveryRecord &record, bool stored)
{
    DeliveryInfo info;
    info.receivedAtMs = record.receivedAtMs;
    info.peer = record.peer;
    info.forwardedFor = record.forwardedFor;
    info.status = record.status;
    info.verdict = record.verdict;
    info.eventType = record.eventType;
    info.eventId = record.eventId;
    info.leadCount = record.leadCount;
    info.detail = record.detail;
    info.verified = record.verified;
    info.stored = stored;
    return info;
}

// The first header fields of \a headers that fit in \a bytes (names and values), each value cut
// to what is left; the rest is dropped.
HttpHeaders cappedHeaders(const HttpHeaders &headers, qsizetype bytes)
{
    HttpHeaders kept;
    for (const auto &[name, value] : headers) {
        const qsizetype room = bytes - name.size() - 2;
        if (room <= 0)
            break;
        kept.append({name, value.left(room)});
        bytes = room - std::min(value.size(), room);
    }
    return kept;
}

} // namespace

struct WebhookEndpoint::Pending
{
    HttpResponder responder;
};

WebhookEndpoint::WebhookEndpoint(EventLog *log, QObject *parent)
    : QObject(parent)
    , m_store(log)
    , m_path(Limits::DefaultWebhookPath)
{
    qRegisterMetaType<DeliveryInfo>();
    m_eventCount = m_store->counts().events;
    // Copy the write-ahead log into the database while nothing arrives, so that the automatic
    // checkpoint (rare by design, see the store) seldom lands inside an event's commit.
    m_checkpointTimer.setSingleShot(true);
    m_checkpointTimer.setInterval(IdleCheckpointMs);
    connect(&m_checkpointTimer, &QTimer::timeout, this, [this] { m_store->checkpoint(); });
    m_repeatTimer.setSingleShot(true);
    m_repeatTimer.setInterval(Limits::BurstWriteIntervalMs);
    connect(&m_repeatTimer, &QTimer::timeout, this, [this] {
        if (m_store->writeRepeats())
            Q_EMIT deliveriesRecorded();
    });
}

WebhookEndpoint::~WebhookEndpoint()
{
    // Nothing queued may be dropped silently: write it before the store goes away.
    flush();
    m_store->writeRepeats();
}

void WebhookEndpoint::setPublicUrl(const QString &url)
{
    m_publicUrl = url.trimmed();
}

void WebhookEndpoint::scheduleRepeats()
{
    // The count of a burst still growing is written by the store at most once a second while
    // rejections arrive; this writes the last of them once they stop.
    if (m_store->hasUnwrittenRepeats() && !m_repeatTimer.isActive())
        m_repeatTimer.start();
}

void WebhookEndpoint::setWebhookPath(const QString &path)
{
    m_path = path.toUtf8();
    if (!m_path.startsWith('/'))
        m_path.prepend('/');
}

QString WebhookEndpoint::webhookPath() const
{
    return QString::fromUtf8(m_path);
}

void WebhookEndpoint::setSecrets(const QStringList &secrets)
{
    m_verifier.setSecrets(secrets);
}

void WebhookEndpoint::setSignatureToleranceSecs(int secs)
{
    m_verifier.setToleranceSecs(secs);
}

bool WebhookEndpoint::verifying() const
{
    return m_verifier.hasSecrets();
}

std::optional<WebhookEndpoint::Rejection> WebhookEndpoint::route(const HttpRequest &request) const
{
    if (request.path == m_path) {
        if (request.method != "POST") {
            return Rejection {WebhookAnswers::methodNotAllowed(false), Verdict::MethodNotAllowed};
        }
        const QByteArray contentType = request.header("Content-Type");
        // A missing Content-Type is tolerated; a declared non-JSON one is not what SendPilot
        // sends (sendpilot-webhooks.md 2.2).
        if (!contentType.isEmpty() && !isJsonMediaType(contentType)) {
            return Rejection {WebhookAnswers::unsupportedMediaType(),
                              Verdict::UnsupportedMediaType};
        }
        return std::nullopt;
    }
    if (request.path == HealthPath) {
        if (request.method != "GET" && request.method != "HEAD") {
            return Rejection {WebhookAnswers::methodNotAllowed(true), Verdict::MethodNotAllowed};
        }
        return std::nullopt;
    }
    return Rejection {WebhookAnswers::notFound(), Verdict::NotFound};
}

std::optional<HttpResponse> WebhookEndpoint::checkHeaders(const HttpRequest &request)
{
    std::optional<Rejection> rejection = route(request);
    if (!rejection)
        return std::nullopt;
    // The request goes no further than this: it is recorded here, with route()'s verdict.
    noteRejected(request, rejection->response, rejection->verdict,
                 QString::fromUtf8(rejection->response.body.left(200)));
    return std::move(rejection->response);
}

void WebhookEndpoint::handleRequest(const HttpRequest &request, HttpResponder responder)
{
    // checkHeaders() let the request through, so it is a health check or the webhook POST.
    if (request.path == HealthPath) {
        HttpResponse response = healthResponse();
        if (request.method == "HEAD")
            response.body.clear();
        responder(response);
        return;
    }
    handleWebhook(request, responder);
}

void WebhookEndpoint::handleWebhook(const HttpRequest &request, HttpResponder responder)
{
    const auto signature = m_verifier.verify(request.header(SignatureHeader), request.body);
    if (!signature.accepted()) {
        reject(request, WebhookAnswers::error(401, QString::fromUtf8(signature.reason)),
               SignatureVerifier::verdictFor(signature.outcome),
               QString::fromUtf8(signature.reason), responder);
        return;
    }

    EnvelopeParseResult parsed = EventParser::parseEnvelope(request.body);
    if (!parsed.ok()) {
        reject(request, WebhookAnswers::error(400, parsed.error), Verdict::Malformed, parsed.error,
               responder, signature.outcome == SignatureVerifier::Outcome::Verified);
        return;
    }

    EventLog::Item item;
    item.delivery = recordFor(request, !m_publicUrl.isEmpty());
    item.delivery.body = request.body;
    item.delivery.status = 200;
    item.delivery.verdict = Verdict::Accepted;
    item.delivery.verified = signature.outcome == SignatureVerifier::Outcome::Verified;
    item.delivery.eventId = parsed.envelope->eventId;
    item.delivery.eventType = parsed.envelope->eventType;
    item.delivery.leadCount = parsed.envelope->leadCount;
    item.envelope = std::move(parsed.envelope);
    m_items.append(std::move(item));
    m_pending.append(Pending {std::move(responder)});
    scheduleFlush();
}

void WebhookEndpoint::reject(const HttpRequest &request, const HttpResponse &response,
                             Verdict verdict, const QString &detail, HttpResponder responder,
                             bool signed_)
{
    // Nothing was promised for a rejected request, so its answer need not wait for the disk;
    // its record joins the next batch rather than costing an fsync of its own.
    responder(response);
    noteRejected(request, response, verdict, detail, signed_);
}

void WebhookEndpoint::requestRejected(const HttpRequest &request, const HttpResponse &response,
                                      HttpRejection rejection)
{
    noteRejected(request, response, verdictFor(rejection),
                 QString::fromUtf8(response.body.left(200)));
}

void WebhookEndpoint::noteRejected(const HttpRequest &request, const HttpResponse &response,
                                   Verdict verdict, const QString &detail, bool signed_)
{
    DeliveryRecord record = recordFor(request, !m_publicUrl.isEmpty());
    // Anybody can send an unsigned request: only a little of it is kept (common/limits.h).
    record.verified = signed_;
    record.body = request.body.left(signed_ ? Limits::RejectedBodyCapBytes
                                            : Limits::UnauthenticatedBodyCapBytes);
    if (!signed_)
        record.headers = cappedHeaders(request.headers, Limits::UnauthenticatedHeaderCapBytes);
    if (record.bodySize == 0) // refused before the body was read: what was announced
        record.bodySize = request.header("Content-Length").toLongLong();
    record.status = response.status;
    record.verdict = verdict;
    record.detail = detail;
    Q_EMIT delivered(infoFor(record, false));
    m_rejected.append(std::move(record));
    scheduleFlush();
}

void WebhookEndpoint::scheduleFlush()
{
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    // Zero timeout: runs once the event loop has read what else has arrived, so events that
    // arrive together share one transaction.
    QTimer::singleShot(0, this, &WebhookEndpoint::flush);
}

void WebhookEndpoint::flush()
{
    m_flushScheduled = false;
    if (!m_rejected.isEmpty()) {
        const QList<DeliveryRecord> rejected = std::exchange(m_rejected, {});
        recordAll(rejected);
        Q_EMIT deliveriesRecorded();
    }
    if (m_items.isEmpty()) {
        scheduleRepeats();
        return;
    }

    const QList<EventLog::Item> items = std::exchange(m_items, {});
    const QList<Pending> pending = std::exchange(m_pending, {});
    const QList<EventLog::ItemResult> results = m_store->append(items);

    bool changed = false;
    QList<DeliveryRecord> failed;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const EventLog::ItemResult result
            = i < results.size() ? results.at(i) : EventLog::ItemResult {};
        DeliveryRecord record = items.at(i).delivery;
        HttpResponse response;
        switch (result.outcome) {
        case EventLog::Outcome::Stored:
            ++m_eventCount;
            changed = true;
            response = WebhookAnswers::stored(record.eventId);
            break;
        case EventLog::Outcome::Duplicate:
            record.verdict = Verdict::Duplicate;
            response = WebhookAnswers::duplicate(record.eventId);
            break;
        case EventLog::Outcome::Failed:
            // 503 makes SendPilot retry (sendpilot-webhooks.md 1.3): nothing was acknowledged.
            qCWarning(lcIngest).noquote()
                << "could not store event" << logSafe(record.eventId) << ":" << result.error;
            record.status = 503;
            record.verdict = Verdict::StoreFailed;
            record.detail = result.error.left(200);
            record.body = record.body.left(Limits::RejectedBodyCapBytes);
            response = WebhookAnswers::storeFailed();
            // The store records a failed item itself when it can (deliveryId set); when even
            // that failed (a failed COMMIT), try once more on its own.
            if (result.deliveryId == 0)
                failed.append(record);
            break;
        }
        pending.at(i).responder(response);
        Q_EMIT delivered(infoFor(record, result.outcome == EventLog::Outcome::Stored));
    }
    recordAll(failed); // best effort: the disk may be what failed
    scheduleRepeats();
    if (changed) {
        m_checkpointTimer.start();
        Q_EMIT entriesAppended();
    }
    Q_EMIT deliveriesRecorded();
}

void WebhookEndpoint::recordAll(const QList<DeliveryRecord> &records)
{
    // The store logs a failure itself.
    if (!records.isEmpty())
        m_store->recordDeliveries(records);
}

HttpResponse WebhookEndpoint::healthResponse() const
{
    return HttpResponse::json(
        200,
        QJsonObject {
            {u"status"_s, u"ok"_s},
            {u"version"_s, QString(LeadViewer::Version)},
            {u"events"_s, m_eventCount},
            {u"verified"_s, m_verifier.hasSecrets()},
            {u"signature"_s,
             m_verifier.hasSecrets() ? u"verified"_s
                                     : u"unverified: no secret configured, events are accepted "
                                       u"without a signature check"_s},
        });
}
