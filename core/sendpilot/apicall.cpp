// SPDX-License-Identifier: MIT
#include "sendpilot/apicall.h"

#include <QCoreApplication>

#include <array>

namespace {

struct VerdictInfo
{
    ApiVerdict verdict;
    QStringView name; ///< stored in api_calls.verdict
    const char *label; ///< shown, translated in the "ApiVerdict" context
};

// The one table of API verdicts. The names are data in existing stores: never rename one.
constexpr std::array<VerdictInfo, 9> Verdicts = {{
    {ApiVerdict::Ok, u"ok", QT_TRANSLATE_NOOP("ApiVerdict", "OK")},
    {ApiVerdict::AuthRefused, u"auth_refused", QT_TRANSLATE_NOOP("ApiVerdict", "Key refused")},
    {ApiVerdict::Forbidden, u"forbidden", QT_TRANSLATE_NOOP("ApiVerdict", "Not permitted")},
    {ApiVerdict::RateLimited, u"rate_limited", QT_TRANSLATE_NOOP("ApiVerdict", "Rate limited")},
    {ApiVerdict::ServerError, u"server_error", QT_TRANSLATE_NOOP("ApiVerdict", "Server error")},
    {ApiVerdict::ClientError, u"client_error", QT_TRANSLATE_NOOP("ApiVerdict", "Request refused")},
    {ApiVerdict::Timeout, u"timeout", QT_TRANSLATE_NOOP("ApiVerdict", "Timed out")},
    {ApiVerdict::NetworkError, u"network_error", QT_TRANSLATE_NOOP("ApiVerdict", "Network error")},
    {ApiVerdict::BadResponse, u"bad_response", QT_TRANSLATE_NOOP("ApiVerdict", "Bad response")},
}};

const VerdictInfo *find(ApiVerdict verdict)
{
    for (const VerdictInfo &info : Verdicts) {
        if (info.verdict == verdict)
            return &info;
    }
    return nullptr;
}

} // namespace

QString apiVerdictName(ApiVerdict verdict)
{
    const VerdictInfo *info = find(verdict);
    return info ? info->name.toString() : QString();
}

ApiVerdict apiVerdictFromName(QStringView name)
{
    for (const VerdictInfo &info : Verdicts) {
        if (info.name == name)
            return info.verdict;
    }
    return ApiVerdict::Unknown;
}

QString apiVerdictLabel(ApiVerdict verdict)
{
    const VerdictInfo *info = find(verdict);
    return info ? QCoreApplication::translate("ApiVerdict", info->label)
                : QCoreApplication::translate("ApiVerdict", "Unknown");
}

bool isRetryable(ApiVerdict verdict)
{
    switch (verdict) {
    case ApiVerdict::RateLimited:
    case ApiVerdict::ServerError:
    case ApiVerdict::Timeout:
    case ApiVerdict::NetworkError:
        return true;
    case ApiVerdict::Unknown:
    case ApiVerdict::Ok:
    case ApiVerdict::AuthRefused:
    case ApiVerdict::Forbidden:
    case ApiVerdict::ClientError:
    case ApiVerdict::BadResponse:
        break;
    }
    return false;
}

bool isAuthRefusal(ApiVerdict verdict)
{
    return verdict == ApiVerdict::AuthRefused || verdict == ApiVerdict::Forbidden;
}
