// SPDX-License-Identifier: MIT
#include "exportcommand.h"

#include "common/logging.h"
#include "common/settings.h"
#include "export/exporthistory.h"
#include "export/leadexporter.h"
#include "store/database.h"

#include <QBuffer>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ExportCommand", text);
}

// Closes the connection whatever path the command leaves by.
struct ConnectionGuard
{
    QString name;
    ~ConnectionGuard()
    {
        if (!name.isEmpty())
            Database::close(name);
    }
};

// Resolves --campaign values: a campaign_id as SendPilot sends it, an exact campaign name, or
// a campaigns.id row number. Returns false with \a error naming the first unknown value.
bool resolveCampaigns(const QSqlDatabase &db, const QStringList &values, QList<qint64> *rowIds,
                      QString *error, bool *dbError)
{
    QSqlQuery query(db);
    if (!query.prepare(u"SELECT id FROM campaigns WHERE campaign_id = ? OR name = ? "
                       u"OR (? <> '' AND id = ?)"_s)) {
        *dbError = true;
        *error = tr("Cannot read the campaigns: %1").arg(query.lastError().text());
        return false;
    }
    for (const QString &value : values) {
        bool numeric = false;
        const qint64 asNumber = value.toLongLong(&numeric);
        query.addBindValue(value);
        query.addBindValue(value);
        query.addBindValue(numeric ? value : QString());
        query.addBindValue(numeric ? asNumber : qint64(-1));
        if (!query.exec()) {
            *dbError = true;
            *error = tr("Cannot read the campaigns: %1").arg(query.lastError().text());
            return false;
        }
        bool found = false;
        while (query.next()) {
            rowIds->append(query.value(0).toLongLong());
            found = true;
        }
        if (!found) {
            *error = tr("Unknown campaign “%1”: give its campaign id (camp_…), its exact name "
                        "or its row number.")
                         .arg(value);
            return false;
        }
    }
    return true;
}

// Records a finished export in the history and, with \a mark, marks its people exported, on a
// read-write connection of its own (the export read through a read-only one). False with
// \a error when the store could not be written.
bool recordExport(const QString &dbPath, ExportRecord *record, const QList<qint64> &leadRowIds,
                  QString *error)
{
    ConnectionGuard guard;
    guard.name = u"export-history-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QSqlDatabase db = Database::open(dbPath, guard.name, Database::Access::ReadWrite, error);
    if (!db.isValid() || !db.isOpen())
        return false;
    return ExportHistory(db).write(record, leadRowIds, error);
}

} // namespace

ExitCode runExportCommand(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Export leads to CSV (RFC 4180, UTF-8) or to an Excel workbook (XLSX)."));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption dbOption(
        u"db"_s, tr("SQLite database (default: %1).").arg(Settings::defaultDatabasePath()),
        u"file"_s);
    const QCommandLineOption campaignOption(
        u"campaign"_s,
        tr("Only leads of this campaign (campaign id, name or row number); "
           "repeatable."),
        u"id"_s);
    const QCommandLineOption searchOption(u"search"_s,
                                          tr("Only leads whose name, headline, company, "
                                             "position, location, email, industry or "
                                             "seniority has words starting with these."),
                                          u"text"_s);
    const QCommandLineOption hasEmailOption(u"has-email"_s, tr("Only leads with an email."));
    const QCommandLineOption hasPhoneOption(u"has-phone"_s, tr("Only leads with a phone."));
    const QCommandLineOption notExportedOption(
        u"not-exported"_s,
        tr("Only people no export has marked yet (see --mark-exported; a person found in "
           "several campaigns counts once)."));
    const QCommandLineOption markExportedOption(
        u"mark-exported"_s,
        tr("Mark the exported people as exported, so a later --not-exported leaves them out. "
           "Every export is recorded in the export history."));
    QStringList keys;
    for (LeadColumn::Id c : LeadColumn::all())
        keys.append(LeadColumn::key(c));
    const QCommandLineOption columnsOption(
        u"columns"_s, tr("Comma-separated columns: %1.").arg(keys.join(u", "_s)), u"a,b,c"_s);
    const QCommandLineOption presetOption(
        u"preset"_s,
        tr("Column layout: %1 (default all).").arg(ExportPreset::names().join(u", "_s)), u"name"_s);
    const QCommandLineOption formatOption(
        u"format"_s, tr("File format: csv or xlsx (default: the --out file's suffix, else csv)."),
        u"name"_s);
    const QCommandLineOption delimiterOption(u"delimiter"_s, tr("CSV field delimiter: , or ;."),
                                             u"char"_s, u","_s);
    const QCommandLineOption noBomOption(u"no-bom"_s,
                                         tr("Do not start the file with a UTF-8 BOM."));
    const QCommandLineOption noGuardOption(
        u"no-formula-guard"_s,
        tr("Do not prefix text starting with = + - @ with an apostrophe (for CRM imports "
           "that never pass through a spreadsheet)."));
    const QCommandLineOption outOption(u"out"_s, tr("Output file, or - for standard output."),
                                       u"file"_s);
    parser.addOptions({dbOption, campaignOption, searchOption, hasEmailOption, hasPhoneOption,
                       notExportedOption, markExportedOption, columnsOption, presetOption,
                       formatOption, delimiterOption, noBomOption, noGuardOption, outOption});
    const QCommandLineOption onePerPersonOption(
        u"one-per-person"_s,
        tr("One row per person: a LinkedIn profile found in several campaigns becomes one row "
           "with the newest data (an email or phone only an older campaign found is kept) and "
           "every campaign, newest first, in the campaign column (or an added Campaigns "
           "column); rows come in LinkedIn identity order."));
    parser.addOption(onePerPersonOption);
    const QCommandLineOption helpOption = parser.addHelpOption();

    const auto usageError = [&err](const QString &message) {
        err << "leadviewer export: " << message << '\n'
            << tr("Run “leadviewer export --help” for the options.") << '\n';
        err.flush();
        return ExitCode::Usage;
    };

    // QCommandLineParser::parse() wants argv[0].
    if (!parser.parse(QStringList {u"leadviewer export"_s} + args))
        return usageError(parser.errorText());
    if (parser.isSet(helpOption)) {
        err << parser.helpText();
        err.flush();
        return ExitCode::Ok;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            tr("Unexpected argument “%1”.").arg(parser.positionalArguments().first()));

    LeadExporter::Request request;
    if (parser.isSet(columnsOption) && parser.isSet(presetOption))
        return usageError(tr("Use either --columns or --preset, not both."));
    if (parser.isSet(columnsOption)) {
        QList<LeadColumn::Id> columns;
        const QStringList names = parser.value(columnsOption).split(u',', Qt::SkipEmptyParts);
        for (const QString &name : names) {
            const std::optional<LeadColumn::Id> id = LeadColumn::fromKey(name);
            if (!id)
                return usageError(tr("Unknown column “%1”. Columns: %2.")
                                      .arg(name.trimmed(), keys.join(u", "_s)));
            columns.append(*id);
        }
        if (columns.isEmpty())
            return usageError(tr("--columns names no column."));
        request.preset = ExportPreset::custom(columns);
    } else {
        const QString name = parser.isSet(presetOption) ? parser.value(presetOption) : u"all"_s;
        const std::optional<ExportPreset::Id> id = ExportPreset::idFromName(name);
        if (!id)
            return usageError(tr("Unknown preset “%1”. Presets: %2.")
                                  .arg(name, ExportPreset::names().join(u", "_s)));
        request.preset = ExportPreset::preset(*id);
    }

    if (!parser.isSet(outOption) || parser.value(outOption).isEmpty())
        return usageError(tr("--out is required (a file name, or - for standard output)."));
    const QString outPath = parser.value(outOption);
    const bool toStdout = outPath == "-"_L1;

    if (parser.isSet(formatOption)) {
        const std::optional<ExportFormat> format
            = ExportFormats::fromName(parser.value(formatOption));
        if (!format)
            return usageError(
                tr("Unknown format “%1”. Formats: %2.")
                    .arg(parser.value(formatOption), ExportFormats::names().join(u", "_s)));
        request.format = *format;
    } else if (!toStdout) {
        request.format = ExportFormats::fromFileName(outPath).value_or(ExportFormat::Csv);
    }
    if (request.format == ExportFormat::Xlsx) {
        // An XLSX cell has a type, so nothing there is read as a formula; a workbook has no
        // delimiter and no byte order mark.
        for (const QCommandLineOption *csvOnly : {&delimiterOption, &noBomOption, &noGuardOption}) {
            if (parser.isSet(*csvOnly))
                return usageError(tr("--%1 is for CSV only.").arg(csvOnly->names().constFirst()));
        }
    }

    const QString delimiter = parser.value(delimiterOption);
    if (delimiter != ","_L1 && delimiter != ";"_L1)
        return usageError(tr("The delimiter must be , or ; (got “%1”).").arg(delimiter));
    request.csv.delimiter = char(delimiter.at(0).unicode());
    request.csv.byteOrderMark = !parser.isSet(noBomOption);
    request.csv.formulaGuard = !parser.isSet(noGuardOption);
    request.filter.searchText = parser.value(searchOption);
    request.filter.hasEmail = parser.isSet(hasEmailOption);
    request.filter.hasPhone = parser.isSet(hasPhoneOption);
    request.filter.notExported = parser.isSet(notExportedOption);
    const bool mark = parser.isSet(markExportedOption);
    request.collectLeadRowIds = mark;
    request.onePerPerson = parser.isSet(onePerPersonOption);

    const QString dbPath
        = parser.isSet(dbOption) ? parser.value(dbOption) : Settings::defaultDatabasePath();
    if (!QFileInfo(dbPath).isFile()) {
        err << "leadviewer export: "
            << tr("No database at “%1”.").arg(QDir::toNativeSeparators(dbPath)) << '\n';
        err.flush();
        return ExitCode::Database;
    }
    ConnectionGuard guard;
    guard.name = u"export-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString dbError;
    const QSqlDatabase db
        = Database::open(dbPath, guard.name, Database::Access::ReadOnly, &dbError);
    if (!db.isValid() || !db.isOpen()) {
        err << "leadviewer export: " << dbError << '\n';
        err.flush();
        return ExitCode::Database;
    }

    if (parser.isSet(campaignOption)) {
        bool isDbError = false;
        QString error;
        if (!resolveCampaigns(db, parser.values(campaignOption), &request.filter.campaignRowIds,
                              &error, &isDbError)) {
            if (isDbError) {
                err << "leadviewer export: " << error << '\n';
                err.flush();
                return ExitCode::Database;
            }
            return usageError(error);
        }
    }

    LeadExporter exporter(db);
    QString preflightError;
    const QList<ExportWarning> warnings = exporter.preflight(request, &preflightError);
    if (!preflightError.isEmpty()) {
        err << "leadviewer export: " << preflightError << '\n';
        err.flush();
        return ExitCode::Database;
    }
    for (const ExportWarning &w : warnings)
        err << "warning: " << w.text << '\n';
    err.flush();

    LeadExporter::Result result;
    if (toStdout) {
        out.flush();
        if (QIODevice *device = out.device()) {
            result = exporter.exportToDevice(device, request);
        } else if (request.format == ExportFormat::Xlsx) {
            err << "leadviewer export: " << tr("An XLSX file cannot go to a text stream.") << '\n';
            err.flush();
            return ExitCode::Output;
        } else {
            // A string-backed stream (tests, embedding): collect, then append as text.
            QBuffer buffer;
            buffer.open(QIODevice::WriteOnly);
            result = exporter.exportToDevice(&buffer, request);
            out << QString::fromUtf8(buffer.data());
            out.flush();
        }
    } else {
        result = exporter.exportToFile(outPath, request);
    }

    if (!result.ok) {
        err << "leadviewer export: " << result.error << '\n';
        err.flush();
        return result.failure == LeadExporter::Result::Failure::Database ? ExitCode::Database
                                                                         : ExitCode::Output;
    }
    const QString target = toStdout ? tr("standard output") : QDir::toNativeSeparators(outPath);

    // The history, in English like the summary scripts read: what was asked for, in the
    // options' words.
    ExportRecord record;
    record.exportedAtMs = QDateTime::currentMSecsSinceEpoch();
    record.scope = u"command line"_s;
    QStringList filters;
    for (const QString &campaign : parser.values(campaignOption))
        filters.append(u"campaign: "_s + campaign);
    if (!request.filter.searchText.isEmpty())
        filters.append(u"search: "_s + request.filter.searchText);
    if (request.filter.hasEmail)
        filters.append(u"has email"_s);
    if (request.filter.hasPhone)
        filters.append(u"has phone"_s);
    if (request.filter.notExported)
        filters.append(u"not yet exported"_s);
    record.filterSummary = filters.join(u"; "_s);
    record.preset = ExportPreset::name(request.preset.id);
    record.format = ExportFormats::name(request.format);
    record.filePath = toStdout ? u"standard output"_s : QFileInfo(outPath).absoluteFilePath();
    record.rowCount = result.rows;
    record.marked = mark;
    QString historyError;
    if (!recordExport(dbPath, &record, result.leadRowIds, &historyError)) {
        // Without --mark-exported the file is all that was asked for; with it, a script must
        // learn that the next --not-exported would give these people again.
        err << (mark ? "leadviewer export: " : "warning: ")
            << tr("The export was written but not recorded in the export history: %1")
                   .arg(historyError)
            << '\n';
        err.flush();
        if (mark)
            return ExitCode::Database;
    }
    // Numbers as digits, without the locale's group separator: scripts read this line.
    QString leads;
    if (request.onePerPerson)
        leads = result.rows == 1 ? tr("Exported 1 person to %1").arg(target)
                                 : tr("Exported %1 people to %2").arg(result.rows).arg(target);
    else
        leads = result.rows == 1 ? tr("Exported 1 lead to %1").arg(target)
                                 : tr("Exported %1 leads to %2").arg(result.rows).arg(target);
    const QString notes
        = warnings.size() == 1 ? tr("1 warning") : tr("%1 warnings").arg(warnings.size());
    err << tr("%1 (%2).").arg(leads, notes) << '\n';
    for (const QString &note : LeadExporter::notes(result))
        err << "note: " << note << '\n';
    if (request.filter.notExported && result.rows == 0)
        err << "note: " << tr("Every matching lead was exported before (--not-exported).") << '\n';
    else if (mark)
        err << "note: "
            << (request.onePerPerson
                    ? (result.rows == 1 ? tr("1 person marked as exported.")
                                        : tr("%1 people marked as exported.").arg(result.rows))
                    : (result.rows == 1 ? tr("1 lead marked as exported.")
                                        : tr("%1 leads marked as exported.").arg(result.rows)))
            << '\n';
    err.flush();
    return ExitCode::Ok;
}
