// SPDX-License-Identifier: MIT
#pragma once

#include "query/leadcolumn.h"
#include "store/sqlitestatement.h"

#include <QHash>
#include <QLocale>
#include <QString>
#include <QVariant>

#include <utility>
#include <vector>

/// One lead as the table shows it: raw values (the sort role) and display text per column.
struct LeadRow
{
    qint64 id = 0;
    QVariant raw[LeadColumn::Count];
    QString display[LeadColumn::Count];
};

/*!
    The rows of LeadTableModel, read on the GUI thread in pages of PageSize ids through one
    statement prepared once on a read-only connection of its own, and kept in a small
    least-recently-used cache (an internal part of the model). 64 x 256 rows is a few screens
    of scrolling back and forth, a few MB at most.
*/
class LeadPageCache final
{
public:
    static constexpr int PageSize = 256;
    static constexpr int MaxPages = 64;

    LeadPageCache();
    ~LeadPageCache();
    LeadPageCache(const LeadPageCache &) = delete;
    LeadPageCache &operator=(const LeadPageCache &) = delete;

    /// Opens \a path read-only as the Qt SQL connection \a connectionName and prepares the
    /// page statement. False with \a error set.
    bool open(const QString &path, const QString &connectionName, QString *error);
    void close();
    bool isOpen() const { return !m_connection.isEmpty(); }

    /// Forgets every cached row.
    void clear() { m_pages.clear(); }
    /// Rows [first, last] held in the cache, or {-1, -1} when it is empty.
    std::pair<int, int> cachedRows() const;

    /// Row \a rowNumber of \a ids (the model's list), read with its page when not cached.
    /// nullptr for a row out of range.
    const LeadRow *row(const std::vector<qint64> &ids, int rowNumber);

private:
    struct Page
    {
        std::vector<LeadRow> rows;
        quint64 lastUse = 0;
    };

    void fetch(const std::vector<qint64> &ids, int pageNumber, Page *page);
    void fill(LeadRow *row) const;

    QString m_connection;
    Sqlite::Statement m_statement;
    QHash<int, Page> m_pages;
    quint64 m_useCounter = 0;
    QLocale m_locale;
};
