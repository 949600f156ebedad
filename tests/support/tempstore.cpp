// SPDX-License-Identifier: MIT
#include "tempstore.h"

#include "checks.h"

#include "store/database.h"

using namespace Qt::StringLiterals;

namespace TestSupport {

TempStore::TempStore(const QString &connection, const QString &fileName)
    : m_connection(connection)
    , m_fileName(fileName)
{ }

TempStore::~TempStore()
{
    close();
}

void TempStore::open()
{
    VERIFY2_OR_THROW(m_dir.isValid(), m_dir.errorString());
    QString error;
    m_db = Database::open(path(), m_connection, Database::Access::ReadWrite, &error);
    VERIFY2_OR_THROW(m_db.isOpen(), error);
    m_events = std::make_unique<EventStore>(m_db);
}

void TempStore::close()
{
    m_events.reset();
    if (!m_db.isValid())
        return;
    m_db = {};
    Database::close(m_connection);
}

QString TempStore::path() const
{
    return m_dir.filePath(m_fileName);
}

EventStore &TempStore::events()
{
    VERIFY2_OR_THROW(m_events, u"the store is not open"_s);
    return *m_events;
}

QList<EventStore::ItemResult> TempStore::ingest(const QList<EventStore::Item> &items)
{
    const QList<EventStore::ItemResult> results = events().ingest(items);
    COMPARE_OR_THROW(results.size(), items.size());
    for (const EventStore::ItemResult &result : results) {
        VERIFY2_OR_THROW(result.outcome == EventStore::Outcome::Stored, result.error);
        VERIFY2_OR_THROW(result.projectionError.isEmpty(), result.projectionError);
    }
    return results;
}

} // namespace TestSupport
