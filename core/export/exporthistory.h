// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QMetaType>
#include <QSqlDatabase>
#include <QString>

/// One finished export as the history keeps it (table exports, schema v8).
struct ExportRecord
{
    qint64 id = 0; ///< exports.id, set once written
    qint64 exportedAtMs = 0;
    QString scope; ///< what was exported: "selection", "all matching", "command line", ...
    QString filterSummary; ///< the filters as the user saw them (the chips), human readable
    QString preset; ///< ExportPreset::name()
    QString format; ///< ExportFormats::name()
    QString filePath; ///< native path, or "standard output"
    qint64 rowCount = 0;
    bool marked = false; ///< its people were marked exported (lead_exports)
};
Q_DECLARE_METATYPE(ExportRecord)

/*!
    Writes and reads the export history. An export is recorded only once its file is complete
    (LeadExporter's result ok): a failed or cancelled export records and marks nothing.

    Marking upserts lead_exports for the person of every exported row, keyed by
    LeadColumn::exportIdentitySql(), and sets the Exported bit of leads.flags (LeadFlags) on
    every lead of that person, the mark "Not yet exported" reads. It runs in transactions of
    at most MarkChunkRows rows, so that the
    one writer of the acknowledgement path (IngestService) answers webhooks between them. The
    first transaction also writes the exports row. Were the process to stop between two
    transactions, the file is written and part of its people are marked: the rest count as not
    yet exported and go into the next export again, the safe side for a CRM that deduplicates.
*/
class ExportHistory final
{
public:
    /// Leads marked per write transaction: ~20 ms on the 2-core test machine.
    static constexpr qsizetype MarkChunkRows = 5000;

    /// \a db is a read-write connection of the calling thread.
    explicit ExportHistory(const QSqlDatabase &db);

    /*!
        One bounded transaction of recording \a record: the first call (record->id == 0)
        inserts the exports row and sets record->id; when record->marked, each call marks the
        leads \a leadRowIds[*next ...] (leads.id) up to MarkChunkRows of them and advances
        \a next. Returns false with \a error when the transaction failed (rolled back). Done
        when record->id != 0 and *next == leadRowIds.size().
    */
    bool writeStep(ExportRecord *record, const QList<qint64> &leadRowIds, qsizetype *next,
                   QString *error);
    /// writeStep() until done: for the command line, which has no webhooks to answer.
    bool write(ExportRecord *record, const QList<qint64> &leadRowIds, QString *error);

    /// The most recent exports first, at most \a limit of them; false with \a error on failure.
    static bool list(const QSqlDatabase &db, QList<ExportRecord> *records, QString *error,
                     int limit = 1000);

private:
    QSqlDatabase m_db;
};
