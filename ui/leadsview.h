// SPDX-License-Identifier: MIT
#pragma once

#include "query/leadcolumn.h"
#include "query/leadfilter.h"
#include "query/savedview.h"

#include <QList>
#include <QWidget>
#include <memory>
#include <optional>

class EmptyState;
class LeadFilterBar;
class LeadSelectionBar;
class LeadTableModel;
class PersonColumns;
class QuickFilterButton;
class QLabel;
class QLineEdit;
class QMenu;
class QStackedWidget;
class QTableView;
class QTimer;
class QToolButton;

/// The lead table: search as you type, quick filters, "N of M leads", sortable and
/// configurable columns over the windowed LeadTableModel (filtering and sorting run in SQL).
class LeadsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LeadsView)

public:
    /// How long typing must pause before the search runs.
    static constexpr int SearchDebounceMs = 150;

    explicit LeadsView(QWidget *parent = nullptr);
    ~LeadsView() override;

    void setDatabasePath(const QString &path);
    /// Shows the leads of these campaigns (all when empty).
    void setCampaigns(const QList<qint64> &campaignRowIds);
    /// Re-runs the query after new data arrived: selection, scroll position and sort stay.
    void refresh();

    LeadTableModel *model() const { return m_model; }
    QTableView *tableView() const { return m_table; }
    QLineEdit *searchEdit() const { return m_search; }
    QLabel *countLabel() const { return m_count; }
    LeadFilterBar *filterBar() const { return m_filterBar; }
    LeadSelectionBar *selectionBar() const { return m_selectionBar; }

    /// The filter the table shows, with its sort (the "filtered set" of an export).
    LeadFilter filter() const;
    /// The active filters as the user sees them ("Has email; Job position: founder"), for the
    /// export history.
    QString filterSummary() const;
    /// leads.id of the selected rows, in view order; empty while every matching lead is
    /// selected (isAllMatchingSelected(): the selection is then filter()).
    QList<qint64> selectedLeadRowIds() const;
    /// "Select all M matching": every lead the search and filters match is selected, also
    /// those not loaded, as the filter itself. Ends when the user changes the selection or the
    /// filter.
    void selectAllMatching();
    bool isAllMatchingSelected() const { return m_allMatching; }
    /// How many leads are selected (the matching count while all matching are).
    qint64 selectedCount() const;
    qint64 currentLeadRowId() const;
    /// The visible columns, in view order.
    QList<LeadColumn::Id> visibleColumns() const;
    void setColumnVisible(LeadColumn::Id column, bool visible);
    static QList<LeadColumn::Id> defaultColumns();
    /// A column's width until the user resizes it (and after "Reset Columns").
    int defaultWidth(LeadColumn::Id column) const;

    void focusSearch();
    void selectAll();
    /// Copies the selected rows as a spreadsheet pastes them: a header line, then the stored
    /// values (no group separators, times in ISO 8601), tab-separated. Every matching lead,
    /// read on a worker, while all matching are selected (LeadSelectionBar::copy).
    void copyRows();

    /// The table's search, quick filters, filter bar, sort and visible columns, named \a name.
    SavedView currentView(const QString &name) const;
    /// Shows \a view: its filters, search, sort and columns (the campaigns stay as chosen).
    void applyView(const SavedView &view);

    /// Column order, widths, visibility and sort.
    QByteArray saveHeaderState() const;
    void restoreHeaderState(const QByteArray &state);

Q_SIGNALS:
    /// The lead in the current row (0: none), also when another lead moved into that row or the
    /// current one left the table (a search, another campaign).
    void currentLeadChanged(qint64 leadRowId);
    void selectionCountChanged(int count);
    void exportSelectedRequested();
    void countsChanged(qint64 shown, qint64 total);

private:
    void applyFilter();
    void onSelectionChanged();
    void updateSelectionBar();
    void applySort(int section, Qt::SortOrder order);
    void onLoaded(qint64 shown, qint64 total);
    void followCurrentLead();
    void showHeaderMenu(const QPoint &pos);
    void showTableMenu(const QPoint &pos);
    void copyCell();
    void openLinkedin();
    QString linkedinUrlAt(int row) const;
    QList<QuickFilterButton *> quickFilters() const
    {
        return {m_hasEmail, m_hasPhone, m_notExported, m_onePerPerson};
    }

    LeadTableModel *m_model;
    QLineEdit *m_search;
    QuickFilterButton *m_hasEmail;
    QuickFilterButton *m_hasPhone;
    QuickFilterButton *m_notExported;
    QuickFilterButton *m_onePerPerson;
    QLabel *m_count;
    LeadFilterBar *m_filterBar;
    LeadSelectionBar *m_selectionBar;
    QStackedWidget *m_stack;
    QTableView *m_table;
    EmptyState *m_empty;
    QTimer *m_searchTimer;
    QList<qint64> m_campaigns;
    std::optional<LeadColumn::Id> m_sortColumn;
    qint64 m_currentLead = 0; ///< what currentLeadChanged last said
    std::unique_ptr<PersonColumns> m_personColumns;
    bool m_allMatching = false;
    bool m_selectingAll = false; ///< selectAllMatching() is selecting the table's rows
    bool m_applyingView = false; ///< applyView() sets several controls: one query after
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};
