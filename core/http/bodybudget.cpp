// SPDX-License-Identifier: MIT
#include "http/bodybudget.h"

BodyBudget::BodyBudget(qint64 limit)
    : m_limit(limit)
{ }

bool BodyBudget::reserve(qint64 bytes)
{
    if (bytes > m_limit - m_used)
        return false;
    m_used += bytes;
    return true;
}

void BodyBudget::release(qint64 bytes)
{
    m_used -= bytes;
}

void BodyBudget::setLimit(qint64 limit)
{
    m_limit = limit;
}
