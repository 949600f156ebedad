// SPDX-License-Identifier: MIT
// LeadQueryThread's queue (issue 11 item 14): during a stream a refresh arrives every 250 ms; a
// refresh waits for the refresh running (and only the newest waiting one runs next), anything
// else replaces it. The worker is held at its gate with a request, so that what is posted
// meanwhile is posted while that request runs, whatever the machine's speed.
#include "models/leadquerythread.h"

#include "checks.h"
#include "fixtures.h"
#include "tempstore.h"

#include <QMutex>
#include <QSemaphore>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr int WaitMs = 10000;

/// Records each request the worker starts and holds those of chosen generations there, each
/// until released.
class Gate
{
public:
    void hold(QList<quint64> generations)
    {
        QMutexLocker locker(&m_mutex);
        m_hold = std::move(generations);
    }
    /// True once the next held request reached the gate.
    bool waitUntilHeld() { return m_entered.tryAcquire(1, WaitMs); }
    void release() { m_release.release(); }
    QList<quint64> started() const
    {
        QMutexLocker locker(&m_mutex);
        return m_started;
    }
    void operator()(const LeadQueryRequest &request)
    {
        bool held = false;
        {
            QMutexLocker locker(&m_mutex);
            m_started.append(request.generation);
            held = m_hold.contains(request.generation);
        }
        if (held) {
            m_entered.release();
            m_release.acquire();
        }
    }

private:
    mutable QMutex m_mutex;
    QList<quint64> m_started;
    QList<quint64> m_hold;
    QSemaphore m_entered;
    QSemaphore m_release;
};

} // namespace

class TestLeadQueryThread : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void refreshWaitsForTheRunningRefresh_data();
    void refreshWaitsForTheRunningRefresh();
    void queryReplacesTheRunningRefresh();
    void sqlCriteriaShowFirstRowsThenTheList();

private:
    void ingestCampaign(int number, int leads);
    LeadQueryRequest request(bool refresh, const LeadFilter &filter = {});
    LeadQueryResult result(quint64 generation);

    std::unique_ptr<TestSupport::TempStore> m_store;
    std::unique_ptr<LeadQueryThread> m_thread;
    std::unique_ptr<Gate> m_gate;
    quint64 m_generation = 0;
};

void TestLeadQueryThread::init()
{
    m_store = std::make_unique<TestSupport::TempStore>();
    m_store->open();
    ingestCampaign(1, 40);
    m_generation = 0;
    m_gate = std::make_unique<Gate>();
    m_thread = std::make_unique<LeadQueryThread>([] {}, u"query-thread-test"_s);
    m_thread->setGateForTesting([gate = m_gate.get()](const LeadQueryRequest &r) { (*gate)(r); });
    m_thread->start();
}

void TestLeadQueryThread::cleanup()
{
    m_thread.reset();
    m_gate.reset();
    m_store.reset();
}

void TestLeadQueryThread::ingestCampaign(int number, int leads)
{
    m_store->ingest({TestSupport::sampleJobItem(u"evt_%1"_s.arg(number), u"camp_%1"_s.arg(number),
                                                leads, quint32(number))});
}

LeadQueryRequest TestLeadQueryThread::request(bool refresh, const LeadFilter &filter)
{
    LeadQueryRequest r;
    r.generation = ++m_generation;
    r.path = m_store->path();
    r.filter = filter;
    r.refresh = refresh;
    return r;
}

LeadQueryResult TestLeadQueryThread::result(quint64 generation)
{
    std::optional<LeadQueryResult> taken = m_thread->takeResult(generation, QDeadlineTimer(WaitMs));
    if (!taken) {
        qWarning("no result of generation %llu or newer", generation);
        return {};
    }
    // A search answers its first rows early; the final list follows in the same generation.
    while (taken->partial) {
        taken = m_thread->takeResult(taken->generation, QDeadlineTimer(WaitMs));
        if (!taken)
            return {};
    }
    return *taken;
}

void TestLeadQueryThread::refreshWaitsForTheRunningRefresh_data()
{
    QTest::addColumn<bool>("sorted");
    QTest::newRow("default order") << false;
    QTest::newRow("sorted by name") << true;
}

void TestLeadQueryThread::refreshWaitsForTheRunningRefresh()
{
    QFETCH(bool, sorted);
    LeadFilter filter;
    if (sorted) {
        filter.sortColumn = LeadColumn::Id::FullName;
        filter.sortOrder = Qt::AscendingOrder;
    }
    m_thread->post(request(false, filter));
    QCOMPARE(result(1).total, 40);

    // 4 is held too: a newer result replaces an older one not yet taken, so 2 is taken
    // before 4 may run.
    m_gate->hold({2, 4});
    m_thread->post(request(true, filter));
    QVERIFY(m_gate->waitUntilHeld());
    // While refresh 2 runs, new leads arrive and two refreshes follow.
    ingestCampaign(2, 25);
    m_thread->post(request(true, filter));
    m_thread->post(request(true, filter));
    QVERIFY(!m_thread->waitForIdle(QDeadlineTimer(0)));
    m_gate->release();

    const LeadQueryResult running = result(2);
    QCOMPARE(running.generation, quint64(2)); // not interrupted by the refreshes after it
    QCOMPARE(running.error, QString());
    QVERIFY(running.refresh);
    QVERIFY(m_gate->waitUntilHeld());
    m_gate->release();
    const LeadQueryResult newest = result(3);
    QCOMPARE(newest.generation, quint64(4)); // 3 was replaced by 4 while it waited
    QCOMPARE(newest.error, QString());
    QCOMPARE(newest.total, 65);
    QCOMPARE(qint64(newest.ids.size()), newest.total);
    QVERIFY(m_thread->waitForIdle(QDeadlineTimer(WaitMs)));
    QCOMPARE(m_gate->started(), (QList<quint64> {1, 2, 4}));
}

void TestLeadQueryThread::queryReplacesTheRunningRefresh()
{
    m_thread->post(request(false));
    QCOMPARE(result(1).total, 40);

    m_gate->hold({2});
    m_thread->post(request(true));
    QVERIFY(m_gate->waitUntilHeld());
    // The user sorts while a refresh runs: the sort is what they want to see, now.
    LeadFilter byName;
    byName.sortColumn = LeadColumn::Id::FullName;
    byName.sortOrder = Qt::DescendingOrder;
    m_thread->post(request(false, byName));
    m_gate->release();

    const LeadQueryResult answer = result(2);
    QCOMPARE(answer.generation, quint64(3)); // the refresh gave no result
    QCOMPARE(answer.error, QString());
    QCOMPARE(answer.total, 40);
    QVERIFY(!answer.refresh);
    QVERIFY(m_thread->waitForIdle(QDeadlineTimer(WaitMs)));
    QCOMPARE(m_gate->started(), (QList<quint64> {1, 2, 3}));
}

void TestLeadQueryThread::sqlCriteriaShowFirstRowsThenTheList()
{
    // A list chosen by SQL criteria is read by one statement: its first rows are handed over
    // as soon as they are read, then the complete list, which begins with them.
    LeadFilter notExported;
    notExported.notExported = true;
    LeadQueryRequest r = request(false, notExported);
    r.prefixIndexSize = 10;
    m_thread->post(r);
    std::optional<LeadQueryResult> first = m_thread->takeResult(1, QDeadlineTimer(WaitMs));
    QVERIFY(first);
    QVERIFY(first->partial);
    QCOMPARE(first->ids.size(), size_t(10));
    std::optional<LeadQueryResult> all = m_thread->takeResult(1, QDeadlineTimer(WaitMs));
    QVERIFY(all);
    QVERIFY(!all->partial);
    QCOMPARE(all->ids.size(), size_t(40));
    QVERIFY(std::equal(first->ids.begin(), first->ids.end(), all->ids.begin()));
    QVERIFY(std::is_sorted(all->ids.begin(), all->ids.end()));

    // Fewer matches than the first rows: the complete list alone.
    LeadFilter few = notExported;
    few.fields.connections.max = -1;
    r = request(false, few);
    r.prefixIndexSize = 10;
    m_thread->post(r);
    std::optional<LeadQueryResult> none = m_thread->takeResult(2, QDeadlineTimer(WaitMs));
    QVERIFY(none);
    QVERIFY(!none->partial);
    QCOMPARE(none->ids.size(), size_t(0));
}

QTEST_GUILESS_MAIN(TestLeadQueryThread)
#include "tst_leadquerythread.moc"
