// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QStringList>
#include <QUrl>

namespace TestSupport {

/// The real `leadviewer` binary as a headless receiver on a free loopback port: started,
/// read until it says where it listens, stopped with SIGTERM or killed with SIGKILL. Its
/// standard error (the receiver's log) is collected as it comes.
class ReceiverProcess
{
public:
    ReceiverProcess();
    /// Kills the receiver if it still runs.
    ~ReceiverProcess();
    Q_DISABLE_COPY_MOVE(ReceiverProcess)

    /// The binary of this build.
    static QString binary();

    /// For what start() does not cover: the environment, exit code and status, the pid.
    QProcess &process() { return m_process; }

    /// Keeps at most about \a bytes of the log, the newest (0, the default: all of it).
    void setLogLimit(qsizetype bytes) { m_logLimit = bytes; }

    /// Runs `leadviewer --headless --listen 127.0.0.1:0` with \a arguments after those, and
    /// waits up to \a timeoutMs for its "listening on" line. Throws CheckFailed with the log if
    /// it does not start, exits or does not listen in time. The log starts empty.
    void start(const QStringList &arguments, int timeoutMs = 20000);

    bool running() const { return m_process.state() == QProcess::Running; }
    /// Where it listens, from its log line (the port is the one the system gave).
    QUrl url() const { return m_url; }
    quint16 port() const { return quint16(m_url.port()); }

    /// Everything it logged so far (read now), or its newest part under a log limit.
    QByteArray log();
    /// Waits up to \a timeoutMs until the log contains \a text.
    bool waitForLog(const QByteArray &text, int timeoutMs = 5000);

    /// SIGTERM; true once it has ended within \a timeoutMs (then see process().exitCode()),
    /// false also when it was not running.
    bool terminate(int timeoutMs = 20000);
    /// SIGTERM; true if it ended within \a timeoutMs, normally, with exit code 0.
    bool stopsCleanly(int timeoutMs = 20000);
    /// SIGKILL, and waits until it is gone.
    void kill();

private:
    void drain();

    QProcess m_process;
    QByteArray m_log;
    qsizetype m_logLimit = 0;
    QUrl m_url;
};

} // namespace TestSupport
