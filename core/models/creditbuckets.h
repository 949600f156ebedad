// SPDX-License-Identifier: MIT
#pragma once

#include "models/creditsmodel.h"

#include <QDate>
#include <QList>

/// Credits per day, week or month for the credits chart: a bar per bucket stays readable
/// whatever the span (a seed campaign from 2024 and new ones from 2026 make ~1,000 days).
namespace CreditBuckets {

enum class Granularity { Day, Week, Month };

struct Bucket
{
    QDate first; ///< first day of the bucket (a Monday for weeks, the 1st for months)
    QDate last; ///< last day of the bucket
    qint64 extraction = 0;
    qint64 enrichment = 0;
    qint64 total() const { return extraction + enrichment; }
};

/// Days up to this span are drawn per day, up to WeeksUpTo per week, longer spans per month.
constexpr qint64 DaysUpTo = 45;
constexpr qint64 WeeksUpTo = 26 * 7;

/// The bucket size that keeps the bar count readable for the days \a from .. \a to.
Granularity granularityFor(QDate from, QDate to);

/// Sums \a days into buckets covering \a from .. \a to (days outside are left out, missing
/// days count as 0). Invalid \a from / \a to: the first / last day of \a days. The first and
/// last buckets are whole weeks or months, so each bar is comparable with its neighbours.
QList<Bucket> bucket(const QList<DailyCredits> &days, Granularity granularity, QDate from = {},
                     QDate to = {});

} // namespace CreditBuckets
