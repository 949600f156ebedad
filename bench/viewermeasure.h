// SPDX-License-Identifier: MIT
#pragma once

#include <QFile>
#include <QList>
#include <QString>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <vector>

/// What bench_viewer's scenarios share: one output stream, the median they quote, and the
/// process's memory lines from /proc.
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

} // namespace BenchViewerMeasure
