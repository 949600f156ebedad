// SPDX-License-Identifier: MIT
#include "exporthistorydialog.h"

#include "models/exporthistorymodel.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ExportHistoryDialog::ExportHistoryDialog(const QSqlDatabase &db, QWidget *parent)
    : QDialog(parent)
    , m_model(new ExportHistoryModel(this))
    , m_table(new QTableView(this))
    , m_hint(new QLabel(this))
{
    setWindowTitle(tr("Export History"));
    m_model->setDatabase(db);
    m_table->setObjectName(u"exportHistoryTable"_s);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);

    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_hint->setText(tr("Every finished export, newest first. The people of a marked export are "
                       "left out by the “Not yet exported” filter, in every campaign."));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_model, &ExportHistoryModel::queryFailed, this, [this](const QString &error) {
        m_hint->setText(tr("The export history could not be read: %1").arg(error));
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_hint);
    layout->addWidget(buttons);
    refresh();
    resize(900, 420);
}

ExportHistoryDialog::~ExportHistoryDialog() = default;

void ExportHistoryDialog::refresh()
{
    if (!m_model->refresh())
        return;
    m_table->resizeColumnsToContents();
    // A long filter list or path should not push the other columns out of sight.
    for (int column : {int(ExportHistoryModel::Filters), int(ExportHistoryModel::File)})
        m_table->setColumnWidth(column, std::min(m_table->columnWidth(column), 320));
}
