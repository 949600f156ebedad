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

Q_SIGNALS:
    void connectionCountChanged(int count);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    RequestHandler *m_handler;
    HttpLimits m_limits;
    QList<Connection *> m_connections;
};
