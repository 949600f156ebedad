// SPDX-License-Identifier: MIT
// The lead table sorted in the user's language: the order of names, the export's order, and a
// sorted table that takes in new leads without sorting everything again.
#include "common/localecollator.h"
#include "export/exportpreset.h"
#include "export/leadexporter.h"
#include "models/leadtablemodel.h"
#include "store/database.h"
#include "store/eventstore.h"

#include "fixtures.h"

#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// In id order (they are stored in this order).
const QStringList Names {u"Zoe"_s, u"Łukasz"_s, u"Ana María"_s, u"Aïcha"_s, u"alice"_s, u"ALICE"_s,
                         u""_s,    u"Émile"_s,  u"Eva"_s,       u"Lukas"_s, u"Ćwik"_s,  u"Cyryl"_s};

QList<Lead> leadsNamed(const QStringList &names, const QString &prefix)
{
    QList<Lead> leads;
    for (qsizetype i = 0; i < names.size(); ++i) {
        Lead lead;
        lead.id = prefix + QString::number(i);
        lead.fullName = names[i];
        lead.email = prefix + QString::number(i) + u"@example.com"_s;
        leads.append(lead);
    }
    return leads;
}

QStringList values(const LeadTableModel &model, LeadColumn::Id id)
{
    QStringList values;
    for (int row = 0; row < model.rowCount(); ++row)
        values.append(model.index(row, id).data().toString());
    return values;
}

} // namespace

class TestLeadSort final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void namesInTheLocalesOrder_data();
    void namesInTheLocalesOrder();
    void exportOrderIsTheTablesOrder_data();
    void exportOrderIsTheTablesOrder();
    void newLeadsMergeIntoTheSortedOrder();
    void changedLeadSortsAgain();

private:
    void ingest(const QString &eventId, const QString &campaignId, const QList<Lead> &leads);
    /// Every lead's id, in the order of its name in \a locale, ties by id, from the database.
    QList<qint64> expectedByName(const QString &locale, Qt::SortOrder order) const;

    QTemporaryDir m_dir;
    QString m_path;
    QSqlDatabase m_db;
    LeadTableModel *m_model = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
};

void TestLeadSort::ingest(const QString &eventId, const QString &campaignId,
                          const QList<Lead> &leads)
{
    EventStore store(m_db);
    const QList<EventStore::ItemResult> results
        = store.ingest({TestSupport::jobItem(eventId, campaignId, u"Campaign"_s, leads)});
    QCOMPARE(results.size(), 1);
    QCOMPARE(results[0].outcome, EventStore::Outcome::Stored);
}

QList<qint64> TestLeadSort::expectedByName(const QString &locale, Qt::SortOrder order) const
{
    QList<std::pair<QString, qint64>> rows;
    QSqlQuery query(m_db);
    if (!query.exec(u"SELECT full_name, id FROM leads"_s))
        return {};
    while (query.next())
        rows.append({query.value(0).toString(), query.value(1).toLongLong()});
    const LocaleCollator collator(locale);
    std::sort(rows.begin(), rows.end(), [&](const auto &a, const auto &b) {
        const int c = collator.compare(a.first.toUtf8(), b.first.toUtf8());
        return c != 0 ? c < 0 : a.second < b.second;
    });
    QList<qint64> ids;
    for (const auto &row : std::as_const(rows))
        ids.append(row.second);
    if (order == Qt::DescendingOrder)
        std::reverse(ids.begin(), ids.end());
    return ids;
}

void TestLeadSort::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(u"leads.sqlite"_s);
    QString error;
    m_db = Database::open(m_path, u"fixture"_s, Database::Access::ReadWrite, &error);
    QVERIFY2(m_db.isOpen(), qPrintable(error));
    ingest(u"evt_names"_s, u"camp_names"_s, leadsNamed(Names, u"n"_s));
}

void TestLeadSort::cleanupTestCase()
{
    m_db = {};
    Database::close(u"fixture"_s);
}

void TestLeadSort::init()
{
    m_model = new LeadTableModel;
    m_tester = new QAbstractItemModelTester(m_model,
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->setDatabasePath(m_path);
    QVERIFY(m_model->waitForLoaded());
}

void TestLeadSort::cleanup()
{
    delete m_tester;
    delete m_model;
}

void TestLeadSort::namesInTheLocalesOrder_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<QStringList>("names");
    // Empty first; accents after their letter, not after z; case ties by id (alice before
    // ALICE); Polish Ć and Ł are letters after C and L.
    const QStringList polish {u""_s,          u"Aïcha"_s, u"alice"_s,  u"ALICE"_s,
                              u"Ana María"_s, u"Cyryl"_s, u"Ćwik"_s,   u"Émile"_s,
                              u"Eva"_s,       u"Lukas"_s, u"Łukasz"_s, u"Zoe"_s};
    QTest::newRow("pl_PL ascending") << u"pl_PL"_s << Qt::AscendingOrder << polish;
    QStringList reversed(polish.rbegin(), polish.rend());
    QTest::newRow("pl_PL descending is the reverse")
        << u"pl_PL"_s << Qt::DescendingOrder << reversed;
    // English: Ć is C with an accent, compared as c ("Ćwik" before "Cyryl").
    QStringList english = polish;
    english.swapItemsAt(5, 6);
    QTest::newRow("en_US ascending") << u"en_US"_s << Qt::AscendingOrder << english;
}

void TestLeadSort::namesInTheLocalesOrder()
{
    QFETCH(QString, locale);
    QFETCH(Qt::SortOrder, order);
    QFETCH(QStringList, names);
    m_model->setSortLocale(locale);
    QCOMPARE(m_model->sortLocale(), locale);
    m_model->sort(LeadColumn::FullName, order);
    QVERIFY(m_model->waitForLoaded());
    QCOMPARE(values(*m_model, LeadColumn::FullName), names);
    QCOMPARE(m_model->leadRowIds(), expectedByName(locale, order));
    QCOMPARE(m_model->filter().collationLocale, locale);
}

void TestLeadSort::exportOrderIsTheTablesOrder_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<int>("column");
    const int name = LeadColumn::FullName;
    QTest::newRow("name, pl_PL ascending") << u"pl_PL"_s << Qt::AscendingOrder << name;
    QTest::newRow("name, pl_PL descending") << u"pl_PL"_s << Qt::DescendingOrder << name;
    QTest::newRow("name, en_US descending") << u"en_US"_s << Qt::DescendingOrder << name;
    // An identifier: NOCASE in both, bytes: "n10@" before "n1@" ('0' is below '@'), where
    // ICU would put "n1@" first (punctuation before digits).
    QTest::newRow("email, pl_PL ascending")
        << u"pl_PL"_s << Qt::AscendingOrder << int(LeadColumn::Email);
}

void TestLeadSort::exportOrderIsTheTablesOrder()
{
    // The export sorts in SQL (ORDER BY ... COLLATE lv_locale_<locale>, l.id), the table in
    // C++ from sort keys: the same rows in the same order.
    QFETCH(QString, locale);
    QFETCH(Qt::SortOrder, order);
    QFETCH(int, column);
    m_model->setSortLocale(locale);
    m_model->sort(column, order);
    QVERIFY(m_model->waitForLoaded());

    LeadExporter exporter(m_db);
    LeadExporter::Request request;
    request.preset = ExportPreset::custom({LeadColumn::LeadId, LeadColumn::FullName});
    request.filter = m_model->filter();
    request.csv.backgroundWrites = false;
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    const LeadExporter::Result result = exporter.exportToDevice(&buffer, request);
    QVERIFY2(result.ok, qPrintable(result.error));
    QStringList lines = QString::fromUtf8(buffer.data()).split(u"\r\n"_s, Qt::SkipEmptyParts);
    QVERIFY(!lines.isEmpty());
    lines.removeFirst(); // the header
    QStringList exported;
    for (const QString &line : std::as_const(lines))
        exported.append(line.section(u',', 0, 0));
    QCOMPARE(exported, values(*m_model, LeadColumn::LeadId));
    QCOMPARE(exported.size(), int(Names.size()));
    if (column == LeadColumn::Email)
        QCOMPARE(exported.mid(0, 4), (QStringList {u"n0"_s, u"n10"_s, u"n11"_s, u"n1"_s}));
}

void TestLeadSort::newLeadsMergeIntoTheSortedOrder()
{
    m_model->setSortLocale(u"pl_PL"_s);
    m_model->sort(LeadColumn::FullName, Qt::AscendingOrder);
    QVERIFY(m_model->waitForLoaded());
    const LeadSortStats before = m_model->sortStats();
    QCOMPARE(before.fullSorts, 1u);

    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    // Names that go first, last, between Polish letters and tie with a kept one.
    const QStringList newer {u"Aaron"_s, u"Zuzanna"_s, u"Łucja"_s, u"Ćma"_s, u"Alice"_s};
    ingest(u"evt_more"_s, u"camp_more"_s, leadsNamed(newer, u"m"_s));
    m_model->refresh();
    QVERIFY(m_model->waitForLoaded());
    QCOMPARE(m_model->rowCount(), int(Names.size() + newer.size()));
    QCOMPARE(m_model->leadRowIds(), expectedByName(u"pl_PL"_s, Qt::AscendingOrder));
    const QStringList names = values(*m_model, LeadColumn::FullName);
    QCOMPARE(names.first(), QString());
    QCOMPARE(names.at(1), u"Aaron"_s);
    QCOMPARE(names.mid(3, 3), (QStringList {u"alice"_s, u"ALICE"_s, u"Alice"_s}));
    QVERIFY(names.indexOf(u"Ćma"_s) == names.indexOf(u"Ćwik"_s) - 1);
    QVERIFY(names.indexOf(u"Łucja"_s) == names.indexOf(u"Łukasz"_s) - 1);
    QCOMPARE(names.last(), u"Zuzanna"_s);
    QCOMPARE(reset.size(), 0);

    // Merged into the kept order, not sorted again.
    const LeadSortStats after = m_model->sortStats();
    QCOMPARE(after.fullSorts, before.fullSorts);
    QCOMPARE(after.merges, before.merges + 1);
    QCOMPARE(after.mergedRows, before.mergedRows + quint64(newer.size()));

    // Descending is the reverse of the merged order, from the same kept order.
    m_model->sort(LeadColumn::FullName, Qt::DescendingOrder);
    QVERIFY(m_model->waitForLoaded());
    QCOMPARE(m_model->leadRowIds(), expectedByName(u"pl_PL"_s, Qt::DescendingOrder));
    QCOMPARE(m_model->sortStats().fullSorts, before.fullSorts);

    // A refresh with nothing new checks the kept order and keeps it.
    m_model->refresh();
    QVERIFY(m_model->waitForLoaded());
    QCOMPARE(m_model->sortStats().fullSorts, before.fullSorts);
    QCOMPARE(m_model->leadRowIds(), expectedByName(u"pl_PL"_s, Qt::DescendingOrder));
}

void TestLeadSort::changedLeadSortsAgain()
{
    m_model->setSortLocale(u"pl_PL"_s);
    m_model->sort(LeadColumn::FullName, Qt::AscendingOrder);
    QVERIFY(m_model->waitForLoaded());
    const LeadSortStats before = m_model->sortStats();

    // The same campaign again with one lead renamed: an upsert of a kept row, so the kept
    // order is no longer right and is made again.
    QList<Lead> renamed = leadsNamed(Names, u"n"_s);
    renamed[0].fullName = u"Adam"_s; // was "Zoe"
    ingest(u"evt_renamed"_s, u"camp_names"_s, renamed);
    m_model->refresh();
    QVERIFY(m_model->waitForLoaded());
    QCOMPARE(m_model->leadRowIds(), expectedByName(u"pl_PL"_s, Qt::AscendingOrder));
    QCOMPARE(m_model->sortStats().fullSorts, before.fullSorts + 1);
    QCOMPARE(m_model->sortStats().merges, before.merges);

    // A deleted lead: sorted again too.
    QSqlQuery query(m_db);
    QVERIFY(query.exec(u"DELETE FROM leads WHERE full_name = 'Eva'"_s));
    m_model->refresh();
    QVERIFY(m_model->waitForLoaded());
    QCOMPARE(m_model->leadRowIds(), expectedByName(u"pl_PL"_s, Qt::AscendingOrder));
    QCOMPARE(m_model->sortStats().fullSorts, before.fullSorts + 2);
}

QTEST_GUILESS_MAIN(TestLeadSort)
#include "tst_leadsort.moc"
