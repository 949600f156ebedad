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

/// A 64-bit hash of a value's text (eight bytes at a time), or of a number and whether it is
/// NULL: how a kept order checks, without keeping the values, that the rows it was made from
/// are unchanged; and how values are told apart as they are read.
quint64 textHash(const char *data, size_t size);
quint64 intHash(qint64 value, bool notNull);

/// How a distinct text value's sort key was made. Keys of one kind compare as bytes; a key of
/// each kind, through the collator on the two texts.
enum class KeyKind : quint8 {
    Bytes, ///< ICU's sort key, or the NOCASE bytes of an identifier
    Ascii, ///< LocaleCollator::asciiKey() of text that is all ASCII
};

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
    std::vector<KeyKind> kinds; ///< per distinct value
    std::vector<char> raw; ///< the distinct values' text, one after the other
    std::vector<quint32> rawOffsets; ///< per distinct value, where its text starts in raw
    std::vector<qint64> rowIds;
    std::vector<quint32> rowValues;
    std::vector<quint64>
        rowHashes; ///< per row, its value's textHash() (read in order, not looked up)
    // Numbers: one entry per row.
    std::vector<IntKey> ints;

    /// Room for about \a rows more rows (text: as many distinct values at most).
    void reserve(size_t rows);
    /// Adds a row. Taken in one row late (see flush()): the slot the value hashes to is
    /// fetched from memory while the caller reads the next row, instead of stalling this one.
    void addText(qint64 id, const char *data, size_t size);
    /// Takes in the last row addText() was given. append(), textRanks() and sortedOrder() call
    /// it; other readers of the vectors call it first.
    void flush();

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
        return text ? rowHashes[i] : intHash(ints[i].value, ints[i].notNull);
    }
    /// The text of distinct value \a value.
    QByteArrayView rawText(size_t value) const
    {
        const size_t end = value + 1 < rawOffsets.size() ? rawOffsets[value + 1] : raw.size();
        return QByteArrayView(raw.data() + rawOffsets[value], qsizetype(end - rawOffsets[value]));
    }

private:
    void insert(qint64 id, const char *data, size_t size, quint64 hash);
    void grow();

    std::vector<char> m_pending; // the text of the row not taken in yet
    qint64 m_pendingId = 0;
    quint64 m_pendingHash = 0;
    bool m_hasPending = false;

    // Open addressing over the distinct values: per slot the value's index + 1 (0: empty) in
    // the low half, the high half of its hash in the high half, so that most probes of other
    // values are told apart without touching their text.
    std::vector<quint64> m_slots;
    std::vector<char> m_key;
};

/// The rank of each distinct text value in keys.texts (index = TextKey::id), in sorted order;
/// values that collate equal share a rank. Leaves keys.texts sorted. Keys of both kinds: each
/// kind sorted as bytes, then the two merged through the collator.
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
    // Text in a language: per key its kind, and the texts (to compare keys of two kinds).
    std::vector<KeyKind> kinds;
    std::vector<KeyRef> texts;
    std::vector<char> raw;
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
    of all the rows would give. \a newer is consumed; its collator compares keys of two kinds.
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
