// SPDX-License-Identifier: MIT
#include "apicallsview.h"

#include "models/apicallmodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ApiCallsView::ApiCallsView(QWidget *parent)
    : QWidget(parent)
    , m_model(new ApiCallModel(this))
    , m_table(new QTableView(this))
{
    auto *hint = new QLabel(tr("Every request Lead Viewer made to the SendPilot API, newest "
                               "first, one row per attempt. The API key is never recorded."),
                            this);
    hint->setObjectName(u"apiCallsHint"_s);
    hint->setWordWrap(true);
    hint->setContentsMargins(6, 4, 6, 4);
    m_table->setObjectName(u"apiCallsTable"_s);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(hint);
    layout->addWidget(m_table, 1);
}

ApiCallsView::~ApiCallsView() = default;

void ApiCallsView::setDatabase(const QSqlDatabase &db)
{
    m_model->setDatabase(db);
    m_table->resizeColumnsToContents();
}

void ApiCallsView::refresh()
{
    const bool wasEmpty = m_model->rowCount() == 0;
    m_model->refresh();
    if (wasEmpty && m_model->rowCount() > 0)
        m_table->resizeColumnsToContents();
}
