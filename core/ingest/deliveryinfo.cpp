// SPDX-License-Identifier: MIT
#include "ingest/deliveryinfo.h"

#include "common/logging.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

QString DeliveryInfo::logLine() const
{
    const QString time
        = QDateTime::fromMSecsSinceEpoch(receivedAtMs, Qt::UTC).toString(Qt::ISODateWithMs);
    // Event type, id, peer and detail come from the request: escaped, so that none of them can
    // end this line or forge another.
    QString line = time % u' ' % QString::number(status) % u' ' % verdictName(verdict) % u' '
        % (eventType.isEmpty() ? u"-"_s : logSafe(eventType)) % u' '
        % (eventId.isEmpty() ? u"-"_s : logSafe(eventId)) % u" leads="_s
        % QString::number(leadCount) % u" peer="_s % logSafe(peer);
    if (!forwardedFor.isEmpty())
        line += u" client="_s % logSafe(forwardedFor);
    // An event accepted without a signature check says so on every line, not just at start-up.
    if (status >= 200 && status < 300 && !verified)
        line += u" unverified"_s;
    if (!detail.isEmpty())
        line += u" ("_s % logSafe(detail) % u')';
    return line;
}
