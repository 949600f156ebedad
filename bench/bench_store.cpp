// SPDX-License-Identifier: MIT
// Times EventStore::ingest on a real file (fsync included): one 2,500-lead event, one
// 10,000-lead event, a batch of 100 small events, and a 2,500-lead update of a known campaign.
// Prints the median of several runs, wall and thread CPU time. Knobs for experiments:
// BENCH_SQL (one statement run first), BENCH_SYNC_OFF, BENCH_NO_BODY. Usage: bench_store [folder]
// (default: a temporary folder, which must be on a real disk for the fsync to count).

#include "store/database.h"
#include "store/eventstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <ctime>

using namespace Qt::StringLiterals;

namespace {

// Field lengths close to a real enriched LinkedIn lead.
Lead makeLead(int i)
{
    Lead lead;
    lead.id = u"lead_%1"_s.arg(i, 8, 10, QChar(u'0'));
    lead.linkedinIdentifier = u"firstname-lastname-%1a7b"_s.arg(i);
    lead.linkedinUrl = u"https://www.linkedin.com/in/"_s + lead.linkedinIdentifier;
    lead.firstName = u"Firstname%1"_s.arg(i % 997);
    lead.lastName = u"Lastname%1"_s.arg(i % 991);
    lead.fullName = lead.firstName + u' ' + lead.lastName;
    lead.headline
        = u"Chief Executive Officer at Company %1 | Building the future of AI"_s.arg(i % 300);
    lead.summary = u"Experienced technology executive with 15+ years in enterprise software, "
                   "product strategy and scaling go-to-market teams across Europe and North "
                   "America. Previously VP Sales at a Series C startup."_s;
    lead.location = u"San Francisco Bay Area"_s;
    lead.city = u"San Francisco"_s;
    lead.country = u"United States"_s;
    lead.profilePictureUrl
        = u"https://media.licdn.com/dms/image/v2/D5603AQ%1/profile-displayphoto-shrink_200_200/0/1700000000000?e=1740000000&v=beta&t=abcdefghijklmnop"_s
              .arg(i);
    lead.company = u"Company %1 Inc"_s.arg(i % 300);
    lead.jobPosition = u"CEO"_s;
    if (i % 5)
        lead.email = u"firstname.lastname%1@company%2.com"_s.arg(i).arg(i % 300);
    if (i % 3 == 0)
        lead.phone = u"+1 415 555 %1"_s.arg(i % 10000, 4, 10, QChar(u'0'));
    lead.connections = 500;
    lead.followers = 1200 + i;
    lead.experience = {{u"CEO"_s, lead.company, u"3 yrs 2 mos"_s},
                       {u"VP Sales"_s, u"Other Corp"_s, u"4 yrs"_s},
                       {u"Account Executive"_s, u"Big Co"_s, u"2 yrs"_s}};
    lead.education = {{u"Stanford University"_s, u"MBA"_s}, {u"UC Berkeley"_s, u"BSc"_s}};
    lead.skills
        = {u"Leadership"_s, u"SaaS"_s, u"Enterprise Sales"_s, u"Strategy"_s, u"Go-to-market"_s};
    return lead;
}

EventStore::Item extractorItem(const QString &eventId, const QString &campaignId, int leads)
{
    EventStore::Item item;
    Event &e = item.event;
    e.eventId = eventId;
    e.eventType = u"lead_extractor.job.completed"_s;
    e.kind = EventKind::LeadExtractorJobCompleted;
    e.timestamp = QDateTime::currentDateTimeUtc();
    ExtractorJob job;
    job.campaignId = campaignId;
    job.campaignName = u"Bench"_s;
    job.searchUrls = {u"https://www.linkedin.com/search/results/people/?keywords=CEO"_s};
    for (int i = 0; i < leads; ++i)
        job.leads.append(makeLead(i));
    e.extractorJob = job;
    item.delivery.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
    item.delivery.status = 200;
    item.delivery.verdict = Verdict::Accepted;
    item.delivery.headers = {{"Webhook-Signature", "v1,t=1,s=00"}};
    // ~1.2 KiB per lead, the size of the real body, kept whole in deliveries.
    if (!qEnvironmentVariableIsSet("BENCH_NO_BODY"))
        item.delivery.body = QByteArray(qsizetype(leads) * 1200 + 500, 'j');
    return item;
}

EventStore::Item activityItem(const QString &eventId)
{
    EventStore::Item item;
    Event &e = item.event;
    e.eventId = eventId;
    e.eventType = u"message.sent"_s;
    e.kind = EventKind::MessageSent;
    e.timestamp = QDateTime::currentDateTimeUtc();
    Activity a;
    a.leadId = u"lead_abc123"_s;
    a.campaignId = u"camp_abc"_s;
    a.text = u"Hi John, thanks for connecting!"_s;
    e.activity = a;
    item.delivery.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
    item.delivery.status = 200;
    item.delivery.verdict = Verdict::Accepted;
    item.delivery.body = QByteArray(400, 'j');
    return item;
}

// CPU time of this thread: the machine is shared, so wall time alone overstates the cost.
double threadCpuMs()
{
    timespec ts = {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(v.size() / 2);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTemporaryDir tmp(app.arguments().value(1, QDir::tempPath()) + u"/bench_store-XXXXXX"_s);
    QString error;
    QSqlDatabase db = Database::open(tmp.filePath(u"bench.sqlite"_s), u"bench"_s,
                                     Database::Access::ReadWrite, &error);
    if (!db.isOpen()) {
        out << error << Qt::endl;
        return 1;
    }
    const int runs = 9;
    if (qEnvironmentVariableIsSet("BENCH_SQL")) {
        QSqlQuery q(db);
        if (!q.exec(qEnvironmentVariable("BENCH_SQL")))
            qFatal("BENCH_SQL failed");
    }
    if (qEnvironmentVariableIsSet("BENCH_SYNC_OFF")) {
        QSqlQuery q(db);
        q.exec(u"PRAGMA synchronous = OFF"_s);
    }
    {
        EventStore store(db);
        int serial = 0;
        QList<double> cpu;
        const auto timeIngest = [&](const QList<EventStore::Item> &items) {
            QElapsedTimer t;
            const double cpu0 = threadCpuMs();
            t.start();
            const auto results = store.ingest(items);
            const double ms = double(t.nsecsElapsed()) / 1e6;
            cpu << threadCpuMs() - cpu0;
            for (const auto &r : results) {
                if (r.outcome != EventStore::Outcome::Stored)
                    qFatal("ingest failed: %s", qPrintable(r.error));
            }
            return ms;
        };

        for (int leads : {2'500, 10'000}) {
            QList<double> times;
            cpu.clear();
            for (int r = 0; r < (leads > 5000 ? 5 : runs); ++r) {
                ++serial;
                const auto item
                    = extractorItem(u"evt_%1"_s.arg(serial), u"camp_%1"_s.arg(serial), leads);
                times << timeIngest({item});
            }
            const double ms = median(times);
            out << leads << "-lead event, new campaign: median " << ms << " ms ("
                << qRound(leads / ms * 1000) << " leads/s), CPU " << median(cpu) << " ms"
                << Qt::endl;
        }
        {
            QList<double> times;
            cpu.clear();
            for (int r = 0; r < runs; ++r) {
                ++serial;
                times << timeIngest({extractorItem(u"evt_%1"_s.arg(serial), u"camp_1"_s, 2'500)});
            }
            out << "2500-lead event, update of a known campaign: median " << median(times) << " ms"
                << Qt::endl;
        }
        {
            QList<double> times;
            cpu.clear();
            for (int r = 0; r < runs; ++r) {
                QList<EventStore::Item> batch;
                for (int i = 0; i < 100; ++i)
                    batch << activityItem(u"evt_small_%1"_s.arg(++serial));
                times << timeIngest(batch);
            }
            const double ms = median(times);
            out << "100 small events in one batch: median " << ms << " ms ("
                << qRound(100 / ms * 1000) << " events/s), CPU " << median(cpu) << " ms"
                << Qt::endl;
        }
        {
            QList<double> times;
            cpu.clear();
            for (int r = 0; r < runs; ++r)
                times << timeIngest({activityItem(u"evt_single_%1"_s.arg(++serial))});
            out << "1 small event alone: median " << median(times) << " ms" << Qt::endl;
        }
        const StoreCounts c = store.counts();
        out << "rows: " << c.leads << " leads, " << c.events << " events" << Qt::endl;
    }
    db = {};
    Database::close(u"bench"_s);
    return 0;
}
