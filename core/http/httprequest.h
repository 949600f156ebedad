// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

/// One parsed HTTP/1.x request, as the connection hands it to the RequestHandler.
struct HttpRequest
{
    QByteArray method; ///< "POST", "GET", ...
    QByteArray target; ///< the request target as sent, e.g. "/webhooks/sendpilot?x=1"
    QByteArray path; ///< target without query or fragment, not percent-decoded
    HttpHeaders headers; ///< in arrival order, names as sent
    QByteArray body; ///< de-chunked; empty until the body is complete
    int httpMajor = 1;
    int httpMinor = 1;
    QHostAddress peerAddress;
    quint16 peerPort = 0;
    qint64 receivedAtMs = 0; ///< epoch ms when the first byte of this request arrived

    /// First header named \a name, compared case-insensitively; empty if absent.
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    /// "ip:port" of the peer, for logs and the delivery record.
    QString peer() const;

    /// The path part of a request target: origin form without query or fragment; for the
    /// absolute form ("http://host/p?q") the path after the authority.
    static QByteArray pathFromTarget(QByteArrayView target);
};
