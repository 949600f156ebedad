// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

class LeadTableModel;
class QTableView;
class QTextStream;

/// bench_viewer's scenarios for the lead table's sort in the user's language (issue 11 items
/// 12 and 14), kept apart from the program's other scenarios.
namespace BenchViewerSort {

/// Every text column sorted cold in \a locale (ICU collation keys), both orders: the median of
/// \a runs, with the resident memory after, against a target of 1 s.
void localeSort(LeadTableModel &model, QTableView &view, const QString &locale, int runs,
                QTextStream &out);

/*!
    The live scenario: a copy of the database at \a path, a real IngestService on a loopback
    port, a table sorted by name and refreshed as the window does (at most every 250 ms on
    storeChanged), and \a events signed webhooks of 2,500 leads posted every 0.5 s from another
    thread. Prints the median and longest interval between visible updates of the count and
    rows, and the delay from each post to its leads being shown. False on a setup failure.
*/
bool liveSorted(const QString &path, const QString &locale, int events, QTextStream &out);

} // namespace BenchViewerSort
