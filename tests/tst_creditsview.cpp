// SPDX-License-Identifier: MIT
// The credits view's chart over a real store: which days, weeks or months it draws, with which
// sums, for which campaigns; and that its axis labels stay legible.
#include "creditsview.h"

#include "models/creditsmodel.h"
#include "models/modelroles.h"
#include "store/database.h"
#include "store/eventstore.h"

#include "fixtures.h"

#include <QCategoryAxis>
#include <QChart>
#include <QComboBox>
#include <QFontMetrics>
#include <QHeaderView>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace Qt::StringLiterals;
using CreditBuckets::Granularity;

namespace {
struct Spend
{
    QString campaignId;
    QDate day; ///< completed_at, at noon UTC
    qint64 extraction = 0;
    qint64 enrichment = 0;
};

QDateTime noonUtc(QDate day)
{
    return QDateTime(day, QTime(12, 0), Qt::UTC);
}
} // namespace

class TestCreditsView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void bucketsArePureArithmetic_data();
    void bucketsArePureArithmetic();
    void withinAWeekDrawsDays();
    void overAYearDrawsMonthsWithTheRightSums();
    void aFewMonthsDrawWeeks();
    void campaignFilterChangesTheSums();
    void rangeSelectorLimitsTheDays();
    void axisLabelsAreThinnedNotElided();
    void tableHeadersAreNotClipped();

private:
    void ingest(const QList<Spend> &spends);
    qint64 campaignRowId(const QString &campaignId) const;
    qint64 totalOf(const QList<CreditBuckets::Bucket> &buckets) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_connection;
    QSqlDatabase m_db;
    std::unique_ptr<CreditsView> m_view;
    int m_run = 0;
    int m_event = 0;
};

void TestCreditsView::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_connection = u"creditsview_%1"_s.arg(++m_run);
    QString error;
    m_db = Database::open(m_dir->filePath(u"leads.sqlite"_s), m_connection,
                          Database::Access::ReadWrite, &error);
    QVERIFY2(m_db.isOpen(), qPrintable(error));
    m_view = std::make_unique<CreditsView>();
    m_view->resize(1000, 700);
}

void TestCreditsView::cleanup()
{
    m_view.reset();
    m_db = {};
    Database::close(m_connection);
    m_dir.reset();
}

void TestCreditsView::ingest(const QList<Spend> &spends)
{
    QList<EventStore::Item> items;
    for (const Spend &spend : spends) {
        const QString eventId = u"evt_%1"_s.arg(++m_event);
        EventStore::Item item = TestSupport::sampleJobItem(eventId, spend.campaignId, 2, 7,
                                                           noonUtc(spend.day).toMSecsSinceEpoch());
        ExtractorJob &job = *item.event.extractorJob;
        job.campaignName = u"Campaign "_s + spend.campaignId;
        job.credits = {spend.extraction, spend.enrichment, spend.extraction + spend.enrichment};
        job.completedAt = noonUtc(spend.day);
        items.append(item);
    }
    EventStore store(m_db);
    for (const EventStore::ItemResult &result : store.ingest(items))
        QCOMPARE(result.outcome, EventStore::Outcome::Stored);
}

qint64 TestCreditsView::campaignRowId(const QString &campaignId) const
{
    QSqlQuery query(m_db);
    query.prepare(u"SELECT id FROM campaigns WHERE campaign_id = ?"_s);
    query.addBindValue(campaignId);
    if (!query.exec() || !query.next())
        return 0;
    return query.value(0).toLongLong();
}

qint64 TestCreditsView::totalOf(const QList<CreditBuckets::Bucket> &buckets) const
{
    qint64 total = 0;
    for (const CreditBuckets::Bucket &bucket : buckets)
        total += bucket.total();
    return total;
}

void TestCreditsView::bucketsArePureArithmetic_data()
{
    QTest::addColumn<QDate>("from");
    QTest::addColumn<QDate>("to");
    QTest::addColumn<Granularity>("granularity");
    QTest::addColumn<int>("count");
    QTest::addColumn<QDate>("firstStart");

    // 2025-03-05 is a Wednesday: its week starts on Monday 3 March.
    QTest::newRow("one day") << QDate(2025, 3, 5) << QDate(2025, 3, 5) << Granularity::Day << 1
                             << QDate(2025, 3, 5);
    QTest::newRow("45 days") << QDate(2025, 3, 1) << QDate(2025, 4, 14) << Granularity::Day << 45
                             << QDate(2025, 3, 1);
    QTest::newRow("46 days: weeks")
        << QDate(2025, 3, 5) << QDate(2025, 4, 19) << Granularity::Week << 7 << QDate(2025, 3, 3);
    QTest::newRow("two years: months") << QDate(2024, 2, 20) << QDate(2026, 1, 10)
                                       << Granularity::Month << 24 << QDate(2024, 2, 1);
}

void TestCreditsView::bucketsArePureArithmetic()
{
    QFETCH(QDate, from);
    QFETCH(QDate, to);
    QFETCH(Granularity, granularity);
    QFETCH(int, count);
    QFETCH(QDate, firstStart);
    QCOMPARE(CreditBuckets::granularityFor(from, to), granularity);
    const QList<DailyCredits> days {{from, 3, 1}, {to, 5, 2}};
    const QList<CreditBuckets::Bucket> buckets = CreditBuckets::bucket(days, granularity);
    QCOMPARE(buckets.size(), count);
    QCOMPARE(buckets.constFirst().first, firstStart);
    QVERIFY(buckets.constLast().last >= to);
    // Contiguous, no overlap.
    for (qsizetype i = 1; i < buckets.size(); ++i)
        QCOMPARE(buckets.at(i).first, buckets.at(i - 1).last.addDays(1));
    QCOMPARE(totalOf(buckets), 11);
}

void TestCreditsView::withinAWeekDrawsDays()
{
    ingest({{u"a"_s, QDate(2026, 3, 2), 10, 1},
            {u"b"_s, QDate(2026, 3, 2), 5, 0},
            {u"c"_s, QDate(2026, 3, 6), 7, 3}});
    m_view->setDatabase(m_db);
    QCOMPARE(m_view->range(), CreditsView::Range::All);
    QCOMPARE(m_view->granularity(), Granularity::Day);
    QCOMPARE(m_view->chart()->title(), u"Credits per day"_s);
    const QList<CreditBuckets::Bucket> &days = m_view->buckets();
    QCOMPARE(days.size(), 5); // 2..6 March, the empty days as zeros
    QCOMPARE(days.at(0).first, QDate(2026, 3, 2));
    QCOMPARE(days.at(0).extraction, 15);
    QCOMPARE(days.at(0).enrichment, 1);
    for (int i : {1, 2, 3})
        QCOMPARE(days.at(i).total(), 0);
    QCOMPARE(days.at(4).first, QDate(2026, 3, 6));
    QCOMPARE(days.at(4).extraction, 7);
    QCOMPARE(days.at(4).enrichment, 3);
}

void TestCreditsView::overAYearDrawsMonthsWithTheRightSums()
{
    // A seed campaign from 2024 and new ones from 2026: ~700 days, drawn as 23 months.
    ingest({{u"seed"_s, QDate(2024, 2, 20), 100, 50},
            {u"a"_s, QDate(2026, 1, 3), 10, 0},
            {u"b"_s, QDate(2026, 1, 31), 20, 5},
            {u"c"_s, QDate(2026, 2, 1), 40, 4},
            {u"d"_s, QDate(2025, 12, 31), 1, 1}});
    m_view->setDatabase(m_db);
    QCOMPARE(m_view->granularity(), Granularity::Month);
    QCOMPARE(m_view->chart()->title(), u"Credits per month"_s);
    const QList<CreditBuckets::Bucket> &months = m_view->buckets();
    QCOMPARE(months.size(), 25); // February 2024 .. February 2026
    QCOMPARE(months.constFirst().first, QDate(2024, 2, 1));
    QCOMPARE(months.constFirst().last, QDate(2024, 2, 29));
    QCOMPARE(months.constFirst().extraction, 100);
    QCOMPARE(months.constFirst().enrichment, 50);
    QCOMPARE(months.at(1).total(), 0); // March 2024: nothing, but a bar (of zero)
    const CreditBuckets::Bucket &december = months.at(months.size() - 3);
    QCOMPARE(december.first, QDate(2025, 12, 1));
    QCOMPARE(december.total(), 2);
    const CreditBuckets::Bucket &january = months.at(months.size() - 2);
    QCOMPARE(january.first, QDate(2026, 1, 1));
    QCOMPARE(january.last, QDate(2026, 1, 31));
    QCOMPARE(january.extraction, 30);
    QCOMPARE(january.enrichment, 5);
    QCOMPARE(months.constLast().first, QDate(2026, 2, 1));
    QCOMPARE(months.constLast().total(), 44);
    QCOMPARE(totalOf(months), 150 + 10 + 25 + 44 + 2);

    // The chart holds exactly these bars.
    auto *axis = qobject_cast<QCategoryAxis *>(m_view->chart()->axes(Qt::Horizontal).value(0));
    QVERIFY(axis);
    QCOMPARE(axis->min(), -0.5);
    QCOMPARE(axis->max(), 24.5);
}

void TestCreditsView::aFewMonthsDrawWeeks()
{
    ingest({{u"a"_s, QDate(2025, 9, 3), 10, 2}, // a Wednesday: week of Monday 1 September
            {u"a2"_s, QDate(2025, 9, 7), 5, 0}, // Sunday, same week
            {u"b"_s, QDate(2025, 11, 20), 8, 8}});
    m_view->setDatabase(m_db);
    QCOMPARE(m_view->granularity(), Granularity::Week);
    QCOMPARE(m_view->chart()->title(), u"Credits per week"_s);
    const QList<CreditBuckets::Bucket> &weeks = m_view->buckets();
    QCOMPARE(weeks.constFirst().first, QDate(2025, 9, 1));
    QCOMPARE(weeks.constFirst().extraction, 15);
    QCOMPARE(weeks.constFirst().enrichment, 2);
    QCOMPARE(weeks.constLast().first, QDate(2025, 11, 17));
    QCOMPARE(weeks.constLast().total(), 16);
    QCOMPARE(weeks.size(), 12);
    QCOMPARE(totalOf(weeks), 33);
}

void TestCreditsView::campaignFilterChangesTheSums()
{
    ingest({{u"seed"_s, QDate(2024, 2, 20), 100, 50},
            {u"a"_s, QDate(2026, 1, 3), 10, 0},
            {u"b"_s, QDate(2026, 1, 31), 20, 5}});
    m_view->setDatabase(m_db);
    QCOMPARE(totalOf(m_view->buckets()), 185);
    QCOMPARE(m_view->granularity(), Granularity::Month);

    // One campaign picked in the combo box: only its credits, over its own span (one day).
    m_view->setChartCampaign(campaignRowId(u"b"_s));
    QCOMPARE(m_view->chartCampaigns(), QList<qint64> {campaignRowId(u"b"_s)});
    QCOMPARE(m_view->granularity(), Granularity::Day);
    QCOMPARE(m_view->buckets().size(), 1);
    QCOMPARE(m_view->buckets().constFirst().extraction, 20);
    QCOMPARE(m_view->buckets().constFirst().enrichment, 5);

    // The campaigns selected in the list.
    auto *scope = m_view->findChild<QComboBox *>(u"creditsScope"_s);
    QVERIFY(scope);
    m_view->setSelectedCampaigns({campaignRowId(u"a"_s), campaignRowId(u"b"_s)});
    scope->setCurrentIndex(1);
    QCOMPARE(m_view->granularity(), Granularity::Day);
    QCOMPARE(m_view->buckets().size(), 29); // 3 .. 31 January
    QCOMPARE(totalOf(m_view->buckets()), 35);
    m_view->setSelectedCampaigns({campaignRowId(u"seed"_s), campaignRowId(u"a"_s)});
    QCOMPARE(m_view->granularity(), Granularity::Month);
    QCOMPARE(totalOf(m_view->buckets()), 160);

    // All again.
    m_view->setChartCampaign(0);
    QVERIFY(m_view->chartCampaigns().isEmpty());
    QCOMPARE(totalOf(m_view->buckets()), 185);
}

void TestCreditsView::rangeSelectorLimitsTheDays()
{
    const QDate today = QDateTime::currentDateTimeUtc().date();
    ingest({{u"old"_s, today.addYears(-2), 1000, 0},
            {u"recent"_s, today.addDays(-10), 10, 1},
            {u"sixty"_s, today.addDays(-60), 20, 2},
            {u"today"_s, today, 3, 0}});
    m_view->setDatabase(m_db);
    QCOMPARE(m_view->granularity(), Granularity::Month);
    QCOMPARE(totalOf(m_view->buckets()), 1036);

    m_view->setRange(CreditsView::Range::Last30Days);
    QCOMPARE(m_view->granularity(), Granularity::Day);
    QCOMPARE(m_view->buckets().size(), 30); // up to today, the quiet days as zeros
    QCOMPARE(m_view->buckets().constLast().first, today);
    QCOMPARE(totalOf(m_view->buckets()), 14);

    m_view->setRange(CreditsView::Range::Last90Days);
    QCOMPARE(m_view->granularity(), Granularity::Week);
    QCOMPARE(totalOf(m_view->buckets()), 36);

    m_view->setRange(CreditsView::Range::Last12Months);
    QCOMPARE(m_view->granularity(), Granularity::Month);
    QCOMPARE(m_view->buckets().size(), 12);
    QCOMPARE(totalOf(m_view->buckets()), 36);
}

void TestCreditsView::axisLabelsAreThinnedNotElided()
{
    // Six weeks of daily spending: 45 days, drawn per day, in a narrow view.
    QList<Spend> spends;
    for (int i = 0; i < 45; ++i)
        spends.append({u"c%1"_s.arg(i), QDate(2026, 1, 1).addDays(i), i + 1, 0});
    ingest(spends);
    m_view->resize(600, 500);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    QSignalSpy plotArea(m_view->chart(), &QChart::plotAreaChanged);
    m_view->setDatabase(m_db);
    QCOMPARE(m_view->buckets().size(), 45);
    auto *axis = qobject_cast<QCategoryAxis *>(m_view->chart()->axes(Qt::Horizontal).value(0));
    QVERIFY(axis);
    const QStringList labels = axis->categoriesLabels();
    QVERIFY2(labels.size() < 45, qPrintable(labels.join(u", "_s)));
    QVERIFY(labels.size() >= 2);
    // The chart lays out its plot area for the new axes when the scene is processed.
    QVERIFY(plotArea.size() > 0 || plotArea.wait());
    // They fit side by side in the plot area, so Qt Charts does not elide them.
    const QFontMetrics metrics(axis->labelsFont());
    int needed = 0;
    for (const QString &label : labels) {
        QVERIFY(!label.contains(u"..."_s) && !label.contains(QChar(0x2026)));
        needed += metrics.horizontalAdvance(label);
    }
    QVERIFY2(needed < m_view->chart()->plotArea().width(),
             qPrintable(u"%1 px of labels in %2 px"_s.arg(needed).arg(
                 m_view->chart()->plotArea().width())));

    // Wider: more labels.
    m_view->resize(1400, 500);
    QTRY_VERIFY(axis->categoriesLabels().size() > labels.size());
}

void TestCreditsView::tableHeadersAreNotClipped()
{
    ingest({{u"a"_s, QDate(2026, 3, 2), 10, 1}});
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    m_view->setDatabase(m_db);
    QHeaderView *header = m_view->tableView()->horizontalHeader();
    for (int column = 0; column + 1 < header->count(); ++column) {
        QVERIFY2(header->sectionSize(column) >= header->sectionSizeHint(column),
                 qPrintable(m_view->model()->headerData(column, Qt::Horizontal).toString()));
    }
}

QTEST_MAIN(TestCreditsView)
#include "tst_creditsview.moc"
