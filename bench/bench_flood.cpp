// SPDX-License-Identifier: MIT
// Flood benchmark: what a stranger who finds the tunnel's URL can do to the receiver. 100,000
// unsigned 4 KB POSTs, pipelined over several keep-alive connections (TestSupport::Flood), to
// the receiver (IngestService, as in `leadviewer --headless`) on a file database in a temporary
// folder; meanwhile signed events are sent one at a time on a connection of their own. Prints
// requests/s, the growth of the store (database, WAL and shared memory) and the signed events'
// acknowledgement times. The limits under test are in common/limits.h.
//
//   bench_flood [--requests N] [--connections N]
#include "common/limits.h"
#include "ingest/ingestservice.h"
#include "sendpilot/sampleevents.h"
#include "webhook/signatureverifier.h"

#include "flood.h"
#include "signedpost.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
const QByteArray Secret = "bench-secret";

qint64 storeBytes(const QString &path)
{
    qint64 total = 0;
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
        total += QFileInfo(path + suffix).size();
    return total;
}

/// Posts one signed event on a fresh blocking connection; the time until its whole answer
/// arrived in ms, or -1 if it was not a 200.
double signedAck(quint16 port, const QByteArray &body)
{
    const QByteArray request = TestSupport::postRequest(
        "/webhooks/sendpilot", body,
        SignatureVerifier::sign(Secret, body, QDateTime::currentSecsSinceEpoch()));
    const auto start = std::chrono::steady_clock::now();
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address = {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        if (fd >= 0)
            ::close(fd);
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    qsizetype sent = 0;
    while (sent < request.size()) {
        const ssize_t n
            = ::send(fd, request.constData() + sent, size_t(request.size() - sent), MSG_NOSIGNAL);
        if (n <= 0)
            break;
        sent += n;
    }
    QByteArray buffer;
    char chunk[16384];
    qsizetype need = -1;
    while (need < 0 || buffer.size() < need) {
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0)
            break;
        buffer.append(chunk, qsizetype(n));
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end >= 0 && need < 0) {
            const qsizetype cl = buffer.indexOf("Content-Length: ");
            need = end + 4
                + (cl >= 0 && cl < end
                       ? buffer.mid(cl + 16, buffer.indexOf('\r', cl) - cl - 16).toLongLong()
                       : 0);
        }
    }
    ::close(fd);
    const double ms
        = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
    return buffer.startsWith("HTTP/1.1 200") ? ms : -1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const auto option = [&args](const QString &name, qint64 fallback) {
        const qsizetype i = args.indexOf(name);
        return i > 0 ? args.value(i + 1).toLongLong() : fallback;
    };
    const qint64 requests = option(u"--requests"_s, 100'000);
    const int connections = int(option(u"--connections"_s, 8));
    QTextStream out(stdout);

    QTemporaryDir dir;
    IngestService service;
    EndpointConfig config;
    config.databasePath = dir.filePath(u"bench.sqlite"_s);
    config.address = QHostAddress::LocalHost;
    config.port = 0;
    config.secrets = {QString::fromLatin1(Secret)};
    QString error;
    if (!service.start(config, &error)) {
        QTextStream(stderr) << "cannot start the receiver: " << error << '\n';
        return 1;
    }
    const quint16 port = quint16(service.url().port());
    // A first event, so that the store's size before the flood includes a used schema.
    signedAck(port, SampleEvents::extractorJob(u"evt_before"_s, u"camp_before"_s, 10));
    const qint64 before = storeBytes(config.databasePath);
    out << "receiver on " << service.url().toString() << "; " << requests
        << " unsigned 4 KB POSTs, pipelined over " << connections << " connections\n";
    out.flush();

    const QByteArray flood
        = TestSupport::postRequest("/webhooks/sendpilot", QByteArray(4096, 'x'), {});
    TestSupport::Flood attack(port, flood, requests, connections);
    attack.start();

    // Signed events during the flood, one at a time, half a second apart. The store's size is
    // sampled meanwhile: its largest growth counts (the WAL is truncated when the store closes).
    std::vector<double> acks;
    int failed = 0;
    qint64 peak = before;
    const auto sample = [&] {
        peak = std::max(peak, storeBytes(config.databasePath));
    };
    std::this_thread::sleep_for(std::chrono::milliseconds(500)); // the flood under way
    for (int i = 0; i < 7; ++i) {
        sample();
        const double ms
            = signedAck(port,
                        SampleEvents::extractorJob(u"evt_during_%1"_s.arg(i), u"camp_%1"_s.arg(i),
                                                   10, quint32(i + 1)));
        if (ms < 0)
            ++failed;
        else
            acks.push_back(ms);
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    const TestSupport::FloodResult result = attack.wait();
    std::this_thread::sleep_for(std::chrono::milliseconds(2 * Limits::BurstWriteIntervalMs));
    sample(); // the last counts are written
    service.stop();
    const qint64 after = storeBytes(config.databasePath);

    std::sort(acks.begin(), acks.end());
    const double median = acks.empty() ? -1 : acks[acks.size() / 2];
    out << QString::asprintf("  %lld sent, %lld answered (%lld x 401) in %.2f s: %.0f requests/s\n",
                             result.sent, result.answered, result.statuses.value(401),
                             result.seconds, double(result.answered) / result.seconds);
    out << QString::asprintf("  store growth: at most %.2f MB while flooded, %.2f MB once closed "
                             "(limit 64 MB)\n",
                             double(peak - before) / 1e6, double(after - before) / 1e6);
    out << QString::asprintf("  signed event ack during the flood: median %.1f ms, max %.1f ms, "
                             "%zu acknowledged, %d failed\n",
                             median, acks.empty() ? -1.0 : acks.back(), acks.size(), failed);
    return 0;
}
