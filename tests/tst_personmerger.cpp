// SPDX-License-Identifier: MIT
// One row per person (issue 13 item 5): LeadExporter with Request::onePerPerson merges the
// leads of one LinkedIn identity (PersonMerger's rules) into one row. The store is built
// through the ingest path, the files read back by independent readers (Python's csv module
// and openpyxl).
#include "export/leadexporter.h"
#include "export/personmerger.h"

#include "checks.h"
#include "fixtures.h"
#include "readback.h"
#include "tempstore.h"

#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 T0 = TestSupport::FixtureTimeMs;
constexpr qint64 Minute = 60000;

using TestSupport::namedLead;

Lead anonymous(const QString &id)
{
    Lead lead = namedLead(id, u"Anne"_s, u"Onymous"_s);
    lead.linkedinIdentifier.clear();
    lead.linkedinUrl.clear();
    return lead;
}

EventStore::Item campaign(const QString &id, const QString &name, qint64 receivedAt,
                          const QList<Lead> &leads)
{
    return TestSupport::item(TestSupport::jobEvent(u"evt_"_s + id, id, name, leads),
                             TestSupport::acceptedDelivery(receivedAt));
}

// The columns every export here writes, as the Custom preset titles them.
const QList<LeadColumn::Id> Columns = {
    LeadColumn::FullName,   LeadColumn::LinkedinIdentifier,
    LeadColumn::Headline,   LeadColumn::Company,
    LeadColumn::Email,      LeadColumn::Phone,
    LeadColumn::Followers,  LeadColumn::Connections,
    LeadColumn::Skills,     LeadColumn::CampaignName,
    LeadColumn::CampaignId, LeadColumn::LeadId,
};

} // namespace

class TestPersonMerger : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void mergedRows_data();
    void mergedRows();
    void rowsComeInIdentityOrder();
    void countsArePeople();
    void filterAppliesBeforeTheMerge();
    void selectionIsMerged();
    void campaignsColumnAddedWhenThePresetHasNone();
    void sourceLabelListsTheCampaigns();
    void xlsxHasTheSameRows();
    void offByDefault();

private:
    LeadExporter::Request request(const QList<LeadColumn::Id> &columns = Columns) const;
    TestSupport::Csv exportCsv(const LeadExporter::Request &request, const QString &name,
                               LeadExporter::Result *result = nullptr);
    QString exportFile(const LeadExporter::Request &request, const QString &name,
                       LeadExporter::Result *result);

    TestSupport::TempStore m_store {u"tst_personmerger"_s};
    TestSupport::Csv m_merged; // every lead, Columns, one row per person
};

void TestPersonMerger::initTestCase()
{
    TRY_OR_FAIL(m_store.open());

    // Ada in three campaigns under three lead ids and three spellings of her identity: her
    // identifier, the same in capitals with spaces and a slash, and only a profile URL in
    // capitals. Each campaign knows other things about her.
    Lead adaOld = namedLead(u"ada-lovelace"_s, u"Ada"_s, u"Lovelace"_s);
    adaOld.headline = u"Old headline"_s;
    adaOld.company = u"Babbage & Co"_s;
    adaOld.email = u"ada@example.com"_s; // only the oldest lead has an email
    adaOld.phone = u"+44 20 7946 0000"_s;
    adaOld.followers = 100;
    adaOld.connections = 50; // only the oldest lead knows her connections
    adaOld.skills = {u"Mathematics"_s};
    Lead adaMid = namedLead(u"lead_ada_mid"_s, u"Ada"_s, u"Lovelace"_s);
    adaMid.linkedinIdentifier = u" ADA-Lovelace/ "_s;
    adaMid.linkedinUrl.clear();
    adaMid.headline = u"Mid headline"_s;
    adaMid.phone = u"+1 555 0100"_s; // newer than the oldest's, older than none
    adaMid.followers = 150;
    Lead adaNew = namedLead(u"lead_ada_new"_s, u"Ada"_s, u"King"_s);
    adaNew.linkedinIdentifier.clear();
    adaNew.linkedinUrl = u"https://www.linkedin.com/in/ADA-Lovelace/"_s;
    adaNew.headline = u"New headline"_s;
    adaNew.company = u"Analytical Engines"_s;
    adaNew.followers = 200;
    Lead carol = namedLead(u"carol-c"_s, u"Carol"_s, u"C"_s);
    // Dave in two campaigns received at the same millisecond: the one stored last is newer.
    Lead daveFirst = namedLead(u"dave-d"_s, u"Dave"_s, u"D"_s);
    daveFirst.headline = u"Tie stored first"_s;
    Lead daveSecond = daveFirst;
    daveSecond.headline = u"Tie stored second"_s;

    TRY_OR_FAIL(m_store.ingest({
        campaign(u"camp_old"_s, u"Old campaign"_s, T0,
                 {adaOld, namedLead(u"bob-b"_s, u"Bob"_s, u"Builder"_s), anonymous(u"anon_1"_s)}),
        campaign(u"camp_mid"_s, u"Mid campaign"_s, T0 + 30 * Minute,
                 {adaMid, anonymous(u"anon_2"_s)}),
        campaign(u"camp_new"_s, u"New campaign"_s, T0 + 60 * Minute, {adaNew, carol}),
        // Another campaign of the same name: Carol's list names it once.
        campaign(u"camp_twin"_s, u"New campaign"_s, T0 + 90 * Minute, {carol}),
        campaign(u"camp_tie1"_s, u"Tie one"_s, T0 + 120 * Minute, {daveFirst}),
        campaign(u"camp_tie2"_s, u"Tie two"_s, T0 + 120 * Minute, {daveSecond}),
    }));

    if (QStandardPaths::findExecutable(u"python3"_s).isEmpty())
        QSKIP("no python3: no independent CSV reader");
    LeadExporter::Result result;
    m_merged = exportCsv(request(), u"merged.csv"_s, &result);
    QVERIFY2(m_merged.ok, qPrintable(m_merged.error));
    QVERIFY2(result.ok, qPrintable(result.error));
}

LeadExporter::Request TestPersonMerger::request(const QList<LeadColumn::Id> &columns) const
{
    LeadExporter::Request request;
    request.preset = ExportPreset::custom(columns);
    request.onePerPerson = true;
    request.csv.byteOrderMark = false;
    return request;
}

QString TestPersonMerger::exportFile(const LeadExporter::Request &request, const QString &name,
                                     LeadExporter::Result *result)
{
    const QString path = m_store.filePath(name);
    *result = LeadExporter(m_store.db()).exportToFile(path, request);
    if (!result->ok)
        qWarning() << "export failed:" << result->error;
    return path;
}

TestSupport::Csv TestPersonMerger::exportCsv(const LeadExporter::Request &request,
                                             const QString &name, LeadExporter::Result *result)
{
    LeadExporter::Result local;
    return TestSupport::readCsvWithPython(exportFile(request, name, result ? result : &local));
}

void TestPersonMerger::mergedRows_data()
{
    QTest::addColumn<QString>("leadId"); // Lead ID: the newest lead's
    QTest::addColumn<QStringList>("row"); // the cells under mergedRows()'s headers

    // Headers: Full name, LinkedIn identifier, Headline, Company, Email, Phone, Followers,
    // Connections, Skills, Campaign, Campaign ID.
    QTest::newRow("Ada: newest values, older email, phone and connections kept")
        << u"lead_ada_new"_s
        << QStringList {u"Ada King"_s,
                        u"ada-lovelace"_s,
                        u"New headline"_s,
                        u"Analytical Engines"_s,
                        u"ada@example.com"_s,
                        u"+1 555 0100"_s,
                        u"200"_s,
                        u"50"_s,
                        u"Mathematics"_s,
                        u"New campaign; Mid campaign; Old campaign"_s,
                        u"camp_new"_s};
    QTest::newRow("Bob: one campaign, his own row")
        << u"bob-b"_s << QStringList {u"Bob Builder"_s,  u"bob-b"_s,   {}, {}, {}, {}, {}, {}, {},
                                      u"Old campaign"_s, u"camp_old"_s};
    QTest::newRow("Carol: two campaigns of one name, listed once")
        << u"carol-c"_s
        << QStringList {u"Carol C"_s,      u"carol-c"_s,  {}, {}, {}, {}, {}, {}, {},
                        u"New campaign"_s, u"camp_twin"_s};
    QTest::newRow("Dave: same receipt time, the campaign stored last is newest")
        << u"dave-d"_s
        << QStringList {
               u"Dave D"_s, u"dave-d"_s,           u"Tie stored second"_s, {}, {}, {}, {}, {},
               {},          u"Tie two; Tie one"_s, u"camp_tie2"_s};
    QTest::newRow("no identity: anon_1 alone")
        << u"anon_1"_s << QStringList {u"Anne Onymous"_s, {},           {}, {}, {}, {}, {}, {}, {},
                                       u"Old campaign"_s, u"camp_old"_s};
    QTest::newRow("no identity: anon_2 alone, though named alike")
        << u"anon_2"_s << QStringList {u"Anne Onymous"_s, {},           {}, {}, {}, {}, {}, {}, {},
                                       u"Mid campaign"_s, u"camp_mid"_s};
}

void TestPersonMerger::mergedRows()
{
    QFETCH(QString, leadId);
    QFETCH(QStringList, row);
    QVERIFY(m_merged.ok);
    const qsizetype index = m_merged.column(u"Lead ID"_s).indexOf(leadId);
    QVERIFY2(index >= 0, qPrintable(u"no row with lead id "_s + leadId));
    QStringList cells = m_merged.rows.at(index + 1);
    QCOMPARE(cells.size(), Columns.size());
    cells.removeLast(); // the lead id
    QCOMPARE(cells, row);
    // The other leads of the person are in no row of their own.
    QCOMPARE(m_merged.column(u"Lead ID"_s).count(leadId), 1);
}

void TestPersonMerger::rowsComeInIdentityOrder()
{
    QVERIFY(m_merged.ok);
    QCOMPARE(m_merged.rows.first().size(), Columns.size());
    QCOMPARE(m_merged.rows.first().last(), u"Lead ID"_s);
    // Leads without identity first (newest first), then by identity.
    QCOMPARE(m_merged.column(u"Lead ID"_s),
             (QStringList {u"anon_2"_s, u"anon_1"_s, u"lead_ada_new"_s, u"bob-b"_s, u"carol-c"_s,
                           u"dave-d"_s}));
}

void TestPersonMerger::countsArePeople()
{
    const LeadExporter exporter(m_store.db());
    QCOMPARE(exporter.countRows(LeadFilter()), 10);
    QCOMPARE(exporter.countPeople(LeadFilter()), 6);

    QList<std::pair<qint64, qint64>> calls;
    const auto progress = [&calls](qint64 done, qint64 total) {
        calls.append({done, total});
    };
    for (ExportFormat format : {ExportFormat::Csv, ExportFormat::Xlsx}) {
        LeadExporter::Request r = request();
        r.format = format;
        calls.clear();
        const LeadExporter::Result result = exporter.exportToFile(
            m_store.filePath(u"progress."_s + ExportFormats::name(format)), r, progress);
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.rows, 6);
        QVERIFY(!calls.isEmpty());
        QCOMPARE(calls.first(), (std::pair<qint64, qint64> {0, 6}));
        QCOMPARE(calls.last(), (std::pair<qint64, qint64> {6, 6}));
    }
}

void TestPersonMerger::filterAppliesBeforeTheMerge()
{
    // Only the old and the mid campaign: Ada is merged of those two leads alone.
    LeadExporter::Request r = request();
    r.filter.campaignIds = {u"camp_old"_s, u"camp_mid"_s};
    QCOMPARE(LeadExporter(m_store.db()).countPeople(r.filter), 4);
    LeadExporter::Result result;
    const TestSupport::Csv csv = exportCsv(r, u"filtered.csv"_s, &result);
    QVERIFY2(csv.ok, qPrintable(csv.error));
    QCOMPARE(result.rows, 4);
    QCOMPARE(csv.column(u"Lead ID"_s),
             (QStringList {u"anon_2"_s, u"anon_1"_s, u"lead_ada_mid"_s, u"bob-b"_s}));
    QCOMPARE(csv.rows.at(3).mid(0, 10),
             (QStringList {u"Ada Lovelace"_s, u"ada-lovelace"_s, u"Mid headline"_s,
                           u"Babbage & Co"_s, u"ada@example.com"_s, u"+1 555 0100"_s, u"150"_s,
                           u"50"_s, u"Mathematics"_s, u"Mid campaign; Old campaign"_s}));
}

void TestPersonMerger::selectionIsMerged()
{
    // A selection of Ada's oldest and newest leads and Bob: two people.
    QList<qint64> ids;
    for (const QString &leadId : {u"lead_ada_new"_s, u"bob-b"_s, u"ada-lovelace"_s}) {
        QSqlQuery q(m_store.db());
        q.prepare(u"SELECT id FROM leads WHERE lead_id = ?"_s);
        q.addBindValue(leadId);
        QVERIFY(q.exec() && q.next());
        ids.append(q.value(0).toLongLong());
    }
    LeadExporter::Request r = request();
    r.filter.setSelection(ids);
    QCOMPARE(LeadExporter(m_store.db()).countPeople(r.filter), 2);
    const TestSupport::Csv csv = exportCsv(r, u"selection.csv"_s);
    QVERIFY2(csv.ok, qPrintable(csv.error));
    QCOMPARE(csv.column(u"Lead ID"_s), (QStringList {u"lead_ada_new"_s, u"bob-b"_s}));
    QCOMPARE(csv.column(u"Campaign"_s),
             (QStringList {u"New campaign; Old campaign"_s, u"Old campaign"_s}));
    QCOMPARE(csv.column(u"Phone"_s), (QStringList {u"+44 20 7946 0000"_s, QString()}));
}

void TestPersonMerger::campaignsColumnAddedWhenThePresetHasNone()
{
    const TestSupport::Csv csv
        = exportCsv(request({LeadColumn::FullName, LeadColumn::Email}), u"no_campaign.csv"_s);
    QVERIFY2(csv.ok, qPrintable(csv.error));
    QCOMPARE(csv.rows.first(), (QStringList {u"Full name"_s, u"Email"_s, u"Campaigns"_s}));
    QCOMPARE(csv.rows.size(), 7);
    QCOMPARE(csv.rows.at(3),
             (QStringList {u"Ada King"_s, u"ada@example.com"_s,
                           u"New campaign; Mid campaign; Old campaign"_s}));
}

void TestPersonMerger::sourceLabelListsTheCampaigns()
{
    // The CRM preset's Source is "SendPilot Extractor: <campaign>": every campaign, no extra
    // column (the preset's own layout is what the importer maps).
    LeadExporter::Request r = request();
    r.preset = ExportPreset::preset(ExportPreset::Id::Crm);
    const TestSupport::Csv csv = exportCsv(r, u"crm.csv"_s);
    QVERIFY2(csv.ok, qPrintable(csv.error));
    QCOMPARE(csv.rows.first(), r.preset.headers());
    const QStringList sources = csv.column(u"Source"_s);
    QCOMPARE(sources.size(), 6);
    QCOMPARE(sources.at(2), u"SendPilot Extractor: New campaign; Mid campaign; Old campaign"_s);
}

void TestPersonMerger::xlsxHasTheSameRows()
{
    const QString python = TestSupport::findPythonWithOpenpyxl();
    if (python.isEmpty())
        QSKIP("no python3 with openpyxl (Debian's python3-openpyxl): no independent reader");
    LeadExporter::Request r = request();
    r.format = ExportFormat::Xlsx;
    LeadExporter::Result result;
    const TestSupport::Workbook wb
        = TestSupport::readXlsxWithPython(python, exportFile(r, u"merged.xlsx"_s, &result));
    QVERIFY2(wb.ok, qPrintable(wb.error));
    QCOMPARE(result.rows, 6);
    QCOMPARE(wb.rows(0).size(), 7);
    const auto text = [&wb](int row, const QString &header) {
        return wb.cell(0, row, wb.columnOf(header)).value(u"v"_s).toVariant().toString();
    };
    QCOMPARE(text(3, u"Lead ID"_s), u"lead_ada_new"_s);
    QCOMPARE(text(3, u"Email"_s), u"ada@example.com"_s);
    QCOMPARE(text(3, u"Campaign"_s), u"New campaign; Mid campaign; Old campaign"_s);
    QCOMPARE(wb.cell(0, 3, wb.columnOf(u"Connections"_s)).value(u"t"_s).toString(), u"n"_s);
    QCOMPARE(text(3, u"Connections"_s), u"50"_s);
    QCOMPARE(wb.cell(0, 1, wb.columnOf(u"Connections"_s)).value(u"t"_s).toString(), u"e"_s);
    for (int row = 1; row <= 6; ++row) {
        QCOMPARE(text(row, u"Lead ID"_s), m_merged.rows.at(row).last());
        QCOMPARE(text(row, u"Campaign"_s), m_merged.rows.at(row).at(9));
    }
}

void TestPersonMerger::offByDefault()
{
    LeadExporter::Request r = request();
    r.onePerPerson = false;
    LeadExporter::Result result;
    const TestSupport::Csv csv = exportCsv(r, u"every_lead.csv"_s, &result);
    QVERIFY2(csv.ok, qPrintable(csv.error));
    QCOMPARE(result.rows, 10);
    QCOMPARE(csv.column(u"Campaign"_s).count(u"Old campaign"_s), 3);
    QVERIFY(!csv.rows.first().contains(u"Campaigns"_s));
}

QTEST_GUILESS_MAIN(TestPersonMerger)
#include "tst_personmerger.moc"
