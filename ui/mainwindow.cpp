// SPDX-License-Identifier: MIT
#include "mainwindow.h"

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("Lead Viewer"));
}

MainWindow::~MainWindow() = default;
