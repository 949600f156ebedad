// SPDX-License-Identifier: MIT
#include "common/threadpriority.h"

#include <QTest>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <thread>

namespace {

int niceOfThisThread()
{
    return getpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)));
}

} // namespace

class TestThreadPriority final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lowersTheCallingThreadOnly();
};

void TestThreadPriority::lowersTheCallingThreadOnly()
{
    const int before = niceOfThisThread();
    const int lowered = qMin(before + 3, 19); // 19 is the lowest there is
    int worker = 0, child = 0, workerBefore = 0;
    std::thread thread([&] {
        workerBefore = niceOfThisThread();
        lowerCurrentThreadPriority(3);
        worker = niceOfThisThread();
        // A thread the worker starts (the sort's second reader) inherits its priority.
        std::thread inner([&] { child = niceOfThisThread(); });
        inner.join();
    });
    thread.join();
    QCOMPARE(workerBefore, before);
    QCOMPARE(worker, lowered);
    QCOMPARE(child, lowered);
    QCOMPARE(niceOfThisThread(), before); // the caller of the worker is untouched
}

QTEST_GUILESS_MAIN(TestThreadPriority)
#include "tst_threadpriority.moc"
