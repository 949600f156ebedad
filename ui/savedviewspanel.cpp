// SPDX-License-Identifier: MIT
#include "savedviewspanel.h"

#include "leadsview.h"

#include "common/settings.h"

#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
/// A view's name is a line of the list: long enough for "Founders in Berlin, not exported".
constexpr int MaxNameLength = 80;
} // namespace

SavedViewsPanel::SavedViewsPanel(LeadsView *leads, Settings *settings, QWidget *parent)
    : QWidget(parent)
    , m_leads(leads)
    , m_settings(settings)
    , m_views(SavedViews::load(*settings))
    , m_list(new QListWidget(this))
    , m_save(new QPushButton(tr("&Save View…"), this))
    , m_delete(new QPushButton(tr("Delete"), this))
{
    setObjectName(u"savedViewsPanel"_s);
    auto *title = new QLabel(tr("Saved views"), this);
    title->setBuddy(m_list);
    m_list->setObjectName(u"savedViewsList"_s);
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->setToolTip(tr("Click a view to show its filters, sort and columns in the lead table"));
    m_save->setObjectName(u"saveView"_s);
    m_save->setToolTip(tr("Keep the lead table's search, filters, sort and columns under a name"));
    m_delete->setObjectName(u"deleteView"_s);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_save);
    buttons->addWidget(m_delete);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(title);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);

    connect(m_save, &QPushButton::clicked, this, &SavedViewsPanel::askAndSave);
    connect(m_delete, &QPushButton::clicked, this, [this] { removeRow(m_list->currentRow()); });
    connect(m_list, &QListWidget::itemClicked, this,
            [this](QListWidgetItem *item) { applyRow(m_list->row(item)); });
    connect(m_list, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { applyRow(m_list->row(item)); });
    connect(m_list, &QListWidget::currentRowChanged, this,
            [this](int row) { m_delete->setEnabled(row >= 0); });
    rebuildList();
}

SavedViewsPanel::~SavedViewsPanel() = default;

QWidget *SavedViewsPanel::beside(QWidget *campaigns, LeadsView *leads, Settings *settings,
                                 QWidget *parent)
{
    auto *splitter = new QSplitter(Qt::Vertical, parent);
    splitter->setObjectName(u"campaignsAndViews"_s);
    splitter->addWidget(campaigns);
    splitter->addWidget(new SavedViewsPanel(leads, settings, splitter));
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    return splitter;
}

void SavedViewsPanel::saveCurrent(const QString &name)
{
    SavedView view = m_leads->currentView(name.simplified().left(MaxNameLength));
    if (view.name.isEmpty())
        return;
    const auto it = std::find_if(m_views.begin(), m_views.end(),
                                 [&](const SavedView &v) { return v.name == view.name; });
    if (it != m_views.end())
        *it = std::move(view);
    else
        m_views.append(std::move(view));
    store();
}

void SavedViewsPanel::applyRow(int row)
{
    if (row >= 0 && row < m_views.size())
        m_leads->applyView(m_views.at(row));
}

void SavedViewsPanel::removeRow(int row)
{
    if (row < 0 || row >= m_views.size())
        return;
    m_views.removeAt(row);
    store();
}

void SavedViewsPanel::askAndSave()
{
    bool ok = false;
    const QString name
        = QInputDialog::getText(this, tr("Save View"),
                                tr("Name of the view (its search, filters, sort and columns):"),
                                QLineEdit::Normal, QString(), &ok)
              .simplified();
    if (!ok)
        return;
    if (name.isEmpty()) {
        QMessageBox::information(this, tr("Save View"),
                                 tr("A view needs a name. Nothing was saved."));
        return;
    }
    const bool exists = std::any_of(m_views.cbegin(), m_views.cend(),
                                    [&](const SavedView &v) { return v.name == name; });
    if (exists
        && QMessageBox::question(this, tr("Save View"),
                                 tr("A view named \"%1\" exists. Replace it?").arg(name))
            != QMessageBox::Yes)
        return;
    saveCurrent(name);
}

void SavedViewsPanel::store()
{
    SavedViews::save(*m_settings, m_views);
    rebuildList();
}

void SavedViewsPanel::rebuildList()
{
    m_list->clear();
    for (const SavedView &view : std::as_const(m_views)) {
        auto *item = new QListWidgetItem(view.name, m_list);
        item->setToolTip(view.name);
    }
    m_delete->setEnabled(m_list->currentRow() >= 0);
}
