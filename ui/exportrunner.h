// SPDX-License-Identifier: MIT
#pragma once

#include "export/leadexporter.h"

#include <QObject>
#include <QPointer>

class ExportJob;
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

    bool isRunning() const { return m_job != nullptr; }
    void start(const QString &databasePath, const QString &filePath,
               const LeadExporter::Request &request);
    void cancel();

    /// What the status bar says of a finished export of \a filePath.
    static QString summary(const QString &filePath, const LeadExporter::Result &result);

Q_SIGNALS:
    /// After the failure dialog, if there was one, was closed.
    void finished(const QString &filePath, const LeadExporter::Result &result);

private:
    void showFailure(const QString &filePath, const LeadExporter::Result &result);

    QWidget *m_window;
    ExportJob *m_job = nullptr;
    QPointer<QProgressDialog> m_progress;
};
