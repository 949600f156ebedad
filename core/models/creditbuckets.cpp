// SPDX-License-Identifier: MIT
#include "models/creditbuckets.h"

namespace CreditBuckets {

namespace {
QDate bucketStart(QDate day, Granularity granularity)
{
    switch (granularity) {
    case Granularity::Day:
        return day;
    case Granularity::Week:
        return day.addDays(1 - day.dayOfWeek()); // ISO weeks start on Monday
    case Granularity::Month:
        return QDate(day.year(), day.month(), 1);
    }
    return day;
}

QDate nextBucketStart(QDate start, Granularity granularity)
{
    switch (granularity) {
    case Granularity::Day:
        return start.addDays(1);
    case Granularity::Week:
        return start.addDays(7);
    case Granularity::Month:
        return start.addMonths(1);
    }
    return start.addDays(1);
}
} // namespace

Granularity granularityFor(QDate from, QDate to)
{
    const qint64 span = (from.isValid() && to.isValid()) ? from.daysTo(to) + 1 : 0;
    if (span <= DaysUpTo)
        return Granularity::Day;
    if (span <= WeeksUpTo)
        return Granularity::Week;
    return Granularity::Month;
}

QList<Bucket> bucket(const QList<DailyCredits> &days, Granularity granularity, QDate from, QDate to)
{
    QList<Bucket> buckets;
    if (!from.isValid() && !days.isEmpty())
        from = days.constFirst().day;
    if (!to.isValid() && !days.isEmpty())
        to = days.constLast().day;
    if (!from.isValid() || !to.isValid() || from > to)
        return buckets;

    // Every bucket from the one holding `from` to the one holding `to`, zeros included.
    for (QDate start = bucketStart(from, granularity); start <= to;
         start = nextBucketStart(start, granularity)) {
        buckets.append({start, nextBucketStart(start, granularity).addDays(-1), 0, 0});
    }
    // `days` is oldest first: one pass.
    qsizetype index = 0;
    for (const DailyCredits &day : days) {
        if (day.day < from || day.day > to)
            continue;
        while (index < buckets.size() && buckets.at(index).last < day.day)
            ++index;
        if (index == buckets.size())
            break;
        buckets[index].extraction += day.extraction;
        buckets[index].enrichment += day.enrichment;
    }
    return buckets;
}

} // namespace CreditBuckets
