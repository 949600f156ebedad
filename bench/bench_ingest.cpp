// SPDX-License-Identifier: MIT
// Ingest benchmark: the receiver (IngestService: server, endpoint and store on their own thread,
// as in `leadviewer --headless`) on a file database in a temporary folder, fed signed events by
// keep-alive clients in this thread. Prints median and p99 acknowledgement latency, leads/s and
// events/s. Every 200 counted here was sent only after the event's COMMIT returned.
//
//   bench_ingest [--quick] [--small-only] [--db FILE]
//
// --small-only: only the small events over 16 connections.
#include "ingest/ingestservice.h"
#include "sendpilot/sampleevents.h"
#include "store/sqlitestatement.h"
#include "webhook/signatureverifier.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
const QByteArray Secret = "bench-secret";

QByteArray request(const QByteArray &body)
{
    const QByteArray signature
        = SignatureVerifier::sign(Secret, body, QDateTime::currentSecsSinceEpoch());
    return "POST /webhooks/sendpilot HTTP/1.1\r\nHost: 127.0.0.1\r\n"
           "Content-Type: application/json\r\nWebhook-Signature: "
        + signature + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t index = std::min(values.size() - 1, size_t(p * double(values.size() - 1) + 0.5));
    return values[index];
}

/// One keep-alive connection sending its requests one after another (closed loop), with
/// blocking POSIX sockets on a thread of its own: a Qt event-loop client spent more CPU on
/// polling and chunked writes than the receiver it measured, on a two-core machine.
class Client
{
public:
    Client(quint16 port, std::deque<QByteArray> requests)
        : m_port(port)
        , m_requests(std::move(requests))
    { }

    void run()
    {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address = {};
        address.sin_family = AF_INET;
        address.sin_port = htons(m_port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
            failures += int(m_requests.size());
            if (fd >= 0)
                ::close(fd);
            return;
        }
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        QByteArray buffer;
        char chunk[65536];
        for (const QByteArray &request : m_requests) {
            const auto start = std::chrono::steady_clock::now();
            qsizetype sent = 0;
            while (sent < request.size()) {
                const ssize_t n = ::send(fd, request.constData() + sent,
                                         size_t(request.size() - sent), MSG_NOSIGNAL);
                if (n <= 0)
                    break;
                sent += n;
            }
            // One response: status line and headers, then Content-Length bytes.
            qsizetype need = -1;
            qsizetype headerEnd = -1;
            for (;;) {
                if (headerEnd < 0 && (headerEnd = buffer.indexOf("\r\n\r\n")) >= 0) {
                    const qsizetype cl = buffer.indexOf("Content-Length: ");
                    const qsizetype length = cl >= 0 && cl < headerEnd
                        ? buffer.mid(cl + 16, buffer.indexOf('\r', cl) - cl - 16).toLongLong()
                        : 0;
                    need = headerEnd + 4 + length;
                }
                if (need >= 0 && buffer.size() >= need)
                    break;
                const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
                if (n <= 0)
                    break;
                buffer.append(chunk, qsizetype(n));
            }
            const auto end = std::chrono::steady_clock::now();
            latencies.push_back(std::chrono::duration<double, std::milli>(end - start).count());
            if (need < 0 || buffer.size() < need || !buffer.startsWith("HTTP/1.1 200")) {
                ++failures;
                break;
            }
            buffer.remove(0, need);
            if (afterResponse)
                afterResponse(latencies.size() - 1);
        }
        ::close(fd);
    }

    std::vector<double> latencies;
    int failures = 0;
    /// Called on the client's thread after each 200, with the request's index.
    std::function<void(size_t)> afterResponse;

private:
    quint16 m_port;
    std::deque<QByteArray> m_requests;
};

struct RunResult
{
    std::vector<double> latencies;
    int failures = 0;
    double seconds = 0;
};

/// Waits until the receiver's projector has nothing pending.
void waitProjected(const QString &databasePath)
{
    Sqlite::Connection reader;
    reader.openReadOnly(databasePath);
    for (;;) {
        Sqlite::Statement pending(reader.get(),
                                  "SELECT count(*) FROM events WHERE projection = 'pending'");
        qint64 left = 0;
        pending.exec(nullptr, [&](const Sqlite::Statement &row) { left = row.int64(0); });
        if (left == 0)
            return;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

RunResult run(quint16 port, const std::vector<std::deque<QByteArray>> &perClient,
              std::function<void(size_t)> afterResponse = {})
{
    std::vector<std::unique_ptr<Client>> clients;
    for (const auto &requests : perClient) {
        clients.push_back(std::make_unique<Client>(port, requests));
        clients.back()->afterResponse = afterResponse;
    }
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (auto &client : clients)
        threads.emplace_back([&client] { client->run(); });
    for (std::thread &thread : threads)
        thread.join();
    RunResult result;
    result.seconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (const auto &client : clients) {
        result.latencies.insert(result.latencies.end(), client->latencies.begin(),
                                client->latencies.end());
        result.failures += client->failures;
    }
    return result;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const bool quick = app.arguments().contains(u"--quick"_s);
    const bool smallOnly = app.arguments().contains(u"--small-only"_s);
    // --db FILE: ingest into a copy of an existing database (e.g. bench_viewer's 1M leads),
    // to see what a large store costs each event.
    const qsizetype dbArg = app.arguments().indexOf(u"--db"_s);
    const QString seedDb = dbArg > 0 ? app.arguments().value(dbArg + 1) : QString();
    QTextStream out(stdout);

    QTemporaryDir dir;
    IngestService service;
    EndpointConfig config;
    config.databasePath = dir.filePath(u"bench.sqlite"_s);
    if (!seedDb.isEmpty() && !QFile::copy(seedDb, config.databasePath)) {
        QTextStream(stderr) << "cannot copy " << seedDb << '\n';
        return 1;
    }
    config.address = QHostAddress::LocalHost;
    config.port = 0;
    config.secrets = {QString::fromLatin1(Secret)};
    QString error;
    if (!service.start(config, &error)) {
        QTextStream(stderr) << "cannot start the receiver: " << error << '\n';
        return 1;
    }
    const quint16 port = quint16(service.url().port());
    out << "receiver on " << service.url().toString() << ", database " << config.databasePath
        << " (WAL, synchronous=FULL)\n\n";

    struct Size
    {
        int leads;
        int events;
    };
    std::vector<Size> sizes;
    if (!smallOnly)
        sizes = quick ? std::vector<Size> {{100, 5}, {2500, 5}, {10000, 2}}
                      : std::vector<Size> {{100, 40}, {2500, 30}, {10000, 10}};
    int eventNumber = 0;
    if (!sizes.empty())
        out << "large events, one keep-alive connection, one event at a time:\n";
    for (const Size &size : sizes) {
        std::deque<QByteArray> requests;
        qint64 bytes = 0;
        for (int i = 0; i < size.events; ++i) {
            const QString id = u"evt_bench_%1"_s.arg(++eventNumber);
            const QByteArray body = SampleEvents::extractorJob(id, u"camp_%1"_s.arg(eventNumber),
                                                               size.leads, quint32(eventNumber));
            bytes += body.size();
            requests.push_back(request(body));
        }
        const RunResult r = run(port, {requests});
        const double leadsPerSecond = double(size.leads) * size.events / r.seconds;
        out << QString::asprintf("  %6d leads (%5.2f MB): median %7.1f ms, p99 %7.1f ms, "
                                 "%8.0f leads/s, failures %d\n",
                                 size.leads, double(bytes) / size.events / 1e6,
                                 percentile(r.latencies, 0.5), percentile(r.latencies, 0.99),
                                 leadsPerSecond, r.failures);
    }

    // What the analyst sees: the time from the 2xx to the event's leads being readable by the
    // views (its entry projected, read on a read-only connection as the lead table reads), one
    // 2,500-lead event at a time.
    if (!smallOnly) {
        Sqlite::Connection reader;
        reader.openReadOnly(config.databasePath);
        // Starts with the projector idle: the events above may still be in its queue.
        waitProjected(config.databasePath);
        const int count = quick ? 5 : 20;
        std::deque<QByteArray> requests;
        QStringList ids;
        for (int i = 0; i < count; ++i) {
            ids << u"evt_bench_%1"_s.arg(++eventNumber);
            requests.push_back(request(SampleEvents::extractorJob(
                ids.back(), u"camp_%1"_s.arg(eventNumber), 2500, quint32(eventNumber))));
        }
        std::vector<double> visible;
        const RunResult r = run(port, {requests}, [&](size_t index) {
            const auto acked = std::chrono::steady_clock::now();
            Sqlite::Statement state(reader.get(),
                                    "SELECT projection = 'projected' FROM events"
                                    " WHERE event_id = ?1");
            for (;;) {
                state.bindText(1, ids.at(qsizetype(index)));
                bool done = false;
                state.exec(nullptr, [&](const Sqlite::Statement &row) { done = row.int64(0); });
                if (done)
                    break;
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
            visible.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - acked)
                    .count());
        });
        out << "\n2,500-lead events one at a time, leads readable after the 2xx:\n";
        out << QString::asprintf("  %d events: ack median %.1f ms; visible after the 2xx: median "
                                 "%.1f ms, max %.1f ms; failures %d\n",
                                 count, percentile(r.latencies, 0.5), percentile(visible, 0.5),
                                 percentile(visible, 1.0), r.failures);
    }

    // Sustained throughput: two senders stream 2,500-lead events at once (as a backlog of
    // retries would), so that receiving one event overlaps another's commit. The run is long
    // enough to include WAL checkpoints, so the figure is what a stream of events gets.
    if (!smallOnly) {
        const int senders = 2;
        const int perSender = quick ? 3 : 15;
        std::vector<std::deque<QByteArray>> perClient(senders);
        for (int c = 0; c < senders; ++c) {
            for (int i = 0; i < perSender; ++i) {
                ++eventNumber;
                perClient[size_t(c)].push_back(request(SampleEvents::extractorJob(
                    u"evt_bench_%1"_s.arg(eventNumber), u"camp_%1"_s.arg(eventNumber), 2500,
                    quint32(eventNumber))));
            }
        }
        const RunResult r = run(port, perClient);
        out << "\nsustained, " << senders << " connections streaming 2,500-lead events:\n";
        out << QString::asprintf("  %d events: %8.0f leads/s, median ack %.1f ms, p99 %.1f ms, "
                                 "failures %d\n",
                                 senders * perSender, 2500.0 * senders * perSender / r.seconds,
                                 percentile(r.latencies, 0.5), percentile(r.latencies, 0.99),
                                 r.failures);
    }

    const int connections = 16;
    const int smallEvents = quick ? 800 : 8000;
    std::vector<std::deque<QByteArray>> perClient(connections);
    static const char *const types[]
        = {"message.sent", "reply.received", "connection.sent", "connection_request.accepted",
           "lead.updated", "campaign.paused"};
    for (int i = 0; i < smallEvents; ++i) {
        const QByteArray body = SampleEvents::activity(
            u"evt_small_%1"_s.arg(i), QString::fromLatin1(types[i % 6]), quint32(i));
        perClient[size_t(i % connections)].push_back(request(body));
    }
    // Started with the projector idle; it projects each small event behind its answer.
    waitProjected(config.databasePath);
    const RunResult small = run(port, perClient);
    out << "\nsmall events, " << connections << " keep-alive connections, closed loop:\n";
    out << QString::asprintf("  %d events: %.0f events/s, median %.1f ms, p99 %.1f ms, "
                             "failures %d\n",
                             smallEvents, double(smallEvents) / small.seconds,
                             percentile(small.latencies, 0.5), percentile(small.latencies, 0.99),
                             small.failures);
    out.flush();
    service.stop();
    return 0;
}
