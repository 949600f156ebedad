// SPDX-License-Identifier: MIT
#pragma once

class LeadTableModel;
class QString;
class QTableView;

/// bench_viewer's filter scenario: the filter bar's criteria (company, position, location,
/// campaign, enriched, ranges), alone, typed, combined and sorted, each from the unfiltered
/// table to the updated, painted table.
namespace BenchViewerFilters {

void measure(LeadTableModel &model, QTableView &view, int runs);
/// Marks every other lead's person exported (lead_exports) once, so that "Not yet exported"
/// is measured against a history as large as half the store. False with a message on stderr.
bool prepareExportHistory(const QString &path);

} // namespace BenchViewerFilters
