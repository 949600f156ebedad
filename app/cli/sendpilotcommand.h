// SPDX-License-Identifier: MIT
#pragma once

#include "exitcodes.h"

#include <QStringList>

class QTextStream;

/*!
    `leadviewer sendpilot credits [--json] [--api-base URL] [--api-key-file FILE] [--db FILE]
    [--config FILE] [--timeout SECONDS] [--retries N]`
    `leadviewer sendpilot fetch CAMPAIGN_ID... [the same options but --json]`: each campaign's
    status and results into the database's log, projected before it returns.

    \a args exclude the program name and the word "sendpilot". The key comes from
    --api-key-file, else SENDPILOT_API_KEY, else the one saved in Settings (keychain or settings
    file); the base URL from --api-base, else Settings. Every exchange is recorded in the
    database's api_calls. Results go to \a out, messages to \a err. Returns Ok, Usage (bad
    option, no key), Database (cannot open the database), AuthRefused (401/403) or Api (the API
    or the network failed).
*/
ExitCode runSendPilotCommand(const QStringList &args, QTextStream &out, QTextStream &err);
