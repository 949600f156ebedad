// SPDX-License-Identifier: MIT
#include "sendpilotfetch.h"

#include "ingest/campaignfetcher.h"
#include "sendpilot/sendpilotclient.h"
#include "store/apicalllog.h"
#include "store/eventstore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QSqlQuery>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("SendPilotCommand", text, nullptr, n);
}

// What the store holds for the campaign once its pages are projected.
qint64 storedLeads(const QSqlDatabase &db, const QString &campaignId)
{
    QSqlQuery query(db);
    query.prepare(u"SELECT lead_count FROM campaigns WHERE campaign_id = ?"_s);
    query.addBindValue(campaignId);
    return query.exec() && query.next() ? query.value(0).toLongLong() : 0;
}

} // namespace

ExitCode runSendPilotFetch(const SendPilotClientConfig &config, QSqlDatabase &db,
                           const QStringList &campaignIds, QTextStream &out, QTextStream &err)
{
    SendPilotClient client;
    client.setConfig(config);
    QList<ApiCallRecord> records;
    QObject::connect(&client, &SendPilotClient::callRecorded, &client,
                     [&records](const ApiCallRecord &record) { records.append(record); });
    QObject::connect(&client, &SendPilotClient::retryScheduled, &client,
                     [&err](const QString &path, int attempt, qint64 delayMs, ApiVerdict) {
                         err << tr("%1: retrying (attempt %2) in %3 s…")
                                    .arg(path)
                                    .arg(attempt)
                                    .arg(double(delayMs) / 1000.0)
                             << '\n';
                         err.flush();
                     });

    EventStore store(db);
    CampaignFetcher fetcher(&client, CampaignFetcher::storeSink(&store));
    ExitCode code = ExitCode::Ok;
    for (const QString &id : campaignIds) {
        FetchReport report;
        QEventLoop loop;
        QObject::connect(&fetcher, &CampaignFetcher::finished, &loop,
                         [&report, &loop](const FetchReport &r) {
                             report = r;
                             loop.quit();
                         });
        fetcher.fetch(id);
        loop.exec();
        QString recordError;
        if (!ApiCallLog::append(db, records, &recordError)) {
            err << "leadviewer sendpilot: "
                << tr("Cannot record the API calls: %1").arg(recordError) << '\n';
        }
        records.clear();
        if (report.ok()) {
            out << tr("%1: %2; %n result page(s) read, %3 leads (%4 page(s) new to the "
                      "database); the campaign now has %5 leads",
                      report.pages)
                       .arg(id, report.status.isEmpty() ? tr("status unknown") : report.status)
                       .arg(report.leads)
                       .arg(report.newPages)
                       .arg(storedLeads(db, id))
                << '\n';
            out.flush();
            continue;
        }
        err << "leadviewer sendpilot: " << id << ": " << report.message << '\n';
        err.flush();
        if (report.storeFailed)
            return ExitCode::Database;
        if (isAuthRefusal(report.verdict))
            return ExitCode::AuthRefused; // the same key would be refused for the others
        code = ExitCode::Api;
    }
    return code;
}
