// SPDX-License-Identifier: MIT
#pragma once

#include "models/leadtablemodel.h"

#include <QElapsedTimer>
#include <QFile>
#include <QList>
#include <QString>
#include <QTableView>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <vector>

/// What bench_viewer's scenarios share: one output stream, the median they quote, the
/// process's memory lines from /proc, and the time to the updated, painted table.
namespace BenchViewerMeasure {

/// Standard output, one stream for every scenario of the program (so their lines never
/// interleave out of order).
inline QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

inline double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

/// The value of \a key ("VmRSS:", "VmHWM:") in /proc/self/status, as printed there.
inline QString procStatus(const char *key)
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(key))
            return QString::fromLatin1(line.mid(qstrlen(key)).simplified());
    }
    return {};
}

/// Applies the pending query and paints the table: the time the user waits for the new rows.
inline double settleAndPaint(LeadTableModel &model, QTableView &view, QElapsedTimer &timer)
{
    model.waitForLoaded();
    view.viewport()->grab();
    return timer.nsecsElapsed() / 1e6;
}

/// A keystroke: the time to the first painted rows (a search may show its first matches
/// before the complete list), then the time until the complete list is applied.
inline std::pair<double, double> firstRowsThenAll(LeadTableModel &model, QTableView &view,
                                                  QElapsedTimer &timer)
{
    model.waitForFirstRows();
    view.viewport()->grab();
    const double first = timer.nsecsElapsed() / 1e6;
    model.waitForLoaded();
    view.viewport()->grab();
    return {first, timer.nsecsElapsed() / 1e6};
}

} // namespace BenchViewerMeasure
