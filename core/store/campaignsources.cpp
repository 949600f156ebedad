// SPDX-License-Identifier: MIT
#include "store/campaignsources.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {
QStringList campaignIdsWhere(const QSqlDatabase &db, QLatin1StringView condition, QString *error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(
            u"SELECT c.campaign_id FROM campaigns c WHERE %1 ORDER BY c.received_at, c.id"_s.arg(
                condition))) {
        if (error)
            *error = query.lastError().text();
        return {};
    }
    QStringList ids;
    while (query.next())
        ids.append(query.value(0).toString());
    return ids;
}
} // namespace

QStringList CampaignSources::incompleteCampaignIds(const QSqlDatabase &db, QString *error)
{
    // A campaign whose event is still being projected has a lead count short of its total
    // only until the projector finishes it: not a reason to fetch it again.
    static const QByteArray condition = QByteArray(IncompleteSql)
        + " AND NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = c.event_id"
          " AND e.projection = 'pending')";
    return campaignIdsWhere(db, QLatin1StringView(condition), error);
}

QStringList CampaignSources::runningCampaignIds(const QSqlDatabase &db, QString *error)
{
    return campaignIdsWhere(db, QLatin1StringView(RunningSql), error);
}

bool CampaignSources::isComplete(const QSqlDatabase &db, const QString &campaignId)
{
    QSqlQuery query(db);
    query.prepare(u"SELECT NOT %1 FROM campaigns c WHERE c.campaign_id = ?"_s.arg(
        QLatin1StringView(IncompleteSql)));
    query.addBindValue(campaignId);
    return query.exec() && query.next() && query.value(0).toInt() != 0;
}

CampaignSource CampaignSources::sourceOf(const QSqlDatabase &db, const QString &campaignId)
{
    QSqlQuery query(db);
    query.prepare(u"SELECT source FROM campaigns WHERE campaign_id = ?"_s);
    query.addBindValue(campaignId);
    if (query.exec() && query.next() && query.value(0).toInt() == int(CampaignSource::LeadDatabase))
        return CampaignSource::LeadDatabase;
    return CampaignSource::LeadExtractor;
}
