// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>

/*!
    Orders the process's two SQLite writers: the acknowledging writer (event log) and the
    projector. SQLite lets one write transaction run at a time, and a writer that finds the lock
    taken polls with growing sleeps; a projector that commits chunk after chunk could make an
    acknowledgement wait through many of them. Each writer holds the gate around its write
    transaction, and a waiting acknowledgement goes before the projector's next chunk, so it
    waits at most for the one chunk in progress. Other processes (a `leadviewer import`) still
    meet SQLite's busy timeout.
*/
class WriteGate
{
public:
    enum class Writer { Acknowledgement, Projection };

    void lock(Writer writer);
    void unlock();
    /// An acknowledgement waits for the gate: the holder should finish its transaction soon.
    bool acknowledgementWaiting() const
    {
        return m_acksWaitingHint.load(std::memory_order_relaxed) > 0;
    }

    /// Holds the gate for one scope; a null gate holds nothing.
    class Hold
    {
    public:
        Hold(WriteGate *gate, Writer writer)
            : m_gate(gate)
        {
            if (m_gate)
                m_gate->lock(writer);
        }
        ~Hold()
        {
            if (m_gate)
                m_gate->unlock();
        }
        Hold(const Hold &) = delete;
        Hold &operator=(const Hold &) = delete;

    private:
        WriteGate *m_gate;
    };

private:
    std::mutex m_mutex;
    std::condition_variable m_released;
    int m_acksWaiting = 0;
    std::atomic<int> m_acksWaitingHint = 0; ///< m_acksWaiting, readable without the mutex
    bool m_held = false;
};
