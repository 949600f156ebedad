// SPDX-License-Identifier: MIT
// Saved views: the JSON they are kept as round-trips every part (names in any script, every
// filter, sort and columns), malformed or unknown parts are dropped, the settings file keeps
// them across a restart, and the panel applies a saved view to a real lead table on the
// offscreen platform (filters, search, sort, columns, count).
#include "leadfilterbar.h"
#include "leadsview.h"
#include "savedviewspanel.h"

#include "common/settings.h"
#include "models/leadtablemodel.h"
#include "query/savedview.h"

#include "filterleads.h"
#include "tempstore.h"

#include <QAbstractButton>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
namespace FilterLeads = TestSupport::FilterLeads;

Q_DECLARE_METATYPE(SavedView)

namespace {

SavedView everyPart()
{
    SavedView view;
    view.name = u"Founders — 株式会社テスト, \"quoted\""_s;
    view.searchText = u"müller"_s;
    view.hasEmail = true;
    view.hasPhone = true;
    view.notExported = true;
    view.onePerPerson = true;
    view.fields.company = u"Société Générale"_s;
    view.fields.jobPosition = u"founder"_s;
    view.fields.location = u"île"_s;
    view.fields.industry = u"software"_s;
    view.fields.seniority = u"vp"_s;
    view.fields.campaignName = u"été"_s;
    view.fields.enriched = true;
    view.fields.connections = {500, std::nullopt};
    view.fields.followers = {0, 9'000'000'000LL};
    view.sortColumn = LeadColumn::Followers;
    view.sortOrder = Qt::DescendingOrder;
    view.columns = {LeadColumn::Email, LeadColumn::FullName, LeadColumn::Followers};
    return view;
}

} // namespace

class TestSavedViews final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void jsonRoundTrip_data();
    void jsonRoundTrip();
    void malformedPartsAreDropped();
    void settingsKeepThemAcrossARestart();
    void panelSavesAndAppliesAView();

private:
    TestSupport::TempStore m_store {u"saved-views"_s};
};

void TestSavedViews::initTestCase()
{
    m_store.open();
    m_store.ingest(FilterLeads::items());
}

void TestSavedViews::jsonRoundTrip_data()
{
    QTest::addColumn<SavedView>("view");
    SavedView plain;
    plain.name = u"Everything"_s;
    QTest::newRow("a name only") << plain;
    QTest::newRow("every part") << everyPart();
    SavedView ascending = everyPart();
    ascending.sortOrder = Qt::AscendingOrder;
    ascending.sortColumn = LeadColumn::CampaignName;
    QTest::newRow("ascending by campaign") << ascending;
    SavedView longName = plain;
    longName.name = QString(60, u'Ж');
    QTest::newRow("60 Cyrillic characters") << longName;
}

void TestSavedViews::jsonRoundTrip()
{
    QFETCH(SavedView, view);
    const QList<SavedView> back = SavedViews::parse(SavedViews::serialize({view}));
    QCOMPARE(back.size(), 1);
    QVERIFY(back.first() == view);
}

void TestSavedViews::malformedPartsAreDropped()
{
    QVERIFY(SavedViews::parse("not json").isEmpty());
    QVERIFY(SavedViews::parse("{\"name\":\"an object, not an array\"}").isEmpty());
    const QList<SavedView> views = SavedViews::parse(
        R"([{"name":""},{"name":"A","columns":["email","no_such_column","email"],)"
        R"("sort":"nonsense","descending":true,"filters":{"connections":{"min":"x","max":"7"}}},)"
        R"({"name":"A","search":"second A"}, 42])");
    QCOMPARE(views.size(), 1); // no name, a repeated name and a number are dropped
    QCOMPARE(views[0].name, u"A"_s);
    QCOMPARE(views[0].columns, QList<LeadColumn::Id> {LeadColumn::Email});
    QVERIFY(!views[0].sortColumn);
    QCOMPARE(views[0].sortOrder, Qt::AscendingOrder);
    QVERIFY(!views[0].fields.connections.min);
    QCOMPARE(views[0].fields.connections.max, std::optional<qint64>(7));
    QCOMPARE(views[0].searchText, QString());
}

void TestSavedViews::settingsKeepThemAcrossARestart()
{
    const QString file = m_store.filePath(u"restart.ini"_s);
    SavedView second;
    second.name = u"Second"_s;
    {
        Settings settings(file);
        SavedViews::save(settings, {everyPart(), second});
    }
    Settings reopened(file);
    const QList<SavedView> views = SavedViews::load(reopened);
    QCOMPARE(views.size(), 2);
    QVERIFY(views[0] == everyPart());
    QVERIFY(views[1] == second);
}

void TestSavedViews::panelSavesAndAppliesAView()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    const QString file = m_store.filePath(u"panel.ini"_s);
    {
        Settings settings(file);
        LeadsView leads;
        SavedViewsPanel panel(&leads, &settings);
        leads.setDatabasePath(m_store.path());
        leads.show();
        QTRY_COMPARE(leads.countLabel()->text(), u"6 of 6 leads"_s);
        LeadFieldFilters f;
        f.jobPosition = u"founder"_s;
        leads.filterBar()->setFilters(f);
        leads.tableView()->horizontalHeader()->setSortIndicator(LeadColumn::FullName,
                                                                Qt::DescendingOrder);
        leads.setColumnVisible(LeadColumn::Headline, false);
        leads.setColumnVisible(LeadColumn::Followers, true);
        leads.findChild<QAbstractButton *>(u"notExported"_s)->click(); // nobody exported yet
        QTRY_COMPARE(leads.countLabel()->text(), u"3 of 6 leads"_s);
        panel.saveCurrent(u"  Founders  "_s);
        QCOMPARE(panel.list()->count(), 1);
        QCOMPARE(panel.list()->item(0)->text(), u"Founders"_s);
        // Saving the same name again replaces it.
        panel.saveCurrent(u"Founders"_s);
        QCOMPARE(panel.list()->count(), 1);
    }

    // A restart: a new window on the same settings file, with the default view.
    Settings settings(file);
    LeadsView leads;
    SavedViewsPanel panel(&leads, &settings);
    leads.setDatabasePath(m_store.path());
    leads.show();
    QTRY_COMPARE(leads.countLabel()->text(), u"6 of 6 leads"_s);
    QCOMPARE(panel.list()->count(), 1);
    QTest::mouseClick(panel.list()->viewport(), Qt::LeftButton, {},
                      panel.list()->visualItemRect(panel.list()->item(0)).center());
    QTRY_COMPARE(leads.countLabel()->text(), u"3 of 6 leads"_s);
    QCOMPARE(leads.filterBar()->chipTexts(), QStringList {u"Position: founder"_s});
    QVERIFY(leads.filter().notExported);
    QCOMPARE(leads.filterSummary(), u"Not yet exported; Position: founder"_s);
    QVERIFY(!leads.visibleColumns().contains(LeadColumn::Headline));
    QVERIFY(leads.visibleColumns().contains(LeadColumn::Followers));
    QCOMPARE(leads.filter().sortColumn, std::optional<LeadColumn::Id>(LeadColumn::FullName));
    QCOMPARE(leads.filter().sortOrder, Qt::DescendingOrder);
    QVERIFY(leads.model()->waitForLoaded());
    QCOMPARE(leads.model()->index(0, LeadColumn::LeadId).data().toString(), u"b2"_s); // Émile

    // Delete removes it from the list and from the file.
    panel.list()->setCurrentRow(0);
    QTest::mouseClick(panel.deleteButton(), Qt::LeftButton);
    QCOMPARE(panel.list()->count(), 0);
    QVERIFY(SavedViews::load(Settings(file)).isEmpty());
}

QTEST_MAIN(TestSavedViews)
#include "tst_savedviews.moc"
