// SPDX-License-Identifier: MIT
#include "models/campaignmodel.h"
#include "models/modelroles.h"

#include "checks.h"
#include "fixtures.h"
#include "tempstore.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
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
};

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

QTEST_GUILESS_MAIN(TestCampaignModel)
#include "tst_campaignmodel.moc"
