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
    m_bodyBudget.setLimit(limits.maxBufferedBodyBytes);
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
        // At the cap, make room rather than refuse: slowloris clients that hold every slot
        // (each within its header deadline) would otherwise lock SendPilot out for as long as
        // they keep reconnecting. Only connections with nothing in flight are evicted.
        if (Connection *victim = evictionCandidate()) {
            // Debug only: a flood would otherwise write a log line per connection.
            qCDebug(lcHttp) << "connection limit reached, evicting an unproven or idle connection";
            victim->evict(); // emits closed(): removed from m_connections below
        }
    }
    if (m_connections.size() >= m_limits.maxConnections) {
        // Every connection is busy with a request: answer 503 and close at once, so the client
        // retries later (SendPilot does, sendpilot-webhooks.md 1.3).
        qCDebug(lcHttp) << "connection limit reached, refusing" << socket->peerAddress()
                        << socket->peerPort();
        socket->write(HttpResponse::serviceUnavailable().serialize(false));
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(RefusedSocketGraceMs, socket, [socket] {
            socket->abort();
            socket->deleteLater();
        });
        socket->disconnectFromHost();
        return;
    }

    auto *connection = new Connection(socket, m_handler, m_limits, &m_bodyBudget, this);
    m_connections.append(connection);
    connect(connection, &Connection::closed, this, [this, connection] {
        if (m_connections.removeOne(connection)) {
            connection->deleteLater();
            Q_EMIT connectionCountChanged(int(m_connections.size()));
        }
    });
    Q_EMIT connectionCountChanged(int(m_connections.size()));
}

Connection *HttpServer::evictionCandidate() const
{
    // Cheapest first: one already closing; then one that has never completed a request
    // (a slowloris, or a client that connected and said nothing), oldest first; then one idle
    // between keep-alive requests, idle longest. A connection whose request is being read or
    // answered is never evicted.
    Connection *best = nullptr;
    auto rank = [](Connection::Phase phase) {
        switch (phase) {
        case Connection::Phase::Closing:
            return 0;
        case Connection::Phase::Unproven:
            return 1;
        case Connection::Phase::Idle:
            return 2;
        case Connection::Phase::Busy:
            break;
        }
        return 3;
    };
    for (Connection *connection : m_connections) {
        const int r = rank(connection->phase());
        if (r == 3)
            continue;
        if (!best || r < rank(best->phase())
            || (r == rank(best->phase()) && connection->phaseSinceMs() < best->phaseSinceMs())) {
            best = connection;
        }
    }
    return best;
}
