// SPDX-License-Identifier: MIT
#pragma once

#include "http/httprequest.h"

#include <QJsonObject>

/// A response to write. The connection adds Content-Length, Date and Connection.
struct HttpResponse
{
    int status = 200;
    HttpHeaders headers;
    QByteArray body;
    bool closeConnection = false; ///< close after writing (errors that leave the stream unusable)

    static HttpResponse text(int status, const QByteArray &body);
    static HttpResponse json(int status, const QJsonObject &object);
    /// 503 with Retry-After, closing the connection: the one way the server says "busy, retry".
    static HttpResponse serviceUnavailable();
    /// The HTTP layer's own answer to a request it refused (HttpRejection): \a status with its
    /// reason phrase as text, or serviceUnavailable() for 503. It closes the connection.
    static HttpResponse rejection(int status);
    static QByteArray reasonPhrase(int status);
    /// The bytes on the wire, status line to body. \a keepAlive decides the Connection header.
    QByteArray serialize(bool keepAlive) const;
};
