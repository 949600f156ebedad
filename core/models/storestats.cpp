// SPDX-License-Identifier: MIT
#include "models/storestats.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace StoreStats {

StoreCounts read(const QSqlDatabase &db)
{
    StoreCounts counts;
    QSqlQuery query(db);
    if (query.exec(u"SELECT COUNT(*), COALESCE(SUM(lead_count), 0) FROM campaigns"_s)
        && query.next()) {
        counts.campaigns = query.value(0).toLongLong();
        counts.leads = query.value(1).toLongLong();
    }
    if (query.exec(u"SELECT COUNT(*) FROM events"_s) && query.next())
        counts.events = query.value(0).toLongLong();
    if (query.exec(u"SELECT COUNT(*) FROM deliveries"_s) && query.next())
        counts.deliveries = query.value(0).toLongLong();
    return counts;
}

qint64 lastEventReceivedAtMs(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (query.exec(u"SELECT COALESCE(MAX(received_at), 0) FROM events"_s) && query.next())
        return query.value(0).toLongLong();
    return 0;
}

} // namespace StoreStats
