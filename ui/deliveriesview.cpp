// SPDX-License-Identifier: MIT
#include "deliveriesview.h"

#include "common/logging.h"
#include "common/plural.h"
#include "models/jsontreemodel.h"
#include "models/modelroles.h"

#include <QApplication>
#include <QCheckBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>

using namespace Qt::StringLiterals;

namespace {
/// The verdict column with an icon of the style (so it follows the light or dark theme):
/// taken, a duplicate, refused, or not stored.
class VerdictDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const auto verdict = index.data(ModelRoles::VerdictRole).value<Verdict>();
        QStyle::StandardPixmap icon = QStyle::SP_DialogApplyButton;
        if (verdict == Verdict::Duplicate || verdict == Verdict::Unknown)
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

/// Bodies above this are not expanded in the tree at once.
constexpr qsizetype ExpandAllLimit = 64 * 1024;

QString readableActivity(const QString &json)
{
    const QJsonObject object = QJsonDocument::fromJson(json.toUtf8()).object();
    if (object.isEmpty())
        return {};
    QString html = u"<table cellspacing=\"2\">"_s;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QJsonValue value = it.value();
        QString text = value.isString() ? value.toString()
            : value.isDouble()
            ? QString::number(value.toDouble(), 'g', 15)
            : QString::fromUtf8(
                  QJsonDocument(QJsonObject {{u"v"_s, value}}).toJson(QJsonDocument::Compact))
                  .mid(5)
                  .chopped(1);
        html += u"<tr><td><b>"_s + it.key().toHtmlEscaped() + u"</b></td><td>"_s
            + text.toHtmlEscaped() + u"</td></tr>"_s;
    }
    return html + u"</table>"_s;
}
} // namespace

DeliveriesView::DeliveriesView(QWidget *parent)
    : QWidget(parent)
    , m_model(new DeliveryModel(this))
    , m_json(new JsonTreeModel(this))
    , m_table(new QTableView(this))
    , m_summary(new QLabel(this))
    , m_headers(new QPlainTextEdit(this))
    , m_raw(new QCheckBox(tr("&Raw text"), this))
    , m_reingest(new QPushButton(tr("Re-&ingest"), this))
    , m_activity(new QLabel(this))
    , m_bodyStack(new QStackedWidget(this))
    , m_tree(new QTreeView(this))
    , m_rawText(new QPlainTextEdit(this))
{
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
    header->resizeSection(DeliveryModel::ReceivedAt, 20 * digit);
    header->resizeSection(DeliveryModel::Status, 7 * digit);
    header->resizeSection(DeliveryModel::Verdict, 22 * digit);
    header->resizeSection(DeliveryModel::EventType, 30 * digit);

    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_summary->setObjectName(u"deliverySummary"_s);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_headers->setObjectName(u"deliveryHeaders"_s);
    m_headers->setReadOnly(true);
    m_headers->setFont(fixed);
    m_headers->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_headers->setMaximumHeight(fontMetrics().height() * 8);
    m_activity->setObjectName(u"deliveryActivity"_s);
    m_activity->setTextFormat(Qt::RichText);
    m_activity->setWordWrap(true);
    m_activity->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_raw->setToolTip(tr("Show the body as pretty-printed text instead of a tree"));
    m_reingest->setObjectName(u"reingest"_s);
    m_reingest->setToolTip(tr("Parse and store this body again, for example after an update "
                              "that reads more fields. Events already stored stay as they are."));
    m_tree->setObjectName(u"deliveryJson"_s);
    m_tree->setModel(m_json);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->resizeSection(JsonTreeModel::Key, 200);
    m_tree->header()->resizeSection(JsonTreeModel::Value, 320);
    m_rawText->setObjectName(u"deliveryRaw"_s);
    m_rawText->setReadOnly(true);
    m_rawText->setFont(fixed);
    m_rawText->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_bodyStack->addWidget(m_tree);
    m_bodyStack->addWidget(m_rawText);

    auto *detail = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_summary);
    detailLayout->addWidget(new QLabel(tr("Headers:"), detail));
    detailLayout->addWidget(m_headers);
    detailLayout->addWidget(m_activity);
    auto *bodyBar = new QHBoxLayout;
    bodyBar->addWidget(new QLabel(tr("Body:"), detail));
    bodyBar->addStretch();
    bodyBar->addWidget(m_raw);
    bodyBar->addWidget(m_reingest);
    detailLayout->addLayout(bodyBar);
    detailLayout->addWidget(m_bodyStack, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(u"deliveriesSplitter"_s);
    splitter->addWidget(m_table);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &DeliveriesView::showDelivery);
    connect(m_raw, &QCheckBox::toggled, this, &DeliveriesView::updateBodyView);
    connect(m_reingest, &QPushButton::clicked, this, [this] {
        if (!m_detail.body.isEmpty())
            Q_EMIT reingestRequested(m_detail.body, tr("delivery %1").arg(m_detail.id));
    });
    showDelivery({});
}

DeliveriesView::~DeliveriesView() = default;

void DeliveriesView::setDatabase(const QSqlDatabase &db)
{
    m_model->setDatabase(db);
    refresh();
}

void DeliveriesView::refresh()
{
    m_model->refresh();
}

void DeliveriesView::showDelivery(const QModelIndex &current)
{
    m_detail = current.isValid() ? m_model->detail(m_model->deliveryId(current.row()))
                                 : DeliveryDetail();
    const bool has = m_detail.id > 0;
    if (!has) {
        m_summary->setText(tr("Select a delivery to see what was received and how it was "
                              "answered."));
    } else {
        const QLocale locale;
        const QString when
            = locale.toString(QDateTime::fromMSecsSinceEpoch(m_detail.receivedAtMs).toLocalTime(),
                              QLocale::LongFormat);
        QStringList lines;
        // Everything from the request is shown escaped: a control character in it can neither
        // break a line here nor make one up.
        lines << tr("%1 %2 from %3, %4")
                     .arg(logSafe(m_detail.method), logSafe(m_detail.path, 1024),
                          logSafe(m_detail.peer), when);
        if (!m_detail.forwardedFor.isEmpty())
            lines << tr("Client %1, as the tunnel in front forwarded it")
                         .arg(logSafe(m_detail.forwardedFor));
        if (m_detail.repeatCount > 1) {
            const QString last
                = locale.toString(QDateTime::fromMSecsSinceEpoch(m_detail.lastSeenMs).toLocalTime(),
                                  QLocale::LongFormat);
            // Only shown for two and more: the English form needs no singular.
            lines << tr("%Ln alike requests in a burst, the last %1", nullptr,
                        int(std::min<qint64>(m_detail.repeatCount, INT_MAX)))
                         .arg(last);
        }
        lines << tr("Answered %1 (%2)%3")
                     .arg(m_detail.status)
                     .arg(m_detail.verdictName,
                          m_detail.verified ? tr(", signature verified") : QString());
        if (!m_detail.eventType.isEmpty())
            lines << tr("%1 %2, %3")
                         .arg(logSafe(m_detail.eventType), logSafe(m_detail.eventId),
                              plural(m_detail.leadCount, tr("%n lead"), tr("%n leads")));
        if (!m_detail.detail.isEmpty())
            lines << logSafe(m_detail.detail);
        if (m_detail.projection == ProjectionState::Pending)
            lines << tr("Acknowledged; its campaign and leads are being written.");
        else if (m_detail.projection == ProjectionState::Failed)
            lines << tr("Stored, but its campaign and leads could not be written: %1. Fix the "
                        "cause and press Re-ingest to try again.")
                         .arg(m_detail.projectionError);
        if (m_detail.bodySize > m_detail.body.size())
            lines << tr("Body kept: %1 of %2 bytes")
                         .arg(locale.toString(m_detail.body.size()),
                              locale.toString(m_detail.bodySize));
        m_summary->setText(lines.join(u'\n'));
    }
    m_headers->setPlainText(m_detail.displayHeaders());
    const QString activity = readableActivity(m_detail.activityJson);
    m_activity->setText(activity);
    m_activity->setVisible(!activity.isEmpty());
    m_reingest->setEnabled(
        has && (m_detail.verdict == Verdict::Accepted || m_detail.verdict == Verdict::Imported)
        && !m_detail.body.isEmpty());
    updateBodyView();
}

void DeliveriesView::updateBodyView()
{
    const QByteArray &body = m_detail.body;
    const bool isJson = m_json->setJson(body); // empties the tree when it is not JSON
    if (isJson && body.size() <= ExpandAllLimit)
        m_tree->expandToDepth(1);
    if (m_raw->isChecked() || !isJson) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
        m_rawText->setPlainText(error.error == QJsonParseError::NoError
                                    ? QString::fromUtf8(doc.toJson(QJsonDocument::Indented))
                                    : QString::fromUtf8(body));
        m_bodyStack->setCurrentWidget(m_rawText);
    } else {
        m_bodyStack->setCurrentWidget(m_tree);
    }
}
