// SPDX-License-Identifier: MIT
#include "models/creditsmodel.h"
#include "models/modelroles.h"

#include "checks.h"
#include "fixtures.h"
#include "tempstore.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

struct CampaignSpec
{
    QString eventId;
    QString campaignId;
    QString name;
    int leads = 0;
    int leadsWithEmail = 0;
    qint64 extraction = 0;
    qint64 enrichment = 0;
    qint64 total = 0;
    qint64 extracted = 0;
    qint64 enriched = 0;
    QDateTime completedAt; ///< invalid: none sent
    qint64 receivedAtMs = 0;
};

EventStore::Item specItem(const CampaignSpec &spec)
{
    EventStore::Item item = TestSupport::sampleJobItem(spec.eventId, spec.campaignId, spec.leads, 7,
                                                       spec.receivedAtMs);
    ExtractorJob &job = *item.event.extractorJob;
    job.campaignName = spec.name;
    job.credits = {spec.extraction, spec.enrichment, spec.total};
    job.totalLeadsExtracted = spec.extracted;
    job.totalLeadsEnriched = spec.enriched;
    job.completedAt = spec.completedAt;
    for (int i = 0; i < job.leads.size(); ++i) {
        job.leads[i].email = i < spec.leadsWithEmail ? u"lead%1@example.com"_s.arg(i) : QString();
    }
    return item;
}

QDateTime utc(int y, int m, int d, int h = 12)
{
    return QDateTime(QDate(y, m, d), QTime(h, 0), Qt::UTC);
}

} // namespace

class TestCreditsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void emptyDatabaseHasOnlyTotal();
    void perCampaignAndTotal();
    void divisionByZeroIsEmpty();
    void headers();
    void refreshAfterNewEventInsertsWithoutReset();
    void refreshUpdatesChangedCampaign();
    void dailyOldestFirstWithoutGaps();
    void dailyFilteredByCampaign();
    void missingTableIsReported();

private:
    void ingest(const QList<CampaignSpec> &specs);
    qint64 campaignRowId(const QString &campaignId) const;
    QVariant raw(int row, int column) const
    {
        return m_model->data(m_model->index(row, column), ModelRoles::RawValueRole);
    }
    QString text(int row, int column) const
    {
        return m_model->data(m_model->index(row, column)).toString();
    }

    std::unique_ptr<TestSupport::TempStore> m_store;
    QSqlDatabase m_db;
    CreditsModel *m_model = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
    int m_run = 0;
};

void TestCreditsModel::init()
{
    m_store = std::make_unique<TestSupport::TempStore>(u"credits_%1"_s.arg(++m_run));
    TRY_OR_FAIL(m_store->open());
    m_db = m_store->db();
    m_model = new CreditsModel;
    m_tester = new QAbstractItemModelTester(m_model,
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestCreditsModel::cleanup()
{
    delete m_tester;
    delete m_model;
    m_tester = nullptr;
    m_model = nullptr;
    m_db = {};
    m_store.reset();
}

void TestCreditsModel::ingest(const QList<CampaignSpec> &specs)
{
    QList<EventStore::Item> items;
    for (const CampaignSpec &spec : specs)
        items.append(specItem(spec));
    TRY_OR_FAIL(m_store->ingest(items));
}

qint64 TestCreditsModel::campaignRowId(const QString &campaignId) const
{
    QSqlQuery query(m_db);
    query.prepare(u"SELECT id FROM campaigns WHERE campaign_id = ?"_s);
    query.addBindValue(campaignId);
    if (!query.exec() || !query.next())
        return 0;
    return query.value(0).toLongLong();
}

void TestCreditsModel::emptyDatabaseHasOnlyTotal()
{
    m_model->setDatabase(m_db);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->columnCount(), int(CreditsModel::ColumnCount));
    QCOMPARE(text(0, CreditsModel::Campaign), u"Total"_s);
    QCOMPARE(raw(0, CreditsModel::CreditsTotal).toLongLong(), 0);
    QVERIFY(raw(0, CreditsModel::CreditsPerLead).isNull());
    QCOMPARE(m_model->data(m_model->index(0, 0), ModelRoles::RowIdRole).toLongLong(), 0);
    QVERIFY(m_model->daily().isEmpty());
}

void TestCreditsModel::perCampaignAndTotal()
{
    ingest({{u"evt_a"_s, u"camp_a"_s, u"Alpha"_s, 10, 4, 100, 50, 150, 10, 5, utc(2024, 2, 20),
             1708770600000},
            {u"evt_b"_s, u"camp_b"_s, QString(), 8, 8, 30, 10, 40, 8, 2, utc(2024, 2, 21),
             1708770700000}});
    m_model->setDatabase(m_db);
    QCOMPARE(m_model->rowCount(), 3);

    // Newest first; a campaign without a name shows its id.
    QCOMPARE(text(0, CreditsModel::Campaign), u"camp_b"_s);
    QCOMPARE(text(1, CreditsModel::Campaign), u"Alpha"_s);
    QCOMPARE(m_model->data(m_model->index(1, 0), ModelRoles::RowIdRole).toLongLong(),
             campaignRowId(u"camp_a"_s));

    QCOMPARE(raw(1, CreditsModel::CreditsExtraction).toLongLong(), 100);
    QCOMPARE(raw(1, CreditsModel::CreditsEnrichment).toLongLong(), 50);
    QCOMPARE(raw(1, CreditsModel::CreditsTotal).toLongLong(), 150);
    QCOMPARE(raw(1, CreditsModel::LeadsExtracted).toLongLong(), 10);
    QCOMPARE(raw(1, CreditsModel::LeadsEnriched).toLongLong(), 5);
    QCOMPARE(raw(1, CreditsModel::LeadsWithEmail).toLongLong(), 4);
    QCOMPARE(raw(1, CreditsModel::CreditsPerLead).toDouble(), 15.0);
    QCOMPARE(raw(1, CreditsModel::CreditsPerLeadWithEmail).toDouble(), 37.5);
    QCOMPARE(raw(0, CreditsModel::CreditsPerLead).toDouble(), 5.0);
    QCOMPARE(raw(0, CreditsModel::CreditsPerLeadWithEmail).toDouble(), 5.0);

    // Total: sums, and ratios of the sums (not sums of ratios).
    const int total = 2;
    QCOMPARE(text(total, CreditsModel::Campaign), u"Total"_s);
    QCOMPARE(m_model->data(m_model->index(total, 0), ModelRoles::RowIdRole).toLongLong(), 0);
    QCOMPARE(raw(total, CreditsModel::CreditsExtraction).toLongLong(), 130);
    QCOMPARE(raw(total, CreditsModel::CreditsEnrichment).toLongLong(), 60);
    QCOMPARE(raw(total, CreditsModel::CreditsTotal).toLongLong(), 190);
    QCOMPARE(raw(total, CreditsModel::LeadsExtracted).toLongLong(), 18);
    QCOMPARE(raw(total, CreditsModel::LeadsEnriched).toLongLong(), 7);
    QCOMPARE(raw(total, CreditsModel::LeadsWithEmail).toLongLong(), 12);
    QCOMPARE(raw(total, CreditsModel::CreditsPerLead).toDouble(), 190.0 / 18.0);
    QCOMPARE(raw(total, CreditsModel::CreditsPerLeadWithEmail).toDouble(), 190.0 / 12.0);

    // Display: numbers right-aligned, ratios with two decimals in the current locale.
    QCOMPARE(text(1, CreditsModel::CreditsPerLeadWithEmail), QLocale().toString(37.5, 'f', 2));
    QCOMPARE(text(1, CreditsModel::CreditsTotal), QLocale().toString(150));
    QCOMPARE(m_model->data(m_model->index(1, CreditsModel::CreditsTotal), Qt::TextAlignmentRole)
                 .value<Qt::Alignment>(),
             Qt::AlignRight | Qt::AlignVCenter);
}

void TestCreditsModel::divisionByZeroIsEmpty()
{
    // No leads extracted and none with an email: the ratios are null and show as nothing.
    ingest({{u"evt_z"_s, u"camp_z"_s, u"Zero"_s, 3, 0, 5, 0, 5, 0, 0, utc(2024, 2, 20),
             1708770600000}});
    m_model->setDatabase(m_db);
    QCOMPARE(m_model->rowCount(), 2);
    for (int row : {0, 1}) {
        QVERIFY(raw(row, CreditsModel::CreditsPerLead).isNull());
        QVERIFY(raw(row, CreditsModel::CreditsPerLeadWithEmail).isNull());
        QCOMPARE(text(row, CreditsModel::CreditsPerLead), QString());
        QCOMPARE(text(row, CreditsModel::CreditsPerLeadWithEmail), QString());
        QCOMPARE(raw(row, CreditsModel::LeadsWithEmail).toLongLong(), 0);
        QCOMPARE(raw(row, CreditsModel::CreditsTotal).toLongLong(), 5);
    }
}

void TestCreditsModel::headers()
{
    m_model->setDatabase(m_db);
    for (int column = 0; column < CreditsModel::ColumnCount; ++column)
        QVERIFY(!m_model->headerData(column, Qt::Horizontal).toString().isEmpty());
    QCOMPARE(m_model->headerData(CreditsModel::CreditsTotal, Qt::Horizontal).toString(),
             u"Total credits"_s);
}

void TestCreditsModel::refreshAfterNewEventInsertsWithoutReset()
{
    ingest({{u"evt_a"_s, u"camp_a"_s, u"Alpha"_s, 4, 2, 10, 0, 10, 4, 0, utc(2024, 2, 20),
             1708770600000}});
    m_model->setDatabase(m_db);
    QCOMPARE(m_model->rowCount(), 2);

    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    ingest({{u"evt_b"_s, u"camp_b"_s, u"Beta"_s, 6, 6, 20, 6, 26, 6, 6, utc(2024, 2, 21),
             1708770700000}});
    m_model->refresh();

    QCOMPARE(reset.size(), 0);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 0);
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(text(0, CreditsModel::Campaign), u"Beta"_s);
    QCOMPARE(text(1, CreditsModel::Campaign), u"Alpha"_s);
    // Only the total changed among the old rows.
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 2);
    QCOMPARE(raw(2, CreditsModel::CreditsTotal).toLongLong(), 36);
    QCOMPARE(raw(2, CreditsModel::LeadsWithEmail).toLongLong(), 8);

    // Nothing new: no signal at all.
    inserted.clear();
    changed.clear();
    m_model->refresh();
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(reset.size(), 0);
}

void TestCreditsModel::refreshUpdatesChangedCampaign()
{
    ingest({{u"evt_a"_s, u"camp_a"_s, u"Alpha"_s, 4, 2, 10, 0, 10, 4, 0, utc(2024, 2, 20),
             1708770600000},
            {u"evt_b"_s, u"camp_b"_s, u"Beta"_s, 4, 2, 10, 0, 10, 4, 0, utc(2024, 2, 20),
             1708770700000}});
    m_model->setDatabase(m_db);
    QCOMPARE(text(1, CreditsModel::Campaign), u"Alpha"_s);

    // A later event for camp_a: it moves to the top (received last), values replaced.
    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    ingest({{u"evt_a2"_s, u"camp_a"_s, u"Alpha 2"_s, 4, 4, 40, 0, 40, 4, 0, utc(2024, 2, 22),
             1708770800000}});
    m_model->refresh();
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(text(0, CreditsModel::Campaign), u"Alpha 2"_s);
    QCOMPARE(raw(0, CreditsModel::CreditsTotal).toLongLong(), 40);
    QCOMPARE(raw(0, CreditsModel::LeadsWithEmail).toLongLong(), 4);
    QCOMPARE(text(1, CreditsModel::Campaign), u"Beta"_s);
    QCOMPARE(raw(2, CreditsModel::CreditsTotal).toLongLong(), 50);
}

void TestCreditsModel::dailyOldestFirstWithoutGaps()
{
    // Received in a different order than completed; one without completed_at counts on the
    // day it was received (2024-02-24 08:30 UTC).
    ingest({{u"evt_3"_s, u"camp_3"_s, u"Three"_s, 1, 0, 7, 3, 10, 1, 0, utc(2024, 2, 23, 23),
             1708770600000},
            {u"evt_1"_s, u"camp_1"_s, u"One"_s, 1, 0, 1, 2, 3, 1, 0, utc(2024, 2, 20, 0),
             1708770600000 + 1000},
            {u"evt_1b"_s, u"camp_1b"_s, u"One b"_s, 1, 0, 10, 20, 30, 1, 0, utc(2024, 2, 20, 23),
             1708770600000 + 2000},
            {u"evt_4"_s, u"camp_4"_s, u"Four"_s, 1, 0, 100, 0, 100, 1, 0, QDateTime(),
             1708763400000}});
    m_model->setDatabase(m_db);
    const QList<DailyCredits> series = m_model->daily();
    QCOMPARE(series.size(), 5);
    for (int i = 0; i < series.size(); ++i)
        QCOMPARE(series[i].day, QDate(2024, 2, 20).addDays(i));
    QCOMPARE(series[0].extraction, 11);
    QCOMPARE(series[0].enrichment, 22);
    QCOMPARE(series[1].extraction, 0);
    QCOMPARE(series[1].enrichment, 0);
    QCOMPARE(series[2].extraction, 0);
    QCOMPARE(series[3].extraction, 7);
    QCOMPARE(series[3].enrichment, 3);
    QCOMPARE(series[4].day, QDate(2024, 2, 24));
    QCOMPARE(series[4].extraction, 100);
}

void TestCreditsModel::dailyFilteredByCampaign()
{
    ingest(
        {{u"evt_1"_s, u"camp_1"_s, u"One"_s, 1, 0, 1, 2, 3, 1, 0, utc(2024, 2, 20), 1708770600000},
         {u"evt_2"_s, u"camp_2"_s, u"Two"_s, 1, 0, 5, 0, 5, 1, 0, utc(2024, 2, 22), 1708770700000},
         {u"evt_3"_s, u"camp_3"_s, u"Three"_s, 1, 0, 9, 9, 18, 1, 0, utc(2024, 3, 1),
          1708770800000}});
    m_model->setDatabase(m_db);
    QCOMPARE(m_model->daily().size(), 11); // Feb 20 .. Mar 1 (2024 is a leap year)

    const QList<DailyCredits> two = m_model->daily({campaignRowId(u"camp_2"_s)});
    QCOMPARE(two.size(), 1);
    QCOMPARE(two[0].day, QDate(2024, 2, 22));
    QCOMPARE(two[0].extraction, 5);

    const QList<DailyCredits> oneAndTwo
        = m_model->daily({campaignRowId(u"camp_1"_s), campaignRowId(u"camp_2"_s)});
    QCOMPARE(oneAndTwo.size(), 3);
    QCOMPARE(oneAndTwo.first().day, QDate(2024, 2, 20));
    QCOMPARE(oneAndTwo.first().extraction, 1);
    QCOMPARE(oneAndTwo[1].extraction, 0);
    QCOMPARE(oneAndTwo.last().day, QDate(2024, 2, 22));

    // An id that is no campaign: nothing.
    QVERIFY(m_model->daily({987654}).isEmpty());
}

// A failed query is not "no credits": the rows (and the total) shown stay, the failure is
// signalled, and daily() says so too rather than drawing an empty chart silently.
void TestCreditsModel::missingTableIsReported()
{
    ingest({{u"evt_a"_s, u"camp_a"_s, u"A"_s, 2, 1, 10, 5, 15, 2, 1, utc(2024, 2, 1), 1}});
    m_model->setDatabase(m_db);
    QCOMPARE(m_model->rowCount(), 2);
    QSignalSpy failed(m_model, &CreditsModel::queryFailed);

    QSqlQuery query(m_db);
    QVERIFY(query.exec(u"ALTER TABLE campaigns RENAME TO campaigns_gone"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"Credits query failed"_s));
    m_model->refresh();
    QCOMPARE(failed.size(), 1);
    QVERIFY2(failed.at(0).at(0).toString().contains(u"no such table: campaigns"_s),
             qPrintable(failed.at(0).at(0).toString()));
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(raw(1, CreditsModel::CreditsTotal), QVariant(qint64(15)));

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"Credits query failed"_s));
    QVERIFY(m_model->daily().isEmpty());
    QCOMPARE(failed.size(), 2);
}

QTEST_GUILESS_MAIN(TestCreditsModel)
#include "tst_creditsmodel.moc"
