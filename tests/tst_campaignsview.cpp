// SPDX-License-Identifier: MIT
// The campaign list as an analyst reads it (viewer issue item 10): at the default pane width the
// name, completion, leads, enrichment rate and credits are visible; type, mode and status read
// as words; the whole name is in the tooltip (names sharing a prefix look alike when cut); the
// search box narrows the list as the user types, ignoring case and accents; the details box
// shows no API path. Real store, real widgets on the offscreen platform.
#include "campaignsview.h"

#include "models/campaignfiltermodel.h"
#include "models/campaignmodel.h"
#include "models/modelroles.h"

#include "checks.h"
#include "fixtures.h"
#include "tempstore.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStyle>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace TestSupport;

namespace {
const QString Wave1 = u"Q4 EMEA founders, Germany (Berlin, Munich, Hamburg): wave 1"_s;
const QString Wave2 = u"Q4 EMEA founders, Germany (Berlin, Munich, Hamburg): wave 2"_s;
const QString Accented = u"Zoë Müller's Łódź list"_s;
const QString Japanese = u"東京のスタートアップ創業者"_s;
// The pane's width in a default window (MainWindow's splitter sizes).
constexpr int DefaultPaneWidth = 410;

EventStore::Item job(const QString &id, const QString &name, const QString &type,
                     const QString &mode, int leads, int enriched)
{
    QList<Lead> list;
    for (int i = 0; i < leads; ++i) {
        Lead lead;
        lead.id = u"%1-%2"_s.arg(id).arg(i);
        lead.linkedinIdentifier = lead.id;
        lead.fullName = u"Lead %1"_s.arg(i);
        list.append(lead);
    }
    Event event = jobEvent(u"evt_"_s + id, u"camp_"_s + id, name, list);
    ExtractorJob &data = *event.extractorJob;
    data.campaignType = type;
    data.mode = mode;
    data.totalLeadsExtracted = leads;
    data.totalLeadsEnriched = enriched;
    data.requestedLimit = leads;
    data.completedAt = QDateTime::fromMSecsSinceEpoch(FixtureTimeMs, Qt::UTC);
    data.startedAt = data.completedAt.addSecs(-1800);
    data.durationMs = 1'800'000;
    data.credits = {leads, enriched, leads + enriched};
    data.searchUrls = {u"https://www.linkedin.com/search/results/people/?keywords=founder"_s};
    data.resultsUrl = u"/v1/lead-extractor/campaigns/camp_%1/results"_s.arg(id);
    return item(event);
}
} // namespace

class TestCampaignsView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void firstColumnsVisibleAtDefaultWidth();
    void typeModeAndStatusReadAsWords();
    void nameTooltipIsTheWholeName();
    void detailsShowNoApiPath();
    void searchFiltersAsYouType();
    void searchKeepsUpWithRefreshAndSort();
    void selectingAHiddenCampaignClearsTheSearch();

private:
    int rowOf(const QString &name) const;

    TempStore m_store {u"campaignsview"_s};
    std::unique_ptr<CampaignsView> m_view;
};

void TestCampaignsView::initTestCase()
{
    TRY_OR_FAIL(m_store.open());
    TRY_OR_FAIL(
        m_store.ingest({job(u"w1"_s, Wave1, u"SEARCH"_s, u"with_enrichment"_s, 40, 38),
                        job(u"w2"_s, Wave2, u"SEARCH"_s, u"extraction_only"_s, 25, 0),
                        job(u"acc"_s, Accented, u"POST_ENGAGEMENT"_s, u"WITH_ENRICHMENT"_s, 12, 6),
                        job(u"jp"_s, Japanese, QString(), u"deep_scan"_s, 3, 3)}));
}

void TestCampaignsView::init()
{
    m_view = std::make_unique<CampaignsView>();
    m_view->setDatabase(m_store.db());
    m_view->resize(DefaultPaneWidth, 500);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    QCOMPARE(m_view->model()->rowCount(), 4);
}

void TestCampaignsView::cleanup()
{
    m_view.reset();
}

int TestCampaignsView::rowOf(const QString &name) const
{
    const QAbstractItemModel *model = m_view->tableView()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, CampaignModel::Name)
                .data(Qt::ToolTipRole)
                .toString()
                .startsWith(name))
            return row;
    }
    return -1;
}

void TestCampaignsView::firstColumnsVisibleAtDefaultWidth()
{
    QTableView *table = m_view->tableView();
    const QHeaderView *header = table->horizontalHeader();
    const QList<int> first {CampaignModel::Name, CampaignModel::CompletedAt,
                            CampaignModel::LeadsExtracted, CampaignModel::EnrichmentRate,
                            CampaignModel::CreditsTotal};
    for (int visual = 0; visual < first.size(); ++visual) {
        const int column = first.at(visual);
        QCOMPARE(header->logicalIndex(visual), column);
        const int right = header->sectionViewportPosition(column) + header->sectionSize(column);
        // With room for a vertical scroll bar, which a longer list shows.
        const int room
            = table->viewport()->width() - table->style()->pixelMetric(QStyle::PM_ScrollBarExtent);
        QVERIFY2(right <= room,
                 qPrintable(u"%1 ends at %2 of %3"_s.arg(column).arg(right).arg(room)));
        // Wide enough for its title and its values, not cut to "…".
        const QString title = table->model()->headerData(column, Qt::Horizontal).toString();
        QVERIFY2(header->sectionSize(column) >= table->fontMetrics().horizontalAdvance(title),
                 qPrintable(title));
        if (column != CampaignModel::Name) {
            const QString value = table->model()->index(0, column).data().toString();
            QVERIFY2(header->sectionSize(column) > table->fontMetrics().horizontalAdvance(value),
                     qPrintable(value));
        }
    }
    QCOMPARE(table->model()->headerData(CampaignModel::LeadsExtracted, Qt::Horizontal), u"Leads"_s);
    const int w1 = rowOf(Wave1);
    QCOMPARE(table->model()->index(w1, CampaignModel::EnrichmentRate).data().toString(),
             QLocale().toString(95.0, 'f', 1) + u" %"_s);
    QCOMPARE(table->model()->index(w1, CampaignModel::CreditsTotal).data().toString(), u"78"_s);
}

void TestCampaignsView::typeModeAndStatusReadAsWords()
{
    const QAbstractItemModel *model = m_view->tableView()->model();
    struct Expected
    {
        QString name, type, mode;
    };
    const QList<Expected> expected {
        {Wave1, u"LinkedIn search"_s, u"With enrichment"_s},
        {Wave2, u"LinkedIn search"_s, u"Extraction only"_s},
        // Not documented: still words, not codes; the raw value in the tooltip.
        {Accented, u"Post engagement"_s, u"With enrichment"_s},
        {Japanese, QString(), u"Deep scan"_s},
    };
    for (const Expected &e : expected) {
        const int row = rowOf(e.name);
        QVERIFY2(row >= 0, qPrintable(e.name));
        QCOMPARE(model->index(row, CampaignModel::Type).data().toString(), e.type);
        QCOMPARE(model->index(row, CampaignModel::Mode).data().toString(), e.mode);
        QCOMPARE(model->index(row, CampaignModel::Status).data().toString(), u"Finished"_s);
    }
    const int row = rowOf(Accented);
    QCOMPARE(model->index(row, CampaignModel::Type).data(Qt::ToolTipRole).toString(),
             u"POST_ENGAGEMENT"_s);
    QCOMPARE(model->index(row, CampaignModel::Type).data(ModelRoles::RawValueRole).toString(),
             u"POST_ENGAGEMENT"_s);
}

void TestCampaignsView::nameTooltipIsTheWholeName()
{
    QTableView *table = m_view->tableView();
    const int w1 = rowOf(Wave1), w2 = rowOf(Wave2);
    // The column is narrower than the names: the view cuts both at the same place...
    QVERIFY(table->horizontalHeader()->sectionSize(CampaignModel::Name)
            < table->fontMetrics().horizontalAdvance(Wave1));
    // ...and the tooltip tells them apart.
    QCOMPARE(table->model()->index(w1, CampaignModel::Name).data(Qt::ToolTipRole).toString(),
             Wave1 + u"\ncamp_w1"_s);
    QCOMPARE(table->model()->index(w2, CampaignModel::Name).data(Qt::ToolTipRole).toString(),
             Wave2 + u"\ncamp_w2"_s);
    QCOMPARE(table->model()->index(rowOf(Japanese), CampaignModel::Name).data().toString(),
             Japanese);
    // The time columns are short, with the whole time on hover.
    const QString completed
        = table->model()->index(w1, CampaignModel::CompletedAt).data(Qt::ToolTipRole).toString();
    QCOMPARE(completed,
             QDateTime::fromMSecsSinceEpoch(TestSupport::FixtureTimeMs, Qt::LocalTime)
                 .toString(u"yyyy-MM-dd HH:mm"_s));
}

void TestCampaignsView::detailsShowNoApiPath()
{
    QTableView *table = m_view->tableView();
    table->selectRow(rowOf(Wave1));
    const auto *details = m_view->findChild<QLabel *>(u"campaignDetails"_s);
    QVERIFY(details->isVisible());
    const QString text = details->text();
    QVERIFY2(!text.contains(u"/v1/"_s), qPrintable(text));
    QVERIFY2(text.contains(u"LinkedIn search · With enrichment · finished"_s), qPrintable(text));
    QVERIFY2(text.contains(u"40 of 40 requested leads extracted"_s), qPrintable(text));
    QVERIFY2(text.contains(u"<a href=\"https://www.linkedin.com/search/results/people/"
                           u"?keywords=founder\">"_s),
             qPrintable(text));
}

void TestCampaignsView::searchFiltersAsYouType()
{
    QLineEdit *search = m_view->searchField();
    QVERIFY(search->isVisible());
    const QAbstractItemModel *shown = m_view->tableView()->model();
    auto shownNames = [shown] {
        QStringList names;
        for (int row = 0; row < shown->rowCount(); ++row)
            names << shown->index(row, CampaignModel::Name).data().toString();
        names.sort();
        return names;
    };
    QTest::keyClicks(search, u"wave"_s);
    QCOMPARE(shownNames(), (QStringList {Wave1, Wave2}));
    QTest::keyClicks(search, u" 2"_s);
    QCOMPARE(shownNames(), QStringList {Wave2});
    search->clear();
    QCOMPARE(shown->rowCount(), 4);
    // Without case or accents, as the lead search.
    QTest::keyClicks(search, u"MULLER lodz"_s);
    QCOMPARE(shownNames(), QStringList {Accented});
    search->clear();
    QTest::keyClicks(search, u"zoe"_s);
    QCOMPARE(shownNames(), QStringList {Accented});
    search->clear();
    search->insert(u"東京"_s); // typed through an input method: keyClicks is ASCII only
    QCOMPARE(shownNames(), QStringList {Japanese});
    search->clear();
    QTest::keyClicks(search, u"camp_w1"_s); // the id, as the tooltip shows it
    QCOMPARE(shownNames(), QStringList {Wave1});
    search->clear();
    QTest::keyClicks(search, u"nothing like it"_s);
    QCOMPARE(shown->rowCount(), 0);
    const auto *details = m_view->findChild<QLabel *>(u"campaignDetails"_s);
    QVERIFY2(details->isVisible() && details->text().contains(u"No campaign"_s),
             qPrintable(details->text()));
    search->clear();
    QCOMPARE(shown->rowCount(), 4);
}

// The filter over a model that refreshes and sorts: under QAbstractItemModelTester, with new
// campaigns arriving while a search is typed.
void TestCampaignsView::searchKeepsUpWithRefreshAndSort()
{
    TempStore store(u"campaignsview-refresh"_s);
    TRY_OR_FAIL(store.open());
    TRY_OR_FAIL(
        store.ingest({job(u"a"_s, u"Alpha wave"_s, u"SEARCH"_s, u"with_enrichment"_s, 5, 5)}));
    CampaignModel model;
    CampaignFilterModel filter(&model);
    QAbstractItemModelTester sourceTester(&model,
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester tester(&filter,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(store.db());
    filter.setSearchText(u"WAVE"_s);
    QCOMPARE(filter.rowCount(), 1);
    TRY_OR_FAIL(store.ingest({job(u"b"_s, u"Beta wave"_s, u"SEARCH"_s, u"extraction_only"_s, 9, 0),
                              job(u"c"_s, u"Gamma"_s, u"SEARCH"_s, u"extraction_only"_s, 2, 0)}));
    model.refresh();
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(filter.rowCount(), 2);
    filter.sort(CampaignModel::LeadsExtracted, Qt::DescendingOrder);
    QCOMPARE(filter.index(0, CampaignModel::Name).data().toString(), u"Beta wave"_s);
    filter.sort(CampaignModel::LeadsExtracted, Qt::AscendingOrder);
    QCOMPARE(filter.index(0, CampaignModel::Name).data().toString(), u"Alpha wave"_s);
    filter.setSearchText(QString());
    QCOMPARE(filter.rowCount(), 3);
    QCOMPARE(filter.index(0, CampaignModel::Name).data().toString(), u"Gamma"_s);
}

// A campaign opened from a profile while a search hides it is shown, not silently not selected.
void TestCampaignsView::selectingAHiddenCampaignClearsTheSearch()
{
    QTest::keyClicks(m_view->searchField(), u"wave"_s);
    QCOMPARE(m_view->tableView()->model()->rowCount(), 2);
    qint64 japanese = 0;
    for (int row = 0; row < m_view->model()->rowCount(); ++row) {
        if (m_view->model()->index(row, CampaignModel::Name).data().toString() == Japanese)
            japanese = m_view->model()->campaignRowId(row);
    }
    QVERIFY(japanese > 0);
    QSignalSpy selected(m_view.get(), &CampaignsView::selectionChanged);
    m_view->selectCampaign(japanese);
    QVERIFY(m_view->searchField()->text().isEmpty());
    QCOMPARE(m_view->selectedCampaignRowIds(), QList<qint64> {japanese});
    QVERIFY(!selected.isEmpty());
}

QTEST_MAIN(TestCampaignsView)
#include "tst_campaignsview.moc"
