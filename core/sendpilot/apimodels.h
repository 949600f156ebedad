// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QMetaType>
#include <QString>

#include <optional>

/*!
    What the SendPilot API answers, read from its JSON. A field the answer does not hold (or
    holds with the wrong type) stays unset: shown as unknown, never invented (a missing
    "remaining" is not computed from balance and used). Reference: sendpilot-webhooks.md §4.
*/
namespace SendPilotApi {

/// GET /v1/credits (§4.5): {"globalCredits":{"balance","used","remaining"},
/// "leadDatabase":{"quota","used","remaining"}}.
struct Credits
{
    /// The one pool every Lead Extractor operation (extraction and enrichment) draws on.
    std::optional<double> balance;
    std::optional<double> used;
    std::optional<double> remaining;
    /// The Lead Database search quota.
    std::optional<double> leadQuota;
    std::optional<double> leadUsed;
    std::optional<double> leadRemaining;

    friend bool operator==(const Credits &, const Credits &) = default;
};

/// The credits in \a body, or nullopt with \a error saying what was wrong: not JSON, not an
/// object, or no "globalCredits" object (the one part the docs' example always has). Missing
/// numbers inside are left unset.
std::optional<Credits> parseCredits(const QByteArray &body, QString *error);

/// SendPilot's own words from an error body ({"statusCode":401,"message":"Invalid API key",
/// "error":"Unauthorized"}, §4.1): "message" (a list of messages joined with "; "), else
/// "error"; empty when the body holds neither.
QString errorMessage(const QByteArray &body);

/// RFC 9110 §10.2.3: Retry-After is delay-seconds or an HTTP-date. Milliseconds to wait from
/// \a now, or nullopt when \a value is empty or neither form. A date in the past waits 0.
std::optional<qint64> parseRetryAfter(const QByteArray &value, const QDateTime &now);

} // namespace SendPilotApi

Q_DECLARE_METATYPE(SendPilotApi::Credits)
