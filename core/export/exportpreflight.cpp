// SPDX-License-Identifier: MIT
#include "export/exportpreflight.h"

#include "store/database.h"
#include "store/sqlitestatement.h"

#include <QThread>

#include <atomic>

using namespace Qt::StringLiterals;

namespace {
QString uniqueConnectionName()
{
    static std::atomic<int> counter = 0;
    return u"export-preflight-%1"_s.arg(++counter);
}
} // namespace

ExportPreflight::ExportPreflight(const QString &databasePath, QObject *parent)
    : QObject(parent)
    , m_databasePath(databasePath)
    , m_connectionName(uniqueConnectionName())
{
    m_thread = QThread::create([this] { run(); });
    m_thread->setObjectName(u"ExportPreflight"_s);
    m_thread->start();
}

ExportPreflight::~ExportPreflight()
{
    {
        QMutexLocker locker(&m_mutex);
        m_quit = true;
        // Closing the dialog does not wait for a scan nobody will read.
        Sqlite::interrupt(m_running);
        m_wake.wakeAll();
    }
    m_thread->wait();
    delete m_thread;
}

quint64 ExportPreflight::count(const QHash<int, LeadFilter> &filters)
{
    QMutexLocker locker(&m_mutex);
    m_counts = CountJob {++m_generation, filters};
    m_wake.wakeAll();
    return m_generation;
}

quint64 ExportPreflight::check(const LeadExporter::Request &request)
{
    QMutexLocker locker(&m_mutex);
    m_check = CheckJob {++m_generation, request};
    // The running preflight answers a question nobody asks any more.
    if (m_runningCheck)
        Sqlite::interrupt(m_running);
    m_wake.wakeAll();
    return m_generation;
}

void ExportPreflight::run()
{
    QString openError;
    QSqlDatabase db
        = Database::open(m_databasePath, m_connectionName, Database::Access::ReadOnly, &openError);
    if (!db.isOpen() && openError.isEmpty())
        openError = tr("The database could not be opened.");
    for (;;) {
        std::optional<CountJob> counts;
        std::optional<CheckJob> check;
        {
            QMutexLocker locker(&m_mutex);
            while (!m_counts && !m_check && !m_quit)
                m_wake.wait(&m_mutex);
            if (m_quit)
                break;
            // Counts first: the scope buttons wait for them, and they are quick.
            if (m_counts) {
                counts = std::move(m_counts);
                m_counts.reset();
            } else {
                check = std::move(m_check);
                m_check.reset();
            }
            m_running = db.isOpen() ? Sqlite::handle(db) : nullptr;
            m_runningCheck = check.has_value();
        }
        if (counts) {
            QHash<int, qint64> result;
            QString error = openError;
            if (db.isOpen()) {
                const LeadExporter exporter(db);
                for (auto it = counts->filters.cbegin(); it != counts->filters.cend(); ++it) {
                    QString countError;
                    result.insert(it.key(), exporter.countRows(it.value(), &countError));
                    if (!countError.isEmpty())
                        error = countError;
                }
            } else {
                for (auto it = counts->filters.cbegin(); it != counts->filters.cend(); ++it)
                    result.insert(it.key(), -1);
            }
            {
                QMutexLocker locker(&m_mutex);
                m_running = nullptr;
                if (m_quit)
                    continue;
            }
            const quint64 generation = counts->generation;
            QMetaObject::invokeMethod(
                this,
                [this, generation, result, error] {
                    Q_EMIT countsReady(generation, result, error);
                },
                Qt::QueuedConnection);
            continue;
        }
        QList<ExportWarning> warnings;
        QString error = openError;
        if (db.isOpen())
            warnings = LeadExporter(db).preflight(check->request, &error);
        {
            QMutexLocker locker(&m_mutex);
            m_running = nullptr;
            m_runningCheck = false;
            // Interrupted for a newer question (or for quitting): nobody wants this answer.
            if (m_check || m_quit)
                continue;
        }
        const quint64 generation = check->generation;
        QMetaObject::invokeMethod(
            this,
            [this, generation, warnings, error] { Q_EMIT checked(generation, warnings, error); },
            Qt::QueuedConnection);
    }
    db = QSqlDatabase();
    Database::close(m_connectionName);
}
