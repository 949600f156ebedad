// SPDX-License-Identifier: MIT
#include "ingest/deliveryinfo.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

QString DeliveryInfo::logLine() const
{
    const QString time
        = QDateTime::fromMSecsSinceEpoch(receivedAtMs, Qt::UTC).toString(Qt::ISODateWithMs);
    QString line = time % u' ' % QString::number(status) % u' ' % verdictName(verdict) % u' '
        % (eventType.isEmpty() ? u"-"_s : eventType) % u' ' % (eventId.isEmpty() ? u"-"_s : eventId)
        % u" leads="_s % QString::number(leadCount) % u" peer="_s % peer;
    // An event accepted without a signature check says so on every line, not just at start-up.
    if (status >= 200 && status < 300 && !verified)
        line += u" unverified"_s;
    if (!detail.isEmpty())
        line += u" ("_s % detail % u')';
    return line;
}
