// SPDX-License-Identifier: MIT
#pragma once

class LeadTableModel;
class QTableView;

/// bench_viewer's filter scenario: the filter bar's criteria (company, position, location,
/// campaign, enriched, ranges), alone, typed, combined and sorted, each from the unfiltered
/// table to the updated, painted table.
namespace BenchViewerFilters {

void measure(LeadTableModel &model, QTableView &view, int runs);

} // namespace BenchViewerFilters
