// SPDX-License-Identifier: MIT
#pragma once

#include "ingest/deliveryinfo.h"

#include <QMap>
#include <QUrl>
#include <QWidget>

class QLabel;
class QTimer;
class QToolButton;

/// The status bar's permanent part: where the endpoint listens (with a copy action that says
/// it copied), whether signatures are required (and "verified" once one passed), when the last
/// event arrived, and a notice of rejected requests with what to check ("3 requests rejected: bad
/// signature. Check the webhook secret in Settings").
class EndpointStatusBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EndpointStatusBar)

public:
    explicit EndpointStatusBar(QWidget *parent = nullptr);
    ~EndpointStatusBar() override;

    void setListening(const QUrl &url, bool verifying);
    /// The webhook URL behind the user's tunnel (Settings > Public URL): what Copy URL copies
    /// while set, since it is the one SendPilot needs. An invalid URL copies the local one.
    void setPublicUrl(const QUrl &url);
    void setError(const QString &error);
    void noteDelivery(const DeliveryInfo &info);
    /// Forgets the rejections counted so far (the notice hides).
    void clearRejections();
    /// The rejection notice's text; empty while it is hidden.
    QString rejectionNotice() const;

Q_SIGNALS:
    /// The user clicked the rejection notice (to see the requests in the Deliveries tab).
    void rejectionsActivated();

private:
    void updateRejections();
    void updateVerified();

    QLabel *m_endpoint;
    QToolButton *m_copy;
    QLabel *m_verified;
    QLabel *m_lastEvent;
    QToolButton *m_rejections;
    QTimer *m_copiedTimer; ///< how long "Copied" shows on the Copy URL button
    QUrl m_url;
    QUrl m_publicUrl;
    bool m_verifying = false;
    bool m_verifiedOne = false; ///< an event passed the signature check since setListening()
    QMap<Verdict, int> m_rejected; ///< since the notice was last cleared
};
