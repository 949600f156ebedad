// SPDX-License-Identifier: MIT
// The lead table at scale, on the offscreen platform: generates (once, cached at the given path)
// a database of 1,000,000 leads in 400 campaigns, then measures open to first painted table,
// each search keystroke to the updated table, sorting by several columns both ways, clearing the
// search, and resident memory. Prints medians.
//
// Last, the longest GUI-thread stall (a 5 ms heartbeat timer on the GUI thread, the largest gap
// between its ticks) while the window searches, sorts, opens the export dialog and selects a
// large delivery, each action driven through the event loop as a user's would be.
//
//   bench_viewer [database path] [runs] [--leads N] [--campaigns N] [--generate-only]
//                [--sort key,key (only the sort table, for these columns)]
//                [--stalls (only the GUI-thread stalls)] [--delivery-leads N (default 25000)]
//                [--locale NAME (text sorts in it; default en_US)]
//                [--locale-sort (only the text columns sorted in the locale)]
//                [--live N (only the live sorted table, N events; 20 in a full run)]
//                [--filters (only the filter bar's criteria)]
//   (default path: /tmp/leadviewer-bench-1m.sqlite)
#include "bench_viewer_sort.h"
#include "viewerdata.h"
#include "viewerfilters.h"
#include "viewermeasure.h"
#include "viewerstalls.h"

#include "models/leadprofile.h"
#include "models/leadtablemodel.h"
#include "query/leadcolumn.h"
#include "store/database.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QTableView>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

using BenchViewerMeasure::median;
using BenchViewerMeasure::out;
using BenchViewerMeasure::procStatus;

using BenchViewerMeasure::firstRowsThenAll;
using BenchViewerMeasure::settleAndPaint;

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    int leads = 1'000'000;
    int campaigns = 400;
    bool generateOnly = false;
    bool stallsOnly = false;
    bool filtersOnly = false;
    int deliveryLeads = 25'000;
    QString locale = u"en_US"_s;
    bool localeSortOnly = false;
    bool liveOnly = false;
    int liveEvents = 20;
    QList<LeadColumn::Id> sortOnly; // --sort key,key: only the sort table, for these columns
    for (int i = 0; i < args.size(); ++i) {
        if (args[i] == u"--leads"_s && i + 1 < args.size()) {
            leads = args[i + 1].toInt();
            args.remove(i, 2);
            --i;
        } else if (args[i] == u"--campaigns"_s && i + 1 < args.size()) {
            campaigns = args[i + 1].toInt();
            args.remove(i, 2);
            --i;
        } else if (args[i] == u"--sort"_s && i + 1 < args.size()) {
            for (const QString &key : args[i + 1].split(u','))
                if (const std::optional<LeadColumn::Id> column = LeadColumn::fromKey(key))
                    sortOnly.append(*column);
            args.remove(i, 2);
            --i;
        } else if (args[i] == u"--filters"_s) {
            filtersOnly = true;
            args.remove(i);
            --i;
        } else if (args[i] == u"--stalls"_s) {
            stallsOnly = true;
            args.remove(i);
            --i;
        } else if (args[i] == u"--delivery-leads"_s && i + 1 < args.size()) {
            deliveryLeads = std::max(1, args[i + 1].toInt());
            args.remove(i, 2);
            --i;
        } else if (args[i] == u"--generate-only"_s) {
            generateOnly = true;
            args.remove(i);
            --i;
        } else if (args[i] == u"--locale"_s && i + 1 < args.size()) {
            locale = args[i + 1];
            args.remove(i, 2);
            --i;
        } else if (args[i] == u"--locale-sort"_s) {
            localeSortOnly = true;
            args.remove(i);
            --i;
        } else if (args[i] == u"--live"_s && i + 1 < args.size()) {
            liveEvents = args[i + 1].toInt();
            liveOnly = true;
            args.remove(i, 2);
            --i;
        }
    }
    for (const QString &arg : std::as_const(args)) {
        if (arg.startsWith(u'-')) {
            std::fprintf(
                stderr,
                "usage: bench_viewer [database path] [runs] [--leads N] [--campaigns N] "
                "[--generate-only] [--sort key,key] [--filters] [--stalls] [--delivery-leads N] "
                "[--locale NAME] [--locale-sort] [--live N]\n");
            return arg == u"--help"_s || arg == u"-h"_s ? 0 : 2;
        }
    }
    const QString path = args.value(0, u"/tmp/leadviewer-bench-1m.sqlite"_s);
    const int runs = std::max(1, args.value(1, u"5"_s).toInt());

    if (!QFileInfo::exists(path)) {
        if (!BenchViewerData::generate(path, campaigns,
                                       std::max(1, leads / std::max(1, campaigns))))
            return 1;
    } else {
        // Reopened read-write once so that an older cached file is migrated.
        QString error;
        {
            QSqlDatabase db
                = Database::open(path, u"migrate"_s, Database::Access::ReadWrite, &error);
            if (!db.isOpen()) {
                QTextStream(stderr) << error << '\n';
                return 1;
            }
        }
        Database::close(u"migrate"_s);
    }
    if (generateOnly)
        return 0;
    if (stallsOnly) {
        measureGuiStalls(path, runs, deliveryLeads);
        return 0;
    }
    if (liveOnly)
        return BenchViewerSort::liveSorted(path, locale, liveEvents, out()) ? 0 : 1;

    out() << "database " << path << ", median of " << runs << " runs, milliseconds\n";
    std::vector<double> open;
    QElapsedTimer timer;
    for (int run = 0; run < runs; ++run) {
        timer.start();
        LeadTableModel model;
        model.setDatabasePath(path);
        QTableView view;
        view.resize(1400, 900);
        view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        view.verticalHeader()->setDefaultSectionSize(22);
        view.setModel(&model);
        view.show();
        open.push_back(settleAndPaint(model, view, timer));
        if (run == 0)
            out() << "  rows " << model.shownCount() << " of " << model.totalCount() << '\n';
    }
    out() << "open to first painted table: " << median(open) << '\n';

    LeadTableModel model;
    model.setDatabasePath(path);
    QTableView view;
    view.resize(1400, 900);
    view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view.verticalHeader()->setDefaultSectionSize(22);
    view.setModel(&model);
    view.show();
    model.waitForLoaded();
    view.viewport()->grab();
    model.setSortLocale(locale);
    if (localeSortOnly) {
        BenchViewerSort::localeSort(model, view, locale, runs, out());
        return 0;
    }
    if (filtersOnly) {
        if (!BenchViewerFilters::prepareExportHistory(path))
            return 1;
        BenchViewerFilters::measure(model, view, runs);
        return 0;
    }

    // A realistic typing sequence, each keystroke applied alone (no debounce), then cleared.
    const QStringList sequences[] = {
        {u"a"_s, u"ac"_s, u"acm"_s, u"acme"_s},
        {u"j"_s, u"jo"_s, u"joh"_s, u"john"_s, u"john s"_s, u"john sm"_s},
        {u"m"_s, u"mü"_s, u"mul"_s, u"mull"_s, u"muller"_s},
    };
    for (const QStringList &sequence : sequences) {
        if (!sortOnly.isEmpty())
            break;
        std::vector<std::vector<double>> times(sequence.size() + 1);
        std::vector<std::vector<double>> complete(sequence.size() + 1);
        std::vector<qint64> shown(sequence.size() + 1);
        for (int run = 0; run < runs; ++run) {
            for (qsizetype k = 0; k <= sequence.size(); ++k) {
                LeadFilter filter = model.filter();
                filter.searchText = k < sequence.size() ? sequence[k] : QString();
                timer.start();
                model.setFilter(filter);
                const auto [first, all] = firstRowsThenAll(model, view, timer);
                times[k].push_back(first);
                complete[k].push_back(all);
                shown[k] = model.shownCount();
            }
        }
        for (qsizetype k = 0; k <= sequence.size(); ++k) {
            out() << "  search " << (k < sequence.size() ? u'"' + sequence[k] + u'"' : u"cleared"_s)
                  << ": " << median(times[k]) << " (complete list " << median(complete[k]) << ", "
                  << shown[k] << " rows)\n";
        }
    }

    // Every column, both orders. Each run starts cold: the model's worker keeps the last
    // order it computed, so it is told to forget it first (and the default order is restored).
    out() << "  sort (cold: keys read and sorted; then warm: the kept order reused)\n";
    for (LeadColumn::Id column : sortOnly.isEmpty() ? LeadColumn::all() : sortOnly) {
        for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            std::vector<double> times, warm;
            for (int run = 0; run < runs; ++run) {
                model.sort(-1);
                model.waitForLoaded();
                model.dropCachedOrders();
                timer.start();
                model.sort(int(column), order);
                times.push_back(settleAndPaint(model, view, timer));
                model.sort(-1);
                model.waitForLoaded();
                timer.start();
                model.sort(int(column), order);
                warm.push_back(settleAndPaint(model, view, timer));
            }
            out() << "  sort " << LeadColumn::key(column)
                  << (order == Qt::AscendingOrder ? " asc: "_L1 : " desc: "_L1) << median(times)
                  << " (warm " << median(warm)
                  << ") | first row: " << model.index(0, int(column)).data().toString().left(40)
                  << '\n';
        }
    }
    model.sort(-1);
    model.waitForLoaded();
    {
        // Searching within a sorted table, as a user would after sorting.
        model.dropCachedOrders();
        model.sort(int(LeadColumn::FullName), Qt::AscendingOrder);
        model.waitForLoaded();
        std::vector<double> times;
        for (int run = 0; run < runs; ++run) {
            for (const QString &text : {u"acme"_s, QString()}) {
                LeadFilter filter = model.filter();
                filter.searchText = text;
                timer.start();
                model.setFilter(filter);
                const double ms = settleAndPaint(model, view, timer);
                if (!text.isEmpty())
                    times.push_back(ms);
            }
        }
        out() << "  search \"acme\" sorted by name: " << median(times) << '\n';
    }
    {
        // Scrolling: a page fetch on the GUI thread.
        std::vector<double> times;
        for (int run = 0; run < runs * 4; ++run) {
            const int row = int(QRandomGenerator::global()->bounded(model.rowCount()));
            timer.start();
            view.scrollTo(model.index(row, 0), QAbstractItemView::PositionAtTop);
            view.viewport()->grab();
            times.push_back(timer.nsecsElapsed() / 1e6);
        }
        out() << "  jump to a random row and paint: " << median(times) << '\n';
    }
    {
        // A click on a lead: its profile with the person's other campaigns.
        QString error;
        {
            QSqlDatabase db
                = Database::open(path, u"profile"_s, Database::Access::ReadOnly, &error);
            std::vector<double> times;
            qsizetype campaignsFound = 0;
            for (int run = 0; run < runs * 4; ++run) {
                const qint64 id = 1 + QRandomGenerator::global()->bounded(model.shownCount());
                timer.start();
                const std::optional<LeadProfile> profile = LeadProfiles::load(db, id).profile;
                times.push_back(timer.nsecsElapsed() / 1e6);
                campaignsFound += profile ? profile->campaigns.size() : 0;
            }
            out() << "  lead profile with its campaigns: " << median(times) << " ("
                  << campaignsFound << " campaigns over " << runs * 4 << " leads)\n";
        }
        Database::close(u"profile"_s);
    }
    if (sortOnly.isEmpty())
        BenchViewerFilters::measure(model, view, runs);
    out() << "VmRSS " << procStatus("VmRSS:") << ", VmHWM " << procStatus("VmHWM:") << '\n';
    if (!sortOnly.isEmpty())
        return 0;
    BenchViewerSort::localeSort(model, view, locale, runs, out());
    const bool liveOk = BenchViewerSort::liveSorted(path, locale, liveEvents, out());
    measureGuiStalls(path, runs, deliveryLeads);
    return liveOk ? 0 : 1;
}
