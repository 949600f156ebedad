// SPDX-License-Identifier: MIT
#include "http/connection.h"
#include "http/httpserver.h"
#include "http/requesthandler.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

// A handler that answers "<method> <path> <body size>" unless a test installs its own behaviour.
class TestHandler final : public RequestHandler
{
public:
    std::optional<HttpResponse> checkHeaders(const HttpRequest &request) override
    {
        ++checked;
        return check ? check(request) : std::nullopt;
    }

    void handleRequest(const HttpRequest &request, HttpResponder responder) override
    {
        handledPaths.append(request.path);
        if (handle) {
            handle(request, std::move(responder));
            return;
        }
        responder(HttpResponse::text(200,
                                     request.method + ' ' + request.path + ' '
                                         + QByteArray::number(request.body.size())));
    }

    void requestRejected(const HttpRequest &request, const HttpResponse &response,
                         HttpRejection rejection) override
    {
        Q_UNUSED(request);
        verdicts.append(httpRejectionName(rejection));
        rejectedStatuses.append(response.status);
    }

    std::function<std::optional<HttpResponse>(const HttpRequest &)> check;
    std::function<void(const HttpRequest &, HttpResponder)> handle;
    int checked = 0;
    QByteArrayList handledPaths;
    QByteArrayList verdicts;
    QList<int> rejectedStatuses;
};

struct Response
{
    int status = 0;
    QByteArray head;
    QByteArray body;
};

// Splits what a client received into responses (Content-Length framing, as our server sends).
QList<Response> parseResponses(const QByteArray &data, qsizetype *end = nullptr)
{
    QList<Response> responses;
    qsizetype pos = 0;
    while (true) {
        const qsizetype headEnd = data.indexOf("\r\n\r\n", pos);
        if (headEnd < 0)
            break;
        Response response;
        response.head = data.mid(pos, headEnd - pos);
        response.status = response.head.mid(9, 3).toInt();
        qsizetype length = 0;
        for (const QByteArray &line : response.head.split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (data.size() < headEnd + 4 + length)
            break;
        response.body = data.mid(headEnd + 4, length);
        pos = headEnd + 4 + length;
        responses.append(response);
    }
    if (end)
        *end = pos;
    return responses;
}

class Client final : public QObject
{
public:
    explicit Client(quint16 port, QObject *parent = nullptr)
        : QObject(parent)
    {
        connect(&socket, &QTcpSocket::readyRead, this, [this] {
            data += socket.readAll();
            if (onData)
                onData();
        });
        connect(&socket, &QTcpSocket::disconnected, this, [this] { disconnected = true; });
        socket.connectToHost(QHostAddress::LocalHost, port);
    }

    bool waitConnected()
    {
        return QTest::qWaitFor([this] { return socket.state() == QAbstractSocket::ConnectedState; },
                               5000);
    }
    QList<Response> responses() const { return parseResponses(data); }

    QTcpSocket socket;
    QByteArray data;
    bool disconnected = false;
    std::function<void()> onData;
};

QByteArray get(QByteArrayView path)
{
    return "GET " + path.toByteArray() + " HTTP/1.1\r\nHost: test\r\n\r\n";
}

} // namespace

class TestConnection final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepAliveTwoRequests();
    void http10ClosesAfterResponse();
    void pipelinedAnsweredInOrder();
    void pipeliningCapAppliesBackPressure();
    void expectContinue();
    void earlyRejectionSkipsBody();
    void rejectionWithoutBodyKeepsAlive();
    void limitErrors_data();
    void limitErrors();
    void headerDeadlineIsAbsolute();
    void requestDeadlineIgnoresDrip();
    void laterRequestDeadlineStartsAtFirstByte();
    void slowHandlerIsNotTimedOut();
    void keepAliveIdleClose();
    void connectionCap();
    void connectionCapRefusesWhenEveryConnectionIsBusy();
    void bodyBudgetIsSharedByAllConnections();
    void responderAfterDisconnect();
    void largeBodyRoundTrip();
    void throughput();

private:
    std::unique_ptr<HttpServer> startServer(TestHandler *handler, const HttpLimits &limits = {});
};

std::unique_ptr<HttpServer> TestConnection::startServer(TestHandler *handler,
                                                        const HttpLimits &limits)
{
    auto server = std::make_unique<HttpServer>(handler);
    server->setLimits(limits);
    if (!server->listen(QHostAddress::LocalHost, 0))
        return nullptr;
    return server;
}

void TestConnection::keepAliveTwoRequests()
{
    TestHandler handler;
    auto server = startServer(&handler);
    QVERIFY(server);
    Client client(server->serverPort());
    QVERIFY(client.waitConnected());

    client.socket.write(get("/one"));
    QTRY_COMPARE(client.responses().size(), 1);
    client.socket.write("POST /two HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc");
    QTRY_COMPARE(client.responses().size(), 2);

    const auto responses = client.responses();
    QCOMPARE(responses[0].status, 200);
    QCOMPARE(responses[0].body, "GET /one 0"_ba);
    QVERIFY(responses[0].head.contains("Connection: keep-alive"));
    QCOMPARE(responses[1].body, "POST /two 3"_ba);
    QVERIFY(!client.disconnected);
    QCOMPARE(server->connectionCount(), 1);
}

void TestConnection::http10ClosesAfterResponse()
{
    TestHandler handler;
    auto server = startServer(&handler);
    QVERIFY(server);
    Client client(server->serverPort());
    QVERIFY(client.waitConnected());
    // The second request must not be read: HTTP/1.0 without keep-alive ends the connection.
    client.socket.write("GET /old HTTP/1.0\r\n\r\n" + get("/never"));
    QTRY_VERIFY(client.disconnected);
    QCOMPARE(client.responses().size(), 1);
    QVERIFY(client.responses()[0].head.contains("Connection: close"));
    QCOMPARE(handler.handledPaths, QByteArrayList {"/old"});
}

void TestConnection::pipelinedAnsweredInOrder()
{
    TestHandler handler;
    QObject context;
    handler.handle = [&context](const HttpRequest &request, HttpResponder responder) {
        if (request.path == "/slow") {
            QTimer::singleShot(200, &context,
                               [responder] { responder(HttpResponse::text(200, "slow")); });
        } else {
            responder(HttpResponse::text(200, "fast"));
        }
    };
    auto server = startServer(&handler);
    QVERIFY(server);
    Client client(server->serverPort());
    QVERIFY(client.waitConnected());

    client.socket.write(get("/slow") + get("/fast"));
    // Both reach the handler while the first is still unanswered, and nothing is written yet:
    // the fast answer waits for the slow one.
    QTRY_COMPARE(handler.handledPaths.size(), 2);
    QVERIFY(client.data.isEmpty());
    QTRY_COMPARE(client.responses().size(), 2);
    QCOMPARE(client.responses()[0].body, "slow"_ba);
    QCOMPARE(client.responses()[1].body, "fast"_ba);
    QVERIFY(!client.disconnected);
}

void TestConnection::pipeliningCapAppliesBackPressure()
{
    TestHandler handler;
    QList<HttpResponder> pending;
    handler.handle = [&pending](const HttpRequest &request, HttpResponder responder) {
        Q_UNUSED(request);
        pending.append(std::move(responder));
    };
    HttpLimits limits;
    limits.maxPipelinedRequests = 2;
    auto server = startServer(&handler, limits);
    QVERIFY(server);
    Client client(server->serverPort());
    QVERIFY(client.waitConnected());

    client.socket.write(get("/1") + get("/2") + get("/3") + get("/4") + get("/5"));
    QTRY_COMPARE(pending.size(), 2);
    QTest::qWait(100); // proving that nothing more is read needs a little time
    QCOMPARE(pending.size(), 2);

    pending.takeFirst()(HttpResponse::text(200, "r1"));
    QTRY_COMPARE(pending.size(), 2); // one answered, one more read
    QCOMPARE(handler.handledPaths.size(), 3);
    while (!pending.isEmpty()) {
        const int before = int(handler.handledPaths.size());
        pending.takeFirst()(HttpResponse::text(200, "r"));
        if (before < 5)
            QTRY_COMPARE(handler.handledPaths.size(), before + 1);
    }
    QTRY_COMPARE(client.responses().size(), 5);
    QCOMPARE(client.responses()[0].body, "r1"_ba);
    QCOMPARE(handler.handledPaths, (QByteArrayList {"/1", "/2", "/3", "/4", "/5"}));
}

void TestConnection::expectContinue()
{
    TestHandler handler;
    auto server = startServer(&handler);
    QVERIFY(server);
    Client client(server->serverPort());
    QVERIFY(client.waitConnected());

    client.socket.write("POST /e HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\n"
                        "Content-Length: 5\r\n\r\n");
    QTRY_COMPARE(client.data, "HTTP/1.1 100 Continue\r\n\r\n"_ba);
    QVERIFY(handler.handledPaths.isEmpty());
    client.socket.write("hello");
    QTRY_COMPARE(client.responses().size(), 2);
    QCOMPARE(client.responses()[0].status, 100);
    QCOMPARE(client.responses()[1].status, 200);
    QCOMPARE(client.responses()[1].body, "POST /e 5"_ba);
}

void TestConnection::earlyRejectionSkipsBody()
{
    TestHandler handler;
    handler.check = [](const HttpRequest &request) -> std::optional<HttpResponse> {
        if (request.path == "/nope")
            return HttpResponse::text(404, "no such route\n");
        return std::nullopt;
    };
    auto server = startServer(&handler);
    QVERIFY(server);
    Client client(server->serverPort());
    QVERIFY(client.waitConnected());

    // A megabyte is announced and none of it is sent: the answer must not wait for it.
    client.socket.write("POST /nope HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\n"
                        "Content-Length: 1000000\r\n\r\n");
    QTRY_VERIFY(client.disconnected);
    const auto responses = client.responses();
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses[0].status, 404);
    QVERIFY(responses[0].head.contains("Connection: close"));
    QVERIFY(!client.data.contains("100 Continue"));
    // The handler made this decision and records it itself: the connection reports only its own.
    QCOMPARE(handler.checked, 1);
    QVERIFY(handler.verdicts.isEmpty());
    QVERIFY(handler.handledPaths.isEmpty());
}

void TestConnection::rejectionWithoutBodyKeepsAlive()
{
    TestHandler handler;
    handler.check = [](const HttpRequest &request) -> std::optional<HttpResponse> {
        if (request.path == "/nope")
            return HttpResponse::text(404, "no");
        return std::nullopt;
    };
    auto server = startServer(&handler);
    QVERIFY(server);
    Client client(server->serverPort());
    QVERIFY(client.waitConnected());
    client.socket.write(get("/nope") + get("/yes"));
    QTRY_COMPARE(client.responses().size(), 2);
    QCOMPARE(client.responses()[0].status, 404);
    QCOMPARE(client.responses()[1].body, "GET /yes 0"_ba);
    QCOMPARE(handler.handledPaths, QByteArrayList {"/yes"});
    QVERIFY(!client.disconnected);
}

void TestConnection::limitErrors_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("verdict");

    QTest::newRow("header section too large")
        << "GET / HTTP/1.1\r\nX-Big: " + QByteArray(40 * 1024, 'a') + "\r\n\r\n"
        << 431 << "header_too_large"_ba;
    QTest::newRow("Content-Length over the limit")
        << "POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 2000000\r\n\r\n"_ba << 413
        << "too_large"_ba;
    QByteArray chunked = "POST /p HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 20; ++i)
        chunked += "10000\r\n" + QByteArray(0x10000, 'c') + "\r\n";
    QTest::newRow("chunked over the limit") << chunked << 413 << "too_large"_ba;
    QTest::newRow("Content-Length with Transfer-Encoding")
        << "POST /p HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"_ba << 400
        << "bad_framing"_ba;
    QTest::newRow("duplicate Content-Length")
        << "POST /p HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"_ba << 400
        << "bad_framing"_ba;
    QTest::newRow("Transfer-Encoding gzip")
        << "POST /p HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n"_ba << 400 << "bad_framing"_ba;
    QTest::newRow("binary garbage")
        << "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"_ba << 400 << "bad_request"_ba;
    QTest::newRow("HTTP/2 preface")
        << "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"_ba << 400 << "bad_request"_ba;
    QTest::newRow("HTTP/1.2") << "GET / HTTP/1.2\r\n\r\n"_ba << 505 << "bad_request"_ba;
    // RFC 9112 3.2 (HTTP/1.0 without Host is answered: http10ClosesAfterResponse).
    QTest::newRow("HTTP/1.1 without Host")
        << "GET /p HTTP/1.1\r\nX-Other: t\r\n\r\n"_ba << 400 << "bad_request"_ba;
    QTest::newRow("two Host fields")
        << "GET /p HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"_ba << 400 << "bad_request"_ba;
    QTest::newRow("two Host fields, other case")
        << "GET /p HTTP/1.1\r\nHost: a\r\nhOST: a\r\n\r\n"_ba << 400 << "bad_request"_ba;
    QTest::newRow("HTTP/1.0 with two Host fields")
        << "GET /p HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n"_ba << 400 << "bad_request"_ba;
    QTest::newRow("Host with a space")
        << "GET /p HTTP/1.1\r\nHost: a b\r\n\r\n"_ba << 400 << "bad_request"_ba;
    QTest::newRow("Host with a path")
        << "GET /p HTTP/1.1\r\nHost: a/b\r\n\r\n"_ba << 400 << "bad_request"_ba;
    QTest::newRow("POST without Host, body announced")
        << "POST /p HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"_ba << 400 << "bad_request"_ba;
}

void TestConnection::limitErrors()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    QFETCH(QByteArray, verdict);

    TestHandler handler;
    HttpLimits limits;
    limits.maxBodyBytes = 1024 * 1024;
    auto server = startServer(&handler, limits);
    QVERIFY(server);
    Client client(server->serverPort());
    QVERIFY(client.waitConnected());

    client.socket.write(raw);
    QTRY_VERIFY(client.disconnected);
    const auto responses = client.responses();
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses[0].status, status);
    QVERIFY(responses[0].head.contains("Connection: close"));
    QCOMPARE(handler.verdicts, QByteArrayList {verdict});
    QCOMPARE(handler.rejectedStatuses, QList<int> {status});
    QVERIFY(handler.handledPaths.isEmpty());
    QTRY_COMPARE(server->connectionCount(), 0);
}

void TestConnection::headerDeadlineIsAbsolute()
{
    TestHandler handler;
    HttpLimits limits;
    limits.headerDeadlineMs = 300;
    auto server = startServer(&handler, limits);
    QVERIFY(server);
    Client client(server->serverPort());
    QVERIFY(client.waitConnected());
    QElapsedTimer clock;
    clock.start();

    // A byte every 40 ms: an idle timer would never fire, the absolute deadline does.
    const QByteArray headers = "GET /drip HTTP/1.1\r\nHost: t\r\nX-Slow: " + QByteArray(200, 's');
    qsizetype sent = 0;
    QTimer drip;
    connect(&drip, &QTimer::timeout, &client, [&] {
        if (sent < headers.size() && client.socket.state() == QAbstractSocket::ConnectedState)
            client.socket.write(headers.mid(sent++, 1));
    });
    drip.start(40);

    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, 3000);
    const qint64 elapsed = clock.elapsed();
    QCOMPARE(client.responses().size(), 1);
    QCOMPARE(client.responses()[0].status, 408);
    QVERIFY2(elapsed >= 250 && elapsed < 1000, QByteArray::number(elapsed).constData());
    QCOMPARE(handler.verdicts, QByteArrayList {"timeout"});
}

void TestConnection::requestDeadlineIgnoresDrip()
{
    TestHandler handler;
    HttpLimits limits;
    limits.headerDeadlineMs = 5000;
    limits.requestDeadlineMs = 600;
    auto server = startServer(&handler, limits);
    QVERIFY(server);
    Client client(server->serverPort());
    QVERIFY(client.waitConnected());
    QElapsedTimer clock;
    clock.start();

    client.socket.write("POST /drip HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n");
    QTimer drip; // the body would take 5 s at this pace
    connect(&drip, &QTimer::timeout, &client, [&] {
        if (client.socket.state() == QAbstractSocket::ConnectedState)
            client.socket.write("x");
    });
    drip.start(50);

    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, 3000);
    const qint64 elapsed = clock.elapsed();
    QCOMPARE(client.responses().size(), 1);
    QCOMPARE(client.responses()[0].status, 408);
    QVERIFY2(elapsed >= 550 && elapsed < 1200, QByteArray::number(elapsed).constData());
    QCOMPARE(handler.verdicts, QByteArrayList {"timeout"});
    QVERIFY(handler.handledPaths.isEmpty());
}

void TestConnection::laterRequestDeadlineStartsAtFirstByte()
{
    TestHandler handler;
    HttpLimits limits;
    limits.headerDeadlineMs = 300;
    limits.keepAliveIdleMs = 5000;
    auto server = startServer(&handler, limits);
    QVERIFY(server);
    Client client(server->serverPort());
    QVERIFY(client.waitConnected());

    client.socket.write(get("/first"));
    QTRY_COMPARE(client.responses().size(), 1);
    QTest::qWait(400); // longer than the header deadline: idle time does not count against it
    QVERIFY(!client.disconnected);

    QElapsedTimer clock;
    clock.start();
    client.socket.write("GET /second HTTP/1.1\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, 3000);
    const qint64 elapsed = clock.elapsed();
    QCOMPARE(client.responses().size(), 2);
    QCOMPARE(client.responses()[1].status, 408);
    QVERIFY2(elapsed >= 250 && elapsed < 1000, QByteArray::number(elapsed).constData());
}

void TestConnection::slowHandlerIsNotTimedOut()
{
    TestHandler handler;
    QObject context;
    handler.handle = [&context](const HttpRequest &, HttpResponder responder) {
        QTimer::singleShot(700, &context,
                           [responder] { responder(HttpResponse::text(200, "late")); });
    };
    HttpLimits limits;
    limits.requestDeadlineMs = 300;
    auto server = startServer(&handler, limits);
    QVERIFY(server);
    Client client(server->serverPort());
    QVERIFY(client.waitConnected());
    client.socket.write(get("/slow"));
    QTRY_COMPARE_WITH_TIMEOUT(client.responses().size(), 1, 3000);
    QCOMPARE(client.responses()[0].status, 200);
    QCOMPARE(client.responses()[0].body, "late"_ba);
    QVERIFY(handler.verdicts.isEmpty());
}

void TestConnection::keepAliveIdleClose()
{
    TestHandler handler;
    HttpLimits limits;
    limits.keepAliveIdleMs = 300;
    auto server = startServer(&handler, limits);
    QVERIFY(server);
    Client client(server->serverPort());
    QVERIFY(client.waitConnected());

    client.socket.write(get("/one"));
    QTRY_COMPARE(client.responses().size(), 1);
    QElapsedTimer clock;
    clock.start();
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, 3000);
    const qint64 elapsed = clock.elapsed();
    QVERIFY2(elapsed >= 250 && elapsed < 1500, QByteArray::number(elapsed).constData());
    qsizetype end = 0;
    QCOMPARE(parseResponses(client.data, &end).size(), 1);
    QCOMPARE(end, client.data.size()); // closed silently: no 408 or anything else
    QVERIFY(handler.verdicts.isEmpty());
}

void TestConnection::connectionCap()
{
    // At the cap, a new connection takes the slot of the oldest one that never sent a request
    // (a slowloris looks like that), so such clients cannot lock the sender out.
    TestHandler handler;
    HttpLimits limits;
    limits.maxConnections = 4;
    auto server = startServer(&handler, limits);
    QVERIFY(server);
    QSignalSpy countSpy(server.get(), &HttpServer::connectionCountChanged);

    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < 4; ++i) {
        clients.push_back(std::make_unique<Client>(server->serverPort()));
        QVERIFY(clients.back()->waitConnected());
        QTRY_COMPARE(server->connectionCount(), i + 1); // accepted in this order
    }
    QCOMPARE(countSpy.last().at(0).toInt(), 4);
    // Two of them prove themselves with a request and stay idle on keep-alive.
    for (int i = 2; i < 4; ++i) {
        clients[size_t(i)]->socket.write(get("/proven"));
        QTRY_COMPARE(clients[size_t(i)]->responses().size(), 1);
    }

    Client fifth(server->serverPort());
    QVERIFY(fifth.waitConnected());
    QTRY_VERIFY(clients[0]->disconnected); // the oldest silent one
    QVERIFY(clients[0]->data.isEmpty());
    QCOMPARE(server->connectionCount(), 4);
    fifth.socket.write(get("/fifth"));
    QTRY_COMPARE(fifth.responses().size(), 1);
    QCOMPARE(fifth.responses()[0].status, 200);

    // The next newcomer takes the other silent one, never a proven keep-alive connection.
    Client sixth(server->serverPort());
    QVERIFY(sixth.waitConnected());
    QTRY_VERIFY(clients[1]->disconnected);
    for (int i = 2; i < 4; ++i) {
        QVERIFY(!clients[size_t(i)]->disconnected);
        clients[size_t(i)]->socket.write(get("/still-works"));
        QTRY_COMPARE(clients[size_t(i)]->responses().size(), 2);
        QCOMPARE(clients[size_t(i)]->responses()[1].status, 200);
    }
}

void TestConnection::connectionCapRefusesWhenEveryConnectionIsBusy()
{
    // Connections whose requests are in flight are never evicted: the newcomer gets 503.
    TestHandler handler;
    QList<HttpResponder> held;
    handler.handle = [&held](const HttpRequest &, HttpResponder responder) {
        held.append(std::move(responder));
    };
    HttpLimits limits;
    limits.maxConnections = 2;
    auto server = startServer(&handler, limits);
    QVERIFY(server);
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < 2; ++i) {
        clients.push_back(std::make_unique<Client>(server->serverPort()));
        QVERIFY(clients.back()->waitConnected());
        clients.back()->socket.write(get("/slow"));
    }
    QTRY_COMPARE(held.size(), 2);

    Client third(server->serverPort());
    QTRY_VERIFY(third.disconnected);
    QVERIFY2(third.data.startsWith("HTTP/1.1 503 "), third.data.constData());
    QVERIFY(third.data.contains("Retry-After: 1"));

    for (HttpResponder &responder : held)
        responder(HttpResponse::text(200, "done"));
    for (auto &client : clients) {
        QTRY_COMPARE(client->responses().size(), 1);
        QCOMPARE(client->responses()[0].status, 200);
        QVERIFY(!client->disconnected);
    }
}

void TestConnection::bodyBudgetIsSharedByAllConnections()
{
    TestHandler handler;
    HttpLimits limits;
    limits.maxBufferedBodyBytes = 1000;
    auto server = startServer(&handler, limits);
    QVERIFY(server);

    // A holds 800 bytes of budget while its body trickles in.
    Client a(server->serverPort());
    QVERIFY(a.waitConnected());
    a.socket.write("POST /a HTTP/1.1\r\nHost: t\r\nContent-Length: 800\r\n\r\n"
                   + QByteArray(100, 'a'));
    QTRY_COMPARE(server->bufferedBodyBytes(), 800);

    // B's 500 bytes do not fit: 503 before its body is read, and the connection closes.
    Client b(server->serverPort());
    QVERIFY(b.waitConnected());
    b.socket.write("POST /b HTTP/1.1\r\nHost: t\r\nContent-Length: 500\r\n\r\n");
    QTRY_VERIFY(b.disconnected);
    QVERIFY2(b.data.startsWith("HTTP/1.1 503 "), b.data.constData());
    QVERIFY(handler.verdicts.contains("busy"_ba));

    // A chunked body is counted as it grows.
    Client c(server->serverPort());
    QVERIFY(c.waitConnected());
    c.socket.write("POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                   "12c\r\n"
                   + QByteArray(300, 'c') + "\r\n");
    QTRY_VERIFY(c.disconnected);
    QVERIFY2(c.data.startsWith("HTTP/1.1 503 "), c.data.constData());

    // A completes: its budget is returned, and a new upload fits again.
    a.socket.write(QByteArray(700, 'a'));
    QTRY_COMPARE(a.responses().size(), 1);
    QCOMPARE(a.responses()[0].status, 200);
    QTRY_COMPARE(server->bufferedBodyBytes(), 0);
    Client d(server->serverPort());
    QVERIFY(d.waitConnected());
    d.socket.write("POST /d HTTP/1.1\r\nHost: t\r\nContent-Length: 900\r\n\r\n"
                   + QByteArray(900, 'd'));
    QTRY_COMPARE(d.responses().size(), 1);
    QCOMPARE(d.responses()[0].status, 200);
}

void TestConnection::responderAfterDisconnect()
{
    TestHandler handler;
    QList<HttpResponder> kept;
    handler.handle = [&kept](const HttpRequest &, HttpResponder responder) {
        kept.append(std::move(responder));
    };
    auto server = startServer(&handler);
    QVERIFY(server);
    {
        Client client(server->serverPort());
        QVERIFY(client.waitConnected());
        client.socket.write(get("/a") + get("/b"));
        QTRY_COMPARE(kept.size(), 2);
        client.socket.abort();
    }
    QTRY_COMPARE(server->connectionCount(), 0);
    QTRY_VERIFY(server->findChildren<Connection *>().isEmpty()); // deleted, not just closed
    kept.takeFirst()(HttpResponse::text(200, "too late")); // must do nothing

    server.reset(); // even with the server gone
    kept.takeFirst()(HttpResponse::text(200, "too late"));
}

void TestConnection::largeBodyRoundTrip()
{
    TestHandler handler;
    handler.handle = [](const HttpRequest &request, HttpResponder responder) {
        responder(HttpResponse::text(200, request.body));
    };
    auto server = startServer(&handler);
    QVERIFY(server);
    Client client(server->serverPort());
    QVERIFY(client.waitConnected());

    QByteArray body(10 * 1024 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < body.size(); ++i)
        body[i] = char('a' + (i * 7919) % 26);
    QElapsedTimer clock;
    clock.start();
    client.socket.write("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: "
                        + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QTRY_COMPARE_WITH_TIMEOUT(client.responses().size(), 1, 20000);
    qDebug("10 MiB echoed in %lld ms", clock.elapsed());
    QCOMPARE(client.responses()[0].status, 200);
    QVERIFY(client.responses()[0].body == body);
}

void TestConnection::throughput()
{
    TestHandler handler;
    auto server = startServer(&handler);
    QVERIFY(server);

    constexpr int Connections = 16;
    constexpr int RequestsEach = 250;
    std::vector<std::unique_ptr<Client>> clients;
    int done = 0;
    for (int i = 0; i < Connections; ++i) {
        clients.push_back(std::make_unique<Client>(server->serverPort()));
        QVERIFY(clients.back()->waitConnected());
    }
    QElapsedTimer clock;
    clock.start();
    for (auto &owned : clients) {
        Client *client = owned.get();
        auto sent = std::make_shared<int>(1);
        client->onData = [client, sent, &done] {
            qsizetype end = 0;
            const int answered = int(parseResponses(client->data, &end).size());
            client->data.remove(0, end);
            done += answered;
            for (int i = 0; i < answered && *sent < RequestsEach; ++i, ++*sent)
                client->socket.write(get("/small"));
        };
        client->socket.write(get("/small"));
    }
    QTRY_COMPARE_WITH_TIMEOUT(done, Connections * RequestsEach, 20000);
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    const double rate = (Connections * RequestsEach) / seconds;
    qDebug("%d keep-alive requests on %d connections: %.0f req/s (client in the same thread)",
           Connections * RequestsEach, Connections, rate);
    // The goal is 2,000 req/s; the bound here is lower because the clients share the thread and
    // the machine is shared.
    QVERIFY2(rate > 1000, QByteArray::number(rate).constData());
}

QTEST_GUILESS_MAIN(TestConnection)
#include "tst_connection.moc"
