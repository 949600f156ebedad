// SPDX-License-Identifier: MIT
#pragma once

#include "common/limits.h"
#include "store/eventstore.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

/// Saved webhook payloads, entered through the event log like the endpoint's events.
namespace Importer {
struct FileResult
{
    QString source; ///< file path, or a description such as "delivery 42"
    bool ok = false; ///< stored or duplicate
    bool duplicate = false;
    QString eventId;
    QString eventType;
    qint64 leadCount = 0;
    QString error; ///< why it was not stored, as a sentence
};

struct Report
{
    QList<FileResult> files;
    int stored = 0;
    int duplicates = 0;
    int failed = 0;
};

/// Reads, parses and stores each file through the log and projects them before returning
/// (`leadviewer import`). Files are committed in groups of bounded size. Files larger than
/// \a maxBytes, empty, unreadable or not an event are reported and skipped.
Report importFiles(EventStore &store, const QStringList &files,
                   qint64 maxBytes = Limits::DefaultMaxBodyBytes);
/// Parses and stores one body. With \a reprocess (re-ingest of a stored delivery after a parser
/// upgrade) an event already stored is projected again rather than reported as a duplicate.
FileResult importBody(EventStore &store, const QByteArray &body, const QString &source,
                      bool reprocess = false);
/// The same, appended to \a log only: the projector applies it after.
FileResult appendBody(EventLog &log, const QByteArray &body, const QString &source,
                      bool reprocess = false);

/*!
    The window's import (drag and drop, File > Import) on the ingest thread: each step() reads
    files until about GroupBytes and appends them to the log in one transaction, so the thread
    answers webhooks between steps however large the import. The projector applies them after.
*/
class Job
{
public:
    static constexpr qint64 GroupBytes = 8LL * 1024 * 1024;

    Job(const QStringList &files, qint64 maxBytes);
    /// Appends the next group. Returns false once every file was handled.
    bool step(EventLog &log);
    bool atEnd() const { return m_next >= m_files.size(); }
    int fileCount() const { return int(m_files.size()); }
    int filesDone() const { return int(m_next); }
    const Report &report() const { return m_report; }

private:
    QStringList m_files;
    qint64 m_maxBytes;
    qsizetype m_next = 0;
    Report m_report;
};
} // namespace Importer

Q_DECLARE_METATYPE(Importer::Report)
