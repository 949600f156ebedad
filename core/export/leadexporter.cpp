// SPDX-License-Identifier: MIT
#include "leadexporter.h"

#include "common/logging.h"
#include "common/plural.h"
#include "query/leadflattener.h"
#include "store/sqlitestatement.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 ProgressInterval = 4096; // rows between progress calls and cancel checks

QString tr(const char *text)
{
    return QCoreApplication::translate("LeadExporter", text);
}

// What one CSV column needs from a result row.
struct Plan
{
    struct Out
    {
        ExportField::Kind kind;
        LeadColumn::Type type = LeadColumn::Type::Text;
        int index = -1; // result column for Kind::Column
        QByteArray constant;
        bool telephone = false; // written with CsvWriter::addTelephone
    };
    QList<LeadColumn::Id> selected; // result columns, each once
    QList<Out> outs;
    int campaignIndex = -1;
    int headlineIndex = -1;
    int linkedinIndex = -1;

    int indexOf(LeadColumn::Id id)
    {
        const qsizetype i = selected.indexOf(id);
        if (i >= 0)
            return int(i);
        selected.append(id);
        return int(selected.size() - 1);
    }

    explicit Plan(const ExportPreset &preset)
    {
        for (const ExportField &f : preset.fields) {
            Out out {f.kind, LeadColumn::Type::Text, -1, {}};
            switch (f.kind) {
            case ExportField::Kind::Column:
                out.type = LeadColumn::type(f.column);
                out.index = indexOf(f.column);
                out.telephone = f.column == LeadColumn::Phone;
                break;
            case ExportField::Kind::Constant:
                out.constant = f.constant.toUtf8();
                break;
            case ExportField::Kind::Description:
                headlineIndex = indexOf(LeadColumn::Headline);
                linkedinIndex = indexOf(LeadColumn::LinkedinUrl);
                Q_FALLTHROUGH();
            case ExportField::Kind::SourceLabel:
                campaignIndex = indexOf(LeadColumn::CampaignName);
                break;
            }
            outs.append(out);
        }
    }
};

void appendSourceLabel(QByteArray &out, QByteArrayView campaign)
{
    out.append("SendPilot Extractor: ");
    out.append(campaign.data(), campaign.size());
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

qint64 LeadExporter::countRows(const LeadFilter &filter, QString *error) const
{
    const LeadQuery q = filter.buildCount();
    QSqlQuery query(m_db);
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

bool LeadExporter::hasPreflightChecks(const Request &request)
{
    const ExportPreset::Id id = request.preset.id;
    return id == ExportPreset::Id::Salesforce || id == ExportPreset::Id::HubSpot
        || (request.csv.formulaGuard && request.preset.uses(LeadColumn::Phone));
}

QList<ExportWarning> LeadExporter::preflight(const Request &request, QString *error) const
{
    QList<ExportWarning> warnings;
    const ExportPreset::Id id = request.preset.id;
    const bool salesforce = id == ExportPreset::Id::Salesforce;
    const bool hubspot = id == ExportPreset::Id::HubSpot;
    const bool phones = request.csv.formulaGuard && request.preset.uses(LeadColumn::Phone);
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
        return exportToDevice(&device, request, progress, cancel);
    }
    QSaveFile file(filePath);
    if (!file.open(QIODevice::WriteOnly)) {
        result.error = fileError(file, filePath);
        result.failure = Result::Failure::Output;
        qCWarning(lcExport) << "export: cannot open" << filePath << file.errorString();
        return result;
    }
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

LeadExporter::Result LeadExporter::exportToDevice(QIODevice *device, const Request &request,
                                                  const Progress &progress,
                                                  const std::atomic<bool> *cancel) const
{
    Result result;
    if (request.preset.fields.isEmpty()) {
        result.error = tr("No columns to export.");
        result.failure = Result::Failure::Request;
        return result;
    }
    const Plan plan(request.preset);

    qint64 total = -1;
    if (progress) {
        QString error;
        total = countRows(request.filter, &error);
        if (total < 0) {
            result.error = error;
            result.failure = Result::Failure::Database;
            return result;
        }
        progress(0, total);
    }

    // The rows are stepped on the SQLite handle and read as UTF-8 views: QSqlQuery::next() +
    // value() builds a QVariant and a UTF-16 QString per cell, and the CSV writer converts
    // back to UTF-8; for 1,000,000 leads that alone costs more than SQLite's own stepping.
    sqlite3 *handle = Sqlite::handle(m_db);
    if (!handle) {
        result.error = u"The export needs an open SQLite (QSQLITE) connection."_s;
        result.failure = Result::Failure::Database;
        return result;
    }
    const LeadQuery select = request.filter.buildSelect(plan.selected);
    Sqlite::Statement reader;
    if (!reader.prepare(handle, select.sql.toUtf8()) || !reader.bindAll(select.bindings)) {
        result.error = u"Cannot prepare the export query: "_s + reader.errorText();
        qCWarning(lcExport) << result.error;
        result.failure = Result::Failure::Database;
        return result;
    }

    // With request.csv.backgroundWrites the device is left alone until writer.finish(): the
    // write() calls run on a second core while this one reads and formats rows.
    CsvWriter writer(device, request.csv);
    writer.writeHeader(request.preset.headers());

    QByteArray scratch;
    scratch.reserve(64 * 1024);
    qint64 rows = 0;
    for (;;) {
        const Sqlite::Step step = reader.step();
        if (step == Sqlite::Step::Done)
            break;
        if (step != Sqlite::Step::Row) {
            result.error = u"Cannot read the leads: "_s + reader.errorText();
            qCWarning(lcExport) << result.error;
            result.failure = Result::Failure::Database;
            return result;
        }
        for (const Plan::Out &out : plan.outs) {
            switch (out.kind) {
            case ExportField::Kind::Column:
                switch (out.type) {
                case LeadColumn::Type::Text:
                    if (out.telephone)
                        writer.addTelephone(reader.utf8(out.index));
                    else
                        writer.addField(reader.utf8(out.index));
                    break;
                case LeadColumn::Type::Integer:
                    if (reader.isNull(out.index))
                        writer.addEmpty();
                    else
                        writer.addNumber(reader.int64(out.index));
                    break;
                case LeadColumn::Type::TimestampMs:
                    if (reader.isNull(out.index))
                        writer.addEmpty();
                    else
                        writer.addTimestampMs(reader.int64(out.index));
                    break;
                case LeadColumn::Type::ExperienceJson:
                case LeadColumn::Type::EducationJson:
                case LeadColumn::Type::StringListJson:
                    scratch.resize(0);
                    LeadFlattener::append(out.type, reader.utf8(out.index), scratch);
                    writer.addField(QByteArrayView(scratch));
                    break;
                }
                break;
            case ExportField::Kind::Constant:
                writer.addField(QByteArrayView(out.constant));
                break;
            case ExportField::Kind::SourceLabel:
                scratch.resize(0);
                appendSourceLabel(scratch, reader.utf8(plan.campaignIndex));
                writer.addField(QByteArrayView(scratch));
                break;
            case ExportField::Kind::Description: {
                scratch.resize(0);
                const QByteArrayView headline = reader.utf8(plan.headlineIndex);
                const QByteArrayView url = reader.utf8(plan.linkedinIndex);
                if (!headline.isEmpty())
                    scratch.append(headline.data(), headline.size()).append('\n');
                if (!url.isEmpty())
                    scratch.append(url.data(), url.size()).append('\n');
                appendSourceLabel(scratch, reader.utf8(plan.campaignIndex));
                writer.addField(QByteArrayView(scratch));
                break;
            }
            }
        }
        writer.endRow();
        ++rows;
        if (rows % ProgressInterval == 0) {
            if (!writer.ok())
                break;
            if (cancel && cancel->load(std::memory_order_relaxed)) {
                result.cancelled = true;
                result.rows = rows;
                qCInfo(lcExport) << "export cancelled after" << rows << "rows";
                return result;
            }
            if (progress)
                progress(rows, qMax(total, rows));
        }
    }
    if (cancel && cancel->load(std::memory_order_relaxed)) {
        result.cancelled = true;
        result.rows = rows;
        return result;
    }
    if (!writer.finish()) {
        result.error = tr("Writing the CSV failed: %1.").arg(writer.errorString());
        result.failure = Result::Failure::Output;
        qCWarning(lcExport) << "export: write failed after" << rows << "rows";
        return result;
    }
    if (progress)
        progress(rows, rows);
    result.ok = true;
    result.rows = rows;
    result.bytes = writer.bytesWritten();
    qCInfo(lcExport) << "exported" << rows << "rows," << result.bytes << "bytes";
    return result;
}
