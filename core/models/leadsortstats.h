// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

/// How the lead table's worker made its sorted orders (tests, benchmarks).
struct LeadSortStats
{
    quint64 fullSorts = 0; ///< orders of every lead computed from scratch
    quint64 merges = 0; ///< kept orders brought up to date with newer leads
    quint64 mergedRows = 0; ///< leads put into kept orders that way
};
