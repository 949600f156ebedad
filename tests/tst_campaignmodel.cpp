// SPDX-License-Identifier: MIT
#include "models/campaignmodel.h"
#include "models/modelroles.h"
#include "store/database.h"

#include "checks.h"
#include "fixtures.h"
#include "tempstore.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
/// Campaign camp_<n> with \a leads leads, received n minutes after the fixture time.
EventStore::Item campaign(int n, int leads)
{
    return TestSupport::sampleJobItem(u"evt_%1"_s.arg(n), u"camp_%1"_s.arg(n), leads, quint32(n));
}
} // namespace

class TestCampaignModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refreshInsertsWithoutReset();
    void missingTableIsReported();
    void corruptFileIsReported();
    void campaignArrivesUntilProjected();
};

// While its event is being projected in chunks a campaign says so, and stops saying so when
// the last chunk is written.
void TestCampaignModel::campaignArrivesUntilProjected()
{
    TestSupport::TempStore store(u"arriving"_s);
    TRY_OR_FAIL(store.open());
    {
        EventStore::Item item = campaign(1, 30);
        EventLog::Item logged = item;
        logged.envelope = EventEnvelope::of(item.event);
        logged.event = Event(); // what the endpoint appends: envelope and raw body only
        QCOMPARE(store.events().log().append({logged}).value(0).outcome, EventLog::Outcome::Stored);
        Projector &projector = store.events().projector();
        projector.setChunkLeads(10);
        QVERIFY(projector.step().projected.isEmpty()); // the campaign row and 10 leads

        CampaignModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDatabase(store.db());
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(model.isArriving(0));
        QVERIFY(model.index(0, CampaignModel::Name).data().toString().contains(u"arriving"_s));
        // Its totals are the event's own, right from the first chunk.
        QCOMPARE(model.index(0, CampaignModel::LeadsExtracted).data(ModelRoles::RawValueRole),
                 item.event.extractorJob->totalLeadsExtracted);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        projector.drain();
        model.refresh();
        QVERIFY(!model.isArriving(0));
        QVERIFY(!model.index(0, CampaignModel::Name).data().toString().contains(u"arriving"_s));
        QCOMPARE(changed.size(), 1);
    }
}

void TestCampaignModel::refreshInsertsWithoutReset()
{
    TestSupport::TempStore store(u"c"_s);
    TRY_OR_FAIL(store.open());
    {
        const QSqlDatabase db = store.db();
        TRY_OR_FAIL(store.ingest({campaign(1, 10), campaign(2, 20)}));

        CampaignModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDatabase(db);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.campaignId(0), u"camp_2"_s); // newest first
        QCOMPARE(model.index(0, CampaignModel::LeadsExtracted).data(ModelRoles::RawValueRole),
                 QVariant(qint64(20)));
        QVERIFY(model.index(0, 0).data(ModelRoles::IsNewRole).toBool());
        QCOMPARE(model.index(1, 0).data(ModelRoles::KeyRole).toString(), u"camp_1"_s);

        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.refresh();
        QCOMPARE(inserted.size(), 0);
        QCOMPARE(changed.size(), 0);

        TRY_OR_FAIL(store.ingest({campaign(3, 5)}));
        model.refresh();
        QCOMPARE(reset.size(), 0);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.campaignId(0), u"camp_3"_s);

        const qint64 rowId = model.campaignRowId(2);
        QCOMPARE(model.rowForCampaignRowId(rowId), 2);
        model.setSeen(rowId);
        QVERIFY(!model.index(2, 0).data(ModelRoles::IsNewRole).toBool());
        QCOMPARE(changed.size(), 1);

        model.sort(CampaignModel::LeadsExtracted, Qt::AscendingOrder);
        QCOMPARE(model.campaignId(0), u"camp_3"_s);
        QCOMPARE(model.campaignId(2), u"camp_2"_s);
        QCOMPARE(reset.size(), 0);
    }
}

// A failed query is not "no campaigns": the rows shown stay, the failure is signalled.
void TestCampaignModel::missingTableIsReported()
{
    QTemporaryDir dir;
    QString error;
    {
        QSqlDatabase db = Database::open(dir.filePath(u"c.sqlite"_s), u"c"_s,
                                         Database::Access::ReadWrite, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        EventStore store(db);
        store.ingest({campaign(1, 3), campaign(2, 3)});
        CampaignModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy failed(&model, &CampaignModel::queryFailed);
        model.setDatabase(db);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(failed.size(), 0);

        QSqlQuery query(db);
        QVERIFY(query.exec(u"ALTER TABLE campaigns RENAME TO campaigns_gone"_s));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"Campaigns query failed"_s));
        model.refresh();
        QCOMPARE(failed.size(), 1);
        QVERIFY2(failed.at(0).at(0).toString().contains(u"no such table: campaigns"_s),
                 qPrintable(failed.at(0).at(0).toString()));
        QCOMPARE(model.rowCount(), 2);
    }
    Database::close(u"c"_s);
}

void TestCampaignModel::corruptFileIsReported()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"c.sqlite"_s);
    QString error;
    qint64 pageSize = 0;
    qint64 rootPage = 0;
    {
        QSqlDatabase db = Database::open(path, u"c"_s, Database::Access::ReadWrite, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        EventStore store(db);
        QList<EventStore::Item> items;
        for (int n = 1; n <= 200; ++n)
            items.append(campaign(n, 1));
        store.ingest(items);
        QSqlQuery query(db);
        QVERIFY(query.exec(u"PRAGMA page_size"_s) && query.next());
        pageSize = query.value(0).toLongLong();
        QVERIFY(query.exec(u"SELECT rootpage FROM sqlite_schema WHERE name = 'campaigns'"_s)
                && query.next());
        rootPage = query.value(0).toLongLong();
        QVERIFY(query.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s));
    }
    Database::close(u"c"_s);
    {
        // The campaigns table's root page overwritten, as a failing disk would.
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.seek((rootPage - 1) * pageSize));
        QCOMPARE(file.write(QByteArray(pageSize, char(0xA5))), pageSize);
    }
    {
        QSqlDatabase db = Database::open(path, u"c2"_s, Database::Access::ReadOnly, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        CampaignModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy failed(&model, &CampaignModel::queryFailed);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"Campaigns query failed"_s));
        model.setDatabase(db);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(model.rowCount(), 0);
    }
    Database::close(u"c2"_s);
}

QTEST_GUILESS_MAIN(TestCampaignModel)
#include "tst_campaignmodel.moc"
