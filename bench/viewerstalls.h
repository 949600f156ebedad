// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

/// bench_viewer's GUI-thread stall scenario (see viewerstalls.cpp): over the database at \a path,
/// \a runs times, search, sort, the export dialog and a large delivery (\a deliveryLeads leads)
/// in the Deliveries inspector. Prints per action the median and max of the longest gap of a
/// 5 ms heartbeat timer on the GUI thread.
void measureGuiStalls(const QString &path, int runs, int deliveryLeads);
