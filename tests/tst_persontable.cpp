// SPDX-License-Identifier: MIT
// One row per person in the lead table (issue 13 item 5): LeadFilter::onePerPerson keeps each
// person's newest lead (the Superseded bit of leads.flags, schema v13, kept by the projector for
// every chunk's people), the "All campaigns" column lists the person's campaigns newest first, and
// the lead table's toggle shows people with that column. The store is built through the ingest
// path.
#include "leadsview.h"

#include "export/leadexporter.h"
#include "models/leadtablemodel.h"
#include "query/leadfilter.h"

#include "checks.h"
#include "fixtures.h"
#include "tempstore.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 T0 = TestSupport::FixtureTimeMs;
constexpr qint64 Minute = 60000;

using TestSupport::namedLead;

EventStore::Item campaign(const QString &id, const QString &name, qint64 receivedAt,
                          const QList<Lead> &leads)
{
    return TestSupport::item(TestSupport::jobEvent(u"evt_"_s + id, id, name, leads),
                             TestSupport::acceptedDelivery(receivedAt));
}

Lead withIdentifier(Lead lead, const QString &identifier)
{
    lead.linkedinIdentifier = identifier;
    return lead;
}

Lead anonymous(const QString &id)
{
    Lead lead = namedLead(id, u"Anne"_s, u"Onymous"_s);
    lead.linkedinIdentifier.clear();
    lead.linkedinUrl.clear();
    return lead;
}

} // namespace

class TestPersonTable final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void newestLeadOfEachPerson();
    void allCampaignsNewestFirst();
    void allCampaignsNamesEachCampaignOnce();
    void otherFiltersApplyToTheNewestLead();
    void peopleOfMatchesReadsAllTheirLeads();
    void mergedExportOfThePeopleShown();
    void tableToggleShowsPeople();
    void viewsAndLayoutKeepTheLeadColumns();
    void personLeftByAChangedIdentityKeepsTheirNewestLead();

private:
    // "lead_id=all campaigns" for the filter's rows, in lead_id order.
    QStringList rows(LeadFilter filter);
    qint64 idOf(const QString &table, const QString &column, const QString &value);

    TestSupport::TempStore m_store {u"tst_persontable"_s};
};

void TestPersonTable::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    TRY_OR_FAIL(m_store.open());
    Lead bobByUrl = namedLead(u"bob-late"_s, u"Bob"_s, u"Roe"_s);
    bobByUrl.linkedinIdentifier.clear();
    bobByUrl.linkedinUrl = u"https://www.linkedin.com/in/Bob/"_s; // the slug stands in
    Lead annWithEmail = withIdentifier(namedLead(u"ann-a"_s, u"Ann"_s, u"Lee"_s), u"ann"_s);
    annWithEmail.email = u"ann@example.com"_s;
    // Received in this order; "Old" was received before all the others but arrives last (an
    // API fetch of an earlier campaign, an import): received_at decides, not arrival.
    TRY_OR_FAIL(m_store.ingest(
        {campaign(u"camp_a"_s, u"Founders"_s, T0,
                  {annWithEmail,
                   withIdentifier(namedLead(u"bob-a"_s, u"Bob"_s, u"Roe"_s), u"bob"_s),
                   anonymous(u"anon-a"_s)}),
         campaign(u"camp_b"_s, u"CTOs, Berlin"_s, T0 + Minute,
                  {withIdentifier(namedLead(u"ann-b"_s, u"Annie"_s, u"Lee"_s), u"ANN "_s),
                   withIdentifier(namedLead(u"cem-b"_s, u"Cem"_s, u"Oz"_s), u"cem"_s)}),
         campaign(u"camp_c"_s, u"Late"_s, T0 + 2 * Minute, {bobByUrl})}));
    TRY_OR_FAIL(m_store.ingest(
        {campaign(u"camp_old"_s, u"Old"_s, T0 - Minute,
                  {withIdentifier(namedLead(u"cem-old"_s, u"Cem"_s, u"Oz"_s), u"cem"_s),
                   anonymous(u"anon-old"_s)})}));
}

QStringList TestPersonTable::rows(LeadFilter filter)
{
    filter.sortColumn = LeadColumn::LeadId;
    const LeadQuery q = filter.buildQuery({LeadColumn::sqlExpression(LeadColumn::LeadId),
                                           LeadColumn::sqlExpression(LeadColumn::AllCampaigns)},
                                          LeadFilter::Campaigns::NotRead);
    QSqlQuery query(m_store.db());
    VERIFY_OR_THROW(query.prepare(q.sql));
    for (const QVariant &value : q.bindings)
        query.addBindValue(value);
    VERIFY_OR_THROW(query.exec());
    QStringList out;
    while (query.next())
        out.append(query.value(0).toString() + u'=' + query.value(1).toString());
    return out;
}

void TestPersonTable::newestLeadOfEachPerson()
{
    LeadFilter filter;
    QStringList all;
    TRY_OR_FAIL(all = rows(filter));
    QCOMPARE(all.size(), 8);
    filter.onePerPerson = true;
    QStringList people;
    TRY_OR_FAIL(people = rows(filter));
    // Ann's newest is camp_b's (her identifier sent as "ANN "), Bob's camp_c's (found by URL
    // only), Cem's camp_b's although camp_old arrived after it; each anonymous lead is a
    // person of its own.
    QStringList ids;
    for (const QString &row : people)
        ids.append(row.section(u'=', 0, 0));
    QCOMPARE(ids,
             (QStringList {u"ann-b"_s, u"anon-a"_s, u"anon-old"_s, u"bob-late"_s, u"cem-b"_s}));
}

void TestPersonTable::allCampaignsNewestFirst()
{
    QStringList all;
    TRY_OR_FAIL(all = rows(LeadFilter()));
    QCOMPARE(all,
             (QStringList {u"ann-a=CTOs, Berlin; Founders"_s, u"ann-b=CTOs, Berlin; Founders"_s,
                           u"anon-a=Founders"_s, u"anon-old=Old"_s, u"bob-a=Late; Founders"_s,
                           u"bob-late=Late; Founders"_s, u"cem-b=CTOs, Berlin; Old"_s,
                           u"cem-old=CTOs, Berlin; Old"_s}));
}

// Two campaigns of one name (a search run again) are one entry, where the newer one is.
void TestPersonTable::allCampaignsNamesEachCampaignOnce()
{
    TestSupport::TempStore store(u"tst_persontable_names"_s);
    TRY_OR_FAIL(store.open());
    const Lead dan = namedLead(u"dan"_s, u"Dan"_s, u"Fox"_s);
    TRY_OR_FAIL(store.ingest({campaign(u"c1"_s, u"Weekly"_s, T0, {dan}),
                              campaign(u"c2"_s, u"Other"_s, T0 + Minute, {dan}),
                              campaign(u"c3"_s, u"Weekly"_s, T0 + 2 * Minute, {dan})}));
    QSqlQuery query(store.db());
    QVERIFY(query.exec(u"SELECT DISTINCT "_s + LeadColumn::sqlExpression(LeadColumn::AllCampaigns)
                       + u" FROM leads l"_s));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), u"Weekly; Other"_s);
    QVERIFY(!query.next());
}

void TestPersonTable::otherFiltersApplyToTheNewestLead()
{
    // Only Ann's older lead has an email: "has email" in person mode asks the newest lead, so
    // nobody is left (the export's own merge keeps the older email, see tst_personmerger).
    LeadFilter filter;
    filter.hasEmail = true;
    QStringList rowsFound;
    TRY_OR_FAIL(rowsFound = rows(filter));
    QCOMPARE(rowsFound, QStringList {u"ann-a=CTOs, Berlin; Founders"_s});
    filter.onePerPerson = true;
    TRY_OR_FAIL(rowsFound = rows(filter));
    QCOMPARE(rowsFound, QStringList());
    filter.hasEmail = false;
    filter.searchText = u"cem"_s;
    TRY_OR_FAIL(rowsFound = rows(filter));
    QCOMPARE(rowsFound, QStringList {u"cem-b=CTOs, Berlin; Old"_s});
}

qint64 TestPersonTable::idOf(const QString &table, const QString &column, const QString &value)
{
    QSqlQuery query(m_store.db());
    VERIFY_OR_THROW(query.prepare(u"SELECT id FROM %1 WHERE %2 = ?"_s.arg(table, column)));
    query.addBindValue(value);
    VERIFY_OR_THROW(query.exec() && query.next());
    return query.value(0).toLongLong();
}

// What the export merges when the table shows people: every lead of the people the table's
// filter matches (their newest leads), whichever campaign it is in; a lead without an identity
// stays alone.
void TestPersonTable::peopleOfMatchesReadsAllTheirLeads()
{
    const auto ids = [](const QStringList &rows) {
        QStringList out;
        for (const QString &row : rows)
            out.append(row.section(u'=', 0, 0));
        return out;
    };
    LeadFilter filter;
    filter.onePerPerson = true;
    filter.peopleOfMatches = true;
    TRY_OR_FAIL(filter.campaignRowIds = {idOf(u"campaigns"_s, u"campaign_id"_s, u"camp_b"_s)});
    QStringList found;
    TRY_OR_FAIL(found = rows(filter));
    QCOMPARE(ids(found), (QStringList {u"ann-a"_s, u"ann-b"_s, u"cem-b"_s, u"cem-old"_s}));

    LeadFilter selected;
    selected.onePerPerson = true;
    selected.peopleOfMatches = true;
    qint64 bob = 0, anon = 0;
    TRY_OR_FAIL(bob = idOf(u"leads"_s, u"lead_id"_s, u"bob-late"_s));
    TRY_OR_FAIL(anon = idOf(u"leads"_s, u"lead_id"_s, u"anon-a"_s));
    selected.setSelection({bob, anon});
    TRY_OR_FAIL(found = rows(selected));
    QCOMPARE(ids(found), (QStringList {u"anon-a"_s, u"bob-a"_s, u"bob-late"_s}));

    // The count goes the same way: what the export's progress and summary say.
    const LeadQuery count = selected.buildCount();
    QSqlQuery query(m_store.db());
    QVERIFY(query.prepare(count.sql));
    for (const QVariant &value : count.bindings)
        query.addBindValue(value);
    QVERIFY(query.exec() && query.next());
    QCOMPARE(query.value(0).toInt(), 3);
}

// The export of Ann's row selected in the person view: one row, her email from the older
// campaign, both campaigns.
void TestPersonTable::mergedExportOfThePeopleShown()
{
    LeadExporter::Request request;
    request.preset = ExportPreset::custom(
        {LeadColumn::FirstName, LeadColumn::Email, LeadColumn::CampaignName});
    request.onePerPerson = true;
    request.csv.byteOrderMark = false;
    request.filter.onePerPerson = true;
    request.filter.peopleOfMatches = true;
    qint64 annNewest = 0;
    TRY_OR_FAIL(annNewest = idOf(u"leads"_s, u"lead_id"_s, u"ann-b"_s));
    request.filter.setSelection({annNewest});
    const QString path = m_store.filePath(u"ann.csv"_s);
    const LeadExporter::Result result = LeadExporter(m_store.db()).exportToFile(path, request);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.rows, 1);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(
        file.readAll(),
        "First name,Email,Campaign\r\nAnnie,ann@example.com,\"CTOs, Berlin; Founders\"\r\n"_ba);
    file.close();

    // The person table's visible columns hold "All campaigns" instead of "Campaign": no
    // second list of the campaigns is appended.
    request.preset = ExportPreset::custom({LeadColumn::FirstName, LeadColumn::AllCampaigns});
    const LeadExporter::Result again = LeadExporter(m_store.db()).exportToFile(path, request);
    QVERIFY2(again.ok, qPrintable(again.error));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), "First name,All campaigns\r\nAnnie,\"CTOs, Berlin; Founders\"\r\n"_ba);
}

void TestPersonTable::tableToggleShowsPeople()
{
    LeadsView view;
    QAbstractItemModelTester tester(view.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    view.resize(1200, 600);
    view.setDatabasePath(m_store.path());
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_COMPARE(view.countLabel()->text(), u"8 of 8 leads"_s);
    QHeaderView *header = view.tableView()->horizontalHeader();
    QVERIFY(header->isSectionHidden(LeadColumn::AllCampaigns));
    const int campaignAt = header->visualIndex(LeadColumn::CampaignName);
    QVERIFY(!header->isSectionHidden(LeadColumn::CampaignName));

    auto *toggle = view.findChild<QToolButton *>(u"onePerPerson"_s);
    QVERIFY(toggle);
    toggle->click();
    QTRY_COMPARE(view.countLabel()->text(), u"5 people of 8 leads"_s);
    // "All campaigns" where "Campaign" was, which it replaces.
    QVERIFY(!header->isSectionHidden(LeadColumn::AllCampaigns));
    QVERIFY(header->isSectionHidden(LeadColumn::CampaignName));
    QCOMPARE(header->visualIndex(LeadColumn::AllCampaigns), campaignAt);
    QVERIFY(view.filter().onePerPerson);
    QVERIFY2(view.filterSummary().contains(u"One row per person"_s),
             qPrintable(view.filterSummary()));
    QStringList campaigns;
    for (int row = 0; row < view.model()->rowCount(); ++row)
        campaigns.append(view.model()->index(row, LeadColumn::AllCampaigns).data().toString());
    campaigns.sort();
    QCOMPARE(campaigns,
             (QStringList {u"CTOs, Berlin; Founders"_s, u"CTOs, Berlin; Old"_s, u"Founders"_s,
                           u"Late; Founders"_s, u"Old"_s}));

    toggle->click();
    QTRY_COMPARE(view.countLabel()->text(), u"8 of 8 leads"_s);
    QVERIFY(header->isSectionHidden(LeadColumn::AllCampaigns));
    QVERIFY(!header->isSectionHidden(LeadColumn::CampaignName));

    // "All campaigns" shown already (chosen in the header menu, or a restored layout) stays
    // when the table goes back to leads; "Campaign" comes back.
    header->setSectionHidden(LeadColumn::AllCampaigns, false);
    toggle->click();
    QTRY_COMPARE(view.countLabel()->text(), u"5 people of 8 leads"_s);
    QVERIFY(header->isSectionHidden(LeadColumn::CampaignName));
    toggle->click();
    QTRY_COMPARE(view.countLabel()->text(), u"8 of 8 leads"_s);
    QVERIFY(!header->isSectionHidden(LeadColumn::AllCampaigns));
    QVERIFY(!header->isSectionHidden(LeadColumn::CampaignName));
}

// A view saved while the table shows people, and the header layout kept at exit, hold the lead
// table's columns: applying the view swaps them in again, and going back to leads restores
// "Campaign" however the view came.
void TestPersonTable::viewsAndLayoutKeepTheLeadColumns()
{
    LeadsView view;
    view.resize(1200, 600);
    view.setDatabasePath(m_store.path());
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_COMPARE(view.countLabel()->text(), u"8 of 8 leads"_s);
    QHeaderView *header = view.tableView()->horizontalHeader();
    const QList<LeadColumn::Id> leadColumns = view.visibleColumns();
    QVERIFY(leadColumns.contains(LeadColumn::CampaignName));
    auto *toggle = view.findChild<QToolButton *>(u"onePerPerson"_s);
    toggle->click();
    QTRY_COMPARE(view.countLabel()->text(), u"5 people of 8 leads"_s);

    const SavedView saved = view.currentView(u"People"_s);
    QVERIFY(saved.onePerPerson);
    QCOMPARE(saved.columns, leadColumns);
    const QByteArray layout = view.saveHeaderState();
    QVERIFY(header->isSectionHidden(LeadColumn::CampaignName)); // saving left the swap alone

    toggle->click();
    QTRY_COMPARE(view.countLabel()->text(), u"8 of 8 leads"_s);
    view.applyView(saved);
    QTRY_COMPARE(view.countLabel()->text(), u"5 people of 8 leads"_s);
    QVERIFY(toggle->isChecked());
    QVERIFY(header->isSectionHidden(LeadColumn::CampaignName));
    QVERIFY(!header->isSectionHidden(LeadColumn::AllCampaigns));
    // Applying it again while people are shown changes nothing.
    view.applyView(saved);
    QTRY_COMPARE(view.countLabel()->text(), u"5 people of 8 leads"_s);
    QVERIFY(header->isSectionHidden(LeadColumn::CampaignName));
    toggle->click();
    QTRY_COMPARE(view.countLabel()->text(), u"8 of 8 leads"_s);
    QCOMPARE(view.visibleColumns(), leadColumns);

    // The next start restores the lead table's columns (the toggle starts off).
    LeadsView next;
    next.restoreHeaderState(layout);
    QCOMPARE(next.visibleColumns(), leadColumns);
}

void TestPersonTable::personLeftByAChangedIdentityKeepsTheirNewestLead()
{
    // Dee is in an older and a newer campaign; the newer one is sent again with that lead now
    // naming another profile. Dee's older lead must become her newest again, or she would
    // vanish from one row per person.
    TestSupport::TempStore store(u"tst_persontable_identity"_s);
    TRY_OR_FAIL(store.open());
    const Lead old = withIdentifier(namedLead(u"dee-old"_s, u"Dee"_s, u"Park"_s), u"dee"_s);
    Lead newer = withIdentifier(namedLead(u"dee-new"_s, u"Dee"_s, u"Park"_s), u"dee"_s);
    TRY_OR_FAIL(store.ingest({campaign(u"camp_old"_s, u"Old"_s, T0, {old})}));
    TRY_OR_FAIL(store.ingest({campaign(u"camp_new"_s, u"New"_s, T0 + Minute, {newer})}));
    const auto superseded = [&store] {
        QSqlQuery query(store.db());
        QStringList marks;
        if (!query.exec(u"SELECT lead_id || '=' || (flags >> 3 & 1) FROM leads ORDER BY id"_s))
            return QStringList {u"error"_s};
        while (query.next())
            marks.append(query.value(0).toString());
        return marks;
    };
    QCOMPARE(superseded(), (QStringList {u"dee-old=1"_s, u"dee-new=0"_s}));
    newer.linkedinIdentifier = u"dee-park-2"_s;
    newer.linkedinUrl = u"https://www.linkedin.com/in/dee-park-2"_s;
    TRY_OR_FAIL(store.ingest({TestSupport::item(
        TestSupport::jobEvent(u"evt_camp_new_again"_s, u"camp_new"_s, u"New"_s, {newer}),
        TestSupport::acceptedDelivery(T0 + 2 * Minute))}));
    QCOMPARE(superseded(), (QStringList {u"dee-old=0"_s, u"dee-new=0"_s}));
}

QTEST_MAIN(TestPersonTable)
#include "tst_persontable.moc"
