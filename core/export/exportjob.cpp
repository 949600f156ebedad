// SPDX-License-Identifier: MIT
#include "export/exportjob.h"

#include "store/database.h"

#include <QMetaObject>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace {
QString uniqueConnectionName()
{
    static std::atomic<int> counter = 0;
    return u"export-job-%1"_s.arg(++counter);
}
} // namespace

ExportJob::ExportJob(const QString &databasePath, const QString &filePath,
                     const LeadExporter::Request &request, QObject *parent)
    : QObject(parent)
    , m_databasePath(databasePath)
    , m_filePath(filePath)
    , m_request(request)
{
    connect(&m_watcher, &QFutureWatcher<LeadExporter::Result>::finished, this,
            [this] { Q_EMIT finished(m_watcher.result()); });
}

ExportJob::~ExportJob()
{
    cancel();
    m_watcher.waitForFinished();
}

void ExportJob::start()
{
    m_cancel = false;
    m_watcher.setFuture(QtConcurrent::run([this] { return run(); }));
}

void ExportJob::cancel()
{
    m_cancel = true;
}

bool ExportJob::isRunning() const
{
    return m_watcher.isRunning();
}

LeadExporter::Result ExportJob::run()
{
    // Runs on a pool thread: Qt SQL connections belong to the thread that opens them.
    const QString connection = uniqueConnectionName();
    LeadExporter::Result result;
    {
        QString error;
        const QSqlDatabase db
            = Database::open(m_databasePath, connection, Database::Access::ReadOnly, &error);
        if (!db.isOpen()) {
            result.error = error;
            result.failure = LeadExporter::Result::Failure::Database;
        } else {
            const LeadExporter exporter(db);
            result = exporter.exportToFile(
                m_filePath, m_request,
                [this](qint64 done, qint64 total) {
                    QMetaObject::invokeMethod(
                        this, [this, done, total] { Q_EMIT progress(done, total); },
                        Qt::QueuedConnection);
                },
                &m_cancel);
        }
    }
    Database::close(connection);
    return result;
}
