// SPDX-License-Identifier: MIT
#pragma once

#include "common/verdict.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

/// One request the endpoint answered, as the deliveries table keeps it.
struct DeliveryRecord
{
    qint64 receivedAtMs = 0;
    QString peer; ///< "address:port" of the socket
    /// The client address a tunnel in front named (CF-Connecting-IP, X-Forwarded-For); only set
    /// when the user said a tunnel is there, since anyone can send those headers.
    QString forwardedFor;
    QString method;
    QString path;
    QList<QPair<QByteArray, QByteArray>> headers; ///< the store redacts Webhook-Signature
    QByteArray body; ///< the store keeps all of it for events, a capped prefix otherwise
    qint64 bodySize = 0; ///< bytes received, or the declared Content-Length when not read
    int status = 0;
    Verdict verdict = Verdict::Accepted; ///< stored by its name (verdictName)
    bool verified = false;
    QString eventId;
    QString eventType;
    qint64 leadCount = 0;
    QString detail; ///< short reason for a rejection
};

/// \a headers as the deliveries table keeps them: "Name: value" lines, with the values of the
/// headers that carry credentials (Webhook-Signature, Authorization, Cookie, ...) replaced by
/// "[redacted]".
QString redactedHeaders(const QList<QPair<QByteArray, QByteArray>> &headers);
