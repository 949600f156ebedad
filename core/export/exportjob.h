// SPDX-License-Identifier: MIT
#pragma once

#include "export/leadexporter.h"

#include <QFutureWatcher>
#include <QObject>
#include <atomic>

/// One export (CSV or XLSX) on a worker thread with its own read-only connection, so the window
/// stays responsive whatever the row count. Progress and the result arrive on the thread that
/// owns the job. The destructor cancels and waits. An XLSX export's progress reaches the last
/// row before libxlsxwriter packs the file, which takes about as long again (see README).
class ExportJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportJob)

public:
    ExportJob(const QString &databasePath, const QString &filePath,
              const LeadExporter::Request &request, QObject *parent = nullptr);
    ~ExportJob() override;

    void start();
    void cancel();
    bool isRunning() const;
    QString filePath() const { return m_filePath; }

Q_SIGNALS:
    void progress(qint64 rowsDone, qint64 rowsTotal);
    void finished(const LeadExporter::Result &result);

private:
    LeadExporter::Result run();

    QString m_databasePath;
    QString m_filePath;
    LeadExporter::Request m_request;
    std::atomic<bool> m_cancel = false;
    QFutureWatcher<LeadExporter::Result> m_watcher;
};
