// SPDX-License-Identifier: MIT
#pragma once

/// Gives the calling thread (and the threads it starts afterwards, which inherit it) a lower
/// CPU priority than the GUI thread: on Linux a nice value \a steps above its current one,
/// per thread. QThread::setPriority() cannot do this for normal threads on Linux (their
/// scheduling policy has one priority only). With two cores and a worker that keeps both busy
/// (the lead table's sort), the GUI thread otherwise waits for a core before it can paint.
/// Elsewhere, or when the system refuses, nothing changes.
void lowerCurrentThreadPriority(int steps = 5);
