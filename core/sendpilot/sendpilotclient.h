// SPDX-License-Identifier: MIT
#pragma once

#include "sendpilot/apicall.h"

#include <QByteArray>
#include <QObject>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

/// How the client reaches SendPilot and how patiently.
struct SendPilotClientConfig
{
    /// Scheme and host (and a base path, if the API is ever moved under one); paths such as
    /// /v1/credits are appended to it. Older docs show /api/v1: hence configurable (§4.1).
    QUrl baseUrl = QUrl(QStringLiteral("https://api.sendpilot.ai"));
    QString apiKey; ///< sent as X-API-Key (§4.1), never logged or recorded
    /// QNetworkRequest::setTransferTimeout: no byte for this long ends the attempt.
    int timeoutMs = 30'000;
    int maxAttempts = 4; ///< the first try and up to three retries
    int initialBackoffMs = 1'000; ///< before the first retry; doubles for each next one
    int maxBackoffMs = 30'000;
    /// A 429 without Retry-After waits this long (what a public client of the API does, §4.1).
    qint64 defaultRetryAfterMs = 60'000;
    /// A 429 asking for a longer wait is not waited for: the call ends rate-limited.
    qint64 maxRetryAfterMs = 10 * 60'000;
    /// Every wait is multiplied by this before the timer starts (tests: 0.001, so a minute is
    /// 60 ms). What is reported (retryScheduled, the record's detail) is the nominal wait.
    double delayScale = 1.0;
};

/// How a call ended, after its retries.
struct ApiResponse
{
    ApiVerdict verdict = ApiVerdict::Unknown;
    int status = 0; ///< of the last attempt; 0 when no answer came
    QByteArray body; ///< of the last attempt
    /// For the user: SendPilot's own message for 401/403 and other errors, or what went wrong
    /// on the way; empty on success. Never contains the key.
    QString message;
    int attempts = 0;

    bool ok() const { return verdict == ApiVerdict::Ok; }
};
Q_DECLARE_METATYPE(ApiResponse)

/// One call in flight: finished() once, then it deletes itself.
class SendPilotCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SendPilotCall)

public:
    explicit SendPilotCall(QObject *parent = nullptr)
        : QObject(parent)
    { }
    ~SendPilotCall() override = default;

Q_SIGNALS:
    void finished(const ApiResponse &response);
};

/*!
    The SendPilot API client on QNetworkAccessManager (§4.1): X-API-Key, a transfer timeout per
    attempt, retries with exponential backoff on network errors, timeouts and 5xx, 429 honoured
    with Retry-After (seconds or an HTTP-date; 60 s when absent). 401 and 403 end the call at
    once with SendPilot's message. Every attempt is reported with callRecorded() for the store
    (time, method, path, status, duration, verdict; no header, no body), and nothing it logs
    holds the key. Lives on the thread that creates it; all of it is asynchronous.
*/
class SendPilotClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SendPilotClient)

public:
    explicit SendPilotClient(QObject *parent = nullptr);
    ~SendPilotClient() override;

    void setConfig(const SendPilotClientConfig &config);
    const SendPilotClientConfig &config() const { return m_config; }
    bool hasKey() const { return !m_config.apiKey.isEmpty(); }

    /// GET \a path (such as "/v1/credits", a query allowed). \a validate checks a 2xx body
    /// (empty string: fine; else why not, and the call ends BadResponse); none accepts any body.
    SendPilotCall *get(const QString &path,
                       std::function<QString(const QByteArray &)> validate = nullptr);
    /*!
        POST \a body (JSON) to \a path. Not idempotent, so only a 429 is tried again (the
        request was refused before it was acted on); a network error, a timeout or a 5xx ends
        the call at once, since SendPilot may have acted on it (a campaign created twice costs
        credits twice). \a validate as for get().
    */
    SendPilotCall *post(const QString &path, const QByteArray &body,
                        std::function<QString(const QByteArray &)> validate = nullptr);
    /// GET /v1/credits, validated with SendPilotApi::parseCredits.
    SendPilotCall *fetchCredits();

    /// The URL of \a path under the base URL.
    QUrl urlFor(const QString &path) const;
    /// \a text with every occurrence of the key replaced, for anything shown or stored.
    QString redacted(const QString &text) const;

Q_SIGNALS:
    /// One attempt ended (the call may go on with a retry).
    void callRecorded(const ApiCallRecord &record);
    /// The next attempt of \a path starts in \a delayMs (nominal, before delayScale).
    void retryScheduled(const QString &path, int nextAttempt, qint64 delayMs, ApiVerdict why);

private:
    struct Call;
    SendPilotCall *start(std::shared_ptr<Call> call);
    void startAttempt(const std::shared_ptr<Call> &call);
    void attemptFinished(const std::shared_ptr<Call> &call, class QNetworkReply *reply);

    QNetworkAccessManager *m_network;
    SendPilotClientConfig m_config;
};
