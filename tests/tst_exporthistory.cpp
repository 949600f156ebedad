// SPDX-License-Identifier: MIT
#include "common/leadflags.h"
#include "export/exporthistory.h"
#include "export/leadexporter.h"
#include "query/leadcolumn.h"
#include "query/leadfilter.h"
#include "store/database.h"

#include "checks.h"
#include "fixtures.h"
#include "sqlvalues.h"
#include "storedowngrade.h"
#include "tempstore.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using TestSupport::column;
using TestSupport::jobItem;
using TestSupport::namedLead;

namespace {

// A lead SendPilot gave no LinkedIn identifier and no profile URL: no identity to key it by.
Lead anonymousLead(const QString &id, const QString &name)
{
    Lead lead;
    lead.id = id;
    lead.fullName = name;
    return lead;
}

// The full names a filter selects, in its order.
QStringList names(const QSqlDatabase &db, const LeadFilter &filter)
{
    const LeadQuery q = filter.buildSelect({LeadColumn::FullName});
    QSqlQuery query(db);
    if (!query.prepare(q.sql))
        return {u"error: "_s + query.lastError().text()};
    for (const QVariant &v : q.bindings)
        query.addBindValue(v);
    if (!query.exec())
        return {u"error: "_s + query.lastError().text()};
    QStringList out;
    while (query.next())
        out.append(query.value(0).toString());
    return out;
}

// Per lead in row order, "name: e" when its Exported bit (leads.flags) is set, else "name: -".
QStringList exportMarks(const QSqlDatabase &db)
{
    return column(
        db,
        u"SELECT full_name || iif(flags & %1 <> 0, ': e', ': -') FROM leads ORDER BY id"_s.arg(
            LeadFlags::Exported));
}

// The leads whose contact and export bits disagree with what they are derived from (LeadFlags; the
// details, and lead_exports (the truth) by the identity of LeadColumn::exportIdentitySql().
QStringList wrongFlags(const QSqlDatabase &db)
{
    return column(db,
                  u"SELECT l.full_name FROM leads l WHERE l.flags & 7 <> (l.email <> '')"
                  " | ((l.phone <> '') << 1) | iif(EXISTS (SELECT 1 FROM lead_exports e"
                  " WHERE e.identity = "_s
                      + LeadColumn::exportIdentitySql() + u"), 4, 0) ORDER BY l.id"_s);
}

} // namespace

class TestExportHistory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void notExportedFilter_data();
    void notExportedFilter();
    void markFollowsThePerson();
    void upgradeFromVersion8();
    void lastExportedColumn();
    void recordWithoutMarking();
    void markingInChunks();
    void exporterCollectsTheRowsWritten();
    void listNewestFirst();

private:
    // Marks \a leadNames' rows exported at \a atMs through ExportHistory.
    void markByName(const QStringList &leadNames, qint64 atMs, ExportRecord *record = nullptr);

    std::unique_ptr<TestSupport::TempStore> m_store;
};

void TestExportHistory::init()
{
    m_store = std::make_unique<TestSupport::TempStore>();
    TRY_OR_FAIL(m_store->open());
    // Ann is in both campaigns (one person, two leads); Zed has no identity.
    TRY_OR_FAIL(m_store->ingest(
        {jobItem(u"evt_1"_s, u"camp_a"_s, u"Founders"_s,
                 {namedLead(u"ann"_s, u"Ann"_s, u"Lee"_s), namedLead(u"bob"_s, u"Bob"_s, u"Roe"_s),
                  anonymousLead(u"zed-1"_s, u"Zed Anon"_s)}),
         jobItem(
             u"evt_2"_s, u"camp_b"_s, u"CTOs"_s,
             {namedLead(u"ann"_s, u"Ann"_s, u"Lee"_s), namedLead(u"cem"_s, u"Cem"_s, u"Oz"_s)})}));
}

void TestExportHistory::cleanup()
{
    m_store.reset();
}

void TestExportHistory::markByName(const QStringList &leadNames, qint64 atMs, ExportRecord *record)
{
    QList<qint64> ids;
    QSqlQuery query(m_store->db());
    for (const QString &name : leadNames) {
        QVERIFY(query.prepare(u"SELECT id FROM leads WHERE full_name = ? ORDER BY id LIMIT 1"_s));
        query.addBindValue(name);
        QVERIFY(query.exec() && query.next());
        ids.append(query.value(0).toLongLong());
    }
    ExportRecord local;
    ExportRecord &r = record ? *record : local;
    r.exportedAtMs = atMs;
    r.marked = true;
    r.rowCount = ids.size();
    QString error;
    QVERIFY2(ExportHistory(m_store->db()).write(&r, ids, &error), qPrintable(error));
    QVERIFY(r.id > 0);
}

void TestExportHistory::notExportedFilter_data()
{
    QTest::addColumn<QStringList>("marked");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QStringList>("expectedInB"); // with the campaign camp_b (AND)
    const QStringList everyone
        = {u"Ann Lee"_s, u"Bob Roe"_s, u"Zed Anon"_s, u"Ann Lee"_s, u"Cem Oz"_s};
    QTest::newRow("nobody exported")
        << QStringList() << everyone << QStringList {u"Ann Lee"_s, u"Cem Oz"_s};
    // Ann was exported from camp_a: her camp_b lead is the same person, exported too.
    QTest::newRow("a person, in every campaign")
        << QStringList {u"Ann Lee"_s} << QStringList {u"Bob Roe"_s, u"Zed Anon"_s, u"Cem Oz"_s}
        << QStringList {u"Cem Oz"_s};
    QTest::newRow("a lead without identity, by its row")
        << QStringList {u"Zed Anon"_s}
        << QStringList {u"Ann Lee"_s, u"Bob Roe"_s, u"Ann Lee"_s, u"Cem Oz"_s}
        << QStringList {u"Ann Lee"_s, u"Cem Oz"_s};
    QTest::newRow("everyone") << QStringList {u"Ann Lee"_s, u"Bob Roe"_s, u"Zed Anon"_s,
                                              u"Cem Oz"_s}
                              << QStringList() << QStringList();
}

void TestExportHistory::notExportedFilter()
{
    QFETCH(QStringList, marked);
    QFETCH(QStringList, expected);
    QFETCH(QStringList, expectedInB);
    if (!marked.isEmpty())
        markByName(marked, 1000);
    LeadFilter filter;
    QCOMPARE(names(m_store->db(), filter).size(), 5);
    filter.notExported = true;
    QVERIFY(filter.hasSqlCriteria());
    QCOMPARE(names(m_store->db(), filter), expected);
    // The count agrees.
    QSqlQuery count(m_store->db());
    const LeadQuery q = filter.buildCount();
    QVERIFY(count.prepare(q.sql));
    QVERIFY(count.exec() && count.next());
    QCOMPARE(count.value(0).toInt(), expected.size());
    filter.campaignIds = {u"camp_b"_s};
    QCOMPARE(names(m_store->db(), filter), expectedInB);
}

void TestExportHistory::markFollowsThePerson()
{
    QCOMPARE(exportMarks(m_store->db()),
             (QStringList {u"Ann Lee: -"_s, u"Bob Roe: -"_s, u"Zed Anon: -"_s, u"Ann Lee: -"_s,
                           u"Cem Oz: -"_s}));
    // Marking Ann's camp_a lead marks her camp_b lead too; Zed by his own row.
    markByName({u"Ann Lee"_s, u"Zed Anon"_s}, 1000);
    QCOMPARE(exportMarks(m_store->db()),
             (QStringList {u"Ann Lee: e"_s, u"Bob Roe: -"_s, u"Zed Anon: e"_s, u"Ann Lee: e"_s,
                           u"Cem Oz: -"_s}));
    // A new campaign brings Ann again (already exported: she arrives marked), a new person and
    // a new lead without identity (neither marked); camp_a sent again keeps its marks.
    Lead dan = namedLead(u"dan"_s, u"Dan"_s, u"Wu"_s);
    dan.email = u"dan@example.com"_s;
    Lead ann = namedLead(u"ANN"_s, u"Ann"_s, u"Lee"_s); // the identity is normalised
    ann.phone = u"+1 555 0100"_s;
    TRY_OR_FAIL(m_store->ingest(
        {jobItem(u"evt_3"_s, u"camp_c"_s, u"New"_s,
                 {ann, dan, anonymousLead(u"yan-1"_s, u"Yan Anon"_s)}),
         jobItem(u"evt_4"_s, u"camp_a"_s, u"Founders"_s,
                 {namedLead(u"ann"_s, u"Ann"_s, u"Lee"_s), namedLead(u"bob"_s, u"Bob"_s, u"Roe"_s),
                  anonymousLead(u"zed-1"_s, u"Zed Anon"_s)})}));
    QCOMPARE(exportMarks(m_store->db()),
             (QStringList {u"Ann Lee: e"_s, u"Bob Roe: -"_s, u"Zed Anon: e"_s, u"Ann Lee: e"_s,
                           u"Cem Oz: -"_s, u"Ann Lee: e"_s, u"Dan Wu: -"_s, u"Yan Anon: -"_s}));
    QCOMPARE(wrongFlags(m_store->db()), QStringList());
    LeadFilter filter;
    filter.notExported = true;
    QCOMPARE(names(m_store->db(), filter),
             (QStringList {u"Bob Roe"_s, u"Cem Oz"_s, u"Dan Wu"_s, u"Yan Anon"_s}));
    filter.hasEmail = true;
    QCOMPARE(names(m_store->db(), filter), QStringList {u"Dan Wu"_s});
    filter.hasEmail = false;
    filter.hasPhone = true;
    QCOMPARE(names(m_store->db(), filter), QStringList());
    filter.notExported = false;
    QCOMPARE(names(m_store->db(), filter), QStringList {u"Ann Lee"_s});
}

void TestExportHistory::upgradeFromVersion8()
{
    Lead eve = namedLead(u"eve"_s, u"Eve"_s, u"Ng"_s);
    eve.email = u"eve@example.com"_s;
    eve.phone = u"+44 20 7946 0000"_s;
    Lead fay = anonymousLead(u"fay-1"_s, u"Fay Anon"_s);
    fay.phone = u"+1 555 0101"_s;
    TRY_OR_FAIL(m_store->ingest({jobItem(u"evt_3"_s, u"camp_c"_s, u"More"_s, {eve, fay})}));
    markByName({u"Ann Lee"_s, u"Zed Anon"_s, u"Eve Ng"_s}, 1000);
    // Back to what a version 8 store holds: lead_exports, no flags, no leads_filters.
    TRY_OR_FAIL(TestSupport::downgradeStore(m_store->db(), 8));
    m_store->close();
    TRY_OR_FAIL(m_store->open());
    QCOMPARE(column(m_store->db(), u"PRAGMA user_version"_s),
             QStringList {QString::number(Database::SchemaVersion)});
    QCOMPARE(wrongFlags(m_store->db()), QStringList());
    QCOMPARE(exportMarks(m_store->db()),
             (QStringList {u"Ann Lee: e"_s, u"Bob Roe: -"_s, u"Zed Anon: e"_s, u"Ann Lee: e"_s,
                           u"Cem Oz: -"_s, u"Eve Ng: e"_s, u"Fay Anon: -"_s}));
    QCOMPARE(
        column(m_store->db(),
               u"SELECT full_name || ' ' || flags FROM leads WHERE flags & 3 <> 0 ORDER BY id"_s),
        (QStringList {u"Eve Ng 7"_s, u"Fay Anon 2"_s}));
    QCOMPARE(column(m_store->db(),
                    u"SELECT count(*) FROM sqlite_schema WHERE type = 'index'"
                    " AND name = 'leads_filters'"_s),
             QStringList {u"1"_s});
    LeadFilter filter;
    filter.notExported = true;
    QCOMPARE(names(m_store->db(), filter),
             (QStringList {u"Bob Roe"_s, u"Cem Oz"_s, u"Fay Anon"_s}));
}

void TestExportHistory::lastExportedColumn()
{
    QCOMPARE(LeadColumn::key(LeadColumn::LastExported), u"last_exported"_s);
    QCOMPARE(LeadColumn::type(LeadColumn::LastExported), LeadColumn::Type::TimestampMs);
    QVERIFY(!LeadColumn::needsCampaigns(LeadColumn::LastExported));
    const QString sql = u"SELECT "_s + LeadColumn::sqlExpression(LeadColumn::LastExported)
        + u" FROM leads l ORDER BY l.id"_s;
    QCOMPARE(column(m_store->db(), sql), QStringList(5, u"NULL"_s));
    markByName({u"Ann Lee"_s}, 1000);
    markByName({u"Cem Oz"_s, u"Ann Lee"_s}, 2000); // a later export wins
    QCOMPARE(column(m_store->db(), sql),
             (QStringList {u"2000"_s, u"NULL"_s, u"NULL"_s, u"2000"_s, u"2000"_s}));
    // Sorting by it works in SQL (the export's order).
    LeadFilter filter;
    filter.sortColumn = LeadColumn::LastExported;
    filter.sortOrder = Qt::DescendingOrder;
    QCOMPARE(names(m_store->db(), filter).first(), u"Cem Oz"_s);
}

void TestExportHistory::recordWithoutMarking()
{
    ExportRecord record;
    record.exportedAtMs = 1234;
    record.scope = u"all matching"_s;
    record.filterSummary = u"has email; position: Founder"_s;
    record.preset = u"crm"_s;
    record.format = u"xlsx"_s;
    record.filePath = u"/tmp/leads.xlsx"_s;
    record.rowCount = 3;
    QString error;
    QVERIFY2(ExportHistory(m_store->db()).write(&record, {1, 2, 3}, &error), qPrintable(error));
    QCOMPARE(column(m_store->db(), u"SELECT count(*) FROM lead_exports"_s), QStringList {u"0"_s});
    QList<ExportRecord> records;
    QVERIFY(ExportHistory::list(m_store->db(), &records, &error));
    QCOMPARE(records.size(), 1);
    const ExportRecord &r = records.first();
    QCOMPARE(r.id, record.id);
    QCOMPARE(r.exportedAtMs, 1234);
    QCOMPARE(r.scope, u"all matching"_s);
    QCOMPARE(r.filterSummary, u"has email; position: Founder"_s);
    QCOMPARE(r.preset, u"crm"_s);
    QCOMPARE(r.format, u"xlsx"_s);
    QCOMPARE(r.filePath, u"/tmp/leads.xlsx"_s);
    QCOMPARE(r.rowCount, 3);
    QVERIFY(!r.marked);
}

void TestExportHistory::markingInChunks()
{
    // More ids than one transaction takes: the same rows over and over (a selection may hold
    // a row twice), so that the loop runs three transactions.
    const QStringList ids = column(m_store->db(), u"SELECT id FROM leads ORDER BY id"_s);
    QList<qint64> rowIds;
    while (rowIds.size() < 2 * ExportHistory::MarkChunkRows + 7)
        rowIds.append(ids.at(rowIds.size() % ids.size()).toLongLong());
    ExportRecord record;
    record.exportedAtMs = 5000;
    record.marked = true;
    ExportHistory history(m_store->db());
    qsizetype next = 0;
    int transactions = 0;
    QString error;
    do {
        QVERIFY2(history.writeStep(&record, rowIds, &next, &error), qPrintable(error));
        ++transactions;
    } while (next < rowIds.size());
    QCOMPARE(transactions, 3);
    QCOMPARE(column(m_store->db(), u"SELECT count(*) FROM exports"_s), QStringList {u"1"_s});
    QCOMPARE(column(m_store->db(),
                    u"SELECT identity || '@' || last_exported_at || '#' || (last_export_id = "_s
                        + QString::number(record.id) + u") FROM lead_exports ORDER BY identity"_s),
             (QStringList {u"ann@5000#1"_s, u"bob@5000#1"_s, u"cem@5000#1"_s, u"lead:3@5000#1"_s}));
}

void TestExportHistory::exporterCollectsTheRowsWritten()
{
    LeadExporter::Request request;
    request.preset = ExportPreset::custom({LeadColumn::FullName});
    request.filter.campaignIds = {u"camp_b"_s};
    request.collectLeadRowIds = true;
    const QString path = m_store->filePath(u"b.csv"_s);
    LeadExporter::Result result = LeadExporter(m_store->db()).exportToFile(path, request);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.rows, 2);
    QCOMPARE(result.leadRowIds, (QList<qint64> {4, 5}));
    // Without the request, nothing is kept.
    request.collectLeadRowIds = false;
    result = LeadExporter(m_store->db()).exportToFile(path, request);
    QVERIFY(result.ok);
    QVERIFY(result.leadRowIds.isEmpty());
}

void TestExportHistory::listNewestFirst()
{
    ExportRecord first;
    first.filePath = u"first.csv"_s;
    markByName({u"Bob Roe"_s}, 100, &first);
    ExportRecord second;
    second.filePath = u"second.csv"_s;
    markByName({u"Cem Oz"_s}, 200, &second);
    QList<ExportRecord> records;
    QString error;
    QVERIFY(ExportHistory::list(m_store->db(), &records, &error));
    QCOMPARE(records.size(), 2);
    QCOMPARE(records.at(0).filePath, u"second.csv"_s);
    QCOMPARE(records.at(1).filePath, u"first.csv"_s);
    QVERIFY(records.at(0).marked);
    QVERIFY(ExportHistory::list(m_store->db(), &records, &error, 1));
    QCOMPARE(records.size(), 1);
}

QTEST_GUILESS_MAIN(TestExportHistory)
#include "tst_exporthistory.moc"
