// SPDX-License-Identifier: MIT
#include "sendpilot/sendpilotclient.h"

#include "common/logging.h"
#include "sendpilot/apimodels.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

// The verdict of an attempt that got an HTTP answer.
ApiVerdict verdictForStatus(int status)
{
    if (status >= 200 && status < 300)
        return ApiVerdict::Ok;
    if (status == 401)
        return ApiVerdict::AuthRefused;
    if (status == 403)
        return ApiVerdict::Forbidden;
    if (status == 429)
        return ApiVerdict::RateLimited;
    if (status >= 500)
        return ApiVerdict::ServerError;
    return ApiVerdict::ClientError;
}

QString secondsText(qint64 ms)
{
    return QLocale().toString(double(ms) / 1000.0, 'f', ms % 1000 == 0 ? 0 : 1);
}

} // namespace

struct SendPilotClient::Call
{
    QByteArray method = "GET";
    QByteArray body; ///< of a POST
    QString path;
    std::function<QString(const QByteArray &)> validate;
    QPointer<SendPilotCall> handle;
    int attempt = 0;
    qint64 startedAtMs = 0;
    QElapsedTimer elapsed;
};

SendPilotClient::SendPilotClient(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
    qRegisterMetaType<ApiCallRecord>();
    qRegisterMetaType<ApiResponse>();
}

SendPilotClient::~SendPilotClient() = default;

void SendPilotClient::setConfig(const SendPilotClientConfig &config)
{
    m_config = config;
}

QUrl SendPilotClient::urlFor(const QString &path) const
{
    QUrl url = m_config.baseUrl;
    const qsizetype query = path.indexOf(u'?');
    QString base = url.path();
    while (base.endsWith(u'/'))
        base.chop(1);
    const QString relative = query < 0 ? path : path.left(query);
    url.setPath(base + (relative.startsWith(u'/') ? relative : u'/' + relative));
    if (query >= 0)
        url.setQuery(path.mid(query + 1));
    return url;
}

QString SendPilotClient::redacted(const QString &text) const
{
    if (m_config.apiKey.isEmpty())
        return text;
    QString result = text;
    return result.replace(m_config.apiKey, u"[redacted]"_s);
}

SendPilotCall *SendPilotClient::get(const QString &path,
                                    std::function<QString(const QByteArray &)> validate)
{
    auto call = std::make_shared<Call>();
    call->path = path;
    call->validate = std::move(validate);
    return start(std::move(call));
}

SendPilotCall *SendPilotClient::post(const QString &path, const QByteArray &body,
                                     std::function<QString(const QByteArray &)> validate)
{
    auto call = std::make_shared<Call>();
    call->method = "POST";
    call->body = body;
    call->path = path;
    call->validate = std::move(validate);
    return start(std::move(call));
}

SendPilotCall *SendPilotClient::start(std::shared_ptr<Call> call)
{
    auto *handle = new SendPilotCall(this);
    call->handle = handle;
    // Started from the event loop, so the caller can connect to finished() first.
    QTimer::singleShot(0, this, [this, call] { startAttempt(call); });
    return handle;
}

SendPilotCall *SendPilotClient::fetchCredits()
{
    return get(u"/v1/credits"_s, [](const QByteArray &body) {
        QString error;
        return SendPilotApi::parseCredits(body, &error) ? QString() : error;
    });
}

void SendPilotClient::startAttempt(const std::shared_ptr<Call> &call)
{
    if (!call->handle)
        return; // the caller is gone
    ++call->attempt;
    call->startedAtMs = QDateTime::currentMSecsSinceEpoch();
    call->elapsed.start();
    QNetworkRequest request(urlFor(call->path));
    request.setRawHeader("X-API-Key", m_config.apiKey.toUtf8());
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(m_config.timeoutMs);
    // Not followed: a redirect would carry X-API-Key to wherever it points. The API documents
    // none (§4.1); a 3xx ends the call as a refused request that names its status.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    qCDebug(lcApi) << call->method << logSafe(call->path) << "attempt" << call->attempt;
    QNetworkReply *reply = nullptr;
    if (call->method == "POST") {
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        reply = m_network->post(request, call->body);
    } else {
        reply = m_network->get(request);
    }
    connect(reply, &QNetworkReply::finished, this,
            [this, call, reply] { attemptFinished(call, reply); });
}

void SendPilotClient::attemptFinished(const std::shared_ptr<Call> &call, QNetworkReply *reply)
{
    reply->deleteLater();
    ApiCallRecord record;
    record.startedAtMs = call->startedAtMs;
    record.method = QString::fromLatin1(call->method);
    record.path = call->path;
    record.durationMs = call->elapsed.elapsed();
    record.attempt = call->attempt;
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    record.status = statusAttribute.isValid() ? statusAttribute.toInt() : 0;
    // A reply aborted by the transfer timeout is closed: nothing to read.
    const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();

    QString message;
    if (record.status == 0) {
        // No HTTP answer. QNetworkRequest's transfer timeout aborts the reply with
        // OperationCanceledError (this client never aborts one itself).
        const QNetworkReply::NetworkError error = reply->error();
        const bool timedOut = error == QNetworkReply::OperationCanceledError
            || error == QNetworkReply::TimeoutError;
        record.verdict = timedOut ? ApiVerdict::Timeout : ApiVerdict::NetworkError;
        message = timedOut
            ? tr("SendPilot did not answer within %1 s.").arg(secondsText(m_config.timeoutMs))
            : tr("Cannot reach SendPilot at %1: %2.")
                  .arg(m_config.baseUrl.toDisplayString(), reply->errorString());
    } else {
        record.verdict = verdictForStatus(record.status);
        const QString said = SendPilotApi::errorMessage(body);
        switch (record.verdict) {
        case ApiVerdict::Ok:
            if (call->validate) {
                if (const QString why = call->validate(body); !why.isEmpty()) {
                    record.verdict = ApiVerdict::BadResponse;
                    message = tr("SendPilot's answer could not be read: %1.").arg(why);
                }
            }
            break;
        case ApiVerdict::AuthRefused:
            message = said.isEmpty()
                ? tr("SendPilot refused the API key (HTTP 401). Check the key in Settings.")
                : tr("SendPilot refused the API key: “%1”. Check the key in Settings.").arg(said);
            break;
        case ApiVerdict::Forbidden:
            message = said.isEmpty()
                ? tr("SendPilot refused access (HTTP 403): the key may belong to another "
                     "workspace or lack the permission.")
                : tr("SendPilot refused access: “%1”. The key may belong to another workspace.")
                      .arg(said);
            break;
        case ApiVerdict::RateLimited:
            message = tr("SendPilot asks to slow down (HTTP 429).");
            break;
        case ApiVerdict::ServerError:
            message = said.isEmpty()
                ? tr("SendPilot had an error (HTTP %1).").arg(record.status)
                : tr("SendPilot had an error (HTTP %1): “%2”.").arg(record.status).arg(said);
            break;
        case ApiVerdict::ClientError:
            message = said.isEmpty()
                ? tr("SendPilot refused the request (HTTP %1).").arg(record.status)
                : tr("SendPilot refused the request (HTTP %1): “%2”.").arg(record.status).arg(said);
            break;
        case ApiVerdict::Unknown:
        case ApiVerdict::Timeout:
        case ApiVerdict::NetworkError:
        case ApiVerdict::BadResponse:
            break;
        }
    }
    // A server (or a proxy) may echo what it was sent: nothing shown or stored holds the key.
    message = redacted(message);

    // The next attempt, if any, and how long to wait for it.
    qint64 waitMs = -1;
    // A POST is tried again only when it was refused unread (429): see post().
    const bool retryable = call->method == "POST" ? record.verdict == ApiVerdict::RateLimited
                                                  : isRetryable(record.verdict);
    if (retryable && call->attempt < m_config.maxAttempts) {
        if (record.verdict == ApiVerdict::RateLimited) {
            const std::optional<qint64> asked = SendPilotApi::parseRetryAfter(
                reply->rawHeader("Retry-After"), QDateTime::currentDateTimeUtc());
            waitMs = asked.value_or(m_config.defaultRetryAfterMs);
            if (waitMs > m_config.maxRetryAfterMs) {
                message = tr("SendPilot asks to wait %1 s before the next request (HTTP 429).")
                              .arg(secondsText(waitMs));
                waitMs = -1;
            }
        } else {
            const double backoff
                = double(m_config.initialBackoffMs) * std::pow(2.0, call->attempt - 1);
            waitMs = qint64(std::min(backoff, double(m_config.maxBackoffMs)));
        }
    }
    record.detail = message;
    if (waitMs >= 0)
        record.detail = (message.isEmpty() ? QString() : message + u' ')
            + tr("Retrying in %1 s.").arg(secondsText(waitMs));
    qCInfo(lcApi).noquote() << record.method << logSafe(record.path) << record.status
                            << apiVerdictName(record.verdict) << record.durationMs << "ms"
                            << "attempt" << record.attempt;
    Q_EMIT callRecorded(record);

    if (waitMs >= 0) {
        Q_EMIT retryScheduled(call->path, call->attempt + 1, waitMs, record.verdict);
        const int scaled = int(std::min<double>(double(waitMs) * m_config.delayScale, 1e9));
        QTimer::singleShot(scaled, this, [this, call] { startAttempt(call); });
        return;
    }
    ApiResponse response;
    response.verdict = record.verdict;
    response.status = record.status;
    response.body = body;
    response.message = message;
    response.attempts = call->attempt;
    if (SendPilotCall *handle = call->handle) {
        Q_EMIT handle->finished(response);
        handle->deleteLater();
    }
}
