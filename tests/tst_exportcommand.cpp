// SPDX-License-Identifier: MIT
#include "cli/exportcommand.h"
#include "common/settings.h"
#include "store/database.h"
#include "store/eventstore.h"

#include "checks.h"
#include "fixtures.h"
#include "tempstore.h"

#include <QBuffer>
#include <QFile>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace {

Lead makeLead(const QString &id, const QString &first, const QString &last, const QString &email)
{
    Lead lead;
    lead.id = id;
    lead.firstName = first;
    lead.lastName = last;
    lead.fullName = first + u' ' + last;
    lead.email = email;
    lead.company = u"Acme"_s;
    return lead;
}

using TestSupport::jobItem;

struct Run
{
    int code = -1;
    QByteArray out;
    QString err;
};

Run run(const QStringList &args)
{
    Run r;
    QBuffer outDevice(&r.out);
    outDevice.open(QIODevice::WriteOnly);
    QTextStream out(&outDevice);
    QTextStream err(&r.err);
    r.code = exitStatus(runExportCommand(args, out, err));
    return r;
}

} // namespace

class TestExportCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void errors_data();
    void errors();
    void stdoutAndCampaignFilter_data();
    void stdoutAndCampaignFilter();
    void stringStream();
    void hubspotPresetToFile();
    void defaultDatabasePath();
    void xlsxFormat_data();
    void xlsxFormat();
    void xlsxToStringStream();
    void exportHistoryAcrossRuns();
    void failedExportRecordsNothing();
    void onePerPerson_data();
    void onePerPerson();
    void helpNamesOnePerPerson();
    void onePerPersonMarksEveryMergedLead();

private:
    QStringList expand(const QStringList &args) const;

    QTemporaryDir m_dir;
    QString m_db;
};

void TestExportCommand::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // Settings::defaultDatabasePath() under test dirs
    QVERIFY(m_dir.isValid());
    m_db = m_dir.filePath(u"leads.db"_s);
    QString error;
    {
        QSqlDatabase db = Database::open(m_db, u"fixture"_s, Database::Access::ReadWrite, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        EventStore store(db);
        const auto results
            = store.ingest({jobItem(u"evt_1"_s, u"camp_a"_s, u"Founders"_s,
                                    {makeLead(u"l1"_s, u"Ann"_s, u"Lee"_s, u"ann@a.com"_s),
                                     makeLead(u"l2"_s, u"Bob"_s, u"Roe"_s, QString())}),
                            jobItem(u"evt_2"_s, u"camp_b"_s, u"CTOs, Berlin"_s,
                                    {makeLead(u"l3"_s, u"Cem"_s, u"Oz"_s, u"cem@b.de"_s)})});
        for (const auto &r : results)
            QVERIFY2(r.outcome == EventStore::Outcome::Stored, qPrintable(r.error));
    }
    Database::close(u"fixture"_s);
    QFile garbage(m_dir.filePath(u"garbage.db"_s));
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write(QByteArray(4096, 'g'));
}

QStringList TestExportCommand::expand(const QStringList &args) const
{
    QStringList out;
    for (QString a : args)
        out.append(a.replace(u"%DB%"_s, m_db).replace(u"%DIR%"_s, m_dir.path()));
    return out;
}

void TestExportCommand::errors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    const QStringList base = {u"--db"_s, u"%DB%"_s, u"--out"_s, u"%DIR%/x.csv"_s};
    QTest::newRow("unknown option")
        << (base + QStringList {u"--bogus"_s}) << 2 << u"Unknown option 'bogus'"_s;
    QTest::newRow("unknown column") << (base + QStringList {u"--columns"_s, u"email,nope"_s}) << 2
                                    << u"Unknown column “nope”"_s;
    QTest::newRow("unknown preset") << (base + QStringList {u"--preset"_s, u"pipedrive"_s}) << 2
                                    << u"Unknown preset “pipedrive”"_s;
    QTest::newRow("columns and preset")
        << (base + QStringList {u"--columns"_s, u"email"_s, u"--preset"_s, u"crm"_s}) << 2
        << u"either --columns or --preset"_s;
    QTest::newRow("bad delimiter")
        << (base + QStringList {u"--delimiter"_s, u"|"_s}) << 2 << u"delimiter must be , or ;"_s;
    QTest::newRow("no --out") << QStringList {u"--db"_s, u"%DB%"_s} << 2 << u"--out is required"_s;
    QTest::newRow("stray argument")
        << (base + QStringList {u"leads.csv"_s}) << 2 << u"Unexpected argument “leads.csv”"_s;
    QTest::newRow("unknown campaign") << (base + QStringList {u"--campaign"_s, u"camp_zzz"_s}) << 2
                                      << u"Unknown campaign “camp_zzz”"_s;
    QTest::newRow("missing db") << QStringList {u"--db"_s, u"%DIR%/nope.db"_s, u"--out"_s,
                                                u"%DIR%/x.csv"_s}
                                << 3 << u"No database at"_s;
    QTest::newRow("not a database")
        << QStringList {u"--db"_s, u"%DIR%/garbage.db"_s, u"--out"_s, u"%DIR%/x.csv"_s} << 3
        << QString();
    QTest::newRow("unknown format") << (base + QStringList {u"--format"_s, u"ods"_s}) << 2
                                    << u"Unknown format “ods”. Formats: csv, xlsx."_s;
    QTest::newRow("delimiter with xlsx")
        << (base + QStringList {u"--format"_s, u"xlsx"_s, u"--delimiter"_s, u";"_s}) << 2
        << u"--delimiter is for CSV only"_s;
    QTest::newRow("no BOM with an .xlsx file")
        << QStringList {u"--db"_s, u"%DB%"_s, u"--out"_s, u"%DIR%/x.xlsx"_s, u"--no-bom"_s} << 2
        << u"--no-bom is for CSV only"_s;
    QTest::newRow("unwritable path")
        << QStringList {u"--db"_s, u"%DB%"_s, u"--out"_s, u"%DIR%/no/such/dir/x.csv"_s} << 7
        << u"Cannot write"_s;
    QTest::newRow("unwritable path, xlsx")
        << QStringList {u"--db"_s, u"%DB%"_s, u"--out"_s, u"%DIR%/no/such/dir/x.xlsx"_s} << 7
        << u"Cannot write"_s;
}

void TestExportCommand::errors()
{
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QString, message);
    const Run r = run(expand(args));
    QCOMPARE(r.code, code);
    QVERIFY2(r.err.startsWith(u"leadviewer export: "_s), qPrintable(r.err));
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
    QVERIFY(!QFile::exists(m_dir.filePath(u"x.csv"_s)));
}

void TestExportCommand::stdoutAndCampaignFilter_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("all campaigns") << QStringList()
                                   << "First name,Email,Campaign\r\nAnn,ann@a.com,Founders\r\n"
                                      "Bob,,Founders\r\nCem,cem@b.de,\"CTOs, Berlin\"\r\n"_ba;
    QTest::newRow("by campaign id") << QStringList {u"--campaign"_s, u"camp_b"_s}
                                    << "First name,Email,Campaign\r\n"
                                       "Cem,cem@b.de,\"CTOs, Berlin\"\r\n"_ba;
    QTest::newRow("by name, with email")
        << QStringList {u"--campaign"_s, u"Founders"_s, u"--has-email"_s}
        << "First name,Email,Campaign\r\nAnn,ann@a.com,Founders\r\n"_ba;
    QTest::newRow("two campaigns, ; delimiter")
        << QStringList {u"--campaign"_s, u"camp_b"_s,      u"--campaign"_s,
                        u"camp_a"_s,     u"--delimiter"_s, u";"_s}
        << "First name;Email;Campaign\r\nAnn;ann@a.com;Founders\r\n"
           "Bob;;Founders\r\nCem;cem@b.de;CTOs, Berlin\r\n"_ba;
    QTest::newRow("search") << QStringList {u"--search"_s, u"ro"_s}
                            << "First name,Email,Campaign\r\nBob,,Founders\r\n"_ba;
}

void TestExportCommand::stdoutAndCampaignFilter()
{
    QFETCH(QStringList, extra);
    QFETCH(QByteArray, expected);
    const Run r = run(QStringList {u"--db"_s, m_db, u"--out"_s, u"-"_s, u"--no-bom"_s,
                                   u"--columns"_s, u"first_name,email,campaign"_s}
                      + extra);
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, expected);
    const int rows = int(expected.count("\r\n")) - 1;
    QVERIFY2(r.err.contains((rows == 1 ? u"Exported 1 lead to standard output"_s
                                       : u"Exported %1 leads to standard output"_s.arg(rows))),
             qPrintable(r.err));
}

void TestExportCommand::stringStream()
{
    QString text;
    QString errText;
    QTextStream out(&text);
    QTextStream err(&errText);
    const int code
        = exitStatus(runExportCommand({u"--db"_s, m_db, u"--out"_s, u"-"_s, u"--columns"_s,
                                       u"last_name"_s, u"--campaign"_s, u"camp_b"_s},
                                      out, err));
    QCOMPARE(code, 0);
    // A string holds text, not bytes: the BOM (a byte-stream marker) does not belong in it.
    QCOMPARE(text, u"Last name\r\nOz\r\n"_s);
}

void TestExportCommand::hubspotPresetToFile()
{
    const QString path = m_dir.filePath(u"hubspot.csv"_s);
    const Run r = run({u"--db"_s, m_db, u"--preset"_s, u"HubSpot"_s, u"--out"_s, path});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.isEmpty());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readLine(),
             "\xEF\xBB\xBF"
             "First Name,Last Name,Email,Phone Number,Company Name,"
             "Job Title,City,Country/Region,LinkedIn URL\r\n"_ba);
    QCOMPARE(file.readAll().count("\r\n"), 3);
    QVERIFY2(r.err.contains(u"warning: 1 lead has no email"_s), qPrintable(r.err));
    QVERIFY2(r.err.contains(u"Exported 3 leads to %1 (1 warning)."_s.arg(path)), qPrintable(r.err));
}

void TestExportCommand::defaultDatabasePath()
{
    const QString expected = Settings::defaultDatabasePath();
    QVERIFY(!QFile::exists(expected));
    const Run r = run({u"--out"_s, m_dir.filePath(u"x.csv"_s)});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains(QDir::toNativeSeparators(expected)), qPrintable(r.err));
}

void TestExportCommand::xlsxFormat_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("xlsx");
    QTest::newRow("--format xlsx")
        << QStringList {u"--format"_s, u"xlsx"_s, u"--out"_s, u"%DIR%/leads.dat"_s} << true;
    QTest::newRow("the .xlsx suffix") << QStringList {u"--out"_s, u"%DIR%/leads.XLSX"_s} << true;
    QTest::newRow("--format csv wins over the suffix")
        << QStringList {u"--format"_s, u"csv"_s, u"--out"_s, u"%DIR%/leads.xlsx"_s} << false;
    QTest::newRow("standard output")
        << QStringList {u"--format"_s, u"XLSX"_s, u"--out"_s, u"-"_s} << true;
    QTest::newRow("standard output, CSV by default") << QStringList {u"--out"_s, u"-"_s} << false;
}

void TestExportCommand::xlsxFormat()
{
    QFETCH(QStringList, args);
    QFETCH(bool, xlsx);
    const QStringList expanded = expand(args);
    const QString out = expanded.at(expanded.indexOf(u"--out"_s) + 1);
    QFile::remove(out);
    const Run r = run(QStringList {u"--db"_s, m_db} + expanded);
    QCOMPARE(r.code, 0);
    QByteArray bytes = r.out;
    if (out != u"-"_s) {
        QVERIFY(r.out.isEmpty());
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        bytes = file.readAll();
    }
    // An XLSX file is a ZIP archive with the sheet inside (tst_xlsxexport reads the cells);
    // a CSV starts with the BOM and the header.
    if (xlsx) {
        QVERIFY(bytes.startsWith("PK\x03\x04"));
        QVERIFY(bytes.contains("xl/worksheets/sheet1.xml"));
    } else {
        QVERIFY2(bytes.startsWith("\xEF\xBB\xBF"
                                  "Full name,"),
                 bytes.left(40).constData());
    }
    QVERIFY2(r.err.contains(u"Exported 3 leads to "_s), qPrintable(r.err));
    QVERIFY2(!r.err.contains(u"note:"_s), qPrintable(r.err)); // one sheet, nothing cut
}

void TestExportCommand::xlsxToStringStream()
{
    QString text;
    QString errText;
    QTextStream out(&text);
    QTextStream err(&errText);
    const int code = exitStatus(runExportCommand(
        {u"--db"_s, m_db, u"--out"_s, u"-"_s, u"--format"_s, u"xlsx"_s}, out, err));
    QCOMPARE(code, 7);
    QVERIFY(text.isEmpty());
    QVERIFY2(errText.contains(u"An XLSX file cannot go to a text stream."_s), qPrintable(errText));
}

namespace {
qint64 count(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    return query.exec(sql) && query.next() ? query.value(0).toLongLong() : -1;
}
} // namespace

// Issue 13 item 7: `--not-exported --mark-exported` twice, the second run exports nothing; the
// next campaign brings one new person and one exported before, and only the new one goes out.
void TestExportCommand::exportHistoryAcrossRuns()
{
    TestSupport::TempStore store(u"history-store"_s);
    TRY_OR_FAIL(store.open());
    using TestSupport::namedLead;
    TRY_OR_FAIL(store.ingest(
        {jobItem(u"evt_h1"_s, u"camp_h1"_s, u"Day one"_s,
                 {namedLead(u"ann"_s, u"Ann"_s, u"Lee"_s), namedLead(u"bob"_s, u"Bob"_s, u"Roe"_s),
                  namedLead(u"cem"_s, u"Cem"_s, u"Oz"_s)})}));
    const QStringList args = {u"--db"_s,           store.path(),
                              u"--not-exported"_s, u"--mark-exported"_s,
                              u"--columns"_s,      u"full_name,campaign"_s,
                              u"--no-bom"_s,       u"--out"_s};
    const auto readFile = [](const QString &path) {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("unreadable");
    };

    const QString first = store.filePath(u"first.csv"_s);
    Run r = run(args + QStringList {first});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.err.contains(u"Exported 3 leads to"_s), qPrintable(r.err));
    QVERIFY2(r.err.contains(u"3 leads marked as exported."_s), qPrintable(r.err));
    QCOMPARE(readFile(first),
             "Full name,Campaign\r\nAnn Lee,Day one\r\nBob Roe,Day one\r\n"
             "Cem Oz,Day one\r\n"_ba);

    const QString second = store.filePath(u"second.csv"_s);
    r = run(args + QStringList {second});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.err.contains(u"Exported 0 leads to"_s), qPrintable(r.err));
    QVERIFY2(r.err.contains(u"Every matching lead was exported before"_s), qPrintable(r.err));
    QCOMPARE(readFile(second), "Full name,Campaign\r\n"_ba); // the header only

    // Ann again, in another campaign (the same LinkedIn identity), and Dee, new.
    TRY_OR_FAIL(store.ingest({jobItem(
        u"evt_h2"_s, u"camp_h2"_s, u"Day two"_s,
        {namedLead(u"ann"_s, u"Ann"_s, u"Lee"_s), namedLead(u"dee"_s, u"Dee"_s, u"Fox"_s)})}));
    const QString third = store.filePath(u"third.csv"_s);
    r = run(args + QStringList {third});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.err.contains(u"Exported 1 lead to"_s), qPrintable(r.err));
    QCOMPARE(readFile(third), "Full name,Campaign\r\nDee Fox,Day two\r\n"_ba);

    // Every run is in the history, newest last here; the people are marked once each.
    QSqlQuery history(store.db());
    QVERIFY(history.prepare(u"SELECT scope, filter_summary, preset, format, row_count, marked, "
                            "file_path = ? FROM exports ORDER BY id"_s));
    history.addBindValue(third);
    QVERIFY(history.exec());
    QStringList rows;
    while (history.next()) {
        QStringList fields;
        for (int i = 0; i < 7; ++i)
            fields.append(history.value(i).toString());
        rows.append(fields.join(u'|'));
    }
    QCOMPARE(rows,
             (QStringList {u"command line|not yet exported|custom|csv|3|1|0"_s,
                           u"command line|not yet exported|custom|csv|0|1|0"_s,
                           u"command line|not yet exported|custom|csv|1|1|1"_s}));
    QCOMPARE(count(store.db(), u"SELECT count(*) FROM lead_exports"_s), 4);

    // Without --mark-exported the export is recorded and marks nobody: Dee's mark stays.
    r = run({u"--db"_s, store.path(), u"--out"_s, store.filePath(u"all.csv"_s)});
    QCOMPARE(r.code, 0);
    QCOMPARE(count(store.db(), u"SELECT count(*) FROM exports WHERE marked = 0"_s), 1);
    QCOMPARE(count(store.db(), u"SELECT count(*) FROM lead_exports"_s), 4);
}

void TestExportCommand::failedExportRecordsNothing()
{
    TestSupport::TempStore store(u"failed-store"_s);
    TRY_OR_FAIL(store.open());
    TRY_OR_FAIL(store.ingest({jobItem(u"evt_f1"_s, u"camp_f1"_s, u"Failing"_s,
                                      {TestSupport::namedLead(u"ann"_s, u"Ann"_s, u"Lee"_s)})}));
    for (const QString &name : {u"no/such/dir/x.csv"_s, u"no/such/dir/x.xlsx"_s}) {
        const Run r = run(
            {u"--db"_s, store.path(), u"--mark-exported"_s, u"--out"_s, store.filePath(name)});
        QCOMPARE(r.code, 7);
    }
    QCOMPARE(count(store.db(), u"SELECT count(*) FROM exports"_s), 0);
    QCOMPARE(count(store.db(), u"SELECT count(*) FROM lead_exports"_s), 0);
}

namespace {
// Ann in "Founders" (with an email) and again in the later "CTOs, Berlin" (her identifier once
// in capitals, no email); Bob in "Founders" without any LinkedIn identity.
void ingestAnnTwice(TestSupport::TempStore &store)
{
    Lead ann = makeLead(u"l1"_s, u"Ann"_s, u"Lee"_s, u"ann@a.com"_s);
    ann.linkedinIdentifier = u"ann-lee"_s;
    Lead annAgain = makeLead(u"l9"_s, u"Annie"_s, u"Lee"_s, QString());
    annAgain.linkedinIdentifier = u"ANN-Lee"_s;
    store.open();
    store.ingest(
        {TestSupport::item(TestSupport::jobEvent(u"evt_1"_s, u"camp_a"_s, u"Founders"_s,
                                                 {ann, makeLead(u"l2"_s, u"Bob"_s, u"Roe"_s, {})}),
                           TestSupport::acceptedDelivery(TestSupport::FixtureTimeMs)),
         TestSupport::item(
             TestSupport::jobEvent(u"evt_2"_s, u"camp_b"_s, u"CTOs, Berlin"_s, {annAgain}),
             TestSupport::acceptedDelivery(TestSupport::FixtureTimeMs + 1000))});
}
} // namespace

void TestExportCommand::onePerPerson_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<QString>("summary");
    // Ann in both campaigns (her identifier once in capitals): one row, the newer campaign's
    // name first, the email only the older lead has kept. Bob has no LinkedIn identity.
    QTest::newRow("--one-per-person") << QStringList {u"--one-per-person"_s}
                                      << "First name,Email,Campaign\r\nBob,,Founders\r\n"
                                         "Annie,ann@a.com,\"CTOs, Berlin; Founders\"\r\n"_ba
                                      << u"Exported 2 people to standard output"_s;
    QTest::newRow("off: one row per lead")
        << QStringList()
        << "First name,Email,Campaign\r\nAnn,ann@a.com,Founders\r\nBob,,Founders\r\n"
           "Annie,,\"CTOs, Berlin\"\r\n"_ba
        << u"Exported 3 leads to standard output"_s;
    QTest::newRow("with a campaign filter")
        << QStringList {u"--one-per-person"_s, u"--campaign"_s, u"camp_b"_s}
        << "First name,Email,Campaign\r\nAnnie,,\"CTOs, Berlin\"\r\n"_ba
        << u"Exported 1 person to standard output"_s;
}

void TestExportCommand::onePerPerson()
{
    QFETCH(QStringList, extra);
    QFETCH(QByteArray, expected);
    QFETCH(QString, summary);
    TestSupport::TempStore store(u"one-per-person"_s);
    TRY_OR_FAIL(ingestAnnTwice(store));
    store.close();
    const Run r = run(QStringList {u"--db"_s, store.path(), u"--out"_s, u"-"_s, u"--no-bom"_s,
                                   u"--columns"_s, u"first_name,email,campaign"_s}
                      + extra);
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, expected);
    QVERIFY2(r.err.contains(summary), qPrintable(r.err));
}

void TestExportCommand::helpNamesOnePerPerson()
{
    const Run r = run({u"--help"_s});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.err.contains(u"--one-per-person"_s), qPrintable(r.err));
    QVERIFY2(r.err.contains(u"One row per person"_s), qPrintable(r.err));
}

// One row per person with --mark-exported: a person's row marks the person once, whichever of
// their leads the row merged, so the next --not-exported run gives nobody again, and a later
// campaign that finds the same person under another spelling does not bring them back.
void TestExportCommand::onePerPersonMarksEveryMergedLead()
{
    TestSupport::TempStore store(u"one-per-person-marked"_s);
    TRY_OR_FAIL(ingestAnnTwice(store));
    const QStringList args = {u"--db"_s,
                              store.path(),
                              u"--one-per-person"_s,
                              u"--not-exported"_s,
                              u"--mark-exported"_s,
                              u"--no-bom"_s,
                              u"--columns"_s,
                              u"first_name,campaign"_s,
                              u"--out"_s,
                              u"-"_s};
    Run r = run(args);
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out,
             "First name,Campaign\r\nBob,Founders\r\nAnnie,\"CTOs, Berlin; Founders\"\r\n"_ba);
    QVERIFY2(r.err.contains(u"2 people marked as exported."_s), qPrintable(r.err));

    r = run(args);
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, "First name,Campaign\r\n"_ba);
    QVERIFY2(r.err.contains(u"Exported 0 people"_s), qPrintable(r.err));

    Lead annThird = makeLead(u"l20"_s, u"Ann"_s, u"Lee"_s, QString());
    annThird.linkedinIdentifier = u"Ann-LEE"_s;
    TRY_OR_FAIL(store.ingest({TestSupport::item(
        TestSupport::jobEvent(u"evt_3"_s, u"camp_c"_s, u"Later"_s,
                              {annThird, makeLead(u"l21"_s, u"Cem"_s, u"Oz"_s, {})}),
        TestSupport::acceptedDelivery(TestSupport::FixtureTimeMs + 2000))}));
    r = run(args);
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, "First name,Campaign\r\nCem,Later\r\n"_ba);
}

QTEST_GUILESS_MAIN(TestExportCommand)
#include "tst_exportcommand.moc"
