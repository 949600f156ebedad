// SPDX-License-Identifier: MIT
#include "receiverprocess.h"

#include "checks.h"

#include <QRegularExpression>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;

namespace TestSupport {

ReceiverProcess::ReceiverProcess()
{
    QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process,
                     [this] { drain(); });
}

ReceiverProcess::~ReceiverProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString ReceiverProcess::binary()
{
    return QStringLiteral(LEADVIEWER_BINARY_DIR "/app/leadviewer");
}

void ReceiverProcess::start(const QStringList &arguments, int timeoutMs)
{
    m_log.clear();
    m_url.clear();
    m_process.start(binary(),
                    QStringList {u"--headless"_s, u"--listen"_s, u"127.0.0.1:0"_s} + arguments);
    VERIFY2_OR_THROW(m_process.waitForStarted(timeoutMs),
                     u"cannot start the receiver: "_s + m_process.errorString());
    static const QRegularExpression listening(
        u"listening on (http://127\\.0\\.0\\.1:\\d+/\\S*)\\n"_s); // the whole line
    const bool ended = QTest::qWaitFor(
        [&] {
            drain();
            const QRegularExpressionMatch match = listening.match(QString::fromUtf8(m_log));
            if (match.hasMatch())
                m_url = QUrl(match.captured(1));
            return m_url.isValid() || m_process.state() == QProcess::NotRunning;
        },
        timeoutMs);
    VERIFY2_OR_THROW(ended && m_url.isValid() && m_url.port() > 0,
                     u"the receiver did not start listening: "_s + QString::fromUtf8(m_log));
}

QByteArray ReceiverProcess::log()
{
    drain();
    return m_log;
}

bool ReceiverProcess::waitForLog(const QByteArray &text, int timeoutMs)
{
    return QTest::qWaitFor([&] { return log().contains(text); }, timeoutMs);
}

bool ReceiverProcess::terminate(int timeoutMs)
{
    if (m_process.state() == QProcess::NotRunning)
        return false; // it ended by itself: that is no stop (and pid 0 would be our group)
    ::kill(pid_t(m_process.processId()), SIGTERM);
    const bool ended = m_process.waitForFinished(timeoutMs);
    drain();
    return ended;
}

bool ReceiverProcess::stopsCleanly(int timeoutMs)
{
    return terminate(timeoutMs) && m_process.exitStatus() == QProcess::NormalExit
        && m_process.exitCode() == 0;
}

void ReceiverProcess::kill()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    ::kill(pid_t(m_process.processId()), SIGKILL);
    m_process.waitForFinished(10000);
    drain();
}

void ReceiverProcess::drain()
{
    m_log += m_process.readAllStandardError();
    // The receiver logs a line per delivery: under a limit only the newest part is kept.
    if (m_logLimit > 0 && m_log.size() > 4 * m_logLimit)
        m_log = m_log.right(m_logLimit);
}

} // namespace TestSupport
