// SPDX-License-Identifier: MIT
#include "models/leadsortkeys.h"

#include <QRandomGenerator>
#include <QTest>

#include <optional>
#include <set>
#include <string>

using namespace Qt::StringLiterals;
using namespace LeadSortKeys;

namespace {

// What LeadFilter's ORDER BY <text> COLLATE NOCASE, l.id gives: ASCII A-Z folded, then the
// UTF-8 bytes compared unsigned (as memcmp and std::string do), ties by id.
std::string folded(const std::string &text)
{
    std::string out = text;
    for (char &c : out) {
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    }
    return out;
}

struct Row
{
    qint64 id;
    std::string text;
};

std::vector<qint64> expectedTextOrder(std::vector<Row> rows)
{
    for (Row &row : rows)
        row.text = folded(row.text);
    std::sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
        return a.text != b.text ? a.text < b.text : a.id < b.id;
    });
    std::vector<qint64> ids;
    for (const Row &row : rows)
        ids.push_back(row.id);
    return ids;
}

SortKeys textKeys(const std::vector<Row> &rows)
{
    SortKeys keys;
    keys.text = true;
    for (const Row &row : rows)
        keys.addText(row.id, row.text.data(), row.text.size());
    return keys;
}

// A random string of \a length over a small alphabet with upper case and UTF-8 bytes, so
// folding, shared chunks and bytes above 0x7F all occur.
std::string randomText(QRandomGenerator &random, int length)
{
    static const char *const Pieces[] = {
        "a", "B", "c", "D", "e", "z", "Z", "0", " ", "-", "\xc3\xa9" /* é */, "\xc3\x84" /* Ä */};
    std::string out;
    for (int i = 0; i < length; ++i)
        out += Pieces[random.bounded(int(std::size(Pieces)))];
    return out;
}

struct IntRow
{
    qint64 id;
    std::optional<qint64> value;
};

std::vector<qint64> expectedIntOrder(std::vector<IntRow> rows)
{
    // NULL first (as SQLite orders NULL before numbers), then the value, then the id.
    std::sort(rows.begin(), rows.end(), [](const IntRow &a, const IntRow &b) {
        if (a.value.has_value() != b.value.has_value())
            return !a.value.has_value();
        if (a.value != b.value)
            return *a.value < *b.value;
        return a.id < b.id;
    });
    std::vector<qint64> ids;
    for (const IntRow &row : rows)
        ids.push_back(row.id);
    return ids;
}

SortKeys intKeys(const std::vector<IntRow> &rows)
{
    SortKeys keys;
    keys.text = false;
    for (const IntRow &row : rows)
        keys.ints.push_back({row.value.value_or(0), row.id, row.value.has_value()});
    return keys;
}

QList<qint64> toList(const std::vector<qint64> &ids)
{
    return QList<qint64>(ids.begin(), ids.end());
}

} // namespace

class TestLeadSortKeys final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void text_data();
    void text();
    void integers_data();
    void integers();
    void deduplicatesValues();
    void appendKeepsIdOrderOfEqualValues();
    void rowsOutOfIdOrder();
    void twoThreadsText_data();
    void twoThreadsText();
    void twoThreadsIntegers();
    void idSet();
};

void TestLeadSortKeys::text_data()
{
    // Values in id order 1, 2, 3, ...; the expected ids in sorted order.
    QTest::addColumn<QStringList>("values");
    QTest::addColumn<QList<qint64>>("order");

    QTest::newRow("empty list") << QStringList() << QList<qint64>();
    QTest::newRow("case folded, ties by id")
        << QStringList {u"bob"_s, u"Alice"_s, u"alice"_s, u"ALICE"_s} << QList<qint64> {2, 3, 4, 1};
    QTest::newRow("empty first") << QStringList {u"b"_s, u""_s, u"a"_s, u""_s}
                                 << QList<qint64> {2, 4, 3, 1};
    QTest::newRow("prefix before longer")
        << QStringList {u"abcd"_s, u"abc"_s, u"ab"_s, u"abcde"_s} << QList<qint64> {3, 2, 1, 4};
    QTest::newRow("longer than a chunk, differ late") << QStringList {
        u"https://www.linkedin.com/in/person-2"_s, u"https://www.linkedin.com/in/person-10"_s,
        u"https://www.linkedin.com/in/person-1"_s} << QList<qint64> {3, 2, 1};
    QTest::newRow("exactly eight bytes then more")
        << QStringList {u"abcdefgh1"_s, u"abcdefgh"_s, u"ABCDEFGH0"_s} << QList<qint64> {2, 3, 1};
    QTest::newRow("only ASCII folds")
        << QStringList {u"Éa"_s, u"éa"_s, u"ea"_s, u"Ea"_s, u"za"_s}
        // e/E fold together; é (0xC3 0xA9) and É (0xC3 0x89) are bytes above 'z', É first
        << QList<qint64> {3, 4, 5, 1, 2};
    QTest::newRow("punctuation by byte")
        << QStringList {u"a-b"_s, u"a b"_s, u"a_b"_s, u"a0b"_s} << QList<qint64> {2, 1, 4, 3};
}

void TestLeadSortKeys::text()
{
    QFETCH(QStringList, values);
    QFETCH(QList<qint64>, order);
    std::vector<Row> rows;
    for (qsizetype i = 0; i < values.size(); ++i)
        rows.push_back({qint64(i + 1), values[i].toStdString()});
    QCOMPARE(toList(expectedTextOrder(rows)), order); // the reference agrees with the table
    SortKeys keys = textKeys(rows);
    QCOMPARE(toList(sortedIds(keys)), order);
}

void TestLeadSortKeys::integers_data()
{
    QTest::addColumn<QList<qint64>>("values"); // -1 stands for NULL
    QTest::addColumn<QList<qint64>>("order");
    QTest::newRow("null first, ties by id")
        << QList<qint64> {5, -1, 3, 5, -1} << QList<qint64> {2, 5, 3, 1, 4};
    QTest::newRow("zero is not null") << QList<qint64> {0, -1, 0} << QList<qint64> {2, 1, 3};
    QTest::newRow("large values") << QList<qint64> {std::numeric_limits<qint64>::max(),
                                                    1'700'000'000'000, -2}
                                  << QList<qint64> {3, 2, 1};
}

void TestLeadSortKeys::integers()
{
    QFETCH(QList<qint64>, values);
    QFETCH(QList<qint64>, order);
    std::vector<IntRow> rows;
    for (qsizetype i = 0; i < values.size(); ++i)
        rows.push_back(
            {qint64(i + 1), values[i] == -1 ? std::nullopt : std::optional<qint64>(values[i])});
    QCOMPARE(toList(expectedIntOrder(rows)), order);
    SortKeys keys = intKeys(rows);
    QCOMPARE(toList(sortedIds(keys)), order);
}

void TestLeadSortKeys::deduplicatesValues()
{
    SortKeys keys;
    const std::string values[] = {"Berlin", "berlin", "Paris", "BERLIN", "paris", ""};
    qint64 id = 0;
    for (int round = 0; round < 1000; ++round) {
        for (const std::string &v : values)
            keys.addText(++id, v.data(), v.size());
    }
    // Folded: "berlin", "paris", "" are the distinct values, stored once each.
    QCOMPARE(keys.texts.size(), size_t(3));
    QCOMPARE(keys.rowIds.size(), size_t(6000));
    QCOMPARE(keys.arena.size(), size_t(6 + 5));
}

void TestLeadSortKeys::appendKeepsIdOrderOfEqualValues()
{
    // The two halves of the rowid range, read on two connections, give the order one read
    // gives.
    QRandomGenerator random(7);
    std::vector<Row> rows;
    for (qint64 id = 1; id <= 3000; ++id)
        rows.push_back({id, randomText(random, 1 + random.bounded(3))});
    SortKeys lower, upper;
    for (const Row &row : rows)
        (row.id <= 1500 ? lower : upper).addText(row.id, row.text.data(), row.text.size());
    lower.append(std::move(upper));
    QCOMPARE(toList(sortedIds(lower)), toList(expectedTextOrder(rows)));
}

void TestLeadSortKeys::rowsOutOfIdOrder()
{
    // Point lookups may come in any order: no counting sort then, the same result.
    QRandomGenerator random(11);
    std::vector<Row> rows;
    for (qint64 id = 1; id <= 2000; ++id)
        rows.push_back({id, randomText(random, random.bounded(4))});
    std::vector<Row> shuffled = rows;
    for (size_t i = shuffled.size() - 1; i > 0; --i)
        std::swap(shuffled[i], shuffled[size_t(random.bounded(int(i + 1)))]);
    SortKeys keys = textKeys(shuffled);
    QCOMPARE(toList(sortedIds(keys)), toList(expectedTextOrder(rows)));
}

void TestLeadSortKeys::twoThreadsText_data()
{
    // At 100,000 keys and more the sort runs on two threads (a half each, then a merge), and
    // runs of equal chunks are sorted further by two workers.
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("distinct");
    QTest::addColumn<int>("prefixLength"); // bytes every value shares
    QTest::newRow("100k distinct") << 100'500 << 100'500 << 0;
    QTest::newRow("125k rows, 110k distinct, long prefix") << 125'000 << 110'000 << 28;
}

void TestLeadSortKeys::twoThreadsText()
{
    QFETCH(int, rows);
    QFETCH(int, distinct);
    QFETCH(int, prefixLength);
    QRandomGenerator random(quint32(rows + distinct));
    const std::string prefix = std::string("https://www.linkedin.com/in/").substr(0, prefixLength);
    std::vector<std::string> pool;
    pool.reserve(size_t(distinct));
    for (int i = 0; i < distinct; ++i)
        pool.push_back(prefix + randomText(random, 8 + random.bounded(10)));
    std::vector<Row> data;
    data.reserve(size_t(rows));
    for (int i = 0; i < rows; ++i) {
        // Every pool value at least once while there are rows for it, then random repeats.
        const int pick = i < distinct ? i : random.bounded(distinct);
        data.push_back({qint64(i + 1), pool[size_t(pick)]});
    }
    std::set<std::string> distinctFolded;
    for (const std::string &value : pool)
        distinctFolded.insert(folded(value));
    SortKeys keys = textKeys(data);
    QCOMPARE(keys.texts.size(), distinctFolded.size());
    if (distinct >= 100'000)
        QVERIFY(keys.texts.size() >= 100'000); // the two-thread path
    QCOMPARE(toList(sortedIds(keys)), toList(expectedTextOrder(data)));
}

void TestLeadSortKeys::twoThreadsIntegers()
{
    QRandomGenerator random(3);
    std::vector<IntRow> rows;
    for (qint64 id = 1; id <= 110'000; ++id) {
        const bool null = random.bounded(10) == 0;
        rows.push_back(
            {id, null ? std::nullopt : std::optional<qint64>(random.bounded(5000) - 2500)});
    }
    SortKeys keys = intKeys(rows);
    QCOMPARE(toList(sortedIds(keys)), toList(expectedIntOrder(rows)));

    // A text column's ranks over rows out of id order take the same two-thread integer sort.
    QRandomGenerator textRandom(5);
    std::vector<Row> texts;
    for (qint64 id = 1; id <= 110'000; ++id)
        texts.push_back({id, randomText(textRandom, 2)});
    std::vector<Row> reversed(texts.rbegin(), texts.rend());
    SortKeys textKeysReversed = textKeys(reversed);
    QCOMPARE(toList(sortedIds(textKeysReversed)), toList(expectedTextOrder(texts)));
}

void TestLeadSortKeys::idSet()
{
    const IdSet set({5, 64, 0, 1'000'000});
    QVERIFY(set.contains(0));
    QVERIFY(set.contains(5));
    QVERIFY(set.contains(64));
    QVERIFY(set.contains(1'000'000));
    QVERIFY(!set.contains(1));
    QVERIFY(!set.contains(63));
    QVERIFY(!set.contains(65));
    QVERIFY(!set.contains(-5));
    QVERIFY(!set.contains(2'000'000));
    const IdSet empty({});
    QVERIFY(!empty.contains(0));
}

QTEST_GUILESS_MAIN(TestLeadSortKeys)
#include "tst_leadsortkeys.moc"
