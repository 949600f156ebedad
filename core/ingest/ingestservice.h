// SPDX-License-Identifier: MIT
#pragma once

#include "export/exporthistory.h"
#include "ingest/deliveryinfo.h"
#include "ingest/importer.h"
#include "ingest/projectorservice.h"
#include "sendpilot/apicall.h"
#include "store/writegate.h"

#include <QHostAddress>
#include <QObject>
#include <QThread>
#include <QUrl>

#include <functional>

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

/// The receiver: HTTP server, webhook endpoint and event log on a thread of their own, so
/// ingest never runs on the GUI thread and the GUI never waits for an fsync, and the projector
/// on another, turning logged events into campaigns and leads behind the acknowledgements. Its
/// signals are delivered to the thread that owns the service (queued).
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
    /// Why the store did not open (Database::open's sentence, naming the file), while it is
    /// not open; empty while it is.
    QString storeError() const;
    bool isListening() const;
    /// Why the last attempt to listen failed ("Cannot listen on 127.0.0.1 port 8787: ..."),
    /// while the endpoint is not listening; empty while it listens.
    QString listenError() const;
    QUrl url() const;
    bool verifying() const;
    QString databasePath() const;

    /// Appends files to the log on the ingest thread, in bounded groups between which webhooks
    /// are answered; the report arrives with importFinished() once all are appended.
    void importFiles(const QStringList &files);
    /// Puts a stored event back in the projector's queue even though it is stored (after a
    /// parser upgrade, or a failed projection): campaign and leads are upserted again. Report
    /// via importFinished().
    void reingest(const QByteArray &body, const QString &source);
    /// Leads per projection transaction (tests and benchmarks).
    void setProjectionChunkLeads(int leads);
    /// Records that the analyst has looked at a campaign (clears its "new" mark).
    void markCampaignSeen(qint64 campaignRowId);
    /// Writes exchanges with the SendPilot API to the store (api_calls) on the ingest thread,
    /// the one writer of the acknowledgement path; apiCallsRecorded() follows. Nothing when no
    /// store is open.
    void recordApiCalls(const QList<ApiCallRecord> &records);
    /// Appends an entry fetched from the API (CampaignFetcher) to the log on the ingest thread,
    /// after what the endpoint has queued, and wakes the projector; \a done gets the outcome on
    /// \a context's thread. Without an open store the outcome is Failed.
    void appendApiEntry(const EventLog::Item &item, QObject *context,
                        std::function<void(const EventLog::ItemResult &)> done);

    /*!
        Records a finished export in the history and, when \a record marks, its rows'
        people in lead_exports, on the ingest thread in transactions of
        ExportHistory::MarkChunkRows leads, with webhooks answered between them; then
        storeChanged() and \a done on \a context's thread with the record (its id set) and an
        error sentence (empty on success).
    */
    void recordExport(const ExportRecord &record, const QList<qint64> &leadRowIds, QObject *context,
                      std::function<void(const ExportRecord &, const QString &)> done);

    // Every signal is emitted on the thread the service lives in (work done on the ingest
    // thread is reported through a queued call), so a direct receiver needs no locking.
Q_SIGNALS:
    void delivered(const DeliveryInfo &info);
    /// The projector committed rows the views show.
    void storeChanged();
    /// These logged events are now fully projected.
    void eventsProjected(const QStringList &eventIds);
    /// These logged events could not be projected (see the Deliveries inspector).
    void projectionFailed(const QStringList &eventIds);
    /// The compression of bodies stored by an older version advanced.
    void maintenanceProgress(qint64 position, qint64 total);
    /// Requests that brought no new event were recorded (see WebhookEndpoint).
    void deliveriesRecorded();
    /// recordApiCalls() wrote its records.
    void apiCallsRecorded();
    void listeningChanged(bool listening);
    void importFinished(const Importer::Report &report);

private:
    class Worker;
    struct ExportWrite;
    void writeExportStep(const std::shared_ptr<ExportWrite> &write);
    bool listenOnWorker(const EndpointConfig &config, QString *error);

    QThread m_thread;
    Worker *m_worker = nullptr;
    WriteGate m_gate;
    ProjectorService m_projector;
    EndpointConfig m_config;
    QUrl m_url;
    bool m_storeOpen = false;
    bool m_listening = false;
    QString m_listenError;
    QString m_storeError;
    bool m_verifying = false;
};
