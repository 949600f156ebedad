// SPDX-License-Identifier: MIT
#include "http/httpserver.h"

#include "common/logging.h"
#include "http/connection.h"
#include "http/httpresponse.h"

#include <QTcpSocket>
#include <QTimer>

namespace {

// A refused connection gets this long to take its 503 before it is dropped.
constexpr int RefusedSocketGraceMs = 1'000;

} // namespace

HttpServer::HttpServer(RequestHandler *handler, QObject *parent)
    : QTcpServer(parent)
    , m_handler(handler)
{ }

HttpServer::~HttpServer()
{
    // Delete connections while this object is still an HttpServer, without their close signal.
    const QList<Connection *> connections = std::exchange(m_connections, {});
    for (Connection *connection : connections) {
        disconnect(connection, nullptr, this, nullptr);
        delete connection;
    }
}

void HttpServer::setLimits(const HttpLimits &limits)
{
    m_limits = limits;
}

HttpLimits HttpServer::limits() const
{
    return m_limits;
}

int HttpServer::connectionCount() const
{
    return int(m_connections.size());
}

void HttpServer::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        qCWarning(lcHttp) << "cannot adopt socket:" << socket->errorString();
        delete socket;
        return;
    }

    if (m_connections.size() >= m_limits.maxConnections) {
        // Over the cap: answer 503 and close at once, so the client can retry later.
        qCInfo(lcHttp) << "connection limit reached, refusing" << socket->peerAddress()
                       << socket->peerPort();
        HttpResponse response = HttpResponse::text(503, "Service Unavailable\n");
        response.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")});
        socket->write(response.serialize(false));
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(RefusedSocketGraceMs, socket, [socket] {
            socket->abort();
            socket->deleteLater();
        });
        socket->disconnectFromHost();
        return;
    }

    auto *connection = new Connection(socket, m_handler, m_limits, this);
    m_connections.append(connection);
    connect(connection, &Connection::closed, this, [this, connection] {
        if (m_connections.removeOne(connection)) {
            connection->deleteLater();
            Q_EMIT connectionCountChanged(int(m_connections.size()));
        }
    });
    Q_EMIT connectionCountChanged(int(m_connections.size()));
}
