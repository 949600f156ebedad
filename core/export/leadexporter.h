// SPDX-License-Identifier: MIT
#pragma once

#include "export/csvwriter.h"
#include "export/exportpreset.h"
#include "query/leadfilter.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
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
    Streams leads from the database to CSV: memory stays flat whatever the row count.

    Regular files are written through QSaveFile: the rows go to a temporary file next to the target,
    which replaces the target only once everything is written. A cancelled or failed export
    leaves the target as it was (or absent). A device or FIFO target (/dev/stdout, a named
    pipe) is written directly, since it cannot be replaced.

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
    };
    /// Called every few thousand rows and at the end, on the exporting thread.
    using Progress = std::function<void(qint64 rowsDone, qint64 rowsTotal)>;

    explicit LeadExporter(const QSqlDatabase &db);

    /// The number of rows \a filter selects, or -1 with \a error.
    qint64 countRows(const LeadFilter &filter, QString *error = nullptr) const;
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
    QSqlDatabase m_db;
};
