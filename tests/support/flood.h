// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QMap>

#include <memory>

namespace TestSupport {

/// What a flood got back.
struct FloodResult
{
    qint64 sent = 0; ///< requests written whole
    qint64 answered = 0; ///< complete responses read
    QMap<int, qint64> statuses; ///< responses by status code
    double seconds = 0; ///< from start() until the last connection was done
};

/*!
    Many copies of one request, pipelined over several keep-alive loopback connections, each
    on a thread of its own with a non-blocking POSIX socket (a Qt client costs more CPU than the
    receiver it measures on a two-core machine). Every answer is read and counted. For the
    flood smoke test and bench_flood.
*/
class Flood
{
public:
    Flood(quint16 port, QByteArray request, qint64 total, int connections);
    ~Flood(); ///< waits for the threads
    Q_DISABLE_COPY_MOVE(Flood)

    void start();
    /// Blocks until every connection has sent its share and read its answers (or failed).
    FloodResult wait();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace TestSupport
