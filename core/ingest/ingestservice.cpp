// SPDX-License-Identifier: MIT
#include "ingest/ingestservice.h"

#include "common/logging.h"
#include "common/settings.h"
#include "http/httpserver.h"
#include "ingest/webhookendpoint.h"
#include "store/database.h"
#include "store/eventstore.h"
#include "webhook/signatureverifier.h"

#include <QCoreApplication>
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
    std::unique_ptr<EventStore> store;
    std::unique_ptr<WebhookEndpoint> endpoint;
    std::unique_ptr<HttpServer> server;

    void shutdown()
    {
        server.reset(); // closes every connection first: no new requests reach the endpoint
        endpoint.reset(); // writes what was queued
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
            m_worker->store = std::make_unique<EventStore>(db);
            m_worker->endpoint = std::make_unique<WebhookEndpoint>(m_worker->store.get());
            connect(m_worker->endpoint.get(), &WebhookEndpoint::delivered, this,
                    &IngestService::delivered);
            connect(m_worker->endpoint.get(), &WebhookEndpoint::storeChanged, this,
                    &IngestService::storeChanged);
            connect(m_worker->endpoint.get(), &WebhookEndpoint::deliveriesRecorded, this,
                    &IngestService::deliveriesRecorded);
            opened = true;
        },
        Qt::BlockingQueuedConnection);
    m_storeOpen = opened;
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
        if (error)
            *error = listenError;
        return false;
    }
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
    m_storeOpen = false;
    m_url.clear();
    if (m_listening) {
        m_listening = false;
        Q_EMIT listeningChanged(false);
    }
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
    QMetaObject::invokeMethod(m_worker, [this, w = m_worker, files, maxBytes] {
        w->endpoint->flush();
        const Importer::Report report = Importer::importFiles(*w->store, files, maxBytes);
        if (report.stored > 0)
            Q_EMIT storeChanged();
        Q_EMIT importFinished(report);
    });
}

void IngestService::reingest(const QByteArray &body, const QString &source)
{
    if (!m_storeOpen)
        return;
    QMetaObject::invokeMethod(m_worker, [this, w = m_worker, body, source] {
        w->endpoint->flush();
        Importer::Report report;
        Importer::FileResult result = Importer::importBody(*w->store, body, source, true);
        (result.ok ? (result.duplicate ? report.duplicates : report.stored) : report.failed) += 1;
        report.files.append(result);
        Q_EMIT storeChanged();
        Q_EMIT importFinished(report);
    });
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
