// SPDX-License-Identifier: MIT
#pragma once

#include "http/requesthandler.h"
#include "ingest/deliveryinfo.h"
#include "store/eventlog.h"
#include "webhook/signatureverifier.h"

#include <QObject>
#include <QTimer>

/// Routes requests (the webhook POST path and GET /healthz), verifies signatures, checks the
/// envelope and that the body is well-formed JSON, and appends the raw event to the event log.
/// Nothing else runs before the answer: the projector derives campaigns and leads afterwards.
/// Lives on the ingest thread with the server and the log.
///
/// Durability: an event is answered 2xx only after the transaction holding it has committed.
/// Events that arrive together (in one pass of the event loop) share one transaction and so one
/// fsync; each keeps its own savepoint, so one bad event does not undo another.
class WebhookEndpoint final : public QObject, public RequestHandler
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookEndpoint)

public:
    explicit WebhookEndpoint(EventLog *log, QObject *parent = nullptr);
    ~WebhookEndpoint() override;

    void setWebhookPath(const QString &path);
    QString webhookPath() const;
    void setSecrets(const QStringList &secrets);
    void setSignatureToleranceSecs(int secs);
    /// The public URL of the tunnel in front (Setting::PublicUrl); empty when there is none.
    /// With one, each delivery also records the client address the tunnel names
    /// (CF-Connecting-IP, X-Forwarded-For); without, those headers are not believed.
    void setPublicUrl(const QString &url);
    bool verifying() const;

    std::optional<HttpResponse> checkHeaders(const HttpRequest &request) override;
    void handleRequest(const HttpRequest &request, HttpResponder responder) override;
    void requestRejected(const HttpRequest &request, const HttpResponse &response,
                         HttpRejection rejection) override;

    /// Writes what is queued now instead of on the next pass of the event loop.
    void flush();

Q_SIGNALS:
    /// One per request answered, after its answer is decided (for events: after COMMIT).
    void delivered(const DeliveryInfo &info);
    /// New entries were committed to the log: the projector has work.
    void entriesAppended();
    /// Deliveries that brought no new event (rejections, duplicates, failures) were recorded:
    /// the deliveries list can show them now.
    void deliveriesRecorded();

private:
    struct Pending;
    struct Rejection
    {
        HttpResponse response;
        Verdict verdict;
    };
    /// Why \a request cannot be served (route, method, media type), or nullopt.
    std::optional<Rejection> route(const HttpRequest &request) const;
    void handleWebhook(const HttpRequest &request, HttpResponder responder);
    HttpResponse healthResponse() const;
    void reject(const HttpRequest &request, const HttpResponse &response, Verdict verdict,
                const QString &detail, HttpResponder responder, bool signed_ = false);
    /// Tells the views and queues the record of a request answered without an event; of one
    /// without a valid signature (\a signed_ false) only a short prefix is kept.
    void noteRejected(const HttpRequest &request, const HttpResponse &response, Verdict verdict,
                      const QString &detail, bool signed_ = false);
    void scheduleFlush();
    void scheduleRepeats();
    void recordAll(const QList<DeliveryRecord> &records);

    EventLog *m_store;
    SignatureVerifier m_verifier;
    QByteArray m_path;
    QList<EventLog::Item> m_items; ///< accepted events waiting for the next commit
    QList<Pending> m_pending; ///< their responders, same order
    QList<DeliveryRecord> m_rejected;
    qint64 m_eventCount = 0;
    QTimer m_checkpointTimer;
    QTimer m_repeatTimer; ///< writes the last repeats of a burst once it goes quiet
    QString m_publicUrl;
    bool m_flushScheduled = false;
};
