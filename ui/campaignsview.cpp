// SPDX-License-Identifier: MIT
#include "campaignsview.h"

#include "emptystate.h"
#include "newmarkdelegate.h"

#include "models/campaignfiltermodel.h"
#include "models/campaignmodel.h"
#include "models/modelroles.h"

#include <QDate>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpression>
#include <QResizeEvent>
#include <QScrollArea>
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
    , m_filter(new CampaignFilterModel(m_model, this))
    , m_search(new QLineEdit(this))
    , m_stack(new QStackedWidget(this))
    , m_table(new QTableView(this))
    , m_empty(new EmptyState(this))
    , m_details(new QLabel(this))
    , m_detailsArea(new QScrollArea(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_detailsArea);
    m_detailsArea->setWidget(m_details);
    m_detailsArea->setWidgetResizable(true);
    m_detailsArea->setFrameShape(QFrame::NoFrame);
    m_detailsArea->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_table);

    m_search->setObjectName(u"campaignSearch"_s);
    m_search->setPlaceholderText(tr("Search campaigns"));
    m_search->setClearButtonEnabled(true);
    m_search->setToolTip(tr("Shows the campaigns whose name or id contains every word typed, "
                            "ignoring case and accents."));
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setSearchText(text);
        updateDetails();
    });

    m_table->setObjectName(u"campaignsTable"_s);
    m_table->setModel(m_filter);
    m_table->setItemDelegate(new NewMarkDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(CampaignModel::ReceivedAt, Qt::DescendingOrder);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setAlternatingRowColors(true);
    m_table->setToolTip(tr("Select campaigns to show their leads; select none to show all "
                           "leads. Ctrl-click or Shift-click to select several."));
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setStretchLastSection(false);
    applyDefaultColumns();

    m_details->setObjectName(u"campaignDetails"_s);
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::RichText);
    m_details->setOpenExternalLinks(true);
    m_details->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_details->setMargin(4);
    m_details->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_detailsArea->hide();

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CampaignsView::onSelectionChanged);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CampaignsView::updateDetails);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &CampaignsView::updateEmptyState);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &CampaignsView::updateEmptyState);
    connect(m_model, &QAbstractItemModel::modelReset, this, &CampaignsView::updateEmptyState);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &CampaignsView::updateDetails);
    updateEmptyState();
}

void CampaignsView::applyDefaultColumns()
{
    // What the analyst scans first, readable in the default pane width: the name (elided, whole
    // in its tooltip), when it finished, how many leads, the enrichment rate and the credits.
    // The rest (status, type, mode, the detailed counts) follow, off to the right.
    QHeaderView *header = m_table->horizontalHeader();
    const QFontMetrics metrics = fontMetrics();
    const int padding = metrics.averageCharWidth() + 10;
    // Its title or its widest likely value, whichever is wider: not the header's size hint,
    // which keeps room for a sort arrow that only one column shows at a time.
    auto fit = [&](int column, const QString &sample) {
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        header->resizeSection(
            column,
            qMax(metrics.horizontalAdvance(title), metrics.horizontalAdvance(sample)) + padding);
    };
    const QLocale locale;
    header->resizeSection(CampaignModel::Name, 18 * metrics.averageCharWidth() + padding);
    // The wider of this year's "28 Dec" and another year's "Dec 2026" (CampaignModel).
    const QString thisYear = locale.toString(QDate(2026, 12, 28), u"d MMM"_s);
    const QString otherYear = locale.toString(QDate(2026, 12, 28), u"MMM yyyy"_s);
    fit(CampaignModel::CompletedAt,
        metrics.horizontalAdvance(thisYear) > metrics.horizontalAdvance(otherYear) ? thisYear
                                                                                   : otherYear);
    fit(CampaignModel::LeadsExtracted, locale.toString(99999));
    fit(CampaignModel::EnrichmentRate, locale.toString(100.0, 'f', 1) + u" %"_s);
    fit(CampaignModel::CreditsTotal, locale.toString(99999));
    for (int column :
         {CampaignModel::Type, CampaignModel::Mode, CampaignModel::Status,
          CampaignModel::LeadsEnriched, CampaignModel::RequestedLimit,
          CampaignModel::CreditsExtraction, CampaignModel::CreditsEnrichment,
          CampaignModel::StartedAt, CampaignModel::Duration, CampaignModel::ReceivedAt}) {
        header->resizeSection(
            column, qMax(header->sectionSizeHint(column), 10 * metrics.averageCharWidth()));
    }
    const int order[] = {CampaignModel::Name,
                         CampaignModel::CompletedAt,
                         CampaignModel::LeadsExtracted,
                         CampaignModel::EnrichmentRate,
                         CampaignModel::CreditsTotal,
                         CampaignModel::Status,
                         CampaignModel::Type,
                         CampaignModel::Mode,
                         CampaignModel::LeadsEnriched,
                         CampaignModel::RequestedLimit,
                         CampaignModel::CreditsExtraction,
                         CampaignModel::CreditsEnrichment,
                         CampaignModel::StartedAt,
                         CampaignModel::Duration,
                         CampaignModel::ReceivedAt};
    for (int visual = 0; visual < int(std::size(order)); ++visual)
        header->moveSection(header->visualIndex(order[visual]), visual);
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
        ids << index.data(ModelRoles::RowIdRole).toLongLong();
    return ids;
}

void CampaignsView::selectCampaign(qint64 rowId)
{
    const int row = m_model->rowForCampaignRowId(rowId);
    if (row < 0)
        return;
    // Asked for by name (from a profile): a search that hides it gives way.
    if (!m_filter->mapFromSource(m_model->index(row, 0)).isValid())
        m_search->clear();
    const QModelIndex index = m_filter->mapFromSource(m_model->index(row, 0));
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
    QString html;
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (m_filter->rowCount() == 0 && m_model->rowCount() > 0) {
        html = tr("No campaign name or id contains “%1”.").arg(m_search->text()).toHtmlEscaped();
    } else if (current.isValid()) {
        const int row = m_filter->mapToSource(current).row();
        html = u"<b>"_s
            + current.siblingAtColumn(CampaignModel::Name)
                  .data(Qt::ToolTipRole)
                  .toString()
                  .section(u'\n', 0, 0)
                  .toHtmlEscaped()
            + u"</b><br>"_s + linkify(m_model->details(row));
    }
    m_details->setText(html);
    m_detailsArea->setVisible(!html.isEmpty());
}

void CampaignsView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_detailsArea->setMaximumHeight(std::max(fontMetrics().height() * 4, height() / 2));
}

void CampaignsView::updateEmptyState()
{
    const bool any = m_model->rowCount() > 0;
    m_stack->setCurrentWidget(any ? static_cast<QWidget *>(m_table)
                                  : static_cast<QWidget *>(m_empty));
    m_search->setVisible(any);
}
