// SPDX-License-Identifier: MIT
#include "endpointstatusbar.h"

#include <QClipboard>
#include <QDateTime>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
constexpr int CopiedFeedbackMs = 2000;
}

EndpointStatusBar::EndpointStatusBar(QWidget *parent)
    : QWidget(parent)
    , m_endpoint(new QLabel(this))
    , m_copy(new QToolButton(this))
    , m_verified(new QLabel(this))
    , m_lastEvent(new QLabel(this))
    , m_rejections(new QToolButton(this))
    , m_copiedTimer(new QTimer(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_endpoint);
    layout->addWidget(m_copy);
    layout->addWidget(m_verified);
    layout->addWidget(m_lastEvent);
    layout->addWidget(m_rejections);
    m_rejections->setObjectName(u"rejectionNotice"_s);
    m_rejections->setAutoRaise(true);
    m_rejections->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_rejections->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
    m_rejections->setToolTip(tr("Click to see the rejected requests in the Deliveries tab"));
    m_rejections->hide();
    // The notice is what the user must read: it keeps its width, and the endpoint's address
    // (also in its tooltip and behind Copy URL) gives way when the bar is crowded.
    m_rejections->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Preferred);
    m_endpoint->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    m_endpoint->setMinimumWidth(m_endpoint->fontMetrics().averageCharWidth() * 12);
    connect(m_rejections, &QToolButton::clicked, this, [this] {
        clearRejections();
        Q_EMIT rejectionsActivated();
    });
    m_endpoint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_copy->setObjectName(u"copyUrl"_s);
    m_verified->setObjectName(u"signatureState"_s);
    m_endpoint->setObjectName(u"endpointState"_s);
    m_copy->setToolTip(tr("Copy the webhook URL to the clipboard"));
    m_copy->setAutoRaise(true);
    // The button says it copied, for a moment, in its own place: the width stays that of the
    // longer text, so nothing in the bar moves.
    m_copy->setText(tr("Copied \u2713"));
    const int copiedWidth = m_copy->sizeHint().width();
    m_copy->setText(tr("Copy URL"));
    m_copy->setMinimumWidth(qMax(m_copy->sizeHint().width(), copiedWidth));
    m_copiedTimer->setSingleShot(true);
    m_copiedTimer->setInterval(CopiedFeedbackMs);
    connect(m_copiedTimer, &QTimer::timeout, this, [this] { m_copy->setText(tr("Copy URL")); });
    connect(m_copy, &QToolButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_publicUrl.isValid() ? m_publicUrl.toString()
                                                                    : m_url.toString());
        m_copy->setText(tr("Copied \u2713"));
        m_copiedTimer->start();
    });
    m_lastEvent->setText(tr("No event yet"));
    setError(tr("Not listening"));
}

EndpointStatusBar::~EndpointStatusBar() = default;

void EndpointStatusBar::setPublicUrl(const QUrl &url)
{
    m_publicUrl = url;
    m_copy->setToolTip(
        url.isValid() ? tr("Copy the public webhook URL, %1, to the clipboard").arg(url.toString())
                      : tr("Copy the webhook URL to the clipboard"));
}

void EndpointStatusBar::setListening(const QUrl &url, bool verifying)
{
    // A new configuration (perhaps the secret just corrected): count rejections afresh.
    clearRejections();
    m_url = url;
    m_endpoint->setText(tr("Listening on %1").arg(url.toString()));
    m_endpoint->setToolTip(tr("Listening on %1\n\nSendPilot needs a public HTTPS URL: point a "
                              "tunnel (cloudflared, ngrok) at port %2 and give SendPilot the "
                              "tunnel's URL with the path %3.")
                               .arg(url.toString())
                               .arg(url.port())
                               .arg(url.path()));
    m_copy->setEnabled(true);
    m_verifying = verifying;
    m_verifiedOne = false;
    updateVerified();
}

void EndpointStatusBar::updateVerified()
{
    // "Verified" is a fact about events: until one passed the check, the bar says what the
    // endpoint demands. No hard-coded colour: bold and a warning sign read in light and dark
    // themes alike.
    if (!m_verifying) {
        m_verified->setText(tr("\u26A0 UNVERIFIED: no secret set"));
        m_verified->setToolTip(tr("No webhook secret is configured, so anyone who can reach the "
                                  "endpoint can post events. Add the secret from SendPilot in "
                                  "Settings."));
    } else if (!m_verifiedOne) {
        m_verified->setText(tr("Signatures required"));
        m_verified->setToolTip(tr("Every event must carry a valid Webhook-Signature. No signed "
                                  "event has arrived since the endpoint started."));
    } else {
        m_verified->setText(tr("Signatures verified"));
        m_verified->setToolTip(tr("Every event must carry a valid Webhook-Signature, and signed "
                                  "events have passed the check since the endpoint started. "
                                  "Requests that fail it are rejected and counted here."));
    }
    QFont font = m_verified->font();
    font.setBold(!m_verifying);
    m_verified->setFont(font);
}

void EndpointStatusBar::setError(const QString &error)
{
    m_url.clear();
    m_verifying = false;
    m_endpoint->setText(error);
    m_endpoint->setToolTip(error);
    m_copy->setEnabled(false);
    m_verified->clear();
}

void EndpointStatusBar::noteDelivery(const DeliveryInfo &info)
{
    if (isRejection(info.verdict)) {
        ++m_rejected[info.verdict];
        updateRejections();
        return;
    }
    if (info.verified && m_verifying && !m_verifiedOne) {
        m_verifiedOne = true;
        updateVerified();
    }
    if (!info.stored)
        return;
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(info.receivedAtMs).toLocalTime();
    // The time alone reads as "today": older events carry their date.
    const QString when = time.date() == QDate::currentDate()
        ? QLocale().toString(time.time(), QLocale::ShortFormat)
        : QLocale().toString(time, QLocale::ShortFormat);
    m_lastEvent->setText(tr("Last event %1").arg(when));
    m_lastEvent->setToolTip(QLocale().toString(time, QLocale::LongFormat));
}

void EndpointStatusBar::clearRejections()
{
    m_rejected.clear();
    updateRejections();
}

QString EndpointStatusBar::rejectionNotice() const
{
    return m_rejections->isVisibleTo(this) ? m_rejections->text() : QString();
}

void EndpointStatusBar::updateRejections()
{
    int total = 0;
    QList<std::pair<int, Verdict>> counts;
    for (auto it = m_rejected.cbegin(); it != m_rejected.cend(); ++it) {
        total += it.value();
        counts.append({it.value(), it.key()});
    }
    if (total == 0) {
        m_rejections->hide();
        m_rejections->setText(QString());
        m_lastEvent->show();
        return;
    }
    std::sort(counts.begin(), counts.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    const Verdict most = counts.first().second;
    QStringList reasons;
    for (const auto &[count, verdict] : std::as_const(counts)) {
        const QString label = verdictLabel(verdict).toLower();
        reasons << (counts.size() == 1 ? label : u"%1 %2"_s.arg(count).arg(label));
    }
    QString advice;
    switch (most) {
    case Verdict::BadSignature:
        advice = tr("Check the webhook secret in Settings");
        break;
    case Verdict::StaleSignature:
        advice = tr("Check this computer's clock");
        break;
    case Verdict::NotFound:
    case Verdict::MethodNotAllowed:
        advice = m_url.isEmpty()
            ? tr("Check the webhook URL in SendPilot")
            : tr("Check that the webhook URL in SendPilot ends in %1").arg(m_url.path());
        break;
    default:
        advice = tr("See the Deliveries tab");
        break;
    }
    const QString requests
        = total == 1 ? tr("1 request rejected") : tr("%1 requests rejected").arg(total);
    m_rejections->setText(u"%1: %2. %3"_s.arg(requests, reasons.join(u", "_s), advice));
    m_rejections->show();
    // Room for the notice on a laptop screen: the last event's time is in Deliveries too.
    m_lastEvent->hide();
}
