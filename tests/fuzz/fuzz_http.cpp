// SPDX-License-Identifier: MIT
// Fuzz target for the HTTP layer (core/http), two parts per input:
//  1. HttpParser fed the stream in pieces whose sizes come from the input's first bytes, checked
//     against invariants and against the same stream parsed in one piece (the verdict must not
//     depend on how TCP segments the bytes);
//  2. a real Connection on one end of a socketpair, the stream written in the same pieces with the
//     event loop run in between, so that pipelining, 100-continue, errors after partial bodies,
//     rejections at the header and closing are driven through the state machine. Its output must
//     be a sequence of well-formed responses, nothing after "Connection: close".
//
// Input: [flags][n][n split sizes] stream...
//   flags bits 0-1: handler mode (answer at once, defer and answer in reverse, reject "/r..."
//   at the header, answer twice); bit 2: small limits (so 413/431 are reachable); bit 3: skip
//   the connection part.
#include "fuzzcheck.h"

#include "http/bodybudget.h"
#include "http/connection.h"
#include "http/httplimits.h"
#include "http/httpparser.h"
#include "http/requesthandler.h"

#include <QByteArrayList>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTcpSocket>

#include <cerrno>
#include <cstdint>
#include <functional>
#include <memory>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace {

struct Input
{
    int mode = 0;
    bool smallLimits = false;
    bool skipConnection = false;
    std::vector<qsizetype> splits;
    QByteArray stream;
};

Input decode(const uint8_t *data, size_t size)
{
    Input in;
    size_t pos = 0;
    if (pos < size) {
        const uint8_t flags = data[pos++];
        in.mode = flags & 3;
        in.smallLimits = flags & 4;
        in.skipConnection = flags & 8;
    }
    size_t count = pos < size ? (data[pos++] & 15) : 0;
    for (; count > 0 && pos < size; --count)
        in.splits.push_back(qsizetype(data[pos++]) + 1);
    if (in.splits.empty())
        in.splits.push_back(1 << 20);
    in.stream = QByteArray(reinterpret_cast<const char *>(data + pos), qsizetype(size - pos));
    return in;
}

QList<QByteArray> pieces(const Input &in)
{
    QList<QByteArray> result;
    qsizetype pos = 0;
    for (size_t i = 0; pos < in.stream.size(); ++i) {
        const qsizetype n = std::min(in.splits[i % in.splits.size()], in.stream.size() - pos);
        result.append(in.stream.mid(pos, n));
        pos += n;
    }
    return result;
}

HttpLimits limitsFor(const Input &in)
{
    HttpLimits limits;
    if (in.smallLimits) {
        limits.maxHeaderBytes = 200;
        limits.maxBodyBytes = 300;
        limits.maxPipelinedRequests = 3;
    } else {
        limits.maxHeaderBytes = 4096;
        limits.maxBodyBytes = 64 * 1024;
    }
    return limits;
}

// ---- part 1: the parser -------------------------------------------------------------------

QByteArrayList runParser(const QList<QByteArray> &input, const HttpLimits &limits)
{
    HttpParser parser(limits.maxHeaderBytes, limits.maxBodyBytes);
    QByteArrayList events;
    QByteArray pending;
    for (const QByteArray &piece : input) {
        pending += piece;
        qsizetype pos = 0;
        while (pos < pending.size()) {
            qsizetype consumed = -1;
            const QByteArrayView view = QByteArrayView(pending).sliced(pos);
            const auto event = parser.parse(view, &consumed);
            FUZZ_CHECK(consumed >= 0 && consumed <= view.size());
            pos += consumed;
            switch (event) {
            case HttpParser::Event::NeedMoreData:
                // "everything given was consumed": the Connection loops on this, so leftover
                // bytes with no event would spin it forever.
                FUZZ_CHECK(consumed == view.size());
                break;
            case HttpParser::Event::HeadersComplete: {
                FUZZ_CHECK(parser.headersComplete());
                const HttpRequest &r = parser.request();
                FUZZ_CHECK(!r.method.isEmpty());
                FUZZ_CHECK(r.httpMajor == 1 && r.httpMinor <= 1);
                FUZZ_CHECK(parser.contentLength() <= limits.maxBodyBytes);
                FUZZ_CHECK(!(parser.contentLength() >= 0 && parser.isChunked()));
                QByteArray names;
                for (const auto &h : r.headers)
                    names += h.first + ':' + h.second + '\n';
                events.append("head " + r.method + ' ' + r.target + ' ' + names
                              + " cl=" + QByteArray::number(parser.contentLength())
                              + " chunked=" + QByteArray::number(parser.isChunked())
                              + " continue=" + QByteArray::number(parser.expectsContinue()));
                break;
            }
            case HttpParser::Event::MessageComplete: {
                FUZZ_CHECK(parser.headersComplete());
                FUZZ_CHECK(!parser.messageStarted());
                const bool keepAlive = parser.keepAlive();
                const qint64 cl = parser.contentLength();
                const bool chunked = parser.isChunked();
                const HttpRequest r = parser.takeRequest();
                FUZZ_CHECK(r.body.size() <= limits.maxBodyBytes);
                if (!chunked && cl >= 0)
                    FUZZ_CHECK(r.body.size() == cl);
                events.append("done keepalive=" + QByteArray::number(keepAlive)
                              + " body=" + r.body);
                break;
            }
            case HttpParser::Event::Error: {
                const int status = parser.errorStatus();
                FUZZ_CHECK(status == 400 || status == 413 || status == 431 || status == 505);
                FUZZ_CHECK(!httpRejectionName(parser.errorReason()).isEmpty());
                // The error is sticky.
                qsizetype again = -1;
                FUZZ_CHECK(parser.parse("GET / HTTP/1.1\r\n\r\n", &again)
                           == HttpParser::Event::Error);
                FUZZ_CHECK(again == 0);
                events.append("error " + QByteArray::number(status) + ' '
                              + httpRejectionName(parser.errorReason()) + " | "
                              + parser.errorDetail());
                return events;
            }
            }
        }
        pending.remove(0, pos);
    }
    return events;
}

// ---- part 2: the connection ---------------------------------------------------------------

class FuzzHandler final : public RequestHandler
{
public:
    explicit FuzzHandler(int mode)
        : m_mode(mode)
    { }

    std::optional<HttpResponse> checkHeaders(const HttpRequest &request) override
    {
        ++headers;
        if (m_mode == 2 && request.path.startsWith("/r"))
            return HttpResponse::text(404, "Not Found\n");
        return std::nullopt;
    }

    void handleRequest(const HttpRequest &request, HttpResponder responder) override
    {
        ++handled;
        FUZZ_CHECK(request.body.size() <= maxBody);
        const HttpResponse response = HttpResponse::text(200, "ok\n");
        switch (m_mode) {
        case 1:
            pending.push_back(std::move(responder));
            break;
        case 3:
            responder(response);
            responder(response); // a buggy handler: the second one must be dropped
            break;
        default:
            responder(response);
            break;
        }
    }

    void requestRejected(const HttpRequest &, const HttpResponse &response,
                         HttpRejection rejection) override
    {
        ++rejected;
        FUZZ_CHECK(response.status >= 400 && response.status < 600);
        FUZZ_CHECK((response.status == 503) == (rejection == HttpRejection::Busy));
    }

    // Answers what is deferred, newest first: the connection must still answer in order.
    void answerPending()
    {
        std::vector<HttpResponder> answering;
        answering.swap(pending);
        for (auto it = answering.rbegin(); it != answering.rend(); ++it)
            (*it)(HttpResponse::text(200, "ok\n"));
    }

    int headers = 0;
    int handled = 0;
    int rejected = 0;
    qint64 maxBody = 0;
    std::vector<HttpResponder> pending;

private:
    int m_mode;
};

void readAvailable(int fd, QByteArray *out)
{
    char buffer[16384];
    while (true) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n <= 0)
            return;
        out->append(buffer, qsizetype(n));
    }
}

void spin(int clientFd, QByteArray *out, int rounds = 3)
{
    for (int i = 0; i < rounds; ++i) {
        QCoreApplication::processEvents(QEventLoop::AllEvents);
        readAvailable(clientFd, out);
    }
}

// The client's view: status line, header lines, then a body of Content-Length bytes (absent for
// HEAD, which we recognise by the next status line following at once).
void checkResponses(const QByteArray &out, const FuzzHandler &handler)
{
    qsizetype pos = 0;
    int finals = 0;
    bool closed = false;
    while (pos < out.size()) {
        FUZZ_CHECK(!closed); // nothing may follow "Connection: close"
        FUZZ_CHECK(out.sliced(pos).startsWith("HTTP/1.1 "));
        const qsizetype headEnd = out.indexOf("\r\n\r\n", pos);
        FUZZ_CHECK(headEnd > 0); // responses are written whole
        const QByteArray head = out.mid(pos, headEnd - pos);
        const int status = head.mid(9, 3).toInt();
        FUZZ_CHECK(status >= 100 && status < 600);
        qsizetype length = 0;
        for (const QByteArray &line : head.split('\n')) {
            const QByteArray lower = line.trimmed().toLower();
            if (lower.startsWith("content-length:"))
                length = lower.mid(15).trimmed().toLongLong();
            if (lower == "connection: close")
                closed = true;
        }
        pos = headEnd + 4;
        if (status == 100)
            continue;
        ++finals;
        // A HEAD response keeps Content-Length without the content: another response or the
        // end of the output follows at once.
        if (pos < out.size() && !out.sliced(pos).startsWith("HTTP/1.1 ")) {
            FUZZ_CHECK(out.size() - pos >= length);
            pos += length;
        }
    }
    // One response per request that reached the handler or was refused, at most one more for
    // a failure before any header block was complete.
    FUZZ_CHECK(finals <= handler.headers + 1);
}

void runConnection(const Input &in, const QList<QByteArray> &input, const HttpLimits &limits)
{
    int fds[2];
    FUZZ_CHECK(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) == 0);
    const int clientFd = fds[1];

    FuzzHandler handler(in.mode);
    handler.maxBody = limits.maxBodyBytes;
    auto *socket = new QTcpSocket;
    FUZZ_CHECK(socket->setSocketDescriptor(fds[0]));
    bool closed = false;
    // A small budget in small-limits mode drives the over-budget path.
    BodyBudget budget(in.smallLimits ? qint64(250) : qint64(1) << 30);
    auto connection = std::make_unique<Connection>(socket, &handler, limits, &budget);
    QObject::connect(connection.get(), &Connection::closed, connection.get(),
                     [&closed] { closed = true; });

    QByteArray out;
    for (const QByteArray &piece : input) {
        qsizetype sent = 0;
        // A server at its pipelining cap stops reading; give up on the rest then.
        for (int tries = 0; sent < piece.size() && tries < 20 && !closed; ++tries) {
            const ssize_t n = ::send(clientFd, piece.constData() + sent,
                                     size_t(piece.size() - sent), MSG_NOSIGNAL);
            if (n > 0)
                sent += n;
            spin(clientFd, &out, 1);
        }
        spin(clientFd, &out);
        if (closed)
            break;
        if (in.mode == 1)
            handler.answerPending();
    }
    handler.answerPending();
    spin(clientFd, &out);
    ::shutdown(clientFd, SHUT_WR);
    for (int i = 0; i < 20 && !closed; ++i)
        spin(clientFd, &out, 1);
    readAvailable(clientFd, &out);
    checkResponses(out, handler);
    connection.reset(); // owns and closes the socket
    ::close(clientFd);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    // The connection logs every refused request; that is noise at thousands per second.
    QLoggingCategory::setFilterRules(
        QStringLiteral("*.debug=false\n*.info=false\n*.warning=false"));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Input in = decode(data, size);
    const QList<QByteArray> input = pieces(in);
    const HttpLimits limits = limitsFor(in);

    const QByteArrayList split = runParser(input, limits);
    const QByteArrayList whole = runParser({in.stream}, limits);
    // The same bytes give the same requests and verdicts however they are segmented.
    // Known and harmless: trailer fields are counted (not stored) as the library hands them
    // over, which it does at the end of each read. A chunked message whose trailer section is
    // both too large and broken can thus end in 431 when read in pieces but 400 when read in one.
    const auto trailerOrder = [](const QByteArray &a, const QByteArray &b) {
        return a.endsWith("trailer section too large") && b.startsWith("error 400");
    };
    const bool benign = !split.isEmpty() && split.size() == whole.size()
        && split.sliced(0, split.size() - 1) == whole.sliced(0, whole.size() - 1)
        && (trailerOrder(split.last(), whole.last()) || trailerOrder(whole.last(), split.last()));
    // The detail (log text) may differ: "invalid Content-Length" or the library's error name.
    const auto verdicts = [](QByteArrayList events) {
        for (QByteArray &event : events) {
            if (const qsizetype bar = event.indexOf(" | "); event.startsWith("error ") && bar > 0)
                event.truncate(bar);
        }
        return events;
    };
    const bool same = verdicts(split) == verdicts(whole);
    if (!same && !benign) {
        for (const QByteArray &e : split)
            std::fprintf(stderr, "split: %s\n", e.toPercentEncoding(" :/=\n").constData());
        for (const QByteArray &e : whole)
            std::fprintf(stderr, "whole: %s\n", e.toPercentEncoding(" :/=\n").constData());
    }
    FUZZ_CHECK(same || benign);

    if (!in.skipConnection)
        runConnection(in, input, limits);
    return 0;
}
