// SPDX-License-Identifier: MIT
#pragma once

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringView>

namespace SendPilotApi {
Q_NAMESPACE

/// What became of one exchange with the SendPilot API, as the api_calls table records it. Code
/// compares these; the stored names are converted in one place (apiVerdictName,
/// apiVerdictFromName).
enum class ApiVerdict {
    Unknown, ///< a stored name this build does not know; never written
    Ok, ///< 2xx with a body that reads as expected
    AuthRefused, ///< 401: missing, invalid or revoked key
    Forbidden, ///< 403: a key of another workspace, or no permission
    RateLimited, ///< 429: retried after Retry-After (60 s when absent)
    ServerError, ///< 5xx: retried with backoff
    ClientError, ///< any other 4xx: not retried
    Timeout, ///< no complete answer within the transfer timeout: retried
    NetworkError, ///< connection refused, host not found, reset...: retried
    BadResponse, ///< 2xx whose body is not the JSON expected: not retried
};
Q_ENUM_NS(ApiVerdict)

} // namespace SendPilotApi

using SendPilotApi::ApiVerdict;

/// The name kept in api_calls.verdict ("ok", "auth_refused", ...); empty for Unknown.
QString apiVerdictName(ApiVerdict verdict);
/// The verdict stored as \a name; Unknown for a name this build does not know.
ApiVerdict apiVerdictFromName(QStringView name);
/// The verdict as a person reads it, translated.
QString apiVerdictLabel(ApiVerdict verdict);
/// Whether a call that ended so is tried again (network, timeout, 5xx, 429).
bool isRetryable(ApiVerdict verdict);
/// Whether SendPilot refused the key itself (401, 403): exit code 5 on the command line.
bool isAuthRefusal(ApiVerdict verdict);

/*!
    One HTTP exchange with the SendPilot API (one attempt of a call), as recorded in the store
    and shown in the "API calls" view. It holds no header and no body: the API key cannot reach
    the store through it. \c detail is text for the user (SendPilot's message, the network
    error), with any occurrence of the key replaced by the client before it is set.
*/
struct ApiCallRecord
{
    qint64 startedAtMs = 0; ///< UTC milliseconds since the epoch
    QString method; ///< "GET"
    QString path; ///< "/v1/credits", with the query, without scheme and host
    int status = 0; ///< HTTP status, 0 when none came
    qint64 durationMs = 0;
    ApiVerdict verdict = ApiVerdict::Unknown;
    int attempt = 1; ///< 1 for the first try of a call, 2 for its first retry...
    QString detail;
};
Q_DECLARE_METATYPE(ApiCallRecord)
