// SPDX-License-Identifier: MIT
#include "store/deliveryrecord.h"

#include <array>

using namespace Qt::StringLiterals;

namespace {

constexpr QLatin1StringView RedactedValue = "[redacted]"_L1;

// Headers whose values are credentials. Webhook-Signature is an HMAC that, with the body, lets
// anyone test guesses of the secret offline; the rest never come from SendPilot but would be
// just as harmful in the delivery log.
bool isSecretHeader(const QByteArray &name)
{
    static constexpr std::array<QLatin1StringView, 4> Names
        = {"webhook-signature"_L1, "authorization"_L1, "proxy-authorization"_L1, "cookie"_L1};
    const QLatin1StringView view(name.trimmed());
    for (QLatin1StringView secret : Names) {
        if (view.compare(secret, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

QString redactedHeaders(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QString text;
    for (const auto &[name, value] : headers) {
        if (!text.isEmpty())
            text += u'\n';
        text += QString::fromLatin1(name) + u": "_s
            + (isSecretHeader(name) ? QString(RedactedValue) : QString::fromUtf8(value));
    }
    return text;
}
