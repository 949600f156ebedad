// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>

class QTcpSocket;

/// A client for the webhook endpoint over a real loopback socket: requests signed with the
/// Webhook-Signature header the endpoint verifies (SignatureVerifier::sign), answers read as
/// Content-Length framed responses.
namespace TestSupport {

struct HttpReply
{
    int status = 0; ///< 0: no complete answer in time
    QByteArray head; ///< status line and headers, without the empty line
    QByteArray body;
    bool closeHeader = false; ///< the answer says Connection: close
};

/// The Webhook-Signature value of \a body under \a secret, timestamped now + \a skewSeconds.
QByteArray signNow(const QByteArray &secret, const QByteArray &body, qint64 skewSeconds = 0);

/// A POST request of \a body to \a path, HTTP/1.1 with Host 127.0.0.1 and Content-Length.
/// Headers left empty are left out; \a extraHeaders (each ending in CRLF) go last.
QByteArray postRequest(const QByteArray &path, const QByteArray &body, const QByteArray &signature,
                       const QByteArray &contentType = "application/json",
                       const QByteArray &extraHeaders = {});

/// Reads one answer from \a socket; \a buffer holds what was read beyond it (keep-alive,
/// pipelining). Status 0 if none came complete within \a timeoutMs.
HttpReply readReply(QTcpSocket &socket, QByteArray &buffer, int timeoutMs);
HttpReply readReply(QTcpSocket &socket, int timeoutMs);

/// True once the peer has closed (EOF or reset) within \a timeoutMs.
bool peerCloses(QTcpSocket &socket, int timeoutMs);

/// Writes \a request on a fresh loopback connection to \a port and reads one answer; with
/// \a closed, also whether the server then closes the connection (within 3 s).
HttpReply exchange(quint16 port, const QByteArray &request, int timeoutMs = 15000,
                   bool *closed = nullptr);

/// Signs \a body with \a secret and POSTs it to \a path on a fresh connection.
HttpReply postSigned(quint16 port, const QByteArray &path, const QByteArray &body,
                     const QByteArray &secret);

} // namespace TestSupport
