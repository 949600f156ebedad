// SPDX-License-Identifier: MIT
#pragma once

#include "exitcodes.h"

#include <QSqlDatabase>
#include <QStringList>

class QTextStream;
struct SendPilotClientConfig;

/// `leadviewer sendpilot fetch CAMPAIGN_ID...` once its options are read: fetches each campaign
/// (CampaignFetcher) into \a db's log and projects it, one line per campaign on \a out. Returns
/// Ok, Database (a page could not be stored), AuthRefused (401/403: the others are not tried)
/// or Api (the API or the network failed for a campaign; the others are still fetched).
ExitCode runSendPilotFetch(const SendPilotClientConfig &config, QSqlDatabase &db,
                           const QStringList &campaignIds, QTextStream &out, QTextStream &err);
