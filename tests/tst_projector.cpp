// SPDX-License-Identifier: MIT
// The log-first store: entries appended by the event log are projected by the Projector, in
// bounded chunks, with their state in the same transaction as their rows. Real SQLite files in
// temporary folders; the receiver's own thread arrangement where it matters.
#include "fixtures.h"

#include "ingest/ingestservice.h"
#include "sendpilot/eventparser.h"
#include "sendpilot/sampleevents.h"
#include "signedpost.h"
#include "store/bodycodec.h"
#include "store/database.h"
#include "store/eventlog.h"
#include "store/projector.h"

#include <QFile>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr char Connection[] = "projector-test";
const QByteArray Secret = "projector-secret";

/// A webhook body appended the way the endpoint appends it: envelope only, raw body.
EventLog::Item logItem(const QByteArray &body)
{
    EventLog::Item item;
    const EnvelopeParseResult parsed = EventParser::parseEnvelope(body);
    item.envelope = parsed.envelope;
    item.delivery = TestSupport::acceptedDelivery(TestSupport::FixtureTimeMs, body);
    if (parsed.envelope)
        item.delivery.eventId = parsed.envelope->eventId;
    return item;
}

} // namespace

class TestProjector final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;
    QSqlDatabase m_db;

    QVariant scalar(const QString &sql)
    {
        QSqlQuery query(m_db);
        if (!query.exec(sql) || !query.next()) {
            qWarning() << sql << query.lastError().text();
            return {};
        }
        return query.value(0);
    }
    QString state(const QString &eventId)
    {
        return scalar(u"SELECT projection FROM events WHERE event_id = '%1'"_s.arg(eventId))
            .toString();
    }

private Q_SLOTS:
    void init()
    {
        static int n = 0;
        m_path = m_dir.filePath(u"log-%1.sqlite"_s.arg(++n));
        QString error;
        m_db = Database::open(m_path, QLatin1StringView(Connection), Database::Access::ReadWrite,
                              &error);
        QVERIFY2(m_db.isOpen(), qPrintable(error));
    }
    void cleanup()
    {
        m_db = {};
        Database::close(QLatin1StringView(Connection));
    }

    void pendingThenProjected()
    {
        EventLog log(m_db);
        const QByteArray body = SampleEvents::extractorJob(u"evt_1"_s, u"camp_1"_s, 30);
        const auto results = log.append({logItem(body)});
        QCOMPARE(results.value(0).outcome, EventLog::Outcome::Stored);
        // Acknowledged: in the log, nothing derived yet.
        QCOMPARE(state(u"evt_1"_s), u"pending"_s);
        QCOMPARE(scalar(u"SELECT count(*) FROM leads"_s).toInt(), 0);
        QCOMPARE(scalar(u"SELECT count(*) FROM campaigns"_s).toInt(), 0);
        QCOMPARE(scalar(u"SELECT lead_count FROM events"_s).toInt(), 30);

        Projector projector(m_db);
        QVERIFY2(projector.isValid(), qPrintable(projector.lastError()));
        QCOMPARE(projector.pendingCount(), 1);
        const Projector::Step step = projector.step();
        QVERIFY(!step.idle);
        QCOMPARE(step.projected, QStringList {u"evt_1"_s});
        QCOMPARE(step.leadsWritten, 30);
        QCOMPARE(state(u"evt_1"_s), u"projected"_s);
        QCOMPARE(scalar(u"SELECT count(*) FROM leads"_s).toInt(), 30);
        QCOMPARE(scalar(u"SELECT lead_count FROM campaigns WHERE campaign_id = 'camp_1'"_s).toInt(),
                 30);
        QCOMPARE(
            scalar(u"SELECT count(*) FROM leads_fts WHERE leads_fts MATCH 'engineer*'"_s).toInt()
                > 0,
            true);
        QVERIFY(projector.step().idle);
        QCOMPARE(projector.pendingCount(), 0);
    }

    void bodyIsCompressedAndReadsBackAsReceived()
    {
        EventLog log(m_db);
        const QByteArray body = SampleEvents::extractorJob(u"evt_z"_s, u"camp_z"_s, 200);
        log.append({logItem(body)});
        // Until projected the body is as received; then it is one zstd frame.
        QCOMPARE(scalar(u"SELECT body_codec FROM deliveries"_s).toInt(), 0);
        Projector projector(m_db);
        projector.drain();
        QCOMPARE(scalar(u"SELECT body_codec FROM deliveries"_s).toInt(), 1);
        const QByteArray stored = scalar(u"SELECT body FROM deliveries"_s).toByteArray();
        QVERIFY2(stored.size() * 4 < body.size(),
                 qPrintable(u"%1 of %2 bytes"_s.arg(stored.size()).arg(body.size())));
        QString error;
        QCOMPARE(BodyCodec::decode(stored, BodyCodec::Codec::Zstd, body.size(), &error), body);
        QVERIFY(error.isEmpty());
        QCOMPARE(scalar(u"SELECT body_size FROM deliveries"_s).toLongLong(), body.size());
    }

    void codecRefusesDamagedAndOversizedFrames()
    {
        const QByteArray body = SampleEvents::extractorJob(u"evt_c"_s, u"camp_c"_s, 20);
        const QByteArray frame = BodyCodec::compress(body);
        QVERIFY(!frame.isEmpty());
        QString error;
        QCOMPARE(BodyCodec::decode(frame, BodyCodec::Codec::Zstd, body.size() - 1, &error),
                 QByteArray());
        QVERIFY2(error.contains(u"limit"_s), qPrintable(error));
        error.clear();
        QByteArray damaged = frame;
        damaged.truncate(frame.size() / 2);
        QCOMPARE(BodyCodec::decode(damaged, BodyCodec::Codec::Zstd, body.size(), &error),
                 QByteArray());
        QVERIFY(!error.isEmpty());
        // Small bodies stay as they are.
        QCOMPARE(BodyCodec::compress("{\"a\":1}"), QByteArray());
    }

    void largeEventIsProjectedInChunks()
    {
        EventLog log(m_db);
        const QByteArray body = SampleEvents::extractorJob(u"evt_big"_s, u"camp_big"_s, 10000);
        log.append({logItem(body)});
        Projector projector(m_db);
        QCOMPARE(projector.chunkLeads(), Projector::DefaultChunkLeads);
        int steps = 0;
        qint64 written = 0;
        for (;;) {
            const Projector::Step step = projector.step();
            if (step.idle)
                break;
            ++steps;
            written += step.leadsWritten;
            QVERIFY(step.leadsWritten <= projector.chunkLeads());
            if (step.projected.isEmpty()) {
                // Between chunks: the progress is in the log, the campaign still arriving.
                QCOMPARE(state(u"evt_big"_s), u"pending"_s);
                QCOMPARE(scalar(u"SELECT projected_leads FROM events"_s).toLongLong(), written);
                QCOMPARE(scalar(u"SELECT count(*) FROM leads"_s).toLongLong(), written);
            }
        }
        QCOMPARE(steps, (10000 + Projector::DefaultChunkLeads - 1) / Projector::DefaultChunkLeads);
        QCOMPARE(written, 10000);
        QCOMPARE(state(u"evt_big"_s), u"projected"_s);
        QCOMPARE(scalar(u"SELECT count(*) FROM leads"_s).toInt(), 10000);
        QCOMPARE(scalar(u"SELECT count(*) FROM leads_fts"_s).toInt(), 10000);
        QCOMPARE(scalar(u"SELECT lead_count FROM campaigns"_s).toInt(), 10000);
        QSqlQuery check(m_db);
        QVERIFY(check.exec(u"INSERT INTO leads_fts(leads_fts) VALUES ('integrity-check')"_s));
    }

    void repeatedLeadAcrossSlicesIsIndexedOnce()
    {
        // Lead 150 repeats lead 10's id: the two copies are written in different slices of one
        // chunk (the index is synced once, at the chunk's end), and a later event of the
        // campaign replaces both the row and its index entry. FTS5's own check after each.
        const auto check = [this] {
            QSqlQuery query(m_db);
            return query.exec(u"INSERT INTO leads_fts(leads_fts) VALUES ('integrity-check')"_s);
        };
        const auto headlineCount = [this](const QString &word) {
            return scalar(
                       u"SELECT count(*) FROM leads_fts WHERE leads_fts MATCH 'headline: %1'"_s.arg(
                           word))
                .toInt();
        };
        QByteArray first = SampleEvents::extractorJob(u"evt_rep1"_s, u"camp_rep"_s, 200);
        QCOMPARE(first.count("\"id\":\"lead_1_150\""), 1);
        first.replace("\"id\":\"lead_1_150\"", "\"id\":\"lead_1_10\"");
        first.replace("\"headline\":\"", "\"headline\":\"Firstword ");
        EventLog log(m_db);
        log.append({logItem(first)});
        Projector projector(m_db);
        QCOMPARE(projector.drain().projected, QStringList {u"evt_rep1"_s});
        QCOMPARE(scalar(u"SELECT count(*) FROM leads"_s).toInt(), 199);
        QCOMPARE(scalar(u"SELECT count(*) FROM leads_fts"_s).toInt(), 199);
        QCOMPARE(headlineCount(u"firstword"_s), 199);
        QVERIFY(check());

        QByteArray second = SampleEvents::extractorJob(u"evt_rep2"_s, u"camp_rep"_s, 20);
        second.replace("\"headline\":\"", "\"headline\":\"Secondword ");
        log.append({logItem(second)});
        QCOMPARE(projector.drain().projected, QStringList {u"evt_rep2"_s});
        QCOMPARE(scalar(u"SELECT count(*) FROM leads"_s).toInt(), 199);
        QCOMPARE(scalar(u"SELECT count(*) FROM leads_fts"_s).toInt(), 199);
        QCOMPARE(headlineCount(u"secondword"_s), 20);
        QCOMPARE(headlineCount(u"firstword"_s), 179);
        QVERIFY(check());
    }

    void restartResumesAPartlyProjectedEntry()
    {
        {
            EventLog log(m_db);
            log.append({logItem(SampleEvents::extractorJob(u"evt_r"_s, u"camp_r"_s, 100)),
                        logItem(SampleEvents::extractorJob(u"evt_s"_s, u"camp_s"_s, 7))});
            Projector first(m_db);
            first.setChunkLeads(40);
            QVERIFY(first.step().projected.isEmpty()); // 40 of 100, then "the process dies"
        }
        QCOMPARE(scalar(u"SELECT projected_leads FROM events WHERE event_id = 'evt_r'"_s).toInt(),
                 40);
        Projector second(m_db);
        second.setChunkLeads(40);
        QCOMPARE(second.pendingCount(), 2);
        const Projector::Step all = second.drain();
        QCOMPARE(all.projected, (QStringList {u"evt_r"_s, u"evt_s"_s})); // in arrival order
        QCOMPARE(scalar(u"SELECT count(*) FROM leads"_s).toInt(), 107);
        QCOMPARE(scalar(u"SELECT count(DISTINCT lead_id) FROM leads l JOIN campaigns c"
                        " ON l.campaign = c.id WHERE c.campaign_id = 'camp_r'"_s)
                     .toInt(),
                 100);
        QCOMPARE(scalar(u"SELECT count(*) FROM leads_fts"_s).toInt(), 107);
    }

    void damagedEntryFailsAloneAndReingestRetries()
    {
        EventLog log(m_db);
        const QByteArray good = SampleEvents::extractorJob(u"evt_g"_s, u"camp_g"_s, 5);
        const QByteArray bad = SampleEvents::extractorJob(u"evt_d"_s, u"camp_d"_s, 5);
        const auto results = log.append({logItem(bad), logItem(good)});
        // The stored body of evt_d is damaged behind the log's back.
        QSqlQuery damage(m_db);
        QVERIFY(damage.prepare(u"UPDATE deliveries SET body = ?, body_codec = 1 WHERE id = ?"_s));
        damage.addBindValue(QByteArray("not a zstd frame"));
        damage.addBindValue(results.value(0).deliveryId);
        QVERIFY(damage.exec());

        Projector projector(m_db);
        const Projector::Step step = projector.drain();
        QCOMPARE(step.failed, QStringList {u"evt_d"_s});
        QCOMPARE(step.projected, QStringList {u"evt_g"_s});
        QCOMPARE(state(u"evt_d"_s), u"failed"_s);
        QVERIFY(!scalar(u"SELECT projection_error FROM events WHERE event_id = 'evt_d'"_s)
                     .toString()
                     .isEmpty());
        QString reason;
        QCOMPARE(projector.stateOf(u"evt_d"_s, &reason), u"failed"_s);
        QVERIFY2(reason.contains(u"zstd"_s), qPrintable(reason));

        // Repaired (here: the body restored), Re-ingest puts it back in the queue.
        QVERIFY(damage.prepare(u"UPDATE deliveries SET body = ?, body_codec = 0 WHERE id = ?"_s));
        damage.addBindValue(bad);
        damage.addBindValue(results.value(0).deliveryId);
        QVERIFY(damage.exec());
        EventLog::Item again = logItem(bad);
        again.reprocess = true;
        again.delivery.verdict = Verdict::Reingested;
        QCOMPARE(log.append({again}).value(0).outcome, EventLog::Outcome::Stored);
        QCOMPARE(state(u"evt_d"_s), u"pending"_s);
        QCOMPARE(projector.drain().projected, QStringList {u"evt_d"_s});
        QCOMPARE(scalar(u"SELECT count(*) FROM leads"_s).toInt(), 10);
    }

    void activityEventGetsItsActivity()
    {
        EventLog log(m_db);
        log.append({logItem(SampleEvents::activity(u"evt_msg"_s, u"message.sent"_s))});
        QVERIFY(scalar(u"SELECT activity FROM events"_s).isNull());
        Projector projector(m_db);
        QCOMPARE(projector.drain().projected, QStringList {u"evt_msg"_s});
        QVERIFY(scalar(u"SELECT activity FROM events"_s).toString().contains(u"leadId"_s));
    }

    void smallEntriesShareATransaction()
    {
        EventLog log(m_db);
        QList<EventLog::Item> items;
        for (int i = 0; i < 20; ++i)
            items << logItem(SampleEvents::activity(u"evt_s%1"_s.arg(i), u"message.sent"_s));
        items << logItem(SampleEvents::extractorJob(u"evt_job"_s, u"camp_job"_s, 600));
        log.append(items);
        Projector projector(m_db);
        projector.setSharedStepMs(60'000); // this test is about the lead budget, not the clock
        // The twenty small ones in one step; the job does not fit the rest of its budget.
        const Projector::Step first = projector.step();
        QCOMPARE(first.projected.size(), 20);
        QCOMPARE(first.projected.constFirst(), u"evt_s0"_s);
        QCOMPARE(state(u"evt_job"_s), u"pending"_s);
        QCOMPARE(projector.drain().projected, QStringList {u"evt_job"_s});
    }

    void damagedEntryInASharedTransactionIsReported()
    {
        EventLog log(m_db);
        const auto results
            = log.append({logItem(SampleEvents::activity(u"evt_a1"_s, u"message.sent"_s)),
                          logItem(SampleEvents::activity(u"evt_a2"_s, u"message.sent"_s)),
                          logItem(SampleEvents::activity(u"evt_a3"_s, u"message.sent"_s))});
        QSqlQuery damage(m_db);
        QVERIFY(damage.prepare(u"UPDATE deliveries SET body = ?, body_codec = 1 WHERE id = ?"_s));
        damage.addBindValue(QByteArray("not a zstd frame"));
        damage.addBindValue(results.value(1).deliveryId);
        QVERIFY(damage.exec());
        Projector projector(m_db);
        projector.setSharedStepMs(60'000);
        // The first is read before the transaction, the damaged second inside it: its failure
        // commits with the others and is reported like any other.
        const Projector::Step all = projector.drain();
        QCOMPARE(all.failed, QStringList {u"evt_a2"_s});
        QCOMPARE(all.projected, (QStringList {u"evt_a1"_s, u"evt_a3"_s}));
        QCOMPARE(state(u"evt_a2"_s), u"failed"_s);
    }

    void olderStoreMigratesAndCompressesInResumableBatches()
    {
        // A version-2 store as the previous release wrote it: the events projected, the bodies
        // as received.
        cleanup();
        const QString path = m_dir.filePath(u"v2.sqlite"_s);
        QFile::copy(QLatin1StringView(LEADVIEWER_TEST_DATA) + u"/store-v2.sqlite"_s, path);
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QString error;
        m_db = Database::open(path, QLatin1StringView(Connection), Database::Access::ReadWrite,
                              &error);
        QVERIFY2(m_db.isOpen(), qPrintable(error));
        QCOMPARE(scalar(u"PRAGMA user_version"_s).toInt(), Database::SchemaVersion);
        const int events = scalar(u"SELECT count(*) FROM events"_s).toInt();
        QVERIFY(events > 0);
        QCOMPARE(scalar(u"SELECT count(*) FROM events WHERE projection = 'projected'"_s).toInt(),
                 events);
        const qint64 leads = scalar(u"SELECT count(*) FROM leads"_s).toLongLong();
        const qint64 rawBytes = scalar(u"SELECT sum(length(body)) FROM deliveries"_s).toLongLong();
        // Every later step ran too (the bounded record of rejections, v4).
        QCOMPARE(scalar(u"SELECT count(*) FROM deliveries WHERE repeat_count = 1"_s).toInt(),
                 scalar(u"SELECT count(*) FROM deliveries"_s).toInt());

        Projector projector(m_db);
        QVERIFY(projector.step().idle); // nothing to project
        int batches = 0;
        Projector::Maintenance m;
        do {
            m = projector.maintenanceStep();
            ++batches;
            QVERIFY(m.position <= m.total);
        } while (!m.done && batches < 1000);
        QVERIFY(m.done);
        QVERIFY(batches >= 2); // the fixture holds more than one batch of bodies
        QCOMPARE(scalar(u"SELECT count(*) FROM deliveries WHERE body_codec = 0"
                        " AND length(body) >= 512"_s)
                     .toInt(),
                 0);
        QVERIFY(scalar(u"SELECT sum(length(body)) FROM deliveries"_s).toLongLong() * 3 < rawBytes);
        QCOMPARE(scalar(u"SELECT count(*) FROM leads"_s).toLongLong(), leads);
        // Done stays done.
        QVERIFY(projector.maintenanceStep().done);
    }

    void receiverProjectsBehindItsAnswers()
    {
        cleanup();
        QTemporaryDir dir;
        IngestService service;
        EndpointConfig config;
        config.databasePath = dir.filePath(u"leads.sqlite"_s);
        config.address = QHostAddress::LocalHost;
        config.port = 0;
        config.secrets = {QString::fromLatin1(Secret)};
        QString error;
        QVERIFY2(service.start(config, &error), qPrintable(error));
        QSignalSpy projected(&service, &IngestService::eventsProjected);
        const QByteArray body = SampleEvents::extractorJob(u"evt_live"_s, u"camp_live"_s, 1200);
        const auto reply = TestSupport::postSigned(quint16(service.url().port()),
                                                   service.url().path().toUtf8(), body, Secret);
        QCOMPARE(reply.status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(!projected.isEmpty(), 10000);
        QCOMPARE(projected.at(0).at(0).toStringList(), QStringList {u"evt_live"_s});
    }

    void importRacingWebhooksIsAnsweredBetweenGroups()
    {
        cleanup();
        QTemporaryDir dir;
        // Enough files for several of the import's groups.
        QStringList files;
        for (int i = 0; i < 12; ++i) {
            const QString file = dir.filePath(u"import-%1.json"_s.arg(i));
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(SampleEvents::extractorJob(u"evt_imp_%1"_s.arg(i), u"camp_imp_%1"_s.arg(i),
                                                 2500, quint32(i + 1)));
            files << file;
        }
        IngestService service;
        EndpointConfig config;
        config.databasePath = dir.filePath(u"leads.sqlite"_s);
        config.address = QHostAddress::LocalHost;
        config.port = 0;
        config.secrets = {QString::fromLatin1(Secret)};
        QString error;
        QVERIFY2(service.start(config, &error), qPrintable(error));
        QSignalSpy imported(&service, &IngestService::importFinished);
        service.importFiles(files);
        const QByteArray body = SampleEvents::extractorJob(u"evt_hook"_s, u"camp_hook"_s, 10);
        const auto reply = TestSupport::postSigned(quint16(service.url().port()),
                                                   service.url().path().toUtf8(), body, Secret);
        QCOMPARE(reply.status, 200);
        // The webhook was answered while the import was still going: it did not wait for it.
        QCOMPARE(imported.count(), 0);
        QVERIFY(imported.wait(60000));
        const auto report = imported.at(0).at(0).value<Importer::Report>();
        QCOMPARE(report.stored, 12);
        QCOMPARE(report.failed, 0);
        QSignalSpy idle(&service, &IngestService::eventsProjected);
        QSqlDatabase reader = Database::open(config.databasePath, u"import-reader"_s,
                                             Database::Access::ReadOnly, &error);
        QVERIFY2(reader.isOpen(), qPrintable(error));
        const auto count = [&reader] {
            QSqlQuery q(reader);
            q.exec(u"SELECT count(*) FROM leads"_s);
            return q.next() ? q.value(0).toInt() : -1;
        };
        QTRY_COMPARE_WITH_TIMEOUT(count(), 12 * 2500 + 10, 60000);
        reader = {};
        Database::close(u"import-reader"_s);
    }
};

QTEST_GUILESS_MAIN(TestProjector)
#include "tst_projector.moc"
