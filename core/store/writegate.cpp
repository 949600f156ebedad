// SPDX-License-Identifier: MIT
#include "store/writegate.h"

void WriteGate::lock(Writer writer)
{
    std::unique_lock lock(m_mutex);
    if (writer == Writer::Acknowledgement) {
        m_acksWaitingHint = ++m_acksWaiting;
        m_released.wait(lock, [this] { return !m_held; });
        m_acksWaitingHint = --m_acksWaiting;
    } else {
        m_released.wait(lock, [this] { return !m_held && m_acksWaiting == 0; });
    }
    m_held = true;
}

void WriteGate::unlock()
{
    {
        std::lock_guard lock(m_mutex);
        m_held = false;
    }
    m_released.notify_all();
}
