// SPDX-License-Identifier: MIT
#pragma once

#include "export/csvwriter.h"
#include "export/exportformat.h"
#include "export/exportpreset.h"
#include "export/xlsxworkbookwriter.h"
#include "query/leadfilter.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>

class QIODevice;

/// Something the user should know before writing, with how many rows it concerns.
struct ExportWarning
{
    enum class Kind {
        MissingLastName, ///< Salesforce rejects a lead without Last Name
        MissingCompany, ///< Salesforce rejects a lead without Company
        MissingEmail, ///< HubSpot deduplicates on email: these create duplicates
        GuardedPhone, ///< the formula guard will prefix these phone numbers with '
    };
    Kind kind;
    qint64 count = 0;
    QString text; ///< a sentence, with the count
};

/*!
    Streams leads from the database to CSV or XLSX: memory stays flat whatever the row count.
    One loop reads the rows for both formats (an ExportRowWriter each).

    Regular files are written to a temporary file next to the target (QSaveFile for CSV),
    which replaces the target only once everything is written. A cancelled or failed export
    leaves the target as it was (or absent). The file is the owner's only (mode 0600): it
    holds people's names, emails and phone numbers. A device or FIFO target (/dev/stdout, a
    named pipe) is written directly for CSV, since it cannot be replaced; an XLSX file is a
    ZIP archive that libxlsxwriter writes to a named file, so it is built in a temporary file
    and then copied to the device.

    The connection must belong to the calling thread; to run on a worker, open a connection
    there (Database::open with a connection name of its own) and call exportToFile() from it,
    with a progress callback and a cancel flag the GUI sets.
*/
class LeadExporter final
{
public:
    struct Request
    {
        ExportPreset preset; ///< which columns, with which headers
        LeadFilter filter; ///< which rows, in which order (the view's)
        /// Background writes on by default: on two free cores the write() calls (a third of
        /// an export's time) overlap with reading rows (bench_export measures both).
        CsvWriter::Options csv = [] {
            CsvWriter::Options options;
            options.backgroundWrites = true;
            return options;
        }();
        ExportFormat format = ExportFormat::Csv;
        /// One row per person (PersonMerger's rules): the same LinkedIn identity in several
        /// campaigns becomes one row listing its campaigns; rows come in identity order.
        bool onePerPerson = false;
        /// For XLSX; tempDir defaults to the target's folder.
        XlsxWorkbookWriter::Options xlsx;
        /// Keep the leads.id of every row written in Result::leadRowIds, for marking them
        /// exported (ExportHistory) exactly as the file holds them: 8 bytes a row.
        bool collectLeadRowIds = false;
    };
    struct Result
    {
        bool ok = false;
        bool cancelled = false;
        qint64 rows = 0;
        qint64 bytes = 0;
        QString error; ///< a sentence for the user when !ok and !cancelled
        enum class Failure { None, Request, Database, Output };
        Failure failure = Failure::None; ///< whose fault, for exit codes and hints
        // XLSX only: what Excel's limits changed (XlsxWorkbookWriter).
        int sheets = 0;
        qint64 truncatedCells = 0; ///< cut at 32,767 characters
        qint64 unlinkedUrls = 0; ///< written as text past 65,530 links a sheet
        qint64 replacedCells = 0; ///< characters XML cannot hold replaced by U+FFFD
        /// With Request::collectLeadRowIds, the rows written, in file order (complete when ok).
        QList<qint64> leadRowIds;
    };
    /// Sentences for the summary after a successful export: the sheets an XLSX file was split
    /// into, cells cut or changed, addresses left without a link. Empty when nothing changed.
    static QStringList notes(const Result &result);
    /// Called every few thousand rows and at the end, on the exporting thread.
    using Progress = std::function<void(qint64 rowsDone, qint64 rowsTotal)>;

    explicit LeadExporter(const QSqlDatabase &db);

    /// The number of rows \a filter selects, or -1 with \a error.
    qint64 countRows(const LeadFilter &filter, QString *error = nullptr) const;
    /// The number of people (rows with onePerPerson) \a filter selects, or -1 with \a error:
    /// distinct identities plus the leads without one.
    qint64 countPeople(const LeadFilter &filter, QString *error = nullptr) const;
    /// Whether preflight() has anything to check for this request (else it reads nothing).
    static bool hasPreflightChecks(const Request &request);
    /// Warnings for the request's preset (Salesforce, HubSpot, phone numbers), with counts.
    QList<ExportWarning> preflight(const Request &request, QString *error = nullptr) const;

    Result exportToFile(const QString &filePath, const Request &request,
                        const Progress &progress = {},
                        const std::atomic<bool> *cancel = nullptr) const;
    /// Writes to an open device (stdout, a buffer). On cancel or failure the device holds a
    /// partial output: use exportToFile() for anything the user keeps.
    Result exportToDevice(QIODevice *device, const Request &request, const Progress &progress = {},
                          const std::atomic<bool> *cancel = nullptr) const;

private:
    Result exportXlsxToFile(const QString &filePath, const Request &request,
                            const Progress &progress, const std::atomic<bool> *cancel) const;
    Result exportXlsxToDevice(QIODevice *device, const Request &request, const Progress &progress,
                              const std::atomic<bool> *cancel) const;
    QSqlDatabase m_db;
};
