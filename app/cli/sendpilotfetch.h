// SPDX-License-Identifier: MIT
#pragma once

#include "exitcodes.h"

#include <QSqlDatabase>
#include <QStringList>

class QTextStream;
struct FetchReport;
struct SendPilotClientConfig;

/// Whose endpoints a fetch asks: what \a db says each id is (a search it holds from the
/// search endpoints, anything else as a Lead Extractor campaign), or every id a Lead Database
/// search (`fetch --search`).
enum class SourceChoice { AsStored, Searches };

/// `leadviewer sendpilot fetch CAMPAIGN_ID...` once its options are read: fetches each campaign
/// (CampaignFetcher) into \a db's log and projects it, one line per campaign on \a out. Returns
/// Ok, Database (a page could not be stored), AuthRefused (401/403: the others are not tried)
/// or Api (the API or the network failed for a campaign; the others are still fetched).
ExitCode runSendPilotFetch(const SendPilotClientConfig &config, QSqlDatabase &db,
                           const QStringList &campaignIds, QTextStream &out, QTextStream &err,
                           SourceChoice sources = SourceChoice::AsStored);

/// `leadviewer sendpilot sync`: the catch-up once (issue 12 item 7). Fetches every incomplete
/// campaign of \a db (CampaignSources::incompleteCampaignIds) as runSendPilotFetch() does, and
/// says what is still incomplete after (a campaign still running). Nothing incomplete: says so,
/// Ok. Returns as runSendPilotFetch(), or Database when the campaigns cannot be read.
ExitCode runSendPilotSync(const SendPilotClientConfig &config, QSqlDatabase &db, QTextStream &out,
                          QTextStream &err);

/// One fetch's line: on \a out when it went well (status, pages, leads, what the campaign has
/// now in \a db), else SendPilot's message on \a err. Returns Ok, Database, AuthRefused or Api.
ExitCode printFetchReport(const QSqlDatabase &db, const FetchReport &report, QTextStream &out,
                          QTextStream &err);
