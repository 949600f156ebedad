// SPDX-License-Identifier: MIT
#include "flood.h"

#include <QtGlobal>

#include <cerrno>
#include <chrono>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace TestSupport {

namespace {

// Counts Content-Length framed responses in \a buffer, removing them; false on garbage.
bool takeResponses(QByteArray &buffer, FloodResult &result)
{
    while (true) {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return true;
        if (!buffer.startsWith("HTTP/1.1 "))
            return false;
        qsizetype length = 0;
        const qsizetype cl = buffer.indexOf("Content-Length: ");
        if (cl >= 0 && cl < end)
            length = buffer.mid(cl + 16, buffer.indexOf('\r', cl) - cl - 16).toLongLong();
        if (buffer.size() < end + 4 + length)
            return true;
        ++result.answered;
        ++result.statuses[buffer.mid(9, 3).toInt()];
        buffer.remove(0, end + 4 + length);
    }
}

void runConnection(quint16 port, const QByteArray &request, qint64 count, FloodResult &result)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address = {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        if (fd >= 0)
            ::close(fd);
        return;
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    qint64 queued = 0; // requests handed to `out` so far
    QByteArray out;
    qsizetype outPos = 0;
    QByteArray in;
    char chunk[65536];
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
    while (result.answered < count && std::chrono::steady_clock::now() < deadline) {
        // Keep about 256 KiB of requests ready to write.
        while (queued < count && out.size() - outPos < 256 * 1024) {
            out += request;
            ++queued;
        }
        pollfd p = {fd, short(POLLIN | (outPos < out.size() ? POLLOUT : 0)), 0};
        if (::poll(&p, 1, 1000) < 0)
            break;
        if (p.revents & POLLOUT) {
            const ssize_t n
                = ::send(fd, out.constData() + outPos, size_t(out.size() - outPos), MSG_NOSIGNAL);
            if (n > 0) {
                const qsizetype before = outPos / request.size();
                outPos += n;
                result.sent += outPos / request.size() - before;
                if (outPos > 1024 * 1024) { // drop what is written, keeping whole requests
                    const qsizetype whole = outPos - outPos % request.size();
                    out.remove(0, whole);
                    outPos -= whole;
                }
            } else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
                break;
            }
        }
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
                break; // closed by the server
            if (n > 0) {
                in.append(chunk, qsizetype(n));
                if (!takeResponses(in, result))
                    break;
            }
        }
    }
    ::close(fd);
}

} // namespace

struct Flood::Private
{
    quint16 port;
    QByteArray request;
    qint64 total;
    int connections;
    std::vector<std::thread> threads;
    std::vector<FloodResult> results;
    std::chrono::steady_clock::time_point started;
    FloodResult merged;
    bool waited = false;
};

Flood::Flood(quint16 port, QByteArray request, qint64 total, int connections)
    : d(std::make_unique<Private>())
{
    d->port = port;
    d->request = std::move(request);
    d->total = total;
    d->connections = std::max(connections, 1);
}

Flood::~Flood()
{
    wait();
}

void Flood::start()
{
    d->results.assign(size_t(d->connections), FloodResult());
    d->started = std::chrono::steady_clock::now();
    for (int i = 0; i < d->connections; ++i) {
        const qint64 share = d->total / d->connections + (i < d->total % d->connections ? 1 : 0);
        d->threads.emplace_back(runConnection, d->port, d->request, share,
                                std::ref(d->results[size_t(i)]));
    }
}

FloodResult Flood::wait()
{
    if (d->waited || d->threads.empty())
        return d->merged;
    for (std::thread &thread : d->threads)
        thread.join();
    d->waited = true;
    const auto elapsed = std::chrono::steady_clock::now() - d->started;
    d->merged.seconds = std::chrono::duration<double>(elapsed).count();
    for (const FloodResult &r : d->results) {
        d->merged.sent += r.sent;
        d->merged.answered += r.answered;
        for (auto it = r.statuses.begin(); it != r.statuses.end(); ++it)
            d->merged.statuses[it.key()] += it.value();
    }
    return d->merged;
}

} // namespace TestSupport
