// SPDX-License-Identifier: MIT
// The real MainWindow over a real IngestService (temporary database, port 0, a secret), fed
// signed SendPilot events over a loopback socket and through imports.
#include "avatarwidget.h"
#include "campaignsview.h"
#include "creditsview.h"
#include "deliveriesview.h"
#include "endpointstatusbar.h"
#include "exportdialog.h"
#include "leadsview.h"
#include "mainwindow.h"
#include "profilepane.h"
#include "settingsdialog.h"

#include "common/settings.h"
#include "export/exportpreset.h"
#include "ingest/ingestservice.h"
#include "models/campaignmodel.h"
#include "models/creditsmodel.h"
#include "models/deliverymodel.h"
#include "models/jsontreemodel.h"
#include "models/leadtablemodel.h"
#include "models/modelroles.h"
#include "sendpilot/sampleevents.h"

#include "signedpost.h"

#include "windowservice.h"
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <memory>

using namespace Qt::StringLiterals;

namespace {
const QByteArray Secret = "whsec_mainwindow_test";

/// Posts a body signed with \a secret to the endpoint over a real socket; returns the HTTP
/// status.
int postSigned(const QUrl &url, const QByteArray &body, const QByteArray &secret = Secret)
{
    return TestSupport::postSigned(quint16(url.port()), url.path().toUtf8(), body, secret).status;
}

QList<qint64> idsOfSelection(LeadsView *view)
{
    QList<qint64> ids = view->selectedLeadRowIds();
    std::sort(ids.begin(), ids.end());
    return ids;
}
} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void showsCampaignsAndAllLeads();
    void selectingCampaignFiltersLeads();
    void searchFiltersAsYouType();
    void quickFilters();
    void profileShowsSelectedLead();
    void deliveriesShowJsonTree();
    void liveUpdateKeepsSelectionAndSort();
    void newCampaignMarkedUntilSelected();
    void exportWritesSelectedRows();
    void headerClickSorts();
    void uiStateSurvivesRestart();
    void settingsShowPortInUse();
    void settingsPublicUrl();
    void exportCancelWritesNothing();
    void reingestAppliesAStoredDeliveryAgain();
    void sendTestEventFromHelpMenu();
    void rejectedRequestsShowLive();
    void readFailuresShowInStatusBar();
    void exportAfterReadingOneLeadOffersTheShownLeads();
    void copyRowsGivesStoredValuesUnderAHeader();
    void splitterKeepsTheTabs();

private:
    void ingestOverHttp(const QString &eventId, const QString &campaignId, int leads, quint32 seed);
    void ingestByImport(const QString &eventId, const QString &campaignId, int leads, quint32 seed);
    void waitForLeads();
    void saveScreenshot(const QString &name);

    QTemporaryDir m_dir;
    TestSupport::WindowService m_app;
    std::unique_ptr<MainWindow> m_window;
    LeadsView *m_leads = nullptr;
    CampaignsView *m_campaigns = nullptr;
};

void TestMainWindow::initTestCase()
{
    TRY_OR_FAIL(m_app.start(m_dir, {QString::fromLatin1(Secret)}));

    ingestOverHttp(u"evt-a"_s, u"camp-a"_s, 30, 1);
    ingestOverHttp(u"evt-b"_s, u"camp-b"_s, 20, 2);
}

void TestMainWindow::ingestOverHttp(const QString &eventId, const QString &campaignId, int leads,
                                    quint32 seed)
{
    const QByteArray body = SampleEvents::extractorJob(eventId, campaignId, leads, seed);
    QCOMPARE(postSigned(m_app.service->url(), body), 200);
}

void TestMainWindow::ingestByImport(const QString &eventId, const QString &campaignId, int leads,
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
    QCOMPARE(finished.at(0).at(0).value<Importer::Report>().stored, 1);
}

void TestMainWindow::init()
{
    m_window = std::make_unique<MainWindow>(m_app.service.get(), m_app.settings.get(), m_app.config,
                                            QString());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_leads = m_window->findChild<LeadsView *>();
    m_campaigns = m_window->findChild<CampaignsView *>();
    QVERIFY(m_leads && m_campaigns);
    waitForLeads();
}

void TestMainWindow::cleanup()
{
    if (m_window)
        m_window->close();
    m_window.reset();
}

void TestMainWindow::cleanupTestCase()
{
    m_app.service->stop();
}

void TestMainWindow::waitForLeads()
{
    QVERIFY(m_leads->model()->waitForLoaded(15000));
    QCoreApplication::processEvents();
}

/// LV_SCREENSHOT_DIR=/some/dir saves what the window looks like, for reviews and docs.
void TestMainWindow::saveScreenshot(const QString &name)
{
    const QString dir = qEnvironmentVariable("LV_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    m_window->resize(1400, 850);
    QTest::qWait(100); // lets the charts lay out for the picture; no check depends on it
    QVERIFY(m_window->grab().save(dir + u'/' + name + u".png"_s));
}

void TestMainWindow::showsCampaignsAndAllLeads()
{
    QCOMPARE(m_campaigns->model()->rowCount(), 2);
    QVERIFY(m_campaigns->selectedCampaignRowIds().isEmpty());
    QCOMPARE(m_leads->model()->totalCount(), 50);
    QCOMPARE(m_leads->model()->shownCount(), 50);
    QCOMPARE(m_leads->countLabel()->text(), u"50 of 50 leads"_s);
    // Never ResizeToContents on rows: a fixed height.
    QCOMPARE(m_leads->tableView()->verticalHeader()->sectionResizeMode(0), QHeaderView::Fixed);
    QCOMPARE(m_leads->visibleColumns(), LeadsView::defaultColumns());
}

void TestMainWindow::selectingCampaignFiltersLeads()
{
    CampaignModel *campaigns = m_campaigns->model();
    int rowB = -1;
    for (int row = 0; row < campaigns->rowCount(); ++row) {
        if (campaigns->campaignId(row) == u"camp-b"_s)
            rowB = row;
    }
    QVERIFY(rowB >= 0);
    const QString nameB = campaigns->index(rowB, CampaignModel::Name).data().toString();
    m_campaigns->tableView()->selectRow(rowB);
    waitForLeads();
    QTRY_COMPARE(m_leads->model()->shownCount(), 20);
    QCOMPARE(m_leads->model()->totalCount(), 20);
    QCOMPARE(m_leads->countLabel()->text(), u"20 of 20 leads"_s);
    for (int row = 0; row < m_leads->model()->rowCount(); ++row)
        QCOMPARE(m_leads->model()->index(row, LeadColumn::CampaignName).data().toString(), nameB);

    // None selected: every lead again.
    m_campaigns->tableView()->clearSelection();
    waitForLeads();
    QTRY_COMPARE(m_leads->model()->shownCount(), 50);
}

void TestMainWindow::searchFiltersAsYouType()
{
    const QString name = m_leads->model()->index(3, LeadColumn::FullName).data().toString();
    QVERIFY(!name.isEmpty());
    QTest::keyClicks(m_leads->searchEdit(), name);
    // The search waits for a pause in typing, then runs in SQL.
    QTRY_VERIFY(m_leads->model()->shownCount() < 50);
    waitForLeads();
    const qint64 shown = m_leads->model()->shownCount();
    QVERIFY(shown >= 1);
    QCOMPARE(m_leads->countLabel()->text(), u"%1 of 50 leads"_s.arg(shown));
    bool found = false;
    for (int row = 0; row < m_leads->model()->rowCount(); ++row)
        found = found || m_leads->model()->index(row, LeadColumn::FullName).data() == name;
    QVERIFY(found);

    m_leads->searchEdit()->setText(u"zzzznomatchzzzz"_s);
    QTRY_COMPARE(m_leads->model()->shownCount(), 0);
    QCOMPARE(m_leads->countLabel()->text(), u"0 of 50 leads"_s);
    m_leads->searchEdit()->clear();
    QTRY_COMPARE(m_leads->model()->shownCount(), 50);
}

void TestMainWindow::quickFilters()
{
    auto *hasEmail = m_leads->findChild<QAbstractButton *>(u"hasEmail"_s);
    QVERIFY(hasEmail);
    hasEmail->click();
    waitForLeads();
    QTRY_VERIFY(m_leads->filter().hasEmail);
    QVERIFY(m_leads->model()->shownCount() <= 50);
    for (int row = 0; row < m_leads->model()->rowCount(); ++row)
        QVERIFY(!m_leads->model()->index(row, LeadColumn::Email).data().toString().isEmpty());
    hasEmail->click();
    waitForLeads();
    QTRY_COMPARE(m_leads->model()->shownCount(), 50);
}

void TestMainWindow::profileShowsSelectedLead()
{
    QTableView *table = m_leads->tableView();
    int row = 0;
    while (row < m_leads->model()->rowCount()
           && m_leads->model()->index(row, LeadColumn::Email).data().toString().isEmpty())
        ++row;
    QVERIFY(row < m_leads->model()->rowCount());
    const QString name = m_leads->model()->index(row, LeadColumn::FullName).data().toString();
    const QString email = m_leads->model()->index(row, LeadColumn::Email).data().toString();
    table->selectionModel()->setCurrentIndex(m_leads->model()->index(row, 0),
                                             QItemSelectionModel::ClearAndSelect
                                                 | QItemSelectionModel::Rows);
    auto *pane = m_window->findChild<ProfilePane *>();
    QVERIFY(pane);
    QCOMPARE(pane->leadRowId(), m_leads->model()->leadRowId(row));
    QCOMPARE(pane->findChild<QLabel *>(u"profileName"_s)->text(), name);
    const QString emailHtml = pane->findChild<QLabel *>(u"profileEmail"_s)->text();
    QVERIFY2(emailHtml.contains(u"mailto:"_s + email), qPrintable(emailHtml));
    QVERIFY(!pane->avatar()->hasPhoto()); // remote images are off
    QVERIFY(!pane->avatar()->initials().isEmpty());
    saveScreenshot(u"leads"_s);
}

void TestMainWindow::deliveriesShowJsonTree()
{
    auto *tabs = m_window->findChild<QTabWidget *>(u"mainTabs"_s);
    auto *deliveries = m_window->findChild<DeliveriesView *>();
    QVERIFY(tabs && deliveries);
    tabs->setCurrentWidget(deliveries);
    QVERIFY(deliveries->model()->rowCount() >= 2);
    // The inspector reads the delivery on its own thread.
    QSignalSpy shown(deliveries, &DeliveriesView::deliveryShown);
    deliveries->tableView()->selectRow(0);
    QVERIFY(shown.wait(10000));
    QCOMPARE(deliveries->currentDetail().verdict, Verdict::Accepted);
    QVERIFY(deliveries->jsonModel()->rowCount() >= 3); // eventId, eventType, data, ...
    QStringList keys;
    for (int row = 0; row < deliveries->jsonModel()->rowCount(); ++row)
        keys << deliveries->jsonModel()->index(row, JsonTreeModel::Key).data().toString();
    QVERIFY2(keys.contains(u"eventType"_s), qPrintable(keys.join(u',')));
    QVERIFY(deliveries->jsonView()->isVisible());
    QVERIFY(deliveries->reingestButton()->isEnabled());
    saveScreenshot(u"deliveries"_s);
    tabs->setCurrentIndex(1);
    saveScreenshot(u"credits"_s);
    tabs->setCurrentWidget(deliveries);

    deliveries->findChild<QCheckBox *>()->setChecked(true);
    auto *raw = deliveries->findChild<QPlainTextEdit *>(u"deliveryRaw"_s);
    QVERIFY(raw->isVisible());
    QVERIFY(raw->toPlainText().contains(u"\"eventType\""_s));
    const QString headers
        = deliveries->findChild<QPlainTextEdit *>(u"deliveryHeaders"_s)->toPlainText();
    QVERIFY(!headers.contains(QString::fromLatin1(Secret)));
}

void TestMainWindow::liveUpdateKeepsSelectionAndSort()
{
    QHeaderView *header = m_leads->tableView()->horizontalHeader();
    header->setSortIndicator(LeadColumn::Company, Qt::AscendingOrder);
    waitForLeads();
    LeadTableModel *model = m_leads->model();
    QItemSelectionModel *selection = m_leads->tableView()->selectionModel();
    for (int row : {2, 5, 11}) {
        selection->select(model->index(row, 0),
                          QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    const QList<qint64> selected = idsOfSelection(m_leads);
    QCOMPARE(selected.size(), 3);

    ingestByImport(u"evt-c"_s, u"camp-c"_s, 15, 3);
    // The window coalesces the store's change signal, then refreshes in place.
    QTRY_COMPARE(m_campaigns->model()->rowCount(), 3);
    QTRY_COMPARE(model->totalCount(), 65);
    waitForLeads();
    QCOMPARE(model->shownCount(), 65);
    QCOMPARE(idsOfSelection(m_leads), selected);
    QCOMPARE(header->sortIndicatorSection(), int(LeadColumn::Company));
    QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
    QCOMPARE(m_leads->filter().sortColumn, std::optional(LeadColumn::Company));
    QString previous;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QString company
            = model->index(row, LeadColumn::Company).data(ModelRoles::RawValueRole).toString();
        QVERIFY2(previous.compare(company, Qt::CaseInsensitive) <= 0
                     || QString::localeAwareCompare(previous, company) <= 0,
                 qPrintable(previous + u" > "_s + company));
        previous = company;
    }
}

void TestMainWindow::newCampaignMarkedUntilSelected()
{
    CampaignModel *campaigns = m_campaigns->model();
    int rowC = -1;
    for (int row = 0; row < campaigns->rowCount(); ++row) {
        if (campaigns->campaignId(row) == u"camp-c"_s)
            rowC = row;
    }
    QVERIFY(rowC >= 0);
    QVERIFY(campaigns->index(rowC, 0).data(ModelRoles::IsNewRole).toBool());
    m_campaigns->tableView()->selectRow(rowC);
    QVERIFY(!campaigns->index(rowC, 0).data(ModelRoles::IsNewRole).toBool());
    // Persisted through the store: a new window shows it as seen.
    // The seen mark is written on the ingest thread, which says nothing when it is done: the
    // new window polls for it below.
    cleanup();
    init();
    campaigns = m_campaigns->model();
    QTRY_VERIFY([&] {
        m_window->refreshAll();
        const int row = [&] {
            for (int r = 0; r < campaigns->rowCount(); ++r) {
                if (campaigns->campaignId(r) == u"camp-c"_s)
                    return r;
            }
            return -1;
        }();
        return row >= 0 && !campaigns->index(row, 0).data(ModelRoles::IsNewRole).toBool();
    }());
}

void TestMainWindow::exportWritesSelectedRows()
{
    LeadTableModel *model = m_leads->model();
    QItemSelectionModel *selection = m_leads->tableView()->selectionModel();
    for (int row : {1, 4, 9}) {
        selection->select(model->index(row, 0),
                          QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    const QString path = m_dir.filePath(u"selected.csv"_s);
    bool dialogSeen = false;
    QTimer::singleShot(0, this, [&] {
        auto *dialog = qobject_cast<ExportDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        dialogSeen = true;
        QCOMPARE(dialog->scope(), ExportDialog::Scope::SelectedLeads);
        QCOMPARE(dialog->rowCount(ExportDialog::Scope::SelectedLeads), 3);
        QCOMPARE(dialog->presetId(), ExportPreset::Id::Custom);
        QVERIFY(dialog->findChild<QCheckBox *>(u"formulaGuard"_s)->isChecked());
        dialog->setPresetId(ExportPreset::Id::HubSpot);
        dialog->setFilePath(path);
        dialog->findChild<QPushButton *>(u"exportButton"_s)->click();
    });
    QSignalSpy finished(m_window.get(), &MainWindow::exportFinished);
    m_window->exportLeads();
    QVERIFY(dialogSeen);
    QVERIFY(finished.wait(30000));
    const auto result = finished.at(0).at(1).value<LeadExporter::Result>();
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.rows, 3);

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QByteArray content = file.readAll();
    if (content.startsWith("\xEF\xBB\xBF"))
        content.remove(0, 3);
    QList<QByteArray> lines = content.split('\n');
    if (lines.constLast().isEmpty())
        lines.removeLast();
    QCOMPARE(lines.size(), 4);
    const QString expectedHeader
        = ExportPreset::preset(ExportPreset::Id::HubSpot).headers().join(u',');
    QCOMPARE(QString::fromUtf8(lines.at(0)).trimmed(), expectedHeader);
}

void TestMainWindow::headerClickSorts()
{
    QHeaderView *header = m_leads->tableView()->horizontalHeader();
    const int x = header->sectionViewportPosition(LeadColumn::Company)
        + header->sectionSize(LeadColumn::Company) / 2;
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    QCOMPARE(header->sortIndicatorSection(), int(LeadColumn::Company));
    QCOMPARE(m_leads->filter().sortColumn, std::optional(LeadColumn::Company));
    const Qt::SortOrder first = header->sortIndicatorOrder();
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    QVERIFY(header->sortIndicatorOrder() != first);
    QCOMPARE(m_leads->filter().sortOrder, header->sortIndicatorOrder());
    waitForLeads();
    QCOMPARE(m_leads->model()->shownCount(), m_leads->model()->totalCount());
}

void TestMainWindow::uiStateSurvivesRestart()
{
    m_leads->setColumnVisible(LeadColumn::Headline, false);
    m_leads->setColumnVisible(LeadColumn::Followers, true);
    m_leads->tableView()->horizontalHeader()->setSortIndicator(LeadColumn::FullName,
                                                               Qt::DescendingOrder);
    m_leads->tableView()->horizontalHeader()->resizeSection(LeadColumn::Email, 333);
    const QList<LeadColumn::Id> columns = m_leads->visibleColumns();
    cleanup(); // closes the window: it saves its state
    init();
    QCOMPARE(m_leads->visibleColumns(), columns);
    QCOMPARE(m_leads->tableView()->horizontalHeader()->sectionSize(LeadColumn::Email), 333);
    QCOMPARE(m_leads->filter().sortColumn, std::optional(LeadColumn::FullName));
    QCOMPARE(m_leads->filter().sortOrder, Qt::DescendingOrder);
}

void TestMainWindow::settingsShowPortInUse()
{
    QTcpServer blocker;
    QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));
    SettingsDialog dialog(m_app.settings.get(), m_app.service.get(), m_app.config, m_window.get());
    QVERIFY(!dialog.findChild<QLabel *>(u"settingsHint"_s)->text().isEmpty());
    dialog.portEdit()->setValue(blocker.serverPort());
    QVERIFY(dialog.findChild<QLabel *>(u"settingsHint"_s)
                ->text()
                .contains(QString::number(blocker.serverPort())));
    const quint16 savedPort = m_app.settings->listenPort();
    QVERIFY(!dialog.apply());
    QVERIFY(!dialog.errorText().isEmpty());
    QCOMPARE(m_app.settings->listenPort(), savedPort); // nothing saved
    // ... and the endpoint still listens, with the settings it had.
    QVERIFY(m_app.service->isListening());
    QVERIFY(m_app.service->url().port() != blocker.serverPort());
}

void TestMainWindow::settingsPublicUrl()
{
    SettingsDialog dialog(m_app.settings.get(), m_app.service.get(), m_app.config, m_window.get());
    QCOMPARE(dialog.publicUrlEdit()->text(), QString());
    dialog.publicUrlEdit()->setText(u"example.trycloudflare.com"_s); // no scheme
    QVERIFY(!dialog.apply());
    QVERIFY(dialog.errorText().contains(u"public URL"_s));
    QCOMPARE(m_app.settings->publicUrl(), QString()); // nothing saved
    dialog.publicUrlEdit()->setText(u" https://example.trycloudflare.com "_s);
    QVERIFY2(dialog.apply(), qPrintable(dialog.errorText()));
    QCOMPARE(m_app.settings->publicUrl(), u"https://example.trycloudflare.com"_s);
    QCOMPARE(dialog.config().publicUrl, u"https://example.trycloudflare.com"_s);
    QCOMPARE(EndpointConfig::fromSettings(*m_app.settings).publicUrl,
             u"https://example.trycloudflare.com"_s);
}

void TestMainWindow::exportCancelWritesNothing()
{
    const QString absent = m_dir.filePath(u"cancelled-from-window.csv"_s);
    const QString existing = m_dir.filePath(u"existing-from-window.csv"_s);
    const QByteArray previous = "kept\r\n";
    {
        QFile file(existing);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(previous);
    }
    QSignalSpy finished(m_window.get(), &MainWindow::exportFinished);
    for (const QString &path : {absent, existing}) {
        bool dialogSeen = false;
        QTimer::singleShot(0, this, [&] {
            auto *dialog = qobject_cast<ExportDialog *>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            dialogSeen = true;
            dialog->setFilePath(path);
            dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel)->click();
        });
        m_window->exportLeads();
        QVERIFY(dialogSeen);
    }
    // No export started: none finishes. A started one would finish within milliseconds here;
    // 100 ms proves it did not (the wait ends at once if one does).
    QVERIFY(!finished.wait(100));
    QVERIFY(finished.isEmpty());
    QVERIFY(!QFile::exists(absent));
    QFile file(existing);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), previous);
}

void TestMainWindow::reingestAppliesAStoredDeliveryAgain()
{
    auto *tabs = m_window->findChild<QTabWidget *>(u"mainTabs"_s);
    auto *deliveries = m_window->findChild<DeliveriesView *>();
    QVERIFY(tabs && deliveries);
    tabs->setCurrentWidget(deliveries);
    int row = -1;
    for (int r = 0; r < deliveries->model()->rowCount() && row < 0; ++r) {
        if (deliveries->model()->index(r, 0).data(ModelRoles::VerdictRole).value<Verdict>()
            != Verdict::Accepted)
            continue;
        QSignalSpy shown(deliveries, &DeliveriesView::deliveryShown);
        deliveries->tableView()->selectRow(r);
        QVERIFY(shown.wait(10000));
        row = r;
    }
    QVERIFY(row >= 0);
    const QString eventId = deliveries->currentDetail().eventId;
    QVERIFY(!eventId.isEmpty());
    const int campaigns = m_campaigns->model()->rowCount();
    const qint64 leads = m_leads->model()->totalCount();
    QVERIFY(deliveries->reingestButton()->isEnabled());

    QSignalSpy finished(m_app.service.get(), &IngestService::importFinished);
    deliveries->reingestButton()->click();
    QVERIFY(m_window->statusBar()->currentMessage().startsWith(u"Re-ingesting"_s));
    QVERIFY(finished.wait(15000));
    const auto report = finished.at(0).at(0).value<Importer::Report>();
    QCOMPARE(report.duplicates, 0);
    QCOMPARE(report.stored, 1);
    QCOMPARE(report.failed, 0);
    // The status bar says so, without a dialog.
    const QString message = m_window->statusBar()->currentMessage();
    QVERIFY2(message.contains(u"applied again"_s) && message.contains(eventId),
             qPrintable(message));
    QVERIFY(!QApplication::activeModalWidget());
    // The same body applied again: no campaign or lead more (upserts). The store has written it
    // before importFinished, so a refresh now reads what the re-ingest left.
    m_window->refreshAll();
    waitForLeads();
    QCOMPARE(m_campaigns->model()->rowCount(), campaigns);
    QCOMPARE(m_leads->model()->totalCount(), leads);
}

void TestMainWindow::sendTestEventFromHelpMenu()
{
    QAction *send = nullptr;
    for (QAction *menu : m_window->menuBar()->actions()) {
        if (!menu->menu())
            continue;
        for (QAction *action : menu->menu()->actions()) {
            if (action->text().remove(u'&') == u"Send Test Event"_s)
                send = action;
        }
    }
    QVERIFY(send);
    const int campaigns = m_campaigns->model()->rowCount();
    const qint64 leads = m_leads->model()->totalCount();
    send->trigger();
    QVERIFY2(m_window->statusBar()->currentMessage().startsWith(u"Sending a test event"_s),
             qPrintable(m_window->statusBar()->currentMessage()));
    // Signed with the configured secret, stored, and shown after the coalesced refresh.
    QTRY_COMPARE_WITH_TIMEOUT(m_campaigns->model()->rowCount(), campaigns + 1, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->statusBar()->currentMessage(),
                              u"Test event with 25 leads stored."_s, 15000);
    waitForLeads();
    QTRY_COMPARE(m_leads->model()->totalCount(), leads + 25);
    QVERIFY(m_campaigns->tableView()->isVisible());
    saveScreenshot(u"test-event"_s);
}

void TestMainWindow::rejectedRequestsShowLive()
{
    auto *tabs = m_window->findChild<QTabWidget *>(u"mainTabs"_s);
    auto *deliveries = m_window->findChild<DeliveriesView *>();
    auto *bar = m_window->findChild<EndpointStatusBar *>();
    QVERIFY(tabs && deliveries && bar);
    const int before = deliveries->model()->rowCount();
    QCOMPARE(bar->rejectionNotice(), QString());

    // The wrong secret, as after a bad paste into Settings, and a sender that signs nothing:
    // shown without a refresh (F5). Two alike requests would be one row with a count of two
    // (the burst summary, tst_rejections), so the second one is unsigned.
    const QByteArray body = SampleEvents::extractorJob(u"evt-rejected"_s, u"camp-r"_s, 2, 9);
    QCOMPARE(postSigned(m_app.service->url(), body, "whsec_not_the_secret"), 401);
    QCOMPARE(TestSupport::exchange(
                 quint16(m_app.service->url().port()),
                 TestSupport::postRequest(m_app.service->url().path().toUtf8(), body, {}))
                 .status,
             401);
    QTRY_COMPARE(deliveries->model()->rowCount(), before + 2);
    QTRY_COMPARE(bar->rejectionNotice(),
                 u"2 requests rejected: bad signature. Check the webhook secret in Settings"_s);

    // A wrong path in SendPilot's webhook URL.
    QUrl wrongPath = m_app.service->url();
    wrongPath.setPath(u"/webhooks/other"_s);
    QCOMPARE(postSigned(wrongPath, body), 404);
    QTRY_COMPARE(deliveries->model()->rowCount(), before + 3);
    QTRY_COMPARE(bar->rejectionNotice(),
                 u"3 requests rejected: 2 bad signature, 1 wrong path. Check the webhook secret "
                 "in Settings"_s);
    saveScreenshot(u"rejections"_s);

    // The notice leads to the list, and counts afresh from there.
    tabs->setCurrentIndex(0);
    bar->findChild<QToolButton *>(u"rejectionNotice"_s)->click();
    QCOMPARE(tabs->currentWidget(), deliveries);
    QCOMPARE(bar->rejectionNotice(), QString());
}

// The models' failures (tested on broken SQLite files in their own tests) reach the status bar.
void TestMainWindow::readFailuresShowInStatusBar()
{
    auto *credits = m_window->findChild<CreditsView *>();
    auto *deliveries = m_window->findChild<DeliveriesView *>();
    QVERIFY(credits && deliveries);
    QStatusBar *bar = m_window->statusBar();
    Q_EMIT m_campaigns->model()->queryFailed(u"The campaigns could not be read: disk I/O error"_s);
    QCOMPARE(bar->currentMessage(), u"The campaigns could not be read: disk I/O error"_s);
    Q_EMIT credits->model()->queryFailed(u"The credits could not be read: locked"_s);
    QCOMPARE(bar->currentMessage(), u"The credits could not be read: locked"_s);
    Q_EMIT deliveries->model()->queryFailed(u"The deliveries could not be read: gone"_s);
    QCOMPARE(bar->currentMessage(), u"The deliveries could not be read: gone"_s);
}

// Clicking a row to read its profile selects it; Ctrl+E then must not export that lead alone.
void TestMainWindow::exportAfterReadingOneLeadOffersTheShownLeads()
{
    QTableView *table = m_leads->tableView();
    const QRect cell = table->visualRect(m_leads->model()->index(2, LeadColumn::FullName));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(m_leads->selectedLeadRowIds().size(), 1);
    auto *exportAction = m_window->findChild<QAction *>(u"exportAction"_s);
    QVERIFY(exportAction);
    QCOMPARE(exportAction->shortcut(), QKeySequence(u"Ctrl+E"_s));
    // Read in the dialog, checked after it closed: a failed check must not leave it open.
    std::optional<ExportDialog::Scope> scope;
    qint64 shown = -1;
    QStringList radioTexts;
    QTimer::singleShot(0, this, [&] {
        auto *dialog = qobject_cast<ExportDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        scope = dialog->scope();
        shown = dialog->rowCount(ExportDialog::Scope::FilteredLeads);
        for (const QRadioButton *radio : dialog->findChildren<QRadioButton *>())
            radioTexts << radio->text();
        dialog->reject();
    });
    exportAction->trigger();
    QCOMPARE(scope, std::optional(ExportDialog::Scope::FilteredLeads));
    QCOMPARE(shown, m_leads->model()->totalCount());
    QCOMPARE(radioTexts.size(), 4);
    QVERIFY2(radioTexts.at(0).endsWith(u"(1)"_s), qPrintable(radioTexts.at(0)));
    QVERIFY2(radioTexts.at(1).endsWith(u"(%1)"_s.arg(shown)), qPrintable(radioTexts.at(1)));
}

void TestMainWindow::copyRowsGivesStoredValuesUnderAHeader()
{
    // A locale with a group separator, so that display text and stored value differ.
    const QLocale previous;
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    cleanup();
    init();
    m_leads->setColumnVisible(LeadColumn::Followers, true);
    LeadTableModel *model = m_leads->model();
    int wide = -1; // a row whose follower count shows as "1,234"
    for (int row = 0; row < model->rowCount() && wide < 0; ++row) {
        if (model->index(row, LeadColumn::Followers).data().toString().contains(u','))
            wide = row;
    }
    QVERIFY(wide >= 0);
    QItemSelectionModel *selection = m_leads->tableView()->selectionModel();
    selection->select(model->index(wide, 0),
                      QItemSelectionModel::Select | QItemSelectionModel::Rows);
    selection->select(model->index(wide == 0 ? 1 : 0, 0),
                      QItemSelectionModel::Select | QItemSelectionModel::Rows);
    m_leads->copyRows();
    QLocale::setDefault(previous);

    const QStringList lines = QGuiApplication::clipboard()->text().split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    const QList<LeadColumn::Id> columns = m_leads->visibleColumns();
    QStringList titles;
    for (LeadColumn::Id column : columns)
        titles << LeadColumn::title(column);
    QCOMPARE(lines.at(0), titles.join(u'\t'));
    const qsizetype followers = columns.indexOf(LeadColumn::Followers);
    QVERIFY(followers >= 0);
    const int firstRow = qMin(wide, wide == 0 ? 1 : 0);
    const int secondRow = qMax(wide, wide == 0 ? 1 : 0);
    for (int i : {1, 2}) {
        const int row = i == 1 ? firstRow : secondRow;
        const QStringList fields = lines.at(i).split(u'\t');
        QCOMPARE(fields.size(), columns.size());
        const qint64 raw
            = model->index(row, LeadColumn::Followers).data(ModelRoles::RawValueRole).toLongLong();
        QCOMPARE(fields.at(followers), QString::number(raw));
        QCOMPARE(fields.at(columns.indexOf(LeadColumn::FullName)),
                 model->index(row, LeadColumn::FullName).data().toString());
    }
}

// Dragging the campaigns' splitter to the far edge leaves the tabs on screen (issue 11 item
// 10): collapsed, they were gone with nothing to bring them back.
void TestMainWindow::splitterKeepsTheTabs()
{
    auto *splitter = m_window->findChild<QSplitter *>(u"mainSplitter"_s);
    auto *tabs = m_window->findChild<QTabWidget *>(u"mainTabs"_s);
    QVERIFY(splitter && tabs);
    QVERIFY(!splitter->isCollapsible(splitter->indexOf(tabs)));
    m_window->resize(1366, 768); // a laptop's screen: room for the drag to move the handle
    QTRY_COMPARE(splitter->width(), m_window->centralWidget()->width());
    QSplitterHandle *handle = splitter->handle(splitter->indexOf(tabs));
    const int before = splitter->sizes().constFirst();
    const QPoint start = handle->rect().center();
    const QPoint end = handle->mapFrom(splitter, QPoint(splitter->width() - 1, start.y()));
    QMouseEvent press(QEvent::MouseButtonPress, start, handle->mapToGlobal(start), Qt::LeftButton,
                      Qt::LeftButton, {});
    QApplication::sendEvent(handle, &press);
    QMouseEvent move(QEvent::MouseMove, end, handle->mapToGlobal(end), Qt::NoButton, Qt::LeftButton,
                     {});
    QApplication::sendEvent(handle, &move);
    QMouseEvent release(QEvent::MouseButtonRelease, end, handle->mapToGlobal(end), Qt::LeftButton,
                        Qt::NoButton, {});
    QApplication::sendEvent(handle, &release);
    QVERIFY2(splitter->sizes().constLast() >= tabs->minimumSizeHint().width(),
             qPrintable(u"tabs %1 px"_s.arg(splitter->sizes().constLast())));
    QVERIFY2(splitter->sizes().constFirst() > before, // the drag moved the handle
             qPrintable(u"%1 -> %2"_s.arg(before).arg(splitter->sizes().constFirst())));
    // A state saved with the tabs at nothing (by an earlier version) does not hide them.
    splitter->setSizes({splitter->width(), 0});
    QVERIFY(splitter->sizes().constLast() > 0);
    QVERIFY(tabs->isVisible());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
