// SPDX-License-Identifier: MIT
#include "ingest/ingestservice.h"

#include "common/logging.h"
#include "common/settings.h"
#include "http/httpserver.h"
#include "ingest/webhookendpoint.h"
#include "store/apicalllog.h"
#include "store/database.h"
#include "store/eventlog.h"
#include "webhook/signatureverifier.h"

#include <QCoreApplication>
#include <QPointer>
#include <QTimer>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;

namespace {
constexpr char ConnectionName[] = "leadviewer-ingest";
}

EndpointConfig EndpointConfig::fromSettings(const Settings &settings)
{
    EndpointConfig config;
    config.databasePath = settings.databasePath().isEmpty() ? Settings::defaultDatabasePath()
                                                            : settings.databasePath();
    config.address = settings.listenAddress();
    config.port = settings.listenPort();
    config.path = settings.webhookPath();
    config.secrets = settings.secrets();
    config.signatureToleranceSecs = settings.signatureToleranceSecs();
    config.maxBodyBytes = settings.maxBodyBytes();
    config.publicUrl = settings.publicUrl();
    return config;
}

/// Lives on the ingest thread; every member is created, used and destroyed there.
class IngestService::Worker final : public QObject
{
public:
    std::unique_ptr<EventLog> store;
    std::unique_ptr<WebhookEndpoint> endpoint;
    std::unique_ptr<HttpServer> server;
    /// Imports in progress, oldest first; one group per pass of the event loop.
    QList<Importer::Job> imports;
    /// A timer, not a posted call: timers run after the sockets were served in each pass of the
    /// event loop, while a chain of posted calls would starve them (answers would wait in the
    /// socket buffers until the whole import was done).
    QTimer importTimer;
    std::function<void(const Importer::Report &)> importDone;
    std::function<void()> appended;

    Worker()
    {
        importTimer.setParent(this); // moves to the ingest thread with the worker
        importTimer.setSingleShot(true);
        importTimer.setInterval(0);
        connect(&importTimer, &QTimer::timeout, this, [this] { importStep(); });
    }

    void scheduleImport()
    {
        if (!imports.isEmpty() && !importTimer.isActive())
            importTimer.start();
    }

    void importStep()
    {
        if (imports.isEmpty() || !store)
            return;
        endpoint->flush(); // what arrived first is logged first
        Importer::Job &job = imports.front();
        job.step(*store);
        appended();
        if (job.atEnd()) {
            const Importer::Report report = job.report();
            imports.removeFirst();
            importDone(report);
        }
        scheduleImport();
    }

    void shutdown()
    {
        server.reset(); // closes every connection first: no new requests reach the endpoint
        endpoint.reset(); // writes what was queued
        imports.clear(); // what was appended stays; the rest was never promised
        store.reset();
        if (QSqlDatabase::contains(QLatin1StringView(ConnectionName)))
            Database::close(QLatin1StringView(ConnectionName));
        SignatureVerifier::releaseThreadResources(); // signatures were checked on this thread
    }
};

IngestService::IngestService(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<DeliveryInfo>();
    qRegisterMetaType<Importer::Report>();
    m_thread.setObjectName(u"ingest"_s);
    connect(&m_projector, &ProjectorService::progressed, this, &IngestService::storeChanged);
    connect(&m_projector, &ProjectorService::projected, this, &IngestService::eventsProjected);
    connect(&m_projector, &ProjectorService::projectionFailed, this,
            &IngestService::projectionFailed);
    connect(&m_projector, &ProjectorService::projectionFailed, this,
            &IngestService::deliveriesRecorded);
    connect(&m_projector, &ProjectorService::maintenanceProgress, this,
            &IngestService::maintenanceProgress);
}

IngestService::~IngestService()
{
    stop();
}

bool IngestService::start(const EndpointConfig &config, QString *error)
{
    stop();
    m_config = config;
    m_worker = new Worker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();

    bool opened = false;
    QString openError;
    QMetaObject::invokeMethod(
        m_worker,
        [this, &opened, &openError] {
            QSqlDatabase db
                = Database::open(m_config.databasePath, QLatin1StringView(ConnectionName),
                                 Database::Access::ReadWrite, &openError);
            if (!db.isValid() || !db.isOpen())
                return;
            // The projector and the idle timer checkpoint: never this connection's COMMIT, which
            // would hold an acknowledgement for the copy.
            Database::disableAutoCheckpoint(db);
            m_worker->store = std::make_unique<EventLog>(db, &m_gate);
            m_worker->endpoint = std::make_unique<WebhookEndpoint>(m_worker->store.get());
            m_worker->appended = [this] {
                m_projector.wake();
            };
            // The service's signals come from its own thread, like a QObject's: a direct
            // receiver (QSignalSpy) then never races the ingest thread.
            m_worker->importDone = [this](const Importer::Report &report) {
                QMetaObject::invokeMethod(this, [this, report] { Q_EMIT importFinished(report); });
            };
            connect(m_worker->endpoint.get(), &WebhookEndpoint::delivered, this,
                    &IngestService::delivered);
            // Called on the ingest thread; wake() queues the work onto the projector's.
            connect(
                m_worker->endpoint.get(), &WebhookEndpoint::entriesAppended, m_worker,
                [this] { m_projector.wake(); }, Qt::DirectConnection);
            connect(m_worker->endpoint.get(), &WebhookEndpoint::deliveriesRecorded, this,
                    &IngestService::deliveriesRecorded);
            opened = true;
        },
        Qt::BlockingQueuedConnection);
    if (opened && !m_projector.start(m_config.databasePath, &m_gate, &openError))
        opened = false;
    m_storeOpen = opened;
    m_storeError = opened ? QString() : openError;
    if (!opened) {
        if (error)
            *error = openError;
        stop();
        return false;
    }
    return listenOnWorker(config, error);
}

bool IngestService::reconfigure(const EndpointConfig &config, QString *error)
{
    if (!m_storeOpen || config.databasePath != m_config.databasePath)
        return start(config, error);
    if (!listenOnWorker(config, error))
        return false; // the previous listener, if any, is still serving
    m_config = config;
    return true;
}

bool IngestService::listenOnWorker(const EndpointConfig &config, QString *error)
{
    bool listening = false;
    QString listenError;
    quint16 port = 0;
    QMetaObject::invokeMethod(
        m_worker,
        [this, &config, &listening, &listenError, &port] {
            Worker *w = m_worker;
            HttpLimits limits;
            limits.maxBodyBytes = config.maxBodyBytes;
            const auto applyEndpointSettings = [w, &config] {
                w->endpoint->setWebhookPath(config.path);
                w->endpoint->setSecrets(config.secrets);
                w->endpoint->setSignatureToleranceSecs(config.signatureToleranceSecs);
                w->endpoint->setPublicUrl(config.publicUrl);
            };
            // Same address and port (or "any port" while one is bound): keep the socket, so a
            // change of secrets or path never drops the endpoint, not even for a moment.
            if (w->server && w->server->serverAddress() == config.address
                && (config.port == 0 || config.port == w->server->serverPort())) {
                applyEndpointSettings();
                w->server->setLimits(limits);
                port = w->server->serverPort();
                listening = true;
                return;
            }
            // Bind the new listener before closing the old one: if the new address or port
            // cannot be had (in use, not an address of this machine), the old one keeps serving.
            auto server = std::make_unique<HttpServer>(w->endpoint.get());
            server->setLimits(limits);
            if (!server->listen(config.address, config.port)) {
                listenError = QCoreApplication::translate("IngestService",
                                                          "Cannot listen on %1 port %2: %3")
                                  .arg(config.address.toString())
                                  .arg(config.port)
                                  .arg(server->errorString());
                return;
            }
            applyEndpointSettings();
            w->server = std::move(server);
            port = w->server->serverPort();
            listening = true;
        },
        Qt::BlockingQueuedConnection);

    if (!listening) {
        m_listenError = listenError;
        if (error)
            *error = listenError;
        return false;
    }
    m_listenError.clear();
    m_verifying = !config.secrets.isEmpty();
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(config.address.toString());
    url.setPort(port);
    url.setPath(config.path);
    m_url = url;
    if (!m_listening) {
        m_listening = true;
        Q_EMIT listeningChanged(true);
    }
    return true;
}

void IngestService::stop()
{
    if (!m_thread.isRunning())
        return;
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->shutdown(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_worker = nullptr;
    m_projector.stop(); // after the endpoint: nothing wakes it any more
    m_storeOpen = false;
    m_url.clear();
    if (m_listening) {
        m_listening = false;
        Q_EMIT listeningChanged(false);
    }
}

QString IngestService::storeError() const
{
    return m_storeOpen ? QString() : m_storeError;
}

QString IngestService::listenError() const
{
    return m_listening ? QString() : m_listenError;
}

bool IngestService::storeOpen() const
{
    return m_storeOpen;
}

bool IngestService::isListening() const
{
    return m_listening;
}

QUrl IngestService::url() const
{
    return m_url;
}

bool IngestService::verifying() const
{
    return m_verifying;
}

QString IngestService::databasePath() const
{
    return m_config.databasePath;
}

void IngestService::importFiles(const QStringList &files)
{
    if (!m_storeOpen)
        return;
    const qint64 maxBytes = m_config.maxBodyBytes;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, files, maxBytes] {
        w->imports.append(Importer::Job(files, maxBytes));
        w->scheduleImport();
    });
}

void IngestService::reingest(const QByteArray &body, const QString &source)
{
    if (!m_storeOpen)
        return;
    QMetaObject::invokeMethod(m_worker, [this, w = m_worker, body, source] {
        w->endpoint->flush();
        Importer::Report report;
        Importer::FileResult result = Importer::appendBody(*w->store, body, source, true);
        (result.ok ? (result.duplicate ? report.duplicates : report.stored) : report.failed) += 1;
        report.files.append(result);
        m_projector.wake();
        QMetaObject::invokeMethod(this, [this, report] {
            Q_EMIT deliveriesRecorded();
            Q_EMIT importFinished(report);
        });
    });
}

void IngestService::setProjectionChunkLeads(int leads)
{
    m_projector.setChunkLeads(leads);
}

void IngestService::markCampaignSeen(qint64 campaignRowId)
{
    if (!m_storeOpen)
        return;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, campaignRowId] {
        if (!w->store->markCampaignSeen(campaignRowId))
            qCWarning(lcIngest) << "could not mark campaign" << campaignRowId << "as seen";
    });
}

void IngestService::recordApiCalls(const QList<ApiCallRecord> &records)
{
    if (!m_storeOpen || records.isEmpty())
        return;
    QMetaObject::invokeMethod(m_worker, [this, w = m_worker, records] {
        w->endpoint->flush(); // commits the events queued for acknowledgement first
        QString error;
        bool written = false;
        {
            WriteGate::Hold hold(&m_gate, WriteGate::Writer::Acknowledgement);
            QSqlDatabase db = QSqlDatabase::database(QLatin1StringView(ConnectionName), false);
            written = ApiCallLog::append(db, records, &error);
        }
        if (!written) {
            qCWarning(lcIngest).noquote() << "cannot record SendPilot API calls:" << error;
            return;
        }
        QMetaObject::invokeMethod(this, [this] { Q_EMIT apiCallsRecorded(); });
    });
}

struct IngestService::ExportWrite
{
    ExportRecord record;
    QList<qint64> leadRowIds;
    qsizetype next = 0;
    QPointer<QObject> receiver;
    std::function<void(const ExportRecord &, const QString &)> done;
};

void IngestService::recordExport(const ExportRecord &record, const QList<qint64> &leadRowIds,
                                 QObject *context,
                                 std::function<void(const ExportRecord &, const QString &)> done)
{
    if (!m_storeOpen) {
        const QString error = m_storeError.isEmpty() ? tr("No database is open.") : m_storeError;
        QMetaObject::invokeMethod(
            context, [done, record, error] { done(record, error); }, Qt::QueuedConnection);
        return;
    }
    auto write = std::make_shared<ExportWrite>();
    write->record = record;
    write->leadRowIds = leadRowIds;
    write->receiver = context;
    write->done = std::move(done);
    QMetaObject::invokeMethod(m_worker, [this, write] { writeExportStep(write); });
}

// On the ingest thread: one bounded transaction, then the next after a 1 ms timer, which (unlike
// a posted call or a 0 ms timer, also posted) runs after the sockets were served.
void IngestService::writeExportStep(const std::shared_ptr<ExportWrite> &write)
{
    if (write->record.id == 0)
        m_worker->endpoint->flush(); // commits the events queued for acknowledgement first
    QString error;
    bool ok = false;
    {
        WriteGate::Hold hold(&m_gate, WriteGate::Writer::Acknowledgement);
        QSqlDatabase db = QSqlDatabase::database(QLatin1StringView(ConnectionName), false);
        ok = ExportHistory(db).writeStep(&write->record, write->leadRowIds, &write->next, &error);
    }
    if (ok && write->record.marked && write->next < write->leadRowIds.size()) {
        QTimer::singleShot(1, m_worker, [this, write] { writeExportStep(write); });
        return;
    }
    if (!ok)
        qCWarning(lcIngest).noquote() << "cannot record the export:" << error;
    Q_EMIT storeChanged();
    if (write->receiver) {
        QMetaObject::invokeMethod(write->receiver,
                                  [write, error] { write->done(write->record, error); });
    }
}

void IngestService::appendApiEntry(const EventLog::Item &item, QObject *context,
                                   std::function<void(const EventLog::ItemResult &)> done)
{
    if (!m_storeOpen) {
        EventLog::ItemResult failed;
        failed.error = m_storeError.isEmpty() ? tr("No database is open.") : m_storeError;
        QMetaObject::invokeMethod(
            context, [done, failed] { done(failed); }, Qt::QueuedConnection);
        return;
    }
    QPointer<QObject> receiver(context);
    QMetaObject::invokeMethod(m_worker, [this, w = m_worker, item, receiver, done] {
        w->endpoint->flush(); // what arrived first is logged first
        const QList<EventLog::ItemResult> results = w->store->append({item});
        const EventLog::ItemResult result = results.value(0);
        if (result.outcome == EventLog::Outcome::Stored)
            m_projector.wake();
        QMetaObject::invokeMethod(this, [this] { Q_EMIT deliveriesRecorded(); });
        if (receiver)
            QMetaObject::invokeMethod(receiver, [done, result] { done(result); });
    });
}
