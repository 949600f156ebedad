// SPDX-License-Identifier: MIT
#pragma once

#include "sendpilot/event.h"

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

/// SQL over a campaigns row (alias c) that is 1 while the campaign is still running as far as
/// the store knows: incomplete, no webhook came, and the API's last status is not over
/// (FINISHED, "completed", FAILED) or there is none yet (a launch recorded, no status read).
/// Such campaigns are polled (CampaignTracker) rather than fetched; a Lead Database search
/// (campaigns.source 1) at its own status endpoint.
inline constexpr char RunningSql[]
    = "(c.results_complete = 0 AND NOT c.sources & 1"
      " AND upper(c.api_status) NOT IN ('FINISHED', 'COMPLETED', 'FAILED'))";

/// The campaign ids of every running campaign (RunningSql) in \a db, oldest received first.
QStringList runningCampaignIds(const QSqlDatabase &db, QString *error);

/// Which kind of source \a campaignId is in \a db (campaigns.source, schema v12): a Lead
/// Database search, or a Lead Extractor campaign (also when it is not stored or the query
/// fails).
CampaignSource sourceOf(const QSqlDatabase &db, const QString &campaignId);

/// Whether \a campaignId is in \a db and not incomplete (IncompleteSql): what a webhook may
/// have delivered during a launched campaign's grace. False when the query fails.
bool isComplete(const QSqlDatabase &db, const QString &campaignId);
} // namespace CampaignSources
