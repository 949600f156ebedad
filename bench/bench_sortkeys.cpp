// SPDX-License-Identifier: MIT
// Where the lead table's cold sort of one column spends its time, phase by phase, without the
// model, the view or the event loop: the keys read (both halves, with the sort keys made as
// they are read), then the order made from them. Wall time and the process's CPU time.
//
//   bench_sortkeys DATABASE [runs] [--locale NAME] COLUMN...
#include "models/leadsortkeyreader.h"
#include "query/leadcolumn.h"
#include "store/sqlitestatement.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QStringList>
#include <QTextStream>

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

double cpuMs()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3
        + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    QTextStream out(stdout);
    QString locale = u"en_US"_s;
    if (const qsizetype at = args.indexOf(u"--locale"_s); at >= 0 && at + 1 < args.size()) {
        locale = args[at + 1];
        args.remove(at, 2);
    }
    if (args.size() < 2) {
        QTextStream(stderr) << "usage: bench_sortkeys DATABASE [runs] [--locale NAME] COLUMN...\n";
        return 2;
    }
    const QString path = args.takeFirst();
    bool isNumber = false;
    const int runs = std::max(1, args.value(0).toInt(&isNumber));
    if (isNumber)
        args.removeFirst();

    Sqlite::Connection connection;
    if (!connection.openReadOnly(path)) {
        QTextStream(stderr) << "cannot open " << path << '\n';
        return 1;
    }
    std::atomic<bool> cancelled {false};
    LeadSortKeyReader reader(&cancelled);
    reader.setDatabasePath(path);
    reader.setLocale(locale);
    out << "database " << path << ", locale " << reader.locale() << ", median of " << runs
        << " runs, ms (wall / process CPU)\n";
    for (const QString &key : args) {
        const std::optional<LeadColumn::Id> column = LeadColumn::fromKey(key);
        if (!column) {
            QTextStream(stderr) << "no column " << key << '\n';
            return 2;
        }
        std::vector<double> readWall, readCpu, orderWall, orderCpu;
        size_t rows = 0, distinct = 0;
        for (int run = 0; run < runs; ++run) {
            LeadSortKeys::SortKeys keys;
            QString error;
            QElapsedTimer timer;
            double cpu = cpuMs();
            timer.start();
            if (reader.read(connection.get(), *column, nullptr, &keys, &error)
                != LeadReadStatus::Ok) {
                QTextStream(stderr) << error << '\n';
                return 1;
            }
            readWall.push_back(timer.nsecsElapsed() / 1e6);
            readCpu.push_back(cpuMs() - cpu);
            rows = keys.rowCount();
            distinct = keys.texts.size();
            cpu = cpuMs();
            timer.start();
            const LeadSortKeys::SortedOrder order = LeadSortKeys::sortedOrder(std::move(keys));
            orderWall.push_back(timer.nsecsElapsed() / 1e6);
            orderCpu.push_back(cpuMs() - cpu);
        }
        out << "  " << key << ": " << rows << " rows, " << distinct << " distinct | read "
            << median(readWall) << " / " << median(readCpu) << " | order " << median(orderWall)
            << " / " << median(orderCpu) << " | total " << median(readWall) + median(orderWall)
            << '\n';
        out.flush();
    }
    return 0;
}
