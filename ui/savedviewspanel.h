// SPDX-License-Identifier: MIT
#pragma once

#include "query/savedview.h"

#include <QWidget>

class LeadsView;
class QListWidget;
class QPushButton;
class Settings;

/*!
    The saved lead views, listed under the campaigns: a click (or Enter) applies one to the
    lead table (filters, search, sort, columns); "Save View…" keeps the table's current view
    under a name (an existing name is replaced after asking); "Delete" removes the selected
    one. Every change is written to the settings file at once, so the list is there after a
    restart.
*/
class SavedViewsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SavedViewsPanel)

public:
    SavedViewsPanel(LeadsView *leads, Settings *settings, QWidget *parent = nullptr);
    ~SavedViewsPanel() override;

    /// \a campaigns above the saved views of \a leads, in one vertical splitter (the window's
    /// left pane).
    static QWidget *beside(QWidget *campaigns, LeadsView *leads, Settings *settings,
                           QWidget *parent);

    QList<SavedView> views() const { return m_views; }
    QListWidget *list() const { return m_list; }
    QPushButton *saveButton() const { return m_save; }
    QPushButton *deleteButton() const { return m_delete; }

    /// Saves the table's current view as \a name, replacing a view of that name.
    void saveCurrent(const QString &name);
    /// Applies the view at \a row of the list to the table.
    void applyRow(int row);
    void removeRow(int row);

private:
    void askAndSave();
    void store();
    void rebuildList();

    LeadsView *m_leads;
    Settings *m_settings;
    QList<SavedView> m_views;
    QListWidget *m_list;
    QPushButton *m_save;
    QPushButton *m_delete;
};
