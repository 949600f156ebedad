// SPDX-License-Identifier: MIT
#include "sendpilotfetch.h"

#include "common/logging.h"
#include "common/plural.h"
#include "ingest/campaignfetcher.h"
#include "sendpilot/apimodels.h"
#include "sendpilot/sendpilotclient.h"
#include "store/apicalllog.h"
#include "store/campaignsources.h"
#include "store/eventstore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QSqlQuery>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SendPilotCommand", text);
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
                           const QStringList &campaignIds, QTextStream &out, QTextStream &err,
                           SourceChoice sources)
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
        fetcher.fetch(id,
                      sources == SourceChoice::Searches ? CampaignSource::LeadDatabase
                                                        : CampaignSources::sourceOf(db, id));
        loop.exec();
        QString recordError;
        if (!ApiCallLog::append(db, records, &recordError)) {
            err << "leadviewer sendpilot: "
                << tr("Cannot record the API calls: %1").arg(recordError) << '\n';
        }
        records.clear();
        const ExitCode one = printFetchReport(db, report, out, err);
        if (one == ExitCode::Database || one == ExitCode::AuthRefused)
            return one; // the same key would be refused for the others
        if (one != ExitCode::Ok)
            code = one;
    }
    return code;
}

ExitCode printFetchReport(const QSqlDatabase &db, const FetchReport &report, QTextStream &out,
                          QTextStream &err)
{
    const QString &id = report.campaignId;
    if (report.ok()) {
        const QString what = report.source == CampaignSource::LeadDatabase
            ? tr("%1: %2; %3 read, %4 (%5 new to the database); the search now has %6")
            : tr("%1: %2; %3 read, %4 (%5 new to the database); the campaign now has %6");
        out << what.arg(id,
                        report.status.isEmpty() ? tr("status unknown") : logSafe(report.status, 40),
                        plural(report.pages, tr("%n result page"), tr("%n result pages")),
                        plural(report.leads, tr("%n lead"), tr("%n leads")),
                        plural(report.newPages, tr("%n page"), tr("%n pages")),
                        plural(storedLeads(db, id), tr("%n lead"), tr("%n leads")))
            << '\n';
        out.flush();
        return ExitCode::Ok;
    }
    // The message may hold SendPilot's own words (or a proxy's): escaped like a log line.
    err << "leadviewer sendpilot: " << logSafe(id, 100) << ": " << logSafe(report.message, 400)
        << '\n';
    err.flush();
    if (report.storeFailed)
        return ExitCode::Database;
    return isAuthRefusal(report.verdict) ? ExitCode::AuthRefused : ExitCode::Api;
}

ExitCode runSendPilotSync(const SendPilotClientConfig &config, QSqlDatabase &db, QTextStream &out,
                          QTextStream &err)
{
    QString error;
    const QStringList incomplete = CampaignSources::incompleteCampaignIds(db, &error);
    if (!error.isEmpty()) {
        err << "leadviewer sendpilot: " << tr("Cannot read the campaigns: %1").arg(error) << '\n';
        err.flush();
        return ExitCode::Database;
    }
    QStringList ids;
    for (const QString &id : incomplete) {
        if (SendPilotApi::isValidCampaignId(id)) {
            ids.append(id);
        } else {
            // A webhook may name a campaign with an id the API's paths cannot carry.
            err << "leadviewer sendpilot: "
                << tr("%1: left alone, not a campaign id the API takes").arg(logSafe(id, 100))
                << '\n';
        }
    }
    if (ids.isEmpty()) {
        out << tr("Nothing to catch up: no campaign in the database is incomplete.") << '\n';
        out.flush();
        return ExitCode::Ok;
    }
    out << plural(ids.size(), tr("%n incomplete campaign to fetch"),
                  tr("%n incomplete campaigns to fetch"))
        << '\n';
    const ExitCode code = runSendPilotFetch(config, db, ids, out, err);
    const QStringList still = CampaignSources::incompleteCampaignIds(db, &error);
    if (!still.isEmpty()) {
        QStringList shown;
        for (const QString &id : still.mid(0, 10))
            shown.append(logSafe(id, 100));
        if (still.size() > shown.size())
            shown.append(u"…"_s);
        out << tr("%1 (running, or not fetched): %2")
                   .arg(plural(still.size(), tr("%n campaign still incomplete"),
                               tr("%n campaigns still incomplete")),
                        shown.join(u", "_s))
            << '\n';
    }
    out.flush();
    return code;
}
