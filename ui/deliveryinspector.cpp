// SPDX-License-Identifier: MIT
#include "deliveryinspector.h"

#include "common/limits.h"
#include "common/logging.h"
#include "common/plural.h"
#include "ingest/webhookanswers.h"
#include "models/jsontreemodel.h"

#include <QCheckBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>

using namespace Qt::StringLiterals;

namespace {

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

QString byteSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace

DeliveryInspector::DeliveryInspector(QWidget *parent)
    : QWidget(parent)
    , m_loader(new DeliveryDetailLoader(this))
    , m_json(new JsonTreeModel(this))
    , m_summary(new QLabel(this))
    , m_response(new QPlainTextEdit(this))
    , m_headers(new QPlainTextEdit(this))
    , m_activity(new QLabel(this))
    , m_raw(new QCheckBox(tr("&Raw text"), this))
    , m_reingest(new QPushButton(tr("Re-&ingest"), this))
    , m_bodyNote(new QLabel(this))
    , m_bodyStack(new QStackedWidget(this))
    , m_tree(new QTreeView(this))
    , m_rawText(new QPlainTextEdit(this))
    , m_placeholder(new QLabel(this))
{
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const int line = fontMetrics().height();
    m_summary->setObjectName(u"deliverySummary"_s);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_response->setObjectName(u"deliveryResponse"_s);
    m_response->setReadOnly(true);
    m_response->setFont(fixed);
    m_response->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_response->setMaximumHeight(line * 8);
    m_headers->setObjectName(u"deliveryHeaders"_s);
    m_headers->setReadOnly(true);
    m_headers->setFont(fixed);
    m_headers->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_headers->setMaximumHeight(line * 8);
    m_activity->setObjectName(u"deliveryActivity"_s);
    m_activity->setTextFormat(Qt::RichText);
    m_activity->setWordWrap(true);
    m_activity->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_raw->setToolTip(tr("Show the body byte for byte as it was received, instead of a tree. "
                         "Control characters show as their code, such as ⟨U+000D⟩ for a carriage "
                         "return, bytes that are not UTF-8 as ⟨xFF⟩."));
    m_reingest->setObjectName(u"reingest"_s);
    m_reingest->setToolTip(tr("Parse and store this body again, for example after an update "
                              "that reads more fields. Events already stored stay as they are."));
    m_bodyNote->setObjectName(u"deliveryBodyNote"_s);
    m_bodyNote->setWordWrap(true);
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
    // A tab as wide as four characters, as an editor shows one, rather than 80 pixels.
    m_rawText->setTabStopDistance(4 * QFontMetricsF(fixed).horizontalAdvance(u' '));
    m_placeholder->setObjectName(u"deliveryBodyPlaceholder"_s);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    m_bodyStack->addWidget(m_tree);
    m_bodyStack->addWidget(m_rawText);
    m_bodyStack->addWidget(m_placeholder);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(new QLabel(tr("Answered:"), this));
    layout->addWidget(m_response);
    layout->addWidget(new QLabel(tr("Request headers:"), this));
    layout->addWidget(m_headers);
    layout->addWidget(m_activity);
    auto *bodyBar = new QHBoxLayout;
    bodyBar->addWidget(new QLabel(tr("Body:"), this));
    bodyBar->addStretch();
    bodyBar->addWidget(m_raw);
    bodyBar->addWidget(m_reingest);
    layout->addLayout(bodyBar);
    layout->addWidget(m_bodyNote);
    layout->addWidget(m_bodyStack, 1);

    connect(m_loader, &DeliveryDetailLoader::loaded, this, &DeliveryInspector::showLoaded);
    connect(m_raw, &QCheckBox::toggled, this, &DeliveryInspector::updateBodyView);
    connect(m_reingest, &QPushButton::clicked, this, [this] {
        const DeliveryDetail &detail = m_shown.detail;
        if (!detail.body.isEmpty())
            Q_EMIT reingestRequested(detail.body, tr("delivery %1").arg(detail.id));
    });
    showNothing(tr("Select a delivery to see what was received and how it was answered."));
}

DeliveryInspector::~DeliveryInspector() = default;

void DeliveryInspector::setDatabasePath(const QString &path)
{
    m_loader->setDatabasePath(path);
}

void DeliveryInspector::showDelivery(qint64 deliveryId)
{
    if (deliveryId <= 0) {
        m_loader->cancel();
        showNothing(tr("Select a delivery to see what was received and how it was answered."));
        return;
    }
    // Nothing of the previous delivery stays on screen while this one is read.
    showNothing(tr("Loading…"));
    m_loadingId = deliveryId;
    m_loader->load(deliveryId);
}

void DeliveryInspector::showNothing(const QString &message)
{
    m_loadingId = 0;
    // The tree lets go of its nodes first; the document itself is freed on the worker.
    m_json->setParsed({});
    m_loader->dispose(std::exchange(m_shown, {}).json);
    m_rawText->clear();
    m_rawTextSet = false;
    m_summary->setText(message);
    m_response->clear();
    m_headers->clear();
    m_activity->clear();
    m_activity->hide();
    m_bodyNote->hide();
    m_reingest->setEnabled(false);
    m_placeholder->clear();
    m_bodyStack->setCurrentWidget(m_placeholder);
}

void DeliveryInspector::showLoaded(const DeliveryInspection &inspection)
{
    const qint64 id = m_loadingId;
    showNothing({});
    m_shown = inspection;
    const DeliveryDetail &detail = m_shown.detail;
    if (detail.id == 0) {
        m_summary->setText(inspection.error.isEmpty()
                               ? tr("This delivery is no longer stored.")
                               : tr("The delivery could not be read: %1").arg(inspection.error));
        Q_EMIT deliveryShown(id);
        return;
    }
    m_summary->setText(summaryText());
    const std::optional<HttpResponse> answer = WebhookAnswers::answerFor(
        {detail.status, detail.verdict, detail.detail, detail.eventId, detail.path});
    if (answer) {
        m_response->setPlainText(
            rawText(WebhookAnswers::displayText(*answer), Limits::MaxHeaderBytes).text);
    } else if (detail.verdict == Verdict::Imported || detail.verdict == Verdict::Reingested) {
        m_response->setPlainText(tr("Nothing: read from a file or from the store, not a request."));
    } else {
        m_response->setPlainText(
            tr("%1, with an answer this version does not know (verdict \"%2\").")
                .arg(detail.status)
                .arg(logSafe(detail.verdictName)));
    }
    m_headers->setPlainText(detail.displayHeaders());
    const QString activity = readableActivity(detail.activityJson);
    m_activity->setText(activity);
    m_activity->setVisible(!activity.isEmpty());
    m_reingest->setEnabled(
        (detail.verdict == Verdict::Accepted || detail.verdict == Verdict::Imported)
        && !detail.body.isEmpty());
    if (m_json->setParsed(m_shown.json) && detail.body.size() <= ExpandAllLimit)
        m_tree->expandToDepth(1);
    updateBodyNote();
    updateBodyView();
    Q_EMIT deliveryShown(id);
}

QString DeliveryInspector::summaryText() const
{
    const DeliveryDetail &detail = m_shown.detail;
    const QLocale locale;
    const QString when = locale.toString(
        QDateTime::fromMSecsSinceEpoch(detail.receivedAtMs).toLocalTime(), QLocale::LongFormat);
    QStringList lines;
    // Everything from the request is shown escaped: a control character in it can neither
    // break a line here nor make one up.
    lines << tr("%1 %2 from %3, %4")
                 .arg(logSafe(detail.method), logSafe(detail.path, 1024), logSafe(detail.peer),
                      when);
    if (!detail.forwardedFor.isEmpty())
        lines << tr("Client %1, as the tunnel in front forwarded it")
                     .arg(logSafe(detail.forwardedFor));
    if (detail.repeatCount > 1) {
        const QString last = locale.toString(
            QDateTime::fromMSecsSinceEpoch(detail.lastSeenMs).toLocalTime(), QLocale::LongFormat);
        // Only shown for two and more: the English form needs no singular.
        lines << tr("%Ln alike requests in a burst, the last %1; each was answered the same",
                    nullptr, int(std::min<qint64>(detail.repeatCount, INT_MAX)))
                     .arg(last);
    }
    const bool taken = detail.verdict == Verdict::Accepted || detail.verdict == Verdict::Duplicate;
    lines << tr("%1 (%2)%3")
                 .arg(detail.status)
                 .arg(detail.verdict == Verdict::Unknown ? logSafe(detail.verdictName)
                                                         : verdictLabel(detail.verdict),
                      detail.verified ? tr(", signature verified")
                          : taken     ? tr(", signature not checked: no webhook secret is set")
                                      : QString());
    if (!detail.eventType.isEmpty())
        lines << tr("%1 %2, %3")
                     .arg(logSafe(detail.eventType), logSafe(detail.eventId),
                          plural(detail.leadCount, tr("%n lead"), tr("%n leads")));
    if (!detail.detail.isEmpty())
        lines << logSafe(detail.detail);
    if (detail.projection == ProjectionState::Pending)
        lines << tr("Acknowledged; its campaign and leads are being written.");
    else if (detail.projection == ProjectionState::Failed)
        lines << tr("Stored, but its campaign and leads could not be written: %1. Fix the "
                    "cause and press Re-ingest to try again.")
                     .arg(detail.projectionError);
    return lines.join(u'\n');
}

void DeliveryInspector::updateBodyNote()
{
    const DeliveryDetail &detail = m_shown.detail;
    QStringList notes;
    if (detail.bodySize > detail.body.size()) {
        // Duplicates and rejections keep a capped prefix (EventLog::cappedBody).
        notes << (detail.body.isEmpty()
                      ? tr("The body (%1) was not kept.").arg(byteSize(detail.bodySize))
                      : tr("Truncated: only the first %1 of %2 received were kept.")
                            .arg(byteSize(detail.body.size()), byteSize(detail.bodySize)));
    }
    if (m_raw->isChecked() || !m_shown.json.isJson()) {
        if (m_shown.raw.bytesShown < detail.body.size())
            notes << tr("Showing the first %1 of %2.")
                         .arg(byteSize(m_shown.raw.bytesShown), byteSize(detail.body.size()));
    }
    m_bodyNote->setText(notes.join(u' '));
    m_bodyNote->setVisible(!notes.isEmpty());
}

void DeliveryInspector::updateBodyView()
{
    if (m_shown.detail.id == 0)
        return;
    updateBodyNote();
    if (m_shown.detail.body.isEmpty()) {
        m_placeholder->setText(tr("No body."));
        m_bodyStack->setCurrentWidget(m_placeholder);
    } else if (m_raw->isChecked() || !m_shown.json.isJson()) {
        // Set when first shown: a tree is cheaper to show than a long line of text.
        if (!m_rawTextSet) {
            m_rawText->setPlainText(m_shown.raw.text);
            m_rawTextSet = true;
        }
        m_bodyStack->setCurrentWidget(m_rawText);
    } else {
        m_bodyStack->setCurrentWidget(m_tree);
    }
}
