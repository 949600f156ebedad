// SPDX-License-Identifier: MIT
#include "common/limits.h"
#include "store/database.h"
#include "store/eventstore.h"

#include "fixtures.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const auto Connection = u"store"_s;
const QByteArray SignatureHex = "5d41402abc4b2a76b9719d911017c592ae2b1bd8d1b5f0e2c7a3b4d5e6f70819";

Lead makeLead(int i)
{
    Lead lead;
    lead.id = u"lead_%1"_s.arg(i);
    lead.linkedinIdentifier = u"person-%1"_s.arg(i);
    lead.linkedinUrl = u"https://www.linkedin.com/in/person-%1"_s.arg(i);
    lead.firstName = u"First%1"_s.arg(i);
    lead.lastName = u"Last%1"_s.arg(i);
    lead.fullName = lead.firstName + u' ' + lead.lastName;
    lead.headline = u"Head of Things %1"_s.arg(i);
    lead.summary = u"Summary of person %1"_s.arg(i);
    lead.location = u"Berlin Area"_s;
    lead.city = u"Berlin"_s;
    lead.country = u"Germany"_s;
    lead.company = u"Company%1"_s.arg(i % 50);
    lead.jobPosition = u"Engineer"_s;
    lead.email = i % 2 ? QString() : u"person%1@example.com"_s.arg(i);
    lead.phone = i % 3 ? QString() : u"+49 30 %1"_s.arg(i);
    lead.connections = 500 + i;
    lead.followers = 1000 + i;
    lead.experience = {{u"Engineer"_s, lead.company, u"2 years"_s}};
    lead.education = {{u"TU Berlin"_s, u"MSc"_s}};
    lead.skills = {u"C++"_s, u"Qt"_s};
    return lead;
}

Event extractorEvent(const QString &eventId, const QString &campaignId, int leadCount)
{
    Event event;
    event.eventId = eventId;
    event.eventType = u"lead_extractor.job.completed"_s;
    event.kind = EventKind::LeadExtractorJobCompleted;
    event.timestamp = QDateTime::fromMSecsSinceEpoch(1'708'771'800'000, Qt::UTC);
    event.workspaceId = u"ws_1"_s;
    ExtractorJob job;
    job.campaignId = campaignId;
    job.campaignName = u"Campaign "_s + campaignId;
    job.campaignType = u"SEARCH"_s;
    job.mode = u"with_enrichment"_s;
    job.searchUrls = {u"https://www.linkedin.com/search/results/people/?keywords=\"CEO\""_s};
    job.totalLeadsExtracted = leadCount;
    job.totalLeadsEnriched = leadCount / 2;
    job.requestedLimit = 100;
    job.startedAt = QDateTime::fromMSecsSinceEpoch(1'708'768'800'000, Qt::UTC);
    job.completedAt = QDateTime::fromMSecsSinceEpoch(1'708'770'600'000, Qt::UTC);
    job.durationMs = 1'800'000;
    job.credits = {100, 90, 190};
    job.resultsUrl = u"/v1/lead-extractor/campaigns/%1/results"_s.arg(campaignId);
    for (int i = 0; i < leadCount; ++i)
        job.leads.append(makeLead(i));
    event.extractorJob = job;
    return event;
}

// An accepted delivery of \a event with what the wire gave: peer, headers (a signature among
// them, which the store must redact), a body naming the event.
EventStore::Item makeItem(const Event &event)
{
    DeliveryRecord d = TestSupport::acceptedDelivery(
        1'708'771'801'000, R"({"eventId":")" + event.eventId.toUtf8() + R"(","data":{}})");
    d.peer = u"127.0.0.1:50000"_s;
    d.headers = {{"Host", "127.0.0.1:8787"},
                 {"Content-Type", "application/json"},
                 {"Webhook-Signature", "v1,t=1708771800,s=" + SignatureHex}};
    d.bodySize = d.body.size();
    d.verified = true;
    d.eventId = event.eventId;
    d.eventType = event.eventType;
    return TestSupport::item(event, d);
}

QVariant scalar(const QSqlDatabase &db, const QString &sql, const QVariantList &binds = {})
{
    QSqlQuery query(db);
    query.prepare(sql);
    for (const QVariant &value : binds)
        query.addBindValue(value);
    if (!query.exec() || !query.next()) {
        qWarning() << sql << query.lastError().text();
        return {};
    }
    return query.value(0);
}

QVariantMap row(const QSqlDatabase &db, const QString &sql, const QVariantList &binds = {})
{
    QSqlQuery query(db);
    query.prepare(sql);
    for (const QVariant &value : binds)
        query.addBindValue(value);
    QVariantMap map;
    if (!query.exec() || !query.next())
        return map;
    const QSqlRecord record = query.record();
    for (int i = 0; i < record.count(); ++i)
        map.insert(record.fieldName(i), query.value(i));
    return map;
}

// Every row of the tables an event writes, as text, to compare before and after.
QStringList dump(const QSqlDatabase &db)
{
    QStringList lines;
    for (const QString &table : {u"events"_s, u"campaigns"_s, u"leads"_s}) {
        QSqlQuery query(db);
        query.exec(u"SELECT * FROM %1 ORDER BY 1"_s.arg(table));
        while (query.next()) {
            QStringList fields;
            for (int i = 0; i < query.record().count(); ++i)
                fields << query.value(i).toString();
            lines << table + u": "_s + fields.join(u'|');
        }
    }
    lines << u"fts: "_s + scalar(db, u"SELECT count(*) FROM leads_fts"_s).toString();
    return lines;
}

QStringList ftsMatch(const QSqlDatabase &db, const QString &match)
{
    QSqlQuery query(db);
    query.prepare(u"SELECT l.lead_id FROM leads_fts JOIN leads l ON l.id = leads_fts.rowid "
                  "WHERE leads_fts MATCH ? ORDER BY l.lead_id"_s);
    query.addBindValue(match);
    QStringList ids;
    if (!query.exec())
        qWarning() << query.lastError().text();
    while (query.next())
        ids << query.value(0).toString();
    return ids;
}

} // namespace

class TestEventStore final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;
    QSqlDatabase m_db;
    std::unique_ptr<EventStore> m_store;

    void openStore()
    {
        QString error;
        m_db = Database::open(m_path, Connection, Database::Access::ReadWrite, &error);
        QVERIFY2(m_db.isOpen(), qPrintable(error));
        m_store = std::make_unique<EventStore>(m_db);
        QVERIFY2(m_store->lastError().isEmpty(), qPrintable(m_store->lastError()));
    }
    void closeStore()
    {
        m_store.reset();
        m_db = {};
        Database::close(Connection);
    }
    QString eventColumn(const QString &eventId, const QString &column)
    {
        return scalar(m_db, u"SELECT %1 FROM events WHERE event_id = '%2'"_s.arg(column, eventId))
            .toString();
    }
    EventStore::ItemResult ingestOne(const Event &event)
    {
        const auto results = m_store->ingest({makeItem(event)});
        return results.value(0);
    }

private Q_SLOTS:
    void init()
    {
        static int n = 0;
        m_path = m_dir.filePath(u"leads-%1.sqlite"_s.arg(++n));
        openStore();
    }
    void cleanup() { closeStore(); }

    void reprocessAppliesAStoredEventAgain()
    {
        Event event = extractorEvent(u"evt_re"_s, u"camp_re"_s, 3);
        QCOMPARE(ingestOne(event).outcome, EventStore::Outcome::Stored);
        const qint64 receivedAt = scalar(m_db, u"SELECT received_at FROM campaigns"_s).toLongLong();
        // What an older parser might have left: a field lost.
        QSqlQuery damage(m_db);
        QVERIFY(damage.exec(u"UPDATE leads SET headline = '' WHERE lead_id = 'lead_0'"_s));

        // A plain repeat is a duplicate and repairs nothing.
        QCOMPARE(ingestOne(event).outcome, EventStore::Outcome::Duplicate);
        QCOMPARE(scalar(m_db, u"SELECT headline FROM leads WHERE lead_id = 'lead_0'"_s).toString(),
                 QString());

        EventStore::Item again = makeItem(event);
        again.reprocess = true;
        again.delivery.verdict = Verdict::Reingested;
        again.delivery.receivedAtMs = receivedAt + 86'400'000;
        const auto result = m_store->ingest({again}).value(0);
        QCOMPARE(result.outcome, EventStore::Outcome::Stored);
        QCOMPARE(scalar(m_db, u"SELECT headline FROM leads WHERE lead_id = 'lead_0'"_s).toString(),
                 event.extractorJob->leads[0].headline);
        QCOMPARE(scalar(m_db, u"SELECT COUNT(*) FROM leads"_s).toInt(), 3);
        QCOMPARE(scalar(m_db, u"SELECT COUNT(*) FROM events"_s).toInt(), 1);
        QCOMPARE(scalar(m_db, u"SELECT received_at FROM campaigns"_s).toLongLong(), receivedAt);
        QCOMPARE(
            scalar(m_db, u"SELECT verdict FROM deliveries WHERE id = %1"_s.arg(result.deliveryId))
                .toString(),
            u"reingested"_s);
        QCOMPARE(scalar(m_db, u"SELECT COUNT(*) FROM leads_fts"_s).toInt(), 3);
    }

    void extractorEventStoresEverything()
    {
        Event event = extractorEvent(u"evt_1"_s, u"camp_1"_s, 2);
        Lead &odd = event.extractorJob->leads[1];
        odd.connections.reset();
        odd.followers.reset();
        odd.experience = {{u"Chief \"Quote\" Officer"_s, u"Back\\slash\nCorp"_s, u""_s},
                          {u"Ünïcødé"_s, u"Tab\tInc"_s, u"1 yr"_s}};
        odd.education.clear();
        odd.skills = {u"a\"b"_s, u"ß"_s};

        const auto result = ingestOne(event);
        QCOMPARE(result.outcome, EventStore::Outcome::Stored);
        QVERIFY(result.deliveryId > 0);

        const QVariantMap c = row(m_db, u"SELECT * FROM campaigns"_s);
        QCOMPARE(c.value(u"campaign_id"_s).toString(), u"camp_1"_s);
        QCOMPARE(c.value(u"event_id"_s).toString(), u"evt_1"_s);
        QCOMPARE(c.value(u"name"_s).toString(), u"Campaign camp_1"_s);
        QCOMPARE(c.value(u"type"_s).toString(), u"SEARCH"_s);
        QCOMPARE(c.value(u"mode"_s).toString(), u"with_enrichment"_s);
        QCOMPARE(QJsonDocument::fromJson(c.value(u"search_urls"_s).toByteArray()).toVariant(),
                 QVariant(QVariantList {event.extractorJob->searchUrls.first()}));
        QCOMPARE(c.value(u"leads_extracted"_s).toLongLong(), 2);
        QCOMPARE(c.value(u"leads_enriched"_s).toLongLong(), 1);
        QCOMPARE(c.value(u"requested_limit"_s).toLongLong(), 100);
        QCOMPARE(c.value(u"started_at"_s).toLongLong(), 1'708'768'800'000);
        QCOMPARE(c.value(u"completed_at"_s).toLongLong(), 1'708'770'600'000);
        QCOMPARE(c.value(u"duration_ms"_s).toLongLong(), 1'800'000);
        QCOMPARE(c.value(u"credits_extraction"_s).toLongLong(), 100);
        QCOMPARE(c.value(u"credits_enrichment"_s).toLongLong(), 90);
        QCOMPARE(c.value(u"credits_total"_s).toLongLong(), 190);
        QCOMPARE(c.value(u"results_url"_s).toString(),
                 u"/v1/lead-extractor/campaigns/camp_1/results"_s);
        QCOMPARE(c.value(u"received_at"_s).toLongLong(), 1'708'771'801'000);
        QCOMPARE(c.value(u"lead_count"_s).toLongLong(), 2);
        QCOMPARE(c.value(u"email_count"_s).toLongLong(), 1); // lead 0 only
        QCOMPARE(c.value(u"phone_count"_s).toLongLong(), 1);
        QCOMPARE(c.value(u"seen"_s).toInt(), 0);

        const Lead &l0 = event.extractorJob->leads.at(0);
        const QVariantMap a = row(m_db, u"SELECT * FROM leads WHERE lead_id = 'lead_0'"_s);
        QCOMPARE(a.value(u"campaign"_s).toLongLong(), c.value(u"id"_s).toLongLong());
        QCOMPARE(a.value(u"linkedin_identifier"_s).toString(), l0.linkedinIdentifier);
        QCOMPARE(a.value(u"linkedin_url"_s).toString(), l0.linkedinUrl);
        QCOMPARE(a.value(u"first_name"_s).toString(), l0.firstName);
        QCOMPARE(a.value(u"last_name"_s).toString(), l0.lastName);
        QCOMPARE(a.value(u"full_name"_s).toString(), l0.fullName);
        QCOMPARE(a.value(u"headline"_s).toString(), l0.headline);
        QCOMPARE(a.value(u"summary"_s).toString(), l0.summary);
        QCOMPARE(a.value(u"location"_s).toString(), l0.location);
        QCOMPARE(a.value(u"city"_s).toString(), l0.city);
        QCOMPARE(a.value(u"country"_s).toString(), l0.country);
        QCOMPARE(a.value(u"profile_picture_url"_s).toString(), QString());
        QCOMPARE(a.value(u"company"_s).toString(), l0.company);
        QCOMPARE(a.value(u"job_position"_s).toString(), l0.jobPosition);
        QCOMPARE(a.value(u"email"_s).toString(), l0.email);
        QCOMPARE(a.value(u"phone"_s).toString(), l0.phone);
        QCOMPARE(a.value(u"connections"_s).toLongLong(), 500);
        QCOMPARE(a.value(u"followers"_s).toLongLong(), 1000);
        QCOMPARE(a.value(u"experience"_s).toString(),
                 uR"([{"title":"Engineer","company":"Company0","duration":"2 years"}])"_s);
        QCOMPARE(a.value(u"education"_s).toString(),
                 uR"([{"school":"TU Berlin","degree":"MSc"}])"_s);
        QCOMPARE(a.value(u"skills"_s).toString(), uR"(["C++","Qt"])"_s);

        const QVariantMap b = row(m_db, u"SELECT * FROM leads WHERE lead_id = 'lead_1'"_s);
        QVERIFY(b.value(u"connections"_s).isNull());
        QVERIFY(b.value(u"followers"_s).isNull());
        QCOMPARE(b.value(u"education"_s).toString(), u"[]"_s);
        // Special characters survive a round trip through a real JSON parser.
        const QJsonDocument experience
            = QJsonDocument::fromJson(b.value(u"experience"_s).toByteArray());
        QVERIFY(experience.isArray());
        QCOMPARE(experience[0][u"title"_s].toString(), odd.experience[0].title);
        QCOMPARE(experience[0][u"company"_s].toString(), odd.experience[0].company);
        QCOMPARE(experience[1][u"title"_s].toString(), odd.experience[1].title);
        QCOMPARE(experience[1][u"company"_s].toString(), odd.experience[1].company);
        QCOMPARE(QJsonDocument::fromJson(b.value(u"skills"_s).toByteArray()).toVariant(),
                 QVariant(QVariantList {u"a\"b"_s, u"ß"_s}));

        const QVariantMap e = row(m_db, u"SELECT * FROM events"_s);
        QCOMPARE(e.value(u"event_id"_s).toString(), u"evt_1"_s);
        QCOMPARE(e.value(u"event_type"_s).toString(), u"lead_extractor.job.completed"_s);
        QCOMPARE(e.value(u"occurred_at"_s).toLongLong(), 1'708'771'800'000);
        QCOMPARE(e.value(u"workspace_id"_s).toString(), u"ws_1"_s);
        QCOMPARE(e.value(u"verified"_s).toInt(), 1);
        QCOMPARE(e.value(u"delivery_id"_s).toLongLong(), result.deliveryId);
        QCOMPARE(e.value(u"campaign_id"_s).toString(), u"camp_1"_s);
        QCOMPARE(e.value(u"lead_count"_s).toLongLong(), 2);
        QVERIFY(e.value(u"activity"_s).isNull());

        const QVariantMap d
            = row(m_db, u"SELECT * FROM deliveries WHERE id = ?"_s, {result.deliveryId});
        QCOMPARE(d.value(u"verdict"_s).toString(), u"accepted"_s);
        QCOMPARE(d.value(u"status"_s).toInt(), 200);
        QCOMPARE(d.value(u"event_id"_s).toString(), u"evt_1"_s);
        QCOMPARE(d.value(u"method"_s).toString(), u"POST"_s);
        QCOMPARE(d.value(u"peer"_s).toString(), u"127.0.0.1:50000"_s);
        QCOMPARE(d.value(u"body"_s).toByteArray(), makeItem(event).delivery.body);
        QCOMPARE(d.value(u"verified"_s).toInt(), 1);
    }

    void activityEventStored()
    {
        Event event;
        event.eventId = u"evt_msg"_s;
        event.eventType = u"message.received"_s; // the old name, kept as sent
        event.kind = EventKind::ReplyReceived;
        Activity activity;
        activity.leadId = u"lead_abc"_s;
        activity.campaignId = u"camp_x"_s;
        activity.text = u"Thanks, \"interested\""_s;
        activity.sequenceStep = 2;
        event.activity = activity;
        QCOMPARE(ingestOne(event).outcome, EventStore::Outcome::Stored);

        const QVariantMap e = row(m_db, u"SELECT * FROM events"_s);
        QCOMPARE(e.value(u"event_type"_s).toString(), u"message.received"_s);
        QCOMPARE(e.value(u"campaign_id"_s).toString(), u"camp_x"_s);
        QCOMPARE(e.value(u"lead_id"_s).toString(), u"lead_abc"_s);
        QVERIFY(e.value(u"occurred_at"_s).isNull()); // no timestamp
        const QJsonObject json
            = QJsonDocument::fromJson(e.value(u"activity"_s).toByteArray()).object();
        QCOMPARE(json.value(u"text"_s).toString(), activity.text);
        QCOMPARE(json.value(u"leadId"_s).toString(), u"lead_abc"_s);
        QCOMPARE(json.value(u"sequenceStep"_s).toInteger(), 2);
        QCOMPARE(m_store->counts().campaigns, 0);
    }

    void ftsFindsLeads_data()
    {
        QTest::addColumn<QString>("match");
        QTest::addColumn<QStringList>("leadIds");
        QTest::newRow("full name") << u"full_name: ada"_s << QStringList {u"lead_ada"_s};
        QTest::newRow("last name prefix") << u"lovel*"_s << QStringList {u"lead_ada"_s};
        QTest::newRow("company") << u"company: initech"_s
                                 << QStringList {u"lead_ada"_s, u"lead_jose"_s};
        QTest::newRow("email prefix") << u"email: grac*"_s << QStringList {u"lead_grace"_s};
        QTest::newRow("email domain") << u"email: navy"_s << QStringList {u"lead_grace"_s};
        QTest::newRow("without diacritics") << u"alvarez"_s << QStringList {u"lead_jose"_s};
        QTest::newRow("job position")
            << u"job_position: admiral"_s << QStringList {u"lead_grace"_s};
        QTest::newRow("no match") << u"nobody"_s << QStringList {};
    }
    void ftsFindsLeads()
    {
        QFETCH(QString, match);
        QFETCH(QStringList, leadIds);
        Event event = extractorEvent(u"evt_fts"_s, u"camp_fts"_s, 0);
        Lead ada;
        ada.id = u"lead_ada"_s;
        ada.fullName = u"Ada Lovelace"_s;
        ada.company = u"Initech"_s;
        Lead grace;
        grace.id = u"lead_grace"_s;
        grace.fullName = u"Grace Hopper"_s;
        grace.email = u"grace.hopper@navy.mil"_s;
        grace.jobPosition = u"Rear Admiral"_s;
        Lead jose;
        jose.id = u"lead_jose"_s;
        jose.fullName = u"José Álvarez"_s;
        jose.company = u"Initech GmbH"_s;
        event.extractorJob->leads = {ada, grace, jose};
        QCOMPARE(ingestOne(event).outcome, EventStore::Outcome::Stored);
        QCOMPARE(ftsMatch(m_db, match), leadIds);
    }

    void duplicateChangesOnlyDeliveries()
    {
        const Event first = extractorEvent(u"evt_dup"_s, u"camp_dup"_s, 5);
        QCOMPARE(ingestOne(first).outcome, EventStore::Outcome::Stored);
        const QStringList before = dump(m_db);

        // Same id, different content: SendPilot's retry must not rewrite what was stored.
        Event again = extractorEvent(u"evt_dup"_s, u"camp_other"_s, 7);
        again.extractorJob->campaignName = u"Changed"_s;
        const auto result = ingestOne(again);
        QCOMPARE(result.outcome, EventStore::Outcome::Duplicate);
        QVERIFY(result.deliveryId > 0);
        QCOMPARE(dump(m_db), before);

        const QVariantMap d
            = row(m_db, u"SELECT * FROM deliveries WHERE id = ?"_s, {result.deliveryId});
        QCOMPARE(d.value(u"verdict"_s).toString(), u"duplicate"_s);
        QCOMPARE(d.value(u"event_id"_s).toString(), u"evt_dup"_s);
        QCOMPARE(m_store->counts().deliveries, 2);

        // Twice in one batch: the second sees the first.
        const Event other = extractorEvent(u"evt_dup2"_s, u"camp_dup2"_s, 1);
        const auto batch = m_store->ingest({makeItem(other), makeItem(other)});
        QCOMPARE(batch.size(), 2);
        QCOMPARE(batch[0].outcome, EventStore::Outcome::Stored);
        QCOMPARE(batch[1].outcome, EventStore::Outcome::Duplicate);
        QCOMPARE(m_store->counts().events, 2);
    }

    void failedProjectionNextToGoodOnes()
    {
        // A real failure inside SQLite, part-way through the second event's leads: it is in
        // the log (acknowledged) but its projection fails, alone, with the reason.
        QSqlQuery query(m_db);
        QVERIFY2(query.exec(u"CREATE TEMP TRIGGER poison BEFORE INSERT ON leads "
                            "WHEN new.lead_id = 'poison' "
                            "BEGIN SELECT RAISE(ABORT, 'forced failure'); END"_s),
                 qPrintable(query.lastError().text()));
        const Event good1 = extractorEvent(u"evt_a"_s, u"camp_a"_s, 3);
        Event bad = extractorEvent(u"evt_bad"_s, u"camp_bad"_s, 3);
        bad.extractorJob->leads[2].id = u"poison"_s;
        const Event good2 = extractorEvent(u"evt_b"_s, u"camp_b"_s, 4);

        const auto results = m_store->ingest({makeItem(good1), makeItem(bad), makeItem(good2)});
        QCOMPARE(results.size(), 3);
        for (const auto &result : results)
            QCOMPARE(result.outcome, EventStore::Outcome::Stored);
        QVERIFY(results[0].projectionError.isEmpty());
        QVERIFY2(results[1].projectionError.contains(u"forced failure"_s),
                 qPrintable(results[1].projectionError));
        QVERIFY(results[2].projectionError.isEmpty());

        const StoreCounts counts = m_store->counts();
        QCOMPARE(counts.events, 3);
        QCOMPARE(counts.campaigns, 2);
        QCOMPARE(counts.leads, 7);
        QCOMPARE(scalar(m_db, u"SELECT count(*) FROM leads_fts"_s).toInt(), 7);
        QCOMPARE(scalar(m_db, u"SELECT count(*) FROM campaigns WHERE campaign_id = 'camp_bad'"_s)
                     .toInt(),
                 0);
        QCOMPARE(eventColumn(u"evt_a"_s, u"projection"_s), u"projected"_s);
        QCOMPARE(eventColumn(u"evt_bad"_s, u"projection"_s), u"failed"_s);
        QVERIFY(eventColumn(u"evt_bad"_s, u"projection_error"_s).contains(u"forced failure"_s));
        QCOMPARE(eventColumn(u"evt_b"_s, u"projection"_s), u"projected"_s);
        // Its request was acknowledged: the delivery says so.
        const QVariantMap d
            = row(m_db, u"SELECT * FROM deliveries WHERE id = ?"_s, {results[1].deliveryId});
        QCOMPARE(d.value(u"verdict"_s).toString(), u"accepted"_s);
        QCOMPARE(d.value(u"status"_s).toInt(), 200);

        // Re-ingest projects it again once the cause is gone.
        QVERIFY(query.exec(u"DROP TRIGGER temp.poison"_s));
        EventStore::Item again = makeItem(bad);
        again.reprocess = true;
        again.delivery.verdict = Verdict::Reingested;
        const auto retried = m_store->ingest({again}).value(0);
        QCOMPARE(retried.outcome, EventStore::Outcome::Stored);
        QVERIFY(retried.projectionError.isEmpty());
        QCOMPARE(eventColumn(u"evt_bad"_s, u"projection"_s), u"projected"_s);
        QCOMPARE(eventColumn(u"evt_bad"_s, u"projection_error"_s), QString());
        QCOMPARE(m_store->counts().leads, 10);
        QCOMPARE(scalar(m_db, u"SELECT count(*) FROM leads_fts"_s).toInt(), 10);
    }

    void badEntryRolledBackAlone()
    {
        // A real failure inside SQLite while appending the second entry: it alone is undone,
        // answered 503 and recorded with the reason.
        QSqlQuery query(m_db);
        QVERIFY(query.exec(u"CREATE TEMP TRIGGER poison BEFORE INSERT ON events "
                           "WHEN new.event_id = 'evt_bad' "
                           "BEGIN SELECT RAISE(ABORT, 'forced failure'); END"_s));
        const auto results
            = m_store->ingest({makeItem(extractorEvent(u"evt_a"_s, u"camp_a"_s, 3)),
                               makeItem(extractorEvent(u"evt_bad"_s, u"camp_bad"_s, 3)),
                               makeItem(extractorEvent(u"evt_b"_s, u"camp_b"_s, 4))});
        QCOMPARE(results[0].outcome, EventStore::Outcome::Stored);
        QCOMPARE(results[1].outcome, EventStore::Outcome::Failed);
        QVERIFY2(results[1].error.contains(u"forced failure"_s), qPrintable(results[1].error));
        QCOMPARE(results[2].outcome, EventStore::Outcome::Stored);
        const StoreCounts counts = m_store->counts();
        QCOMPARE(counts.events, 2);
        QCOMPARE(counts.leads, 7);
        const QVariantMap d
            = row(m_db, u"SELECT * FROM deliveries WHERE id = ?"_s, {results[1].deliveryId});
        QCOMPARE(d.value(u"verdict"_s).toString(), u"store_failed"_s);
        QCOMPARE(d.value(u"status"_s).toInt(), 503);
        QCOMPARE(d.value(u"event_id"_s).toString(), u"evt_bad"_s);
        QVERIFY(d.value(u"detail"_s).toString().contains(u"forced failure"_s));
        QCOMPARE(counts.deliveries, 3);
        QVERIFY(query.exec(u"DROP TRIGGER temp.poison"_s));
        QCOMPARE(ingestOne(extractorEvent(u"evt_bad"_s, u"camp_bad"_s, 3)).outcome,
                 EventStore::Outcome::Stored);
        QCOMPARE(m_store->counts().leads, 10);
    }

    void commitFailureFailsAll()
    {
        // A foreign key declared DEFERRABLE INITIALLY DEFERRED is checked at COMMIT, so a
        // violation makes COMMIT itself fail. The tables are temporary: the schema is untouched.
        QSqlQuery query(m_db);
        for (const QString &sql :
             {u"CREATE TEMP TABLE parent (id INTEGER PRIMARY KEY)"_s,
              u"CREATE TEMP TABLE child (p INTEGER REFERENCES parent(id) "
              "DEFERRABLE INITIALLY DEFERRED)"_s,
              u"CREATE TEMP TRIGGER orphan AFTER INSERT ON events "
              "WHEN new.event_id = 'evt_orphan' BEGIN INSERT INTO child VALUES (42); END"_s}) {
            QVERIFY2(query.exec(sql), qPrintable(query.lastError().text()));
        }
        const auto results
            = m_store->ingest({makeItem(extractorEvent(u"evt_ok"_s, u"c1"_s, 2)),
                               makeItem(extractorEvent(u"evt_orphan"_s, u"c2"_s, 1))});
        QCOMPARE(results.size(), 2);
        for (const auto &result : results) {
            QCOMPARE(result.outcome, EventStore::Outcome::Failed);
            QVERIFY2(result.error.contains(u"commit"_s), qPrintable(result.error));
        }
        const StoreCounts counts = m_store->counts();
        QCOMPARE(counts.events, 0);
        QCOMPARE(counts.leads, 0);
        QCOMPARE(counts.deliveries, 0);

        // The connection is usable afterwards.
        QVERIFY(query.exec(u"DROP TRIGGER temp.orphan"_s));
        QCOMPARE(ingestOne(extractorEvent(u"evt_ok"_s, u"c1"_s, 2)).outcome,
                 EventStore::Outcome::Stored);
    }

    void rejectedDeliveriesRecordedTogether()
    {
        QList<DeliveryRecord> rejected;
        for (int i = 0; i < 5; ++i) {
            DeliveryRecord d;
            d.receivedAtMs = 1'700'000'000'000 + i;
            // Each from its own address: alike rejections would be one row (a burst, see
            // tst_rejectionlog).
            d.peer = u"127.0.0.%1:%2"_s.arg(1 + i).arg(40000 + i);
            d.method = u"POST"_s;
            d.path = u"/webhooks/sendpilot"_s;
            d.status = 401;
            d.verdict = Verdict::BadSignature;
            d.body = QByteArray(10'000, 'x'); // capped when stored
            rejected.append(d);
        }
        const QList<qint64> ids = m_store->recordDeliveries(rejected);
        QCOMPARE(ids.size(), 5);
        for (qsizetype i = 0; i < ids.size(); ++i) {
            QVERIFY(ids[i] > 0);
            if (i > 0)
                QVERIFY(ids[i] > ids[i - 1]);
        }
        QCOMPARE(scalar(m_db,
                        u"SELECT COUNT(*) FROM deliveries WHERE verdict = 'bad_signature' "
                        u"AND length(body) = %1 AND body_size = 10000"_s.arg(
                            Limits::RejectedBodyCapBytes))
                     .toInt(),
                 5);
        QVERIFY(m_store->recordDeliveries({}).isEmpty());
    }

    void signatureRedacted()
    {
        EventStore::Item item = makeItem(extractorEvent(u"evt_sig"_s, u"camp_sig"_s, 1));
        item.delivery.headers.append({"authorization", "Bearer " + SignatureHex.left(20)});
        QCOMPARE(m_store->ingest({item}).value(0).outcome, EventStore::Outcome::Stored);

        DeliveryRecord rejected = item.delivery;
        rejected.headers = {{"webhook-signature", "v1,t=1,s=" + SignatureHex}};
        rejected.status = 401;
        rejected.verdict = Verdict::BadSignature;
        QVERIFY(m_store->recordDelivery(rejected) > 0);

        QSqlQuery query(m_db);
        QVERIFY(query.exec(u"SELECT headers FROM deliveries ORDER BY id"_s));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(),
                 u"Host: 127.0.0.1:8787\nContent-Type: application/json\n"
                 "Webhook-Signature: [redacted]\nauthorization: [redacted]"_s);
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), u"webhook-signature: [redacted]"_s);

        // Not in the file, not in the write-ahead log.
        closeStore();
        for (const QString &file : QStringList {m_path, m_path + u"-wal"_s}) {
            QFile f(file);
            if (!f.open(QIODevice::ReadOnly))
                continue;
            const QByteArray bytes = f.readAll();
            QVERIFY(bytes.contains("evt_sig")); // the check can see stored text at all
            QVERIFY2(!bytes.contains(SignatureHex.left(20)), qPrintable(file));
        }
        openStore();
    }

    void recordDeliveryCapsBody()
    {
        DeliveryRecord d;
        d.receivedAtMs = 5;
        d.peer = u"10.0.0.2:1234"_s;
        d.method = u"POST"_s;
        d.path = u"/webhooks/sendpilot"_s;
        d.body = QByteArray(100'000, 'x');
        d.status = 413;
        d.verdict = Verdict::TooLarge;
        d.detail = u"body over the limit"_s;
        const qint64 id = m_store->recordDelivery(d);
        QVERIFY(id > 0);
        const QVariantMap row_ = row(m_db, u"SELECT * FROM deliveries WHERE id = ?"_s, {id});
        QCOMPARE(row_.value(u"body"_s).toByteArray().size(), Limits::RejectedBodyCapBytes);
        QCOMPARE(row_.value(u"body_size"_s).toLongLong(), 100'000);
        QCOMPARE(row_.value(u"status"_s).toInt(), 413);
        QCOMPARE(row_.value(u"verdict"_s).toString(), u"too_large"_s);
        QCOMPARE(row_.value(u"detail"_s).toString(), d.detail);
        QVERIFY(row_.value(u"event_id"_s).isNull());
        QCOMPARE(m_store->counts().events, 0);
    }

    void leadIdFallback_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("identifier");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expected");
        const QString url = u"https://www.linkedin.com/in/x"_s;
        QTest::newRow("id") << u"lead_9"_s << u"slug"_s << url << u"lead_9"_s;
        QTest::newRow("identifier") << QString() << u"slug"_s << url << u"slug"_s;
        QTest::newRow("url") << QString() << QString() << url << url;
        QTest::newRow("index") << QString() << QString() << QString() << u"#2"_s;
    }
    void leadIdFallback()
    {
        QFETCH(QString, id);
        QFETCH(QString, identifier);
        QFETCH(QString, url);
        QFETCH(QString, expected);
        Event event = extractorEvent(u"evt_fb"_s, u"camp_fb"_s, 2);
        Lead lead;
        lead.id = id;
        lead.linkedinIdentifier = identifier;
        lead.linkedinUrl = url;
        lead.fullName = u"Subject"_s;
        event.extractorJob->leads.append(lead); // index 2
        QCOMPARE(ingestOne(event).outcome, EventStore::Outcome::Stored);
        QCOMPARE(
            scalar(m_db, u"SELECT lead_id FROM leads WHERE full_name = 'Subject'"_s).toString(),
            expected);
    }

    void laterEventUpdatesCampaign()
    {
        Event first = extractorEvent(u"evt_1"_s, u"camp"_s, 2); // lead_0 has an email
        QCOMPARE(ingestOne(first).outcome, EventStore::Outcome::Stored);
        const qint64 campaign = scalar(m_db, u"SELECT id FROM campaigns"_s).toLongLong();
        QVERIFY(m_store->markCampaignSeen(campaign));
        QCOMPARE(scalar(m_db, u"SELECT seen FROM campaigns"_s).toInt(), 1);

        Event second = extractorEvent(u"evt_2"_s, u"camp"_s, 0);
        second.extractorJob->campaignName = u"Renamed"_s;
        Lead changed = makeLead(0);
        changed.email.clear();
        changed.company = u"Umbrella"_s;
        Lead added = makeLead(7);
        added.email = u"new@example.com"_s;
        second.extractorJob->leads = {changed, added};
        QCOMPARE(ingestOne(second).outcome, EventStore::Outcome::Stored);

        QCOMPARE(m_store->counts().campaigns, 1);
        const QVariantMap c = row(m_db, u"SELECT * FROM campaigns"_s);
        QCOMPARE(c.value(u"id"_s).toLongLong(), campaign); // same row, updated in place
        QCOMPARE(c.value(u"name"_s).toString(), u"Renamed"_s);
        QCOMPARE(c.value(u"event_id"_s).toString(), u"evt_2"_s);
        QCOMPARE(c.value(u"lead_count"_s).toLongLong(), 3); // lead_0, lead_1, lead_7
        QCOMPARE(c.value(u"email_count"_s).toLongLong(), 1); // only lead_7 now
        QCOMPARE(c.value(u"seen"_s).toInt(), 0); // new leads to look at
        QCOMPARE(scalar(m_db, u"SELECT company FROM leads WHERE lead_id = 'lead_0'"_s).toString(),
                 u"Umbrella"_s);
        // The index follows the update: the old company no longer finds lead_0.
        QCOMPARE(ftsMatch(m_db, u"company: umbrella"_s), QStringList {u"lead_0"_s});
        QCOMPARE(ftsMatch(m_db, u"company: company0"_s), QStringList {});
        QCOMPARE(scalar(m_db, u"SELECT count(*) FROM leads_fts"_s).toInt(), 3);
        QSqlQuery check(m_db);
        QVERIFY2(
            check.exec(u"INSERT INTO leads_fts(leads_fts, rank) VALUES ('integrity-check', 1)"_s),
            qPrintable(check.lastError().text()));
    }

    void ftsIntegrity()
    {
        QCOMPARE(ingestOne(extractorEvent(u"evt_1"_s, u"c"_s, 20)).outcome,
                 EventStore::Outcome::Stored);
        Event second = extractorEvent(u"evt_2"_s, u"c"_s, 30);
        for (Lead &lead : second.extractorJob->leads)
            lead.headline = u"Updated headline"_s;
        QCOMPARE(ingestOne(second).outcome, EventStore::Outcome::Stored);
        // FTS5's own check that the index matches the content table.
        QSqlQuery query(m_db);
        QVERIFY2(
            query.exec(u"INSERT INTO leads_fts(leads_fts, rank) VALUES ('integrity-check', 1)"_s),
            qPrintable(query.lastError().text()));
        QCOMPARE(ftsMatch(m_db, u"headline: updated"_s).size(), 30);

        // Another writer deleting the campaign cascades to its leads; the index follows.
        QVERIFY(query.exec(u"DELETE FROM campaigns"_s));
        QCOMPARE(m_store->counts().leads, 0);
        QCOMPARE(ftsMatch(m_db, u"headline: updated"_s).size(), 0);
        QVERIFY2(
            query.exec(u"INSERT INTO leads_fts(leads_fts, rank) VALUES ('integrity-check', 1)"_s),
            qPrintable(query.lastError().text()));
    }

    void countsAndMarkSeen()
    {
        QCOMPARE(m_store->counts().leads, 0);
        m_store->ingest({makeItem(extractorEvent(u"e1"_s, u"c1"_s, 3)),
                         makeItem(extractorEvent(u"e2"_s, u"c2"_s, 4))});
        DeliveryRecord rejected;
        rejected.status = 401;
        rejected.verdict = Verdict::BadSignature;
        m_store->recordDelivery(rejected);
        const StoreCounts counts = m_store->counts();
        QCOMPARE(counts.campaigns, 2);
        QCOMPARE(counts.leads, 7);
        QCOMPARE(counts.events, 2);
        QCOMPARE(counts.deliveries, 3);
        QVERIFY(!m_store->markCampaignSeen(424242));
        QVERIFY2(m_store->checkpoint(), qPrintable(m_store->lastError()));
        QCOMPARE(m_store->counts().leads, 7);
    }

    void logSyncsItselfOnlyInWalMode()
    {
        // In WAL mode the log commits without fsync and syncs the log file after releasing the
        // write lock (WalSync); a database in another journal mode keeps COMMIT's own fsync.
        QCOMPARE(scalar(m_db, u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
        QCOMPARE(scalar(m_db, u"PRAGMA synchronous"_s).toInt(), 1); // NORMAL
        QCOMPARE(ingestOne(extractorEvent(u"e1"_s, u"c1"_s, 3)).outcome,
                 EventStore::Outcome::Stored);

        m_store.reset();
        QSqlQuery query(m_db);
        QVERIFY2(query.exec(u"PRAGMA journal_mode = DELETE"_s),
                 qPrintable(query.lastError().text()));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), u"delete"_s);
        query.finish();
        QVERIFY(query.exec(u"PRAGMA synchronous = FULL"_s));
        m_store = std::make_unique<EventStore>(m_db);
        QCOMPARE(scalar(m_db, u"PRAGMA synchronous"_s).toInt(), 2); // FULL
        QCOMPARE(ingestOne(extractorEvent(u"e2"_s, u"c2"_s, 2)).outcome,
                 EventStore::Outcome::Stored);
        QCOMPARE(m_store->counts().leads, 5);
    }

    void reopenKeepsEverything()
    {
        m_store->ingest({makeItem(extractorEvent(u"e1"_s, u"c1"_s, 25))});
        const QStringList before = dump(m_db);
        closeStore();
        openStore();
        QCOMPARE(dump(m_db), before);
        QCOMPARE(m_store->counts().leads, 25);
        QCOMPARE(ingestOne(extractorEvent(u"e1"_s, u"c1"_s, 25)).outcome,
                 EventStore::Outcome::Duplicate);
    }

    void tenThousandLeads()
    {
        const Event event = extractorEvent(u"evt_big"_s, u"camp_big"_s, 10'000);
        QCOMPARE(ingestOne(event).outcome, EventStore::Outcome::Stored);
        QCOMPARE(m_store->counts().leads, 10'000);
        QCOMPARE(scalar(m_db, u"SELECT lead_count FROM campaigns"_s).toLongLong(), 10'000);
        QCOMPARE(scalar(m_db, u"SELECT email_count FROM campaigns"_s).toLongLong(), 5'000);
        QCOMPARE(scalar(m_db, u"SELECT count(*) FROM leads_fts"_s).toLongLong(), 10'000);
        QCOMPARE(
            scalar(m_db, u"SELECT full_name FROM leads WHERE lead_id = 'lead_9999'"_s).toString(),
            u"First9999 Last9999"_s);
        QCOMPARE(ftsMatch(m_db, u"full_name: first9999"_s), QStringList {u"lead_9999"_s});
    }
};

QTEST_GUILESS_MAIN(TestEventStore)
#include "tst_eventstore.moc"
