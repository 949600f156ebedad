// SPDX-License-Identifier: MIT
// Selection that scales, on the offscreen platform over a real store: the bar says how many
// leads are selected, "Select all M matching" makes the selection the filter itself (no row
// ids), and the export and the copy of that selection hold exactly the matching leads.
#include "exportdialog.h"
#include "leadfilterbar.h"
#include "leadselectionbar.h"
#include "leadsview.h"

#include "export/exportjob.h"
#include "models/leadtablemodel.h"

#include "filterleads.h"
#include "tempstore.h"

#include <QAbstractItemModelTester>
#include <QClipboard>
#include <QFile>
#include <QGuiApplication>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
namespace FilterLeads = TestSupport::FilterLeads;

Q_DECLARE_METATYPE(LeadExporter::Result)

class TestLeadSelection final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void barCountsTheSelectedRows();
    void selectAllMatchingIsTheFilter();
    void choosingRowsOrFiltersEndsAllMatching();
    void exportOfAllMatchingHoldsExactlyTheMatches_data();
    void exportOfAllMatchingHoldsExactlyTheMatches();
    void copyOfAllMatchingCopiesEveryMatch();

private:
    /// Filters the view to founders (a1, b1, b2) and waits for the table.
    void showFounders();
    void selectRow(int row, QItemSelectionModel::SelectionFlags flags);

    TestSupport::TempStore m_store {u"selection"_s};
    std::unique_ptr<LeadsView> m_view;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestLeadSelection::initTestCase()
{
    qRegisterMetaType<LeadExporter::Result>();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    m_store.open();
    m_store.ingest(FilterLeads::items());
}

void TestLeadSelection::init()
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

void TestLeadSelection::cleanup()
{
    m_tester.reset();
    m_view.reset();
}

void TestLeadSelection::showFounders()
{
    LeadFieldFilters f;
    f.jobPosition = u"founder"_s;
    m_view->filterBar()->setFilters(f);
    QTRY_COMPARE(m_view->countLabel()->text(), u"3 of 6 leads"_s);
}

void TestLeadSelection::selectRow(int row, QItemSelectionModel::SelectionFlags flags)
{
    m_view->tableView()->selectionModel()->select(m_view->model()->index(row, 0),
                                                  flags | QItemSelectionModel::Rows);
}

void TestLeadSelection::barCountsTheSelectedRows()
{
    LeadSelectionBar *bar = m_view->selectionBar();
    QVERIFY(!bar->isVisible()); // nothing selected
    selectRow(0, QItemSelectionModel::ClearAndSelect);
    selectRow(2, QItemSelectionModel::Select);
    QTRY_VERIFY(bar->isVisible());
    QCOMPARE(bar->countLabel()->text(), u"2 selected"_s);
    QVERIFY(bar->selectAllMatchingButton()->isVisible());
    QCOMPARE(bar->selectAllMatchingButton()->text(), u"Select all 6 matching"_s);
    QCOMPARE(m_view->selectedCount(), qint64(2));
    QTest::mouseClick(bar->clearButton(), Qt::LeftButton);
    QTRY_VERIFY(!bar->isVisible());
    QCOMPARE(m_view->selectedCount(), qint64(0));
}

void TestLeadSelection::selectAllMatchingIsTheFilter()
{
    showFounders();
    LeadSelectionBar *bar = m_view->selectionBar();
    selectRow(1, QItemSelectionModel::ClearAndSelect);
    QTRY_COMPARE(bar->countLabel()->text(), u"1 selected"_s);
    QCOMPARE(bar->selectAllMatchingButton()->text(), u"Select all 3 matching"_s);
    QSignalSpy counts(m_view.get(), &LeadsView::selectionCountChanged);
    QTest::mouseClick(bar->selectAllMatchingButton(), Qt::LeftButton);
    QVERIFY(m_view->isAllMatchingSelected());
    QCOMPARE(bar->countLabel()->text(), u"All 3 matching leads are selected"_s);
    QVERIFY(!bar->selectAllMatchingButton()->isVisible());
    QCOMPARE(counts.last().at(0).toInt(), 3);
    QCOMPARE(m_view->selectedCount(), qint64(3));
    // No row ids: the selection is the filter.
    QVERIFY(m_view->selectedLeadRowIds().isEmpty());
    QCOMPARE(m_view->filter().fields.jobPosition, u"founder"_s);
    // The table shows every row selected.
    QCOMPARE(m_view->tableView()->selectionModel()->selectedRows().size(), 3);
}

void TestLeadSelection::choosingRowsOrFiltersEndsAllMatching()
{
    showFounders();
    m_view->selectAllMatching();
    QVERIFY(m_view->isAllMatchingSelected());
    selectRow(0, QItemSelectionModel::ClearAndSelect); // the user picks a row
    QVERIFY(!m_view->isAllMatchingSelected());
    QCOMPARE(m_view->selectionBar()->countLabel()->text(), u"1 selected"_s);
    QCOMPARE(m_view->selectedLeadRowIds().size(), 1);

    m_view->selectAllMatching();
    QVERIFY(m_view->isAllMatchingSelected());
    LeadFieldFilters f = m_view->filterBar()->filters();
    f.enriched = true;
    m_view->filterBar()->setFilters(f); // another set of leads
    QVERIFY(!m_view->isAllMatchingSelected());
    QTRY_COMPARE(m_view->countLabel()->text(), u"2 of 6 leads"_s);
}

void TestLeadSelection::exportOfAllMatchingHoldsExactlyTheMatches_data()
{
    QTest::addColumn<bool>("sortedByName");
    QTest::addColumn<QStringList>("expected"); // lead ids in file order
    QTest::newRow("default order") << false << QStringList {u"a1"_s, u"b1"_s, u"b2"_s};
    QTest::newRow("sorted by name, descending") << true << QStringList {u"b2"_s, u"b1"_s, u"a1"_s};
}

void TestLeadSelection::exportOfAllMatchingHoldsExactlyTheMatches()
{
    QFETCH(bool, sortedByName);
    QFETCH(QStringList, expected);
    showFounders();
    if (sortedByName) {
        // Émile Zola, Dara O'Neil, Anna Müller.
        m_view->tableView()->horizontalHeader()->setSortIndicator(LeadColumn::FullName,
                                                                  Qt::DescendingOrder);
        QVERIFY(m_view->model()->waitForLoaded());
    }
    m_view->selectAllMatching();

    // What MainWindow::exportLeads gives the dialog.
    ExportDialog::Context context;
    context.db = m_store.db();
    context.viewFilter = m_view->filter();
    context.selectedLeads = m_view->selectedLeadRowIds();
    context.selectionIsAllMatching = m_view->isAllMatchingSelected();
    context.shownLeads = m_view->model()->shownCount();
    context.visibleColumns = {LeadColumn::LeadId, LeadColumn::FullName};
    context.defaultFilePath = m_store.filePath(u"selected.csv"_s);
    ExportDialog dialog(context);
    QCOMPARE(dialog.scope(), ExportDialog::Scope::SelectedLeads);
    QCOMPARE(dialog.rowCount(ExportDialog::Scope::SelectedLeads), qint64(3));
    const LeadExporter::Request request = dialog.request();
    QVERIFY(!request.filter.useSelection); // the filter, not a list of ids

    ExportJob job(m_store.path(), dialog.filePath(), request);
    QSignalSpy finished(&job, &ExportJob::finished);
    job.start();
    QVERIFY(finished.wait(60000));
    const auto result = finished.at(0).at(0).value<LeadExporter::Result>();
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.rows, qint64(3));

    QFile file(dialog.filePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QStringList lines = QString::fromUtf8(file.readAll()).split(u"\r\n"_s, Qt::SkipEmptyParts);
    QVERIFY(!lines.isEmpty());
    lines.removeFirst(); // the header
    QStringList ids;
    for (const QString &line : std::as_const(lines))
        ids << line.section(u',', 0, 0);
    QCOMPARE(ids, expected);
}

void TestLeadSelection::copyOfAllMatchingCopiesEveryMatch()
{
    showFounders();
    m_view->selectAllMatching();
    QSignalSpy copied(m_view->selectionBar(), &LeadSelectionBar::copyFinished);
    QGuiApplication::clipboard()->clear();
    m_view->copyRows();
    QVERIFY(copied.wait(30000));
    QCOMPARE(copied.at(0).at(0).toLongLong(), qint64(3));
    QVERIFY(copied.at(0).at(1).toBool());
    QCOMPARE(m_view->selectionBar()->noteLabel()->text(), u"Copied 3 leads."_s);
    const QStringList lines = QGuiApplication::clipboard()->text().split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4); // header and three leads
    QStringList names;
    for (qsizetype i = 1; i < lines.size(); ++i)
        names << lines[i].section(u'\t', 0, 0);
    // The first visible column is the full name.
    QCOMPARE(names, (QStringList {u"Anna Müller"_s, u"Dara O'Neil"_s, u"Émile Zola"_s}));
}

QTEST_MAIN(TestLeadSelection)
#include "tst_leadselection.moc"
