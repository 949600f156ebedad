// SPDX-License-Identifier: MIT
#include "http/connection.h"

#include "common/logging.h"
#include "http/bodybudget.h"
#include "http/requesthandler.h"

#include <QDateTime>
#include <QPointer>
#include <QTcpSocket>

#include <sys/socket.h>

using namespace Qt::StringLiterals;

namespace {

// Qt stops reading from the kernel once this much is buffered, so a client we do not read from
// (at the pipelining cap) is held back by TCP flow control instead of our memory.
constexpr qint64 SocketReadBufferBytes = 256 * 1024;
// Unwritten response bytes above which no further request is parsed (a client that pipelines
// without reading its answers).
constexpr qint64 MaxWriteBacklogBytes = 4 * 1024 * 1024;
// After the last response, how long unread request bytes are drained before the socket is
// dropped. Closing with unread data makes the kernel send RST, which can destroy the error
// response before the client reads it (RFC 9112 9.6, "lingering close").
constexpr int LingerMs = 2'000;

constexpr char ContinueResponse[] = "HTTP/1.1 100 Continue\r\n\r\n";

bool isBodyless(int status)
{
    return (status >= 100 && status < 200) || status == 204 || status == 304;
}

// RFC 9112 3.2 and RFC 9110 7.2: Host = uri-host [ ":" port ]. We do not route by host, so the
// value is only checked for what can never be part of one (whitespace, controls, delimiters of
// other URI parts); an empty value is allowed (a target URI without authority).
const char *hostProblem(const HttpRequest &request)
{
    int count = 0;
    QByteArrayView value;
    for (const auto &[name, fieldValue] : request.headers) {
        if (name.compare("Host", Qt::CaseInsensitive) == 0) {
            ++count;
            value = fieldValue;
        }
    }
    if (count > 1)
        return "more than one Host";
    if (count == 0)
        return request.httpMajor == 1 && request.httpMinor >= 1 ? "no Host" : nullptr;
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f || QByteArrayView("/\\?#@\"<>{}|^`").contains(c))
            return "invalid Host";
    }
    return nullptr;
}

} // namespace

Connection::Connection(QTcpSocket *socket, RequestHandler *handler, const HttpLimits &limits,
                       BodyBudget *bodyBudget, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_handler(handler)
    , m_limits(limits)
    , m_parser(std::make_unique<HttpParser>(limits.maxHeaderBytes, limits.maxBodyBytes))
    , m_peerAddress(socket->peerAddress())
    , m_peerPort(socket->peerPort())
    , m_bodyBudget(bodyBudget)
    , m_phaseSinceMs(QDateTime::currentMSecsSinceEpoch())
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(SocketReadBufferBytes);

    for (QTimer *timer : {&m_headerDeadline, &m_requestDeadline, &m_idleTimer, &m_lingerTimer}) {
        timer->setSingleShot(true);
        timer->setTimerType(Qt::PreciseTimer);
    }
    connect(&m_headerDeadline, &QTimer::timeout, this,
            [this] { failRequest(408, HttpRejection::Timeout, "header deadline"_ba); });
    connect(&m_requestDeadline, &QTimer::timeout, this,
            [this] { failRequest(408, HttpRejection::Timeout, "request deadline"_ba); });
    connect(&m_idleTimer, &QTimer::timeout, this, [this] {
        qCDebug(lcHttp) << "keep-alive idle, closing" << m_peerAddress << m_peerPort;
        beginClose();
    });
    connect(&m_lingerTimer, &QTimer::timeout, this, [this] {
        m_socket->abort();
        finishClose();
    });

    connect(m_socket, &QTcpSocket::readyRead, this, &Connection::processInput);
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_state == State::Closing) {
            if (m_socket->bytesToWrite() == 0)
                shutdownWrite();
        } else if (m_state == State::Open) {
            scheduleProcessInput(); // the write backlog may have been what held input back
        }
    });
    connect(m_socket, &QTcpSocket::disconnected, this, &Connection::finishClose);

    // The first request's deadlines count from accept, so a client that connects and says
    // nothing is answered 408 like a slow one.
    m_headerDeadline.start(m_limits.headerDeadlineMs);
    m_requestDeadline.start(m_limits.requestDeadlineMs);

    if (m_socket->state() != QAbstractSocket::ConnectedState)
        QMetaObject::invokeMethod(this, &Connection::finishClose, Qt::QueuedConnection);
    else if (m_socket->bytesAvailable() > 0)
        scheduleProcessInput();
}

Connection::~Connection() = default;

int Connection::outstandingRequests() const
{
    return int(m_slots.size());
}

bool Connection::canParse() const
{
    if (m_state != State::Open || m_inputClosed)
        return false;
    if (m_messageInProgress)
        return true; // its slot, if any, is already counted
    // Back-pressure: the next request waits in the socket (and then in TCP) while we are at the
    // pipelining cap or the client is not reading our answers.
    return int(m_slots.size()) < m_limits.maxPipelinedRequests
        && m_socket->bytesToWrite() < MaxWriteBacklogBytes;
}

void Connection::scheduleProcessInput()
{
    if (m_processScheduled || m_processing)
        return;
    m_processScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_processScheduled = false;
            processInput();
        },
        Qt::QueuedConnection);
}

void Connection::processInput()
{
    if (m_processing)
        return;
    if (m_state == State::Closing) {
        // Drain and drop: the answer is written, nothing more is read.
        m_socket->skip(m_socket->bytesAvailable());
        return;
    }
    if (m_state != State::Open)
        return;

    m_processing = true;
    while (canParse()) {
        if (m_inputPos >= m_input.size()) {
            m_input.clear();
            m_inputPos = 0;
            if (m_socket->bytesAvailable() <= 0)
                break;
            m_input = m_socket->readAll();
            continue;
        }
        qsizetype consumed = 0;
        const auto event = m_parser->parse(QByteArrayView(m_input).sliced(m_inputPos), &consumed);
        m_inputPos += consumed;
        // A chunked body is counted against the server-wide budget as it grows (a
        // Content-Length body was reserved whole at its headers).
        if (m_currentSlot != 0 && m_parser->isChunked() && event != HttpParser::Event::Error
            && !reserveBody(m_parser->request().body.size())) {
            failRequest(503, HttpRejection::Busy,
                        "request bodies in memory over the server's budget"_ba);
            continue;
        }
        if (!m_messageInProgress
            && (m_parser->messageStarted() || event == HttpParser::Event::MessageComplete)) {
            onMessageBegin();
        }
        switch (event) {
        case HttpParser::Event::NeedMoreData:
            break;
        case HttpParser::Event::HeadersComplete:
            onHeadersComplete();
            break;
        case HttpParser::Event::MessageComplete:
            m_messageInProgress = false;
            onMessageComplete();
            break;
        case HttpParser::Event::Error:
            failRequest(m_parser->errorStatus(), m_parser->errorReason(), m_parser->errorDetail());
            break;
        }
    }
    m_processing = false;
    updateIdleTimer();
}

void Connection::onMessageBegin()
{
    m_messageInProgress = true;
    m_currentReceivedAt = QDateTime::currentMSecsSinceEpoch();
    m_idleTimer.stop();
    if (m_firstRequest) {
        m_firstRequest = false; // its deadlines have run since accept
        return;
    }
    // Later requests on a keep-alive connection: absolute deadlines from their first byte.
    m_headerDeadline.start(m_limits.headerDeadlineMs);
    m_requestDeadline.start(m_limits.requestDeadlineMs);
}

void Connection::onHeadersComplete()
{
    m_headerDeadline.stop();

    // RFC 9112 3.2: 400 for an HTTP/1.1 request without Host, and for any request with more
    // than one Host or an invalid one. Checked before the handler sees the request.
    if (const char *problem = hostProblem(m_parser->request())) {
        failRequest(400, HttpRejection::BadRequest, QByteArray(problem));
        return;
    }

    HttpRequest request = m_parser->request();
    request.peerAddress = m_peerAddress;
    request.peerPort = m_peerPort;
    request.receivedAtMs = m_currentReceivedAt;

    Slot slot;
    slot.id = m_nextSlotId++;
    slot.keepAlive = m_parser->keepAlive();
    slot.headRequest = request.method == "HEAD";

    if (std::optional<HttpResponse> rejection = m_handler->checkHeaders(request)) {
        const bool bodyAnnounced = m_parser->bodyAnnounced();
        // RFC 9110 10.1.1: answering without reading the announced body leaves the stream in
        // the middle of a message, so the connection has to close.
        if (bodyAnnounced)
            rejection->closeConnection = true;
        qCDebug(lcHttp).noquote() << "rejected at headers" << request.peer()
                                  << logSafe(request.method) << logSafe(request.path)
                                  << rejection->status;
        slot.response = std::move(*rejection);
        m_slots.push_back(std::move(slot));
        if (bodyAnnounced) {
            m_inputClosed = true;
            m_requestDeadline.stop();
            m_currentSlot = 0;
        } else {
            m_currentRejected = true; // the message completes at once; do not hand it on
            m_currentSlot = m_slots.back().id;
        }
        flushResponses();
        return;
    }

    // Decided before any of the body is read, like the per-request limit: answering 503 lets
    // the sender retry once other uploads have finished.
    if (!m_parser->isChunked() && m_parser->contentLength() > 0
        && !reserveBody(m_parser->contentLength())) {
        m_currentSlot = 0;
        failRequest(503, HttpRejection::Busy,
                    "request bodies in memory over the server's budget"_ba);
        return;
    }

    // RFC 9110 10.1.1: the client waits for "100 Continue" before sending the body. Only an
    // HTTP/1.1 client gets it, and only at the head of the queue so that it cannot land inside
    // the stream of an earlier pipelined response.
    slot.wantsContinue = m_parser->expectsContinue() && m_parser->bodyAnnounced();
    m_currentSlot = slot.id;
    m_slots.push_back(std::move(slot));
    if (m_slots.back().wantsContinue)
        flushResponses();
}

void Connection::onMessageComplete()
{
    m_requestDeadline.stop(); // the handler's time is not the client's
    releaseBody(); // the body goes to the handler now
    ++m_completedRequests;
    m_phaseSinceMs = QDateTime::currentMSecsSinceEpoch();
    const quint64 id = std::exchange(m_currentSlot, 0);
    const bool keepAlive = m_parser->keepAlive();
    if (!keepAlive)
        m_inputClosed = true; // RFC 9112 9.6: no request after one that closes the connection
    if (Slot *slot = findSlot(id)) {
        slot->keepAlive = keepAlive;
        slot->wantsContinue = false; // the body is here already
    }
    if (std::exchange(m_currentRejected, false)) {
        flushResponses();
        return;
    }

    HttpRequest request = m_parser->takeRequest();
    request.peerAddress = m_peerAddress;
    request.peerPort = m_peerPort;
    request.receivedAtMs = m_currentReceivedAt;

    QPointer<Connection> self(this);
    m_handler->handleRequest(request, [self, id](const HttpResponse &response) {
        if (self)
            self->respond(id, response);
    });
}

void Connection::failRequest(int status, HttpRejection rejection, const QByteArray &detail)
{
    if (m_state != State::Open || m_inputClosed)
        return;
    m_headerDeadline.stop();
    m_requestDeadline.stop();
    m_idleTimer.stop();
    m_inputClosed = true;

    releaseBody();
    HttpResponse response = HttpResponse::rejection(status);

    HttpRequest partial = m_parser->request();
    partial.peerAddress = m_peerAddress;
    partial.peerPort = m_peerPort;
    partial.receivedAtMs = m_currentReceivedAt;
    qCInfo(lcHttp).noquote() << partial.peer() << status << httpRejectionName(rejection) << detail;
    m_handler->requestRejected(partial, response, rejection);

    // Answer in order: after whatever earlier requests are still waiting for the handler.
    Slot *slot = findSlot(m_currentSlot);
    if (slot && !slot->response) {
        slot->response = std::move(response);
    } else {
        Slot fresh;
        fresh.id = m_nextSlotId++;
        fresh.keepAlive = false;
        fresh.response = std::move(response);
        m_slots.push_back(std::move(fresh));
    }
    m_currentSlot = 0;
    flushResponses();
}

Connection::Slot *Connection::findSlot(quint64 id)
{
    if (id == 0)
        return nullptr;
    for (Slot &slot : m_slots) {
        if (slot.id == id)
            return &slot;
    }
    return nullptr;
}

void Connection::respond(quint64 id, const HttpResponse &response)
{
    if (m_state != State::Open)
        return;
    Slot *slot = findSlot(id);
    if (!slot) {
        qCDebug(lcHttp) << "response for a request that is gone" << id;
        return;
    }
    if (slot->response) {
        qCWarning(lcHttp) << "responder called twice; second response dropped";
        return;
    }
    slot->response = response;
    flushResponses();
}

void Connection::flushResponses()
{
    if (m_state != State::Open)
        return;
    while (!m_slots.empty()) {
        Slot &head = m_slots.front();
        if (!head.response) {
            if (head.wantsContinue) {
                head.wantsContinue = false;
                m_socket->write(ContinueResponse, sizeof ContinueResponse - 1);
            }
            break;
        }
        const HttpResponse &response = *head.response;
        const bool lastRequest = m_inputClosed && m_slots.size() == 1 && !m_messageInProgress;
        const bool keepAlive = head.keepAlive && !response.closeConnection && !lastRequest;
        QByteArray bytes = response.serialize(keepAlive);
        // RFC 9110 9.3.2: a HEAD response carries the GET headers but no content.
        if (head.headRequest && !isBodyless(response.status))
            bytes.chop(response.body.size());
        m_socket->write(bytes);
        m_slots.pop_front();
        if (!keepAlive) {
            m_slots.clear();
            m_inputClosed = true;
            beginClose();
            return;
        }
    }
    // Hand the answers to the kernel now rather than when control returns to the event loop:
    // the handler may still have work to do after answering (freeing a 10,000-lead event takes
    // tens of milliseconds), and the sender is waiting.
    if (m_socket->bytesToWrite() > 0)
        m_socket->flush();
    if (m_inputPos < m_input.size() || m_socket->bytesAvailable() > 0)
        scheduleProcessInput();
    updateIdleTimer();
}

void Connection::updateIdleTimer()
{
    const bool idle = m_state == State::Open && !m_inputClosed && !m_firstRequest
        && !m_messageInProgress && m_slots.empty();
    if (!idle)
        m_idleTimer.stop();
    else if (!m_idleTimer.isActive())
        m_idleTimer.start(m_limits.keepAliveIdleMs); // bytes that start no request never reset it
}

void Connection::beginClose()
{
    if (m_state != State::Open)
        return;
    m_state = State::Closing;
    m_headerDeadline.stop();
    m_requestDeadline.stop();
    m_idleTimer.stop();
    m_input.clear();
    m_inputPos = 0;
    m_lingerTimer.start(LingerMs);
    m_socket->flush();
    if (m_socket->bytesToWrite() == 0)
        shutdownWrite();
    processInput(); // drain what is already buffered
}

void Connection::shutdownWrite()
{
    if (m_shutdownWritten || m_state != State::Closing)
        return;
    m_shutdownWritten = true;
    // Send FIN but keep reading (and dropping) until the client closes or the linger time is
    // over; QTcpSocket has no half-close of its own.
    const qintptr fd = m_socket->socketDescriptor();
    if (fd < 0 || ::shutdown(int(fd), SHUT_WR) != 0) {
        m_socket->abort();
        finishClose();
    }
}

void Connection::finishClose()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_headerDeadline.stop();
    m_requestDeadline.stop();
    m_idleTimer.stop();
    m_lingerTimer.stop();
    m_slots.clear();
    m_input.clear();
    releaseBody();
    if (m_socket->state() != QAbstractSocket::UnconnectedState)
        m_socket->abort();
    Q_EMIT closed();
}

Connection::Phase Connection::phase() const
{
    if (m_state != State::Open)
        return Phase::Closing;
    if (!m_slots.empty() || m_currentSlot != 0)
        return Phase::Busy;
    if (m_completedRequests == 0)
        return Phase::Unproven; // includes the headers of a first request still arriving
    return m_messageInProgress ? Phase::Busy : Phase::Idle;
}

void Connection::evict()
{
    qCDebug(lcHttp) << "evicted" << m_peerAddress << m_peerPort;
    finishClose();
}

bool Connection::reserveBody(qint64 bytes)
{
    if (bytes <= m_bodyReserved)
        return true;
    if (!m_bodyBudget->reserve(bytes - m_bodyReserved))
        return false;
    m_bodyReserved = bytes;
    return true;
}

void Connection::releaseBody()
{
    m_bodyBudget->release(std::exchange(m_bodyReserved, 0));
}
