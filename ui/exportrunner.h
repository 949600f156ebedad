// SPDX-License-Identifier: MIT
#pragma once

#include "export/exporthistory.h"
#include "export/leadexporter.h"

#include <QObject>
#include <QPointer>

class ExportJob;
class IngestService;
class QProgressDialog;
class QWidget;

/// Runs the window's export, one at a time: the job on its own thread, a progress dialog that
/// can cancel it, a dialog that says what to do when the file could not be written, and the
/// status-bar line for the end.
class ExportRunner final : public QObject
{
    Q_OBJECT

public:
    /// \a window parents the progress and failure dialogs.
    explicit ExportRunner(QWidget *window);
    ~ExportRunner() override; // cancels a running export and waits for it

    /// Where finished exports are recorded (the store's one writer); none: not recorded.
    void setHistory(IngestService *service) { m_history = service; }
    bool isRunning() const { return m_job != nullptr; }
    /// \a record is what the history keeps of a successful export (ExportDialog::record());
    /// when it marks, \a request should collect the lead row ids.
    void start(const QString &databasePath, const QString &filePath,
               const LeadExporter::Request &request, const ExportRecord &record = {});
    void cancel();

    /// What the status bar says of a finished export of \a filePath.
    static QString summary(const QString &filePath, const LeadExporter::Result &result,
                           bool marked = false);
    /// The last finished export was recorded with its leads marked exported.
    bool lastExportMarked() const { return m_lastMarked; }

Q_SIGNALS:
    /// After the failure dialog, if there was one, was closed, and a successful export was
    /// recorded in the history.
    void finished(const QString &filePath, const LeadExporter::Result &result);

private:
    void showFailure(const QString &filePath, const LeadExporter::Result &result);
    void recordFinished(const QString &filePath, const LeadExporter::Result &result);

    QWidget *m_window;
    ExportJob *m_job = nullptr;
    QPointer<QProgressDialog> m_progress;
    IngestService *m_history = nullptr;
    ExportRecord m_record;
    bool m_lastMarked = false;
};
