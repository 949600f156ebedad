// SPDX-License-Identifier: MIT
// Ingest benchmark: the receiver (IngestService: server, endpoint and store on their own thread,
// as in `leadviewer --headless`) on a file database in a temporary folder, fed signed events by
// keep-alive clients in this thread. Prints median and p99 acknowledgement latency, leads/s and
// events/s. Every 200 counted here was sent only after the event's COMMIT returned.
//
//   bench_ingest [--quick]
#include "ingest/ingestservice.h"
#include "sendpilot/sampleevents.h"
#include "webhook/signatureverifier.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <deque>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {
const QByteArray Secret = "bench-secret";

QByteArray request(const QByteArray &body)
{
    const QByteArray signature = SignatureVerifier::sign(Secret, body,
                                                         QDateTime::currentSecsSinceEpoch());
    return "POST /webhooks/sendpilot HTTP/1.1\r\nHost: 127.0.0.1\r\n"
           "Content-Type: application/json\r\nWebhook-Signature: "
           + signature + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n"
           + body;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t index = std::min(values.size() - 1, size_t(p * double(values.size() - 1) + 0.5));
    return values[index];
}

/// One keep-alive connection sending its requests one after another (closed loop).
class Client
{
public:
    Client(quint16 port, std::deque<QByteArray> requests, std::vector<double> *latencies,
           int *failures, int *pendingClients)
        : m_requests(std::move(requests))
        , m_latencies(latencies)
        , m_failures(failures)
        , m_pendingClients(pendingClients)
    {
        QObject::connect(&m_socket, &QTcpSocket::connected, &m_socket, [this] { sendNext(); });
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] { onReadyRead(); });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }

private:
    void sendNext()
    {
        if (m_requests.empty()) {
            --*m_pendingClients;
            m_socket.disconnectFromHost();
            return;
        }
        m_timer.start();
        m_socket.write(m_requests.front());
        m_requests.pop_front();
    }

    void onReadyRead()
    {
        m_buffer += m_socket.readAll();
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const qsizetype cl = m_buffer.indexOf("Content-Length: ");
        const qsizetype length = cl >= 0 && cl < end
                                     ? m_buffer.mid(cl + 16, m_buffer.indexOf('\r', cl) - cl - 16)
                                           .toLongLong()
                                     : 0;
        if (m_buffer.size() < end + 4 + length)
            return;
        const bool ok = m_buffer.startsWith("HTTP/1.1 200");
        m_latencies->push_back(double(m_timer.nsecsElapsed()) / 1e6);
        if (!ok)
            ++*m_failures;
        m_buffer.remove(0, end + 4 + length);
        sendNext();
    }

    QTcpSocket m_socket;
    std::deque<QByteArray> m_requests;
    std::vector<double> *m_latencies;
    int *m_failures;
    int *m_pendingClients;
    QElapsedTimer m_timer;
    QByteArray m_buffer;
};

struct RunResult
{
    std::vector<double> latencies;
    int failures = 0;
    double seconds = 0;
};

RunResult run(quint16 port, const std::vector<std::deque<QByteArray>> &perClient)
{
    RunResult result;
    int pending = int(perClient.size());
    std::vector<std::unique_ptr<Client>> clients;
    QElapsedTimer wall;
    wall.start();
    for (const auto &requests : perClient)
        clients.push_back(std::make_unique<Client>(port, requests, &result.latencies,
                                                   &result.failures, &pending));
    while (pending > 0)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    result.seconds = double(wall.nsecsElapsed()) / 1e9;
    return result;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const bool quick = app.arguments().contains(u"--quick"_s);
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
    out << "receiver on " << service.url().toString() << ", database " << config.databasePath
        << " (WAL, synchronous=FULL)\n\n";

    struct Size
    {
        int leads;
        int events;
    };
    const std::vector<Size> sizes = quick ? std::vector<Size>{{100, 5}, {2500, 5}, {10000, 2}}
                                          : std::vector<Size>{{100, 40}, {2500, 30}, {10000, 10}};
    int eventNumber = 0;
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

    const int connections = 16;
    const int smallEvents = quick ? 800 : 8000;
    std::vector<std::deque<QByteArray>> perClient(connections);
    static const char *const types[] = {"message.sent", "reply.received", "connection.sent",
                                        "connection_request.accepted", "lead.updated",
                                        "campaign.paused"};
    for (int i = 0; i < smallEvents; ++i) {
        const QByteArray body = SampleEvents::activity(u"evt_small_%1"_s.arg(i),
                                                       QString::fromLatin1(types[i % 6]),
                                                       quint32(i));
        perClient[size_t(i % connections)].push_back(request(body));
    }
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
