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
            u"SELECT c.campaign_id FROM campaigns c WHERE %1 ORDER BY c.received_at, c.id"_s.arg(
                QLatin1StringView(IncompleteSql)))) {
        if (error)
            *error = query.lastError().text();
        return {};
    }
    QStringList ids;
    while (query.next())
        ids.append(query.value(0).toString());
    return ids;
}
