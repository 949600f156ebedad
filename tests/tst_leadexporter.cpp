// SPDX-License-Identifier: MIT
#include "export/csvwriter.h"
#include "export/leadexporter.h"
#include "query/leadflattener.h"
#include "store/database.h"
#include "store/eventstore.h"

#include "fixtures.h"
#include "readback.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace {

// Values that break naive CSV writers and readers. The row name is the test row's name.
const QList<std::pair<const char *, QString>> &nastyValues()
{
    static const QList<std::pair<const char *, QString>> values = {
        {"plain", u"Alice"_s},
        {"comma", u"Doe, John"_s},
        {"semicolon", u"a;b;c"_s},
        {"quotes", u"say \"hello\" \"\""_s},
        {"LF", u"line1\nline2"_s},
        {"CR", u"line1\rline2"_s},
        {"CRLF", u"line1\r\nline2\r\n"_s},
        {"emoji", u"Zoë 👩‍💻 🚀"_s},
        {"RTL", u"مرحبا بالعالم שלום"_s},
        {"leading =", u"=HYPERLINK(\"http://evil\",\"x\")"_s},
        {"leading +", u"+1-555-123-4567"_s},
        {"leading -", u"-2+3"_s},
        {"leading @", u"@SUM(1,2)"_s},
        {"leading TAB", u"\tindented"_s},
        {"spaces", u"  padded  "_s},
        {"empty", QString()},
        {"100 KB", QString(100 * 1024, u'x') + u",\"\n"_s},
    };
    return values;
}

bool startsFormula(const QString &s)
{
    return !s.isEmpty() && QStringView(u"=+-@\t\r").contains(s.front());
}

using TestSupport::namedLead;

using TestSupport::jobItem;

using TestSupport::Csv;
using TestSupport::readCsvWithPython;

} // namespace

class TestLeadExporter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void roundTrip_data();
    void roundTrip();
    void flattening_data();
    void flattening();
    void presetHeader_data();
    void presetHeader();
    void presetValues();
    void selectionKeepsOrder();
    void filters_data();
    void filters();
    void cancelLeavesNoFile();
    void cancelMidwayKeepsExistingTarget();
    void fifoTargetIsWrittenNotReplaced();
    void unwritablePath_data();
    void unwritablePath();
    void preflightCounts();
    void telephoneNumbersAndTheFormulaGuard(); // last: it adds a campaign

private:
    QString exportTo(const QString &name, const LeadExporter::Request &request,
                     LeadExporter::Result *result = nullptr);

    QTemporaryDir m_dir;
    QString m_connection = u"tst_leadexporter"_s;
    QSqlDatabase m_db;
    bool m_hasPython = false;
    QHash<QString, qint64> m_rowIdByLeadId;
    Csv m_guarded; // all preset, formula guard on
    Csv m_unguarded; // all preset, formula guard off, ';' delimiter, no BOM
};

void TestLeadExporter::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_hasPython = !QStandardPaths::findExecutable(u"python3"_s).isEmpty();
    QString error;
    m_db = Database::open(m_dir.filePath(u"leads.db"_s), m_connection, Database::Access::ReadWrite,
                          &error);
    QVERIFY2(m_db.isOpen(), qPrintable(error));

    // Campaign A: one lead per nasty value, the value in every free-text column.
    QList<Lead> nasty;
    int i = 0;
    for (const auto &[name, value] : nastyValues()) {
        Lead lead = namedLead(u"nasty_%1"_s.arg(i++), value, value);
        lead.fullName = value;
        lead.headline = value;
        lead.summary = value;
        lead.company = value;
        lead.jobPosition = value;
        lead.location = value;
        lead.email = value;
        lead.phone = value;
        lead.connections = i;
        lead.skills = {value, u"Strategy"_s};
        nasty.append(lead);
    }
    // Campaign B: the preflight and filter fixture.
    QList<Lead> crm;
    Lead full = namedLead(u"crm_full"_s, u"John"_s, u"Doe"_s);
    full.email = u"john.doe@techcorp.com"_s;
    full.phone = u"+1-555-123-4567"_s;
    full.company = u"TechCorp Inc"_s;
    full.jobPosition = u"CEO"_s;
    full.headline = u"CEO at TechCorp | Building the future of AI"_s;
    full.location = u"San Francisco Bay Area"_s;
    full.city = u"San Francisco"_s;
    full.country = u"United States"_s;
    full.connections = 500;
    full.followers = 12500;
    full.experience = {{u"CEO"_s, u"TechCorp Inc"_s, u"2020 - Present"_s}};
    full.education = {{u"Stanford University"_s, u"MBA"_s}};
    full.skills = {u"Leadership"_s, u"Strategy"_s, u"AI/ML"_s};
    crm.append(full);
    Lead noLast = namedLead(u"crm_nolast"_s, u"Cher"_s, QString());
    noLast.company = u"Sonny & Cher"_s;
    noLast.email = u"cher@example.com"_s;
    crm.append(noLast);
    Lead noCompany = namedLead(u"crm_nocompany"_s, u"Ann"_s, u"Free"_s);
    noCompany.phone = u"0049 30 1234"_s;
    crm.append(noCompany);
    Lead nothing = namedLead(u"crm_nothing"_s, QString(), QString());
    crm.append(nothing);

    {
        EventStore store(m_db);
        const QList<EventStore::ItemResult> results
            = store.ingest({jobItem(u"evt_a"_s, u"camp_nasty"_s, u"Nasty, \"values\""_s, nasty),
                            jobItem(u"evt_b"_s, u"camp_crm"_s, u"Tech Startup Founders"_s, crm)});
        QCOMPARE(results.size(), 2);
        for (const EventStore::ItemResult &r : results)
            QVERIFY2(r.outcome == EventStore::Outcome::Stored, qPrintable(r.error));
    }
    QSqlQuery q(u"SELECT lead_id, id FROM leads"_s, m_db);
    while (q.next())
        m_rowIdByLeadId.insert(q.value(0).toString(), q.value(1).toLongLong());
    QCOMPARE(m_rowIdByLeadId.size(), nastyValues().size() + 4);

    if (!m_hasPython)
        return;
    LeadExporter::Request request;
    request.preset = ExportPreset::preset(ExportPreset::Id::All);
    request.filter.campaignIds = {u"camp_nasty"_s};
    m_guarded = readCsvWithPython(exportTo(u"guarded.csv"_s, request));
    QVERIFY2(m_guarded.ok, qPrintable(m_guarded.error));
    request.csv.formulaGuard = false;
    request.csv.byteOrderMark = false;
    request.csv.delimiter = ';';
    m_unguarded = readCsvWithPython(exportTo(u"unguarded.csv"_s, request), ';');
    QVERIFY2(m_unguarded.ok, qPrintable(m_unguarded.error));
}

void TestLeadExporter::cleanupTestCase()
{
    m_db = {};
    Database::close(m_connection);
}

QString TestLeadExporter::exportTo(const QString &name, const LeadExporter::Request &request,
                                   LeadExporter::Result *result)
{
    const QString path = m_dir.filePath(name);
    const LeadExporter::Result r = LeadExporter(m_db).exportToFile(path, request);
    if (result)
        *result = r;
    if (!r.ok)
        qWarning() << "export failed:" << r.error;
    return path;
}

void TestLeadExporter::roundTrip_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<QString>("value");
    int i = 0;
    for (const auto &[name, value] : nastyValues())
        QTest::newRow(name) << i++ << value;
}

void TestLeadExporter::roundTrip()
{
    if (!m_hasPython)
        QSKIP("python3 is not installed: no independent CSV reader");
    QFETCH(int, row);
    QFETCH(QString, value);

    QVERIFY(m_guarded.bom);
    QVERIFY(m_guarded.crlf);
    QVERIFY(!m_unguarded.bom);
    QCOMPARE(m_guarded.rows.size(), nastyValues().size() + 1);
    QCOMPARE(m_unguarded.rows.size(), nastyValues().size() + 1);

    const QStringList texts
        = {u"Full name"_s,    u"First name"_s, u"Last name"_s, u"Headline"_s, u"Company"_s,
           u"Job position"_s, u"Location"_s,   u"Email"_s,     u"Phone"_s,    u"Summary"_s};
    const QString guardedValue = startsFormula(value) ? u'\'' + value : value;
    for (const QString &header : texts) {
        QCOMPARE(m_unguarded.column(header).value(row), value);
        // A plain telephone number in the Phone column is not a formula (isTelephoneShaped).
        const bool telephone = header == u"Phone"_s && CsvWriter::isTelephoneShaped(value.toUtf8());
        QCOMPARE(m_guarded.column(header).value(row), telephone ? value : guardedValue);
    }
    // Numbers stay numbers; the campaign name with a comma and quotes survives.
    QCOMPARE(m_guarded.column(u"Connections"_s).value(row), QString::number(row + 1));
    QCOMPARE(m_guarded.column(u"Followers"_s).value(row), QString());
    QCOMPARE(m_guarded.column(u"Campaign"_s).value(row), u"Nasty, \"values\""_s);
    QCOMPARE(m_guarded.column(u"Received at"_s).value(row), u"2024-02-24T10:30:00.000Z"_s);
    const QString skills
        = value.trimmed().isEmpty() ? u"Strategy"_s : value.trimmed() + u"; Strategy"_s;
    QCOMPARE(m_unguarded.column(u"Skills"_s).value(row), skills);
}

void TestLeadExporter::flattening_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("experience, seed")
        << u"experience"_s
        << u"[{\"title\":\"CEO\",\"company\":\"TechCorp Inc\",\"duration\":\"2020 - Present\"}]"_s
        << u"CEO @ TechCorp Inc (2020 - Present)"_s;
    QTest::newRow("experience, two, parts missing")
        << u"experience"_s
        << u"[{\"title\":\"CTO\",\"company\":\"\"},{\"company\":\"Acme\",\"duration\":null}]"_s
        << u"CTO; Acme"_s;
    QTest::newRow("experience, empty entry dropped")
        << u"experience"_s << u"[{},{\"title\":\"Dev\",\"duration\":\"1y\"},{\"title\":\"\"}]"_s
        << u"Dev (1y)"_s;
    QTest::newRow("experience, escapes and emoji")
        << u"experience"_s
        << u"[{\"title\":\"\\\"Chief\\\" \\u00c9l\\u00e8ve \\ud83d\\ude80\",\"company\":\"A\\nB\"}]"_s
        << u"\"Chief\" Élève 🚀 @ A\nB"_s;
    QTest::newRow("experience, unknown members")
        << u"experience"_s
        << u"[{\"id\":7,\"title\":\"X\",\"tags\":[1,{\"a\":[]}],\"company\":\"Y\"}]"_s
        << u"X @ Y"_s;
    QTest::newRow("education")
        << u"education"_s
        << u"[{\"school\":\"Stanford University\",\"degree\":\"MBA\"},{\"school\":\"MIT\"}]"_s
        << u"Stanford University, MBA; MIT"_s;
    QTest::newRow("education, degree only")
        << u"education"_s << u"[{\"degree\":\"PhD\"}]"_s << u"PhD"_s;
    QTest::newRow("skills") << u"skills"_s << u"[\"Leadership\", \"Strategy\" ,\"AI/ML\"]"_s
                            << u"Leadership; Strategy; AI/ML"_s;
    QTest::newRow("skills, empty and null skipped")
        << u"skills"_s << u"[\"\",null,\"Go\"]"_s << u"Go"_s;
    QTest::newRow("empty text") << u"skills"_s << QString() << QString();
    QTest::newRow("null") << u"skills"_s << u"null"_s << QString();
    QTest::newRow("empty array") << u"experience"_s << u"[]"_s << QString();
    QTest::newRow("malformed kept as is") << u"skills"_s << u"[\"a\", b"_s << u"[\"a\", b"_s;
    QTest::newRow("not an array kept as is")
        << u"education"_s << u"{\"school\":\"X\"}"_s << u"{\"school\":\"X\"}"_s;
}

void TestLeadExporter::flattening()
{
    QFETCH(QString, kind);
    QFETCH(QString, json);
    QFETCH(QString, expected);
    QString actual;
    if (kind == "experience"_L1)
        actual = LeadFlattener::experience(json);
    else if (kind == "education"_L1)
        actual = LeadFlattener::education(json);
    else
        actual = LeadFlattener::stringList(json);
    QCOMPARE(actual, expected);
}

void TestLeadExporter::presetHeader_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<QStringList>("header");
    QTest::newRow("crm") << u"crm"_s
                         << QStringList {u"First Name"_s,   u"Last Name"_s, u"Email"_s,
                                         u"Phone"_s,        u"Company"_s,   u"Title"_s,
                                         u"LinkedIn URL"_s, u"Headline"_s,  u"Location"_s,
                                         u"Source"_s};
    QTest::newRow("hubspot") << u"hubspot"_s << QStringList {u"First Name"_s,   u"Last Name"_s,
                                                             u"Email"_s,        u"Phone Number"_s,
                                                             u"Company Name"_s, u"Job Title"_s,
                                                             u"City"_s,         u"Country/Region"_s,
                                                             u"LinkedIn URL"_s};
    QTest::newRow("salesforce") << u"salesforce"_s
                                << QStringList {u"First Name"_s, u"Last Name"_s, u"Company"_s,
                                                u"Title"_s,      u"Email"_s,     u"Phone"_s,
                                                u"City"_s,       u"Country"_s,   u"Lead Source"_s,
                                                u"Description"_s};
    QStringList all;
    for (LeadColumn::Id c : LeadColumn::all()) {
        // The state before this export, and what one row per person puts in Campaign: asked
        // for by name.
        if (c != LeadColumn::LastExported && c != LeadColumn::AllCampaigns)
            all.append(LeadColumn::untranslatedTitle(c));
    }
    QTest::newRow("all") << u"all"_s << all;
}

void TestLeadExporter::presetHeader()
{
    QFETCH(QString, preset);
    QFETCH(QStringList, header);
    const std::optional<ExportPreset::Id> id = ExportPreset::idFromName(preset);
    QVERIFY(id);
    LeadExporter::Request request;
    request.preset = ExportPreset::preset(*id);
    request.csv.byteOrderMark = false;
    request.filter.campaignIds = {u"camp_crm"_s};
    LeadExporter::Result result;
    const QString path = exportTo(preset + u".csv"_s, request, &result);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.rows, 4);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    // Exact bytes of the first record: importers match on these names.
    QCOMPARE(file.readLine(), header.join(u',').toUtf8() + "\r\n");
}

void TestLeadExporter::presetValues()
{
    if (!m_hasPython)
        QSKIP("python3 is not installed: no independent CSV reader");
    LeadExporter::Request request;
    request.filter.setSelection({m_rowIdByLeadId.value(u"crm_full"_s)});
    request.preset = ExportPreset::preset(ExportPreset::Id::Crm);
    Csv csv = readCsvWithPython(exportTo(u"crm_values.csv"_s, request));
    QVERIFY2(csv.ok, qPrintable(csv.error));
    QCOMPARE(csv.rows.size(), 2);
    QCOMPARE(
        csv.rows.at(1),
        (QStringList {u"John"_s, u"Doe"_s, u"john.doe@techcorp.com"_s, u"+1-555-123-4567"_s,
                      u"TechCorp Inc"_s, u"CEO"_s, u"https://www.linkedin.com/in/crm_full"_s,
                      u"CEO at TechCorp | Building the future of AI"_s, u"San Francisco Bay Area"_s,
                      u"SendPilot Extractor: Tech Startup Founders"_s}));

    request.preset = ExportPreset::preset(ExportPreset::Id::Salesforce);
    request.csv.formulaGuard = false;
    csv = readCsvWithPython(exportTo(u"sf_values.csv"_s, request));
    QVERIFY2(csv.ok, qPrintable(csv.error));
    QCOMPARE(
        csv.rows.at(1),
        (QStringList {u"John"_s, u"Doe"_s, u"TechCorp Inc"_s, u"CEO"_s, u"john.doe@techcorp.com"_s,
                      u"+1-555-123-4567"_s, u"San Francisco"_s, u"United States"_s, u"SendPilot"_s,
                      u"CEO at TechCorp | Building the future of AI\n"
                      u"https://www.linkedin.com/in/crm_full\n"
                      u"SendPilot Extractor: Tech Startup Founders"_s}));

    request.preset = ExportPreset::custom(
        {LeadColumn::Experience, LeadColumn::Education, LeadColumn::Skills, LeadColumn::Followers});
    csv = readCsvWithPython(exportTo(u"flat_values.csv"_s, request));
    QVERIFY2(csv.ok, qPrintable(csv.error));
    QCOMPARE(csv.rows.at(1),
             (QStringList {u"CEO @ TechCorp Inc (2020 - Present)"_s, u"Stanford University, MBA"_s,
                           u"Leadership; Strategy; AI/ML"_s, u"12500"_s}));
}

void TestLeadExporter::selectionKeepsOrder()
{
    if (!m_hasPython)
        QSKIP("python3 is not installed: no independent CSV reader");
    const QStringList picked = {u"crm_nothing"_s, u"nasty_3"_s, u"crm_full"_s, u"nasty_0"_s};
    QList<qint64> ids;
    for (const QString &leadId : picked)
        ids.append(m_rowIdByLeadId.value(leadId));
    LeadExporter::Request request;
    request.preset = ExportPreset::custom({LeadColumn::LeadId});
    request.filter.setSelection(ids);
    Csv csv = readCsvWithPython(exportTo(u"selection.csv"_s, request));
    QVERIFY2(csv.ok, qPrintable(csv.error));
    QCOMPARE(csv.column(u"Lead ID"_s), picked);

    // A sort column wins over the selection order (the view is sorted).
    request.filter.sortColumn = LeadColumn::LeadId;
    request.filter.sortOrder = Qt::DescendingOrder;
    csv = readCsvWithPython(exportTo(u"selection_sorted.csv"_s, request));
    QCOMPARE(csv.column(u"Lead ID"_s),
             (QStringList {u"nasty_3"_s, u"nasty_0"_s, u"crm_nothing"_s, u"crm_full"_s}));

    // An empty selection is no rows, not every row.
    request.filter.setSelection({});
    LeadExporter::Result result;
    exportTo(u"selection_empty.csv"_s, request, &result);
    QVERIFY(result.ok);
    QCOMPARE(result.rows, 0);
}

void TestLeadExporter::filters_data()
{
    QTest::addColumn<QStringList>("campaignIds");
    QTest::addColumn<QString>("search");
    QTest::addColumn<bool>("hasEmail");
    QTest::addColumn<bool>("hasPhone");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("campaign, has email") << QStringList {u"camp_crm"_s} << QString() << true
                                         << false << QStringList {u"crm_full"_s, u"crm_nolast"_s};
    QTest::newRow("campaign, has phone") << QStringList {u"camp_crm"_s} << QString() << false
                                         << true << QStringList {u"crm_full"_s, u"crm_nocompany"_s};
    QTest::newRow("search prefix")
        << QStringList() << u"techc"_s << false << false << QStringList {u"crm_full"_s};
    QTest::newRow("search two words")
        << QStringList() << u"john TECHCORP"_s << false << false << QStringList {u"crm_full"_s};
    QTest::newRow("search FTS syntax is literal")
        << QStringList {u"camp_crm"_s} << u"\"john\" OR NEAR( *"_s << false << false
        << QStringList();
    QTest::newRow("search diacritics") << QStringList {u"camp_nasty"_s} << u"zoe"_s << false
                                       << false << QStringList {u"nasty_7"_s};
    QTest::newRow("unknown campaign")
        << QStringList {u"camp_nope"_s} << QString() << false << false << QStringList();
}

void TestLeadExporter::filters()
{
    if (!m_hasPython)
        QSKIP("python3 is not installed: no independent CSV reader");
    QFETCH(QStringList, campaignIds);
    QFETCH(QString, search);
    QFETCH(bool, hasEmail);
    QFETCH(bool, hasPhone);
    QFETCH(QStringList, expected);
    LeadExporter::Request request;
    request.preset = ExportPreset::custom({LeadColumn::LeadId});
    request.filter.campaignIds = campaignIds;
    request.filter.searchText = search;
    request.filter.hasEmail = hasEmail;
    request.filter.hasPhone = hasPhone;
    LeadExporter::Result result;
    const Csv csv = readCsvWithPython(exportTo(u"filter.csv"_s, request, &result));
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY2(csv.ok, qPrintable(csv.error));
    QCOMPARE(csv.column(u"Lead ID"_s), expected);
    QCOMPARE(LeadExporter(m_db).countRows(request.filter), expected.size());
}

void TestLeadExporter::cancelLeavesNoFile()
{
    const QString path = m_dir.filePath(u"cancelled.csv"_s);
    std::atomic<bool> cancel = true;
    LeadExporter::Request request;
    request.preset = ExportPreset::preset(ExportPreset::Id::All);
    const LeadExporter::Result result = LeadExporter(m_db).exportToFile(path, request, {}, &cancel);
    QVERIFY(!result.ok);
    QVERIFY(result.cancelled);
    QVERIFY(!QFile::exists(path));
    // No temporary file left behind either.
    QCOMPARE(QDir(m_dir.path()).entryList({u"cancelled*"_s}, QDir::Files | QDir::Hidden),
             QStringList());
}

void TestLeadExporter::cancelMidwayKeepsExistingTarget()
{
    // Enough rows that the export reports progress (and checks the flag) before the end.
    QTemporaryDir dir;
    QString error;
    QSqlDatabase db = Database::open(dir.filePath(u"big.db"_s), u"tst_leadexporter_big"_s,
                                     Database::Access::ReadWrite, &error);
    QVERIFY2(db.isOpen(), qPrintable(error));
    {
        QList<Lead> leads;
        for (int i = 0; i < 10000; ++i)
            leads.append(namedLead(u"lead_%1"_s.arg(i), u"First"_s, u"Last %1"_s.arg(i)));
        EventStore store(db);
        const auto results = store.ingest({jobItem(u"evt_big"_s, u"camp_big"_s, u"Big"_s, leads)});
        QVERIFY(results.value(0).outcome == EventStore::Outcome::Stored);
    }
    const QString path = dir.filePath(u"leads.csv"_s);
    {
        QFile existing(path);
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("the user's previous export\r\n");
    }
    std::atomic<bool> cancel = false;
    qint64 lastDone = -1;
    qint64 lastTotal = -1;
    LeadExporter::Request request;
    request.preset = ExportPreset::preset(ExportPreset::Id::All);
    const LeadExporter::Result result = LeadExporter(db).exportToFile(
        path, request,
        [&](qint64 done, qint64 total) {
            lastDone = done;
            lastTotal = total;
            if (done > 0)
                cancel = true;
        },
        &cancel);
    QVERIFY(result.cancelled);
    QVERIFY(!result.ok);
    QCOMPARE(lastTotal, 10000);
    QVERIFY(lastDone > 0 && lastDone < 10000);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), "the user's previous export\r\n"_ba);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).filter(u"csv"_s),
             QStringList {u"leads.csv"_s});

    // The same export, not cancelled, replaces the file.
    cancel = false;
    const LeadExporter::Result done = LeadExporter(db).exportToFile(path, request);
    QVERIFY2(done.ok, qPrintable(done.error));
    QCOMPARE(done.rows, 10000);
    file.close();
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readLine().startsWith("\xEF\xBB\xBF"
                                       "Full name,"));
    db = {};
    Database::close(u"tst_leadexporter_big"_s);
}

// QSaveFile renames a temporary file over its target; over a device or FIFO that would replace
// the node itself (it turned /dev/null into a regular file once). A FIFO shows it safely.
void TestLeadExporter::fifoTargetIsWrittenNotReplaced()
{
    const QString fifo = m_dir.filePath(u"pipe.csv"_s);
    QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
    QProcess reader;
    reader.setStandardOutputFile(m_dir.filePath(u"from_pipe.csv"_s));
    reader.start(u"cat"_s, {fifo});
    QVERIFY(reader.waitForStarted());
    LeadExporter::Request request;
    request.preset = ExportPreset::custom({LeadColumn::LeadId});
    request.csv.byteOrderMark = false;
    request.filter.campaignIds = {u"camp_crm"_s};
    const LeadExporter::Result result = LeadExporter(m_db).exportToFile(fifo, request);
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(reader.waitForFinished(10000));
    struct stat st;
    QVERIFY(::stat(QFile::encodeName(fifo).constData(), &st) == 0);
    QVERIFY(S_ISFIFO(st.st_mode));
    QFile received(m_dir.filePath(u"from_pipe.csv"_s));
    QVERIFY(received.open(QIODevice::ReadOnly));
    QCOMPARE(received.readAll(),
             "Lead ID\r\ncrm_full\r\ncrm_nolast\r\ncrm_nocompany\r\ncrm_nothing\r\n"_ba);
}

void TestLeadExporter::unwritablePath_data()
{
    QTest::addColumn<QString>("relativePath");
    QTest::newRow("missing folder") << u"no/such/folder/leads.csv"_s;
    QTest::newRow("parent is a file") << u"guarded.csv/leads.csv"_s;
    QTest::newRow("a folder") << u"."_s;
}

void TestLeadExporter::unwritablePath()
{
    QFETCH(QString, relativePath);
    // The "parent is a file" row needs some file; roundTrip's may be absent without python.
    QFile marker(m_dir.filePath(u"guarded.csv"_s));
    if (!marker.exists()) {
        QVERIFY(marker.open(QIODevice::WriteOnly));
        marker.close();
    }
    const QString path = m_dir.filePath(relativePath);
    LeadExporter::Request request;
    request.preset = ExportPreset::preset(ExportPreset::Id::Crm);
    const LeadExporter::Result result = LeadExporter(m_db).exportToFile(path, request);
    QVERIFY(!result.ok);
    QVERIFY(!result.cancelled);
    QCOMPARE(result.failure, LeadExporter::Result::Failure::Output);
    QVERIFY2(result.error.contains(QDir::toNativeSeparators(path)), qPrintable(result.error));
    QVERIFY(result.error.endsWith(u'.'));
    if (relativePath != "."_L1)
        QVERIFY(!QFileInfo::exists(path));
}

void TestLeadExporter::preflightCounts()
{
    using K = ExportWarning::Kind;
    LeadExporter exporter(m_db);
    LeadExporter::Request request;
    request.filter.campaignIds = {u"camp_crm"_s};
    const auto counts = [&] {
        QString error;
        QMap<K, qint64> map;
        const QList<ExportWarning> warnings = exporter.preflight(request, &error);
        if (!error.isEmpty())
            qWarning() << error;
        for (const ExportWarning &w : warnings) {
            map.insert(w.kind, w.count);
            if (!w.text.contains(QString::number(w.count)))
                qWarning() << "warning without its count:" << w.text;
        }
        return map;
    };

    request.preset = ExportPreset::preset(ExportPreset::Id::Salesforce);
    // camp_crm: crm_nolast and crm_nothing lack a last name; all but crm_full lack a company
    // (crm_nolast has one); phones: crm_full's "+1-555..." is a plain telephone number, which
    // the guard leaves alone (CsvWriter::isTelephoneShaped), and "0049..." starts with a digit.
    QCOMPARE(counts(), (QMap<K, qint64> {{K::MissingLastName, 2}, {K::MissingCompany, 2}}));
    request.preset = ExportPreset::preset(ExportPreset::Id::HubSpot);
    QCOMPARE(counts(), (QMap<K, qint64> {{K::MissingEmail, 2}}));
    request.csv.formulaGuard = false;
    QCOMPARE(counts(), (QMap<K, qint64> {{K::MissingEmail, 2}}));
    request.preset = ExportPreset::preset(ExportPreset::Id::Crm);
    QCOMPARE(counts(), (QMap<K, qint64> {}));
    // The filter applies: only leads with an email.
    request.preset = ExportPreset::preset(ExportPreset::Id::Salesforce);
    request.filter.hasEmail = true;
    QCOMPARE(counts(), (QMap<K, qint64> {{K::MissingLastName, 1}}));
}

void TestLeadExporter::telephoneNumbersAndTheFormulaGuard()
{
    Lead plain = namedLead(u"tel_plain"_s, u"Tel"_s, u"Plain"_s);
    plain.phone = u"+44 20 7946 0958"_s;
    Lead formula = namedLead(u"tel_formula"_s, u"Tel"_s, u"Formula"_s);
    formula.phone = u"+1+HYPERLINK(\"http://evil\")"_s;
    {
        EventStore store(m_db);
        const auto results
            = store.ingest({jobItem(u"evt_tel"_s, u"camp_tel"_s, u"Phones"_s, {plain, formula})});
        QCOMPARE(results.value(0).outcome, EventStore::Outcome::Stored);
    }
    LeadExporter exporter(m_db);
    LeadExporter::Request request;
    request.filter.campaignIds = {u"camp_tel"_s};
    request.filter.sortColumn = LeadColumn::LastName;
    request.preset = ExportPreset::preset(ExportPreset::Id::HubSpot);

    const QList<ExportWarning> warnings = exporter.preflight(request);
    const auto guarded = std::find_if(warnings.begin(), warnings.end(), [](const auto &w) {
        return w.kind == ExportWarning::Kind::GuardedPhone;
    });
    QVERIFY(guarded != warnings.end());
    QCOMPARE(guarded->count, 1);

    QFile file(exportTo(u"phones.csv"_s, request));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray csv = file.readAll();
    // The real number goes to the CRM untouched; the one that could run as a formula does not.
    QVERIFY2(csv.contains(",+44 20 7946 0958,"), csv.constData());
    QVERIFY2(csv.contains("'+1+HYPERLINK"), csv.constData());
}

QTEST_GUILESS_MAIN(TestLeadExporter)
#include "tst_leadexporter.moc"
