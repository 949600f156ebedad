// SPDX-License-Identifier: MIT
#include "campaignsview.h"

#include "emptystate.h"
#include "newmarkdelegate.h"

#include "models/campaignmodel.h"
#include "models/modelroles.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QRegularExpression>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
/// Plain text with its URLs turned into links, everything else escaped.
QString linkify(const QString &text)
{
    static const QRegularExpression url(u"https?://\\S+"_s);
    QString html;
    qsizetype last = 0;
    for (auto it = url.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        html += text.mid(last, match.capturedStart() - last).toHtmlEscaped();
        const QString target = match.captured().toHtmlEscaped();
        html += u"<a href=\""_s + target + u"\">"_s + target + u"</a>"_s;
        last = match.capturedEnd();
    }
    html += text.mid(last).toHtmlEscaped();
    html.replace(u'\n', u"<br>"_s);
    return html;
}
} // namespace

CampaignsView::CampaignsView(QWidget *parent)
    : QWidget(parent)
    , m_model(new CampaignModel(this))
    , m_stack(new QStackedWidget(this))
    , m_table(new QTableView(this))
    , m_empty(new EmptyState(this))
    , m_details(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_details);
    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_table);

    m_table->setObjectName(u"campaignsTable"_s);
    m_table->setModel(m_model);
    m_table->setItemDelegate(new NewMarkDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(CampaignModel::ReceivedAt, Qt::DescendingOrder);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->setToolTip(tr("Select campaigns to show their leads; select none to show all "
                           "leads. Ctrl-click or Shift-click to select several."));
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    QHeaderView *header = m_table->horizontalHeader();
    header->setStretchLastSection(true);
    // What the analyst scans first, readable in the default pane width: the name, then how
    // many leads and credits; type and mode (long upper-case codes) after them.
    const int charWidth = fontMetrics().averageCharWidth();
    header->resizeSection(CampaignModel::Name, 28 * charWidth + 28);
    for (int column = CampaignModel::Type; column < CampaignModel::ColumnCount; ++column)
        header->resizeSection(column, qMax(header->sectionSizeHint(column), 10 * charWidth));
    header->moveSection(header->visualIndex(CampaignModel::LeadsExtracted), 1);
    header->moveSection(header->visualIndex(CampaignModel::CreditsTotal), 2);

    m_details->setObjectName(u"campaignDetails"_s);
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::RichText);
    m_details->setOpenExternalLinks(true);
    m_details->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_details->setMargin(4);
    m_details->hide();

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CampaignsView::onSelectionChanged);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CampaignsView::updateDetails);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &CampaignsView::updateEmptyState);
    connect(m_model, &QAbstractItemModel::modelReset, this, &CampaignsView::updateEmptyState);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &CampaignsView::updateDetails);
    updateEmptyState();
}

CampaignsView::~CampaignsView() = default;

void CampaignsView::setDatabase(const QSqlDatabase &db)
{
    m_model->setDatabase(db);
    updateEmptyState();
}

void CampaignsView::refresh()
{
    m_model->refresh();
    updateEmptyState();
}

void CampaignsView::setEmptyText(const QString &text)
{
    m_empty->setText(text);
}

QList<qint64> CampaignsView::selectedCampaignRowIds() const
{
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QList<qint64> ids;
    ids.reserve(rows.size());
    for (const QModelIndex &index : std::as_const(rows))
        ids << m_model->campaignRowId(index.row());
    return ids;
}

void CampaignsView::selectCampaign(qint64 rowId)
{
    const int row = m_model->rowForCampaignRowId(rowId);
    if (row < 0)
        return;
    const QModelIndex index = m_model->index(row, 0);
    m_table->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
}

void CampaignsView::markSeen(qint64 rowId)
{
    m_model->setSeen(rowId);
}

QByteArray CampaignsView::saveHeaderState() const
{
    return m_table->horizontalHeader()->saveState();
}

void CampaignsView::restoreHeaderState(const QByteArray &state)
{
    if (!state.isEmpty())
        m_table->horizontalHeader()->restoreState(state);
}

void CampaignsView::onSelectionChanged()
{
    const QList<qint64> ids = selectedCampaignRowIds();
    for (qint64 id : ids) {
        const int row = m_model->rowForCampaignRowId(id);
        if (row >= 0 && m_model->index(row, 0).data(ModelRoles::IsNewRole).toBool())
            Q_EMIT campaignViewed(id);
    }
    Q_EMIT selectionChanged(ids);
}

void CampaignsView::updateDetails()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    const QString text = current.isValid()
        ? current.siblingAtColumn(CampaignModel::Name).data(Qt::ToolTipRole).toString()
        : QString();
    m_details->setText(linkify(text));
    m_details->setVisible(!text.isEmpty());
}

void CampaignsView::updateEmptyState()
{
    m_stack->setCurrentWidget(m_model->rowCount() > 0 ? static_cast<QWidget *>(m_table)
                                                      : static_cast<QWidget *>(m_empty));
}
