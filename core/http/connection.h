// SPDX-License-Identifier: MIT
#pragma once

#include "http/httplimits.h"
#include "http/httpparser.h"
#include "http/httprejection.h"
#include "http/httpresponse.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QTimer>

#include <deque>
#include <memory>
#include <optional>

class BodyBudget;
class QTcpSocket;
class RequestHandler;

/// One HTTP/1.1 connection: reads the socket, feeds the parser, enforces limits and deadlines,
/// hands complete requests to the handler and writes the answers in request order.
class Connection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Connection)

public:
    /// Takes ownership of \a socket, which must be connected.
    explicit Connection(QTcpSocket *socket, RequestHandler *handler, const HttpLimits &limits,
                        BodyBudget *bodyBudget, QObject *parent = nullptr);
    ~Connection() override;

    /// Requests parsed and not yet answered (including one whose body is being read).
    int outstandingRequests() const;

    /// What evicting this connection would cost, for the server at its connection cap.
    enum class Phase {
        Closing, ///< answered and closing: nothing lost
        Unproven, ///< no request completed yet and none in flight (slowloris looks like this)
        Idle, ///< between keep-alive requests
        Busy, ///< a request's body is being read, or a request awaits its answer
    };
    Phase phase() const;
    /// When the current phase began (epoch ms): accept for Unproven, last answer for Idle.
    qint64 phaseSinceMs() const { return m_phaseSinceMs; }
    /// Closes at once without an answer (the server needs the slot). Emits closed().
    void evict();

Q_SIGNALS:
    /// The socket is closed; the owner may delete the connection (deleteLater).
    void closed();

private:
    enum class State { Open, Closing, Closed };

    // One request awaiting its response. Responses leave strictly in this order.
    struct Slot
    {
        quint64 id = 0;
        std::optional<HttpResponse> response;
        bool keepAlive = true;
        bool headRequest = false;
        bool wantsContinue = false; ///< send "100 Continue" once this slot is at the head
    };

    void processInput();
    void scheduleProcessInput();
    bool canParse() const;
    void onMessageBegin();
    void onHeadersComplete();
    void onMessageComplete();
    void failRequest(int status, HttpRejection rejection, const QByteArray &detail);
    void respond(quint64 id, const HttpResponse &response);
    void flushResponses();
    void updateIdleTimer();
    void beginClose();
    void finishClose();
    void shutdownWrite();
    Slot *findSlot(quint64 id);
    /// Keeps the body budget's reservation equal to the body held now; false when over budget.
    bool reserveBody(qint64 bytes);
    void releaseBody();

    QTcpSocket *m_socket;
    RequestHandler *m_handler;
    const HttpLimits m_limits;
    std::unique_ptr<HttpParser> m_parser;
    QHostAddress m_peerAddress;
    quint16 m_peerPort = 0;

    State m_state = State::Open;
    QByteArray m_input; // bytes read from the socket and not yet parsed
    qsizetype m_inputPos = 0;
    bool m_inputClosed = false; // no further requests are read (error, close, HTTP/1.0)
    bool m_processing = false; // guards processInput() against re-entry from a handler
    bool m_processScheduled = false;
    bool m_firstRequest = true;
    bool m_messageInProgress = false; // the parser has seen bytes of a request not yet complete
    bool m_currentRejected = false; // checkHeaders() answered the request being parsed
    qint64 m_currentReceivedAt = 0;
    quint64 m_currentSlot = 0; // id of the slot of the request being parsed, 0 before headers
    quint64 m_nextSlotId = 1;
    std::deque<Slot> m_slots;

    QTimer m_headerDeadline;
    QTimer m_requestDeadline;
    QTimer m_idleTimer;
    QTimer m_lingerTimer;
    bool m_shutdownWritten = false;

    BodyBudget *m_bodyBudget;
    qint64 m_bodyReserved = 0; // bytes of the current request's body counted in m_bodyBudget
    int m_completedRequests = 0;
    qint64 m_phaseSinceMs = 0;
};
