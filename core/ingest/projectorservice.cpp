// SPDX-License-Identifier: MIT
#include "ingest/projectorservice.h"

#include "common/logging.h"
#include "store/database.h"
#include "store/projector.h"
#include "store/sqlitestatement.h"
#include "store/walsync.h"

#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
constexpr char ConnectionName[] = "leadviewer-projector";
// Neither connection checkpoints inside its COMMITs (a checkpoint there would hold the write
// gate, and with it the next acknowledgement); the projector copies the write-ahead log into
// the database once it holds this many frames (64 MB of 16 KiB pages), outside any
// transaction. Counted in frames, not by the file's size: the file keeps its size after a
// checkpoint, frames start again from 0.
constexpr int CheckpointWalFrames = 4096;
} // namespace

/// Lives on the projector thread; everything it holds is created, used and destroyed there.
class ProjectorService::Worker final : public QObject
{
public:
    explicit Worker(ProjectorService *service)
        : m_service(service)
    { }

    bool open(const QString &path, WriteGate *gate, QString *error)
    {
        QSqlDatabase db = Database::open(path, QLatin1StringView(ConnectionName),
                                         Database::Access::Projection, error);
        if (!db.isValid() || !db.isOpen())
            return false;
        m_handle = Sqlite::handle(db);
        m_walSync = std::make_unique<WalSync>(m_handle);
        Sqlite::trackWalFrames(m_handle, &m_walFrames); // also: no automatic checkpoints
        m_projector = std::make_unique<Projector>(db, gate);
        if (!m_projector->isValid()) {
            *error = m_projector->lastError();
            close();
            return false;
        }
        if (m_chunkLeads > 0)
            m_projector->setChunkLeads(m_chunkLeads);
        return true;
    }

    void close()
    {
        m_walSync.reset();
        m_projector.reset();
        m_handle = nullptr;
        if (QSqlDatabase::contains(QLatin1StringView(ConnectionName)))
            Database::close(QLatin1StringView(ConnectionName));
    }

    void setChunkLeads(int leads)
    {
        m_chunkLeads = leads;
        if (m_projector)
            m_projector->setChunkLeads(leads);
    }

    void wake()
    {
        m_maintenanceDone = false;
        m_reportedIdle = false;
        schedule();
    }

private:
    void schedule()
    {
        if (m_scheduled || !m_projector)
            return;
        m_scheduled = true;
        // One transaction per pass of the event loop, so stop() and wake() get through.
        QTimer::singleShot(0, this, [this] { run(); });
    }

    void run()
    {
        m_scheduled = false;
        if (!m_projector)
            return;
        const Projector::Step step = m_projector->step();
        if (step.wrote) {
            syncWal();
            Q_EMIT m_service->progressed();
        }
        if (!step.projected.isEmpty())
            Q_EMIT m_service->projected(step.projected);
        if (!step.failed.isEmpty())
            Q_EMIT m_service->projectionFailed(step.failed);
        if (!step.projected.isEmpty() || !step.failed.isEmpty())
            checkpointIfLarge();
        if (!step.idle) {
            schedule();
            return;
        }
        if (!m_reportedIdle) {
            m_reportedIdle = true;
            checkpointIfLarge();
            Q_EMIT m_service->idle();
        }
        if (m_maintenanceDone)
            return;
        const Projector::Maintenance maintenance = m_projector->maintenanceStep();
        if (maintenance.total > 0 && maintenance.position > 0)
            Q_EMIT m_service->maintenanceProgress(maintenance.position, maintenance.total);
        m_maintenanceDone = maintenance.done;
        if (!m_maintenanceDone)
            schedule();
    }

    // The projector commits without fsync (synchronous=NORMAL), but its pages share the
    // write-ahead log with the acknowledgements, and an acknowledgement's fsync would have to
    // write them all out first: flushed here instead, on this thread, outside the write gate.
    void syncWal()
    {
        if (m_walSync)
            m_walSync->sync();
    }

    void checkpointIfLarge()
    {
        if (m_walFrames.load(std::memory_order_relaxed) < CheckpointWalFrames)
            return;
        QString error;
        if (!Sqlite::checkpointPassive(m_handle, &error))
            qCWarning(lcStore).noquote() << "checkpoint failed:" << error;
        m_walFrames = 0; // the next commit says how many are left
    }

    ProjectorService *m_service;
    std::unique_ptr<Projector> m_projector;
    sqlite3 *m_handle = nullptr;
    std::atomic<int> m_walFrames = 0; ///< set by SQLite's wal hook after each commit
    std::unique_ptr<WalSync> m_walSync;
    int m_chunkLeads = 0;
    bool m_scheduled = false;
    bool m_maintenanceDone = false;
    bool m_reportedIdle = false;
};

ProjectorService::ProjectorService(QObject *parent)
    : QObject(parent)
{
    m_thread.setObjectName(u"projector"_s);
}

ProjectorService::~ProjectorService()
{
    stop();
}

bool ProjectorService::start(const QString &databasePath, WriteGate *gate, QString *error)
{
    stop();
    auto *worker = new Worker(this);
    worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
    m_thread.start();
    bool opened = false;
    QString openError;
    QMetaObject::invokeMethod(
        worker, [&] { opened = worker->open(databasePath, gate, &openError); },
        Qt::BlockingQueuedConnection);
    m_worker = worker;
    if (!opened) {
        if (error)
            *error = openError;
        stop();
        return false;
    }
    wake(); // what a previous run left pending
    return true;
}

void ProjectorService::stop()
{
    if (!m_thread.isRunning())
        return;
    Worker *worker = m_worker.exchange(nullptr);
    if (worker)
        QMetaObject::invokeMethod(
            worker, [worker] { worker->close(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

bool ProjectorService::isRunning() const
{
    return m_thread.isRunning();
}

void ProjectorService::wake()
{
    Worker *worker = m_worker.load();
    if (worker)
        QMetaObject::invokeMethod(worker, [worker] { worker->wake(); });
}

void ProjectorService::setChunkLeads(int leads)
{
    Worker *worker = m_worker.load();
    if (worker)
        QMetaObject::invokeMethod(worker, [worker, leads] { worker->setChunkLeads(leads); });
}
