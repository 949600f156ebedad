// SPDX-License-Identifier: MIT
// Crash safety of the real receiver: the headless `leadviewer` binary on a file database is fed
// signed events of mixed sizes from several connections and killed with SIGKILL at random
// (seeded) moments, then restarted. After every restart a read-only connection checks that every
// acknowledged (2xx) event is stored exactly once with all of its leads, that an event that was
// not acknowledged is either absent or complete (never partial), and that the file passes
// PRAGMA integrity_check.
//
// Environment: LV_CRASH_KILLS (default 4: the short run of the default suite), LV_CRASH_SEED
// (default: from the clock; always printed so that a failing run can be repeated),
// LV_CRASH_CLIENTS (default 6).
#include "sendpilot/eventparser.h"
#include "sendpilot/sampleevents.h"
#include "store/database.h"
#include "store/eventstore.h"

#include "checks.h"
#include "receiverprocess.h"
#include "signedpost.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cmath>
#include <functional>

using namespace Qt::StringLiterals;

namespace {
const QByteArray Secret = "whsec_crash_safety_secret";

QString binary()
{
    return TestSupport::ReceiverProcess::binary();
}

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok ? value : fallback;
}

/// Runs the event loop (the clients' sockets) until \a done holds; false after \a timeoutMs.
/// Unlike QTest::qWaitFor, which sleeps 10 ms between polls without serving the sockets, the
/// loop keeps running while it waits.
template<typename Predicate>
bool waitUntil(Predicate done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QTest::qWait(5);
    }
    return true;
}

/// What the test knows about one event it generated.
struct Sent
{
    QString id;
    QString type;
    QString campaign; ///< extractor jobs only
    int leads = 0; ///< extractor jobs only; 0 for activity events
    quint32 seed = 0;
    bool acked = false; ///< some attempt got a 2xx
    bool inFlight = false;
    int attempts = 0;
    bool extractor() const { return !campaign.isEmpty(); }
};

/// One client connection: sends an event, waits for its answer, sends the next (keep-alive).
class Client : public QObject
{
public:
    std::function<Sent *()> next; ///< the event to send, or null to stay idle
    std::function<void(Sent *)> bodySent; ///< the last byte of a request left the socket
    std::function<quint16()> port;
    int acknowledged = 0;
    int failed = 0;

    Client()
    {
        connect(&m_socket, &QTcpSocket::connected, this, [this] { writeRequest(); });
        connect(&m_socket, &QTcpSocket::readyRead, this, [this] { onReadyRead(); });
        connect(&m_socket, &QTcpSocket::bytesWritten, this, [this](qint64 n) {
            m_unwritten -= n;
            if (m_current && m_unwritten <= 0 && bodySent)
                bodySent(m_current);
        });
        connect(&m_socket, &QTcpSocket::disconnected, this, [this] { dropCurrent(); });
        connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] { dropCurrent(); });
    }

    ~Client() override
    {
        // The socket outlives the other members' destructors; its close must not call back.
        m_socket.disconnect(this);
        m_socket.abort();
    }

    bool busy() const { return m_current != nullptr; }
    bool disconnected() const { return m_socket.state() == QAbstractSocket::UnconnectedState; }

    /// Starts the next request if idle.
    void kick()
    {
        if (m_current || !next)
            return;
        m_current = next();
        if (!m_current)
            return;
        m_current->inFlight = true;
        ++m_current->attempts;
        m_request = buildRequest(*m_current);
        m_buffer.clear();
        if (m_socket.state() == QAbstractSocket::ConnectedState) {
            writeRequest();
        } else {
            m_socket.abort();
            m_socket.connectToHost(QHostAddress::LocalHost, port());
        }
    }

    /// The receiver is gone: whatever is in flight has an unknown outcome.
    void abort()
    {
        m_socket.abort();
        dropCurrent();
    }

private:
    static QByteArray buildRequest(const Sent &sent)
    {
        const QByteArray body = sent.extractor()
            ? SampleEvents::extractorJob(sent.id, sent.campaign, sent.leads, sent.seed)
            : SampleEvents::activity(sent.id, sent.type, sent.seed);
        return TestSupport::postRequest("/webhooks/sendpilot", body,
                                        TestSupport::signNow(Secret, body));
    }

    void writeRequest()
    {
        if (!m_current || m_request.isEmpty())
            return;
        m_unwritten = m_request.size();
        m_socket.write(std::exchange(m_request, {}));
    }

    void onReadyRead()
    {
        m_buffer += m_socket.readAll();
        if (!m_current)
            return;
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        qsizetype length = 0;
        bool close = false;
        for (const QByteArray &line : m_buffer.left(end).split('\n')) {
            const QByteArray lower = line.trimmed().toLower();
            if (lower.startsWith("content-length:"))
                length = lower.mid(15).trimmed().toLongLong();
            else if (lower.startsWith("connection:") && lower.contains("close"))
                close = true;
        }
        if (m_buffer.size() < end + 4 + length)
            return;
        const int status = m_buffer.mid(9, 3).toInt();
        m_buffer.remove(0, end + 4 + length);
        Sent *sent = std::exchange(m_current, nullptr);
        sent->inFlight = false;
        if (status >= 200 && status < 300) {
            sent->acked = true;
            ++acknowledged;
        } else {
            ++failed;
        }
        if (close)
            m_socket.abort();
        QTimer::singleShot(0, this, [this] { kick(); });
    }

    void dropCurrent()
    {
        if (Sent *sent = std::exchange(m_current, nullptr)) {
            sent->inFlight = false;
            ++failed;
        }
        m_request.clear();
        m_buffer.clear();
    }

    QTcpSocket m_socket;
    Sent *m_current = nullptr;
    QByteArray m_request;
    QByteArray m_buffer;
    qint64 m_unwritten = 0;
};

struct Figures
{
    qint64 eventsInDb = 0;
    qint64 leadsInDb = 0;
    int ackedPresent = 0;
    int unackedPresent = 0; ///< stored complete although no 2xx reached the client
    int unackedAbsent = 0;
    int lost = 0; ///< acknowledged and missing: must stay 0
    int partial = 0; ///< present but incomplete: must stay 0
    int duplicated = 0; ///< stored more than once: must stay 0
    int unknown = 0; ///< rows the test never sent: must stay 0
};

/// Entries of the log not yet projected, or -1 if the database cannot be read.
qint64 unprojectedCount(const QString &path)
{
    const QString name = u"crash-projection"_s;
    qint64 count = -1;
    {
        QString error;
        QSqlDatabase db = Database::open(path, name, Database::Access::ReadOnly, &error);
        QSqlQuery q(db);
        if (db.isOpen() && q.exec(u"SELECT count(*) FROM events WHERE projection <> 'projected'"_s)
            && q.next())
            count = q.value(0).toLongLong();
    }
    Database::close(name);
    return count;
}

/// Waits until the running receiver has projected every entry of the log; returns how long
/// that took in ms, or -1 after \a timeoutMs.
qint64 waitProjected(const QString &path, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    const bool done = waitUntil([&] { return unprojectedCount(path) == 0; }, timeoutMs);
    return done ? timer.elapsed() : -1;
}

/// Read-only check of the whole database against what the clients know.
Figures verify(const QString &path, const QList<Sent *> &events, QStringList *problems)
{
    Figures f;
    const QString name = u"crash-verify"_s;
    {
        QString error;
        QSqlDatabase db = Database::open(path, name, Database::Access::ReadOnly, &error);
        if (!db.isOpen()) {
            problems->append(u"cannot open read-only: "_s + error);
            return f;
        }
        QSqlQuery q(db);
        QStringList integrity;
        if (q.exec(u"PRAGMA integrity_check"_s)) {
            while (q.next())
                integrity.append(q.value(0).toString());
        }
        if (integrity != QStringList {u"ok"_s})
            problems->append(u"integrity_check: "_s + integrity.join(u"; "_s).left(500));
        if (q.exec(u"PRAGMA foreign_key_check"_s) && q.next())
            problems->append(u"foreign_key_check reports rows in "_s + q.value(0).toString());

        QHash<QString, qint64> eventLeads;
        QSet<QString> unprojected;
        q.exec(u"SELECT event_id, lead_count, projection FROM events"_s);
        while (q.next()) {
            eventLeads.insert(q.value(0).toString(), q.value(1).toLongLong());
            if (q.value(2).toString() != u"projected"_s)
                unprojected.insert(q.value(0).toString());
        }
        struct Campaign
        {
            QString eventId;
            qint64 leadCount = 0;
            qint64 rows = 0;
            qint64 distinctIds = 0;
        };
        QHash<QString, Campaign> campaigns;
        q.exec(u"SELECT c.campaign_id, c.event_id, c.lead_count, count(l.id),"
               " count(DISTINCT l.lead_id) FROM campaigns c LEFT JOIN leads l ON l.campaign = c.id"
               " GROUP BY c.id"_s);
        while (q.next()) {
            campaigns.insert(q.value(0).toString(),
                             Campaign {q.value(1).toString(), q.value(2).toLongLong(),
                                       q.value(3).toLongLong(), q.value(4).toLongLong()});
        }
        QHash<QString, qint64> accepted;
        q.exec(u"SELECT event_id, count(*) FROM deliveries WHERE verdict = 'accepted'"
               " AND event_id IS NOT NULL GROUP BY event_id"_s);
        while (q.next())
            accepted.insert(q.value(0).toString(), q.value(1).toLongLong());
        q.exec(u"SELECT count(*) FROM leads"_s);
        if (q.next())
            f.leadsInDb = q.value(0).toLongLong();
        f.eventsInDb = eventLeads.size();
        if (q.lastError().isValid())
            problems->append(u"query failed: "_s + q.lastError().text());

        QSet<QString> known;
        qint64 expectedLeads = 0;
        for (const Sent *e : events) {
            known.insert(e->id);
            const bool present = eventLeads.contains(e->id);
            if (e->acked && !present) {
                ++f.lost;
                problems->append(
                    u"LOST: acknowledged event %1 (%2 leads) is missing"_s.arg(e->id).arg(
                        e->leads));
                continue;
            }
            if (!present) {
                ++f.unackedAbsent;
                if (e->extractor() && campaigns.contains(e->campaign)) {
                    ++f.partial;
                    problems->append(
                        u"PARTIAL: campaign %1 without its event %2"_s.arg(e->campaign, e->id));
                }
                if (accepted.value(e->id) != 0) {
                    ++f.partial;
                    problems->append(u"PARTIAL: accepted delivery of absent event %1"_s.arg(e->id));
                }
                continue;
            }
            (e->acked ? f.ackedPresent : f.unackedPresent) += 1;
            if (unprojected.contains(e->id)) {
                ++f.partial;
                problems->append(u"PARTIAL: %1 is in the log but not projected"_s.arg(e->id));
            }
            if (accepted.value(e->id) != 1) {
                ++f.duplicated;
                problems->append(
                    u"event %1 has %2 accepted deliveries, expected 1"_s.arg(e->id).arg(
                        accepted.value(e->id)));
            }
            if (!e->extractor())
                continue;
            expectedLeads += e->leads;
            const Campaign c = campaigns.value(e->campaign);
            const bool complete = eventLeads.value(e->id) == e->leads && c.eventId == e->id
                && c.leadCount == e->leads && c.rows == e->leads && c.distinctIds == e->leads;
            if (!complete) {
                ++f.partial;
                problems->append(
                    u"PARTIAL: %1 (%2 leads%3): event says %4, campaign row says %5 for %6, "
                    "%7 lead rows"_s.arg(e->id)
                        .arg(e->leads)
                        .arg(e->acked ? u", acknowledged"_s : QString())
                        .arg(eventLeads.value(e->id))
                        .arg(c.leadCount)
                        .arg(c.eventId)
                        .arg(c.rows));
            }
        }
        for (auto it = eventLeads.cbegin(); it != eventLeads.cend(); ++it) {
            if (!known.contains(it.key())) {
                ++f.unknown;
                problems->append(u"event %1 in the database was never sent"_s.arg(it.key()));
            }
        }
        if (f.leadsInDb != expectedLeads) {
            problems->append(
                u"%1 lead rows in the database, the stored events hold %2"_s.arg(f.leadsInDb)
                    .arg(expectedLeads));
        }
    }
    Database::close(name);
    return f;
}
} // namespace

class TestCrashSafety : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void verifierDetectsLostAndPartialEvents();
    void killsNeverLoseAcknowledgedEvents();
};

// The check itself must be able to fail: a database with an acknowledged event missing, one
// with a lead row gone and one with an orphaned campaign is reported on every count.
void TestCrashSafety::verifierDetectsLostAndPartialEvents()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"tampered.sqlite"_s);
    QList<Sent *> events;
    const auto cleanup = qScopeGuard([&] { qDeleteAll(events); });
    for (int i = 0; i < 4; ++i) {
        auto *e = new Sent;
        e->id = u"evt_v_%1"_s.arg(i);
        e->type = u"lead_extractor.job.completed"_s;
        e->campaign = u"camp_v_%1"_s.arg(i);
        e->leads = 20 + i;
        e->seed = quint32(i + 1);
        e->acked = true;
        events.append(e);
    }
    {
        QString error;
        QSqlDatabase db = Database::open(path, u"tamper"_s, Database::Access::ReadWrite, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        {
            EventStore store(db);
            QList<EventStore::Item> items;
            for (const Sent *e : std::as_const(events)) {
                EventStore::Item item;
                item.delivery.body
                    = SampleEvents::extractorJob(e->id, e->campaign, e->leads, e->seed);
                EventParseResult parsed = EventParser::parse(item.delivery.body);
                QVERIFY(parsed.ok());
                item.delivery.status = 200;
                item.delivery.verdict = Verdict::Accepted;
                item.delivery.eventId = e->id;
                item.event = std::move(*parsed.event);
                items.append(std::move(item));
            }
            for (const EventStore::ItemResult &r : store.ingest(items))
                QCOMPARE(int(r.outcome), int(EventStore::Outcome::Stored));
        }
        QStringList clean;
        db.close();
        Figures f = verify(path, events, &clean);
        QVERIFY2(clean.isEmpty(), qPrintable(clean.join(u'\n')));
        QCOMPARE(f.ackedPresent, 4);
        QVERIFY(db.open());
        QSqlQuery q(db);
        // evt_v_0 loses a lead; evt_v_1 loses its event row (campaign left behind).
        QVERIFY(q.exec(u"DELETE FROM leads WHERE id = (SELECT l.id FROM leads l JOIN campaigns c"
                       " ON l.campaign = c.id WHERE c.campaign_id = 'camp_v_0' LIMIT 1)"_s));
        QVERIFY(q.exec(u"PRAGMA foreign_keys = OFF"_s));
        QVERIFY(q.exec(u"DELETE FROM events WHERE event_id = 'evt_v_1'"_s));
        q.finish();
        db.close();
    }
    Database::close(u"tamper"_s);
    QStringList problems;
    const Figures f = verify(path, events, &problems);
    QCOMPARE(f.lost, 1);
    QVERIFY(f.partial >= 1);
    QVERIFY2(problems.join(u'\n').contains(u"PARTIAL: evt_v_0"_s),
             qPrintable(problems.join(u'\n')));
    QVERIFY(problems.join(u'\n').contains(u"LOST: acknowledged event evt_v_1"_s));
    QCOMPARE(f.ackedPresent, 3);
}

void TestCrashSafety::killsNeverLoseAcknowledgedEvents()
{
    QVERIFY2(QFileInfo::exists(binary()), qPrintable(binary()));
    const int kills = envInt("LV_CRASH_KILLS", 4);
    const int clientCount = envInt("LV_CRASH_CLIENTS", 6);
    const quint32 seed
        = quint32(envInt("LV_CRASH_SEED", int(QDateTime::currentMSecsSinceEpoch() % 1000000)));
    qInfo("crash safety: seed %u (LV_CRASH_SEED=%u repeats this run), %d kills, %d clients", seed,
          seed, kills, clientCount);
    QRandomGenerator rng(seed);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString dbPath = dir.filePath(u"crash.sqlite"_s);
    // The receiver logs a line per delivery: only the newest part is kept.
    TestSupport::ReceiverProcess receiver;
    receiver.setLogLimit(64 * 1024);
    const QStringList receiverArguments = {u"--db"_s,     dbPath,
                                           u"--secret"_s, QString::fromLatin1(Secret),
                                           u"--config"_s, dir.filePath(u"settings.ini"_s)};

    QList<Sent *> events;
    const auto cleanup = qScopeGuard([&] { qDeleteAll(events); });
    static const QStringList ActivityTypes
        = {u"message.sent"_s,        u"reply.received"_s,   u"connection.sent"_s,
           u"connection.accepted"_s, u"campaign.started"_s, u"message.received"_s};
    bool feeding = false;
    int nextId = 0;
    const auto nextEvent = [&]() -> Sent * {
        if (!feeding)
            return nullptr;
        // A quarter of the time, retry an event whose outcome is unknown, as SendPilot does.
        if (rng.bounded(4u) == 0) {
            for (Sent *e : std::as_const(events)) {
                if (!e->acked && !e->inFlight && e->attempts > 0 && e->attempts < 4)
                    return e;
            }
        }
        auto *e = new Sent;
        const int n = nextId++;
        e->id = u"evt_crash_%1_%2"_s.arg(seed).arg(n);
        e->seed = seed * 7919u + quint32(n);
        if (rng.bounded(100u) < 30) {
            e->type = u"lead_extractor.job.completed"_s;
            e->campaign = u"camp_crash_%1_%2"_s.arg(seed).arg(n);
            // Log-uniform between 10 and 3,000 leads: mostly small jobs, some large ones.
            e->leads = int(std::lround(10.0 * std::pow(300.0, rng.generateDouble())));
        } else {
            e->type = ActivityTypes.at(rng.bounded(int(ActivityTypes.size())));
        }
        events.append(e);
        return e;
    };

    // Half of the kills land right after a large event has been sent (parse, store or COMMIT is
    // then likely running); the others at a random time.
    bool armedOnLargeEvent = false;
    bool killNow = false;
    QTimer killTimer;
    killTimer.setSingleShot(true);
    QObject::connect(&killTimer, &QTimer::timeout, [&] { killNow = true; });

    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < clientCount; ++i) {
        auto client = std::make_unique<Client>();
        client->next = nextEvent;
        client->port = [&receiver] {
            return receiver.port();
        };
        client->bodySent = [&](Sent *e) {
            if (armedOnLargeEvent && e->leads >= 1000) {
                armedOnLargeEvent = false;
                killTimer.start(int(rng.bounded(40u)));
            }
        };
        clients.push_back(std::move(client));
    }

    Figures last;
    TRY_OR_FAIL(receiver.start(receiverArguments));
    QCOMPARE(receiver.url().path(), u"/webhooks/sendpilot"_s);
    QElapsedTimer total;
    total.start();
    int killCount = 0;
    qint64 slowestProjectionMs = 0;
    for (int round = 0; round <= kills; ++round) {
        // Feed until the kill moment.
        feeding = true;
        killNow = false;
        if (round < kills) {
            if (rng.bounded(2u) == 0) {
                armedOnLargeEvent = true;
                killTimer.start(3000); // fallback if no large event goes out in time
            } else {
                killTimer.start(100 + int(rng.bounded(1400u)));
            }
        } else {
            killTimer.start(1500); // the last round ends with SIGTERM instead
        }
        const bool reached = waitUntil(
            [&] {
                for (auto &client : clients)
                    client->kick();
                return killNow || !receiver.running();
            },
            60000);
        QVERIFY(reached);
        QVERIFY2(
            receiver.running(),
            QByteArray("the receiver exited by itself: " + receiver.log().right(4000)).constData());
        feeding = false;
        armedOnLargeEvent = false;
        killTimer.stop();

        if (round < kills) {
            receiver.kill();
            ++killCount;
            // Answers the receiver wrote before it died may still be in the client sockets:
            // read them until each socket has seen the connection end.
            QVERIFY(waitUntil(
                [&] {
                    return std::all_of(clients.begin(), clients.end(),
                                       [](const auto &c) { return c->disconnected(); });
                },
                10000));
            for (auto &client : clients)
                client->abort();
            TRY_OR_FAIL(receiver.start(receiverArguments));
            QCOMPARE(receiver.url().path(), u"/webhooks/sendpilot"_s);
            // What the killed receiver acknowledged but had not projected is projected by the
            // new one, on its own, within 5 s.
            const qint64 projectedMs = waitProjected(dbPath, 5000);
            QVERIFY2(projectedMs >= 0,
                     qPrintable(u"seed %1, after kill %2: %3 entries still unprojected after 5 s"_s
                                    .arg(seed)
                                    .arg(killCount)
                                    .arg(unprojectedCount(dbPath))));
            slowestProjectionMs = qMax(slowestProjectionMs, projectedMs);
        } else {
            // Let the clients finish what is in flight, then stop cleanly.
            QVERIFY(waitUntil(
                [&] {
                    return std::none_of(clients.begin(), clients.end(),
                                        [](const auto &c) { return c->busy(); });
                },
                30000));
            QVERIFY(waitProjected(dbPath, 5000) >= 0);
            QVERIFY2(receiver.stopsCleanly(),
                     QByteArray("SIGTERM did not stop the receiver cleanly: "
                                + receiver.log().right(4000))
                         .constData());
        }

        QStringList problems;
        last = verify(dbPath, events, &problems);
        int acked = 0;
        for (const Sent *e : std::as_const(events))
            acked += e->acked ? 1 : 0;
        qInfo("%s %2d/%d at %6.1f s: %lld events sent, %d acknowledged, %lld stored (%lld leads); "
              "not acknowledged: %d stored complete, %d absent; lost %d, partial %d",
              round < kills ? "kill" : "stop", killCount, kills, total.elapsed() / 1000.0,
              qint64(events.size()), acked, last.eventsInDb, last.leadsInDb, last.unackedPresent,
              last.unackedAbsent, last.lost, last.partial);
        QVERIFY2(problems.isEmpty(),
                 qPrintable(u"seed %1, after kill %2:\n"_s.arg(seed).arg(killCount)
                            + problems.mid(0, 20).join(u'\n')));
    }

    int acked = 0;
    int ackedLarge = 0;
    for (const Sent *e : std::as_const(events)) {
        acked += e->acked ? 1 : 0;
        ackedLarge += e->acked && e->leads >= 1000 ? 1 : 0;
    }
    qInfo("crash safety figures: seed %u, %d SIGKILLs, %lld events sent (%d acknowledged, %d of "
          "them with >= 1000 leads), %lld stored with %lld leads, %d stored without an "
          "acknowledgement, %d never stored; lost 0, partial 0, duplicated 0, integrity ok; "
          "slowest catch-up after a restart %lld ms; %.1f s",
          seed, killCount, qint64(events.size()), acked, ackedLarge, last.eventsInDb,
          last.leadsInDb, last.unackedPresent, last.unackedAbsent, slowestProjectionMs,
          total.elapsed() / 1000.0);
    QCOMPARE(killCount, kills);
    QVERIFY2(acked > 0, "no event was acknowledged: the run proves nothing");
    QCOMPARE(last.lost, 0);
    QCOMPARE(last.partial, 0);
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
