// SPDX-License-Identifier: MIT
// A Lead Extractor campaign fetched from the SendPilot API in pages of 100 (issue 12's figure:
// 10,000 leads in at most 3 s, memory flat in the page count), against the local fake API
// server of the tests over real loopback HTTP, into a real store through the event log and
// the projector, as `leadviewer sendpilot fetch` does.
//
//   bench_fetch [--leads N] [--runs N]
//
// Each run fetches into a fresh store. Prints the median and the spread of the runs' times,
// leads/s, and the peak RSS growth (VmHWM, reset before each fetch) for a campaign of N/10
// leads and one of N: flat memory means the two growths are about the same, not 10 times.
#include "procstatus.h"

#include "ingest/campaignfetcher.h"
#include "sendpilot/sendpilotclient.h"

#include "fakesendpilot.h"
#include "tempstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QSqlQuery>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;
using TestSupport::FakeSendPilot;

namespace {

struct Run
{
    double ms = -1;
    qint64 stored = 0;
    int pages = 0;
    qint64 peakGrowthKb = 0;
};

Run fetchOnce(int leads, int number)
{
    Run run;
    FakeSendPilot api;
    const QByteArray campaign = "camp_bench_" + QByteArray::number(number);
    api.serveCampaign(campaign, leads);
    TestSupport::TempStore store(u"bench-fetch-%1"_s.arg(number));
    store.open();
    SendPilotClient client;
    SendPilotClientConfig config;
    config.baseUrl = api.url();
    config.apiKey = u"sp_bench_key"_s;
    client.setConfig(config);
    CampaignFetcher fetcher(&client, CampaignFetcher::storeSink(&store.events()));
    FetchReport report;
    QEventLoop loop;
    QObject::connect(&fetcher, &CampaignFetcher::finished, &loop, [&](const FetchReport &r) {
        report = r;
        loop.quit();
    });
    resetPeakRss();
    const qint64 before = procStatusKb("VmRSS");
    QElapsedTimer timer;
    timer.start();
    fetcher.fetch(QString::fromLatin1(campaign));
    loop.exec();
    run.ms = double(timer.nsecsElapsed()) / 1e6;
    run.peakGrowthKb = procStatusKb("VmHWM") - before;
    if (!report.ok()) {
        std::fprintf(stderr, "fetch failed: %s\n", qPrintable(report.message));
        run.ms = -1;
        return run;
    }
    run.pages = report.pages;
    QSqlQuery query(store.db());
    if (query.exec(u"SELECT lead_count FROM campaigns"_s) && query.next())
        run.stored = query.value(0).toLongLong();
    return run;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // One line per API call and migration would bury the figures.
    QLoggingCategory::setFilterRules(u"leadviewer.*.info=false\nleadviewer.*.debug=false"_s);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Fetch a campaign from the fake SendPilot API"_s);
    parser.addHelpOption();
    const QCommandLineOption leadsOption(u"leads"_s, u"Leads in the campaign (10000)."_s, u"N"_s,
                                         u"10000"_s);
    const QCommandLineOption runsOption(u"runs"_s, u"Runs (5)."_s, u"N"_s, u"5"_s);
    parser.addOptions({leadsOption, runsOption});
    parser.process(app);
    const int leads = qMax(100, parser.value(leadsOption).toInt());
    const int runs = qMax(1, parser.value(runsOption).toInt());

    int number = 0;
    try {
        for (const int size : {leads / 10, leads}) {
            std::vector<double> times;
            qint64 growth = 0;
            Run last;
            for (int i = 0; i < runs; ++i) {
                last = fetchOnce(size, ++number);
                if (last.ms < 0 || last.stored != size) {
                    std::fprintf(stderr, "run %d: %lld of %d leads stored\n", i,
                                 static_cast<long long>(last.stored), size);
                    return 1;
                }
                times.push_back(last.ms);
                growth = std::max(growth, last.peakGrowthKb);
            }
            const double med = median(times);
            std::printf("%6d leads, %3d pages: median %.0f ms (min %.0f, max %.0f, %d runs), "
                        "%.0f leads/s, peak RSS growth %lld kB (largest of the runs)\n",
                        size, last.pages, med, *std::min_element(times.begin(), times.end()),
                        *std::max_element(times.begin(), times.end()), runs, size / (med / 1000.0),
                        static_cast<long long>(growth));
        }
    } catch (const std::exception &e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    return 0;
}
