// SPDX-License-Identifier: MIT
// The log-first store without the network: generated 2,500-lead events appended to the event
// log exactly as the endpoint appends them (envelope check, raw body, synchronous=FULL, one
// commit per event), then projected by the Projector on its own connection
// (synchronous=NORMAL, chunks of 512 leads). Prints the append time per event, the sustained
// projection rate, the longest projection transaction and the store's size on disk.
//
//   bench_projection [--events N] [--leads N] [--chunk LEADS] [--keep FILE]
//
// --keep FILE leaves the store there (e.g. 400 events of 2,500 leads: the 1,000,000-lead store
// that bench_ingest --db measures acknowledgements against).
#include "sendpilot/eventparser.h"
#include "sendpilot/sampleevents.h"
#include "store/database.h"
#include "store/eventlog.h"
#include "store/projector.h"
#include "store/sqlitestatement.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace {
double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

qint64 storeBytes(const QString &path)
{
    qint64 bytes = 0;
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
        bytes += QFileInfo(path + suffix).size();
    return bytes;
}

int intOption(const QStringList &arguments, const QString &name, int fallback)
{
    const qsizetype i = arguments.indexOf(name);
    return i > 0 && i + 1 < arguments.size() ? arguments.at(i + 1).toInt() : fallback;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    const int events = intOption(arguments, u"--events"_s, 40);
    const int leads = intOption(arguments, u"--leads"_s, 2500);
    const int chunk = intOption(arguments, u"--chunk"_s, Projector::DefaultChunkLeads);
    const qsizetype keepArg = arguments.indexOf(u"--keep"_s);
    QTextStream out(stdout);

    QTemporaryDir dir;
    const QString path
        = keepArg > 0 ? arguments.value(keepArg + 1) : dir.filePath(u"projection.sqlite"_s);
    QString error;
    QSqlDatabase logDb = Database::open(path, u"bench-log"_s, Database::Access::ReadWrite, &error);
    QSqlDatabase projectorDb
        = Database::open(path, u"bench-projector"_s, Database::Access::Projection, &error);
    if (!logDb.isOpen() || !projectorDb.isOpen()) {
        QTextStream(stderr) << error << '\n';
        return 1;
    }
    Database::disableAutoCheckpoint(logDb);
    Database::disableAutoCheckpoint(projectorDb); // as ProjectorService runs it
    qint64 rawBytes = 0;
    std::vector<double> appendMs;
    {
        EventLog log(logDb);
        for (int i = 0; i < events; ++i) {
            const QString id = u"evt_proj_%1"_s.arg(i);
            const QByteArray body
                = SampleEvents::extractorJob(id, u"camp_proj_%1"_s.arg(i), leads, quint32(i + 1));
            rawBytes += body.size();
            QElapsedTimer timer;
            timer.start();
            EventLog::Item item;
            item.envelope = EventParser::parseEnvelope(body).envelope;
            item.delivery.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
            item.delivery.method = u"POST"_s;
            item.delivery.body = body;
            item.delivery.status = 200;
            item.delivery.eventId = id;
            if (log.append({item}).value(0).outcome != EventLog::Outcome::Stored) {
                QTextStream(stderr) << "append failed: " << log.lastError() << '\n';
                return 1;
            }
            appendMs.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
    }
    out << QString::asprintf("%d events of %d leads (%.2f MB each) appended to the log: median "
                             "%.1f ms per event (envelope check, raw body, FULL commit)\n",
                             events, leads, double(rawBytes) / events / 1e6, median(appendMs));

    std::vector<double> stepMs;
    qint64 projectedLeads = 0;
    QElapsedTimer total;
    total.start();
    {
        Projector projector(projectorDb);
        projector.setChunkLeads(chunk);
        // Checkpoints as ProjectorService runs them: outside the transactions, every 4,096
        // frames of write-ahead log.
        std::atomic<int> walFrames = 0;
        sqlite3 *handle = Sqlite::handle(projectorDb);
        Sqlite::trackWalFrames(handle, &walFrames);
        for (;;) {
            QElapsedTimer step;
            step.start();
            const Projector::Step s = projector.step();
            if (s.idle)
                break;
            stepMs.push_back(double(step.nsecsElapsed()) / 1e6);
            projectedLeads += s.leadsWritten;
            if (walFrames >= 4096) {
                Sqlite::checkpointPassive(handle);
                walFrames = 0;
            }
        }
    }
    const double seconds = double(total.nsecsElapsed()) / 1e9;
    const double longest = stepMs.empty() ? 0 : *std::max_element(stepMs.begin(), stepMs.end());
    out << QString::asprintf("projected %lld leads in %.2f s: %.0f leads/s sustained; %zu steps, "
                             "median %.1f ms, longest %.1f ms (each parse and compression "
                             "included in its entry's first and last step)\n",
                             projectedLeads, seconds, double(projectedLeads) / seconds,
                             stepMs.size(), median(stepMs), longest);
    {
        QSqlQuery checkpoint(logDb);
        checkpoint.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
        QSqlQuery sizes(logDb);
        sizes.exec(u"SELECT sum(length(body)), sum(body_size) FROM deliveries"_s);
        if (sizes.next()) {
            out << QString::asprintf(
                "bodies: %.1f MB kept for %.1f MB received (%.1fx)\n",
                sizes.value(0).toDouble() / 1e6, sizes.value(1).toDouble() / 1e6,
                sizes.value(1).toDouble() / qMax(1.0, sizes.value(0).toDouble()));
        }
    }
    out << QString::asprintf("store on disk: %.2f GB (%.0f bytes per lead)\n",
                             double(storeBytes(path)) / 1e9,
                             double(storeBytes(path)) / qMax<qint64>(1, projectedLeads));
    logDb = {};
    projectorDb = {};
    Database::close(u"bench-log"_s);
    Database::close(u"bench-projector"_s);
    return 0;
}
