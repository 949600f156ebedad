// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "endpointstatusbar.h"

#include "common/logging.h"
#include "common/settings.h"
#include "models/storestats.h"
#include "store/database.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
constexpr int RefreshDelayMs = 250; // coalesces bursts of events into one refresh
}

MainWindow::MainWindow(IngestService *service, Settings *settings, const EndpointConfig &config,
                       const QString &startError, QWidget *parent)
    : QMainWindow(parent)
    , m_service(service)
    , m_settings(settings)
    , m_config(config)
    , m_connectionName(u"gui-read"_s)
{
    setWindowTitle(tr("Lead Viewer"));
    setAcceptDrops(true);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    m_summary = new QLabel(central);
    m_summary->setAlignment(Qt::AlignCenter);
    QFont big = m_summary->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    m_summary->setFont(big);
    m_hint = new QLabel(central);
    m_hint->setAlignment(Qt::AlignCenter);
    m_hint->setWordWrap(true);
    m_hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addStretch();
    layout->addWidget(m_summary);
    layout->addWidget(m_hint);
    layout->addStretch();
    setCentralWidget(central);

    m_statusBar = new EndpointStatusBar(this);
    statusBar()->addPermanentWidget(m_statusBar);
    if (m_service->isListening())
        m_statusBar->setListening(m_service->url(), m_service->verifying());
    else
        m_statusBar->setError(startError.isEmpty() ? tr("Not listening") : startError);

    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(RefreshDelayMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &MainWindow::refreshCounts);
    connect(m_service, &IngestService::storeChanged, this, &MainWindow::scheduleRefresh);
    connect(m_service, &IngestService::delivered, m_statusBar, &EndpointStatusBar::noteDelivery);
    connect(m_service, &IngestService::importFinished, this, &MainWindow::showImportReport);

    createActions();
    openReadConnection();
    refreshCounts();
    resize(1100, 700);
}

MainWindow::~MainWindow()
{
    m_db = QSqlDatabase();
    Database::close(m_connectionName);
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *import = file->addAction(tr("&Import Event JSON…"));
    import->setShortcut(tr("Ctrl+I"));
    import->setStatusTip(tr("Store saved SendPilot event payloads"));
    connect(import, &QAction::triggered, this, [this] {
        const QStringList files = QFileDialog::getOpenFileNames(
            this, tr("Import Event JSON"), QString(), tr("Event JSON (*.json);;All files (*)"));
        importFiles(files);
    });
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);
}

void MainWindow::openReadConnection()
{
    if (!m_service->storeOpen())
        return;
    QString error;
    m_db = Database::open(m_service->databasePath(), m_connectionName, Database::Access::ReadOnly,
                          &error);
    if (!m_db.isOpen())
        statusBar()->showMessage(error);
}

void MainWindow::scheduleRefresh()
{
    if (!m_refreshTimer->isActive())
        m_refreshTimer->start();
}

void MainWindow::refreshCounts()
{
    if (!m_db.isOpen()) {
        m_summary->setText(tr("The database could not be opened."));
        return;
    }
    const StoreCounts counts = StoreStats::read(m_db);
    const QLocale locale;
    m_summary->setText(tr("%1 campaigns · %2 leads · %3 events")
                           .arg(locale.toString(counts.campaigns), locale.toString(counts.leads),
                                locale.toString(counts.events)));
    if (counts.events == 0 && m_service->isListening()) {
        m_hint->setText(tr("No campaigns yet: point SendPilot's webhook at %1 through a public "
                           "HTTPS tunnel (for example `cloudflared tunnel --url "
                           "http://127.0.0.1:%2`), or drop saved event JSON files here.")
                            .arg(m_service->url().toString())
                            .arg(m_service->url().port()));
    } else {
        m_hint->clear();
    }
}

void MainWindow::importFiles(const QStringList &files)
{
    if (files.isEmpty())
        return;
    if (!m_service->storeOpen()) {
        QMessageBox::warning(this, tr("Import"),
                             tr("The database is not open, so nothing can be imported. Check "
                                "the database path in Settings."));
        return;
    }
    statusBar()->showMessage(tr("Importing %n file(s)…", nullptr, int(files.size())));
    m_service->importFiles(files);
}

void MainWindow::showImportReport(const Importer::Report &report)
{
    statusBar()->showMessage(tr("Imported: %1 stored, %2 duplicate, %3 failed")
                                 .arg(report.stored)
                                 .arg(report.duplicates)
                                 .arg(report.failed),
                             10'000);
    if (report.failed == 0)
        return;
    QStringList lines;
    for (const Importer::FileResult &file : report.files) {
        if (!file.ok)
            lines << tr("%1: %2").arg(file.source, file.error);
    }
    QMessageBox::warning(this, tr("Import"),
                         tr("Some files were not imported. Files must hold one SendPilot event "
                            "each, as a JSON object with eventId and eventType.\n\n%1")
                             .arg(lines.join(u'\n')));
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
    event->accept();
}
