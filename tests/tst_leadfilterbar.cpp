// SPDX-License-Identifier: MIT
// The filter bar in the lead table, on the offscreen platform over a real store: the editor's
// fields become chips and narrow the table ("N of M leads"), a chip's × (mouse or Delete key)
// clears its filter, ranges warn when they cannot match, and long or non-Latin values stay
// readable.
#include "leadfilterbar.h"
#include "leadfilterpopup.h"
#include "leadsview.h"

#include "models/leadtablemodel.h"

#include "filterleads.h"
#include "tempstore.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
namespace FilterLeads = TestSupport::FilterLeads;

class TestLeadFilterBar final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void fieldsBecomeChipsAndNarrowTheTable();
    void chipClearButtonClearsItsFilter();
    void deleteKeyOnAChipClearsItAndKeepsTheKeyboardThere();
    void filtersCombineWithTheSearchBox();
    void impossibleRangeWarnsAndShowsNothing();
    void longAndNonLatinValues();
    void setFiltersShowsThemInTheEditor();

private:
    void type(QLineEdit *edit, const QString &text);

    TestSupport::TempStore m_store {u"filter-bar"_s};
    std::unique_ptr<LeadsView> m_view;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestLeadFilterBar::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); // "1,200"
    m_store.open();
    m_store.ingest(FilterLeads::items());
}

void TestLeadFilterBar::init()
{
    m_view = std::make_unique<LeadsView>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_view->resize(1200, 600);
    m_view->setDatabasePath(m_store.path());
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    QTRY_COMPARE(m_view->countLabel()->text(), u"6 of 6 leads"_s);
}

void TestLeadFilterBar::cleanup()
{
    m_tester.reset();
    m_view.reset();
}

void TestLeadFilterBar::type(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    if (text.isEmpty())
        QTest::keyClick(edit, Qt::Key_Delete);
    else
        QTest::keyClicks(edit, text);
}

void TestLeadFilterBar::fieldsBecomeChipsAndNarrowTheTable()
{
    LeadFilterBar *bar = m_view->filterBar();
    QVERIFY(bar->chipTexts().isEmpty());
    QCOMPARE(bar->filtersButton()->text(), u"Filters…"_s);

    QTest::mouseClick(bar->filtersButton(), Qt::LeftButton);
    QTRY_VERIFY(bar->popup()->isVisible());
    QTRY_COMPARE(QApplication::focusWidget(), bar->popup()->companyEdit()); // typing goes there

    type(bar->popup()->companyEdit(), u"acme"_s);
    QTRY_COMPARE(bar->chipTexts(), QStringList {u"Company: acme"_s});
    QTRY_COMPARE(m_view->countLabel()->text(), u"3 of 6 leads"_s);

    type(bar->popup()->positionEdit(), u"founder"_s);
    QTRY_COMPARE(bar->chipTexts(), (QStringList {u"Company: acme"_s, u"Position: founder"_s}));
    QTRY_COMPARE(m_view->countLabel()->text(), u"2 of 6 leads"_s);

    bar->popup()->enrichedBox()->setChecked(true);
    QTRY_COMPARE(bar->chipTexts().size(), 3);
    QCOMPARE(bar->chipTexts().last(), u"Enriched (email or phone)"_s);
    QTRY_COMPARE(m_view->countLabel()->text(), u"1 of 6 leads"_s);
    QCOMPARE(m_view->model()->index(0, LeadColumn::LeadId).data().toString(), u"b1"_s);
    QCOMPARE(bar->filtersButton()->text(), u"Filters (3)…"_s);

    // The table's filter (what an export of the shown leads reads) carries the same fields.
    const LeadFilter filter = m_view->filter();
    QCOMPARE(filter.fields.company, u"acme"_s);
    QCOMPARE(filter.fields.jobPosition, u"founder"_s);
    QVERIFY(filter.fields.enriched);

    // A Lead Database search's industry narrows too: none of these leads has one.
    type(bar->popup()->industryEdit(), u"software"_s);
    QTRY_COMPARE(bar->chipTexts().size(), 4);
    QCOMPARE(bar->chipTexts().at(2), u"Industry: software"_s); // after the place, in form order
    QTRY_COMPARE(m_view->countLabel()->text(), u"0 of 6 leads"_s);
    QCOMPARE(m_view->filter().fields.industry, u"software"_s);
    bar->popup()->industryEdit()->clear();
    QTRY_COMPARE(bar->chipTexts().size(), 3);
    QTRY_COMPARE(m_view->countLabel()->text(), u"1 of 6 leads"_s);

    QTest::keyClick(bar->popup(), Qt::Key_Escape);
    QTRY_VERIFY(!bar->popup()->isVisible());
    QCOMPARE(bar->chipTexts().size(), 3); // closing keeps the filters
}

void TestLeadFilterBar::chipClearButtonClearsItsFilter()
{
    LeadFilterBar *bar = m_view->filterBar();
    LeadFieldFilters f;
    f.company = u"acme"_s;
    f.connections.min = 500;
    bar->setFilters(f);
    QTRY_COMPARE(m_view->countLabel()->text(), u"1 of 6 leads"_s); // b1
    QCOMPARE(bar->chipTexts(), (QStringList {u"Company: acme"_s, u"Connections: at least 500"_s}));

    QList<QAbstractButton *> clears = bar->chipClearButtons();
    QCOMPARE(clears.size(), 2);
    QCOMPARE(clears[0]->accessibleName(), u"Clear filter Company: acme"_s);
    QTest::mouseClick(clears[0], Qt::LeftButton);
    QTRY_COMPARE(bar->chipTexts(), QStringList {u"Connections: at least 500"_s});
    QTRY_COMPARE(m_view->countLabel()->text(), u"3 of 6 leads"_s); // a1, b1, b3
    QCOMPARE(bar->filters().company, QString());
    QCOMPARE(bar->popup()->companyEdit()->text(), QString()); // the editor agrees

    // With two or more chips a "Clear all" follows them.
    f.company = u"acme"_s;
    bar->setFilters(f);
    QToolButton *all = bar->findChild<QToolButton *>(u"clearAllFilters"_s);
    QVERIFY(all);
    QTest::mouseClick(all, Qt::LeftButton);
    QTRY_VERIFY(bar->chipTexts().isEmpty());
    QTRY_COMPARE(m_view->countLabel()->text(), u"6 of 6 leads"_s);
}

void TestLeadFilterBar::deleteKeyOnAChipClearsItAndKeepsTheKeyboardThere()
{
    LeadFilterBar *bar = m_view->filterBar();
    LeadFieldFilters f;
    f.location = u"ile"_s;
    f.followers.max = 100;
    bar->setFilters(f);
    QTRY_COMPARE(m_view->countLabel()->text(), u"1 of 6 leads"_s); // b2

    QAbstractButton *first = bar->chipClearButtons().value(0);
    QVERIFY(first);
    QVERIFY(first->focusPolicy() & Qt::TabFocus); // reachable with Tab
    first->setFocus(Qt::TabFocusReason);
    QTRY_COMPARE(QApplication::focusWidget(), first);
    QTest::keyClick(first, Qt::Key_Delete);
    QTRY_COMPARE(bar->chipTexts(), QStringList {u"Followers: at most 100"_s});
    QTRY_COMPARE(m_view->countLabel()->text(), u"3 of 6 leads"_s);
    // The focus moved to the remaining chip, so the next Delete clears it too.
    QTRY_COMPARE(QApplication::focusWidget(), bar->chipClearButtons().value(0));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
    QTRY_VERIFY(bar->chipTexts().isEmpty());
    QTRY_COMPARE(m_view->countLabel()->text(), u"6 of 6 leads"_s);
}

void TestLeadFilterBar::filtersCombineWithTheSearchBox()
{
    LeadFieldFilters f;
    f.jobPosition = u"founder"_s;
    m_view->filterBar()->setFilters(f);
    QTRY_COMPARE(m_view->countLabel()->text(), u"3 of 6 leads"_s);
    QTest::keyClicks(m_view->searchEdit(), u"emile"_s);
    QTRY_COMPARE(m_view->countLabel()->text(), u"1 of 6 leads"_s);
    QCOMPARE(m_view->model()->index(0, LeadColumn::LeadId).data().toString(), u"b2"_s);
    m_view->searchEdit()->clear();
    QTRY_COMPARE(m_view->countLabel()->text(), u"3 of 6 leads"_s);
}

void TestLeadFilterBar::impossibleRangeWarnsAndShowsNothing()
{
    LeadFilterBar *bar = m_view->filterBar();
    QTest::mouseClick(bar->filtersButton(), Qt::LeftButton);
    QTRY_VERIFY(bar->popup()->isVisible());
    QVERIFY(bar->popup()->warning().isEmpty());
    type(bar->popup()->connectionsMinEdit(), u"600"_s);
    type(bar->popup()->connectionsMaxEdit(), u"100"_s);
    QVERIFY(bar->popup()->warning().contains(u"minimum is above the maximum"_s));
    QTRY_COMPARE(bar->chipTexts(), QStringList {u"Connections: 600 to 100"_s});
    QTRY_COMPARE(m_view->countLabel()->text(), u"0 of 6 leads"_s);
    // Letters are not typed into a number field.
    type(bar->popup()->followersMinEdit(), u"abc"_s);
    QCOMPARE(bar->popup()->followersMinEdit()->text(), QString());
    type(bar->popup()->connectionsMaxEdit(), u""_s);
    QTRY_VERIFY(bar->popup()->warning().isEmpty());
    QTRY_COMPARE(m_view->countLabel()->text(), u"1 of 6 leads"_s); // b3, 10,000
}

void TestLeadFilterBar::longAndNonLatinValues()
{
    LeadFilterBar *bar = m_view->filterBar();
    LeadFieldFilters f;
    f.company = u"株式会社テスト"_s;
    bar->setFilters(f);
    QTRY_COMPARE(m_view->countLabel()->text(), u"1 of 6 leads"_s);
    QCOMPARE(bar->chipTexts(), QStringList {u"Company: 株式会社テスト"_s});

    // A 60-character value: the chip is elided to a bounded width, the tooltip has it all.
    f.company = u"Société Générale Investment Banking and Markets Division Ltd."_s;
    QCOMPARE(f.company.size(), 61);
    bar->setFilters(f);
    QTRY_COMPARE(m_view->countLabel()->text(), u"1 of 6 leads"_s);
    QFrame *chip = bar->findChild<QFrame *>(u"filterChip"_s);
    QVERIFY(chip);
    QLabel *label = chip->findChild<QLabel *>();
    QVERIFY(label->text().endsWith(u"…"_s));
    QCOMPARE(label->toolTip(), u"Company: "_s + f.company);
    QVERIFY(chip->sizeHint().width() < bar->fontMetrics().averageCharWidth() * 40);
}

void TestLeadFilterBar::setFiltersShowsThemInTheEditor()
{
    LeadFilterBar *bar = m_view->filterBar();
    LeadFieldFilters f;
    f.campaignName = u"ete"_s;
    f.followers = {80, 1200};
    bar->setFilters(f);
    QCOMPARE(bar->popup()->campaignEdit()->text(), u"ete"_s);
    QCOMPARE(bar->popup()->followersMinEdit()->text(), u"80"_s);
    QCOMPARE(bar->popup()->followersMaxEdit()->text(), u"1200"_s);
    QCOMPARE(bar->popup()->filters(), f);
    QCOMPARE(bar->chipTexts(), (QStringList {u"Campaign: ete"_s, u"Followers: 80 to 1,200"_s}));
    QTRY_COMPARE(m_view->countLabel()->text(), u"2 of 6 leads"_s); // a1, a3 (a2: unknown)
}

QTEST_MAIN(TestLeadFilterBar)
#include "tst_leadfilterbar.moc"
