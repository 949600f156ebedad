// SPDX-License-Identifier: MIT
#include "bench_viewer_sort.h"
#include "viewermeasure.h"

#include "ingest/ingestservice.h"
#include "models/leadtablemodel.h"
#include "query/leadcolumn.h"
#include "sendpilot/sampleevents.h"
#include "signedpost.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTableView>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

using BenchViewerMeasure::median;
using BenchViewerMeasure::procStatus;

constexpr int LeadsPerEvent = 2500;
constexpr int PostIntervalMs = 500;
constexpr int RefreshDelayMs = 250; // MainWindow::RefreshDelayMs
const QByteArray Secret = "bench-live-secret";

} // namespace

namespace BenchViewerSort {

void localeSort(LeadTableModel &model, QTableView &view, const QString &locale, int runs,
                QTextStream &out)
{
    model.setSortLocale(locale);
    out << "  locale sort in " << model.sortLocale()
        << " (cold: keys read, ICU sort keys made, sorted; target 1000 ms)\n";
    QElapsedTimer timer;
    for (LeadColumn::Id column : LeadColumn::all()) {
        if (!LeadColumn::isText(column))
            continue;
        std::vector<double> times[2];
        for (int run = 0; run < runs; ++run) {
            for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                model.sort(-1);
                model.waitForLoaded();
                model.dropCachedOrders();
                timer.start();
                model.sort(int(column), order);
                model.waitForLoaded();
                view.viewport()->grab();
                times[order == Qt::AscendingOrder ? 0 : 1].push_back(timer.nsecsElapsed() / 1e6);
            }
        }
        out << "  locale sort " << LeadColumn::key(column) << ": asc " << median(times[0])
            << ", desc " << median(times[1]) << " | VmRSS " << procStatus("VmRSS:") << '\n';
        out.flush();
    }
    model.sort(-1);
    model.waitForLoaded();
    out << "  after the locale sorts: VmRSS " << procStatus("VmRSS:") << ", VmHWM "
        << procStatus("VmHWM:") << '\n';
}

bool liveSorted(const QString &path, const QString &locale, int events, QTextStream &out)
{
    // A copy: the scenario adds leads, and the cached database stays as generated.
    const QString live = path + u".live.sqlite"_s;
    for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s})
        QFile::remove(live + suffix);
    if (!QFile::copy(path, live)) {
        out << "live: cannot copy " << path << '\n';
        return false;
    }

    IngestService service;
    EndpointConfig config;
    config.databasePath = live;
    config.port = 0;
    config.secrets = {QString::fromLatin1(Secret)};
    QString error;
    if (!service.start(config, &error)) {
        out << "live: " << error << '\n';
        return false;
    }
    const quint16 port = quint16(service.url().port());
    const QByteArray webhookPath = service.url().path().toUtf8();

    LeadTableModel model;
    model.setSortLocale(locale);
    model.setDatabasePath(live);
    QTableView view;
    view.resize(1400, 900);
    view.setModel(&model);
    view.show();
    model.waitForLoaded();
    QElapsedTimer timer;
    timer.start();
    model.sort(int(LeadColumn::FullName), Qt::AscendingOrder);
    model.waitForLoaded();
    view.viewport()->grab();
    const qint64 base = model.shownCount();
    out << "  live: " << base << " leads sorted by name in " << model.sortLocale() << " in "
        << timer.elapsed() << " ms; " << events << " events of " << LeadsPerEvent
        << " leads, one every " << PostIntervalMs << " ms, to " << service.url().toString() << '\n';
    out.flush();

    // The window's refresh: the first change after a quiet spell at once, then at most every
    // RefreshDelayMs (MainWindow::scheduleRefresh).
    QTimer refreshTimer;
    refreshTimer.setSingleShot(true);
    QElapsedTimer sinceRefresh;
    QObject::connect(&refreshTimer, &QTimer::timeout, &model, [&] {
        sinceRefresh.start();
        model.refresh();
    });
    QObject::connect(&service, &IngestService::storeChanged, &model, [&] {
        if (refreshTimer.isActive())
            return;
        const qint64 since = sinceRefresh.isValid() ? sinceRefresh.elapsed() : RefreshDelayMs;
        refreshTimer.start(int(std::clamp<qint64>(RefreshDelayMs - since, 0, RefreshDelayMs)));
    });

    // Visible updates: each applied result that changes the count, painted.
    QElapsedTimer clock;
    std::vector<double> updates; // ms since the first post
    std::vector<qint64> counts;
    qint64 shown = base;
    const qint64 expected = base + qint64(events) * LeadsPerEvent;
    QEventLoop loop;
    QObject::connect(&model, &LeadTableModel::loaded, &loop, [&](qint64 rows, qint64) {
        if (rows == shown)
            return;
        shown = rows;
        view.viewport()->grab();
        updates.push_back(clock.nsecsElapsed() / 1e6);
        counts.push_back(rows);
        if (rows >= expected)
            loop.quit();
    });

    std::mutex postedMutex;
    std::vector<double> posted; // ms since the first post, when each post was acknowledged
    std::atomic<int> failures {0};
    clock.start();
    std::thread poster([&] {
        for (int i = 0; i < events; ++i) {
            const qint64 due = qint64(i) * PostIntervalMs;
            while (clock.elapsed() < due)
                std::this_thread::sleep_for(
                    std::chrono::milliseconds(1)); // the schedule, not a sync
            const QString id = u"live_%1"_s.arg(i);
            const QByteArray body = SampleEvents::extractorJob(u"evt_"_s + id, u"camp_"_s + id,
                                                               LeadsPerEvent, quint32(9000 + i));
            const TestSupport::HttpReply reply
                = TestSupport::postSigned(port, webhookPath, body, Secret);
            if (reply.status < 200 || reply.status >= 300)
                ++failures;
            std::lock_guard lock(postedMutex);
            posted.push_back(clock.nsecsElapsed() / 1e6);
        }
    });
    QTimer::singleShot(events * PostIntervalMs + 60000, &loop, &QEventLoop::quit); // a bound
    loop.exec();
    poster.join();

    std::vector<double> intervals;
    double previous = 0;
    for (double at : updates) {
        intervals.push_back(at - previous);
        previous = at;
    }
    // Delay from an event's acknowledgement to the first update that shows its leads.
    std::vector<double> delays;
    for (size_t i = 0; i < posted.size(); ++i) {
        const qint64 needed = base + qint64(i + 1) * LeadsPerEvent;
        for (size_t u = 0; u < updates.size(); ++u) {
            if (counts[u] >= needed) {
                delays.push_back(updates[u] - posted[i]);
                break;
            }
        }
    }
    const LeadSortStats stats = model.sortStats();
    const double postsEnd = posted.empty() ? 0 : posted.back();
    const double longest
        = intervals.empty() ? 0 : *std::max_element(intervals.begin(), intervals.end());
    const double longestDelay
        = delays.empty() ? 0 : *std::max_element(delays.begin(), delays.end());
    out << "  live: " << updates.size() << " visible updates, " << shown << " of " << expected
        << " leads shown, " << failures << " posts failed, posts over " << postsEnd << " ms\n";
    out << "  live: interval between visible count/row updates: median " << median(intervals)
        << ", max " << longest << " (target <= 2000)\n";
    out << "  live: acknowledged event to its leads shown: median " << median(delays) << ", max "
        << longestDelay << '\n';
    out << "  live: worker sorts: " << stats.fullSorts << " full, " << stats.merges << " merges of "
        << stats.mergedRows << " new leads\n";
    out.flush();
    service.stop();
    for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s})
        QFile::remove(live + suffix);
    return shown >= expected;
}

} // namespace BenchViewerSort
