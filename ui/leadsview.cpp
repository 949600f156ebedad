// SPDX-License-Identifier: MIT
#include "leadsview.h"

#include "export/leadtabtext.h"

#include "emptystate.h"
#include "leadfilterbar.h"
#include "leadselectionbar.h"
#include "personcolumns.h"
#include "quickfilterbutton.h"

#include "common/plural.h"
#include "models/leadtablemodel.h"
#include "models/modelroles.h"

#include <QAction>
#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>
#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace {
/// The selected rows, ascending, read from the selection's ranges: a select-all over a million
/// rows is one range, where selectedRows() would build a million indexes.
QList<int> sortedRows(const QItemSelection &selection)
{
    QList<int> rows;
    for (const QItemSelectionRange &range : selection) {
        for (int row = range.top(); row <= range.bottom(); ++row)
            rows << row;
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    return rows;
}

int selectedRowCount(const QItemSelection &selection)
{
    return int(sortedRows(selection).size());
}

/// A column's default width in average characters: the eight default columns together fit
/// about 1,100 pixels, so most of them show beside the profile pane in a 1,400-pixel window.
int defaultWidthChars(LeadColumn::Id column)
{
    switch (column) {
    case LeadColumn::FullName:
        return 17;
    case LeadColumn::Headline:
    case LeadColumn::Email:
        return 24;
    case LeadColumn::Company:
    case LeadColumn::JobPosition:
    case LeadColumn::Location:
        return 16;
    case LeadColumn::Phone:
        return 14;
    case LeadColumn::CampaignName:
        return 18;
    case LeadColumn::AllCampaigns:
        return 30;
    default:
        return 20;
    }
}
} // namespace

LeadsView::LeadsView(QWidget *parent)
    : QWidget(parent)
    , m_model(new LeadTableModel(this))
    , m_search(new QLineEdit(this))
    , m_hasEmail(
          new QuickFilterButton(tr("Has email"), tr("Show only leads with an email address"), this))
    , m_hasPhone(
          new QuickFilterButton(tr("Has phone"), tr("Show only leads with a phone number"), this))
    , m_notExported(new QuickFilterButton(
          tr("Not yet exported"),
          tr("Show only people no marked export has included yet (a person found in several "
             "campaigns counts once)"),
          this))
    , m_onePerPerson(new QuickFilterButton(
          tr("One row per person"),
          tr("A person found in several campaigns (the same LinkedIn profile) shows once: their "
             "newest lead, with every campaign in the \u201cAll campaigns\u201d column. The "
             "other filters apply to that newest lead."),
          this))
    , m_count(new QLabel(this))
    , m_filterBar(new LeadFilterBar(this))
    , m_selectionBar(new LeadSelectionBar(this))
    , m_stack(new QStackedWidget(this))
    , m_table(new QTableView(this))
    , m_empty(new EmptyState(this))
    , m_searchTimer(new QTimer(this))
{
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_search, 1);
    bar->addWidget(m_hasEmail);
    bar->addWidget(m_hasPhone);
    bar->addWidget(m_notExported);
    bar->addWidget(m_count);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filterBar, 1);
    filterRow->addWidget(m_onePerPerson, 0, Qt::AlignTop);
    layout->addLayout(filterRow);
    layout->addWidget(m_selectionBar);
    layout->addWidget(m_stack, 1);
    m_stack->addWidget(m_table);
    m_stack->addWidget(m_empty);

    m_search->setObjectName(u"leadSearch"_s);
    m_search->setPlaceholderText(tr("Search names, companies, headlines, emails… (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    // Three quick filters and the count leave a 1366-pixel window's search box a few letters
    // wide otherwise; the splitter takes the room from the profile pane instead.
    m_search->setMinimumWidth(fontMetrics().horizontalAdvance(u"Search names, companies"_s));
    m_search->setToolTip(tr("Every word must match the start of a word in the lead"));
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(SearchDebounceMs);
    connect(m_search, &QLineEdit::textChanged, m_searchTimer, qOverload<>(&QTimer::start));
    connect(m_searchTimer, &QTimer::timeout, this, &LeadsView::applyFilter);

    for (QuickFilterButton *button : quickFilters())
        connect(button, &QToolButton::toggled, this, &LeadsView::applyFilter);
    m_hasEmail->setObjectName(u"hasEmail"_s);
    m_hasPhone->setObjectName(u"hasPhone"_s);
    m_notExported->setObjectName(u"notExported"_s);
    m_onePerPerson->setObjectName(u"onePerPerson"_s);
    connect(m_onePerPerson, &QToolButton::toggled, this,
            [this](bool people) { m_personColumns->show(people); });
    m_count->setObjectName(u"leadCount"_s);
    m_count->setMinimumWidth(fontMetrics().horizontalAdvance(u"0,000,000 of 0,000,000 leads"_s));
    m_count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    m_table->setObjectName(u"leadsTable"_s);
    m_personColumns = std::make_unique<PersonColumns>(m_table->horizontalHeader());
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    // A fixed row height: measuring rows (ResizeToContents) costs seconds at 100k rows.
    QHeaderView *vertical = m_table->verticalHeader();
    vertical->hide();
    vertical->setSectionResizeMode(QHeaderView::Fixed);
    vertical->setDefaultSectionSize(fontMetrics().height() + 8);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionsMovable(true);
    header->setSectionsClickable(true);
    header->setSortIndicatorShown(true);
    header->setSortIndicator(-1, Qt::AscendingOrder);
    header->setHighlightSections(false);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    header->setDefaultSectionSize(160);
    header->setToolTip(tr("Click to sort; right-click to choose columns"));
    for (LeadColumn::Id column : LeadColumn::all()) {
        header->setSectionHidden(column, !defaultColumns().contains(column));
        header->resizeSection(column, defaultWidth(column));
    }
    // Sorting runs in SQL: the header only reports the wish (no QTableView sorting, which
    // would also sort on setup).
    connect(header, &QHeaderView::sortIndicatorChanged, this, &LeadsView::applySort);
    connect(header, &QWidget::customContextMenuRequested, this, &LeadsView::showHeaderMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, &LeadsView::showTableMenu);
    connect(m_table, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.column() == LeadColumn::LinkedinUrl)
            openLinkedin();
    });

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &LeadsView::followCurrentLead);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &LeadsView::onSelectionChanged);
    connect(m_filterBar, &LeadFilterBar::filtersChanged, this, &LeadsView::applyFilter);
    connect(m_selectionBar, &LeadSelectionBar::selectAllMatchingRequested, this,
            &LeadsView::selectAllMatching);
    connect(m_selectionBar, &LeadSelectionBar::clearRequested, m_table,
            &QAbstractItemView::clearSelection);
    connect(m_model, &LeadTableModel::loaded, this, &LeadsView::onLoaded);
    connect(m_model, &LeadTableModel::queryFailed, this, [this](const QString &error) {
        m_count->setText(tr("Query failed"));
        m_count->setToolTip(error);
    });
    onLoaded(0, 0);
}

LeadsView::~LeadsView() = default;

int LeadsView::defaultWidth(LeadColumn::Id column) const
{
    return defaultWidthChars(column) * fontMetrics().averageCharWidth() + 12;
}

QList<LeadColumn::Id> LeadsView::defaultColumns()
{
    return {LeadColumn::FullName,    LeadColumn::Headline,    LeadColumn::Company,
            LeadColumn::JobPosition, LeadColumn::Location,    LeadColumn::Email,
            LeadColumn::Phone,       LeadColumn::CampaignName};
}

void LeadsView::setDatabasePath(const QString &path)
{
    m_model->setDatabasePath(path);
}

void LeadsView::setCampaigns(const QList<qint64> &campaignRowIds)
{
    if (m_campaigns == campaignRowIds)
        return;
    m_campaigns = campaignRowIds;
    applyFilter();
}

void LeadsView::refresh()
{
    m_model->refresh();
}

LeadFilter LeadsView::filter() const
{
    LeadFilter filter;
    filter.campaignRowIds = m_campaigns;
    filter.searchText = m_search->text().trimmed();
    filter.hasEmail = m_hasEmail->isChecked();
    filter.hasPhone = m_hasPhone->isChecked();
    filter.notExported = m_notExported->isChecked();
    filter.onePerPerson = m_onePerPerson->isChecked();
    filter.fields = m_filterBar->filters();
    filter.sortColumn = m_sortColumn;
    filter.sortOrder = m_sortOrder;
    return filter;
}

QString LeadsView::filterSummary() const
{
    QStringList parts;
    if (!m_campaigns.isEmpty())
        parts.append(
            tr("%n campaign(s) chosen in the campaign list", nullptr, int(m_campaigns.size())));
    if (!m_search->text().trimmed().isEmpty())
        parts.append(tr("Search: %1").arg(m_search->text().trimmed()));
    for (const QuickFilterButton *button : quickFilters()) {
        if (button->isChecked())
            parts.append(button->label());
    }
    parts.append(m_filterBar->chipTexts());
    return parts.join(u"; "_s);
}

void LeadsView::applyFilter()
{
    m_searchTimer->stop();
    if (m_applyingView)
        return;
    // Another filter is another set of leads: the selection goes back to the rows that stay.
    m_allMatching = false;
    m_model->setFilter(filter());
    updateSelectionBar();
}

void LeadsView::onSelectionChanged()
{
    if (!m_selectingAll)
        m_allMatching = false; // the user chose rows
    updateSelectionBar();
    Q_EMIT selectionCountChanged(
        int(std::min<qint64>(selectedCount(), std::numeric_limits<int>::max())));
}

void LeadsView::selectAllMatching()
{
    // The table selects its rows as one range (cheap at any count); the selection itself is
    // the filter, so export and copy read every match, loaded or not.
    m_selectingAll = true;
    m_table->selectAll();
    m_selectingAll = false;
    m_allMatching = true;
    updateSelectionBar();
    Q_EMIT selectionCountChanged(
        int(std::min<qint64>(selectedCount(), std::numeric_limits<int>::max())));
}

qint64 LeadsView::selectedCount() const
{
    if (m_allMatching)
        return m_model->shownCount();
    return selectedRowCount(m_table->selectionModel()->selection());
}

void LeadsView::updateSelectionBar()
{
    m_selectionBar->setCounts(selectedCount(), m_model->shownCount(), m_allMatching);
}

void LeadsView::applySort(int section, Qt::SortOrder order)
{
    if (section < 0 || section >= LeadColumn::Count) {
        m_sortColumn.reset();
        m_model->sort(-1, order);
        return;
    }
    m_sortColumn = LeadColumn::Id(section);
    m_sortOrder = order;
    m_model->sort(section, order);
}

QList<qint64> LeadsView::selectedLeadRowIds() const
{
    if (m_allMatching)
        return {};
    QList<qint64> ids;
    const QList<int> rows = sortedRows(m_table->selectionModel()->selection());
    ids.reserve(rows.size());
    for (int row : rows)
        ids << m_model->leadRowId(row);
    return ids;
}

qint64 LeadsView::currentLeadRowId() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    return current.isValid() ? m_model->leadRowId(current.row()) : 0;
}

QList<LeadColumn::Id> LeadsView::visibleColumns() const
{
    const QHeaderView *header = m_table->horizontalHeader();
    QList<LeadColumn::Id> columns;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical) && logical < LeadColumn::Count)
            columns << LeadColumn::Id(logical);
    }
    return columns;
}

void LeadsView::setColumnVisible(LeadColumn::Id column, bool visible)
{
    if (!visible && visibleColumns() == QList<LeadColumn::Id> {column})
        return; // keep at least one column
    m_table->horizontalHeader()->setSectionHidden(column, !visible);
}

void LeadsView::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void LeadsView::selectAll()
{
    m_table->setFocus(Qt::ShortcutFocusReason);
    m_table->selectAll();
}

SavedView LeadsView::currentView(const QString &name) const
{
    SavedView view;
    view.name = name;
    const LeadFilter current = filter();
    view.searchText = current.searchText;
    view.hasEmail = current.hasEmail;
    view.hasPhone = current.hasPhone;
    view.notExported = current.notExported;
    view.onePerPerson = current.onePerPerson;
    view.fields = current.fields;
    view.sortColumn = current.sortColumn;
    view.sortOrder = current.sortOrder;
    view.columns = m_personColumns->leadColumns(visibleColumns());
    return view;
}

void LeadsView::applyView(const SavedView &view)
{
    m_applyingView = true;
    // A view keeps the lead table's columns: the person table's swap first goes back out,
    // then comes in again over the view's columns when the view shows people.
    m_onePerPerson->setChecked(false);
    m_search->setText(view.searchText);
    m_hasEmail->setChecked(view.hasEmail);
    m_hasPhone->setChecked(view.hasPhone);
    m_notExported->setChecked(view.notExported);
    m_filterBar->setFilters(view.fields);
    // The columns in the view's order, then the others hidden after them.
    QHeaderView *header = m_table->horizontalHeader();
    const QList<LeadColumn::Id> columns = view.columns.isEmpty() ? defaultColumns() : view.columns;
    for (qsizetype i = 0; i < columns.size(); ++i) {
        header->moveSection(header->visualIndex(columns[i]), int(i));
        header->setSectionHidden(columns[i], false);
    }
    for (LeadColumn::Id column : LeadColumn::all()) {
        if (!columns.contains(column))
            header->setSectionHidden(column, true);
    }
    m_personColumns->forget();
    m_onePerPerson->setChecked(view.onePerPerson);
    m_applyingView = false;
    applyFilter();
    // Sorting runs through the header's signal (applySort), as a click would.
    header->setSortIndicator(view.sortColumn ? int(*view.sortColumn) : -1, view.sortOrder);
}

QByteArray LeadsView::saveHeaderState() const
{
    return m_personColumns->saveLeadState();
}

void LeadsView::restoreHeaderState(const QByteArray &state)
{
    if (state.isEmpty())
        return;
    QHeaderView *header = m_table->horizontalHeader();
    if (!header->restoreState(state))
        return;
    if (visibleColumns().isEmpty()) {
        for (LeadColumn::Id column : defaultColumns())
            header->setSectionHidden(column, false);
    }
    // restoreState() sets the indicator without always signalling: apply it explicitly.
    applySort(header->sortIndicatorSection(), header->sortIndicatorOrder());
}

void LeadsView::followCurrentLead()
{
    // Asked again after every load: the current row may now hold another lead, or none.
    const qint64 lead = currentLeadRowId();
    if (lead == m_currentLead)
        return;
    m_currentLead = lead;
    Q_EMIT currentLeadChanged(lead);
}

void LeadsView::onLoaded(qint64 shown, qint64 total)
{
    followCurrentLead();
    updateSelectionBar();
    const QLocale locale;
    if (m_onePerPerson->isChecked()) {
        // Shown are people, the total is leads (each campaign's count, summed).
        const QString people
            = shown == 1 ? tr("1 person") : tr("%1 people").arg(locale.toString(shown));
        m_count->setText(total == 1 ? tr("%1 of 1 lead").arg(people)
                                    : tr("%1 of %2 leads").arg(people, locale.toString(total)));
    } else {
        m_count->setText(
            total == 1 ? tr("%1 of 1 lead").arg(locale.toString(shown))
                       : tr("%1 of %2 leads").arg(locale.toString(shown), locale.toString(total)));
    }
    m_count->setToolTip(QString());
    if (shown > 0) {
        m_stack->setCurrentWidget(m_table);
    } else {
        if (total > 0) {
            m_empty->setText(
                plural(total,
                       tr("No leads match the search and filters. Clear the search box, the "
                          "filters or the \"Has email\" / \"Has phone\" toggles to see the "
                          "%n lead."),
                       tr("No leads match the search and filters. Clear the search box, the "
                          "filters or the \"Has email\" / \"Has phone\" toggles to see all "
                          "%n leads.")));
        } else if (!m_campaigns.isEmpty()) {
            m_empty->setText(tr("The selected campaigns have no leads."));
        } else {
            m_empty->setText(tr("No leads yet. They appear here as soon as SendPilot delivers "
                                "a completed lead extraction, or when you import event JSON "
                                "(File > Import, or drop files on the window)."));
        }
        m_stack->setCurrentWidget(m_empty);
    }
    Q_EMIT countsChanged(shown, total);
}

void LeadsView::showHeaderMenu(const QPoint &pos)
{
    QMenu menu(this);
    menu.setToolTipsVisible(true);
    const QList<LeadColumn::Id> visible = visibleColumns();
    for (LeadColumn::Id column : LeadColumn::all()) {
        QAction *action = menu.addAction(LeadColumn::title(column));
        action->setCheckable(true);
        action->setChecked(visible.contains(column));
        action->setEnabled(!(visible.size() == 1 && visible.contains(column)));
        connect(action, &QAction::toggled, this,
                [this, column](bool on) { setColumnVisible(column, on); });
    }
    menu.addSeparator();
    connect(menu.addAction(tr("Reset Columns")), &QAction::triggered, this, [this] {
        QHeaderView *header = m_table->horizontalHeader();
        for (LeadColumn::Id column : LeadColumn::all()) {
            header->moveSection(header->visualIndex(column), column);
            header->setSectionHidden(column, !defaultColumns().contains(column));
            header->resizeSection(column, defaultWidth(column));
        }
    });
    menu.exec(m_table->horizontalHeader()->viewport()->mapToGlobal(pos));
}

void LeadsView::showTableMenu(const QPoint &pos)
{
    const QModelIndex index = m_table->indexAt(pos);
    if (!index.isValid())
        return;
    const qint64 selected = selectedCount();
    QMenu menu(this);
    QAction *copyCellAction = menu.addAction(tr("Copy Cell"), this, &LeadsView::copyCell);
    copyCellAction->setShortcut(QKeySequence::Copy);
    menu.addAction(plural(selected, tr("Copy %n Row as Tab-Separated Text"),
                          tr("Copy %n Rows as Tab-Separated Text")),
                   this, &LeadsView::copyRows);
    menu.addSeparator();
    QAction *open = menu.addAction(tr("Open LinkedIn Profile"), this, &LeadsView::openLinkedin);
    open->setEnabled(!linkedinUrlAt(index.row()).isEmpty());
    menu.addSeparator();
    menu.addAction(
        plural(selected, tr("Export %n Selected Lead…"), tr("Export %n Selected Leads…")), this,
        &LeadsView::exportSelectedRequested);
    menu.exec(m_table->viewport()->mapToGlobal(pos));
}

void LeadsView::copyCell()
{
    const QModelIndex index = m_table->currentIndex();
    if (index.isValid())
        QGuiApplication::clipboard()->setText(index.data(Qt::DisplayRole).toString());
}

void LeadsView::copyRows()
{
    if (m_allMatching) {
        m_selectionBar->copy(m_model->databasePath(), filter(), visibleColumns());
        return;
    }
    // What a spreadsheet pastes as a table (LeadTabText, as for "all M matching"): a header
    // line, then values as they are stored, tab-separated.
    const QList<LeadColumn::Id> columns = visibleColumns();
    QString text = LeadTabText::headerLine(columns);
    for (int row : sortedRows(m_table->selectionModel()->selection())) {
        QStringList fields;
        fields.reserve(columns.size());
        for (LeadColumn::Id column : columns) {
            const QModelIndex index = m_model->index(row, column);
            const LeadColumn::Type type = LeadColumn::type(column);
            const bool number
                = type == LeadColumn::Type::Integer || type == LeadColumn::Type::TimestampMs;
            // Text as stored; lists and experience flattened as shown.
            fields << LeadTabText::cell(
                number ? LeadTabText::numberCell(type, index.data(ModelRoles::RawValueRole))
                       : index.data(Qt::DisplayRole).toString());
        }
        text += fields.join(u'\t') + u'\n';
    }
    QGuiApplication::clipboard()->setText(text);
}

QString LeadsView::linkedinUrlAt(int row) const
{
    return m_model->index(row, LeadColumn::LinkedinUrl).data(Qt::DisplayRole).toString();
}

void LeadsView::openLinkedin()
{
    const QModelIndex index = m_table->currentIndex();
    if (!index.isValid())
        return;
    const QUrl url(linkedinUrlAt(index.row()));
    if (url.isValid() && (url.scheme() == u"https"_s || url.scheme() == u"http"_s))
        QDesktopServices::openUrl(url);
}
