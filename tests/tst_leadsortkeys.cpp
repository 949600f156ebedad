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

// The tests' language; localeOrder() tries others.
LocaleCollator &collator()
{
    static LocaleCollator english(u"en_US"_s);
    return english;
}

struct Row
{
    qint64 id;
    std::string text;
};

// What LeadFilter's ORDER BY <text> COLLATE lv_locale_<locale>, l.id gives: ICU's string
// comparison (the path SQLite's collation takes, not the sort keys), ties by id.
std::vector<qint64> expectedTextOrder(std::vector<Row> rows,
                                      const LocaleCollator &language = collator())
{
    std::sort(rows.begin(), rows.end(), [&](const Row &a, const Row &b) {
        const int c = language.compare(QByteArrayView(a.text.data(), qsizetype(a.text.size())),
                                       QByteArrayView(b.text.data(), qsizetype(b.text.size())));
        return c != 0 ? c < 0 : a.id < b.id;
    });
    std::vector<qint64> ids;
    for (const Row &row : rows)
        ids.push_back(row.id);
    return ids;
}

SortKeys textKeys(const std::vector<Row> &rows, LocaleCollator &language = collator())
{
    SortKeys keys;
    keys.text = true;
    keys.collator = &language;
    for (const Row &row : rows)
        keys.addText(row.id, row.text.data(), row.text.size());
    keys.flush();
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
    void localeOrder_data();
    void localeOrder();
    void integers_data();
    void integers();
    void deduplicatesValues();
    void appendKeepsIdOrderOfEqualValues();
    void rowsOutOfIdOrder();
    void twoThreadsText_data();
    void twoThreadsText();
    void twoThreadsIntegers();
    void mergeNewerText();
    void mergeNewerIntegers();
    void asciiKeys_data();
    void asciiKeys();
    void keysOfTwoKindsTie();
    void idSet();
};

void TestLeadSortKeys::text_data()
{
    // Values in id order 1, 2, 3, ...; the expected ids in sorted order.
    QTest::addColumn<QStringList>("values");
    QTest::addColumn<QList<qint64>>("order");

    QTest::newRow("empty list") << QStringList() << QList<qint64>();
    QTest::newRow("case ties, by id")
        << QStringList {u"bob"_s, u"Alice"_s, u"alice"_s, u"ALICE"_s} << QList<qint64> {2, 3, 4, 1};
    QTest::newRow("accents after the letters, before the next letter")
        << QStringList {u"Aidan"_s, u"Aïcha"_s, u"Aicha"_s, u"aïcha"_s}
        << QList<qint64> {3, 2, 4, 1};
    QTest::newRow("accented before the next letter, not after z")
        << QStringList {u"Ana María"_s, u"Aïcha"_s, u"Zoe"_s, u"Émile"_s, u"Eva"_s}
        << QList<qint64> {2, 1, 4, 5, 3};
    QTest::newRow("empty first") << QStringList {u"b"_s, u""_s, u"a"_s, u""_s}
                                 << QList<qint64> {2, 4, 3, 1};
    QTest::newRow("prefix before longer")
        << QStringList {u"abcd"_s, u"abc"_s, u"ab"_s, u"abcde"_s} << QList<qint64> {3, 2, 1, 4};
    QTest::newRow("longer than a chunk, differ late") << QStringList {
        u"https://www.linkedin.com/in/person-2"_s, u"https://www.linkedin.com/in/person-10"_s,
        u"https://www.linkedin.com/in/person-1"_s} << QList<qint64> {3, 2, 1};
    QTest::newRow("exactly eight bytes then more")
        << QStringList {u"abcdefgh1"_s, u"abcdefgh"_s, u"ABCDEFGH0"_s} << QList<qint64> {2, 3, 1};
    QTest::newRow("every case folds, accents count")
        << QStringList {u"Éa"_s, u"éa"_s, u"ea"_s, u"Ea"_s, u"za"_s}
        // e and E tie (by id), then é and É (by id), all before z
        << QList<qint64> {3, 4, 1, 2, 5};
    QTest::newRow("spaces, then punctuation, then digits, then letters")
        << QStringList {u"a-b"_s, u"a b"_s, u"a_b"_s, u"a0b"_s, u"aab"_s}
        << QList<qint64> {2, 3, 1, 4, 5};
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

void TestLeadSortKeys::localeOrder_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<QStringList>("values");
    QTest::addColumn<QList<qint64>>("order");
    const QStringList names {u"Zoe"_s,     u"Łukasz"_s, u"Ana María"_s, u"Aïcha"_s, u"Lukas"_s,
                             u"Mateusz"_s, u"Ola"_s,    u"Ćwik"_s,      u"Cyryl"_s, u"Dawid"_s};
    // Polish: Ć and Ł are letters of their own, after C and L.
    QTest::newRow("pl_PL") << u"pl_PL"_s << names << QList<qint64> {4, 3, 9, 8, 10, 5, 2, 6, 7, 1};
    // English: Ć is C with an accent, so "Ćwik" and "Cyryl" differ first at w/y; Ł still
    // sorts after L (CLDR's root order), and before M, not after Z.
    QTest::newRow("en_US") << u"en_US"_s << names << QList<qint64> {4, 3, 8, 9, 10, 5, 2, 6, 7, 1};
}

void TestLeadSortKeys::localeOrder()
{
    QFETCH(QString, locale);
    QFETCH(QStringList, values);
    QFETCH(QList<qint64>, order);
    LocaleCollator language(locale);
    QCOMPARE(language.locale(), locale);
    std::vector<Row> rows;
    for (qsizetype i = 0; i < values.size(); ++i)
        rows.push_back({qint64(i + 1), values[i].toStdString()});
    QCOMPARE(toList(expectedTextOrder(rows, language)), order);
    SortKeys keys = textKeys(rows, language);
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
    keys.collator = &collator();
    const std::string values[] = {"Berlin", "berlin", "Paris", "BERLIN", "paris", ""};
    qint64 id = 0;
    for (int round = 0; round < 1000; ++round) {
        for (const std::string &v : values)
            keys.addText(++id, v.data(), v.size());
    }
    keys.flush();
    // Each distinct text gets one sort key, however often it comes.
    QCOMPARE(keys.texts.size(), size_t(6));
    QCOMPARE(keys.valueHashes.size(), size_t(6));
    QCOMPARE(keys.rowIds.size(), size_t(6000));
    // Case does not count: "Berlin" and "BERLIN" have the same key, tied by id.
    const TextKey &berlin = keys.texts[0], &upper = keys.texts[3];
    QCOMPARE(QByteArrayView(keys.arena.data() + berlin.offset, berlin.length),
             QByteArrayView(keys.arena.data() + upper.offset, upper.length));
    // The empty text: a smaller key than any text (no primary weights, only a level
    // separator).
    const TextKey &empty = keys.texts[5];
    const auto bytes = [&](const TextKey &key) {
        return std::string(keys.arena.data() + key.offset, key.length);
    };
    QVERIFY(bytes(empty) < bytes(berlin));
    QVERIFY(bytes(empty) < bytes(keys.texts[2])); // "Paris"
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
    lower.collator = upper.collator = &collator();
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
    const std::set<std::string> distinctValues(pool.begin(), pool.end());
    SortKeys keys = textKeys(data);
    QCOMPARE(keys.texts.size(), distinctValues.size());
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

void TestLeadSortKeys::mergeNewerText()
{
    // A kept order with newer rows merged in, twice, is the order of all the rows.
    QRandomGenerator random(13);
    std::vector<Row> rows;
    for (qint64 id = 1; id <= 3000; ++id)
        rows.push_back({id, randomText(random, random.bounded(4))});
    const auto keysOf = [&](qint64 first, qint64 last) {
        return textKeys(std::vector<Row>(rows.begin() + (first - 1), rows.begin() + last));
    };
    SortedOrder order = sortedOrder(keysOf(1, 2000));
    QCOMPARE(order.maxId(), 2000);
    mergeNewer(order, keysOf(2001, 2990));
    mergeNewer(order, keysOf(2991, 3000));
    QCOMPARE(toList(order.ids), toList(expectedTextOrder(rows)));
    const SortedOrder all = sortedOrder(keysOf(1, 3000));
    QCOMPARE(toList(order.ids), toList(all.ids));
    QCOMPARE(toList(order.rowIds), toList(all.rowIds));
    QCOMPARE(QList<quint64>(order.rowHashes.begin(), order.rowHashes.end()),
             QList<quint64>(all.rowHashes.begin(), all.rowHashes.end()));
    mergeNewer(order, SortKeys {}); // nothing new: unchanged
    QCOMPARE(toList(order.ids), toList(all.ids));
}

void TestLeadSortKeys::mergeNewerIntegers()
{
    QRandomGenerator random(17);
    std::vector<IntRow> rows;
    for (qint64 id = 1; id <= 3000; ++id) {
        const bool null = random.bounded(8) == 0;
        rows.push_back({id, null ? std::nullopt : std::optional<qint64>(random.bounded(50))});
    }
    const auto keysOf = [&](qint64 first, qint64 last) {
        return intKeys(std::vector<IntRow>(rows.begin() + (first - 1), rows.begin() + last));
    };
    SortedOrder order = sortedOrder(keysOf(1, 2500));
    mergeNewer(order, keysOf(2501, 3000));
    QCOMPARE(toList(order.ids), toList(expectedIntOrder(rows)));
    QCOMPARE(order.maxId(), 3000);
}

void TestLeadSortKeys::asciiKeys_data()
{
    // Whether the locale may take the ASCII keys (-1: either is right), and a seed.
    QTest::addColumn<QString>("locale");
    QTest::addColumn<int>("ascii");
    QTest::newRow("en_US") << u"en_US"_s << 1;
    QTest::newRow("de_DE") << u"de_DE"_s << 1;
    QTest::newRow("pl_PL") << u"pl_PL"_s << 1;
    // Contractions of ASCII letters: Czech "ch" after "h", Danish "aa" as "å".
    QTest::newRow("cs_CZ") << u"cs_CZ"_s << 0;
    QTest::newRow("da_DK") << u"da_DK"_s << 0;
    for (const char *name : {"sv_SE", "lt_LT", "tr_TR", "hu_HU", "fr_CA", "ja_JP", "th_TH", "es_ES",
                             "cy_GB", "hr_HR", "sk_SK", "vi_VN"})
        QTest::newRow(name) << QString::fromLatin1(name) << -1;
}

void TestLeadSortKeys::asciiKeys()
{
    // Whichever keys a locale takes, the order is ICU's string comparison: all of ASCII
    // (controls, punctuation, digits, both cases), with a few values that are not ASCII among
    // them, sorted at once and merged in later.
    QFETCH(QString, locale);
    QFETCH(int, ascii);
    LocaleCollator language(locale);
    if (ascii >= 0)
        QCOMPARE(language.hasAsciiKeys(), ascii == 1);
    QRandomGenerator random(quint32(qHash(locale)));
    static const char *const Other[] = {"\xc3\xa9", "\xc3\x85", "\xc5\x82", "\xef\xbc\xa1"};
    std::vector<Row> rows;
    for (qint64 id = 1; id <= 6000; ++id) {
        std::string text;
        const int length = random.bounded(7);
        for (int k = 0; k < length; ++k) {
            const int pick = random.bounded(20);
            if (pick == 0)
                text += Other[random.bounded(int(std::size(Other)))];
            else if (pick < 8)
                text += char('a' + random.bounded(3)); // shared prefixes, "aa", "ch"-like pairs
            else if (pick < 10)
                text += "ch";
            else
                text += char(random.bounded(128));
        }
        rows.push_back({id, text});
    }
    const std::vector<qint64> expected = expectedTextOrder(rows, language);
    SortKeys keys = textKeys(rows, language);
    QCOMPARE(toList(sortedIds(keys)), toList(expected));
    SortedOrder order
        = sortedOrder(textKeys(std::vector<Row>(rows.begin(), rows.begin() + 4000), language));
    mergeNewer(order, textKeys(std::vector<Row>(rows.begin() + 4000, rows.end()), language));
    QCOMPARE(toList(order.ids), toList(expected));
}

void TestLeadSortKeys::keysOfTwoKindsTie()
{
    // "abc" takes an ASCII key, its full-width form ICU's sort key; they differ only at the
    // third level, so they tie (by id) although their keys cannot be compared as bytes.
    const std::string fullWidth = "\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\xa3"; // ＡＢＣ
    QCOMPARE(collator().compare("abc", QByteArrayView(fullWidth.data(), 9)), 0);
    QVERIFY(collator().hasAsciiKeys());
    const std::vector<Row> rows = {{1, "abd"}, {2, fullWidth}, {3, "abc"}, {4, "abb"},
                                   {5, "ABC"}, {6, fullWidth}, {7, "ab"}};
    const QList<qint64> order {7, 4, 2, 3, 5, 6, 1};
    QCOMPARE(toList(expectedTextOrder(rows)), order);
    SortKeys keys = textKeys(rows);
    QCOMPARE(keys.kinds.size(), size_t(6));
    QCOMPARE(std::count(keys.kinds.begin(), keys.kinds.end(), KeyKind::Ascii), 5);
    QCOMPARE(toList(sortedIds(keys)), order);
    // The same across a merge: the kept order has ASCII keys only, the newer rows both kinds.
    SortedOrder kept = sortedOrder(textKeys({rows.begin(), rows.begin() + 1}));
    mergeNewer(kept, textKeys({rows.begin() + 1, rows.end()}));
    QCOMPARE(toList(kept.ids), order);
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
