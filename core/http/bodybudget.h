// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

/// The bytes of request bodies that all connections of one server may hold at once.
/// Single-threaded: used on the server's thread only.
class BodyBudget final
{
public:
    explicit BodyBudget(qint64 limit);

    /// Counts \a bytes more; false (and nothing counted) when that would pass the limit.
    bool reserve(qint64 bytes);
    void release(qint64 bytes);
    void setLimit(qint64 limit);
    qint64 used() const { return m_used; }

private:
    qint64 m_limit;
    qint64 m_used = 0;
};
