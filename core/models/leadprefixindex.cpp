// SPDX-License-Identifier: MIT
#include "models/leadprefixindex.h"

#include "store/schema.h"

using Sqlite::Statement;
using Sqlite::Step;

bool LeadPrefixIndex::build(sqlite3 *db, qint64 version, int size)
{
    if (version == m_version && size == m_size)
        return true;
    m_version = -1;
    if (!m_memory.isOpen() && !m_memory.openMemory())
        return false;
    Sqlite::exec(m_memory.get(),
                 "DROP TABLE IF EXISTS first_leads;"
                 " CREATE VIRTUAL TABLE first_leads USING fts5(" LV_LEADS_FTS_COLUMNS ","
                 " tokenize='unicode61 remove_diacritics 2');"
                 " BEGIN");
    Statement read, write;
    bool ok
        = read.prepare(db, "SELECT id, " LV_LEADS_FTS_COLUMNS " FROM leads ORDER BY id LIMIT ?1")
        && read.bindInt64(1, size)
        && write.prepare(m_memory.get(),
                         "INSERT INTO first_leads(rowid, " LV_LEADS_FTS_COLUMNS ")"
                         " VALUES (?,?,?,?,?,?,?,?,?)");
    int rows = 0;
    Step step = Step::Done;
    while (ok && (step = read.step()) == Step::Row) {
        write.bindInt64(1, read.int64(0));
        for (int i = 1; i <= 8; ++i)
            write.bindColumn(i + 1, read, i);
        ok = write.step() == Step::Done;
        write.reset();
        ++rows;
    }
    ok = ok && step == Step::Done;
    Sqlite::exec(m_memory.get(), ok ? "COMMIT" : "ROLLBACK");
    if (ok) {
        m_version = version;
        m_size = size;
        m_complete = rows < size;
    }
    return ok;
}

void LeadPrefixIndex::close()
{
    m_memory.close();
    m_version = -1;
}

std::optional<std::vector<qint64>> LeadPrefixIndex::matches(qint64 version, const QString &match)
{
    if (!m_memory.isOpen() || m_version < 0 || m_version != version)
        return std::nullopt;
    Statement statement;
    if (!statement.prepare(m_memory.get(),
                           "SELECT rowid FROM first_leads WHERE first_leads MATCH ?"
                           " ORDER BY rowid")
        || !statement.bindText(1, match))
        return std::nullopt;
    std::vector<qint64> ids;
    Step step;
    while ((step = statement.step()) == Step::Row)
        ids.push_back(statement.int64(0));
    if (step != Step::Done)
        return std::nullopt;
    return ids;
}
