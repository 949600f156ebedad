// SPDX-License-Identifier: MIT
// The filter bar's criteria (LeadFieldFilters) as SQL, and what they select in a real store
// filled through EventStore::ingest: each field alone and in combination, through the id
// query, the count and the lead table model (whose worker answers text-only filters from its
// in-memory first-rows index).
#include "models/leadtablemodel.h"
#include "query/leadfilter.h"

#include "filterleads.h"
#include "tempstore.h"

#include <QAbstractItemModelTester>
#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
namespace FilterLeads = TestSupport::FilterLeads;

Q_DECLARE_METATYPE(LeadFilter)
Q_DECLARE_METATYPE(LeadFieldFilters)

namespace {

LeadFilter withFields(const LeadFieldFilters &fields)
{
    LeadFilter filter;
    filter.fields = fields;
    return filter;
}

} // namespace

class TestLeadFieldFilters final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void ftsExpression_data();
    void ftsExpression();
    void clauses();
    void hasSqlCriteria();
    void selects_data();
    void selects();

private:
    /// The lead ids (leads.lead_id) of leads.id values, in their order.
    QStringList leadIds(const QList<qint64> &rowIds) const;

    TestSupport::TempStore m_store {u"field-filters"_s};
    QHash<qint64, QString> m_leadIdOf;
    qint64 m_campaignA = 0;
};

void TestLeadFieldFilters::initTestCase()
{
    m_store.open();
    m_store.ingest(FilterLeads::items());
    QSqlQuery query(m_store.db());
    QVERIFY(query.exec(u"SELECT id, lead_id FROM leads"_s));
    while (query.next())
        m_leadIdOf.insert(query.value(0).toLongLong(), query.value(1).toString());
    QCOMPARE(m_leadIdOf.size(), 6);
    QVERIFY(query.exec(u"SELECT id FROM campaigns WHERE campaign_id = 'camp_a'"_s));
    QVERIFY(query.next());
    m_campaignA = query.value(0).toLongLong();
}

QStringList TestLeadFieldFilters::leadIds(const QList<qint64> &rowIds) const
{
    QStringList ids;
    for (qint64 id : rowIds)
        ids.append(m_leadIdOf.value(id, u"?"_s));
    return ids;
}

void TestLeadFieldFilters::ftsExpression_data()
{
    QTest::addColumn<LeadFieldFilters>("fields");
    QTest::addColumn<QString>("expression");
    LeadFieldFilters none;
    QTest::newRow("nothing set") << none << QString();
    LeadFieldFilters company;
    company.company = u"  acme   corp "_s;
    QTest::newRow("company, two words") << company << u"company : \"acme\"* company : \"corp\"*"_s;
    LeadFieldFilters every;
    every.company = u"a"_s;
    every.jobPosition = u"founder"_s;
    every.location = u"île"_s;
    QTest::newRow("every text field")
        << every << u"company : \"a\"* job_position : \"founder\"* location : \"île\"*"_s;
    LeadFieldFilters search;
    search.industry = u"computer soft"_s;
    search.seniority = u"VP"_s;
    QTest::newRow("a search's industry and seniority")
        << search << u"industry : \"computer\"* industry : \"soft\"* seniority : \"VP\"*"_s;
    LeadFieldFilters hostile;
    hostile.company = u"o\"neil OR {email}:x NEAR(a"_s;
    QTest::newRow("FTS5 syntax is quoted")
        << hostile
        << u"company : \"o\"\"neil\"* company : \"OR\"* company : \"{email}:x\"* "
           "company : \"NEAR(a\"*"_s;
    LeadFieldFilters sqlOnly;
    sqlOnly.campaignName = u"x"_s;
    sqlOnly.enriched = true;
    QTest::newRow("SQL criteria are not FTS terms") << sqlOnly << QString();
}

void TestLeadFieldFilters::ftsExpression()
{
    QFETCH(LeadFieldFilters, fields);
    QFETCH(QString, expression);
    QCOMPARE(fields.ftsExpression(), expression);
}

void TestLeadFieldFilters::clauses()
{
    LeadFilter filter;
    filter.searchText = u"anna"_s;
    filter.hasEmail = true;
    filter.fields.company = u"Müller"_s;
    filter.fields.campaignName = u" ÉTÉ  Out "_s;
    filter.fields.enriched = true;
    filter.fields.connections = {100, 500};
    filter.fields.followers.min = 0;
    const LeadQuery query = filter.buildCount();
    QCOMPARE(query.sql,
             u"SELECT count(*) FROM leads l WHERE"
             " +l.id IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?)"
             " AND l.flags & 1 = 1"
             " AND l.campaign IN (SELECT fc.id FROM campaigns fc"
             " WHERE instr(lv_fold(fc.name), ?) > 0)"
             " AND l.flags & 3 <> 0"
             " AND l.connections >= ? AND l.connections <= ? AND l.followers >= ?"_s);
    // One MATCH for the search and the text fields; the campaign name folded once, here.
    QCOMPARE(query.bindings,
             (QVariantList {u"\"anna\"* company : \"Müller\"*"_s, u"ete out"_s, qint64(100),
                            qint64(500), qint64(0)}));
}

void TestLeadFieldFilters::hasSqlCriteria()
{
    LeadFilter filter;
    QVERIFY(!filter.hasSqlCriteria());
    filter.fields.company = u"acme"_s;
    filter.searchText = u"x"_s;
    QVERIFY(!filter.hasSqlCriteria()); // FTS only: the id query reads the index alone
    QCOMPARE(filter.buildIdQuery().sql,
             u"SELECT rowid FROM leads_fts WHERE leads_fts MATCH ? ORDER BY rowid"_s);
    filter.fields.followers.max = 10;
    QVERIFY(filter.hasSqlCriteria());
}

void TestLeadFieldFilters::selects_data()
{
    QTest::addColumn<LeadFilter>("filter");
    QTest::addColumn<QStringList>("expected"); // lead ids, in row id order

    const auto company = [](const QString &text) {
        LeadFieldFilters f;
        f.company = text;
        return withFields(f);
    };
    const auto position = [](const QString &text) {
        LeadFieldFilters f;
        f.jobPosition = text;
        return withFields(f);
    };
    const auto location = [](const QString &text) {
        LeadFieldFilters f;
        f.location = text;
        return withFields(f);
    };
    const auto campaign = [](const QString &text) {
        LeadFieldFilters f;
        f.campaignName = text;
        return withFields(f);
    };
    const auto connections = [](std::optional<qint64> min, std::optional<qint64> max) {
        LeadFieldFilters f;
        f.connections = {min, max};
        return withFields(f);
    };
    const auto followers = [](std::optional<qint64> min, std::optional<qint64> max) {
        LeadFieldFilters f;
        f.followers = {min, max};
        return withFields(f);
    };
    const QStringList none;

    QTest::newRow("no criteria: every lead") << LeadFilter() << FilterLeads::allIds();
    // Text fields: word starts, without case or accents, in that field only.
    QTest::newRow("company acme: word starts, any case")
        << company(u"acme"_s) << QStringList {u"a2"_s, u"b1"_s, u"b2"_s};
    QTest::newRow("company ACME corp: every word")
        << company(u"ACME corp"_s) << QStringList {u"a2"_s};
    QTest::newRow("company muller: without accents")
        << company(u"muller"_s) << QStringList {u"a1"_s};
    QTest::newRow("company société: accents typed")
        << company(u"société"_s) << QStringList {u"b3"_s};
    QTest::newRow("company 株式: non-Latin prefix") << company(u"株式"_s) << QStringList {u"a3"_s};
    QTest::newRow("company me: not inside a word") << company(u"me"_s) << none;
    QTest::newRow("company founder: not another field") << company(u"founder"_s) << none;
    QTest::newRow("company with FTS5 syntax: no error, no match")
        << company(u"o\"neil OR *"_s) << none;
    QTest::newRow("position founder: Co-Founder too")
        << position(u"founder"_s) << QStringList {u"a1"_s, u"b1"_s, u"b2"_s};
    QTest::newRow("position エンジニア") << position(u"エンジニア"_s) << QStringList {u"a3"_s};
    QTest::newRow("location ile") << location(u"ile"_s) << QStringList {u"b2"_s};
    QTest::newRow("location ZURICH") << location(u"ZURICH"_s) << QStringList {u"b3"_s};
    QTest::newRow("location japan") << location(u"japan"_s) << QStringList {u"a3"_s};
    // The campaign's name, a substring without case or accents.
    QTest::newRow("campaign ete") << campaign(u"ete"_s) << QStringList {u"a1"_s, u"a2"_s, u"a3"_s};
    QTest::newRow("campaign 'ERS BER': inside the name")
        << campaign(u"ERS BER"_s) << QStringList {u"b1"_s, u"b2"_s, u"b3"_s};
    QTest::newRow("campaign with LIKE and quote characters") << campaign(u"%' OR 1=1 --"_s) << none;
    {
        LeadFieldFilters f;
        f.enriched = true;
        QTest::newRow("enriched: email or phone")
            << withFields(f) << QStringList {u"a1"_s, u"a2"_s, u"b1"_s, u"b3"_s};
    }
    QTest::newRow("connections at least 500")
        << connections(500, {}) << QStringList {u"a1"_s, u"b1"_s, u"b3"_s};
    QTest::newRow("connections 100-500, unknown left out")
        << connections(100, 500) << QStringList {u"a1"_s, u"a2"_s, u"b2"_s};
    QTest::newRow("connections at most 120") << connections({}, 120) << QStringList {u"a2"_s};
    QTest::newRow("connections min above max") << connections(600, 100) << none;
    QTest::newRow("followers at most 100")
        << followers({}, 100) << QStringList {u"a3"_s, u"b2"_s, u"b3"_s};
    QTest::newRow("followers exactly 0") << followers(0, 0) << QStringList {u"b2"_s};

    // Combinations: with each other, the search box, the quick filters and the campaign pane.
    {
        LeadFilter f = company(u"acme"_s);
        f.searchText = u"dara"_s;
        QTest::newRow("search + company") << f << QStringList {u"b1"_s};
    }
    {
        LeadFilter f = position(u"founder"_s);
        f.fields.enriched = true;
        QTest::newRow("position + enriched") << f << QStringList {u"a1"_s, u"b1"_s};
    }
    {
        LeadFilter f = campaign(u"founders"_s);
        f.fields.connections.min = 500;
        QTest::newRow("campaign + connections") << f << QStringList {u"b1"_s, u"b3"_s};
    }
    {
        LeadFilter f = location(u"berlin"_s);
        f.hasEmail = true;
        QTest::newRow("has email + location") << f << QStringList {u"a1"_s};
    }
    {
        LeadFilter f = company(u"acme"_s);
        f.hasPhone = true;
        f.fields.followers.min = 1000;
        QTest::newRow("company + has phone + followers") << f << QStringList {u"b1"_s};
    }
    {
        LeadFilter f = position(u"founder"_s);
        f.campaignRowIds = {m_campaignA}; // the campaign pane's selection
        QTest::newRow("campaign pane + position") << f << QStringList {u"a1"_s};
    }
    {
        LeadFilter f = position(u"founder"_s);
        f.fields.company = u"acme"_s;
        f.fields.location = u"dublin"_s;
        QTest::newRow("three text fields") << f << QStringList {u"b1"_s};
    }
    {
        LeadFilter f = position(u"founder"_s);
        f.fields.campaignName = u"outreach"_s;
        f.fields.location = u"tokyo"_s;
        QTest::newRow("no lead meets all") << f << none;
    }
}

void TestLeadFieldFilters::selects()
{
    QFETCH(LeadFilter, filter);
    QFETCH(QStringList, expected);

    // The id query and the count, on the store's connection.
    const LeadQuery ids = filter.buildIdQuery();
    QSqlQuery query(m_store.db());
    QVERIFY(query.prepare(ids.sql));
    for (const QVariant &value : ids.bindings)
        query.addBindValue(value);
    QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
    QList<qint64> rowIds;
    while (query.next())
        rowIds.append(query.value(0).toLongLong());
    QCOMPARE(leadIds(rowIds), expected);

    const LeadQuery count = filter.buildCount();
    QVERIFY(query.prepare(count.sql));
    for (const QVariant &value : count.bindings)
        query.addBindValue(value);
    QVERIFY2(query.exec() && query.next(), qPrintable(query.lastError().text()));
    QCOMPARE(query.value(0).toLongLong(), qint64(expected.size()));

    // The lead table: its worker, its own connection, its first-rows index built (idle). With
    // an index of every lead a text-only filter is answered from it; with an index of the
    // first two leads, its first rows come from it and the rest from leads_fts.
    for (const int indexSize : {1000, 2}) {
        LeadTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFirstRowsIndexSize(indexSize);
        model.setDatabasePath(m_store.path());
        QVERIFY(model.waitForLoaded());
        QVERIFY(model.waitForIdle());
        model.setFilter(filter);
        QVERIFY(model.waitForLoaded());
        QCOMPARE(leadIds(model.leadRowIds()), expected);
        QCOMPARE(model.shownCount(), qint64(expected.size()));
        // M: the leads of the pane's campaigns, before the filters.
        QCOMPARE(model.totalCount(), filter.campaignRowIds.isEmpty() ? qint64(6) : qint64(3));

        // Sorted by name, the same set.
        model.sort(LeadColumn::FullName, Qt::DescendingOrder);
        QVERIFY(model.waitForLoaded());
        QStringList sorted = leadIds(model.leadRowIds());
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(sorted, expected);
    }
}

QTEST_GUILESS_MAIN(TestLeadFieldFilters)
#include "tst_leadfieldfilters.moc"
