// SPDX-License-Identifier: MIT
#pragma once

#include "exitcodes.h"

#include <QSqlDatabase>

class QTextStream;
struct SendPilotClientConfig;
namespace SendPilotApi {
struct LaunchRequest;
}

/*!
    `leadviewer sendpilot launch` once its options are read and \a request checked: POSTs the
    campaign (CampaignLauncher), records it in \a db and says its id. With \a wait, polls its
    status (CampaignTracker: at once, then after \a firstPollMs doubling to 60 s), one line per
    change of status or progress, and once it is FINISHED fetches its leads at once (the command
    line has no webhook to wait for; one a receiver on the same database brought is not fetched
    again). Returns Ok, Database (it could not be recorded), AuthRefused (401/403) or Api (the
    API or the network failed, or SendPilot said FAILED).
*/
ExitCode runSendPilotLaunch(const SendPilotClientConfig &config, QSqlDatabase &db,
                            const SendPilotApi::LaunchRequest &request, bool wait, int firstPollMs,
                            QTextStream &out, QTextStream &err);
