// SPDX-License-Identifier: MIT
#include "common/localecollator.h"
#include "models/leadtablemodel.h"
#include "models/modelroles.h"
#include "query/leadflattener.h"
#include "store/database.h"
#include "store/eventstore.h"

#include "fixtures.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QLocale>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

using TestSupport::sampleJobItem;

// The language the tests sort in (the model is told, see init()).
const QString SortLocale = u"en_US"_s;

// ASCII-only case folding on UTF-8 bytes: SQLite's NOCASE, how identifiers sort.
QByteArray nocaseKey(const QString &text)
{
    QByteArray key = text.toUtf8();
    for (char &c : key) {
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    }
    return key;
}

// <0, 0, >0 as \a a sorts before, with or after \a b in SortLocale: ICU's string comparison,
// which SQLite's ORDER BY ... COLLATE lv_locale_en_US uses too.
int collate(const QString &a, const QString &b)
{
    static const LocaleCollator collator(SortLocale);
    return collator.compare(a.toUtf8(), b.toUtf8());
}

// The leads of \a where (all when empty) in the order of \a column, computed here from the
// values read back by id: value (NULL first ascending; text in SortLocale's collation,
// identifiers as NOCASE;
// JSON columns by their flattened display text), then id; descending is the exact reverse.
QList<qint64> expectedOrder(LeadColumn::Id column, Qt::SortOrder order, const QString &where = {},
                            const QVariantList &bindings = {})
{
    struct Entry
    {
        qint64 id;
        QVariant value;
    };
    QList<Entry> entries;
    QSqlQuery query(QSqlDatabase::database(u"fixture"_s));
    query.prepare(u"SELECT l.id, "_s + LeadColumn::sqlExpression(column)
                  + u" FROM leads l JOIN campaigns c ON c.id = l.campaign"_s
                  + (where.isEmpty() ? QString() : u" WHERE "_s + where));
    for (const QVariant &value : bindings)
        query.addBindValue(value);
    if (!query.exec())
        qWarning() << query.lastError().text();
    const LeadColumn::Type type = LeadColumn::type(column);
    while (query.next()) {
        QVariant value = query.value(1);
        if (type == LeadColumn::Type::ExperienceJson || type == LeadColumn::Type::EducationJson
            || type == LeadColumn::Type::StringListJson) {
            QByteArray flat;
            LeadFlattener::append(type, value.toByteArray(), flat);
            value = QString::fromUtf8(flat);
        }
        entries.append({query.value(0).toLongLong(), value});
    }
    const bool numeric = type == LeadColumn::Type::Integer || type == LeadColumn::Type::TimestampMs;
    const bool language = LeadColumn::sortsInLanguage(column);
    const auto less = [numeric, language](const Entry &a, const Entry &b) {
        if (a.value.isNull() != b.value.isNull())
            return a.value.isNull();
        if (numeric && a.value.toLongLong() != b.value.toLongLong())
            return a.value.toLongLong() < b.value.toLongLong();
        if (!numeric && language) {
            if (const int c = collate(a.value.toString(), b.value.toString()); c != 0)
                return c < 0;
        } else if (!numeric) {
            const QByteArray x = nocaseKey(a.value.toString()), y = nocaseKey(b.value.toString());
            if (x != y)
                return x < y;
        }
        return a.id < b.id;
    };
    std::sort(entries.begin(), entries.end(), less);
    if (order == Qt::DescendingOrder)
        std::reverse(entries.begin(), entries.end());
    QList<qint64> ids;
    for (const Entry &entry : std::as_const(entries))
        ids.append(entry.id);
    return ids;
}

} // namespace

class TestLeadTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void loadsEveryLead();
    void displayFormatting();
    void filterByCampaign();
    void search_data();
    void search();
    void quickFilters();
    void sortMatchesStdSort_data();
    void sortMatchesStdSort();
    void sortWithFilterFirst_data();
    void sortWithFilterFirst();
    void searchShowsFirstRowsThenAppends();
    void refreshAppendsWithOneInsert();
    void refreshKeepsSelectionAndSort();
    void staleQueriesAreDropped();

private:
    QList<qint64> sqlIds(const QString &where = {}, const QVariantList &bindings = {}) const;
    void ingest(const QList<EventStore::Item> &items);

    QTemporaryDir m_dir;
    QString m_path;
    QSqlDatabase m_db;
    LeadTableModel *m_model = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
    int m_nextEvent = 10;
};

void TestLeadTableModel::ingest(const QList<EventStore::Item> &items)
{
    EventStore store(m_db);
    const QList<EventStore::ItemResult> results = store.ingest(items);
    for (const EventStore::ItemResult &result : results)
        QCOMPARE(result.outcome, EventStore::Outcome::Stored);
}

void TestLeadTableModel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(u"leads.sqlite"_s);
    QString error;
    m_db = Database::open(m_path, u"fixture"_s, Database::Access::ReadWrite, &error);
    QVERIFY2(m_db.isOpen(), qPrintable(error));

    QList<EventStore::Item> items {sampleJobItem(u"evt_1"_s, u"camp_a"_s, 150, 1),
                                   sampleJobItem(u"evt_2"_s, u"camp_b"_s, 100, 2),
                                   sampleJobItem(u"evt_3"_s, u"camp_c"_s, 60, 3)};
    // A few hand-made leads for search: diacritics, case, a unique word.
    QList<Lead> &leads = items[2].event.extractorJob->leads;
    leads[0].fullName = u"Zoë Quillfeather"_s;
    leads[0].company = u"Xylophonics GmbH"_s;
    leads[1].fullName = u"JOSÉ ÑANDÚBAY"_s;
    leads[1].email.clear();
    leads[1].phone.clear();
    leads[2].fullName = u"alice zebraqua"_s;
    leads[2].followers.reset();
    ingest(items);
}

void TestLeadTableModel::cleanupTestCase()
{
    m_db = {};
    Database::close(u"fixture"_s);
}

void TestLeadTableModel::init()
{
    m_model = new LeadTableModel;
    m_tester = new QAbstractItemModelTester(m_model,
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->setSortLocale(SortLocale);
    m_model->setDatabasePath(m_path);
    QVERIFY(m_model->waitForLoaded());
}

void TestLeadTableModel::cleanup()
{
    delete m_tester;
    delete m_model;
}

QList<qint64> TestLeadTableModel::sqlIds(const QString &where, const QVariantList &bindings) const
{
    QSqlQuery query(m_db);
    query.prepare(u"SELECT l.id FROM leads l JOIN campaigns c ON c.id = l.campaign "_s
                  + (where.isEmpty() ? QString() : u"WHERE "_s + where) + u" ORDER BY l.id"_s);
    for (const QVariant &value : bindings)
        query.addBindValue(value);
    if (!query.exec())
        qWarning() << query.lastError().text();
    QList<qint64> ids;
    while (query.next())
        ids.append(query.value(0).toLongLong());
    return ids;
}

void TestLeadTableModel::loadsEveryLead()
{
    const QList<qint64> expected = sqlIds();
    QCOMPARE(expected.size(), 310);
    QCOMPARE(m_model->rowCount(), 310);
    QCOMPARE(m_model->columnCount(), int(LeadColumn::Count));
    QCOMPARE(m_model->leadRowIds(), expected); // default order: oldest first
    QCOMPARE(m_model->shownCount(), 310);
    QCOMPARE(m_model->totalCount(), 310);
    QCOMPARE(m_model->leadRowId(5), expected[5]);
    QCOMPARE(m_model->rowForLeadRowId(expected[42]), 42);
    QCOMPARE(m_model->rowForLeadRowId(-7), -1);
    QCOMPARE(m_model->index(3, 0).data(ModelRoles::RowIdRole).toLongLong(), expected[3]);
    QCOMPARE(m_model->headerData(LeadColumn::Email, Qt::Horizontal).toString(),
             LeadColumn::title(LeadColumn::Email));
    QVERIFY(!m_model->isLoading());
}

void TestLeadTableModel::displayFormatting()
{
    QSqlQuery query(m_db);
    QVERIFY(query.exec(u"SELECT id, full_name, followers, experience, skills FROM leads"
                       " WHERE followers > 1000 ORDER BY id LIMIT 1"_s));
    QVERIFY(query.next());
    const int row = m_model->rowForLeadRowId(query.value(0).toLongLong());
    QVERIFY(row >= 0);
    QCOMPARE(m_model->index(row, LeadColumn::FullName).data().toString(),
             query.value(1).toString());
    const qint64 followers = query.value(2).toLongLong();
    QCOMPARE(m_model->index(row, LeadColumn::Followers).data(ModelRoles::RawValueRole).toLongLong(),
             followers);
    QCOMPARE(m_model->index(row, LeadColumn::Followers).data().toString(),
             QLocale().toString(followers));
    // JSON columns are flattened for display, raw JSON in RawValueRole.
    const QString experience = m_model->index(row, LeadColumn::Experience).data().toString();
    QVERIFY2(experience.contains(u" @ "_s), qPrintable(experience));
    QVERIFY(!experience.contains(u'{'));
    QCOMPARE(m_model->index(row, LeadColumn::Skills).data(ModelRoles::RawValueRole).toString(),
             query.value(4).toString());
    // An unknown number displays as empty, raw null.
    const int zebra
        = m_model->rowForLeadRowId(sqlIds(u"l.full_name = 'alice zebraqua'"_s).value(0));
    QVERIFY(zebra >= 0);
    QVERIFY(m_model->index(zebra, LeadColumn::Followers).data(ModelRoles::RawValueRole).isNull());
    QCOMPARE(m_model->index(zebra, LeadColumn::Followers).data().toString(), QString());
}

void TestLeadTableModel::filterByCampaign()
{
    QSqlQuery query(m_db);
    QVERIFY(query.exec(u"SELECT id FROM campaigns WHERE campaign_id = 'camp_b'"_s) && query.next());
    const qint64 campB = query.value(0).toLongLong();

    QSignalSpy loaded(m_model, &LeadTableModel::loaded);
    LeadFilter filter;
    filter.campaignRowIds = {campB};
    m_model->setFilter(filter);
    QVERIFY(m_model->isLoading());
    QVERIFY(m_model->waitForLoaded());
    QCOMPARE(m_model->leadRowIds(), sqlIds(u"l.campaign = ?"_s, {campB}));
    QCOMPARE(m_model->shownCount(), 100);
    QCOMPARE(m_model->totalCount(), 100);
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(loaded[0][0].toLongLong(), 100);
    QCOMPARE(loaded[0][1].toLongLong(), 100);
    for (int row = 0; row < m_model->rowCount(); row += 17)
        QCOMPARE(m_model->index(row, LeadColumn::CampaignId).data().toString(), u"camp_b"_s);

    // By SendPilot's campaign id too, OR-ed with the row ids.
    filter.campaignIds = {u"camp_c"_s};
    m_model->setFilter(filter);
    QVERIFY(m_model->waitForLoaded());
    QCOMPARE(m_model->shownCount(), 160);
    QCOMPARE(m_model->totalCount(), 160);

    // N of M: search inside the selected campaigns.
    filter.searchText = u"quillfeather"_s;
    m_model->setFilter(filter);
    QVERIFY(m_model->waitForLoaded());
    QCOMPARE(m_model->shownCount(), 1);
    QCOMPARE(m_model->totalCount(), 160);
}

void TestLeadTableModel::search_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("mustContain"); // full names
    QTest::addColumn<int>("exactCount"); // -1: only "at least mustContain"

    QTest::newRow("diacritics folded")
        << u"zoe quill"_s << QStringList {u"Zoë Quillfeather"_s} << 1;
    QTest::newRow("upper case") << u"QUILLFEATHER"_s << QStringList {u"Zoë Quillfeather"_s} << 1;
    QTest::newRow("prefix") << u"Xylo"_s << QStringList {u"Zoë Quillfeather"_s} << 1;
    QTest::newRow("two words") << u"xylo quil"_s << QStringList {u"Zoë Quillfeather"_s} << 1;
    QTest::newRow("accented input, plain data")
        << u"zébraqu"_s << QStringList {u"alice zebraqua"_s} << 1;
    QTest::newRow("upper-case data") << u"nandubay"_s << QStringList {u"JOSÉ ÑANDÚBAY"_s} << 1;
    QTest::newRow("FTS syntax is text") << u"quill OR \"x"_s << QStringList {} << 0;
    QTest::newRow("no match") << u"qqqqnotthere"_s << QStringList {} << 0;
}

void TestLeadTableModel::search()
{
    QFETCH(QString, text);
    QFETCH(QStringList, mustContain);
    QFETCH(int, exactCount);
    LeadFilter filter;
    filter.searchText = text;
    m_model->setFilter(filter);
    QVERIFY(m_model->waitForLoaded());
    QStringList names;
    for (int row = 0; row < m_model->rowCount(); ++row)
        names.append(m_model->index(row, LeadColumn::FullName).data().toString());
    for (const QString &name : mustContain)
        QVERIFY2(names.contains(name), qPrintable(names.join(u", "_s)));
    if (exactCount >= 0)
        QCOMPARE(m_model->rowCount(), exactCount);
    QCOMPARE(m_model->totalCount(), 310);
    QCOMPARE(m_model->shownCount(), qint64(m_model->rowCount()));

    // Clearing the search brings every lead back.
    m_model->setFilter(LeadFilter());
    QVERIFY(m_model->waitForLoaded());
    QCOMPARE(m_model->rowCount(), 310);
}

void TestLeadTableModel::quickFilters()
{
    LeadFilter filter;
    filter.hasEmail = true;
    m_model->setFilter(filter);
    QVERIFY(m_model->waitForLoaded());
    const QList<qint64> withEmail = sqlIds(u"l.email <> ''"_s);
    QVERIFY(withEmail.size() > 100 && withEmail.size() < 310);
    QCOMPARE(m_model->leadRowIds(), withEmail);

    filter.hasPhone = true;
    m_model->setFilter(filter);
    QVERIFY(m_model->waitForLoaded());
    const QList<qint64> both = sqlIds(u"l.email <> '' AND l.phone <> ''"_s);
    QVERIFY(both.size() < withEmail.size());
    QCOMPARE(m_model->leadRowIds(), both);
    for (int row = 0; row < m_model->rowCount(); ++row) {
        QVERIFY(!m_model->index(row, LeadColumn::Email).data().toString().isEmpty());
        QVERIFY(!m_model->index(row, LeadColumn::Phone).data().toString().isEmpty());
    }
}

void TestLeadTableModel::sortMatchesStdSort_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    // Every column the table can show.
    for (LeadColumn::Id column : LeadColumn::all()) {
        for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            QTest::addRow("%s %s", qPrintable(LeadColumn::key(column)),
                          order == Qt::AscendingOrder ? "asc" : "desc")
                << int(column) << order;
        }
    }
}

void TestLeadTableModel::sortMatchesStdSort()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    const auto id = static_cast<LeadColumn::Id>(column);

    const QList<qint64> expected = expectedOrder(id, order);
    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    QSignalSpy layout(m_model, &QAbstractItemModel::layoutChanged);
    m_model->sort(column, order);
    QVERIFY(m_model->waitForLoaded());
    QCOMPARE(m_model->leadRowIds(), expected);
    QCOMPARE(reset.size(), 0);
    QVERIFY(layout.size() <= 1); // none when the order did not change (received_at asc)
    // The sort stays when the filter changes.
    LeadFilter filter;
    filter.hasEmail = true;
    m_model->setFilter(filter);
    QVERIFY(m_model->waitForLoaded());
    QCOMPARE(m_model->filter().sortColumn, std::optional(id));
    QList<qint64> expectedWithEmail;
    const QList<qint64> emailIds = sqlIds(u"l.email <> ''"_s);
    const QSet<qint64> withEmail(emailIds.cbegin(), emailIds.cend());
    for (qint64 lead : std::as_const(expected)) {
        if (withEmail.contains(lead))
            expectedWithEmail.append(lead);
    }
    QCOMPARE(m_model->leadRowIds(), expectedWithEmail);
}

void TestLeadTableModel::sortWithFilterFirst_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    for (LeadColumn::Id column : {LeadColumn::Headline, LeadColumn::Experience,
                                  LeadColumn::Connections, LeadColumn::CampaignId}) {
        for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            QTest::addRow("%s %s", qPrintable(LeadColumn::key(column)),
                          order == Qt::AscendingOrder ? "asc" : "desc")
                << int(column) << order;
        }
    }
}

void TestLeadTableModel::sortWithFilterFirst()
{
    // A filter set before the sort: the matches' keys are read one by one and sorted. Then
    // another filter on the sorted table: the kept order tested for membership.
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    const auto id = static_cast<LeadColumn::Id>(column);
    LeadFilter filter;
    filter.hasEmail = true;
    filter.searchText = u"e"_s;
    m_model->setFilter(filter);
    QVERIFY(m_model->waitForLoaded());
    m_model->sort(column, order);
    QVERIFY(m_model->waitForLoaded());
    const QString match = LeadFilter::ftsMatchExpression(filter.searchText);
    const QString inFts = u"l.id IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?)"_s;
    const QList<qint64> expected
        = expectedOrder(id, order, u"l.email <> '' AND "_s + inFts, {match});
    QVERIFY(expected.size() > 10);
    QCOMPARE(m_model->leadRowIds(), expected);

    filter = {};
    filter.campaignIds = {u"camp_b"_s};
    m_model->setFilter(filter);
    QVERIFY(m_model->waitForLoaded());
    QCOMPARE(m_model->leadRowIds(), expectedOrder(id, order, u"c.campaign_id = 'camp_b'"_s));
    m_model->setFilter({});
    QVERIFY(m_model->waitForLoaded());
    QCOMPARE(m_model->leadRowIds(), expectedOrder(id, order));
}

void TestLeadTableModel::searchShowsFirstRowsThenAppends()
{
    // A small index of the first 40 leads answers the first rows; the complete list follows as
    // one insertion after them, and rowCount() matches what data() serves at every step.
    auto *model = new LeadTableModel;
    model->setFirstRowsIndexSize(40);
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model->setDatabasePath(m_path);
    QVERIFY(model->waitForLoaded());
    QVERIFY(model->waitForIdle()); // the small index is built after the first result

    LeadFilter filter;
    filter.searchText = u"e"_s;
    const QString match = LeadFilter::ftsMatchExpression(filter.searchText);
    const QList<qint64> all
        = sqlIds(u"l.id IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?)"_s, {match});
    const QList<qint64> firstForty = sqlIds();
    QList<qint64> first;
    for (qint64 lead : all) {
        if (lead <= firstForty.value(39))
            first.append(lead);
    }
    QVERIFY(!first.isEmpty());
    QVERIFY(first.size() < all.size());

    QSignalSpy inserted(model, &QAbstractItemModel::rowsInserted);
    QSignalSpy loaded(model, &LeadTableModel::loaded);
    model->setFilter(filter);
    QVERIFY(model->waitForFirstRows());
    QCOMPARE(model->leadRowIds(), first);
    QVERIFY(model->isLoading());
    QCOMPARE(loaded.size(), 0);
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(model->index(row, 0).data(ModelRoles::RowIdRole).toLongLong(), first[row]);
    QVERIFY(!model->index(model->rowCount() - 1, LeadColumn::FullName).data().toString().isEmpty());
    QVERIFY(model->waitForLoaded());
    QCOMPARE(model->leadRowIds(), all);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted[0][1].toInt(), int(first.size()));
    QCOMPARE(inserted[0][2].toInt(), int(all.size()) - 1);
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(loaded[0][0].toLongLong(), qint64(all.size()));
    QVERIFY(!model->isLoading());
    delete model;
}

void TestLeadTableModel::refreshAppendsWithOneInsert()
{
    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    QSignalSpy layout(m_model, &QAbstractItemModel::layoutChanged);
    // A cached row that does not change must not be reported as changed beyond the cache.
    QCOMPARE(m_model->index(0, 0).data().isValid(), true);
    ++m_nextEvent;
    ingest({sampleJobItem(u"evt_%1"_s.arg(m_nextEvent), u"camp_new_%1"_s.arg(m_nextEvent), 25,
                          quint32(m_nextEvent))});
    m_model->refresh();
    QVERIFY(m_model->waitForLoaded());
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted[0][1].toInt(), m_model->rowCount() - 25);
    QCOMPARE(inserted[0][2].toInt(), m_model->rowCount() - 1);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(layout.size(), 0);
    QCOMPARE(m_model->leadRowIds(), sqlIds());
}

void TestLeadTableModel::refreshKeepsSelectionAndSort()
{
    m_model->sort(LeadColumn::FullName, Qt::AscendingOrder);
    QVERIFY(m_model->waitForLoaded());
    QItemSelectionModel selection(m_model);
    const QList<int> rows {3, 4, 100, m_model->rowCount() - 1};
    QSet<qint64> selectedIds;
    for (int row : rows) {
        selection.select(m_model->index(row, 0),
                         QItemSelectionModel::Select | QItemSelectionModel::Rows);
        selectedIds.insert(m_model->leadRowId(row));
    }
    selection.setCurrentIndex(m_model->index(100, LeadColumn::Email),
                              QItemSelectionModel::NoUpdate);
    const qint64 currentId = m_model->leadRowId(100);

    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    ++m_nextEvent;
    ingest({sampleJobItem(u"evt_%1"_s.arg(m_nextEvent), u"camp_new_%1"_s.arg(m_nextEvent), 40,
                          quint32(m_nextEvent))});
    m_model->refresh();
    QVERIFY(m_model->waitForLoaded());
    QCOMPARE(reset.size(), 0);
    QCOMPARE(m_model->rowCount(), sqlIds().size());

    QSet<qint64> afterIds;
    const QModelIndexList selectedRows = selection.selectedRows();
    for (const QModelIndex &index : selectedRows)
        afterIds.insert(m_model->leadRowId(index.row()));
    QCOMPARE(afterIds, selectedIds);
    QCOMPARE(m_model->leadRowId(selection.currentIndex().row()), currentId);
    QCOMPARE(selection.currentIndex().column(), int(LeadColumn::Email));

    // Still sorted by name.
    QString previous;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QString name = m_model->index(row, LeadColumn::FullName).data().toString();
        QVERIFY2(collate(previous, name) <= 0, qPrintable(name));
        previous = name;
    }

    // A filter that hides a selected lead drops it from the selection, keeps the others.
    LeadFilter filter;
    filter.searchText = m_model->index(selection.currentIndex().row(), LeadColumn::Email)
                            .data()
                            .toString()
                            .section(u'@', 0, 0);
    QVERIFY(!filter.searchText.isEmpty());
    m_model->setFilter(filter);
    QVERIFY(m_model->waitForLoaded());
    QVERIFY(m_model->rowCount() < 310);
    QCOMPARE(m_model->leadRowId(selection.currentIndex().row()), currentId);
    for (const QModelIndex &index : selection.selectedRows())
        QVERIFY(selectedIds.contains(m_model->leadRowId(index.row())));
}

void TestLeadTableModel::staleQueriesAreDropped()
{
    // Keystrokes faster than the queries: only the last one shows, applied once.
    QSignalSpy loaded(m_model, &LeadTableModel::loaded);
    for (const QString &text : {u"q"_s, u"qu"_s, u"quill"_s, u"zoe quill"_s}) {
        LeadFilter filter;
        filter.searchText = text;
        m_model->setFilter(filter);
    }
    QVERIFY(m_model->waitForLoaded());
    QCOMPARE(m_model->rowCount(), 1);
    // Each result the worker delivered queued an apply on the model before the newest result
    // was taken: run those now; an older result must not be applied after the newest.
    QCoreApplication::sendPostedEvents(m_model, QEvent::MetaCall);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(m_model->index(0, LeadColumn::FullName).data().toString(), u"Zoë Quillfeather"_s);

    // The queued apply works without waitForLoaded() too.
    m_model->setFilter(LeadFilter());
    QTRY_COMPARE(m_model->rowCount(), m_model->totalCount());
    QVERIFY(!m_model->isLoading());
}

QTEST_GUILESS_MAIN(TestLeadTableModel)
#include "tst_leadtablemodel.moc"
