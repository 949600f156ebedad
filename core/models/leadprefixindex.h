// SPDX-License-Identifier: MIT
#pragma once

#include "store/sqlitestatement.h"

#include <QString>

#include <optional>
#include <vector>

/*!
    A small in-memory FTS5 index over the first leads by id, for LeadTableModel's worker (an
    internal part of it). Same columns and tokenizer as leads_fts, so a search's matches among
    those leads are exactly the first rows of its full result: a search can show its first
    screenful before the FTS5 query over every lead finishes.

    Its size (how many leads) is the caller's choice: enough for a screenful of matches for
    all but rare words, small enough to build off the keystroke path.
*/
class LeadPrefixIndex final
{
public:
    static constexpr int DefaultSize = 20000;

    LeadPrefixIndex() = default;
    LeadPrefixIndex(const LeadPrefixIndex &) = delete;
    LeadPrefixIndex &operator=(const LeadPrefixIndex &) = delete;

    /*!
        Indexes the first \a size leads of \a db, unless the index already holds them for
        \a version (PRAGMA data_version of \a db) and \a size. False when it could not be
        built; the index is then not current.
    */
    bool build(sqlite3 *db, qint64 version, int size);
    /// The index no longer matches the data (new data, or a refresh).
    void invalidate() { m_version = -1; }
    /// Frees the in-memory database.
    void close();

    /// The ids of the leads among the indexed ones that \a match (an FTS5 expression, see
    /// LeadFilter::ftsMatchExpression()), ascending; nullopt when the index is not current
    /// for \a version.
    std::optional<std::vector<qint64>> matches(qint64 version, const QString &match);
    /// True when the index holds every lead: its matches are then the complete result.
    bool isComplete() const { return m_complete; }

private:
    Sqlite::Connection m_memory;
    qint64 m_version = -1;
    int m_size = 0;
    bool m_complete = false;
};
