// SPDX-License-Identifier: MIT
#include "signedpost.h"

#include "webhook/signatureverifier.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QTcpSocket>

namespace TestSupport {

QByteArray signNow(const QByteArray &secret, const QByteArray &body, qint64 skewSeconds)
{
    return SignatureVerifier::sign(secret, body, QDateTime::currentSecsSinceEpoch() + skewSeconds);
}

QByteArray postRequest(const QByteArray &path, const QByteArray &body, const QByteArray &signature,
                       const QByteArray &contentType, const QByteArray &extraHeaders)
{
    QByteArray request = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!contentType.isEmpty())
        request += "Content-Type: " + contentType + "\r\n";
    if (!signature.isEmpty())
        request += "Webhook-Signature: " + signature + "\r\n";
    request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n" + extraHeaders + "\r\n"
        + body;
    return request;
}

HttpReply readReply(QTcpSocket &socket, QByteArray &buffer, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (true) {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end >= 0) {
            HttpReply reply;
            reply.head = buffer.left(end);
            reply.status = buffer.mid(9, 3).toInt();
            qsizetype length = 0;
            for (const QByteArray &line : reply.head.split('\n')) {
                const QByteArray lower = line.trimmed().toLower();
                if (lower.startsWith("content-length:"))
                    length = lower.mid(15).trimmed().toLongLong();
                if (lower.startsWith("connection:") && lower.contains("close"))
                    reply.closeHeader = true;
            }
            if (buffer.size() >= end + 4 + length) {
                reply.body = buffer.mid(end + 4, length);
                buffer.remove(0, end + 4 + length);
                return reply;
            }
        }
        const qint64 left = timeoutMs - timer.elapsed();
        if (left <= 0)
            return {};
        if (socket.bytesAvailable() == 0 && socket.state() != QAbstractSocket::ConnectedState)
            return {};
        if (socket.waitForReadyRead(int(qMin<qint64>(left, 100))) || socket.bytesAvailable())
            buffer += socket.readAll();
    }
}

HttpReply readReply(QTcpSocket &socket, int timeoutMs)
{
    QByteArray buffer;
    return readReply(socket, buffer, timeoutMs);
}

bool peerCloses(QTcpSocket &socket, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (socket.state() == QAbstractSocket::UnconnectedState)
            return true;
        socket.waitForReadyRead(50);
        socket.readAll();
        if (socket.state() == QAbstractSocket::UnconnectedState
            || socket.error() == QAbstractSocket::RemoteHostClosedError)
            return true;
    }
    return false;
}

HttpReply exchange(quint16 port, const QByteArray &request, int timeoutMs, bool *closed)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return {};
    socket.write(request);
    socket.waitForBytesWritten(3000);
    const HttpReply reply = readReply(socket, timeoutMs);
    if (closed)
        *closed = peerCloses(socket, 3000);
    return reply;
}

HttpReply postSigned(quint16 port, const QByteArray &path, const QByteArray &body,
                     const QByteArray &secret)
{
    return exchange(port, postRequest(path, body, signNow(secret, body)));
}

} // namespace TestSupport
