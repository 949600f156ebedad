// SPDX-License-Identifier: MIT
#include "deliveriesview.h"

#include "deliveryinspector.h"

#include "common/logging.h"
#include "common/plural.h"
#include "models/modelroles.h"

#include <QApplication>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
/// The verdict column with an icon of the style (so it follows the light or dark theme):
/// taken, a duplicate or taken unverified, refused, or not stored.
class VerdictDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const auto verdict = index.data(ModelRoles::VerdictRole).value<Verdict>();
        const bool verified = index.data(ModelRoles::VerifiedRole).toBool();
        QStyle::StandardPixmap icon = QStyle::SP_DialogApplyButton;
        if (verdict == Verdict::Duplicate || verdict == Verdict::Unknown
            || (verdict == Verdict::Accepted && !verified))
            icon = QStyle::SP_MessageBoxInformation;
        else if (verdict == Verdict::StoreFailed || verdict == Verdict::Busy)
            icon = QStyle::SP_MessageBoxCritical;
        else if (isRejection(verdict))
            icon = QStyle::SP_MessageBoxWarning;
        const QStyle *style = option->widget ? option->widget->style() : QApplication::style();
        option->icon = style->standardIcon(icon, nullptr, option->widget);
        option->features |= QStyleOptionViewItem::HasDecoration;
        option->decorationSize = QSize(option->fontMetrics.height(), option->fontMetrics.height());
    }
};

/// The widest text the verdict column shows, so that no verdict is cut at the default width.
int verdictColumnWidth(const QFontMetrics &metrics)
{
    int widest = 0;
    for (const Verdict verdict : knownVerdicts()) {
        widest = std::max(widest, metrics.horizontalAdvance(verdictLabel(verdict)));
        if (verdict == Verdict::Accepted || verdict == Verdict::Duplicate) {
            widest = std::max(widest,
                              metrics.horizontalAdvance(DeliveryModel::unverifiedLabel(verdict)));
        }
    }
    // The icon (one line high), the gap after it and the cell's margins.
    return widest + metrics.height() + 4 * metrics.horizontalAdvance(u' ') + 12;
}
} // namespace

DeliveriesView::DeliveriesView(QWidget *parent)
    : QWidget(parent)
    , m_model(new DeliveryModel(this))
    , m_kind(new QComboBox(this))
    , m_type(new QComboBox(this))
    , m_count(new QLabel(this))
    , m_table(new QTableView(this))
    , m_inspector(new DeliveryInspector(this))
{
    m_kind->setObjectName(u"deliveryKindFilter"_s);
    m_kind->addItem(tr("All deliveries"), int(DeliveryFilter::Kind::All));
    m_kind->addItem(tr("Accepted"), int(DeliveryFilter::Kind::Accepted));
    m_kind->addItem(tr("Rejected"), int(DeliveryFilter::Kind::Rejected));
    m_kind->addItem(tr("Duplicates"), int(DeliveryFilter::Kind::Duplicates));
    m_kind->addItem(tr("Unverified (no secret set)"), int(DeliveryFilter::Kind::Unverified));
    m_kind->setToolTip(tr("Show only the deliveries answered this way"));
    m_type->setObjectName(u"deliveryTypeFilter"_s);
    m_type->addItem(tr("All event types"), QString());
    m_type->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_type->setToolTip(tr("Show only the deliveries of one event type"));
    m_count->setObjectName(u"deliveryCount"_s);

    m_table->setObjectName(u"deliveriesTable"_s);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setItemDelegateForColumn(DeliveryModel::Verdict, new VerdictDelegate(m_table));
    const int digit = fontMetrics().horizontalAdvance(u'0');
    QHeaderView *header = m_table->horizontalHeader();
    header->resizeSection(DeliveryModel::ReceivedAt,
                          fontMetrics().horizontalAdvance(u"2026-12-02 05:40:00"_s) + 3 * digit);
    header->resizeSection(DeliveryModel::Status, 6 * digit);
    header->resizeSection(DeliveryModel::Verdict, verdictColumnWidth(fontMetrics()));
    header->resizeSection(DeliveryModel::Count, 6 * digit);
    header->resizeSection(DeliveryModel::EventType, 30 * digit);

    auto *list = new QWidget(this);
    auto *listLayout = new QVBoxLayout(list);
    listLayout->setContentsMargins(0, 0, 0, 0);
    auto *filterBar = new QHBoxLayout;
    auto *showLabel = new QLabel(tr("&Show:"), list);
    showLabel->setBuddy(m_kind);
    filterBar->addWidget(showLabel);
    filterBar->addWidget(m_kind);
    filterBar->addWidget(m_type);
    filterBar->addStretch();
    filterBar->addWidget(m_count);
    listLayout->addLayout(filterBar);
    listLayout->addWidget(m_table, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(u"deliveriesSplitter"_s);
    splitter->addWidget(list);
    splitter->addWidget(m_inspector);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    // Scaled to the width when first shown: three fifths for the list, the rest for the pane.
    splitter->setSizes({600, 400});
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &DeliveriesView::showCurrent);
    // A reset (a new filter, another database) clears the selection without a signal.
    connect(m_model, &QAbstractItemModel::modelReset, this, &DeliveriesView::showCurrent);
    connect(m_model, &DeliveryModel::countsChanged, this, &DeliveriesView::updateCounts);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &DeliveriesView::applyFilter);
    connect(m_type, &QComboBox::currentIndexChanged, this, &DeliveriesView::applyFilter);
    connect(m_inspector, &DeliveryInspector::reingestRequested, this,
            &DeliveriesView::reingestRequested);
    connect(m_inspector, &DeliveryInspector::deliveryShown, this, &DeliveriesView::deliveryShown);
    updateCounts();
}

DeliveriesView::~DeliveriesView() = default;

QTreeView *DeliveriesView::jsonView() const
{
    return m_inspector->jsonView();
}

JsonTreeModel *DeliveriesView::jsonModel() const
{
    return m_inspector->jsonModel();
}

QPushButton *DeliveriesView::reingestButton() const
{
    return m_inspector->reingestButton();
}

const DeliveryDetail &DeliveriesView::currentDetail() const
{
    return m_inspector->currentDetail();
}

void DeliveriesView::setDatabase(const QSqlDatabase &db)
{
    m_inspector->setDatabasePath(db.isOpen() ? db.databaseName() : QString());
    m_shownId = -1; // the same id in another file is another delivery
    m_model->setDatabase(db);
}

void DeliveriesView::refresh()
{
    m_model->refresh();
}

void DeliveriesView::showCurrent()
{
    if (m_filtering)
        return;
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    const qint64 id = current.isValid() ? m_model->deliveryId(current.row()) : 0;
    if (id == m_shownId)
        return;
    m_shownId = id;
    m_inspector->showDelivery(id);
}

void DeliveriesView::applyFilter()
{
    DeliveryFilter filter;
    filter.kind = DeliveryFilter::Kind(m_kind->currentData().toInt());
    filter.eventType = m_type->currentData().toString();
    // The delivery being read stays selected when the new list has it (in its first page).
    m_filtering = true; // the reset's empty selection is not shown
    m_model->setFilter(filter);
    for (int row = 0; m_shownId > 0 && row < m_model->rowCount(); ++row) {
        if (m_model->deliveryId(row) == m_shownId) {
            m_table->selectRow(row);
            break;
        }
    }
    m_filtering = false;
    showCurrent();
    updateCounts();
}

void DeliveriesView::updateCounts()
{
    // The event types seen so far, the one chosen kept.
    const QStringList &types = m_model->eventTypes();
    if (m_type->count() - 1 != types.size()) {
        const QString chosen = m_type->currentData().toString();
        const QSignalBlocker blocker(m_type);
        while (m_type->count() > 1)
            m_type->removeItem(1);
        for (const QString &type : types)
            m_type->addItem(logSafe(type), type);
        if (!chosen.isEmpty() && !types.contains(chosen))
            m_type->addItem(logSafe(chosen), chosen);
        m_type->setCurrentIndex(std::max(0, m_type->findData(chosen)));
    }
    const qint64 total = m_model->totalCount();
    const qint64 matching = m_model->matchingCount();
    m_count->setText(m_model->filter().isEmpty()
                         ? plural(total, tr("%n delivery"), tr("%n deliveries"))
                         : plural(total, tr("%1 of %n delivery"), tr("%1 of %n deliveries"))
                               .arg(QLocale().toString(matching)));
}
