// SPDX-License-Identifier: MIT
#include "models/leadsortkeys.h"

#include <thread>

namespace LeadSortKeys {

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

/// The rank of each distinct text value of \a keys (values are distinct: no ties).
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
    std::vector<quint32> rank(v.size());
    for (size_t i = 0; i < v.size(); ++i)
        rank[size_t(v[i].id)] = quint32(i);
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

/// Sorts \a keys ascending and returns the ids in that order.
std::vector<qint64> sortedIds(SortKeys &keys)
{
    std::vector<qint64> ids;
    if (keys.text) {
        const std::vector<quint32> rank = textRanks(keys);
        const std::vector<qint64> &rowIds = keys.rowIds;
        if (std::is_sorted(rowIds.begin(), rowIds.end())) {
            // Rows in id order: a stable counting sort by rank keeps ties in id order.
            std::vector<size_t> start(rank.size() + 1, 0);
            for (quint32 value : keys.rowValues)
                ++start[rank[value] + 1];
            for (size_t i = 1; i < start.size(); ++i)
                start[i] += start[i - 1];
            ids.resize(rowIds.size());
            for (size_t i = 0; i < rowIds.size(); ++i)
                ids[start[rank[keys.rowValues[i]]]++] = rowIds[i];
        } else {
            std::vector<IntKey> ints;
            ints.reserve(rowIds.size());
            for (size_t i = 0; i < rowIds.size(); ++i)
                ints.push_back({qint64(rank[keys.rowValues[i]]), rowIds[i], true});
            sortInts(ints);
            ids.reserve(ints.size());
            for (const IntKey &key : ints)
                ids.push_back(key.id);
        }
    } else {
        sortInts(keys.ints);
        ids.reserve(keys.ints.size());
        for (const IntKey &key : keys.ints)
            ids.push_back(key.id);
    }
    keys = {};
    return ids;
}

} // namespace LeadSortKeys
