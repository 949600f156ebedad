// SPDX-License-Identifier: MIT
#include "models/campaignmodel.h"
#include "models/modelroles.h"
#include "sendpilot/eventparser.h"
#include "sendpilot/sampleevents.h"
#include "store/database.h"
#include "store/eventstore.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
EventStore::Item makeItem(int n, int leads)
{
    EventStore::Item item;
    const QByteArray body
        = SampleEvents::extractorJob(u"evt_%1"_s.arg(n), u"camp_%1"_s.arg(n), leads, quint32(n));
    item.event = *EventParser::parse(body).event;
    item.delivery.receivedAtMs = 1708770600000 + n * 60000LL;
    item.delivery.method = u"POST"_s;
    item.delivery.status = 200;
    item.delivery.verdict = Verdict::Accepted;
    return item;
}
} // namespace

class TestCampaignModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refreshInsertsWithoutReset();
};

void TestCampaignModel::refreshInsertsWithoutReset()
{
    QTemporaryDir dir;
    QString error;
    {
        QSqlDatabase db = Database::open(dir.filePath(u"c.sqlite"_s), u"c"_s,
                                         Database::Access::ReadWrite, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        EventStore store(db);
        store.ingest({makeItem(1, 10), makeItem(2, 20)});

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

        store.ingest({makeItem(3, 5)});
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
    Database::close(u"c"_s);
}

QTEST_GUILESS_MAIN(TestCampaignModel)
#include "tst_campaignmodel.moc"
