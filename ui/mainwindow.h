// SPDX-License-Identifier: MIT
#pragma once

#include "export/leadexporter.h"
#include "ingest/ingestservice.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QSqlDatabase>

class ApiCallsView;
class CampaignsView;
class CreditsView;
class DeliveriesView;
class EndpointStatusBar;
class ExportRunner;
class LeadsView;
class ProfilePane;
class QLabel;
class QSplitter;
class QTabWidget;
class QTimer;
class QToolButton;
class SendPilotAccount;
class StoreWatcher;
class Settings;
class TestEventSender;

/// Coordinates the views; each view, pane and dialog is its own class. Campaigns on the left,
/// the lead table and the selected lead's profile in the middle and on the right, credits and
/// deliveries as tabs; the endpoint's state in the status bar.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    /// How long a burst of events is coalesced into one refresh of the views.
    static constexpr int RefreshDelayMs = 250;

    /// \a startError is the receiver's start-up error, if any (shown until a restart works).
    MainWindow(IngestService *service, Settings *settings, const EndpointConfig &config,
               const QString &startError, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Re-reads the store into every view now (F5; also what a burst of events leads to).
    void refreshAll();
    /// Opens the export dialog (the selected leads preselected when there are any).
    void exportLeads();
    void openSettings();
    void sendTestEvent();
    /// The SendPilot account: key, client, credits (tests tune its timeouts).
    SendPilotAccount *account() const { return m_account; }

Q_SIGNALS:
    /// An export started from the window ended (written, cancelled or failed).
    void exportFinished(const QString &filePath, const LeadExporter::Result &result);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void createViews();
    void createActions();
    void connectAccount();
    void showAccountCredits();
    void openReadConnection();
    void scheduleRefresh();
    void refreshCounts();
    void updateEndpointState(const QString &error = {});
    void updateEmptyTexts();
    void onCampaignSelectionChanged(const QList<qint64> &campaignRowIds);
    void importFiles(const QStringList &files);
    void showImportReport(const Importer::Report &report);
    void restoreUiState();
    void saveUiState();
    void showAbout();

    IngestService *m_service;
    Settings *m_settings;
    EndpointConfig m_config;
    QSqlDatabase m_db;
    QString m_connectionName;

    EndpointStatusBar *m_statusBar = nullptr;
    QLabel *m_counts = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_leadSplitter = nullptr;
    QTabWidget *m_tabs = nullptr;
    CampaignsView *m_campaigns = nullptr;
    LeadsView *m_leads = nullptr;
    ProfilePane *m_profile = nullptr;
    CreditsView *m_credits = nullptr;
    DeliveriesView *m_deliveries = nullptr;
    ApiCallsView *m_apiCalls = nullptr;
    SendPilotAccount *m_account = nullptr;
    QToolButton *m_creditsStatus = nullptr; ///< "5,000 credits left" in the status bar
    QTimer *m_refreshTimer = nullptr;
    QElapsedTimer m_sinceRefresh; ///< invalid until the first refresh
    QTimer *m_deliveriesTimer = nullptr;
    StoreWatcher *m_watcher = nullptr; ///< commits by other processes (an import, a receiver)
    TestEventSender *m_testSender = nullptr;
    ExportRunner *m_export = nullptr;
    QStringList m_pendingReingests; ///< sources of re-ingests whose report has not arrived
};
