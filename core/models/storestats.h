// SPDX-License-Identifier: MIT
#pragma once

#include "store/eventstore.h"

#include <QSqlDatabase>

namespace StoreStats {
/// Campaign, lead and event counts for the window's live summary. Cheap at any size: leads are
/// summed from the per-campaign counts the store maintains, not counted row by row.
StoreCounts read(const QSqlDatabase &db);
/// When the newest stored event (received or imported) arrived, epoch ms; 0 when none.
qint64 lastEventReceivedAtMs(const QSqlDatabase &db);
} // namespace StoreStats
