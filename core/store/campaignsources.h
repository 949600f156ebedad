// SPDX-License-Identifier: MIT
#pragma once

#include <QSqlDatabase>
#include <QStringList>

/// The ways a campaign came in, the bits of campaigns.sources (schema v7).
namespace CampaignSources {
inline constexpr int Webhook = 1; ///< a lead_extractor.job.completed webhook (or its file)
inline constexpr int Api = 2; ///< the SendPilot API's status or results

/// SQL over a campaigns row (alias c) that is 1 when the campaign is incomplete: its results
/// were not read from the API to the end, and either no webhook brought it (the API alone
/// knows it, or only its status) or the webhook held fewer leads than it said it extracted.
/// The one definition, for the campaign list and the automatic fetch.
inline constexpr char IncompleteSql[]
    = "(c.results_complete = 0 AND CASE WHEN c.sources & 1 THEN c.lead_count < c.leads_extracted"
      " ELSE 1 END)";

/// The campaign ids of every incomplete campaign in \a db, oldest received first: what the
/// catch-up fetches (the window's automatic fetch, `leadviewer sendpilot sync`). Empty with
/// \a error when the query fails.
QStringList incompleteCampaignIds(const QSqlDatabase &db, QString *error);
} // namespace CampaignSources
