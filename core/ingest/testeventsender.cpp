// SPDX-License-Identifier: MIT
#include "ingest/testeventsender.h"

#include "sendpilot/sampleevents.h"
#include "webhook/signatureverifier.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

TestEventSender::TestEventSender(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{ }

TestEventSender::~TestEventSender() = default;

void TestEventSender::send(const QUrl &webhookUrl, const QByteArray &secret, int leadCount)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const quint32 seed = QRandomGenerator::global()->generate();
    const QString eventId = u"evt_test_%1_%2"_s.arg(now).arg(seed % 100000);
    const QString campaignId = u"camp_test_%1"_s.arg(now);
    const QByteArray body = SampleEvents::extractorJob(eventId, campaignId, leadCount, seed);

    QNetworkRequest request(webhookUrl);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    if (!secret.isEmpty()) {
        request.setRawHeader("Webhook-Signature",
                             SignatureVerifier::sign(secret, body, now / 1000));
    }
    request.setTransferTimeout(30'000);
    QNetworkReply *reply = m_network->post(request, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, leadCount] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status >= 200 && status < 300) {
            Q_EMIT finished(
                true, status,
                QCoreApplication::translate("TestEventSender", "Test event with %1 leads stored.")
                    .arg(leadCount));
            return;
        }
        QString reason
            = QJsonDocument::fromJson(reply->readAll()).object().value(u"error"_s).toString();
        if (reason.isEmpty())
            reason = reply->errorString();
        Q_EMIT finished(
            false, status,
            QCoreApplication::translate("TestEventSender", "The test event was refused (%1): %2")
                .arg(status)
                .arg(reason));
    });
}
