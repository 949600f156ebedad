// SPDX-License-Identifier: MIT
#include "leadexporter.h"

#include "common/logging.h"
#include "common/plural.h"
#include "export/leadrowsource.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTemporaryFile>

#include <cerrno>
#include <cstdio>
#include <cstring>

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("LeadExporter", text);
}

// The sentence for a failed file operation. QFileDevice::ResourceError is what Qt reports for
// ENOSPC/EDQUOT, the one case the OS message ("No space left on device") could be clearer.
QString fileError(const QFileDevice &file, const QString &path)
{
    const QString where = QDir::toNativeSeparators(path);
    if (file.error() == QFileDevice::ResourceError)
        return tr("There is not enough disk space to write “%1” (%2).")
            .arg(where, file.errorString());
    return tr("Cannot write “%1”: %2.").arg(where, file.errorString());
}

} // namespace

LeadExporter::LeadExporter(const QSqlDatabase &db)
    : m_db(db)
{ }

namespace {
qint64 countOne(const QSqlDatabase &db, const LeadQuery &q, QString *error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(q.sql)) {
        if (error)
            *error = tr("Cannot count the leads: %1").arg(query.lastError().text());
        return -1;
    }
    for (const QVariant &v : q.bindings)
        query.addBindValue(v);
    if (!query.exec() || !query.next()) {
        if (error)
            *error = tr("Cannot count the leads: %1").arg(query.lastError().text());
        return -1;
    }
    return query.value(0).toLongLong();
}
} // namespace

qint64 LeadExporter::countRows(const LeadFilter &filter, QString *error) const
{
    return countOne(m_db, filter.buildCount(), error);
}

qint64 LeadExporter::countPeople(const LeadFilter &filter, QString *error) const
{
    // PersonMerger's people: each distinct identity once, each lead without one alone.
    return countOne(m_db,
                    filter.buildQuery({u"count(DISTINCT nullif(l.linkedin_identifier, ''))"
                                       " + count(*) - count(nullif(l.linkedin_identifier, ''))"_s},
                                      LeadFilter::Campaigns::NotRead, false),
                    error);
}

bool LeadExporter::hasPreflightChecks(const Request &request)
{
    const ExportPreset::Id id = request.preset.id;
    return id == ExportPreset::Id::Salesforce || id == ExportPreset::Id::HubSpot
        || (request.format == ExportFormat::Csv && request.csv.formulaGuard
            && request.preset.uses(LeadColumn::Phone));
}

QList<ExportWarning> LeadExporter::preflight(const Request &request, QString *error) const
{
    QList<ExportWarning> warnings;
    const ExportPreset::Id id = request.preset.id;
    const bool salesforce = id == ExportPreset::Id::Salesforce;
    const bool hubspot = id == ExportPreset::Id::HubSpot;
    // XLSX cells are typed, so nothing there needs a guard.
    const bool phones = request.format == ExportFormat::Csv && request.csv.formulaGuard
        && request.preset.uses(LeadColumn::Phone);
    if (!hasPreflightChecks(request))
        return warnings;

    // One pass over the selected rows for all counts; the expressions are constants.
    const LeadQuery q = request.filter.buildQuery(
        {u"coalesce(sum(l.last_name = ''), 0)"_s, u"coalesce(sum(l.company = ''), 0)"_s,
         u"coalesce(sum(l.email = ''), 0)"_s,
         // Phones the guard changes: a formula character first, and not '+' followed by
         // digits and phone punctuation only (CsvWriter::isTelephoneShaped).
         u"coalesce(sum(substr(l.phone, 1, 1) IN ('+', '-', '=', '@', char(9), char(13)) "
         u"AND NOT (substr(l.phone, 1, 1) = '+' AND length(l.phone) > 1 "
         u"AND ltrim(substr(l.phone, 2), '0123456789 ().-/') = '' "
         u"AND l.phone GLOB '*[0-9]*')), 0)"_s},
        LeadFilter::Campaigns::NotRead, false);
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    bool ok = query.prepare(q.sql);
    for (const QVariant &v : q.bindings)
        query.addBindValue(v);
    ok = ok && query.exec() && query.next();
    if (!ok) {
        if (error)
            *error = tr("Cannot check the leads before export: %1").arg(query.lastError().text());
        return warnings;
    }
    const qint64 noLastName = query.value(0).toLongLong();
    const qint64 noCompany = query.value(1).toLongLong();
    const qint64 noEmail = query.value(2).toLongLong();
    const qint64 guardedPhones = query.value(3).toLongLong();

    if (salesforce && noLastName > 0)
        warnings.append({ExportWarning::Kind::MissingLastName, noLastName,
                         plural(noLastName,
                                tr("%n lead has no last name; Salesforce rejects leads without "
                                   "Last Name."),
                                tr("%n leads have no last name; Salesforce rejects leads "
                                   "without Last Name."))});
    if (salesforce && noCompany > 0)
        warnings.append({ExportWarning::Kind::MissingCompany, noCompany,
                         plural(noCompany,
                                tr("%n lead has no company; Salesforce rejects leads without "
                                   "Company."),
                                tr("%n leads have no company; Salesforce rejects leads without "
                                   "Company."))});
    if (hubspot && noEmail > 0)
        warnings.append({ExportWarning::Kind::MissingEmail, noEmail,
                         plural(noEmail,
                                tr("%n lead has no email; HubSpot deduplicates contacts by "
                                   "email, so importing it again creates a duplicate."),
                                tr("%n leads have no email; HubSpot deduplicates contacts by "
                                   "email, so importing them again creates duplicates."))});
    if (phones && guardedPhones > 0)
        warnings.append({ExportWarning::Kind::GuardedPhone, guardedPhones,
                         plural(guardedPhones,
                                tr("%n phone number holds more than digits after a formula "
                                   "character (+, -, =, @) and is written with a leading "
                                   "apostrophe by the formula guard; turn the guard off for a "
                                   "direct CRM import."),
                                tr("%n phone numbers hold more than digits after a formula "
                                   "character (+, -, =, @) and are written with a leading "
                                   "apostrophe by the formula guard; turn the guard off for a "
                                   "direct CRM import."))});
    return warnings;
}

LeadExporter::Result LeadExporter::exportToFile(const QString &filePath, const Request &request,
                                                const Progress &progress,
                                                const std::atomic<bool> *cancel) const
{
    Result result;
    if (QFileInfo(filePath).isDir()) {
        result.error
            = tr("“%1” is a folder; choose a file name.").arg(QDir::toNativeSeparators(filePath));
        result.failure = Result::Failure::Output;
        return result;
    }
    const QFileInfo info(filePath);
    if (info.exists() && !info.isFile()) {
        // A device or a FIFO (/dev/stdout, /dev/null, a named pipe): there is nothing to replace
        // atomically, and QSaveFile would rename a temporary file over the device node itself
        // (as root, /dev/null becomes a regular file). Write to it directly.
        QFile device(filePath);
        if (!device.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
            result.error = fileError(device, filePath);
            result.failure = Result::Failure::Output;
            return result;
        }
        return exportToDevice(&device, request, progress, cancel); // either format
    }
    if (request.format == ExportFormat::Xlsx)
        return exportXlsxToFile(filePath, request, progress, cancel);
    QSaveFile file(filePath);
    if (!file.open(QIODevice::WriteOnly)) {
        result.error = fileError(file, filePath);
        result.failure = Result::Failure::Output;
        qCWarning(lcExport) << "export: cannot open" << filePath << file.errorString();
        return result;
    }
    // Owner-only, like the database: the file holds people's contact details. QSaveFile
    // creates its temporary file with the umask's mode (or the replaced file's); the rename in
    // commit() keeps what is set here.
    if (!file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        qCWarning(lcExport) << "export: cannot make" << filePath << "owner-only";
    result = exportToDevice(&file, request, progress, cancel);
    if (!result.ok) {
        // QSaveFile: nothing replaces the target; the temporary file is removed.
        file.cancelWriting();
        if (!result.cancelled && file.error() != QFileDevice::NoError) {
            result.error = fileError(file, filePath);
            result.failure = Result::Failure::Output;
        }
        return result;
    }
    if (!file.commit()) {
        result.ok = false;
        result.error = fileError(file, filePath);
        result.failure = Result::Failure::Output;
        qCWarning(lcExport) << "export: commit failed" << filePath << file.errorString();
    }
    return result;
}

namespace {

// The rows the file gets: leads, or people with onePerPerson.
qint64 countOutputRows(const LeadExporter &exporter, const LeadExporter::Request &request,
                       QString *error)
{
    return request.onePerPerson ? exporter.countPeople(request.filter, error)
                                : exporter.countRows(request.filter, error);
}

// The row count for progress, or -1 when nobody asked; false with \a result's error set when
// counting failed.
bool countForProgress(const LeadExporter &exporter, const LeadExporter::Request &request,
                      const LeadExporter::Progress &progress, qint64 *total,
                      LeadExporter::Result *result)
{
    *total = -1;
    if (!progress)
        return true;
    QString error;
    *total = countOutputRows(exporter, request, &error);
    if (*total >= 0)
        return true;
    result->error = error;
    result->failure = LeadExporter::Result::Failure::Database;
    return false;
}

// Above this many rows an XLSX file is written with ZIP64: a sheet's XML could pass 4 GB
// (a few KB of XML a lead, up to 1,048,575 leads a sheet).
constexpr qint64 Zip64Rows = 100000;

} // namespace

LeadExporter::Result LeadExporter::exportToDevice(QIODevice *device, const Request &request,
                                                  const Progress &progress,
                                                  const std::atomic<bool> *cancel) const
{
    if (request.format == ExportFormat::Xlsx)
        return exportXlsxToDevice(device, request, progress, cancel);
    Result result;
    qint64 total = -1;
    if (!countForProgress(*this, request, progress, &total, &result))
        return result;
    LeadRowSource source(m_db, request);
    if (!source.ok())
        return source.failure();
    // With request.csv.backgroundWrites the device is left alone until writer.finish(): the
    // write() calls run on a second core while this one reads and formats rows.
    CsvWriter writer(device, request.csv);
    result = source.writeTo(writer, total, progress, cancel, u"CSV"_s);
    if (result.ok) {
        result.bytes = writer.bytesWritten();
        qCInfo(lcExport) << "exported" << result.rows << "rows," << result.bytes << "bytes";
    }
    return result;
}

LeadExporter::Result LeadExporter::exportXlsxToFile(const QString &filePath, const Request &request,
                                                    const Progress &progress,
                                                    const std::atomic<bool> *cancel) const
{
    Result result;
    const QFileInfo info(filePath);
    // Next to the target, so that the rename below replaces it in one step; created 0600 by
    // QTemporaryFile, a mode libxlsxwriter's fopen() keeps.
    QTemporaryFile temp(info.absolutePath() + u"/."_s + info.fileName() + u".XXXXXX"_s);
    if (!temp.open()) {
        result.error = fileError(temp, filePath);
        result.failure = Result::Failure::Output;
        qCWarning(lcExport) << "export: cannot create a temporary file for" << filePath
                            << temp.errorString();
        return result;
    }
    temp.close(); // libxlsxwriter opens it again by name

    qint64 total = -1;
    // Counted even without progress: the count decides ZIP64.
    QString countError;
    total = countOutputRows(*this, request, &countError);
    if (total < 0) {
        result.error = countError;
        result.failure = Result::Failure::Database;
        return result;
    }
    LeadRowSource source(m_db, request);
    if (!source.ok())
        return source.failure();
    XlsxWorkbookWriter::Options options = request.xlsx;
    if (options.tempDir.isEmpty())
        options.tempDir = info.absolutePath();
    options.zip64 = options.zip64 || total > Zip64Rows;
    {
        XlsxWorkbookWriter writer(temp.fileName(), options);
        result = source.writeTo(writer, progress ? total : -1, progress, cancel, u"XLSX"_s);
        result.sheets = writer.sheetCount();
        result.truncatedCells = writer.truncatedCells();
        result.unlinkedUrls = writer.unlinkedUrls();
        result.replacedCells = writer.replacedCharacters();
    }
    if (!result.ok)
        return result; // the temporary file goes with `temp`
    const QByteArray from = QFile::encodeName(temp.fileName());
    const QByteArray to = QFile::encodeName(info.absoluteFilePath());
    // POSIX rename(2) replaces the target atomically.
    if (std::rename(from.constData(), to.constData()) != 0) {
        result.ok = false;
        result.error = tr("Cannot write “%1”: %2.")
                           .arg(QDir::toNativeSeparators(filePath),
                                QString::fromLocal8Bit(std::strerror(errno)));
        result.failure = Result::Failure::Output;
        return result;
    }
    temp.setAutoRemove(false);
    result.bytes = QFileInfo(filePath).size();
    qCInfo(lcExport) << "exported" << result.rows << "rows," << result.bytes << "bytes, in"
                     << result.sheets << "sheets";
    return result;
}

LeadExporter::Result LeadExporter::exportXlsxToDevice(QIODevice *device, const Request &request,
                                                      const Progress &progress,
                                                      const std::atomic<bool> *cancel) const
{
    QTemporaryDir dir; // 0700: only the owner can see the file inside meanwhile
    if (!dir.isValid()) {
        Result result;
        result.error = tr("Cannot create a temporary folder: %1.").arg(dir.errorString());
        result.failure = Result::Failure::Output;
        return result;
    }
    const QString path = dir.filePath(u"export.xlsx"_s);
    Result result = exportXlsxToFile(path, request, progress, cancel);
    if (!result.ok)
        return result;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.ok = false;
        result.error = fileError(file, path);
        result.failure = Result::Failure::Output;
        return result;
    }
    QByteArray chunk(1 << 20, Qt::Uninitialized);
    for (;;) {
        const qint64 n = file.read(chunk.data(), chunk.size());
        if (n == 0)
            break;
        if (n < 0 || device->write(chunk.constData(), n) != n) {
            result.ok = false;
            result.error = tr("Writing the XLSX file failed: %1.")
                               .arg(n < 0 ? file.errorString() : device->errorString());
            result.failure = Result::Failure::Output;
            return result;
        }
    }
    return result;
}

QStringList LeadExporter::notes(const Result &result)
{
    QStringList notes;
    if (result.sheets > 1)
        notes.append(plural(result.sheets,
                            tr("The leads fill %n sheet: Excel holds 1,048,575 rows a sheet."),
                            tr("The leads fill %n sheets: Excel holds 1,048,575 rows a sheet.")));
    if (result.truncatedCells > 0)
        notes.append(plural(result.truncatedCells,
                            tr("%n cell was cut at 32,767 characters, Excel's limit."),
                            tr("%n cells were cut at 32,767 characters, Excel's limit.")));
    if (result.unlinkedUrls > 0)
        notes.append(plural(result.unlinkedUrls,
                            tr("%n LinkedIn address is plain text, not a link: Excel allows "
                               "65,530 links a sheet."),
                            tr("%n LinkedIn addresses are plain text, not links: Excel allows "
                               "65,530 links a sheet.")));
    if (result.replacedCells > 0)
        notes.append(plural(result.replacedCells,
                            tr("%n cell held characters an XLSX file cannot store (control "
                               "characters or invalid UTF-8); they show as �."),
                            tr("%n cells held characters an XLSX file cannot store (control "
                               "characters or invalid UTF-8); they show as �.")));
    return notes;
}
