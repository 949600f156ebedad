// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

/// bench_viewer's store: 1,000,000 realistic leads (names, companies, places and headlines
/// from tables with accents and non-Latin text, about 1M distinct headlines), written the way
/// the product writes them.
namespace BenchViewerData {

/*!
    Creates the database at \a path with \a campaigns lead_extractor.job.completed events of
    \a leadsPerCampaign leads each, every one through the product's own ingest path
    (Importer::importBody: the envelope check, the raw body in the event log, then the
    projector). Prints how long it took. False, with the reason on stderr, on a failure.
*/
bool generate(const QString &path, int campaigns, int leadsPerCampaign);

} // namespace BenchViewerData
