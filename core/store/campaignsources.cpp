// SPDX-License-Identifier: MIT
#include "store/campaignsources.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

QStringList CampaignSources::incompleteCampaignIds(const QSqlDatabase &db, QString *error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(
            // A campaign whose event is still being projected has a lead count short of its
            // total only until the projector finishes it: not a reason to fetch it again.
            u"SELECT c.campaign_id FROM campaigns c WHERE %1 AND NOT EXISTS (SELECT 1 FROM "
            "events e WHERE e.event_id = c.event_id AND e.projection = 'pending') "
            "ORDER BY c.received_at, c.id"_s.arg(QLatin1StringView(IncompleteSql)))) {
        if (error)
            *error = query.lastError().text();
        return {};
    }
    QStringList ids;
    while (query.next())
        ids.append(query.value(0).toString());
    return ids;
}
