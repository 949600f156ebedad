// SPDX-License-Identifier: MIT
#include "common/threadpriority.h"

#include <QtGlobal>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#endif

void lowerCurrentThreadPriority(int steps)
{
#ifdef Q_OS_LINUX
    // PRIO_PROCESS with a thread id sets that thread's nice value alone (setpriority(2),
    // "the nice value is a per-thread attribute" on Linux).
    const auto thread = id_t(syscall(SYS_gettid));
    errno = 0;
    const int current = getpriority(PRIO_PROCESS, thread);
    if (errno == 0)
        setpriority(PRIO_PROCESS, thread, qMin(current + steps, 19));
#else
    Q_UNUSED(steps);
#endif
}
