// SPDX-License-Identifier: MIT
#pragma once

#include "ingest/ingestservice.h"

#include <QMainWindow>
#include <QSqlDatabase>

class Settings;
class EndpointStatusBar;
class QLabel;
class QTimer;

/// Coordinates the views; each view, pane and dialog is its own class.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    /// \a startError is the receiver's start-up error, if any (shown until a restart works).
    MainWindow(IngestService *service, Settings *settings, const EndpointConfig &config,
               const QString &startError, QWidget *parent = nullptr);
    ~MainWindow() override;

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void openReadConnection();
    void scheduleRefresh();
    void refreshCounts();
    void importFiles(const QStringList &files);
    void showImportReport(const Importer::Report &report);

    IngestService *m_service;
    Settings *m_settings;
    EndpointConfig m_config;
    QSqlDatabase m_db;
    QString m_connectionName;
    EndpointStatusBar *m_statusBar = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_hint = nullptr;
    QTimer *m_refreshTimer = nullptr;
};
