// SPDX-License-Identifier: MIT
#include "models/leadsortkeys.h"

#include <thread>
#include <tuple>

namespace LeadSortKeys {

quint64 textHash(const char *data, size_t size)
{
    quint64 hash = 1469598103934665603ULL; // FNV-1a
    for (size_t i = 0; i < size; ++i)
        hash = (hash ^ static_cast<unsigned char>(data[i])) * 1099511628211ULL;
    return hash;
}

quint64 intHash(qint64 value, bool notNull)
{
    return notNull ? textHash(reinterpret_cast<const char *>(&value), sizeof value) : 0;
}

void SortKeys::addText(qint64 id, const char *data, size_t size)
{
    const quint64 hash = textHash(data, size);
    if ((texts.size() + 1) * 2 > m_slots.size())
        grow();
    const size_t mask = m_slots.size() - 1;
    for (size_t slot = size_t(hash) & mask;; slot = (slot + 1) & mask) {
        const quint32 entry = m_slots[slot];
        if (entry == 0) {
            // A new value: its sort key, made once per distinct value (the costly part).
            m_rawOffsets.push_back(quint32(m_raw.size()));
            m_raw.insert(m_raw.end(), data, data + size);
            if (collator) {
                collator->sortKey(QByteArrayView(data, qsizetype(size)), m_key);
            } else {
                // Identifiers: SQLite's NOCASE, the bytes with ASCII A-Z folded.
                m_key.assign(data, data + size);
                for (char &c : m_key) {
                    if (c >= 'A' && c <= 'Z')
                        c = char(c - 'A' + 'a');
                }
            }
            const size_t offset = arena.size();
            arena.insert(arena.end(), m_key.begin(), m_key.end());
            texts.push_back({0, quint32(offset), quint32(m_key.size()), qint64(texts.size())});
            valueHashes.push_back(hash);
            m_slots[slot] = quint32(texts.size());
            rowValues.push_back(quint32(texts.size() - 1));
            break;
        }
        const size_t value = entry - 1;
        const size_t rawStart = m_rawOffsets[value];
        const size_t rawEnd
            = value + 1 < m_rawOffsets.size() ? m_rawOffsets[value + 1] : m_raw.size();
        // size 0: memcmp may not be given the null pointers of empty buffers (UBSan).
        if (valueHashes[value] == hash && rawEnd - rawStart == size
            && (size == 0 || std::memcmp(m_raw.data() + rawStart, data, size) == 0)) {
            rowValues.push_back(quint32(value));
            break;
        }
    }
    rowIds.push_back(id);
}

void SortKeys::append(SortKeys &&other)
{
    const size_t arenaBase = arena.size();
    const quint32 base = quint32(texts.size());
    arena.insert(arena.end(), other.arena.begin(), other.arena.end());
    for (TextKey key : other.texts) {
        key.offset += quint32(arenaBase);
        key.id += base;
        texts.push_back(key);
    }
    valueHashes.insert(valueHashes.end(), other.valueHashes.begin(), other.valueHashes.end());
    rowIds.insert(rowIds.end(), other.rowIds.begin(), other.rowIds.end());
    for (quint32 value : other.rowValues)
        rowValues.push_back(value + base);
    ints.insert(ints.end(), other.ints.begin(), other.ints.end());
    // No more adds: what told values apart goes.
    m_slots = {};
    m_raw = {};
    m_rawOffsets = {};
    other = {};
}

void SortKeys::grow()
{
    m_slots.assign(std::max<size_t>(1024, m_slots.size() * 2), 0);
    const size_t mask = m_slots.size() - 1;
    for (size_t i = 0; i < texts.size(); ++i) {
        size_t slot = size_t(valueHashes[i]) & mask;
        while (m_slots[slot] != 0)
            slot = (slot + 1) & mask;
        m_slots[slot] = quint32(i + 1);
    }
}

namespace {
template<typename T, typename Less>
void sortOnTwoCores(typename std::vector<T>::iterator first, typename std::vector<T>::iterator last,
                    Less less)
{
    if (last - first < 100000) {
        std::sort(first, last, less);
        return;
    }
    const auto middle = first + (last - first) / 2;
    std::thread half([&] { std::sort(first, middle, less); });
    std::sort(middle, last, less);
    half.join();
    std::inplace_merge(first, middle, last, less);
}

// Chunk \a at (a byte offset) of \a key, zero-padded; and how much of the key lies before the
// chunk's end, which orders a key that ends inside the chunk before one that goes on.
inline void loadChunk(TextKey &key, const char *arena, size_t at)
{
    quint64 chunk = 0;
    for (size_t i = 0; i < 8; ++i) {
        const size_t byte = at + i;
        chunk = (chunk << 8)
            | (byte < key.length ? static_cast<unsigned char>(arena[key.offset + byte]) : 0);
    }
    key.chunk = chunk;
}

struct ChunkLess
{
    size_t end; // byte offset where the current chunk ends
    bool operator()(const TextKey &a, const TextKey &b) const
    {
        if (a.chunk != b.chunk)
            return a.chunk < b.chunk;
        const size_t la = std::min<size_t>(a.length, end), lb = std::min<size_t>(b.length, end);
        if (la != lb)
            return la < lb;
        return a.id < b.id;
    }
};

// Sorts [first, last), whose keys agree on bytes [0, at), by the rest of their bytes, then id.
void sortTextsFrom(std::vector<TextKey> &v, size_t first, size_t last, size_t at, const char *arena,
                   bool parallel)
{
    for (;;) {
        for (size_t i = first; i < last; ++i)
            loadChunk(v[i], arena, at);
        const ChunkLess less {at + 8};
        if (parallel)
            sortOnTwoCores<TextKey>(v.begin() + std::ptrdiff_t(first),
                                    v.begin() + std::ptrdiff_t(last), less);
        else
            std::sort(v.begin() + std::ptrdiff_t(first), v.begin() + std::ptrdiff_t(last), less);
        // Runs equal on this chunk and not ended inside it go on with the next chunk.
        std::vector<std::pair<size_t, size_t>> runs;
        for (size_t i = first; i < last;) {
            size_t j = i + 1;
            while (j < last && v[j].chunk == v[i].chunk
                   && std::min<size_t>(v[j].length, at + 8)
                       == std::min<size_t>(v[i].length, at + 8))
                ++j;
            if (j - i > 1 && v[i].length >= at + 8)
                runs.emplace_back(i, j);
            i = j;
        }
        if (runs.size() == 1 && runs[0].first == first && runs[0].second == last) {
            at += 8; // all still equal: next chunk, same range, no recursion
            continue;
        }
        if (parallel && runs.size() > 1) {
            std::atomic<size_t> next {0};
            const auto work = [&] {
                for (size_t r; (r = next++) < runs.size();)
                    sortTextsFrom(v, runs[r].first, runs[r].second, at + 8, arena, false);
            };
            std::thread other(work);
            work();
            other.join();
        } else {
            for (const auto &[i, j] : runs)
                sortTextsFrom(v, i, j, at + 8, arena, false);
        }
        return;
    }
}

} // namespace

std::vector<quint32> textRanks(SortKeys &keys)
{
    std::vector<TextKey> &v = keys.texts;
    const char *arena = keys.arena.data();
    // The prefix every value shares is skipped.
    size_t common = v.empty() ? 0 : v[0].length;
    for (size_t i = 1; i < v.size() && common > 0; ++i) {
        const size_t n = std::min<size_t>(common, v[i].length);
        const char *x = arena + v[0].offset, *y = arena + v[i].offset;
        size_t k = 0;
        while (k < n && x[k] == y[k])
            ++k;
        common = k;
    }
    sortTextsFrom(v, 0, v.size(), common, arena, true);
    // Dense ranks: distinct texts may collate equal ("Berlin", "BERLIN"), and their rows then
    // share a rank and keep the id order.
    std::vector<quint32> rank(v.size());
    quint32 current = 0;
    for (size_t i = 0; i < v.size(); ++i) {
        if (i > 0
            && (v[i].length != v[i - 1].length
                || (v[i].length > 0
                    && std::memcmp(arena + v[i].offset, arena + v[i - 1].offset, v[i].length)
                        != 0)))
            ++current;
        rank[size_t(v[i].id)] = current;
    }
    return rank;
}

void sortInts(std::vector<IntKey> &ints)
{
    sortOnTwoCores<IntKey>(ints.begin(), ints.end(), [](const IntKey &a, const IntKey &b) {
        if (a.notNull != b.notNull)
            return b.notNull;
        if (a.value != b.value)
            return a.value < b.value;
        return a.id < b.id;
    });
}

std::vector<qint64> sortedIds(SortKeys &keys)
{
    std::vector<qint64> ids = sortedOrder(std::move(keys)).ids;
    keys = {};
    return ids;
}

SortedOrder sortedOrder(SortKeys &&keys)
{
    SortedOrder order;
    order.text = keys.text;
    // What a later check of the rows compares with, in id order.
    const size_t rows = keys.rowCount();
    order.rowIds.reserve(rows);
    order.rowHashes.reserve(rows);
    for (size_t i = 0; i < rows; ++i) {
        order.rowIds.push_back(keys.rowId(i));
        order.rowHashes.push_back(keys.rowHash(i));
    }
    if (!std::is_sorted(order.rowIds.begin(), order.rowIds.end())) {
        std::vector<std::pair<qint64, quint64>> pairs;
        pairs.reserve(rows);
        for (size_t i = 0; i < rows; ++i)
            pairs.emplace_back(order.rowIds[i], order.rowHashes[i]);
        std::sort(pairs.begin(), pairs.end());
        for (size_t i = 0; i < rows; ++i)
            std::tie(order.rowIds[i], order.rowHashes[i]) = pairs[i];
    }

    if (!keys.text) {
        sortInts(keys.ints);
        order.ints = std::move(keys.ints);
        order.ids.reserve(order.ints.size());
        for (const IntKey &key : order.ints)
            order.ids.push_back(key.id);
        keys = {};
        return order;
    }

    const std::vector<quint32> rank = textRanks(keys);
    order.keys.resize(keys.texts.size());
    for (const TextKey &key : keys.texts)
        order.keys[size_t(key.id)] = {key.offset, key.length};
    const std::vector<qint64> &rowIds = keys.rowIds;
    order.ids.resize(rowIds.size());
    order.values.resize(rowIds.size());
    if (std::is_sorted(rowIds.begin(), rowIds.end())) {
        // Rows in id order: a stable counting sort by rank keeps ties in id order.
        std::vector<size_t> start(rank.size() + 1, 0);
        for (quint32 value : keys.rowValues)
            ++start[rank[value] + 1];
        for (size_t i = 1; i < start.size(); ++i)
            start[i] += start[i - 1];
        for (size_t i = 0; i < rowIds.size(); ++i) {
            const size_t at = start[rank[keys.rowValues[i]]]++;
            order.ids[at] = rowIds[i];
            order.values[at] = keys.rowValues[i];
        }
    } else {
        // Rows out of id order (point lookups): by rank, then id.
        struct Row
        {
            quint32 rank;
            quint32 value;
            qint64 id;
        };
        std::vector<Row> sorted;
        sorted.reserve(rowIds.size());
        for (size_t i = 0; i < rowIds.size(); ++i)
            sorted.push_back({rank[keys.rowValues[i]], keys.rowValues[i], rowIds[i]});
        sortOnTwoCores<Row>(sorted.begin(), sorted.end(), [](const Row &a, const Row &b) {
            return a.rank != b.rank ? a.rank < b.rank : a.id < b.id;
        });
        for (size_t i = 0; i < sorted.size(); ++i) {
            order.ids[i] = sorted[i].id;
            order.values[i] = sorted[i].value;
        }
    }
    order.arena = std::move(keys.arena);
    keys = {};
    return order;
}

void mergeNewer(SortedOrder &order, SortKeys &&newer)
{
    SortedOrder more = sortedOrder(std::move(newer));
    Q_ASSERT(more.rowIds.empty() || more.rowIds.front() > order.maxId());
    if (order.text) {
        const quint32 keyBase = quint32(order.keys.size());
        const size_t arenaBase = order.arena.size();
        order.arena.insert(order.arena.end(), more.arena.begin(), more.arena.end());
        for (SortedOrder::KeyRef key : more.keys)
            order.keys.push_back({quint32(key.offset + arenaBase), key.length});
        const char *arena = order.arena.data();
        // <0, 0, >0 as key \a a sorts before, with or after key \a b.
        const auto compare = [&](quint32 a, quint32 b) {
            const SortedOrder::KeyRef x = order.keys[a], y = order.keys[b];
            const size_t n = std::min(x.length, y.length);
            const int bytes = n == 0 ? 0 : std::memcmp(arena + x.offset, arena + y.offset, n);
            return bytes != 0 ? bytes : int(x.length) - int(y.length);
        };
        std::vector<qint64> ids;
        std::vector<quint32> values;
        ids.reserve(order.ids.size() + more.ids.size());
        values.reserve(ids.capacity());
        size_t i = 0, j = 0;
        while (i < order.ids.size() || j < more.ids.size()) {
            // On equal keys the kept row comes first: every newer id is greater.
            const bool takeNewer = i == order.ids.size()
                || (j < more.ids.size() && compare(more.values[j] + keyBase, order.values[i]) < 0);
            if (takeNewer) {
                ids.push_back(more.ids[j]);
                values.push_back(more.values[j] + keyBase);
                ++j;
            } else {
                ids.push_back(order.ids[i]);
                values.push_back(order.values[i]);
                ++i;
            }
        }
        order.ids = std::move(ids);
        order.values = std::move(values);
    } else {
        std::vector<IntKey> ints(order.ints.size() + more.ints.size());
        std::merge(order.ints.begin(), order.ints.end(), more.ints.begin(), more.ints.end(),
                   ints.begin(), [](const IntKey &a, const IntKey &b) {
                       if (a.notNull != b.notNull)
                           return b.notNull;
                       if (a.value != b.value)
                           return a.value < b.value;
                       return a.id < b.id;
                   });
        order.ints = std::move(ints);
        order.ids.clear();
        order.ids.reserve(order.ints.size());
        for (const IntKey &key : order.ints)
            order.ids.push_back(key.id);
    }
    order.rowIds.insert(order.rowIds.end(), more.rowIds.begin(), more.rowIds.end());
    order.rowHashes.insert(order.rowHashes.end(), more.rowHashes.begin(), more.rowHashes.end());
}

} // namespace LeadSortKeys
