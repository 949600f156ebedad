// SPDX-License-Identifier: MIT
#pragma once

#include "common/limits.h"
#include "store/eventstore.h"

#include <QList>
#include <QMetaType>
#include <QString>

/// Saved webhook payloads ingested through the same parser and store as the endpoint.
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

/// Reads, parses and stores each file, all in one transaction (a savepoint each). Files larger
/// than \a maxBytes, unreadable or not an event are reported and skipped.
Report importFiles(EventStore &store, const QStringList &files,
                   qint64 maxBytes = Limits::DefaultMaxBodyBytes);
/// Parses and stores one body. With \a reprocess (re-ingest of a stored delivery after a parser
/// upgrade) an event already stored is applied again rather than reported as a duplicate.
FileResult importBody(EventStore &store, const QByteArray &body, const QString &source,
                      bool reprocess = false);
} // namespace Importer

Q_DECLARE_METATYPE(Importer::Report)
