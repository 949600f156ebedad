// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QUrl>

class QNetworkAccessManager;

/// Posts a generated, correctly signed lead_extractor.job.completed event to a webhook URL (the
/// app's own endpoint), so a new user sees the whole path work: HTTP, signature, store, views.
class TestEventSender final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TestEventSender)

public:
    explicit TestEventSender(QObject *parent = nullptr);
    ~TestEventSender() override;

    /// Signs with \a secret (unsigned when empty); \a leadCount leads in a new campaign.
    void send(const QUrl &webhookUrl, const QByteArray &secret, int leadCount = 25);

Q_SIGNALS:
    /// \a message is a sentence for the status bar or a dialog.
    void finished(bool ok, int httpStatus, const QString &message);

private:
    QNetworkAccessManager *m_network;
};
