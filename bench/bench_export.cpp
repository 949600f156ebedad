// SPDX-License-Identifier: MIT
// Export throughput: 1,000,000 leads in 400 campaigns, all fields, to a CSV file and to an XLSX
// workbook, alternating in the same run.
//
//   bench_export [--db FILE] [--leads N] [--campaigns N] [--runs N] [--out FILE] [--no-xlsx]
//
// Without --db, or when FILE does not exist, generates the database first (with SQL inside
// SQLite, about 1.1 KB per lead as in real SendPilot payloads) and keeps it at FILE for the
// next run. Prints rows/s (median of the runs) per writer, the peak RSS growth during each
// export (VmHWM from /proc/self/status, reset through /proc/self/clear_refs; the largest of the
// runs) and, for scale, the sqlite3 command-line shell's time for `sqlite3 -csv` over the same
// columns.
#include "procstatus.h"

#include "export/leadexporter.h"
#include "store/database.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

bool exec(QSqlQuery &q, const QString &sql)
{
    if (q.exec(sql))
        return true;
    std::fprintf(stderr, "SQL failed: %s\n%s\n", qPrintable(q.lastError().text()),
                 qPrintable(sql.left(300)));
    return false;
}

bool generate(const QSqlDatabase &db, int leads, int campaigns)
{
    QSqlQuery q(db);
    const QString n = QString::number(leads);
    const QString c = QString::number(campaigns);
    const QStringList statements = {
        u"PRAGMA synchronous = OFF"_s,
        u"BEGIN"_s,
        u"WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < "_s + c
            + u") INSERT INTO deliveries (received_at, peer, method, path, headers, body, "
              u"body_size, status, verdict, verified, event_id, event_type, lead_count, "
              u"detail) SELECT 1708770600000 + i * 60000, '127.0.0.1', 'POST', "
              u"'/webhooks/sendpilot', '', X'', 0, 200, 'accepted', 1, 'evt_' || i, "
              u"'lead_extractor.job.completed', 0, '' FROM k"_s,
        u"INSERT INTO events (event_id, event_type, kind, occurred_at, workspace_id, "
        u"received_at, verified, delivery_id, campaign_id, lead_count) SELECT event_id, "
        u"event_type, 'LeadExtractorJobCompleted', received_at, 'ws_bench', received_at, 1, "
        u"id, 'camp_' || id, 0 FROM deliveries"_s,
        u"INSERT INTO campaigns (id, campaign_id, event_id, name, type, mode, search_urls, "
        u"received_at, started_at, completed_at) SELECT d.id, 'camp_' || d.id, d.event_id, "
        u"'Campaign ' || d.id || ': Tech, \"AI\" founders', 'SEARCH', 'with_enrichment', "
        u"'[\"https://www.linkedin.com/search/results/people/?keywords=CEO\"]', "
        u"d.received_at, d.received_at - 1800000, d.received_at FROM deliveries d"_s,
        u"WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < "_s + n
            + u"), "
              u"p AS (SELECT i, "
              u"json_extract('[\"John\",\"Maria\",\"Wei\",\"Aisha\",\"Lukas\",\"Sofía\","
              u"\"Kenji\",\"Olga\",\"Pierre\",\"Zoë\",\"Ahmed\",\"Emma\"]', '$[' || (i % 12) || "
              u"']') AS f, "
              u"json_extract('[\"Doe\",\"García\",\"Zhang\",\"Khan\",\"Müller\",\"O''Brien\","
              u"\"Tanaka\",\"Ivanova\",\"Dubois\",\"Smith-Jones\",\"\"]', '$[' || (i % 11) || ']') "
              u"AS l, "
              u"json_extract('[\"TechCorp Inc\",\"Acme, Ltd.\",\"Globex\",\"Initech\",\"Umbrella "
              u"Health\",\"Stark Industries\",\"\"]', '$[' || (i % 7) || ']') AS co, "
              u"json_extract('[\"CEO\",\"CTO\",\"VP Sales\",\"Head of Growth\",\"Founder\","
              u"\"Software Engineer\"]', '$[' || (i % 6) || ']') AS t, "
              u"json_extract('[\"San Francisco\",\"Berlin\",\"São Paulo\",\"Tokyo\",\"London\"]', "
              u"'$[' || (i % 5) || ']') AS city, "
              u"json_extract('[\"United States\",\"Germany\",\"Brazil\",\"Japan\",\"United "
              u"Kingdom\"]', '$[' || (i % 5) || ']') AS country FROM k) "
              u"INSERT INTO leads (campaign, lead_id, linkedin_identifier, linkedin_url, "
              u"first_name, last_name, full_name, headline, summary, location, city, "
              u"country, profile_picture_url, company, job_position, email, phone, "
              u"connections, followers, experience, education, skills) SELECT "
              u"1 + (i % "_s
            + c
            + u"), 'lead_' || i, 'user-' || i, "
              u"'https://www.linkedin.com/in/user-' || i, f, l, trim(f || ' ' || l), "
              u"t || ' at ' || co || ' | Building the future of AI, one \"model\" at a time', "
              u"substr('Experienced technology executive with 15+ years leading product, "
              u"engineering and go-to-market teams. Scaled two startups from seed to "
              u"Series C; passionate about AI/ML, developer tools, and remote-first "
              u"culture. Previously at Google and McKinsey. Mentor, angel investor, "
              u"speaker. Loves climbing, \"good\" coffee and long-distance running. "
              u"Experienced technology executive with 15+ years leading product, "
              u"engineering and go-to-market teams. Scaled two startups from seed to "
              u"Series C.', 1 + (i % 80), 360), "
              u"city || ' Area, ' || country, city, country, "
              u"'https://media.licdn.com/dms/image/v2/D4E03AQ' || hex(randomblob(12)) || "
              u"'/profile-displayphoto-shrink_800_800/0/1700000000000?e=2147483647&v=beta', "
              u"co, t, "
              u"CASE WHEN i % 10 < 7 THEN lower(f) || '.' || lower(l) || i || '@example.com' ELSE "
              u"'' END, "
              u"CASE WHEN i % 10 < 3 THEN '+1-555-' || printf('%07d', i % 10000000) "
              u"WHEN i % 10 < 4 THEN '030 ' || (i % 1000000) ELSE '' END, "
              u"CASE WHEN i % 13 = 0 THEN NULL ELSE 100 + i % 900 END, "
              u"CASE WHEN i % 17 = 0 THEN NULL ELSE i % 50000 END, "
              u"json_array(json_object('title', t, 'company', co, 'duration', '2020 - Present'), "
              u"json_object('title', 'Senior Product Manager', 'company', 'Google', "
              u"'duration', '2016 - 2020'), json_object('title', 'Consultant', 'company', "
              u"'McKinsey & Company', 'duration', '2013 - 2016')), "
              u"json_array(json_object('school', 'Stanford University', 'degree', 'MBA'), "
              u"json_object('school', 'ETH Zürich', 'degree', 'MSc Computer Science')), "
              u"json_array('Leadership', 'Strategy', 'AI/ML', 'Product Management', "
              u"'Go-to-market', 'Fundraising', 'Public Speaking', 'Python') FROM p"_s,
        u"COMMIT"_s,
        u"PRAGMA synchronous = FULL"_s,
    };
    for (const QString &sql : statements) {
        if (!exec(q, sql))
            return false;
    }
    return true;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(v.size() / 2);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption dbOption(u"db"_s, u"Database to use; generated if missing."_s,
                                      u"file"_s);
    const QCommandLineOption leadsOption(u"leads"_s, u"Leads to generate."_s, u"n"_s, u"1000000"_s);
    const QCommandLineOption campaignsOption(u"campaigns"_s, u"Campaigns to generate."_s, u"n"_s,
                                             u"400"_s);
    const QCommandLineOption runsOption(u"runs"_s, u"Timed runs."_s, u"n"_s, u"3"_s);
    const QCommandLineOption outOption(u"out"_s, u"CSV file (default: next to the db)."_s,
                                       u"file"_s);
    const QCommandLineOption noXlsxOption(u"no-xlsx"_s, u"CSV only."_s);
    const QCommandLineOption noCsvOption(u"no-csv"_s, u"XLSX only (and no sqlite3)."_s);
    const QCommandLineOption linksOption(u"xlsx-links"_s,
                                         u"Links a sheet (default Excel's 65,530)."_s, u"n"_s);
    parser.addOptions({dbOption, leadsOption, campaignsOption, runsOption, outOption, noXlsxOption,
                       noCsvOption, linksOption});
    parser.process(app);

    QTemporaryDir tmp;
    const QString dbPath
        = parser.isSet(dbOption) ? parser.value(dbOption) : tmp.filePath(u"bench.db"_s);
    const bool exists = QFileInfo::exists(dbPath);
    QString error;
    QSqlDatabase db = Database::open(dbPath, u"bench"_s, Database::Access::ReadWrite, &error);
    if (!db.isOpen()) {
        std::fprintf(stderr, "cannot open %s: %s\n", qPrintable(dbPath), qPrintable(error));
        return 1;
    }
    if (!exists) {
        QElapsedTimer t;
        t.start();
        if (!generate(db, parser.value(leadsOption).toInt(), parser.value(campaignsOption).toInt()))
            return 1;
        std::printf("generated %s in %.1f s\n", qPrintable(dbPath), t.elapsed() / 1000.0);
    }
    {
        LeadExporter exporter(db);
        const qint64 rows = exporter.countRows(LeadFilter());
        std::printf("database: %s, %lld leads, %.0f MB (with the WAL)\n", qPrintable(dbPath), rows,
                    (QFileInfo(dbPath).size() + QFileInfo(dbPath + u"-wal"_s).size()) / 1e6);

        const QString out = parser.isSet(outOption)
            ? parser.value(outOption)
            : QFileInfo(dbPath).absolutePath() + u"/bench_export.csv"_s;
        LeadExporter::Request request;
        request.preset = ExportPreset::preset(ExportPreset::Id::All);
        if (parser.isSet(linksOption))
            request.xlsx.linksPerSheet = parser.value(linksOption).toInt();

        const int runs = qMax(1, parser.value(runsOption).toInt());
        double ours = 0;
        // The writers in the same run, alternating, so machine load hits them alike.
        enum Mode { CsvBackground, CsvInline, Xlsx, ModeCount };
        const char *const modeNames[ModeCount]
            = {"CSV, background writes (default)", "CSV, inline writes", "XLSX"};
        QList<Mode> modes;
        if (!parser.isSet(noCsvOption))
            modes = {CsvBackground, CsvInline};
        if (!parser.isSet(noXlsxOption))
            modes.append(Xlsx);
        QList<double> seconds[ModeCount];
        qint64 bytes[ModeCount] = {};
        qint64 peakGrowthKb[ModeCount] = {};
        qint64 rssBefore[ModeCount] = {};
        const QString xlsxOut = out + u".xlsx"_s;
        for (int i = 0; i < runs; ++i) {
            for (const Mode mode : std::as_const(modes)) {
                request.format = mode == Xlsx ? ExportFormat::Xlsx : ExportFormat::Csv;
                request.csv.backgroundWrites = mode == CsvBackground;
                const QString target = mode == Xlsx ? xlsxOut : out;
                // A new file each time, as most exports are: replacing the last run's 1 GB file
                // would add the kernel's freeing of its blocks to the time measured.
                QFile::remove(target);
                resetPeakRss();
                const qint64 before = procStatusKb("VmRSS");
                QElapsedTimer t;
                t.start();
                // For XLSX, the last progress call before the end marks the rows written: what
                // follows is libxlsxwriter packing (deflating) the sheet into the file. (The
                // XLSX export counts the rows anyway; CSV is measured without the count.)
                double rowsDone = 0;
                const LeadExporter::Progress split = [&](qint64 done, qint64 total) {
                    if (done < total || rowsDone == 0)
                        rowsDone = t.nsecsElapsed() / 1e9;
                };
                const LeadExporter::Result result
                    = exporter.exportToFile(target, request, mode == Xlsx ? split : nullptr);
                if (mode != Xlsx)
                    rowsDone = t.nsecsElapsed() / 1e9;
                const double s = t.nsecsElapsed() / 1e9;
                const qint64 growth = procStatusKb("VmHWM") - before;
                if (!result.ok) {
                    std::fprintf(stderr, "export failed: %s\n", qPrintable(result.error));
                    return 1;
                }
                bytes[mode] = result.bytes;
                seconds[mode].append(s);
                if (growth > peakGrowthKb[mode]) {
                    peakGrowthKb[mode] = growth;
                    rssBefore[mode] = before;
                }
                std::printf("run %d (%s): %lld rows in %.3f s = %.0f rows/s, %.1f MB/s, "
                            "peak RSS +%lld KB; rows written after %.3f s, then %.3f s to "
                            "finish\n",
                            i + 1, modeNames[mode], result.rows, s, result.rows / s,
                            result.bytes / s / 1e6, growth, rowsDone, s - rowsDone);
                std::fflush(stdout);
            }
        }
        for (const Mode mode : std::as_const(modes)) {
            const double m = median(seconds[mode]);
            std::printf("export (all %lld fields), %s: median %.3f s = %.0f rows/s; file %.0f MB; "
                        "peak RSS +%lld KB (VmRSS before %lld KB)\n",
                        qlonglong(request.preset.fields.size()), modeNames[mode], m, rows / m,
                        bytes[mode] / 1e6, peakGrowthKb[mode], rssBefore[mode]);
        }
        ours = median(seconds[CsvBackground]); // the default
        QFile::remove(xlsxOut);
        if (parser.isSet(noCsvOption)) {
            QFile::remove(out);
            return 0;
        }

        const QString sqlite3 = QStandardPaths::findExecutable(u"sqlite3"_s);
        if (sqlite3.isEmpty()) {
            std::printf("sqlite3 shell not found: no comparison\n");
            QFile::remove(out);
            return 0;
        }
        // The same rows and columns, unflattened (the shell prints the JSON as stored).
        const QString sql = LeadFilter().buildSelect(LeadColumn::all()).sql;
        QList<double> shell;
        const QString shellOut = out + u".sqlite3.csv"_s;
        for (int i = 0; i < runs; ++i) {
            QProcess p;
            // Into a file like ours (not /dev/null): the page-cache copy is a third of the work.
            QFile::remove(shellOut);
            p.setStandardOutputFile(shellOut);
            QElapsedTimer t;
            t.start();
            p.start(sqlite3, {u"-csv"_s, u"-readonly"_s, dbPath, sql});
            p.waitForFinished(-1);
            shell.append(t.nsecsElapsed() / 1e9);
            if (p.exitCode() != 0) {
                std::fprintf(stderr, "sqlite3 failed: %s\n", p.readAllStandardError().constData());
                return 1;
            }
        }
        QFile::remove(shellOut);
        const double theirs = median(shell);
        std::printf("sqlite3 -csv > file: median %.3f s = %.0f rows/s; export/sqlite3 time "
                    "ratio %.2f\n",
                    theirs, rows / theirs, ours / theirs);
        QFile::remove(out);
    }
    db = {};
    Database::close(u"bench"_s);
    return 0;
}
