// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <algorithm>
#include <cstring>
#include <vector>

/// The lead table's sort in C++ (an internal part of LeadTableModel's worker): keys of one
/// column, folded and deduplicated as they are read, and the ordered ids they give.
namespace LeadSortKeys {

// --- sorting in C++ -----------------------------------------------------------------------
// Any column sorts like LeadFilter's ORDER BY <key> [COLLATE NOCASE], l.id: text compared as
// UTF-8 bytes with ASCII A-Z folded (SQLite's NOCASE), numbers with NULL first, ties by id;
// descending is the exact reverse. The keys are read in rowid order (no ORDER BY, no index
// needed) and sorted here, on both cores.

// A text key: 8 folded bytes of it, big-endian, and where it is in the arena (the whole folded
// string). Sorted by 8-byte chunks from the left (an MSD sort on 64-bit digits): one sort on
// the first chunk after the prefix every key shares, then only runs of keys still equal on
// their chunks are sorted again on the next one. Comparisons stay integer compares on 24-byte
// entries, even for URLs or summaries that share long prefixes.
struct TextKey
{
    quint64 chunk;
    quint32 offset; // in the arena
    quint32 length;
    qint64 id;
};

struct IntKey
{
    qint64 value;
    qint64 id;
    bool notNull;
};

// The keys of a column. Text is folded and deduplicated as it is read (most columns repeat a
// few thousand values over a million leads), so only distinct values are sorted; the rows then
// take their value's rank, a counting sort when they came in id order.
struct SortKeys
{
    bool text = true;
    // Text: one entry per distinct value (TextKey::id = its index), and per row its value.
    std::vector<TextKey> texts;
    std::vector<char> arena;
    std::vector<qint64> rowIds;
    std::vector<quint32> rowValues;
    // Numbers: one entry per row.
    std::vector<IntKey> ints;

    void addText(qint64 id, const char *data, size_t size)
    {
        m_folded.resize(size);
        quint64 hash = 1469598103934665603ULL; // FNV-1a
        for (size_t i = 0; i < size; ++i) {
            const char c = data[i] >= 'A' && data[i] <= 'Z' ? char(data[i] - 'A' + 'a') : data[i];
            m_folded[i] = c;
            hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
        }
        if ((texts.size() + 1) * 2 > m_slots.size())
            grow();
        const size_t mask = m_slots.size() - 1;
        for (size_t slot = size_t(hash) & mask;; slot = (slot + 1) & mask) {
            const quint32 entry = m_slots[slot];
            if (entry == 0) {
                const size_t offset = arena.size();
                arena.insert(arena.end(), m_folded.begin(), m_folded.end());
                texts.push_back({0, quint32(offset), quint32(size), qint64(texts.size())});
                m_hashes.push_back(hash);
                m_slots[slot] = quint32(texts.size());
                rowValues.push_back(quint32(texts.size() - 1));
                break;
            }
            const TextKey &key = texts[entry - 1];
            // size 0: memcmp may not be given the null pointers of empty buffers (UBSan).
            if (m_hashes[entry - 1] == hash && key.length == size
                && (size == 0
                    || std::memcmp(arena.data() + key.offset, m_folded.data(), size) == 0)) {
                rowValues.push_back(entry - 1);
                break;
            }
        }
        rowIds.push_back(id);
    }

    /// Appends the keys of leads with greater ids (read on another thread). A value in both
    /// stays two entries: equal values then rank next to each other, this one's first, which
    /// is the id order.
    void append(SortKeys &&other)
    {
        const size_t arenaBase = arena.size();
        const quint32 base = quint32(texts.size());
        arena.insert(arena.end(), other.arena.begin(), other.arena.end());
        for (TextKey key : other.texts) {
            key.offset += quint32(arenaBase);
            key.id += base;
            texts.push_back(key);
        }
        rowIds.insert(rowIds.end(), other.rowIds.begin(), other.rowIds.end());
        for (quint32 value : other.rowValues)
            rowValues.push_back(value + base);
        ints.insert(ints.end(), other.ints.begin(), other.ints.end());
        m_slots.clear(); // no more adds
        other = {};
    }

private:
    void grow()
    {
        m_slots.assign(std::max<size_t>(1024, m_slots.size() * 2), 0);
        const size_t mask = m_slots.size() - 1;
        for (size_t i = 0; i < texts.size(); ++i) {
            size_t slot = size_t(m_hashes[i]) & mask;
            while (m_slots[slot] != 0)
                slot = (slot + 1) & mask;
            m_slots[slot] = quint32(i + 1);
        }
    }

    std::vector<char> m_folded;
    std::vector<quint32> m_slots;
    std::vector<quint64> m_hashes;
};

/// The rank of each distinct text value in keys.texts (index = TextKey::id), in sorted order.
std::vector<quint32> textRanks(SortKeys &keys);
/// Integer keys ascending, NULL first, ties by id.
void sortInts(std::vector<IntKey> &ints);
/// The lead ids of \a keys, ascending by value, ties by id, NULL (and empty text) first.
std::vector<qint64> sortedIds(SortKeys &keys);

// Membership of lead ids, one bit per id.
struct IdSet
{
    std::vector<quint64> bits;

    explicit IdSet(const std::vector<qint64> &ids)
    {
        qint64 maxId = 0;
        for (qint64 id : ids)
            maxId = std::max(maxId, id);
        bits.assign(size_t(maxId / 64 + 1), 0);
        for (qint64 id : ids) {
            if (id >= 0)
                bits[size_t(id / 64)] |= quint64(1) << (id % 64);
        }
    }
    bool contains(qint64 id) const
    {
        return id >= 0 && size_t(id / 64) < bits.size() && (bits[size_t(id / 64)] >> (id % 64) & 1);
    }
};

} // namespace LeadSortKeys
