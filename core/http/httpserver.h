// SPDX-License-Identifier: MIT
#pragma once

#include "http/bodybudget.h"
#include "http/httplimits.h"

#include <QList>
#include <QTcpServer>

class RequestHandler;
class Connection;

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
