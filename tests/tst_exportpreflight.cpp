// SPDX-License-Identifier: MIT
// ExportPreflight over a real store: counts and preflight answers arrive on the owner's thread
// with the generation they were asked with; a newer preflight replaces an older one, and an
// answer is always the one for the request it carries the generation of; a store that cannot
// be opened is reported, not shown as zero leads.
#include "export/exportpreflight.h"

#include "checks.h"
#include "fixtures.h"
#include "tempstore.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace TestSupport;

namespace {
QList<Lead> leads(const QString &prefix, int count, int withoutEmail)
{
    QList<Lead> list;
    for (int i = 0; i < count; ++i) {
        Lead lead;
        lead.id = u"%1-%2"_s.arg(prefix).arg(i);
        lead.linkedinIdentifier = lead.id;
        lead.linkedinUrl = u"https://www.linkedin.com/in/"_s + lead.id;
        lead.firstName = u"First"_s;
        lead.lastName = u"Last %1"_s.arg(i);
        lead.fullName = lead.firstName + u' ' + lead.lastName;
        lead.company = u"Company"_s;
        lead.email = i < withoutEmail ? QString() : lead.id + u"@example.com"_s;
        list.append(lead);
    }
    return list;
}

LeadExporter::Request hubspotFor(qint64 campaignRowId)
{
    LeadExporter::Request request;
    request.preset = ExportPreset::preset(ExportPreset::Id::HubSpot);
    request.filter.campaignRowIds = {campaignRowId};
    return request;
}
} // namespace

class TestExportPreflight : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void countsArrive();
    void aNewerCheckIsAnsweredForItsOwnRequest();
    void unreadableStoreIsReported();

private:
    TempStore m_store {u"preflight"_s};
    qint64 m_campaignA = 0; ///< 6 leads, 2 without email
    qint64 m_campaignB = 0; ///< 4 leads, all without email
};

void TestExportPreflight::initTestCase()
{
    m_store.open();
    m_store.ingest({jobItem(u"evt_a"_s, u"camp_a"_s, u"Alpha"_s, leads(u"a"_s, 6, 2)),
                    jobItem(u"evt_b"_s, u"camp_b"_s, u"Beta"_s, leads(u"b"_s, 4, 4))});
    QSqlQuery query(m_store.db());
    QVERIFY(query.exec(u"SELECT id, campaign_id FROM campaigns"_s));
    while (query.next()) {
        (query.value(1).toString() == u"camp_a"_s ? m_campaignA : m_campaignB)
            = query.value(0).toLongLong();
    }
    QVERIFY(m_campaignA > 0 && m_campaignB > 0);
}

void TestExportPreflight::countsArrive()
{
    ExportPreflight preflight(m_store.path());
    QSignalSpy spy(&preflight, &ExportPreflight::countsReady);
    LeadFilter onlyB;
    onlyB.campaignRowIds = {m_campaignB};
    const quint64 generation = preflight.count({{1, LeadFilter()}, {2, onlyB}});
    QVERIFY(spy.wait());
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.at(0).at(0).toULongLong(), generation);
    using Counts = QHash<int, qint64>;
    const auto counts = spy.at(0).at(1).value<Counts>();
    QCOMPARE(counts.value(1), 10);
    QCOMPARE(counts.value(2), 4);
    QCOMPARE(spy.at(0).at(2).toString(), QString());
}

void TestExportPreflight::aNewerCheckIsAnsweredForItsOwnRequest()
{
    ExportPreflight preflight(m_store.path());
    QSignalSpy spy(&preflight, &ExportPreflight::checked);
    const quint64 older = preflight.check(hubspotFor(m_campaignA));
    const quint64 newer = preflight.check(hubspotFor(m_campaignB));
    QVERIFY(newer > older);
    QTRY_VERIFY(!spy.isEmpty() && spy.constLast().at(0).toULongLong() == newer);
    // The older one is answered only if it finished before the newer was asked, and then
    // first; whichever arrives carries its own request's counts.
    QVERIFY(spy.size() <= 2);
    for (const QList<QVariant> &answer : std::as_const(spy)) {
        const auto warnings = answer.at(1).value<QList<ExportWarning>>();
        QCOMPARE(warnings.size(), 1);
        QCOMPARE(warnings.constFirst().kind, ExportWarning::Kind::MissingEmail);
        QCOMPARE(warnings.constFirst().count, answer.at(0).toULongLong() == newer ? 4 : 2);
    }
    if (spy.size() == 2)
        QCOMPARE(spy.constFirst().at(0).toULongLong(), older);
}

void TestExportPreflight::unreadableStoreIsReported()
{
    ExportPreflight preflight(m_store.filePath(u"missing/none.sqlite"_s));
    QSignalSpy counts(&preflight, &ExportPreflight::countsReady);
    QSignalSpy checked(&preflight, &ExportPreflight::checked);
    preflight.count({{1, LeadFilter()}});
    preflight.check(hubspotFor(m_campaignA));
    QVERIFY(counts.wait());
    using Counts = QHash<int, qint64>;
    QCOMPARE(counts.at(0).at(1).value<Counts>().value(1), -1);
    QVERIFY(!counts.at(0).at(2).toString().isEmpty());
    QTRY_COMPARE(checked.size(), 1);
    QVERIFY(checked.at(0).at(1).value<QList<ExportWarning>>().isEmpty());
    QVERIFY(!checked.at(0).at(2).toString().isEmpty());
}

QTEST_GUILESS_MAIN(TestExportPreflight)
#include "tst_exportpreflight.moc"
