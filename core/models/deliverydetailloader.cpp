// SPDX-License-Identifier: MIT
#include "models/deliverydetailloader.h"

#include "common/logging.h"
#include "store/database.h"

#include <QAtomicInteger>

using namespace Qt::StringLiterals;

namespace {
QAtomicInteger<int> LoaderCount;
} // namespace

// Lives on the loader's thread; owns the read-only connection there.
class DeliveryDetailLoader::Worker final : public QObject
{
public:
    explicit Worker(std::shared_ptr<std::atomic<quint64>> latest)
        : m_latest(std::move(latest))
        , m_connection(u"delivery-detail-%1"_s.arg(LoaderCount.fetchAndAddRelaxed(1)))
    { }

    DeliveryInspection read(const QString &path, qint64 deliveryId, quint64 generation)
    {
        DeliveryInspection result;
        result.generation = generation;
        if (!stale(generation) && openFor(path, &result.error)) {
            result.detail = readDeliveryDetail(m_db, deliveryId, &result.error);
            if (!stale(generation) && !result.detail.body.isEmpty())
                result.json = JsonTreeModel::parse(result.detail.body);
            if (!stale(generation))
                result.raw = rawText(result.detail.body, RawTextLimit);
        }
        return result;
    }

    bool stale(quint64 generation) const { return generation != m_latest->load(); }

    void close()
    {
        if (!m_path.isEmpty()) {
            m_db = {};
            Database::close(m_connection);
            m_path.clear();
        }
    }

private:
    bool openFor(const QString &path, QString *error)
    {
        if (path == m_path && m_db.isOpen())
            return true;
        close();
        m_db = Database::open(path, m_connection, Database::Access::ReadOnly, error);
        if (!m_db.isOpen())
            return false;
        m_path = path;
        return true;
    }

    const std::shared_ptr<std::atomic<quint64>> m_latest;
    const QString m_connection;
    QString m_path;
    QSqlDatabase m_db;
};

DeliveryDetailLoader::DeliveryDetailLoader(QObject *parent)
    : QObject(parent)
    , m_latest(std::make_shared<std::atomic<quint64>>(0))
{
    qRegisterMetaType<DeliveryInspection>();
    m_worker = new Worker(m_latest);
    m_worker->moveToThread(&m_thread);
    m_thread.setObjectName(u"delivery-detail"_s);
    m_thread.start();
}

DeliveryDetailLoader::~DeliveryDetailLoader()
{
    cancel();
    // The connection belongs to the worker's thread: closed there, before the thread ends.
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->close(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_worker;
}

void DeliveryDetailLoader::setDatabasePath(const QString &path)
{
    m_path = path;
    cancel();
}

quint64 DeliveryDetailLoader::load(qint64 deliveryId)
{
    const quint64 generation = ++*m_latest;
    QMetaObject::invokeMethod(
        m_worker,
        [this, worker = m_worker, path = m_path, deliveryId, generation] {
            DeliveryInspection result = worker->read(path, deliveryId, generation);
            if (worker->stale(generation))
                return; // freed here, on the worker, like every stale result
            if (!result.error.isEmpty())
                qCWarning(lcModels).noquote()
                    << "Delivery" << deliveryId << "could not be read:" << result.error;
            // The loader outlives its worker's queue (its destructor waits for the thread),
            // and a stale result is dropped on arrival too: the selection may move meanwhile.
            QMetaObject::invokeMethod(
                this,
                [this, result = std::move(result)]() mutable {
                    if (result.generation == m_latest->load())
                        Q_EMIT loaded(result);
                    else
                        dispose(std::move(result.json));
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return generation;
}

void DeliveryDetailLoader::cancel()
{
    ++*m_latest;
}

void DeliveryDetailLoader::dispose(JsonTreeModel::Parsed parsed)
{
    if (!parsed.isJson())
        return;
    QMetaObject::invokeMethod(
        m_worker, [parsed = std::move(parsed)]() mutable { parsed = {}; }, Qt::QueuedConnection);
}
