// SPDX-License-Identifier: MIT
#pragma once

#include "common/localecollator.h"

#include <QtGlobal>

#include <algorithm>
#include <cstring>
#include <vector>

/// The lead table's sort in C++ (an internal part of LeadTableModel's worker): keys of one
/// column, deduplicated and turned into collation sort keys as they are read, and the
/// ordered ids they give.
namespace LeadSortKeys {

// --- sorting in C++ -----------------------------------------------------------------------
// Any column sorts like LeadFilter's ORDER BY <key> [COLLATE lv_locale_<locale> | NOCASE], l.id:
// text in the user's language (LocaleCollator's sort keys, compared as bytes), identifiers as
// SQLite's NOCASE (ASCII A-Z folded, then bytes), numbers with NULL first, ties by id; descending
// is the exact reverse. The keys are read in rowid order (no ORDER BY, no index needed) and sorted
// here, on both cores.

// A text key: 8 bytes of its collation sort key, big-endian, and where the whole sort key is
// in the arena. Sorted by 8-byte chunks from the left (an MSD sort on 64-bit digits): one sort
// on the first chunk after the prefix every key shares, then only runs of keys still equal on
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

/// FNV-1a of a value's text, or of a number and whether it is NULL: how a kept order checks,
/// without keeping the values, that the rows it was made from are unchanged.
quint64 textHash(const char *data, size_t size);
quint64 intHash(qint64 value, bool notNull);

// The keys of a column. Text is deduplicated as it is read (most columns repeat a few thousand
// values over a million leads), so only distinct values get a sort key and are sorted; the
// rows then take their value's rank, a counting sort when they came in id order.
struct SortKeys
{
    bool text = true;
    /// Makes the sort keys of text values; set before the first addText(). Not owned.
    /// Without one, text sorts as SQLite's NOCASE (identifiers, see LeadColumn).
    LocaleCollator *collator = nullptr;
    // Text: one entry per distinct value (TextKey::id = its index), and per row its value.
    std::vector<TextKey> texts;
    std::vector<char> arena; ///< the sort keys
    std::vector<quint64> valueHashes; ///< per distinct value, textHash() of its text
    std::vector<qint64> rowIds;
    std::vector<quint32> rowValues;
    // Numbers: one entry per row.
    std::vector<IntKey> ints;

    void addText(qint64 id, const char *data, size_t size);

    /// Appends the keys of leads with greater ids (read on another thread). A value in both
    /// stays two entries: equal values then rank next to each other, this one's first, which
    /// is the id order.
    void append(SortKeys &&other);

    /// Rows read, in read order.
    size_t rowCount() const { return text ? rowIds.size() : ints.size(); }
    /// The id and value hash of row \a i in read order.
    qint64 rowId(size_t i) const { return text ? rowIds[i] : ints[i].id; }
    quint64 rowHash(size_t i) const
    {
        return text ? valueHashes[rowValues[i]] : intHash(ints[i].value, ints[i].notNull);
    }

private:
    void grow();

    std::vector<char> m_raw; // the distinct values' text, to tell them apart
    std::vector<quint32> m_rawOffsets;
    std::vector<quint32> m_slots;
    std::vector<char> m_key;
};

/// The rank of each distinct text value in keys.texts (index = TextKey::id), in sorted order;
/// values that collate equal share a rank. Leaves keys.texts sorted.
std::vector<quint32> textRanks(SortKeys &keys);
/// Integer keys ascending, NULL first, ties by id.
void sortInts(std::vector<IntKey> &ints);
/// The lead ids of \a keys, ascending by value, ties by id, NULL (and empty text) first.
std::vector<qint64> sortedIds(SortKeys &keys);

/*!
    The ascending order of every lead by one column, kept with what it takes to put newer
    leads into it without sorting again: each position's key, and each row's value hash in id
    order (to check that the rows it was made from did not change).
*/
struct SortedOrder
{
    struct KeyRef
    {
        quint32 offset;
        quint32 length;
    };
    bool text = true;
    std::vector<qint64> ids; ///< ascending
    // Text: per position the index of its sort key.
    std::vector<quint32> values;
    std::vector<KeyRef> keys;
    std::vector<char> arena;
    // Numbers: per position its key (ints[i].id == ids[i]).
    std::vector<IntKey> ints;
    // Per row in id order: its id and value hash.
    std::vector<qint64> rowIds;
    std::vector<quint64> rowHashes;

    qint64 maxId() const { return rowIds.empty() ? 0 : rowIds.back(); }
};

/// Sorts \a keys (read in id order) and keeps the order (\a keys is consumed).
SortedOrder sortedOrder(SortKeys &&keys);
/*!
    Puts the rows of \a newer, read in id order and every id above order.maxId(), into
    \a order: they are sorted alone, then merged (one pass), so \a order is what sortedOrder()
    of all the rows would give. \a newer is consumed.
*/
void mergeNewer(SortedOrder &order, SortKeys &&newer);

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
