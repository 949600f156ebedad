// SPDX-License-Identifier: MIT
#pragma once

#include "ingest/deliveryinfo.h"
#include "ingest/importer.h"

#include <QHostAddress>
#include <QObject>
#include <QThread>
#include <QUrl>

class Settings;

/// Everything the receiver needs to run; built from Settings plus command-line overrides.
struct EndpointConfig
{
    QString databasePath;
    QHostAddress address = QHostAddress(QString::fromLatin1(Limits::DefaultAddress));
    quint16 port = Limits::DefaultPort;
    QString path = QString::fromLatin1(Limits::DefaultWebhookPath);
    QStringList secrets;
    int signatureToleranceSecs = Limits::DefaultSignatureToleranceSecs;
    qint64 maxBodyBytes = Limits::DefaultMaxBodyBytes;
    QString publicUrl; ///< the tunnel in front (Setting::PublicUrl), or empty

    static EndpointConfig fromSettings(const Settings &settings);
};

/// The receiver: HTTP server, webhook endpoint and event store on a thread of their own, so
/// ingest never runs on the GUI thread and the GUI never waits for an fsync. Its signals are
/// delivered to the thread that owns the service (queued).
class IngestService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IngestService)

public:
    explicit IngestService(QObject *parent = nullptr);
    ~IngestService() override;

    /// Opens the store and starts listening. Blocks until both are done. On failure the error
    /// is a sentence for the user (port in use, database unreadable, ...). A store that opened
    /// stays open even if listening failed, so imports still work.
    bool start(const EndpointConfig &config, QString *error);
    /// Applies new endpoint settings in place: the listener restarts, the store stays open.
    bool reconfigure(const EndpointConfig &config, QString *error);
    /// Writes what is queued, closes the listener and the store, and stops the thread.
    void stop();

    bool storeOpen() const;
    bool isListening() const;
    QUrl url() const;
    bool verifying() const;
    QString databasePath() const;

    /// Imports files on the ingest thread; the report arrives with importFinished().
    void importFiles(const QStringList &files);
    /// Re-parses a stored body and applies it again even though its event is stored (after a
    /// parser upgrade): campaign and leads are upserted. Report via importFinished().
    void reingest(const QByteArray &body, const QString &source);
    /// Records that the analyst has looked at a campaign (clears its "new" mark).
    void markCampaignSeen(qint64 campaignRowId);

Q_SIGNALS:
    void delivered(const DeliveryInfo &info);
    void storeChanged();
    /// Requests that brought no new event were recorded (see WebhookEndpoint).
    void deliveriesRecorded();
    void listeningChanged(bool listening);
    void importFinished(const Importer::Report &report);

private:
    class Worker;
    bool listenOnWorker(const EndpointConfig &config, QString *error);

    QThread m_thread;
    Worker *m_worker = nullptr;
    EndpointConfig m_config;
    QUrl m_url;
    bool m_storeOpen = false;
    bool m_listening = false;
    bool m_verifying = false;
};
