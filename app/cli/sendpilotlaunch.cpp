// SPDX-License-Identifier: MIT
#include "sendpilotlaunch.h"

#include "sendpilotfetch.h"

#include "common/logging.h"
#include "common/plural.h"
#include "ingest/campaignlauncher.h"
#include "ingest/campaigntracker.h"
#include "sendpilot/sendpilotclient.h"
#include "store/apicalllog.h"
#include "store/campaignsources.h"
#include "store/eventstore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SendPilotCommand", text);
}

QString number(const std::optional<qint64> &value)
{
    return value ? QString::number(*value) : tr("unknown");
}

// "RUNNING 45 % (54 extracted, 50 enriched of 120)": what a poll said.
QString progressLine(const SendPilotApi::CampaignStatus &s)
{
    QString line = logSafe(s.status, 40);
    if (s.percentComplete)
        line += u' ' + QString::number(*s.percentComplete, 'f', 0) + u" %"_s;
    return tr("%1 (%2 extracted, %3 enriched of %4)")
        .arg(line, number(s.extracted), number(s.enriched), number(s.requested));
}

QString launchedLine(const LaunchReport &report, const SendPilotApi::LaunchRequest &request)
{
    return tr("Launched %1 “%2”: at most %3, %4, %5.")
        .arg(report.campaignId, logSafe(report.name, 200),
             plural(request.limit, tr("%n lead"), tr("%n leads")),
             request.mode == SendPilotApi::ExtractionMode::WithEnrichment ? tr("with enrichment")
                                                                          : tr("extraction only"),
             plural(request.urls.size(), tr("%n search URL"), tr("%n search URLs")));
}

} // namespace

ExitCode runSendPilotLaunch(const SendPilotClientConfig &config, QSqlDatabase &db,
                            const SendPilotApi::LaunchRequest &request, bool wait, int firstPollMs,
                            QTextStream &out, QTextStream &err)
{
    SendPilotClient client;
    client.setConfig(config);
    QList<ApiCallRecord> records;
    QObject::connect(&client, &SendPilotClient::callRecorded, &client,
                     [&records](const ApiCallRecord &record) { records.append(record); });
    const auto flushRecords = [&] {
        QString error;
        if (!ApiCallLog::append(db, records, &error))
            err << "leadviewer sendpilot: " << tr("Cannot record the API calls: %1").arg(error)
                << '\n';
        records.clear();
    };

    EventStore store(db);
    const CampaignFetcher::Sink sink = CampaignFetcher::storeSink(&store);
    CampaignFetcher fetcher(&client, sink);
    CampaignTracker tracker(&client, &fetcher, sink);
    TrackerTiming timing;
    timing.firstPollMs = firstPollMs;
    timing.graceMs = 0;
    tracker.setTiming(timing);
    tracker.setCompleteCheck(
        [&db](const QString &campaignId) { return CampaignSources::isComplete(db, campaignId); });
    CampaignLauncher launcher(&client, sink, wait ? &tracker : nullptr);

    QEventLoop loop;
    LaunchReport launched;
    QObject::connect(&launcher, &CampaignLauncher::finished, &loop,
                     [&](const LaunchReport &report) {
                         launched = report;
                         if (report.ok()) {
                             // Said at once, before the first poll's line.
                             out << launchedLine(report, request) << '\n';
                             out.flush();
                         }
                         if (!report.ok() || !wait)
                             loop.quit();
                     });
    QString lastLine;
    QObject::connect(&tracker, &CampaignTracker::changed, &loop, [&](const TrackedCampaign &c) {
        if (c.phase != TrackedCampaign::Phase::Polling || !c.status)
            return;
        const QString line = progressLine(*c.status);
        if (line != lastLine)
            out << c.campaignId << ": " << line << '\n';
        out.flush();
        lastLine = line;
    });
    std::optional<FetchReport> fetched;
    QObject::connect(&fetcher, &CampaignFetcher::finished, &loop,
                     [&fetched](const FetchReport &report) { fetched = report; });
    TrackedCampaign ended;
    QObject::connect(&tracker, &CampaignTracker::ended, &loop, [&](const TrackedCampaign &c) {
        ended = c;
        loop.quit();
    });
    if (!launcher.launch(request).isEmpty())
        return ExitCode::Usage; // checked by the caller
    loop.exec();
    flushRecords();

    if (!launched.ok()) {
        err << "leadviewer sendpilot: " << launched.message << '\n';
        err.flush();
        return isAuthRefusal(launched.verdict) ? ExitCode::AuthRefused : ExitCode::Api;
    }
    if (!launched.storeError.isEmpty()) {
        err << "leadviewer sendpilot: "
            << tr("The campaign was launched but cannot be recorded: %1").arg(launched.storeError)
            << '\n';
        return ExitCode::Database;
    }
    if (!wait) {
        out << tr("Follow it with: leadviewer sendpilot fetch %1").arg(launched.campaignId) << '\n';
        return ExitCode::Ok;
    }

    switch (ended.phase) {
    case TrackedCampaign::Phase::Done:
        if (fetched)
            return printFetchReport(db, *fetched, out, err);
        out << tr("%1: finished; its leads were already in the database.").arg(ended.campaignId)
            << '\n';
        return ExitCode::Ok;
    case TrackedCampaign::Phase::Failed:
        err << "leadviewer sendpilot: "
            << tr("%1: SendPilot says the campaign FAILED: %2").arg(ended.campaignId, ended.message)
            << '\n';
        return ExitCode::Api;
    case TrackedCampaign::Phase::Stopped:
        if (fetched)
            return printFetchReport(db, *fetched, out, err);
        err << "leadviewer sendpilot: " << ended.campaignId << ": " << ended.message << '\n';
        return isAuthRefusal(ended.verdict) ? ExitCode::AuthRefused : ExitCode::Api;
    case TrackedCampaign::Phase::Polling:
    case TrackedCampaign::Phase::Grace:
    case TrackedCampaign::Phase::Fetching:
        break;
    }
    return ExitCode::Api;
}
