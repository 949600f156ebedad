// SPDX-License-Identifier: MIT
#include "store/rejectionlog.h"

#include "store/sqlitestatement.h"

#include <QDateTime>

using namespace Qt::StringLiterals;
using Sqlite::Statement;

namespace {

// What a rejected row holds, in bytes: the parts a sender controls.
#define LV_KEPT_BYTES                                                                              \
    "(coalesce(length(body), 0) + length(CAST(headers AS BLOB)) + length(CAST(path AS BLOB))"      \
    " + length(CAST(detail AS BLOB)))"

constexpr char TotalsSql[] = "SELECT count(*), total(" LV_KEPT_BYTES ") FROM deliveries WHERE ";
constexpr char RowBytesSql[] = "SELECT " LV_KEPT_BYTES " FROM deliveries WHERE id = ?1";
constexpr char OldestSql[] = "SELECT id, " LV_KEPT_BYTES " FROM deliveries WHERE ";
constexpr char OldestOrder[] = " AND id > ?1 ORDER BY id LIMIT 512";
constexpr char DeleteSql[] = "DELETE FROM deliveries WHERE ";
constexpr char DeleteUpTo[] = " AND id <= ?1";
// last_seen stays NULL for a row seen once, so the deliveries list finds the bursts that grew
// through the partial index deliveries_by_last_seen.
constexpr char AddRepeatsSql[] = "UPDATE deliveries SET repeat_count = repeat_count + ?2,"
                                 " last_seen = max(coalesce(last_seen, received_at), ?3)"
                                 " WHERE id = ?1";

QByteArray withCondition(const char *head, const char *tail = "")
{
    return QByteArray(head) + RejectionLog::PrunableCondition + tail;
}

QString peerHost(const QString &peer)
{
    // "203.0.113.4:5000" or "[2001:db8::1]:5000": the port differs per connection of a flood.
    const qsizetype colon = peer.lastIndexOf(u':');
    return colon > 0 && !peer.endsWith(u']') ? peer.left(colon) : peer;
}

} // namespace

struct RejectionLog::Statements
{
    Statement totals, rowBytes, oldest, remove, addRepeats;
};

RejectionLog::RejectionLog(sqlite3 *db)
    : RejectionLog(db, Bounds())
{ }

RejectionLog::RejectionLog(sqlite3 *db, Bounds bounds)
    : m_db(db)
    , m_bounds(bounds)
    , m_s(std::make_unique<Statements>())
{ }

RejectionLog::~RejectionLog() = default;

QString RejectionLog::burstKey(const DeliveryRecord &d)
{
    // Parts joined by U+001F (unit separator); a collision would only merge two rejected rows'
    // counts, never touch an event.
    return QString::number(d.status) % u'\x1f' % verdictName(d.verdict) % u'\x1f' % d.method
        % u'\x1f' % d.path % u'\x1f' % d.detail % u'\x1f' % peerHost(d.peer) % u'\x1f'
        % d.forwardedFor;
}

bool RejectionLog::load(QString *error)
{
    if (m_loaded)
        return true;
    using P = Statement::Persistence;
    const bool prepared = m_s->totals.isValid()
        || (m_s->totals.prepare(m_db, withCondition(TotalsSql), P::Persistent)
            && m_s->rowBytes.prepare(m_db, RowBytesSql, P::Persistent)
            && m_s->oldest.prepare(m_db, withCondition(OldestSql, OldestOrder), P::Persistent)
            && m_s->remove.prepare(m_db, withCondition(DeleteSql, DeleteUpTo), P::Persistent)
            && m_s->addRepeats.prepare(m_db, AddRepeatsSql, P::Persistent));
    if (!prepared) {
        *error = u"cannot prepare the rejection log: "_s + Sqlite::errorText(m_db);
        m_s = std::make_unique<Statements>(); // prepared again next time
        return false;
    }
    bool ok = false;
    if (!m_s->totals.exec(error, [this, &ok](const Statement &row) {
            m_rows = row.int64(0);
            m_bytes = qint64(row.real(1));
            ok = true;
        })) {
        return false;
    }
    m_loaded = ok;
    return ok;
}

qint64 RejectionLog::joinBurst(const DeliveryRecord &delivery)
{
    if (!isRejection(delivery.verdict))
        return 0;
    const auto it = m_bursts.find(burstKey(delivery));
    if (it == m_bursts.end())
        return 0;
    Burst &burst = it.value();
    if (delivery.receivedAtMs - burst.lastSeenMs > Limits::BurstWindowMs
        || delivery.receivedAtMs < burst.lastSeenMs - Limits::BurstWindowMs) {
        return 0; // gone quiet: a new row; the old one's count is written by finish()
    }
    burst.lastSeenMs = std::max(burst.lastSeenMs, delivery.receivedAtMs);
    m_newestMs = std::max(m_newestMs, delivery.receivedAtMs);
    ++burst.unwritten;
    return burst.id;
}

bool RejectionLog::inserted(const DeliveryRecord &delivery, qint64 id, QString *error)
{
    if (!isRejection(delivery.verdict) || id <= 0)
        return true;
    // Loaded now, the totals include this row already.
    const bool counted = !m_loaded;
    if (!load(error))
        return false;
    if (!counted) {
        qint64 bytes = 0;
        m_s->rowBytes.bindInt64(1, id);
        if (!m_s->rowBytes.exec(error, [&bytes](const Statement &row) { bytes = row.int64(0); }))
            return false;
        ++m_rows;
        m_bytes += bytes;
    }

    const QString key = burstKey(delivery);
    const auto previous = m_bursts.constFind(key);
    if (previous != m_bursts.constEnd() && previous->unwritten > 0) {
        Burst closed = previous.value(); // its last repeats go out before it is replaced
        if (!writeBurst(closed, error))
            return false;
    }
    if (previous == m_bursts.constEnd() && m_bursts.size() >= Limits::MaxOpenBursts)
        forgetOldestBurst();
    Burst burst;
    burst.id = id;
    burst.lastSeenMs = delivery.receivedAtMs;
    m_newestMs = std::max(m_newestMs, delivery.receivedAtMs);
    burst.lastWriteMs = QDateTime::currentMSecsSinceEpoch();
    m_bursts.insert(key, burst);
    return true;
}

void RejectionLog::forgetOldestBurst()
{
    auto oldest = m_bursts.end();
    for (auto it = m_bursts.begin(); it != m_bursts.end(); ++it) {
        if (it->unwritten == 0 && (oldest == m_bursts.end() || it->lastSeenMs < oldest->lastSeenMs))
            oldest = it;
    }
    if (oldest != m_bursts.end())
        m_bursts.erase(oldest);
    // When every burst has unwritten repeats the map grows by one; finish() writes them and
    // the next insert finds one to forget.
}

bool RejectionLog::writeBurst(Burst &burst, QString *error)
{
    if (burst.unwritten == 0)
        return true;
    if (!load(error))
        return false;
    Statement &s = m_s->addRepeats;
    s.bindInt64(1, burst.id);
    s.bindInt64(2, burst.unwritten);
    s.bindInt64(3, burst.lastSeenMs);
    if (!s.exec(error))
        return false;
    burst.unwritten = 0;
    burst.lastWriteMs = QDateTime::currentMSecsSinceEpoch();
    return true;
}

bool RejectionLog::finish(Write write, QString *error)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (auto it = m_bursts.begin(); it != m_bursts.end();) {
        Burst &burst = it.value();
        const bool due
            = write == Write::All || now - burst.lastWriteMs >= Limits::BurstWriteIntervalMs;
        if (due && !writeBurst(burst, error))
            return false;
        // A burst quiet for longer than the window (by the arrival times, which are the clock
        // that joinBurst() compares) cannot be joined again: stop following it.
        if (burst.unwritten == 0 && m_newestMs - burst.lastSeenMs > Limits::BurstWindowMs)
            it = m_bursts.erase(it);
        else
            ++it;
    }
    return load(error) && prune(error);
}

void RejectionLog::reset()
{
    m_bursts.clear();
    m_loaded = false;
}

bool RejectionLog::hasUnwrittenRepeats() const
{
    for (const Burst &burst : m_bursts) {
        if (burst.unwritten > 0)
            return true;
    }
    return false;
}

bool RejectionLog::writeRepeats(QString *error)
{
    if (!hasUnwrittenRepeats())
        return true;
    const bool ownTransaction = Sqlite::isAutocommit(m_db);
    if (ownTransaction && !Sqlite::exec(m_db, "BEGIN IMMEDIATE", error))
        return false;
    if (!finish(Write::All, error)) {
        if (ownTransaction)
            Sqlite::exec(m_db, "ROLLBACK");
        return false;
    }
    return !ownTransaction || Sqlite::exec(m_db, "COMMIT", error);
}

bool RejectionLog::prune(QString *error)
{
    if (m_rows <= m_bounds.maxRows && m_bytes <= m_bounds.maxBytes)
        return true;
    const qint64 targetRows = m_bounds.maxRows * Limits::PrunedToPercent / 100;
    const qint64 targetBytes = m_bounds.maxBytes * Limits::PrunedToPercent / 100;
    // Oldest first (ids grow with arrival), through the partial index; one DELETE up to the
    // last id that has to go.
    qint64 rows = m_rows;
    qint64 bytes = m_bytes;
    qint64 cut = 0;
    while (rows > targetRows || bytes > targetBytes) {
        Statement &s = m_s->oldest;
        s.bindInt64(1, cut);
        qint64 seen = 0;
        Sqlite::Step step = Sqlite::Step::Done;
        while ((rows > targetRows || bytes > targetBytes)
               && (step = s.step()) == Sqlite::Step::Row) {
            cut = s.int64(0);
            bytes -= s.int64(1);
            --rows;
            ++seen;
        }
        const bool failed = seen == 0 && step == Sqlite::Step::Error;
        if (failed)
            *error = s.errorText();
        s.reset();
        s.clearBindings();
        if (failed)
            return false;
        if (seen == 0)
            break; // the counts were off (rows deleted by someone else): reload below
    }
    if (cut > 0) {
        m_s->remove.bindInt64(1, cut);
        if (!m_s->remove.exec(error))
            return false;
        for (auto it = m_bursts.begin(); it != m_bursts.end();)
            it = it->id <= cut ? m_bursts.erase(it) : std::next(it);
    }
    // Recounted rather than trusted: cheap at these sizes, and right even if a viewer removed
    // rows in between.
    m_loaded = false;
    return load(error);
}

qint64 RejectionLog::rowCount()
{
    QString ignored;
    load(&ignored);
    return m_rows;
}

qint64 RejectionLog::byteCount()
{
    QString ignored;
    load(&ignored);
    return m_bytes;
}
