// SPDX-License-Identifier: MIT
#include "models/leadsortkeyreader.h"

#include "query/leadflattener.h"

#include <algorithm>
#include <limits>
#include <thread>

using namespace Qt::StringLiterals;
using namespace LeadSortKeys;
using Sqlite::Statement;
using Sqlite::Step;

namespace {

LeadReadStatus failed(const Statement &statement, QString *error)
{
    *error = statement.errorText();
    return LeadReadStatus::Failed;
}

// How a statement stepped to its end (\a last is the step that ended the loop).
LeadReadStatus finished(Step last, const Statement &statement, QString *error)
{
    switch (last) {
    case Step::Done:
        return LeadReadStatus::Ok;
    case Step::Interrupted:
        return LeadReadStatus::Interrupted;
    case Step::Row:
    case Step::Error:
        break;
    }
    return failed(statement, error);
}

// One value of \a type read from column \a i of \a row into \a keys.
void addKey(SortKeys &keys, LeadColumn::Type type, const Statement &row, int i, qint64 id,
            QByteArray &scratch)
{
    switch (type) {
    case LeadColumn::Type::Integer:
    case LeadColumn::Type::TimestampMs: {
        const bool notNull = !row.isNull(i);
        keys.ints.push_back({notNull ? row.int64(i) : 0, id, notNull});
        return;
    }
    case LeadColumn::Type::Text: {
        const QByteArrayView text = row.utf8(i);
        keys.addText(id, text.data(), size_t(text.size()));
        return;
    }
    case LeadColumn::Type::ExperienceJson:
    case LeadColumn::Type::EducationJson:
    case LeadColumn::Type::StringListJson: {
        // Sorted by the text the table shows.
        const QByteArrayView json = row.utf8(i);
        scratch.clear();
        LeadFlattener::append(type, json, scratch);
        keys.addText(id, scratch.constData(), size_t(scratch.size()));
        return;
    }
    }
}

// The value hash (SortKeys::rowHash) of column \a i of \a row.
quint64 valueHash(LeadColumn::Type type, const Statement &row, int i, QByteArray &scratch)
{
    switch (type) {
    case LeadColumn::Type::Integer:
    case LeadColumn::Type::TimestampMs: {
        const bool notNull = !row.isNull(i);
        return intHash(notNull ? row.int64(i) : 0, notNull);
    }
    case LeadColumn::Type::Text: {
        const QByteArrayView text = row.utf8(i);
        return textHash(text.data(), size_t(text.size()));
    }
    case LeadColumn::Type::ExperienceJson:
    case LeadColumn::Type::EducationJson:
    case LeadColumn::Type::StringListJson:
        scratch.clear();
        LeadFlattener::append(type, row.utf8(i), scratch);
        return textHash(scratch.constData(), size_t(scratch.size()));
    }
    return 0;
}

// The keys of a lead column for the leads with lower < id <= upper, read in rowid order.
LeadReadStatus scanRange(sqlite3 *db, LeadColumn::Id column, qint64 lower, qint64 upper,
                         SortKeys *keys, QString *error)
{
    Statement statement;
    if (!statement.prepare(db,
                           (u"SELECT l.id, "_s + LeadColumn::sqlExpression(column)
                            + u" FROM leads l WHERE l.id > ?1 AND l.id <= ?2"_s)
                               .toUtf8()))
        return failed(statement, error);
    statement.bindInt64(1, lower);
    statement.bindInt64(2, upper);
    const LeadColumn::Type type = LeadColumn::type(column);
    QByteArray scratch;
    Step step;
    while ((step = statement.step()) == Step::Row)
        addKey(*keys, type, statement, 1, statement.int64(0), scratch);
    keys->flush();
    return finished(step, statement, error);
}

// Ranks of a campaign column: campaigns.id -> dense rank of its value. Equal values share a
// rank, so their leads fall back to the id order.
LeadReadStatus campaignRanks(sqlite3 *db, LeadColumn::Id column, LocaleCollator *collator,
                             std::vector<qint64> *ranks, QString *error)
{
    SortKeys campaigns;
    campaigns.text = LeadColumn::isText(column);
    campaigns.collator = LeadColumn::sortsInLanguage(column) ? collator : nullptr;
    Statement statement;
    if (!statement.prepare(
            db,
            (u"SELECT c.id, "_s + LeadColumn::sqlExpression(column) + u" FROM campaigns c"_s)
                .toUtf8()))
        return failed(statement, error);
    const LeadColumn::Type type = LeadColumn::type(column);
    QByteArray scratch;
    qint64 maxId = 0;
    Step step;
    while ((step = statement.step()) == Step::Row) {
        const qint64 id = statement.int64(0);
        maxId = std::max(maxId, id);
        addKey(campaigns, type, statement, 1, id, scratch);
    }
    if (const LeadReadStatus status = finished(step, statement, error);
        status != LeadReadStatus::Ok)
        return status;
    ranks->assign(size_t(maxId + 1), 0);
    if (campaigns.text) {
        const std::vector<quint32> rank = textRanks(campaigns);
        for (size_t i = 0; i < campaigns.rowIds.size(); ++i)
            (*ranks)[size_t(campaigns.rowIds[i])] = rank[campaigns.rowValues[i]];
    } else {
        sortInts(campaigns.ints);
        qint64 rank = 0;
        for (size_t i = 0; i < campaigns.ints.size(); ++i) {
            const IntKey &key = campaigns.ints[i];
            if (i > 0
                && (key.notNull != campaigns.ints[i - 1].notNull
                    || key.value != campaigns.ints[i - 1].value))
                ++rank;
            (*ranks)[size_t(key.id)] = rank;
        }
    }
    return LeadReadStatus::Ok;
}

} // namespace

LeadReadStatus readLeadIds(sqlite3 *db, const LeadQuery &query, std::vector<qint64> *ids,
                           QString *error, size_t firstRowCount,
                           const std::function<void(const std::vector<qint64> &)> &firstRows)
{
    Statement statement;
    if (!statement.prepare(db, query.sql.toUtf8()) || !statement.bindAll(query.bindings))
        return failed(statement, error);
    Step step;
    const size_t firstAt = firstRows ? ids->size() + std::max<size_t>(firstRowCount, 1) : 0;
    while ((step = statement.step()) == Step::Row) {
        ids->push_back(statement.int64(0));
        if (ids->size() == firstAt)
            firstRows(*ids);
    }
    return finished(step, statement, error);
}

LeadReadStatus readLeadScalar(sqlite3 *db, const LeadQuery &query, qint64 *value, QString *error)
{
    Statement statement;
    if (!statement.prepare(db, query.sql.toUtf8()) || !statement.bindAll(query.bindings))
        return failed(statement, error);
    Step step = statement.step();
    if (step == Step::Row) {
        *value = statement.int64(0);
        step = Step::Done;
    }
    return finished(step, statement, error);
}

LeadSortKeyReader::LeadSortKeyReader(const std::atomic<bool> *cancelled)
    : m_cancelled(cancelled)
{ }

LeadSortKeyReader::~LeadSortKeyReader() = default;

void LeadSortKeyReader::setDatabasePath(const QString &path)
{
    if (path == m_path)
        return;
    close();
    m_path = path;
}

void LeadSortKeyReader::setLocale(const QString &locale)
{
    if (m_collator && m_collator->locale() == LocaleCollator::canonicalName(locale))
        return;
    m_collator = std::make_unique<LocaleCollator>(locale);
    m_secondCollator = m_collator->clone();
}

LocaleCollator *LeadSortKeyReader::collatorFor(LeadColumn::Id column) const
{
    return LeadColumn::sortsInLanguage(column) ? m_collator.get() : nullptr;
}

QString LeadSortKeyReader::locale() const
{
    return m_collator ? m_collator->locale() : QString();
}

LeadReadStatus LeadSortKeyReader::readAbove(sqlite3 *db, LeadColumn::Id column, qint64 above,
                                            SortKeys *keys, QString *error)
{
    keys->text = LeadColumn::isText(column);
    keys->collator = collatorFor(column);
    return scanRange(db, column, above, std::numeric_limits<qint64>::max(), keys, error);
}

LeadReadStatus LeadSortKeyReader::unchanged(sqlite3 *db, LeadColumn::Id column,
                                            const SortedOrder &order, bool *same, QString *error)
{
    *same = false;
    Statement statement;
    if (!statement.prepare(db,
                           (u"SELECT l.id, "_s + LeadColumn::sqlExpression(column)
                            + u" FROM leads l WHERE l.id <= ?1"_s)
                               .toUtf8()))
        return failed(statement, error);
    statement.bindInt64(1, order.maxId());
    const LeadColumn::Type type = LeadColumn::type(column);
    QByteArray scratch;
    size_t row = 0;
    bool differs = false;
    Step step;
    while ((step = statement.step()) == Step::Row) {
        // In rowid order, as the order's rows are kept: one comparison a row.
        if (row >= order.rowIds.size() || order.rowIds[row] != statement.int64(0)
            || order.rowHashes[row] != valueHash(type, statement, 1, scratch)) {
            differs = true;
            break;
        }
        ++row;
    }
    if (differs)
        return LeadReadStatus::Ok;
    const LeadReadStatus status = finished(step, statement, error);
    *same = status == LeadReadStatus::Ok && row == order.rowIds.size();
    return status;
}

void LeadSortKeyReader::close()
{
    m_second.close();
    m_secondFailed = false;
}

void LeadSortKeyReader::interrupt()
{
    QMutexLocker locker(&m_mutex);
    Sqlite::interrupt(m_running);
}

// Opened once per database; nullptr when it cannot be opened (one connection does all then).
sqlite3 *LeadSortKeyReader::secondConnection()
{
    if (!m_second.isOpen() && !m_path.isEmpty() && !m_secondFailed)
        m_secondFailed = !m_second.openReadOnly(m_path);
    return m_second.get();
}

LeadReadStatus LeadSortKeyReader::read(sqlite3 *db, LeadColumn::Id column,
                                       const std::vector<qint64> *subset, SortKeys *keys,
                                       QString *error)
{
    const LeadColumn::Type type = LeadColumn::type(column);
    keys->text = LeadColumn::isText(column);
    keys->collator = collatorFor(column);
    std::vector<qint64> campaignRank; // campaigns.id -> dense rank of its value
    QString sql;
    if (LeadColumn::needsCampaigns(column)) {
        // The campaign's value ranked once per campaign; the leads sort by that rank.
        const LeadReadStatus status
            = campaignRanks(db, column, m_collator.get(), &campaignRank, error);
        if (status != LeadReadStatus::Ok)
            return status;
        keys->text = false;
        sql = u"SELECT l.id, l.campaign FROM leads l"_s;
    } else {
        sql = u"SELECT l.id, "_s + LeadColumn::sqlExpression(column) + u" FROM leads l"_s;
    }
    if (!subset && !LeadColumn::needsCampaigns(column)) {
        // Every lead: two halves of the rowid range read at once, one per core.
        if (sqlite3 *second = secondConnection()) {
            qint64 maxId = 0;
            if (readLeadScalar(db, {u"SELECT max(id) FROM leads"_s, {}}, &maxId, error)
                    == LeadReadStatus::Ok
                && maxId > 1) {
                const qint64 split = maxId / 2;
                keys->reserve(size_t(split));
                SortKeys upper;
                upper.text = keys->text;
                upper.reserve(size_t(maxId - split));
                upper.collator
                    = LeadColumn::sortsInLanguage(column) ? m_secondCollator.get() : nullptr;
                QString upperError;
                LeadReadStatus upperStatus = LeadReadStatus::Ok;
                {
                    QMutexLocker locker(&m_mutex);
                    m_running = second;
                    // An interrupt() before m_running was set missed this connection.
                    if (m_cancelled && *m_cancelled)
                        Sqlite::interrupt(second);
                }
                std::thread other([&] {
                    upperStatus
                        = scanRange(second, column, split, std::numeric_limits<qint64>::max(),
                                    &upper, &upperError);
                });
                const LeadReadStatus lowerStatus
                    = scanRange(db, column, std::numeric_limits<qint64>::min(), split, keys, error);
                other.join();
                {
                    QMutexLocker locker(&m_mutex);
                    m_running = nullptr;
                }
                if (lowerStatus != LeadReadStatus::Ok)
                    return lowerStatus;
                if (upperStatus != LeadReadStatus::Ok) {
                    *error = upperError;
                    return upperStatus;
                }
                keys->append(std::move(upper));
                return LeadReadStatus::Ok;
            }
        }
        return scanRange(db, column, std::numeric_limits<qint64>::min(),
                         std::numeric_limits<qint64>::max(), keys, error);
    }
    const bool pointLookups = subset != nullptr;
    if (pointLookups)
        sql += u" WHERE l.id = ?"_s;
    Statement statement;
    if (!statement.prepare(db, sql.toUtf8()))
        return failed(statement, error);
    QByteArray scratch;
    const auto take = [&] {
        const qint64 id = statement.int64(0);
        if (!campaignRank.empty()) {
            const qint64 campaign = statement.int64(1);
            keys->ints.push_back({campaign >= 0 && size_t(campaign) < campaignRank.size()
                                      ? campaignRank[size_t(campaign)]
                                      : 0,
                                  id, true});
        } else {
            addKey(*keys, type, statement, 1, id, scratch);
        }
    };
    Step step = Step::Done;
    if (pointLookups) {
        for (qint64 id : *subset) {
            statement.bindInt64(1, id);
            while ((step = statement.step()) == Step::Row)
                take();
            statement.reset();
            if (step != Step::Done)
                break;
        }
    } else {
        while ((step = statement.step()) == Step::Row)
            take();
    }
    keys->flush();
    return finished(step, statement, error);
}
