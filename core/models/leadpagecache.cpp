// SPDX-License-Identifier: MIT
#include "models/leadpagecache.h"

#include "query/leadflattener.h"
#include "store/database.h"

#include <QDateTime>
#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;
using Sqlite::Statement;
using Sqlite::Step;

LeadPageCache::LeadPageCache() = default;

LeadPageCache::~LeadPageCache()
{
    close();
}

bool LeadPageCache::open(const QString &path, const QString &connectionName, QString *error)
{
    close();
    const QSqlDatabase db = Database::open(path, connectionName, Database::Access::ReadOnly, error);
    if (!db.isOpen())
        return false;
    m_connection = connectionName;
    sqlite3 *handle = Sqlite::handle(db);
    if (!handle) {
        *error = u"No SQLite handle."_s;
        return false;
    }
    QStringList expressions {u"l.id"_s};
    for (LeadColumn::Id column : LeadColumn::all())
        expressions.append(LeadColumn::sqlExpression(column));
    // Every column, campaign ones included: the join is needed.
    const QString sql = u"SELECT "_s + expressions.join(u", "_s)
        + u" FROM leads l JOIN campaigns c ON c.id = l.campaign WHERE l.id IN ("_s
        + QStringList(PageSize, u"?"_s).join(u',') + u')';
    if (!m_statement.prepare(handle, sql.toUtf8(), Statement::Persistence::Persistent)) {
        *error = m_statement.errorText();
        return false;
    }
    return true;
}

void LeadPageCache::close()
{
    m_pages.clear();
    m_statement.finalize();
    if (!m_connection.isEmpty())
        Database::close(m_connection);
    m_connection.clear();
}

std::pair<int, int> LeadPageCache::cachedRows() const
{
    int cachedFirst = -1, cachedLast = -1;
    for (auto it = m_pages.cbegin(); it != m_pages.cend(); ++it) {
        const int first = it.key() * PageSize;
        const int last = first + int(it->rows.size()) - 1;
        cachedFirst = cachedFirst < 0 ? first : std::min(cachedFirst, first);
        cachedLast = std::max(cachedLast, last);
    }
    return {cachedFirst, cachedLast};
}

const LeadRow *LeadPageCache::row(const std::vector<qint64> &ids, int rowNumber)
{
    if (rowNumber < 0 || size_t(rowNumber) >= ids.size())
        return nullptr;
    const int pageNumber = rowNumber / PageSize;
    auto it = m_pages.find(pageNumber);
    if (it == m_pages.end()) {
        if (m_pages.size() >= MaxPages) {
            auto oldest = m_pages.begin();
            for (auto p = m_pages.begin(); p != m_pages.end(); ++p) {
                if (p->lastUse < oldest->lastUse)
                    oldest = p;
            }
            m_pages.erase(oldest);
        }
        it = m_pages.insert(pageNumber, Page());
        fetch(ids, pageNumber, &*it);
    }
    it->lastUse = ++m_useCounter;
    const size_t offset = size_t(rowNumber - pageNumber * PageSize);
    return offset < it->rows.size() ? &it->rows[offset] : nullptr;
}

void LeadPageCache::fetch(const std::vector<qint64> &ids, int pageNumber, Page *page)
{
    const size_t first = size_t(pageNumber) * PageSize;
    const size_t count = std::min<size_t>(PageSize, ids.size() - first);
    page->rows.resize(count);
    for (size_t i = 0; i < count; ++i)
        page->rows[i].id = ids[first + i];
    if (!m_statement.isValid())
        return;
    // One statement with PageSize placeholders, prepared once; a short last page leaves the
    // rest NULL, which matches nothing.
    m_statement.reset();
    m_statement.clearBindings();
    for (size_t i = 0; i < count; ++i)
        m_statement.bindInt64(int(i) + 1, ids[first + i]);
    QHash<qint64, qsizetype> slot; // id -> first row in the page (a selection may repeat ids)
    slot.reserve(qsizetype(count));
    for (size_t i = 0; i < count; ++i)
        slot.insert(ids[first + i], qsizetype(i));
    while (m_statement.step() == Step::Row) {
        const qint64 id = m_statement.int64(0);
        const auto it = slot.constFind(id);
        if (it == slot.cend())
            continue;
        LeadRow &row = page->rows[size_t(*it)];
        fill(&row);
        for (size_t i = size_t(*it) + 1; i < count; ++i) {
            if (page->rows[i].id == id)
                page->rows[i] = row;
        }
    }
    m_statement.reset();
}

void LeadPageCache::fill(LeadRow *row) const
{
    for (int c = 0; c < LeadColumn::Count; ++c) {
        const auto column = static_cast<LeadColumn::Id>(c);
        const int i = c + 1;
        const LeadColumn::Type type = LeadColumn::type(column);
        switch (type) {
        case LeadColumn::Type::Integer:
        case LeadColumn::Type::TimestampMs: {
            if (m_statement.isNull(i)) {
                row->raw[c] = QVariant();
                row->display[c].clear();
                break;
            }
            const qint64 value = m_statement.int64(i);
            row->raw[c] = value;
            row->display[c] = type == LeadColumn::Type::Integer
                ? m_locale.toString(value)
                : QDateTime::fromMSecsSinceEpoch(value, Qt::LocalTime)
                      .toString(u"yyyy-MM-dd HH:mm"_s);
            break;
        }
        case LeadColumn::Type::Text: {
            const QString value = m_statement.text(i);
            row->raw[c] = value;
            row->display[c] = value;
            break;
        }
        case LeadColumn::Type::ExperienceJson:
        case LeadColumn::Type::EducationJson:
        case LeadColumn::Type::StringListJson: {
            const QByteArrayView json = m_statement.utf8(i);
            QByteArray flat;
            LeadFlattener::append(type, json, flat);
            row->raw[c] = QString::fromUtf8(json);
            row->display[c] = QString::fromUtf8(flat);
            break;
        }
        }
    }
}
