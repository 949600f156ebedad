// SPDX-License-Identifier: MIT
#include "query/leadcolumn.h"
#include "query/leadfilter.h"

#include <QTest>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(LeadFilter)

namespace {

enum class Build { Select, Count, Ids, Total };

LeadFilter campaignsByRowId(QList<qint64> ids)
{
    LeadFilter f;
    f.campaignRowIds = ids;
    return f;
}

LeadFilter campaignsById(QStringList ids)
{
    LeadFilter f;
    f.campaignIds = ids;
    return f;
}

LeadFilter search(const QString &text)
{
    LeadFilter f;
    f.searchText = text;
    return f;
}

LeadFilter sorted(LeadFilter f, LeadColumn::Id column, Qt::SortOrder order = Qt::AscendingOrder)
{
    f.sortColumn = column;
    f.sortOrder = order;
    f.collationLocale = u"pl_PL"_s; // text sorts in Polish: COLLATE lv_locale_pl_PL
    return f;
}

LeadFilter selection(QList<qint64> ids)
{
    LeadFilter f;
    f.setSelection(ids);
    return f;
}

} // namespace

Q_DECLARE_METATYPE(Build)

class TestLeadFilter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void columns();
    void ftsMatchExpression_data();
    void ftsMatchExpression();
    void queries_data();
    void queries();
    void needsCampaigns_data();
    void needsCampaigns();
};

void TestLeadFilter::columns()
{
    // The campaign columns are the ones whose expression reads the campaigns alias.
    for (LeadColumn::Id column : LeadColumn::all()) {
        const bool campaign = column == LeadColumn::CampaignName || column == LeadColumn::CampaignId
            || column == LeadColumn::ReceivedAt || column == LeadColumn::LeadSource;
        QCOMPARE(LeadColumn::needsCampaigns(column), campaign);
        const bool number = column == LeadColumn::Connections || column == LeadColumn::Followers
            || column == LeadColumn::ReceivedAt || column == LeadColumn::LastExported;
        QCOMPARE(LeadColumn::isText(column), !number);
    }
    QVERIFY(LeadColumn::isText(LeadColumn::Experience)); // sorted by its flattened text
}

void TestLeadFilter::ftsMatchExpression_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expression");
    QTest::newRow("empty") << u""_s << u""_s;
    QTest::newRow("blank") << u"  \t "_s << u""_s;
    QTest::newRow("one word") << u"alice"_s << u"\"alice\"*"_s;
    QTest::newRow("two words") << u" alice  smith "_s << u"\"alice\"* \"smith\"*"_s;
    QTest::newRow("quote") << u"o\"neil"_s << u"\"o\"\"neil\"*"_s;
    QTest::newRow("fts syntax") << u"a OR b NEAR(c)"_s << u"\"a\"* \"OR\"* \"b\"* \"NEAR(c)\"*"_s;
    QTest::newRow("column filter") << u"email:x"_s << u"\"email:x\"*"_s;
}

void TestLeadFilter::ftsMatchExpression()
{
    QFETCH(QString, text);
    QFETCH(QString, expression);
    QCOMPARE(LeadFilter::ftsMatchExpression(text), expression);
}

void TestLeadFilter::queries_data()
{
    QTest::addColumn<LeadFilter>("filter");
    QTest::addColumn<Build>("build");
    QTest::addColumn<QList<LeadColumn::Id>>("columns"); // for Build::Select
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QVariantList>("bindings");

    const QList<LeadColumn::Id> name {LeadColumn::FullName};
    const QList<LeadColumn::Id> nameAndCampaign {LeadColumn::FullName, LeadColumn::CampaignName};
    const QString join = u" JOIN campaigns c ON c.id = l.campaign"_s;
    const QString fts = u"l.id IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?)"_s;
    // A search with quick filters or ranges and nothing else of the table: the matches are
    // checked in the covering index, not the leads rows.
    const QString covered = u" INDEXED BY leads_filters"_s;

    // --- the export's select -----------------------------------------------------------------
    QTest::newRow("select, every lead")
        << LeadFilter() << Build::Select << name
        << u"SELECT l.full_name FROM leads l ORDER BY l.id ASC"_s << QVariantList();
    QTest::newRow("select, a campaign column joins")
        << LeadFilter() << Build::Select << nameAndCampaign
        << u"SELECT l.full_name, c.name FROM leads l"_s + join + u" ORDER BY l.id ASC"_s
        << QVariantList();
    QTest::newRow("select, campaign row ids do not join")
        << campaignsByRowId({3, 5}) << Build::Select << name
        << u"SELECT l.full_name FROM leads l WHERE (l.campaign IN (?,?)) ORDER BY l.id ASC"_s
        << QVariantList {qint64(3), qint64(5)};
    QTest::newRow("select, SendPilot campaign ids join")
        << campaignsById({u"camp_a"_s}) << Build::Select << name
        << u"SELECT l.full_name FROM leads l"_s + join
            + u" WHERE (c.campaign_id IN (?)) ORDER BY l.id ASC"_s
        << QVariantList {u"camp_a"_s};
    {
        LeadFilter both = campaignsByRowId({7});
        both.campaignIds = {u"x"_s, u"y"_s};
        QTest::newRow("select, both campaign lists are one OR")
            << both << Build::Select << name
            << u"SELECT l.full_name FROM leads l"_s + join
                + u" WHERE (l.campaign IN (?) OR c.campaign_id IN (?,?)) ORDER BY l.id ASC"_s
            << QVariantList {qint64(7), u"x"_s, u"y"_s};
    }
    {
        LeadFilter all = search(u"ali"_s);
        all.campaignRowIds = {1};
        all.hasEmail = true;
        all.hasPhone = true;
        QTest::newRow("select, every criterion with AND")
            << all << Build::Select << name
            << u"SELECT l.full_name FROM leads l WHERE (l.campaign IN (?)) AND +"_s + fts
                + u" AND l.flags & 3 = 3 ORDER BY l.id ASC"_s
            << QVariantList {qint64(1), u"\"ali\"*"_s};
    }
    QTest::newRow("select, sorted by text in the locale's order")
        << sorted({}, LeadColumn::Company) << Build::Select << name
        << u"SELECT l.full_name FROM leads l ORDER BY l.company COLLATE lv_locale_pl_PL ASC, l.id ASC"_s
        << QVariantList();
    QTest::newRow("select, sorted descending by a number")
        << sorted({}, LeadColumn::Followers, Qt::DescendingOrder) << Build::Select << name
        << u"SELECT l.full_name FROM leads l ORDER BY l.followers DESC, l.id DESC"_s
        << QVariantList();
    QTest::newRow("select, sorted by a campaign column joins")
        << sorted({}, LeadColumn::ReceivedAt) << Build::Select << name
        << u"SELECT l.full_name FROM leads l"_s + join + u" ORDER BY c.received_at ASC, l.id ASC"_s
        << QVariantList();
    QTest::newRow("select, a selection in its order")
        << selection({9, 2, 9}) << Build::Select << name
        << u"SELECT l.full_name FROM json_each(?) AS sel JOIN leads l ON l.id = sel.value"_s
           u" ORDER BY sel.key, l.id ASC"_s
        << QVariantList {u"[9,2,9]"_s};
    QTest::newRow("select, a sorted selection with a campaign column")
        << sorted(selection({4}), LeadColumn::CampaignName, Qt::DescendingOrder) << Build::Select
        << nameAndCampaign
        << u"SELECT l.full_name, c.name FROM json_each(?) AS sel JOIN leads l ON l.id = sel.value"_s
            + join + u" ORDER BY c.name COLLATE lv_locale_pl_PL DESC, sel.key, l.id DESC"_s
        << QVariantList {u"[4]"_s};
    QTest::newRow("select, an empty selection")
        << selection({}) << Build::Select << name
        << u"SELECT l.full_name FROM json_each(?) AS sel JOIN leads l ON l.id = sel.value"_s
           u" ORDER BY sel.key, l.id ASC"_s
        << QVariantList {u"[]"_s};

    // --- counts: no order, so a sort never joins -------------------------------------------
    QTest::newRow("count, every lead") << LeadFilter() << Build::Count << name
                                       << u"SELECT count(*) FROM leads l"_s << QVariantList();
    QTest::newRow("count, sorted by campaign does not join")
        << sorted(search(u"x"_s), LeadColumn::CampaignName) << Build::Count << name
        << u"SELECT count(*) FROM leads l WHERE "_s + fts << QVariantList {u"\"x\"*"_s};
    QTest::newRow("count, SendPilot campaign ids join")
        << campaignsById({u"c1"_s}) << Build::Count << name
        << u"SELECT count(*) FROM leads l"_s + join + u" WHERE (c.campaign_id IN (?))"_s
        << QVariantList {u"c1"_s};

    // --- the table's id lists ----------------------------------------------------------------
    QTest::newRow("ids, every lead is the primary key")
        << LeadFilter() << Build::Ids << name << u"SELECT id FROM leads ORDER BY id"_s
        << QVariantList();
    QTest::newRow("ids, a search alone reads the FTS index")
        << search(u"bob o"_s) << Build::Ids << name
        << u"SELECT rowid FROM leads_fts WHERE leads_fts MATCH ? ORDER BY rowid"_s
        << QVariantList {u"\"bob\"* \"o\"*"_s};
    QTest::newRow("ids, a blank search is every lead")
        << search(u"   "_s) << Build::Ids << name << u"SELECT id FROM leads ORDER BY id"_s
        << QVariantList();
    QTest::newRow("ids, a search and a quick filter") <<
        [] {
            LeadFilter f = search(u"bob"_s);
            f.hasPhone = true;
            return f;
        }() << Build::Ids << name
                                                      << u"SELECT l.id FROM leads l"_s + covered
            + u" WHERE "_s + fts + u" AND l.flags & 2 = 2 ORDER BY l.id ASC"_s
                                                      << QVariantList {u"\"bob\"*"_s};
    // The Exported bit of leads.flags (LeadFlags), not a lookup of lead_exports per lead.
    const QString notExported = u"l.flags & 4 = 0"_s;
    QTest::newRow("ids, not yet exported") <<
        [] {
            LeadFilter f;
            f.notExported = true;
            return f;
        }() << Build::Ids << name
                                           << u"SELECT l.id FROM leads l WHERE "_s + notExported
            + u" ORDER BY l.id ASC"_s << QVariantList();
    QTest::newRow("ids, not yet exported, with email and a search") <<
        [] {
            LeadFilter f = search(u"bob"_s);
            f.hasEmail = true;
            f.notExported = true;
            return f;
        }() << Build::Ids << name
                                                                    << u"SELECT l.id FROM leads l"_s
            + covered + u" WHERE "_s + fts + u" AND l.flags & 5 = 1 ORDER BY l.id ASC"_s
                                                                    << QVariantList {u"\"bob\"*"_s};
    QTest::newRow("ids, enriched and a range: no search, the planner's covering scan")
        <<
        [] {
            LeadFilter f;
            f.fields.enriched = true;
            f.fields.connections.min = 400;
            return f;
        }()
        << Build::Ids << name
        << u"SELECT l.id FROM leads l WHERE l.flags & 3 <> 0 AND l.connections >= ?"
           " ORDER BY l.id ASC"_s
        << QVariantList {qint64(400)};
    QTest::newRow("ids, a campaign and a search: the campaign's leads looked up in the matches")
        <<
        [] {
            LeadFilter f = search(u"ceo"_s);
            f.campaignRowIds = {4};
            f.notExported = true;
            return f;
        }()
        << Build::Ids << name
        << u"SELECT l.id FROM leads l WHERE (l.campaign IN (?)) AND +"_s + fts
            + u" AND l.flags & 4 = 0 ORDER BY l.id ASC"_s
        << QVariantList {qint64(4), u"\"ceo\"*"_s};
    QTest::newRow("ids, campaign row ids do not join")
        << campaignsByRowId({2}) << Build::Ids << name
        << u"SELECT l.id FROM leads l WHERE (l.campaign IN (?)) ORDER BY l.id ASC"_s
        << QVariantList {qint64(2)};
    QTest::newRow("ids, SendPilot campaign ids join")
        << campaignsById({u"c"_s}) << Build::Ids << name
        << u"SELECT l.id FROM leads l"_s + join
            + u" WHERE (c.campaign_id IN (?)) ORDER BY l.id ASC"_s
        << QVariantList {u"c"_s};
    QTest::newRow("ids, sorted by a lead column")
        << sorted({}, LeadColumn::Email, Qt::DescendingOrder) << Build::Ids << name
        << u"SELECT l.id FROM leads l ORDER BY l.email COLLATE NOCASE DESC, l.id DESC"_s
        << QVariantList();
    QTest::newRow("ids, sorted by a campaign column joins")
        << sorted({}, LeadColumn::CampaignId) << Build::Ids << name
        << u"SELECT l.id FROM leads l"_s + join
            + u" ORDER BY c.campaign_id COLLATE NOCASE ASC, l.id ASC"_s
        << QVariantList();
    QTest::newRow("ids, a selection")
        << selection({5, 1}) << Build::Ids << name
        << u"SELECT l.id FROM json_each(?) AS sel JOIN leads l ON l.id = sel.value"_s
           u" ORDER BY sel.key, l.id ASC"_s
        << QVariantList {u"[5,1]"_s};

    // --- M in "N of M": per-campaign counts ---------------------------------------------------
    QTest::newRow("total, every campaign")
        << search(u"ignored"_s) << Build::Total << name
        << u"SELECT coalesce(sum(c.lead_count), 0) FROM campaigns c"_s << QVariantList();
    {
        LeadFilter both = campaignsByRowId({1, 2});
        both.campaignIds = {u"z"_s};
        both.hasEmail = true;
        QTest::newRow("total, the selected campaigns")
            << both << Build::Total << name
            << u"SELECT coalesce(sum(c.lead_count), 0) FROM campaigns c"_s
               u" WHERE c.id IN (?,?) OR c.campaign_id IN (?)"_s
            << QVariantList {qint64(1), qint64(2), u"z"_s};
    }
}

void TestLeadFilter::queries()
{
    QFETCH(LeadFilter, filter);
    QFETCH(Build, build);
    QFETCH(QList<LeadColumn::Id>, columns);
    QFETCH(QString, sql);
    QFETCH(QVariantList, bindings);

    LeadQuery query;
    switch (build) {
    case Build::Select:
        query = filter.buildSelect(columns);
        break;
    case Build::Count:
        query = filter.buildCount();
        break;
    case Build::Ids:
        query = filter.buildIdQuery();
        break;
    case Build::Total:
        query = filter.buildTotalQuery();
        break;
    }
    QCOMPARE(query.sql, sql);
    QCOMPARE(query.bindings, bindings);
    // Every placeholder has its value.
    QCOMPARE(query.sql.count(u'?'), bindings.size());
}

void TestLeadFilter::needsCampaigns_data()
{
    QTest::addColumn<LeadFilter>("filter");
    QTest::addColumn<bool>("ordered");
    QTest::addColumn<bool>("needs");
    QTest::newRow("nothing") << LeadFilter() << true << false;
    QTest::newRow("row ids") << campaignsByRowId({1}) << true << false;
    QTest::newRow("campaign ids") << campaignsById({u"a"_s}) << false << true;
    QTest::newRow("lead sort") << sorted({}, LeadColumn::FullName) << true << false;
    QTest::newRow("campaign sort") << sorted({}, LeadColumn::CampaignName) << true << true;
    QTest::newRow("campaign sort, unordered")
        << sorted({}, LeadColumn::CampaignName) << false << false;
}

void TestLeadFilter::needsCampaigns()
{
    QFETCH(LeadFilter, filter);
    QFETCH(bool, ordered);
    QFETCH(bool, needs);
    QCOMPARE(filter.needsCampaigns(ordered), needs);
}

QTEST_GUILESS_MAIN(TestLeadFilter)
#include "tst_leadfilter.moc"
