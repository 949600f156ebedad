// SPDX-License-Identifier: MIT
// Issue 13's "done when", in the real window over a real IngestService: the analyst filters to
// "has email, not yet exported", exports them to XLSX with the leads marked, and the next
// export of the same view holds only the people who arrived since.
#include "exportdialog.h"
#include "exporthistorydialog.h"
#include "leadsview.h"
#include "mainwindow.h"

#include "common/settings.h"
#include "ingest/ingestservice.h"
#include "models/exporthistorymodel.h"
#include "models/leadtablemodel.h"
#include "sendpilot/sampleevents.h"
#include "store/database.h"

#include "windowservice.h"
#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;

class TestExportMarking : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void nextExportHoldsOnlyNewPeople();

private:
    void import(const QString &eventId, const QString &campaignId, int leads, quint32 seed);
    // Exports the view through the dialog (shown leads, XLSX, marking as the dialog says).
    LeadExporter::Result exportView(const QString &fileName);
    qint64 scalar(const QString &sql);

    QTemporaryDir m_dir;
    TestSupport::WindowService m_app;
    std::unique_ptr<MainWindow> m_window;
};

void TestExportMarking::initTestCase()
{
    TRY_OR_FAIL(m_app.start(m_dir));
    import(u"evt-day1"_s, u"camp-day1"_s, 40, 1);
}

void TestExportMarking::cleanupTestCase()
{
    m_window.reset();
    m_app.service->stop();
}

void TestExportMarking::import(const QString &eventId, const QString &campaignId, int leads,
                               quint32 seed)
{
    const QString path = m_dir.filePath(eventId + u".json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(SampleEvents::extractorJob(eventId, campaignId, leads, seed));
    file.close();
    QSignalSpy finished(m_app.service.get(), &IngestService::importFinished);
    m_app.service->importFiles({path});
    QVERIFY(finished.wait(15000));
    // Appended to the log; the projector writes the leads after.
    QTRY_COMPARE_WITH_TIMEOUT(scalar(u"SELECT count(*) FROM leads l JOIN campaigns c ON c.id = "
                                     "l.campaign WHERE c.campaign_id = '%1'"_s.arg(campaignId)),
                              qint64(leads), 15000);
}

qint64 TestExportMarking::scalar(const QString &sql)
{
    // A connection of the test's own, so nothing depends on the window's.
    QString error;
    qint64 value = -1;
    {
        const QSqlDatabase db = Database::open(m_app.config.databasePath, u"check"_s,
                                               Database::Access::ReadOnly, &error);
        QSqlQuery query(db);
        if (query.exec(sql) && query.next())
            value = query.value(0).toLongLong();
    }
    Database::close(u"check"_s);
    return value;
}

LeadExporter::Result TestExportMarking::exportView(const QString &fileName)
{
    const QString path = m_dir.filePath(fileName);
    bool marked = false;
    QTimer::singleShot(0, this, [&] {
        auto *dialog = qobject_cast<ExportDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        marked = dialog->findChild<QCheckBox *>(u"markExported"_s)->isChecked();
        dialog->setScope(ExportDialog::Scope::FilteredLeads);
        dialog->setFormat(ExportFormat::Xlsx);
        dialog->setFilePath(path);
        dialog->findChild<QPushButton *>(u"exportButton"_s)->click();
    });
    QSignalSpy finished(m_window.get(), &MainWindow::exportFinished);
    m_window->exportLeads();
    if (!finished.wait(30000))
        return {};
    if (!marked)
        qWarning("the mark checkbox was off");
    return finished.at(0).at(1).value<LeadExporter::Result>();
}

void TestExportMarking::nextExportHoldsOnlyNewPeople()
{
    m_window = std::make_unique<MainWindow>(m_app.service.get(), m_app.settings.get(), m_app.config,
                                            QString());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    auto *leads = m_window->findChild<LeadsView *>();
    QVERIFY(leads);
    QVERIFY(leads->model()->waitForLoaded(15000));

    for (const char *name : {"hasEmail", "notExported"}) {
        auto *button = leads->findChild<QAbstractButton *>(QLatin1StringView(name));
        QVERIFY(button);
        button->click();
    }
    QTRY_VERIFY(leads->filter().notExported && leads->filter().hasEmail);
    QVERIFY(leads->model()->waitForLoaded(15000));
    const qint64 withEmail = scalar(u"SELECT count(*) FROM leads WHERE email <> ''"_s);
    QVERIFY(withEmail > 0 && withEmail < 40);
    QTRY_COMPARE(leads->model()->shownCount(), withEmail);

    // Day one: every lead with an email goes to the CRM, marked.
    LeadExporter::Result result = exportView(u"day1.xlsx"_s);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.rows, withEmail);
    QVERIFY2(m_window->statusBar()->currentMessage().contains(u"marked as exported"_s),
             qPrintable(m_window->statusBar()->currentMessage()));
    QCOMPARE(scalar(u"SELECT count(*) FROM exports WHERE marked = 1"_s), 1);
    QCOMPARE(scalar(u"SELECT count(*) FROM lead_exports"_s),
             scalar(u"SELECT count(DISTINCT linkedin_identifier) FROM leads WHERE email <> ''"_s));
    // The view follows the store: nobody left to export.
    QTRY_COMPARE_WITH_TIMEOUT(leads->model()->shownCount(), 0, 15000);

    // Day two: a new campaign arrives; the same view shows, and exports, only its people.
    import(u"evt-day2"_s, u"camp-day2"_s, 25, 2);
    const qint64 newWithEmail
        = scalar(u"SELECT count(*) FROM leads l JOIN campaigns c ON c.id = l.campaign "
                 "WHERE c.campaign_id = 'camp-day2' AND l.email <> ''"_s);
    QVERIFY(newWithEmail > 0);
    QTRY_COMPARE_WITH_TIMEOUT(leads->model()->shownCount(), newWithEmail, 15000);
    result = exportView(u"day2.xlsx"_s);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.rows, newWithEmail);
    QTRY_COMPARE_WITH_TIMEOUT(leads->model()->shownCount(), 0, 15000);

    // Both are in File › Export History, newest first, with the filters as the chips said.
    auto *action = m_window->findChild<QAction *>(u"exportHistoryAction"_s);
    QVERIFY(action);
    ExportHistoryModel *model = nullptr;
    QTimer::singleShot(0, this, [&] {
        auto *dialog = qobject_cast<ExportHistoryDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        model = dialog->model();
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->record(0).rowCount, newWithEmail);
        QCOMPARE(model->record(1).rowCount, withEmail);
        QCOMPARE(model->record(0).filterSummary, u"Has email; Not yet exported"_s);
        QCOMPARE(model->record(0).scope, u"shown leads"_s);
        QCOMPARE(model->record(0).format, u"xlsx"_s);
        QVERIFY(model->record(0).filePath.endsWith(u"day2.xlsx"_s));
        dialog->reject();
    });
    action->trigger();
    QVERIFY(model);
}

QTEST_MAIN(TestExportMarking)
#include "tst_exportmarking.moc"
