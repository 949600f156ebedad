// SPDX-License-Identifier: MIT
#include "endpointstatusbar.h"

#include <QClipboard>
#include <QDateTime>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QToolButton>

using namespace Qt::StringLiterals;

EndpointStatusBar::EndpointStatusBar(QWidget *parent)
    : QWidget(parent)
    , m_endpoint(new QLabel(this))
    , m_copy(new QToolButton(this))
    , m_verified(new QLabel(this))
    , m_lastEvent(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_endpoint);
    layout->addWidget(m_copy);
    layout->addWidget(m_verified);
    layout->addWidget(m_lastEvent);
    m_endpoint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_copy->setText(tr("Copy URL"));
    m_copy->setToolTip(tr("Copy the webhook URL to the clipboard"));
    m_copy->setAutoRaise(true);
    connect(m_copy, &QToolButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_url.toString()); });
    m_lastEvent->setText(tr("No event yet"));
    setError(tr("Not listening"));
}

EndpointStatusBar::~EndpointStatusBar() = default;

void EndpointStatusBar::setListening(const QUrl &url, bool verifying)
{
    m_url = url;
    m_endpoint->setText(tr("Listening on %1").arg(url.toString()));
    m_endpoint->setToolTip(tr("SendPilot needs a public HTTPS URL: point a tunnel (cloudflared, "
                              "ngrok) at port %1 and give SendPilot the tunnel's URL with the "
                              "path %2.")
                               .arg(url.port())
                               .arg(url.path()));
    m_copy->setEnabled(true);
    // No hard-coded colour: bold and a warning sign read in light and dark themes alike.
    m_verified->setText(verifying ? tr("Signatures verified")
                                  : tr("\u26A0 UNVERIFIED: no secret set"));
    m_verified->setToolTip(verifying ? tr("Every event must carry a valid Webhook-Signature.")
                                     : tr("No webhook secret is configured, so anyone who can "
                                          "reach the endpoint can post events. Add the secret "
                                          "from SendPilot in Settings."));
    QFont font = m_verified->font();
    font.setBold(!verifying);
    m_verified->setFont(font);
}

void EndpointStatusBar::setError(const QString &error)
{
    m_url.clear();
    m_endpoint->setText(error);
    m_endpoint->setToolTip(error);
    m_copy->setEnabled(false);
    m_verified->clear();
}

void EndpointStatusBar::noteDelivery(const DeliveryInfo &info)
{
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
