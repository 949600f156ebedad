// SPDX-License-Identifier: MIT
#include "exporthistorydialog.h"

#include "export/exporthistory.h"
#include "models/exporthistorymodel.h"
#include "models/modelroles.h"

#include "checks.h"
#include "tempstore.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
ExportRecord exportRecord(qint64 atMs, const QString &file, qint64 rows, bool marked)
{
    ExportRecord r;
    r.exportedAtMs = atMs;
    r.scope = u"all matching"_s;
    r.filterSummary = u"Has email; Job position: founder; Not yet exported"_s;
    r.preset = u"crm"_s;
    r.format = u"xlsx"_s;
    r.filePath = file;
    r.rowCount = rows;
    r.marked = marked;
    return r;
}
} // namespace

class TestExportHistoryDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void modelShowsTheHistoryNewestFirst();
    void dialogListsAndRefreshes();
    void unreadableHistoryIsReported();

private:
    void write(ExportRecord record);

    std::unique_ptr<TestSupport::TempStore> m_store;
};

void TestExportHistoryDialog::init()
{
    m_store = std::make_unique<TestSupport::TempStore>();
    TRY_OR_FAIL(m_store->open());
}

void TestExportHistoryDialog::cleanup()
{
    m_store.reset();
}

void TestExportHistoryDialog::write(ExportRecord record)
{
    QString error;
    QVERIFY2(ExportHistory(m_store->db()).write(&record, {}, &error), qPrintable(error));
}

void TestExportHistoryDialog::modelShowsTheHistoryNewestFirst()
{
    ExportHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDatabase(m_store->db());
    QVERIFY(model.refresh());
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), int(ExportHistoryModel::ColumnCount));

    write(exportRecord(1'700'000'000'000, u"/tmp/monday.xlsx"_s, 12, true));
    write(exportRecord(1'700'086'400'000, u"/tmp/tuesday.xlsx"_s, 3, false));
    QVERIFY(model.refresh());
    QCOMPARE(model.rowCount(), 2);
    const auto cell = [&model](int row, ExportHistoryModel::Column column, int role) {
        return model.data(model.index(row, column), role);
    };
    QCOMPARE(cell(0, ExportHistoryModel::File, Qt::DisplayRole).toString(), u"/tmp/tuesday.xlsx"_s);
    QCOMPARE(cell(1, ExportHistoryModel::File, Qt::DisplayRole).toString(), u"/tmp/monday.xlsx"_s);
    QCOMPARE(cell(0, ExportHistoryModel::ExportedAt, ModelRoles::RawValueRole).toLongLong(),
             1'700'086'400'000);
    QCOMPARE(cell(1, ExportHistoryModel::Rows, ModelRoles::RawValueRole).toLongLong(), 12);
    QCOMPARE(cell(1, ExportHistoryModel::Rows, Qt::DisplayRole).toString(), QLocale().toString(12));
    QCOMPARE(cell(1, ExportHistoryModel::Marked, Qt::DisplayRole).toString(), u"Marked"_s);
    QCOMPARE(cell(0, ExportHistoryModel::Marked, Qt::DisplayRole).toString(), u"Not marked"_s);
    QCOMPARE(cell(0, ExportHistoryModel::Format, Qt::DisplayRole).toString(), u"XLSX"_s);
    QCOMPARE(cell(0, ExportHistoryModel::Scope, Qt::DisplayRole).toString(), u"all matching"_s);
    QCOMPARE(cell(0, ExportHistoryModel::Filters, Qt::DisplayRole).toString(),
             u"Has email; Job position: founder; Not yet exported"_s);
    QCOMPARE(cell(0, ExportHistoryModel::Preset, Qt::DisplayRole).toString(), u"crm"_s);
    QVERIFY(cell(0, ExportHistoryModel::ExportedAt, ModelRoles::RowIdRole).toLongLong() > 0);
    QCOMPARE(model.headerData(ExportHistoryModel::Rows, Qt::Horizontal).toString(), u"Rows"_s);
}

void TestExportHistoryDialog::dialogListsAndRefreshes()
{
    write(exportRecord(1'700'000'000'000, u"/tmp/monday.xlsx"_s, 12, true));
    ExportHistoryDialog dialog(m_store->db());
    QAbstractItemModelTester tester(dialog.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.table()->model()->rowCount(), 1);
    write(exportRecord(1'700'086'400'000, u"/tmp/tuesday.xlsx"_s, 3, true));
    dialog.refresh();
    QCOMPARE(dialog.table()->model()->rowCount(), 2);
    QCOMPARE(dialog.model()->record(0).filePath, u"/tmp/tuesday.xlsx"_s);
}

void TestExportHistoryDialog::unreadableHistoryIsReported()
{
    ExportHistoryModel model;
    model.setDatabase(m_store->db());
    write(exportRecord(1, u"kept.csv"_s, 1, false));
    QVERIFY(model.refresh());
    QSqlQuery query(m_store->db());
    QVERIFY(query.exec(u"DROP TABLE exports"_s));
    QSignalSpy failed(&model, &ExportHistoryModel::queryFailed);
    QVERIFY(!model.refresh());
    QCOMPARE(failed.size(), 1);
    QCOMPARE(model.rowCount(), 1); // what was shown stays
}

QTEST_MAIN(TestExportHistoryDialog)
#include "tst_exporthistorydialog.moc"
