// SPDX-License-Identifier: MIT
#pragma once

#include "common/logging.h"
#include "export/exportrowwriter.h"
#include "export/leadexporter.h"
#include "export/personmerger.h"
#include "query/leadflattener.h"
#include "store/sqlitestatement.h"

#include <QCoreApplication>
#include <optional>

/*!
    The rows an export request selects, ready to step, and the one loop that writes them with
    any ExportRowWriter (CsvWriter, XlsxWorkbookWriter): LeadExporter's part that does not
    depend on the format. The loop is a template so that each writer's calls inline (see
    ExportRowWriter).
*/
class LeadRowSource final
{
    using Result = LeadExporter::Result;
    // Rows between progress calls and cancel checks.
    static constexpr qint64 ProgressInterval = 4096;

public:
    LeadRowSource(const QSqlDatabase &db, const LeadExporter::Request &request);
    ~LeadRowSource();
    LeadRowSource(const LeadRowSource &) = delete;
    LeadRowSource &operator=(const LeadRowSource &) = delete;

    bool ok() const { return m_failure.failure == Result::Failure::None; }
    const Result &failure() const { return m_failure; }

    /// Writes the header and every row, then finishes \a writer. \a total is the row count
    /// for progress (-1: unknown).
    template<ExportRowWriter Writer>
    Result writeTo(Writer &writer, qint64 total, const LeadExporter::Progress &progress,
                   const std::atomic<bool> *cancel, const QString &formatName)
    {
        Result result;
        if (progress)
            progress(0, total);
        writer.writeHeader(headers());
        QByteArray scratch;
        scratch.reserve(64 * 1024);
        qint64 rows = 0;
        for (;;) {
            const Sqlite::Step step = m_reader.step();
            if (step == Sqlite::Step::Done)
                break;
            if (step != Sqlite::Step::Row) {
                result.error = QStringLiteral("Cannot read the leads: ") + m_reader.errorText();
                qCWarning(lcExport) << result.error;
                result.failure = Result::Failure::Database;
                return result;
            }
            if (m_idIndex >= 0)
                result.leadRowIds.append(m_reader.int64(m_idIndex));
            if (m_merger) {
                // One row per person: a row is written when the next person starts.
                if (!m_merger->add(m_reader))
                    continue;
                writeRow(writer, m_merger->ready(), scratch);
            } else {
                writeRow(writer, m_reader, scratch);
            }
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
        if (m_merger && m_merger->finish()) {
            writeRow(writer, m_merger->ready(), scratch);
            ++rows;
        }
        if (!writer.finish()) {
            //: %1 is the format ("CSV", "XLSX"), %2 the system's reason
            result.error
                = QCoreApplication::translate("LeadExporter", "Writing the %1 file failed: %2.")
                      .arg(formatName, writer.errorString());
            result.failure = Result::Failure::Output;
            qCWarning(lcExport) << "export: write failed after" << rows << "rows";
            return result;
        }
        if (progress)
            progress(rows, rows);
        result.ok = true;
        result.rows = rows;
        return result;
    }

private:
    // What one column needs from a result row.
    struct Plan
    {
        struct Out
        {
            ExportField::Kind kind;
            LeadColumn::Type type = LeadColumn::Type::Text;
            int index = -1; // result column for Kind::Column
            QByteArray constant;
            bool telephone = false; // written with addTelephone
            bool link = false; // written with addLink
        };
        QList<LeadColumn::Id> selected; // result columns, each once
        QList<Out> outs;
        int campaignIndex = -1;
        int sourceIndex = -1; // LeadColumn::LeadSource, for the source label
        int headlineIndex = -1;
        int linkedinIndex = -1;
        bool campaignsColumn = false; // one row per person without a campaign field: appended

        int indexOf(LeadColumn::Id id)
        {
            const qsizetype i = selected.indexOf(id);
            if (i >= 0)
                return int(i);
            selected.append(id);
            return int(selected.size() - 1);
        }

        Plan(const ExportPreset &preset, bool onePerPerson);
    };

    void fail(const QString &error, Result::Failure failure)
    {
        m_failure.error = error;
        m_failure.failure = failure;
    }

    QStringList headers() const;

    // Row: a Sqlite::Statement on a result row, or a PersonMerger::Row.
    template<ExportRowWriter Writer, class Row>
    void writeRow(Writer &writer, const Row &row, QByteArray &scratch)
    {
        for (const Plan::Out &out : m_plan.outs) {
            switch (out.kind) {
            case ExportField::Kind::Column:
                switch (out.type) {
                case LeadColumn::Type::Text:
                    if (out.telephone)
                        writer.addTelephone(row.utf8(out.index));
                    else if (out.link)
                        writer.addLink(row.utf8(out.index));
                    else
                        writer.addField(row.utf8(out.index));
                    break;
                case LeadColumn::Type::Integer:
                    if (row.isNull(out.index))
                        writer.addEmpty();
                    else
                        writer.addNumber(row.int64(out.index));
                    break;
                case LeadColumn::Type::TimestampMs:
                    if (row.isNull(out.index))
                        writer.addEmpty();
                    else
                        writer.addTimestampMs(row.int64(out.index));
                    break;
                case LeadColumn::Type::ExperienceJson:
                case LeadColumn::Type::EducationJson:
                case LeadColumn::Type::StringListJson:
                    scratch.resize(0);
                    LeadFlattener::append(out.type, row.utf8(out.index), scratch);
                    writer.addField(QByteArrayView(scratch));
                    break;
                }
                break;
            case ExportField::Kind::Constant:
                writer.addField(QByteArrayView(out.constant));
                break;
            case ExportField::Kind::SourceLabel:
                scratch.resize(0);
                appendSourceLabel(scratch, row.utf8(m_plan.sourceIndex),
                                  row.utf8(m_plan.campaignIndex));
                writer.addField(QByteArrayView(scratch));
                break;
            case ExportField::Kind::Description: {
                scratch.resize(0);
                const QByteArrayView headline = row.utf8(m_plan.headlineIndex);
                const QByteArrayView url = row.utf8(m_plan.linkedinIndex);
                if (!headline.isEmpty())
                    scratch.append(headline.data(), headline.size()).append('\n');
                if (!url.isEmpty())
                    scratch.append(url.data(), url.size()).append('\n');
                appendSourceLabel(scratch, row.utf8(m_plan.sourceIndex),
                                  row.utf8(m_plan.campaignIndex));
                writer.addField(QByteArrayView(scratch));
                break;
            }
            }
        }
        if (m_plan.campaignsColumn)
            writer.addField(row.utf8(m_plan.campaignIndex));
        writer.endRow();
    }

    // "SendPilot Extractor: <campaign>", or for a Lead Database search's lead
    // "SendPilot Lead Database: <search>".
    static void appendSourceLabel(QByteArray &out, QByteArrayView source, QByteArrayView campaign)
    {
        out.append(source == QByteArrayView("Lead Database") ? "SendPilot Lead Database: "
                                                             : "SendPilot Extractor: ");
        out.append(campaign.data(), campaign.size());
    }

    const Plan m_plan;
    const LeadExporter::Request &m_request;
    Sqlite::Statement m_reader;
    int m_idIndex = -1; ///< result column of leads.id, with Request::collectLeadRowIds
    std::optional<PersonMerger> m_merger; // set for one row per person
    Result m_failure;
};
