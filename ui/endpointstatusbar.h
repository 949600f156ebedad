// SPDX-License-Identifier: MIT
#pragma once

#include "ingest/deliveryinfo.h"

#include <QUrl>
#include <QWidget>

class QLabel;
class QToolButton;

/// The status bar's permanent part: where the endpoint listens (with a copy action), whether
/// signatures are verified, and when the last event arrived.
class EndpointStatusBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EndpointStatusBar)

public:
    explicit EndpointStatusBar(QWidget *parent = nullptr);
    ~EndpointStatusBar() override;

    void setListening(const QUrl &url, bool verifying);
    void setError(const QString &error);
    void noteDelivery(const DeliveryInfo &info);

private:
    QLabel *m_endpoint;
    QToolButton *m_copy;
    QLabel *m_verified;
    QLabel *m_lastEvent;
    QUrl m_url;
};
