// SPDX-License-Identifier: MIT
#include "exportrunner.h"

#include "common/plural.h"
#include "export/exportjob.h"
#include "ingest/ingestservice.h"

#include <QDateTime>

#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QProgressDialog>

using namespace Qt::StringLiterals;

ExportRunner::ExportRunner(QWidget *window)
    : QObject(window)
    , m_window(window)
{ }

ExportRunner::~ExportRunner()
{
    delete m_job; // cancels and waits
}

void ExportRunner::start(const QString &databasePath, const QString &filePath,
                         const LeadExporter::Request &request, const ExportRecord &record)
{
    Q_ASSERT(!m_job);
    m_record = record;
    m_lastMarked = false;
    m_job = new ExportJob(databasePath, filePath, request, this);
    auto *progress
        = new QProgressDialog(tr("Exporting leads to %1…").arg(QFileInfo(filePath).fileName()),
                              tr("Cancel"), 0, 0, m_window);
    progress->setWindowTitle(tr("Export Leads"));
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(300);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    m_progress = progress;
    connect(progress, &QProgressDialog::canceled, m_job, &ExportJob::cancel);
    connect(m_job, &ExportJob::progress, progress, [progress](qint64 done, qint64 total) {
        // QProgressDialog counts in int: scale to per mille.
        progress->setMaximum(1000);
        progress->setValue(total > 0 ? int(done * 1000 / total) : 0);
    });
    connect(m_job, &ExportJob::finished, this,
            [this, filePath](const LeadExporter::Result &result) {
                if (m_progress)
                    m_progress->deleteLater();
                m_job->deleteLater();
                m_job = nullptr;
                if (result.ok && m_history) {
                    recordFinished(filePath, result);
                    return;
                }
                if (!result.ok && !result.cancelled)
                    showFailure(filePath, result); // a failed export records nothing
                Q_EMIT finished(filePath, result);
            });
    m_job->start();
}

void ExportRunner::cancel()
{
    if (m_job)
        m_job->cancel();
}

void ExportRunner::recordFinished(const QString &filePath, const LeadExporter::Result &result)
{
    ExportRecord record = m_record;
    record.exportedAtMs = QDateTime::currentMSecsSinceEpoch();
    record.rowCount = result.rows;
    if (record.filePath.isEmpty())
        record.filePath = QFileInfo(filePath).absoluteFilePath();
    LeadExporter::Result kept = result;
    kept.leadRowIds = {}; // handed to the history; the signal need not carry them
    m_history->recordExport(
        record, result.leadRowIds, this,
        [this, filePath, kept](const ExportRecord &written, const QString &error) {
            m_lastMarked = error.isEmpty() && written.marked;
            if (!error.isEmpty()) {
                // The user must act: the file exists, but its people would be offered again.
                QMessageBox box(QMessageBox::Warning, tr("Export Leads"),
                                tr("The leads were written to %1, but the export could not be "
                                   "recorded in the export history.")
                                    .arg(QDir::toNativeSeparators(filePath)),
                                QMessageBox::Ok, m_window);
                box.setInformativeText(
                    error + u"\n\n"_s
                    + tr("The “Not yet exported” filter still shows these leads."));
                box.exec();
            }
            Q_EMIT finished(filePath, kept);
        });
}

QString ExportRunner::summary(const QString &filePath, const LeadExporter::Result &result,
                              bool marked)
{
    const QString name = QDir::toNativeSeparators(filePath);
    if (result.cancelled)
        return tr("Export cancelled: %1 was not written.").arg(name);
    if (!result.ok)
        return tr("Export failed: %1").arg(result.error);
    QString message
        = plural(result.rows, tr("Exported %n lead to %1"), tr("Exported %n leads to %1"))
              .arg(name);
    if (marked)
        message += tr(", marked as exported");
    // What Excel's limits changed (more sheets, cut cells) follows the count.
    const QStringList notes = LeadExporter::notes(result);
    if (!notes.isEmpty())
        message += u". "_s + notes.join(u' ');
    return message;
}

void ExportRunner::showFailure(const QString &filePath, const LeadExporter::Result &result)
{
    QMessageBox box(
        QMessageBox::Warning, tr("Export Leads"),
        tr("The leads could not be written to %1.").arg(QDir::toNativeSeparators(filePath)),
        QMessageBox::Ok, m_window);
    box.setInformativeText(result.error + u"\n\n"_s
                           + (result.failure == LeadExporter::Result::Failure::Output
                                  ? tr("Check that the folder is writable and has space, then "
                                       "export again. The previous file, if any, is unchanged.")
                                  : tr("Nothing was written.")));
    box.exec();
}
