// SPDX-License-Identifier: MIT
// The main window's menus and their actions: what each entry does is a slot of MainWindow or
// of the view it acts on.
#include "mainwindow.h"

#include "campaignlaunchaction.h"
#include "exporthistorydialog.h"
#include "leadsview.h"

#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QMenuBar>
#include <QStatusBar>
#include <QTabWidget>

using namespace Qt::StringLiterals;

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    auto *launch = new CampaignLaunchAction(m_account, this, file);
    connect(launch, &CampaignLaunchAction::message, statusBar(), &QStatusBar::showMessage);
    QAction *import = file->addAction(tr("&Import Event JSON…"));
    import->setShortcut(tr("Ctrl+I"));
    import->setStatusTip(tr("Store saved SendPilot event payloads (or drop them on the window)"));
    connect(import, &QAction::triggered, this, [this] {
        const QStringList files = QFileDialog::getOpenFileNames(
            this, tr("Import Event JSON"), QString(), tr("Event JSON (*.json);;All files (*)"));
        importFiles(files);
    });
    QAction *exportAction = file->addAction(tr("&Export Leads…"));
    exportAction->setObjectName(u"exportAction"_s);
    exportAction->setShortcut(tr("Ctrl+E"));
    exportAction->setStatusTip(tr("Write the selected or shown leads to a CSV file"));
    connect(exportAction, &QAction::triggered, this, &MainWindow::exportLeads);
    QAction *history = file->addAction(tr("Export &History…"));
    history->setObjectName(u"exportHistoryAction"_s);
    history->setStatusTip(tr("List past exports: when, which leads, which file"));
    connect(history, &QAction::triggered, this, [this] {
        ExportHistoryDialog dialog(m_db, this);
        dialog.exec();
    });
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setShortcut(tr("Ctrl+Q"));
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *find = edit->addAction(tr("&Find Leads"));
    find->setShortcut(tr("Ctrl+F"));
    find->setStatusTip(tr("Search the lead table"));
    connect(find, &QAction::triggered, this, [this] {
        m_tabs->setCurrentIndex(0);
        m_leads->focusSearch();
    });
    QAction *selectAll = edit->addAction(tr("Select &All Leads"));
    selectAll->setShortcut(tr("Ctrl+A"));
    connect(selectAll, &QAction::triggered, this, [this] {
        m_tabs->setCurrentIndex(0);
        m_leads->selectAll();
    });
    edit->addSeparator();
    QAction *preferences = edit->addAction(tr("&Settings…"));
    preferences->setShortcut(tr("Ctrl+,"));
    preferences->setMenuRole(QAction::PreferencesRole);
    connect(preferences, &QAction::triggered, this, &MainWindow::openSettings);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *refresh = view->addAction(tr("&Refresh"));
    refresh->setShortcut(QKeySequence(Qt::Key_F5));
    connect(refresh, &QAction::triggered, this, &MainWindow::refreshAll);
    view->addSeparator();
    for (int i = 0; i < m_tabs->count(); ++i) {
        QAction *tab = view->addAction(m_tabs->tabText(i).remove(u'&'));
        tab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        connect(tab, &QAction::triggered, this, [this, i] { m_tabs->setCurrentIndex(i); });
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *test = help->addAction(tr("Send &Test Event"));
    test->setStatusTip(tr("Post a signed sample campaign to this app's own endpoint"));
    connect(test, &QAction::triggered, this, &MainWindow::sendTestEvent);
    help->addSeparator();
    QAction *about = help->addAction(tr("&About Lead Viewer"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
    QAction *aboutQt = help->addAction(tr("About &Qt"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}
