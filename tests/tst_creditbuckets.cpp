// SPDX-License-Identifier: MIT
// CreditBuckets: days summed into day, week or month bars. Cases read as text ("first..last
// extraction+enrichment") so a failure reads as a diff.
#include "models/creditbuckets.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {
QDate day(const char *iso)
{
    return QDate::fromString(QString::fromLatin1(iso), Qt::ISODate);
}

// "2024-02-20 10+5" per day.
QList<DailyCredits> days(const QStringList &lines)
{
    QList<DailyCredits> out;
    for (const QString &line : lines) {
        const QStringList parts = line.split(u' ');
        const QStringList credits = parts.at(1).split(u'+');
        out.append({QDate::fromString(parts.at(0), Qt::ISODate), credits.at(0).toLongLong(),
                    credits.at(1).toLongLong()});
    }
    return out;
}

QStringList text(const QList<CreditBuckets::Bucket> &buckets)
{
    QStringList out;
    for (const CreditBuckets::Bucket &b : buckets) {
        out << u"%1..%2 %3+%4"_s.arg(b.first.toString(Qt::ISODate), b.last.toString(Qt::ISODate))
                   .arg(b.extraction)
                   .arg(b.enrichment);
    }
    return out;
}
} // namespace

Q_DECLARE_METATYPE(CreditBuckets::Granularity)

class TestCreditBuckets final : public QObject
{
    Q_OBJECT

private slots:
    void granularity_data();
    void granularity();
    void bucket_data();
    void bucket();
    void totalIsTheSum();
};

void TestCreditBuckets::granularity_data()
{
    using G = CreditBuckets::Granularity;
    QTest::addColumn<QDate>("from");
    QTest::addColumn<QDate>("to");
    QTest::addColumn<G>("expected");
    const QDate start = day("2024-01-01");
    QTest::newRow("invalid dates") << QDate() << QDate() << G::Day;
    QTest::newRow("one day") << start << start << G::Day;
    QTest::newRow("45 days") << start << start.addDays(CreditBuckets::DaysUpTo - 1) << G::Day;
    QTest::newRow("46 days") << start << start.addDays(CreditBuckets::DaysUpTo) << G::Week;
    QTest::newRow("26 weeks") << start << start.addDays(CreditBuckets::WeeksUpTo - 1) << G::Week;
    QTest::newRow("26 weeks and a day")
        << start << start.addDays(CreditBuckets::WeeksUpTo) << G::Month;
    QTest::newRow("seed from 2024, campaigns of 2026")
        << day("2024-02-20") << day("2026-11-30") << G::Month;
}

void TestCreditBuckets::granularity()
{
    QFETCH(QDate, from);
    QFETCH(QDate, to);
    QFETCH(CreditBuckets::Granularity, expected);
    QCOMPARE(CreditBuckets::granularityFor(from, to), expected);
}

void TestCreditBuckets::bucket_data()
{
    using G = CreditBuckets::Granularity;
    QTest::addColumn<QStringList>("input");
    QTest::addColumn<G>("granularity");
    QTest::addColumn<QDate>("from");
    QTest::addColumn<QDate>("to");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("nothing") << QStringList() << G::Day << QDate() << QDate() << QStringList();
    QTest::newRow("days, gaps are zeros")
        << QStringList {u"2024-02-20 10+5"_s, u"2024-02-22 1+0"_s} << G::Day << QDate() << QDate()
        << QStringList {u"2024-02-20..2024-02-20 10+5"_s, u"2024-02-21..2024-02-21 0+0"_s,
                        u"2024-02-22..2024-02-22 1+0"_s};
    // 2024-02-20 is a Tuesday: its week starts on Monday the 19th.
    QTest::newRow("weeks start on Monday and are whole")
        << QStringList {u"2024-02-20 10+5"_s, u"2024-02-25 1+1"_s, u"2024-02-26 2+0"_s} << G::Week
        << QDate() << QDate()
        << QStringList {u"2024-02-19..2024-02-25 11+6"_s, u"2024-02-26..2024-03-03 2+0"_s};
    QTest::newRow("months are whole, February of a leap year")
        << QStringList {u"2024-01-31 3+0"_s, u"2024-02-01 1+2"_s, u"2024-02-29 1+1"_s} << G::Month
        << QDate() << QDate()
        << QStringList {u"2024-01-01..2024-01-31 3+0"_s, u"2024-02-01..2024-02-29 2+3"_s};
    QTest::newRow("range wider than the data")
        << QStringList {u"2024-02-20 4+4"_s} << G::Day << day("2024-02-19") << day("2024-02-21")
        << QStringList {u"2024-02-19..2024-02-19 0+0"_s, u"2024-02-20..2024-02-20 4+4"_s,
                        u"2024-02-21..2024-02-21 0+0"_s};
    QTest::newRow("days outside the range are left out")
        << QStringList {u"2024-02-18 9+9"_s, u"2024-02-20 4+4"_s, u"2024-02-23 9+9"_s} << G::Day
        << day("2024-02-20") << day("2024-02-21")
        << QStringList {u"2024-02-20..2024-02-20 4+4"_s, u"2024-02-21..2024-02-21 0+0"_s};
    QTest::newRow("from after to") << QStringList {u"2024-02-20 4+4"_s} << G::Day
                                   << day("2024-02-21") << day("2024-02-20") << QStringList();
    QTest::newRow("month across a year")
        << QStringList {u"2024-12-31 1+0"_s, u"2025-01-01 0+1"_s} << G::Month << QDate() << QDate()
        << QStringList {u"2024-12-01..2024-12-31 1+0"_s, u"2025-01-01..2025-01-31 0+1"_s};
}

void TestCreditBuckets::bucket()
{
    QFETCH(QStringList, input);
    QFETCH(CreditBuckets::Granularity, granularity);
    QFETCH(QDate, from);
    QFETCH(QDate, to);
    QFETCH(QStringList, expected);
    QCOMPARE(text(CreditBuckets::bucket(days(input), granularity, from, to)), expected);
}

void TestCreditBuckets::totalIsTheSum()
{
    const QList<CreditBuckets::Bucket> buckets
        = CreditBuckets::bucket(days({u"2024-02-20 10+5"_s}), CreditBuckets::Granularity::Day);
    QCOMPARE(buckets.size(), 1);
    QCOMPARE(buckets.at(0).total(), 15);
}

QTEST_GUILESS_MAIN(TestCreditBuckets)
#include "tst_creditbuckets.moc"
