// SPDX-License-Identifier: MIT
// Where an event's acknowledgement time goes, stage by stage, without the network: signature
// check, parse, store (one transaction with fsync), and freeing the parsed event. Prints the
// median of several runs per event size.
//
//   bench_pipeline [runs]
#include "sendpilot/eventparser.h"
#include "sendpilot/sampleevents.h"
#include "store/database.h"
#include "store/eventstore.h"
#include "webhook/signatureverifier.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace {
double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(1, atoi(argv[1])) : 7;
    QTextStream out(stdout);
    QTemporaryDir dir;
    QString error;
    QSqlDatabase db = Database::open(dir.filePath(u"pipeline.sqlite"_s), u"bench"_s,
                                     Database::Access::ReadWrite, &error);
    if (!db.isOpen()) {
        QTextStream(stderr) << error << '\n';
        return 1;
    }
    int ok = 0;
    {
        EventStore store(db);
        const QByteArray secret = "bench-secret";
        SignatureVerifier verifier({QString::fromLatin1(secret)});
        int eventNumber = 0;
        out << "median of " << runs << " runs, milliseconds\n";
        out << "  leads     MB   verify    parse    store     free    total   leads/s\n";
        for (const int leads : {100, 2500, 10000}) {
            std::vector<double> verify, parse, ingest, release, total;
            double megabytes = 0;
            for (int run = 0; run < runs; ++run) {
                ++eventNumber;
                const QByteArray body = SampleEvents::extractorJob(u"evt_%1"_s.arg(eventNumber),
                                                                   u"camp_%1"_s.arg(eventNumber),
                                                                   leads, quint32(eventNumber));
                megabytes = double(body.size()) / 1e6;
                const QByteArray signature
                    = SignatureVerifier::sign(secret, body, QDateTime::currentSecsSinceEpoch());
                QElapsedTimer timer;
                timer.start();
                const bool verified = verifier.verify(signature, body).accepted();
                const qint64 t1 = timer.nsecsElapsed();
                EventParseResult parsed = EventParser::parse(body);
                const qint64 t2 = timer.nsecsElapsed();
                QList<EventStore::Item> items(1);
                items[0].delivery.status = 200;
                items[0].delivery.verdict = Verdict::Accepted;
                items[0].delivery.body = body;
                items[0].event = std::move(*parsed.event);
                const auto results = store.ingest(items);
                const qint64 t3 = timer.nsecsElapsed();
                items.clear();
                parsed = {};
                const qint64 t4 = timer.nsecsElapsed();
                ok += verified && results.value(0).outcome == EventStore::Outcome::Stored;
                verify.push_back(double(t1) / 1e6);
                parse.push_back(double(t2 - t1) / 1e6);
                ingest.push_back(double(t3 - t2) / 1e6);
                release.push_back(double(t4 - t3) / 1e6);
                total.push_back(double(t4) / 1e6);
            }
            out << QString::asprintf("  %5d %6.2f %8.1f %8.1f %8.1f %8.1f %8.1f %9.0f\n", leads,
                                     megabytes, median(verify), median(parse), median(ingest),
                                     median(release), median(total),
                                     leads / (median(total) / 1000));
        }
    }
    out << ok << " events stored\n";
    db = QSqlDatabase();
    Database::close(u"bench"_s);
    return 0;
}
