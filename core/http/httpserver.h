// SPDX-License-Identifier: MIT
#pragma once

#include "common/limits.h"

#include <QHostAddress>
#include <QObject>
#include <QTcpServer>

class RequestHandler;
class Connection;

/// Limits the HTTP layer enforces, checked before anything is buffered.
struct HttpLimits
{
    qsizetype maxHeaderBytes = Limits::MaxHeaderBytes;
    qint64 maxBodyBytes = Limits::DefaultMaxBodyBytes;
    int headerDeadlineMs = Limits::HeaderDeadlineMs;
    int requestDeadlineMs = Limits::RequestDeadlineMs;
    int keepAliveIdleMs = Limits::KeepAliveIdleMs;
    int maxConnections = Limits::MaxConnections;
    int maxPipelinedRequests = Limits::MaxPipelinedRequests;
    qint64 maxBufferedBodyBytes = Limits::MaxBufferedBodyBytes;
};

/// The bytes of request bodies that all connections of one server may hold at once.
/// Single-threaded: used on the server's thread only.
class BodyBudget
{
public:
    explicit BodyBudget(qint64 limit)
        : m_limit(limit)
    { }
    bool reserve(qint64 bytes)
    {
        if (bytes > m_limit - m_used)
            return false;
        m_used += bytes;
        return true;
    }
    void release(qint64 bytes) { m_used -= bytes; }
    void setLimit(qint64 limit) { m_limit = limit; }
    qint64 used() const { return m_used; }

private:
    qint64 m_limit;
    qint64 m_used = 0;
};

/// HTTP/1.1 server on QTcpServer. One Connection per socket; requests go to one RequestHandler.
class HttpServer final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpServer)

public:
    explicit HttpServer(RequestHandler *handler, QObject *parent = nullptr);
    ~HttpServer() override;

    void setLimits(const HttpLimits &limits);
    HttpLimits limits() const;
    int connectionCount() const;
    /// Body bytes held by all connections now (tests).
    qint64 bufferedBodyBytes() const { return m_bodyBudget.used(); }

Q_SIGNALS:
    void connectionCountChanged(int count);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    /// At the cap: the connection whose eviction costs least (see incomingConnection), or null.
    Connection *evictionCandidate() const;

    RequestHandler *m_handler;
    HttpLimits m_limits;
    BodyBudget m_bodyBudget {Limits::MaxBufferedBodyBytes};
    QList<Connection *> m_connections;
};
