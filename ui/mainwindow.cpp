// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "accountcreditspanel.h"
#include "apicallsview.h"
#include "campaignsview.h"
#include "creditsview.h"
#include "deliveriesview.h"
#include "endpointstatusbar.h"
#include "exportdialog.h"
#include "exportrunner.h"
#include "leadsview.h"
#include "profilepane.h"
#include "savedviewspanel.h"
#include "settingsdialog.h"
#include "windowgeometry.h"
#include "windowmessages.h"

#include "common/plural.h"
#include "common/settings.h"
#include "ingest/sendpilotaccount.h"
#include "ingest/testeventsender.h"
#include "models/apicallmodel.h"
#include "models/campaignmodel.h"
#include "models/creditsmodel.h"
#include "models/deliverymodel.h"
#include "models/leadtablemodel.h"
#include "models/storestats.h"
#include "models/storewatcher.h"
#include "store/database.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDate>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace {
constexpr int MessageTimeoutMs = 10'000;
constexpr int TestEventLeads = 25;
} // namespace

MainWindow::MainWindow(IngestService *service, Settings *settings, const EndpointConfig &config,
                       const QString &startError, QWidget *parent)
    : QMainWindow(parent)
    , m_service(service)
    , m_settings(settings)
    , m_config(config)
    , m_connectionName(u"gui-read"_s)
{
    setWindowTitle(tr("Lead Viewer"));
    setWindowIcon(QIcon(u":/leadviewer/leadviewer.svg"_s));
    QGuiApplication::setDesktopFileName(u"leadviewer"_s);
    setAcceptDrops(true);

    m_statusBar = new EndpointStatusBar(this);
    m_counts = new QLabel(this);
    m_counts->setObjectName(u"storeCounts"_s);
    m_creditsStatus = new QToolButton(this);
    m_creditsStatus->setObjectName(u"creditsStatus"_s);
    m_creditsStatus->setAutoRaise(true);
    m_creditsStatus->hide();
    // The store's counts give way to a message ("Exported 89 leads to …"): with every part
    // permanent, a 1366-pixel window left a message a few letters.
    statusBar()->addWidget(m_counts, 1);
    statusBar()->addPermanentWidget(m_creditsStatus);
    statusBar()->addPermanentWidget(m_statusBar);
    m_testSender = new TestEventSender(this);
    // Another process writing to the same file (`leadviewer import`, a headless receiver) is
    // seen within a second.
    m_watcher = new StoreWatcher(this);
    m_export = new ExportRunner(this);
    m_export->setHistory(m_service);
    connect(m_export, &ExportRunner::finished, this,
            [this](const QString &filePath, const LeadExporter::Result &result) {
                // A failure stays until the next message: a dialog said what to do about it.
                statusBar()->showMessage(
                    ExportRunner::summary(filePath, result, m_export->lastExportMarked()),
                    result.ok || result.cancelled ? MessageTimeoutMs : 0);
                Q_EMIT exportFinished(filePath, result);
            });

    m_account = new SendPilotAccount(m_settings, m_service, this);
    createViews();
    createActions();
    openReadConnection();
    connectAccount();
    updateEndpointState(m_service->storeOpen() ? startError : QString());

    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(RefreshDelayMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &MainWindow::refreshAll);
    connect(m_service, &IngestService::storeChanged, this, &MainWindow::scheduleRefresh);
    connect(m_service, &IngestService::delivered, m_statusBar, &EndpointStatusBar::noteDelivery);
    // Rejected requests and duplicates bring no new data, only a new row in Deliveries: that
    // list alone is refreshed, as soon as the records are written.
    connect(m_watcher, &StoreWatcher::changed, this, &MainWindow::scheduleRefresh);
    m_deliveriesTimer = new QTimer(this);
    m_deliveriesTimer->setSingleShot(true);
    m_deliveriesTimer->setInterval(RefreshDelayMs);
    connect(m_deliveriesTimer, &QTimer::timeout, this, [this] {
        if (m_db.isOpen())
            m_deliveries->refresh();
    });
    connect(m_service, &IngestService::deliveriesRecorded, this, [this] {
        if (!m_deliveriesTimer->isActive())
            m_deliveriesTimer->start();
    });
    connect(m_statusBar, &EndpointStatusBar::rejectionsActivated, this,
            [this] { m_tabs->setCurrentWidget(m_deliveries); });
    connect(m_service, &IngestService::importFinished, this, &MainWindow::showImportReport);
    // A store from an older version has its bodies compressed in the background, once.
    connect(m_service, &IngestService::maintenanceProgress, this, [this](qint64 at, qint64 of) {
        statusBar()->showMessage(
            at >= of
                ? tr("Stored request bodies compressed.")
                : tr("Compressing stored request bodies: %1 %").arg(100 * at / qMax<qint64>(1, of)),
            MessageTimeoutMs);
    });
    connect(m_service, &IngestService::listeningChanged, this, [this] { updateEndpointState(); });
    connect(m_testSender, &TestEventSender::finished, this,
            [this](bool, int, const QString &message) {
                statusBar()->showMessage(message, MessageTimeoutMs);
            });
    connect(m_settings, &Settings::changed, this, [this] {
        m_profile->setRemoteImages(m_settings->remoteImages());
        m_statusBar->setPublicUrl(
            Settings::publicWebhookUrl(m_settings->publicUrl(), m_service->url().path()));
        updateEmptyTexts();
    });

    refreshCounts();
    restoreUiState();
}

MainWindow::~MainWindow()
{
    delete m_export; // cancels a running export and waits for it
    // The views' models hold copies of the connection: they go before it is closed.
    delete takeCentralWidget();
    m_account->setDatabase(QSqlDatabase());
    m_db = QSqlDatabase();
    Database::close(m_connectionName);
}

void MainWindow::createViews()
{
    m_campaigns = new CampaignsView(this);
    m_leads = new LeadsView(this);
    m_profile = new ProfilePane(QString(), this);
    m_credits = new CreditsView(this);
    m_deliveries = new DeliveriesView(this);
    m_apiCalls = new ApiCallsView(this);
    m_profile->setRemoteImages(m_settings->remoteImages());

    m_leadSplitter = new QSplitter(Qt::Horizontal, this);
    m_leadSplitter->setObjectName(u"leadSplitter"_s);
    m_leadSplitter->addWidget(m_leads);
    m_leadSplitter->addWidget(m_profile);
    m_leadSplitter->setStretchFactor(0, 3);
    m_leadSplitter->setStretchFactor(1, 1);
    m_leadSplitter->setChildrenCollapsible(false);
    // The lead table gets the room; the profile pane enough for an address beside its copy
    // button.
    m_leadSplitter->setSizes({700, 360});

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"mainTabs"_s);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_leadSplitter, tr("&Leads"));
    m_tabs->addTab(m_credits, tr("C&redits"));
    m_tabs->addTab(m_deliveries, tr("&Deliveries"));
    m_tabs->addTab(m_apiCalls, tr("A&PI Calls"));
    m_tabs->setTabToolTip(0, tr("The leads of the selected campaigns and their profiles"));
    m_tabs->setTabToolTip(1, tr("The account's credits and what each campaign's credits bought"));
    m_tabs->setTabToolTip(2, tr("Every request the endpoint answered, with its body"));
    m_tabs->setTabToolTip(3, tr("Every request Lead Viewer made to the SendPilot API"));

    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setObjectName(u"mainSplitter"_s);
    m_mainSplitter->addWidget(SavedViewsPanel::beside(m_campaigns, m_leads, m_settings, this));
    m_mainSplitter->addWidget(m_tabs);
    // A wider or narrower window widens or narrows the tabs: the campaign list keeps the width
    // its first columns need.
    m_mainSplitter->setStretchFactor(0, 0);
    m_mainSplitter->setStretchFactor(1, 1);
    // The campaigns may be folded away, the tabs may not: dragged to the edge, they would be
    // gone with nothing to say how to bring them back.
    m_mainSplitter->setCollapsible(m_mainSplitter->indexOf(m_tabs), false);
    // Wide enough for the campaign list's first five columns (name, completed, leads,
    // enrichment rate, credits).
    m_mainSplitter->setSizes({410, 990});
    setCentralWidget(m_mainSplitter);

    connect(m_campaigns, &CampaignsView::selectionChanged, this,
            &MainWindow::onCampaignSelectionChanged);
    connect(m_campaigns, &CampaignsView::campaignViewed, this, [this](qint64 rowId) {
        m_service->markCampaignSeen(rowId);
        m_campaigns->markSeen(rowId);
    });
    connect(m_leads, &LeadsView::currentLeadChanged, m_profile, &ProfilePane::showLead);
    connect(m_leads, &LeadsView::exportSelectedRequested, this, &MainWindow::exportLeads);
    connect(m_profile, &ProfilePane::campaignActivated, m_campaigns,
            &CampaignsView::selectCampaign);
    connect(m_profile, &ProfilePane::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, MessageTimeoutMs); });
    // A read that failed stays in the status bar until the next message: the views keep showing
    // what they had, which may be stale.
    const auto showReadError = [this](const QString &error) {
        statusBar()->showMessage(error);
    };
    connect(m_campaigns->model(), &CampaignModel::queryFailed, this, showReadError);
    connect(m_credits->model(), &CreditsModel::queryFailed, this, showReadError);
    connect(m_deliveries->model(), &DeliveryModel::queryFailed, this, showReadError);
    connect(m_apiCalls->model(), &ApiCallModel::queryFailed, this, showReadError);
    connect(m_deliveries, &DeliveriesView::reingestRequested, this,
            [this](const QByteArray &body, const QString &source) {
                statusBar()->showMessage(tr("Re-ingesting %1…").arg(source));
                m_pendingReingests << source;
                m_service->reingest(body, source);
            });
}

void MainWindow::connectAccount()
{
    AccountCreditsPanel *panel = m_credits->accountPanel();
    connect(m_account, &SendPilotAccount::creditsChanged, this, &MainWindow::showAccountCredits);
    connect(m_account, &SendPilotAccount::keyChanged, this, [this](const QString &error) {
        showAccountCredits();
        if (!error.isEmpty())
            statusBar()->showMessage(error);
    });
    connect(panel, &AccountCreditsPanel::refreshRequested, m_account,
            &SendPilotAccount::refreshCredits);
    connect(panel, &AccountCreditsPanel::settingsRequested, this, &MainWindow::openSettings);
    connect(m_creditsStatus, &QToolButton::clicked, this,
            [this] { m_tabs->setCurrentWidget(m_credits); });
    // A finished campaign spent credits: ask SendPilot for the new balance.
    connect(m_service, &IngestService::eventsProjected, m_account,
            &SendPilotAccount::noteEventsProjected);
    connect(m_service, &IngestService::apiCallsRecorded, this, [this] {
        if (m_db.isOpen())
            m_apiCalls->refresh();
    });
    showAccountCredits();
    m_account->start();
}

void MainWindow::showAccountCredits()
{
    const CreditsState &state = m_account->credits();
    m_credits->accountPanel()->showState(state, m_account->hasKey());
    const QString text = AccountCreditsPanel::shortText(state);
    m_creditsStatus->setText(text);
    m_creditsStatus->setToolTip(state.error.isEmpty()
                                    ? tr("The SendPilot account's credits; click for details")
                                    : state.error);
    m_creditsStatus->setVisible(!text.isEmpty());
}

void MainWindow::openReadConnection()
{
    if (!m_service->storeOpen()) {
        statusBar()->showMessage(WindowMessages::storeNotOpen());
        return;
    }
    QString error;
    m_db = Database::open(m_service->databasePath(), m_connectionName, Database::Access::ReadOnly,
                          &error);
    if (!m_db.isOpen()) {
        statusBar()->showMessage(error);
        return;
    }
    m_campaigns->setDatabase(m_db);
    m_leads->setDatabasePath(m_service->databasePath());
    m_profile->setDatabase(m_db);
    m_credits->setDatabase(m_db);
    m_deliveries->setDatabase(m_db);
    m_apiCalls->setDatabase(m_db);
    m_account->setDatabase(m_db);
    m_watcher->setDatabase(m_db);

    // "Last event" from the store (received or imported), so the status bar is right from the
    // start.
    if (const qint64 last = StoreStats::lastEventReceivedAtMs(m_db); last > 0) {
        DeliveryInfo info;
        info.receivedAtMs = last;
        info.stored = true;
        m_statusBar->noteDelivery(info);
    }
}

void MainWindow::scheduleRefresh()
{
    // The first change after a quiet spell shows at once (an event's leads appear as soon as
    // they are projected); a stream of changes refreshes at most every RefreshDelayMs.
    if (m_refreshTimer->isActive())
        return;
    const qint64 since = m_sinceRefresh.isValid() ? m_sinceRefresh.elapsed() : RefreshDelayMs;
    m_refreshTimer->start(int(qBound(qint64(0), RefreshDelayMs - since, qint64(RefreshDelayMs))));
}

void MainWindow::refreshAll()
{
    m_refreshTimer->stop();
    m_sinceRefresh.start();
    if (!m_db.isOpen())
        return;
    // Each refresh applies changes in place: selections, scroll positions and sorts stay.
    m_campaigns->refresh();
    m_leads->refresh();
    m_credits->refresh();
    m_deliveries->refresh();
    m_apiCalls->refresh();
    m_profile->reload();
    refreshCounts();
}

void MainWindow::refreshCounts()
{
    if (!m_db.isOpen()) {
        m_counts->setText(tr("No database"));
        return;
    }
    m_counts->setText(WindowMessages::storeCounts(StoreStats::read(m_db)));
}

void MainWindow::updateEndpointState(const QString &error)
{
    m_statusBar->setPublicUrl(
        Settings::publicWebhookUrl(m_settings->publicUrl(), m_service->url().path()));
    if (m_service->isListening())
        m_statusBar->setListening(m_service->url(), m_service->verifying());
    else if (!m_service->storeOpen())
        m_statusBar->setError(tr("Not listening: no database is open"));
    else if (const QString why = error.isEmpty() ? m_service->listenError() : error; !why.isEmpty())
        m_statusBar->setError(why);
    else
        m_statusBar->setError(tr("Not listening"));
    updateEmptyTexts();
}

void MainWindow::updateEmptyTexts()
{
    m_campaigns->setEmptyText(WindowMessages::campaignsEmpty(
        m_service->storeOpen(), m_service->isListening(), m_service->url(), m_service->storeError(),
        Settings::publicWebhookUrl(m_settings->publicUrl(), m_service->url().path())));
}

void MainWindow::onCampaignSelectionChanged(const QList<qint64> &campaignRowIds)
{
    m_leads->setCampaigns(campaignRowIds);
    m_credits->setSelectedCampaigns(campaignRowIds);
}

void MainWindow::importFiles(const QStringList &files)
{
    if (files.isEmpty())
        return;
    if (!m_service->storeOpen()) {
        QMessageBox::warning(this, tr("Import"),
                             tr("No database is open, so nothing can be imported. Choose a "
                                "database file in Settings (Ctrl+,)."));
        return;
    }
    statusBar()->showMessage(
        plural(files.size(), tr("Importing %n file…"), tr("Importing %n files…")));
    m_service->importFiles(files);
}

void MainWindow::showImportReport(const Importer::Report &report)
{
    // A re-ingest from the Deliveries tab: one body, reported in its own words.
    if (report.files.size() == 1
        && m_pendingReingests.removeOne(report.files.constFirst().source)) {
        const Importer::FileResult &file = report.files.constFirst();
        if (!file.ok) {
            statusBar()->showMessage(tr("Re-ingest of %1 failed: %2").arg(file.source, file.error));
        } else if (file.duplicate) {
            statusBar()->showMessage(tr("Re-ingested %1: event %2 is already stored; nothing "
                                        "changed (duplicate).")
                                         .arg(file.source, file.eventId),
                                     MessageTimeoutMs);
        } else {
            statusBar()->showMessage(
                tr("Re-ingested %1: event %2 parsed and applied again, %3.")
                    .arg(file.source, file.eventId,
                         plural(file.leadCount, tr("%n lead"), tr("%n leads"))),
                MessageTimeoutMs);
        }
        return;
    }
    const WindowMessages::ImportMessage message = WindowMessages::importReport(report);
    statusBar()->showMessage(message.status, MessageTimeoutMs);
    if (!message.warningText.isEmpty())
        QMessageBox::warning(this, message.warningTitle, message.warningText);
}

void MainWindow::exportLeads()
{
    if (!m_db.isOpen()) {
        statusBar()->showMessage(tr("Nothing to export: the database is not open."),
                                 MessageTimeoutMs);
        return;
    }
    if (m_export->isRunning()) {
        statusBar()->showMessage(tr("An export is already running."), MessageTimeoutMs);
        return;
    }
    ExportDialog::Context context;
    context.db = m_db;
    context.viewFilter = m_leads->filter();
    context.selectedLeads = m_leads->selectedLeadRowIds();
    context.selectionIsAllMatching = m_leads->isAllMatchingSelected();
    if (!m_leads->model()->isLoading())
        context.shownLeads = m_leads->model()->shownCount();
    context.selectedCampaigns = m_campaigns->selectedCampaignRowIds();
    context.visibleColumns = m_leads->visibleColumns();
    context.defaultFilePath = ExportDialog::proposedFilePath(
        m_settings->value(Setting::ExportDirectory), QDate::currentDate());
    context.settings = m_settings;
    context.filterSummary = m_leads->filterSummary();
    ExportDialog dialog(context, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_settings->set(Setting::ExportDirectory, QFileInfo(dialog.filePath()).absolutePath());
    m_export->start(m_service->databasePath(), dialog.filePath(), dialog.request(),
                    dialog.record());
}

void MainWindow::openSettings()
{
    SettingsDialog dialog(m_settings, m_service, m_config, this, m_account);
    connect(&dialog, &SettingsDialog::endpointApplied, this, [this](const EndpointConfig &config) {
        m_config = config;
        updateEndpointState();
        statusBar()->showMessage(tr("Listening on %1").arg(m_service->url().toString()),
                                 MessageTimeoutMs);
    });
    dialog.exec();
    if (!m_db.isOpen() && m_service->storeOpen()) { // a database file chosen in the dialog
        openReadConnection();
        refreshAll();
    }
    updateEndpointState();
}

void MainWindow::sendTestEvent()
{
    if (!m_service->isListening()) {
        statusBar()->showMessage(tr("The endpoint is not listening: fix it in Settings first."),
                                 MessageTimeoutMs);
        return;
    }
    const QByteArray secret
        = m_config.secrets.isEmpty() ? QByteArray() : m_config.secrets.constFirst().toUtf8();
    statusBar()->showMessage(tr("Sending a test event to %1…").arg(m_service->url().toString()));
    m_testSender->send(m_service->url(), secret, TestEventLeads);
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About Lead Viewer"),
        tr("<h3>Lead Viewer %1</h3>"
           "<p>Receives SendPilot webhooks on a local endpoint, stores every event in SQLite and "
           "shows campaigns, credit usage and lead profiles, with CSV export for CRMs.</p>"
           "<p>Database: %2</p>")
            .arg(QCoreApplication::applicationVersion(),
                 QDir::toNativeSeparators(m_service->databasePath()).toHtmlEscaped()));
}

void MainWindow::restoreUiState()
{
    if (!restoreGeometry(m_settings->value(Setting::WindowGeometry)))
        setGeometry(WindowGeometry::firstStart(QSize(1400, 850), screen()->availableGeometry()));
    // A geometry saved on a larger screen, or at another scale, must not put the status bar and
    // the window's buttons off this one.
    WindowGeometry::clampToScreen(this);
    restoreState(m_settings->value(Setting::WindowState));
    m_mainSplitter->restoreState(m_settings->value(Setting::MainSplitter));
    m_leadSplitter->restoreState(m_settings->value(Setting::LeadSplitter));
    m_leads->restoreHeaderState(m_settings->value(Setting::LeadHeader));
    m_campaigns->restoreHeaderState(m_settings->value(Setting::CampaignHeader));
    m_tabs->setCurrentIndex(m_settings->value(Setting::CurrentTab));
}

void MainWindow::saveUiState()
{
    m_settings->apply(SettingsChange()
                          .set(Setting::WindowGeometry, saveGeometry())
                          .set(Setting::WindowState, saveState())
                          .set(Setting::MainSplitter, m_mainSplitter->saveState())
                          .set(Setting::LeadSplitter, m_leadSplitter->saveState())
                          .set(Setting::LeadHeader, m_leads->saveHeaderState())
                          .set(Setting::CampaignHeader, m_campaigns->saveHeaderState())
                          .set(Setting::CurrentTab, m_tabs->currentIndex()));
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!event->mimeData()->hasUrls())
        return;
    for (const QUrl &url : event->mimeData()->urls()) {
        if (url.isLocalFile() && url.toLocalFile().endsWith(u".json"_s, Qt::CaseInsensitive)) {
            event->acceptProposedAction();
            return;
        }
    }
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList files;
    for (const QUrl &url : event->mimeData()->urls()) {
        if (url.isLocalFile() && url.toLocalFile().endsWith(u".json"_s, Qt::CaseInsensitive))
            files << url.toLocalFile();
    }
    importFiles(files);
    event->acceptProposedAction();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_export->isRunning()) {
        m_export->cancel();
        statusBar()->showMessage(tr("Export cancelled: the window closed."));
    }
    saveUiState();
    event->accept();
}
