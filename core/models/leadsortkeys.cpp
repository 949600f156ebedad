// SPDX-License-Identifier: MIT
#include "models/leadsortkeys.h"

#include <thread>
#include <tuple>

namespace LeadSortKeys {

quint64 textHash(const char *data, size_t size)
{
    // Eight bytes a step (a multiply and a shift), then a final mix: several times faster than
    // a byte at a time on the 20-60 byte values of a lead column, and as good at telling
    // values apart (equal hashes are still compared as text).
    constexpr quint64 K = 0x9E3779B97F4A7C15ULL;
    quint64 hash = (size + 1) * K;
    size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        quint64 word;
        std::memcpy(&word, data + i, 8);
        hash = (hash ^ word) * K;
        hash ^= hash >> 29;
    }
    if (i < size) {
        quint64 word = 0;
        std::memcpy(&word, data + i, size - i);
        hash = (hash ^ word) * K;
        hash ^= hash >> 29;
    }
    hash ^= hash >> 32;
    hash *= K;
    return hash ^ (hash >> 29);
}

quint64 intHash(qint64 value, bool notNull)
{
    return notNull ? textHash(reinterpret_cast<const char *>(&value), sizeof value) : 0;
}

void SortKeys::reserve(size_t rows)
{
    if (text) {
        rowIds.reserve(rowIds.size() + rows);
        rowValues.reserve(rowValues.size() + rows);
        rowHashes.reserve(rowHashes.size() + rows);
    } else {
        ints.reserve(ints.size() + rows);
    }
}

void SortKeys::addText(qint64 id, const char *data, size_t size)
{
    // Over a million leads the slots are some megabytes: most lookups miss the cache, and
    // the prefetch lets that miss overlap with reading the next row.
    const quint64 hash = textHash(data, size);
#if defined(__GNUC__)
    if (!m_slots.empty())
        __builtin_prefetch(&m_slots[size_t(hash) & (m_slots.size() - 1)]);
#endif
    if (m_hasPending)
        insert(m_pendingId, m_pending.data(), m_pending.size(), m_pendingHash);
    m_pending.assign(data, data + size);
    m_pendingId = id;
    m_pendingHash = hash;
    m_hasPending = true;
}

void SortKeys::flush()
{
    if (!m_hasPending)
        return;
    insert(m_pendingId, m_pending.data(), m_pending.size(), m_pendingHash);
    m_hasPending = false;
}

void SortKeys::insert(qint64 id, const char *data, size_t size, quint64 hash)
{
    if ((texts.size() + 1) * 2 > m_slots.size())
        grow();
    const size_t mask = m_slots.size() - 1;
    const quint64 tag = hash >> 32;
    for (size_t slot = size_t(hash) & mask;; slot = (slot + 1) & mask) {
        const quint64 entry = m_slots[slot];
        if (entry == 0) {
            // A new value: its sort key, made once per distinct value (the costly part).
            rawOffsets.push_back(quint32(raw.size()));
            raw.insert(raw.end(), data, data + size);
            const QByteArrayView text(data, qsizetype(size));
            KeyKind kind = KeyKind::Bytes;
            if (collator) {
                if (collator->hasAsciiKeys() && LocaleCollator::isAscii(text)) {
                    collator->asciiKey(text, m_key);
                    kind = KeyKind::Ascii;
                } else {
                    collator->sortKey(text, m_key);
                }
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
            kinds.push_back(kind);
            m_slots[slot] = tag << 32 | quint64(texts.size());
            rowValues.push_back(quint32(texts.size() - 1));
            break;
        }
        if (entry >> 32 != tag)
            continue;
        const size_t value = size_t(entry & 0xffffffffU) - 1;
        const QByteArrayView known = rawText(value);
        // size 0: memcmp may not be given the null pointers of empty buffers (UBSan).
        if (size_t(known.size()) == size
            && (size == 0 || std::memcmp(known.data(), data, size) == 0)) {
            rowValues.push_back(quint32(value));
            break;
        }
    }
    rowIds.push_back(id);
    rowHashes.push_back(hash);
}

void SortKeys::append(SortKeys &&other)
{
    flush();
    other.flush();
    const size_t arenaBase = arena.size();
    const quint32 base = quint32(texts.size());
    arena.insert(arena.end(), other.arena.begin(), other.arena.end());
    for (TextKey key : other.texts) {
        key.offset += quint32(arenaBase);
        key.id += base;
        texts.push_back(key);
    }
    valueHashes.insert(valueHashes.end(), other.valueHashes.begin(), other.valueHashes.end());
    kinds.insert(kinds.end(), other.kinds.begin(), other.kinds.end());
    const quint32 rawBase = quint32(raw.size());
    raw.insert(raw.end(), other.raw.begin(), other.raw.end());
    for (quint32 offset : other.rawOffsets)
        rawOffsets.push_back(offset + rawBase);
    rowIds.insert(rowIds.end(), other.rowIds.begin(), other.rowIds.end());
    rowHashes.insert(rowHashes.end(), other.rowHashes.begin(), other.rowHashes.end());
    for (quint32 value : other.rowValues)
        rowValues.push_back(value + base);
    ints.insert(ints.end(), other.ints.begin(), other.ints.end());
    // No more adds: what found values goes.
    m_slots = {};
    other = {};
}

void SortKeys::grow()
{
    m_slots.assign(std::max<size_t>(1024, m_slots.size() * 2), 0);
    const size_t mask = m_slots.size() - 1;
    for (size_t i = 0; i < texts.size(); ++i) {
        const quint64 hash = valueHashes[i];
        size_t slot = size_t(hash) & mask;
        while (m_slots[slot] != 0)
            slot = (slot + 1) & mask;
        m_slots[slot] = (hash >> 32) << 32 | quint64(i + 1);
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
// How far past \a at the keys of [first, last), which agree on bytes [0, at), all agree.
size_t sharedPrefix(const std::vector<TextKey> &v, size_t first, size_t last, size_t at,
                    const char *arena)
{
    size_t end = v[first].length;
    const char *base = arena + v[first].offset;
    for (size_t i = first + 1; i < last && end > at; ++i) {
        const size_t n = std::min<size_t>(end, v[i].length);
        const char *other = arena + v[i].offset;
        size_t k = at;
        while (k < n && other[k] == base[k])
            ++k;
        end = k;
    }
    return std::max(at, end);
}

void sortTextsFrom(std::vector<TextKey> &v, size_t first, size_t last, size_t at, const char *arena,
                   bool parallel)
{
    for (;;) {
        // Bytes all the keys share are skipped: a sort on a chunk they agree on would leave
        // them as they are (long shared prefixes are common: URLs, templated headlines).
        at = sharedPrefix(v, first, last, at, arena);
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

namespace {

// <0, 0, >0 as key \a a sorts before, with or after \a b (keys of one kind).
// <0, 0, >0 as the key of \a a sorts before, with or after that of \b (keys of one kind,
// bytes [offset, offset + length) of \a arena).
int compareBytes(const char *arena, quint32 aOffset, quint32 aLength, quint32 bOffset,
                 quint32 bLength)
{
    const size_t n = std::min(aLength, bLength);
    const int bytes = n == 0 ? 0 : std::memcmp(arena + aOffset, arena + bOffset, n);
    return bytes != 0 ? bytes : (aLength < bLength ? -1 : aLength > bLength ? 1 : 0);
}

int compareBytes(const TextKey &a, const TextKey &b, const char *arena)
{
    return compareBytes(arena, a.offset, a.length, b.offset, b.length);
}

// Sorts v[first, last), keys of one kind, as bytes (sortTextsFrom skips the prefix they all
// share).
void sortBytes(std::vector<TextKey> &v, size_t first, size_t last, const char *arena)
{
    if (last - first >= 2)
        sortTextsFrom(v, first, last, 0, arena, true);
}

// Merges the sorted ASCII keys v[0, split) with the sorted other keys v[split, end) through the
// collator; \a same[i] tells whether merged[i] collates equal to merged[i - 1]. The other keys
// are few where ASCII keys apply at all: each is placed with a galloping search over the ASCII
// keys, a few collator comparisons instead of one per ASCII key.
std::vector<TextKey> mergeKinds(const SortKeys &keys, size_t split, std::vector<quint8> &same)
{
    const std::vector<TextKey> &v = keys.texts;
    const char *arena = keys.arena.data();
    const auto cross = [&](const TextKey &a, const TextKey &b) {
        return keys.collator->compare(keys.rawText(size_t(a.id)), keys.rawText(size_t(b.id)));
    };
    std::vector<TextKey> merged;
    merged.reserve(v.size());
    same.assign(v.size(), 0);
    bool lastIsAscii = false;
    const auto pushAscii = [&](size_t k) {
        // After an ASCII key: equal as bytes. After another key: greater (it was placed
        // before the first ASCII key greater than itself).
        same[merged.size()]
            = !merged.empty() && lastIsAscii && compareBytes(merged.back(), v[k], arena) == 0;
        merged.push_back(v[k]);
        lastIsAscii = true;
    };
    size_t i = 0;
    for (size_t j = split; j < v.size(); ++j) {
        const TextKey &other = v[j];
        // The first ASCII key in [i, split) greater than this one.
        size_t lo = i, hi = i, step = 1;
        while (hi < split && cross(v[hi], other) <= 0) {
            lo = hi + 1;
            hi = std::min(split, hi + step);
            step *= 2;
        }
        while (lo < hi) {
            const size_t mid = lo + (hi - lo) / 2;
            if (cross(v[mid], other) <= 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; i < lo; ++i)
            pushAscii(i);
        same[merged.size()] = !merged.empty()
            && (lastIsAscii ? cross(merged.back(), other) == 0
                            : compareBytes(merged.back(), other, arena) == 0);
        merged.push_back(other);
        lastIsAscii = false;
    }
    for (; i < split; ++i)
        pushAscii(i);
    return merged;
}

} // namespace

std::vector<quint32> textRanks(SortKeys &keys)
{
    keys.flush();
    std::vector<TextKey> &v = keys.texts;
    const char *arena = keys.arena.data();
    // ASCII keys first, each kind sorted as bytes.
    size_t split = 0;
    if (keys.kinds.size() == v.size()) {
        split = size_t(std::partition(v.begin(), v.end(),
                                      [&](const TextKey &key) {
                                          return keys.kinds[size_t(key.id)] == KeyKind::Ascii;
                                      })
                       - v.begin());
    }
    sortBytes(v, 0, split, arena);
    sortBytes(v, split, v.size(), arena);
    std::vector<quint8> same;
    if (split > 0 && split < v.size()) {
        v = mergeKinds(keys, split, same);
    } else {
        same.assign(v.size(), 0);
        for (size_t i = 1; i < v.size(); ++i)
            same[i] = compareBytes(v[i - 1], v[i], arena) == 0;
    }
    // Dense ranks: distinct texts may collate equal ("Berlin", "BERLIN"), and their rows then
    // share a rank and keep the id order.
    std::vector<quint32> rank(v.size());
    quint32 current = 0;
    for (size_t i = 0; i < v.size(); ++i) {
        if (i > 0 && !same[i])
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
    keys.flush();
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
    if (keys.collator) {
        // A language's keys may be of two kinds: a later merge compares across them by text.
        order.kinds = std::move(keys.kinds);
        order.texts.reserve(keys.rawOffsets.size());
        for (size_t value = 0; value < keys.rawOffsets.size(); ++value)
            order.texts.push_back({keys.rawOffsets[value], quint32(keys.rawText(value).size())});
        order.raw = std::move(keys.raw);
    }
    keys = {};
    return order;
}

void mergeNewer(SortedOrder &order, SortKeys &&newer)
{
    LocaleCollator *collator = newer.collator;
    SortedOrder more = sortedOrder(std::move(newer));
    Q_ASSERT(more.rowIds.empty() || more.rowIds.front() > order.maxId());
    if (order.text) {
        const quint32 keyBase = quint32(order.keys.size());
        const size_t arenaBase = order.arena.size();
        order.arena.insert(order.arena.end(), more.arena.begin(), more.arena.end());
        for (SortedOrder::KeyRef key : more.keys)
            order.keys.push_back({quint32(key.offset + arenaBase), key.length});
        const bool twoKinds
            = collator && order.kinds.size() + more.kinds.size() == order.keys.size();
        if (twoKinds) {
            order.kinds.insert(order.kinds.end(), more.kinds.begin(), more.kinds.end());
            const quint32 rawBase = quint32(order.raw.size());
            order.raw.insert(order.raw.end(), more.raw.begin(), more.raw.end());
            for (SortedOrder::KeyRef text : more.texts)
                order.texts.push_back({text.offset + rawBase, text.length});
        }
        const char *arena = order.arena.data();
        const auto textOf = [&](quint32 key) {
            const SortedOrder::KeyRef text = order.texts[key];
            return QByteArrayView(order.raw.data() + text.offset, qsizetype(text.length));
        };
        // <0, 0, >0 as key \a a sorts before, with or after key \a b.
        const auto compare = [&](quint32 a, quint32 b) {
            if (twoKinds && order.kinds[a] != order.kinds[b])
                return collator->compare(textOf(a), textOf(b));
            const SortedOrder::KeyRef x = order.keys[a], y = order.keys[b];
            return compareBytes(arena, x.offset, x.length, y.offset, y.length);
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
