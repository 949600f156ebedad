// SPDX-License-Identifier: MIT
#include "ingest/deliveryinfo.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

QString DeliveryInfo::logLine() const
{
    const QString time = QDateTime::fromMSecsSinceEpoch(receivedAtMs, Qt::UTC)
                             .toString(Qt::ISODateWithMs);
    QString line = time % u' ' % QString::number(status) % u' ' % verdict % u' '
                   % (eventType.isEmpty() ? u"-"_s : eventType) % u' '
                   % (eventId.isEmpty() ? u"-"_s : eventId) % u" leads="_s
                   % QString::number(leadCount) % u" peer="_s % peer;
    if (!detail.isEmpty())
        line += u" ("_s % detail % u')';
    return line;
}
