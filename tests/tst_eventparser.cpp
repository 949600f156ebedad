// SPDX-License-Identifier: MIT
#include "sendpilot/eventparser.h"
#include "sendpilot/sampleevents.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QByteArray fixture(const QString &name)
{
    QFile file(QStringLiteral(LEADVIEWER_TEST_DATA) + "/events/"_L1 + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open fixture %s", qPrintable(file.fileName()));
    return file.readAll();
}

QDateTime utc(const char *iso)
{
    QDateTime t = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs);
    Q_ASSERT(t.isValid() && t.timeSpec() == Qt::UTC);
    return t;
}

QString optionalText(const std::optional<qint64> &n)
{
    return n ? QString::number(*n) : QString();
}

// Every field of a lead as text, keyed by its JSON name, so a test can say "this one is empty,
// all others are as before" in one comparison.
QMap<QString, QString> fieldsOf(const Lead &lead)
{
    QStringList experience;
    for (const Experience &e : lead.experience)
        experience.append(e.title + u'|' + e.company + u'|' + e.duration);
    QStringList education;
    for (const Education &e : lead.education)
        education.append(e.school + u'|' + e.degree);
    return {
        {u"id"_s, lead.id},
        {u"linkedin_identifier"_s, lead.linkedinIdentifier},
        {u"linkedin_url"_s, lead.linkedinUrl},
        {u"first_name"_s, lead.firstName},
        {u"last_name"_s, lead.lastName},
        {u"full_name"_s, lead.fullName},
        {u"headline"_s, lead.headline},
        {u"summary"_s, lead.summary},
        {u"location"_s, lead.location},
        {u"city"_s, lead.city},
        {u"country"_s, lead.country},
        {u"profile_picture_url"_s, lead.profilePictureUrl},
        {u"company"_s, lead.company},
        {u"job_position"_s, lead.jobPosition},
        {u"email"_s, lead.email},
        {u"phone"_s, lead.phone},
        {u"connections"_s, optionalText(lead.connections)},
        {u"followers"_s, optionalText(lead.followers)},
        {u"experience"_s, experience.join(u';')},
        {u"education"_s, education.join(u';')},
        {u"skills"_s, lead.skills.join(u';')},
    };
}

// The seed payload with its first lead's \a key replaced by the JSON \a valueJson (removed when
// \a valueJson is empty).
QByteArray seedWithLeadField(const QString &key, const QByteArray &valueJson)
{
    QJsonObject root
        = QJsonDocument::fromJson(fixture(u"lead_extractor_job_completed.json"_s)).object();
    QJsonObject data = root.value("data"_L1).toObject();
    QJsonArray leads = data.value("leads"_L1).toArray();
    QJsonObject lead = leads.at(0).toObject();
    if (valueJson.isEmpty())
        lead.remove(key);
    else
        lead.insert(key, QJsonDocument::fromJson("[" + valueJson + "]").array().at(0));
    leads.replace(0, lead);
    data.insert("leads"_L1, leads);
    root.insert("data"_L1, data);
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

QByteArray envelopeWithData(const QByteArray &dataJson,
                            const QByteArray &type = "lead_extractor.job.completed")
{
    return R"({"eventId":"evt_x","eventType":")" + type + R"(","data":)" + dataJson + "}";
}

Event parseOk(const QByteArray &body)
{
    const EventParseResult result = EventParser::parse(body);
    if (!result.ok())
        qWarning() << "unexpected parse error:" << result.error;
    return result.event.value_or(Event());
}

} // namespace

class TestEventParser : public QObject
{
    Q_OBJECT

private slots:
    void seedPayload();
    void eventKinds_data();
    void eventKinds();
    void eventFixtures_data();
    void eventFixtures();
    void leadFieldWrongTypes_data();
    void leadFieldWrongTypes();
    void lenientNumbers_data();
    void lenientNumbers();
    void arrayElements();
    void leadsThatAreNotObjects();
    void unicode();
    void megabyteString();
    void tenThousandLeads();
    void sampleActivitiesParse();
    void sampleAddressesSpellAccentsInAscii();
    void envelopeErrors_data();
    void envelopeErrors();
    void lenientEnvelope();
    void deepNesting();
    void parseTimestamp_data();
    void parseTimestamp();
};

void TestEventParser::seedPayload()
{
    const EventParseResult result
        = EventParser::parse(fixture(u"lead_extractor_job_completed.json"_s));
    QVERIFY2(result.ok(), qPrintable(result.error));
    QVERIFY(result.error.isEmpty());
    const Event &event = *result.event;
    QCOMPARE(event.eventId, u"evt_1708456789123_abc123def"_s);
    QCOMPARE(event.eventType, u"lead_extractor.job.completed"_s);
    QCOMPARE(event.kind, EventKind::LeadExtractorJobCompleted);
    QCOMPARE(event.timestamp, utc("2024-02-24T10:30:00.000Z"));
    QCOMPARE(event.workspaceId, u"ws_abc123xyz"_s);
    QVERIFY(!event.activity);
    QVERIFY(event.extractorJob);
    QCOMPARE(event.leadCount(), 1);

    const ExtractorJob &job = *event.extractorJob;
    QCOMPARE(job.campaignId, u"camp_abc123"_s);
    QCOMPARE(job.campaignName, u"Tech Startup Founders"_s);
    QCOMPARE(job.campaignType, u"SEARCH"_s);
    QCOMPARE(job.mode, u"with_enrichment"_s);
    QCOMPARE(
        job.searchUrls,
        QStringList {u"https://www.linkedin.com/search/results/people/?keywords=CEO%20startup"_s});
    QCOMPARE(job.totalLeadsExtracted, 100);
    QCOMPARE(job.totalLeadsEnriched, 95);
    QCOMPARE(job.requestedLimit, 100);
    QCOMPARE(job.startedAt, utc("2024-02-24T10:00:00.000Z"));
    QCOMPARE(job.completedAt, utc("2024-02-24T10:30:00.000Z"));
    QCOMPARE(job.durationMs, 1800000);
    QCOMPARE(job.credits.extraction, 100);
    QCOMPARE(job.credits.enrichment, 100);
    QCOMPARE(job.credits.total, 200);
    QCOMPARE(job.resultsUrl, u"/v1/lead-extractor/campaigns/camp_abc123/results"_s);
    QCOMPARE(job.skippedLeads, 0);

    const Lead &lead = job.leads.at(0);
    QCOMPARE(lead.id, u"lead_xyz789"_s);
    QCOMPARE(lead.linkedinIdentifier, u"johndoe"_s);
    QCOMPARE(lead.linkedinUrl, u"https://www.linkedin.com/in/johndoe"_s);
    QCOMPARE(lead.firstName, u"John"_s);
    QCOMPARE(lead.lastName, u"Doe"_s);
    QCOMPARE(lead.fullName, u"John Doe"_s);
    QCOMPARE(lead.headline, u"CEO at TechCorp | Building the future of AI"_s);
    QCOMPARE(lead.summary, u"Experienced technology executive with 15+ years..."_s);
    QCOMPARE(lead.location, u"San Francisco Bay Area"_s);
    QCOMPARE(lead.city, u"San Francisco"_s);
    QCOMPARE(lead.country, u"United States"_s);
    QCOMPARE(lead.profilePictureUrl, u"https://media.licdn.com/..."_s);
    QCOMPARE(lead.company, u"TechCorp Inc"_s);
    QCOMPARE(lead.jobPosition, u"CEO"_s);
    QCOMPARE(lead.email, u"john.doe@techcorp.com"_s);
    QCOMPARE(lead.phone, u"+1-555-123-4567"_s);
    QCOMPARE(lead.connections, std::optional<qint64>(500));
    QCOMPARE(lead.followers, std::optional<qint64>(12500));
    QCOMPARE(lead.experience.size(), 1);
    QCOMPARE(lead.experience.at(0).title, u"CEO"_s);
    QCOMPARE(lead.experience.at(0).company, u"TechCorp Inc"_s);
    QCOMPARE(lead.experience.at(0).duration, u"2020 - Present"_s);
    QCOMPARE(lead.education.size(), 1);
    QCOMPARE(lead.education.at(0).school, u"Stanford University"_s);
    QCOMPARE(lead.education.at(0).degree, u"MBA"_s);
    QCOMPARE(lead.skills, (QStringList {u"Leadership"_s, u"Strategy"_s, u"AI/ML"_s}));
}

void TestEventParser::eventKinds_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<EventKind>("kind");
    QTest::addColumn<QString>("canonical");

    const auto row = [](const char *type, EventKind kind, const char *canonical) {
        QTest::newRow(type) << QString::fromLatin1(type) << kind << QString::fromLatin1(canonical);
    };
    row("message.sent", EventKind::MessageSent, "message.sent");
    row("reply.received", EventKind::ReplyReceived, "reply.received");
    row("message.received", EventKind::ReplyReceived, "reply.received");
    row("connection_request.sent", EventKind::ConnectionSent, "connection_request.sent");
    row("connection.sent", EventKind::ConnectionSent, "connection_request.sent");
    row("connection_request.accepted", EventKind::ConnectionAccepted,
        "connection_request.accepted");
    row("connection.accepted", EventKind::ConnectionAccepted, "connection_request.accepted");
    row("campaign.started", EventKind::CampaignStarted, "campaign.started");
    row("campaign.paused", EventKind::CampaignPaused, "campaign.paused");
    row("campaign.resumed", EventKind::CampaignResumed, "campaign.resumed");
    row("campaign.finished", EventKind::CampaignFinished, "campaign.finished");
    row("lead.updated", EventKind::LeadUpdated, "lead.updated");
    row("lead.status.changed", EventKind::LeadUpdated, "lead.updated");
    row("lead.tag.updated", EventKind::LeadTagUpdated, "lead.tag.updated");
    row("lead_database.search.completed", EventKind::LeadDatabaseSearchCompleted,
        "lead_database.search.completed");
    row("lead_extractor.job.completed", EventKind::LeadExtractorJobCompleted,
        "lead_extractor.job.completed");
    row("lead_extractor.job.failed", EventKind::Unknown, "");
    row("Reply Received", EventKind::Unknown, "");
    row("MESSAGE.SENT", EventKind::Unknown, "");
    row("", EventKind::Unknown, "");
}

void TestEventParser::eventKinds()
{
    QFETCH(QString, type);
    QFETCH(EventKind, kind);
    QFETCH(QString, canonical);
    QCOMPARE(eventKindFromType(type), kind);
    QCOMPARE(canonicalEventType(kind), canonical);
}

void TestEventParser::eventFixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<EventKind>("kind");
    QTest::addColumn<QStringList>("fields"); // leadId campaignId campaignName linkedinUrl senderId
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("previousStatus");
    QTest::addColumn<QString>("newStatus");
    QTest::addColumn<QString>("actor");
    QTest::addColumn<QDateTime>("at");
    QTest::addColumn<QString>("totalLeads");
    QTest::addColumn<QString>("sequenceStep");

    const QString url = u"https://www.linkedin.com/in/john-doe"_s;
    const QStringList leadFields {u"lead_abc123"_s, u"camp_xyz789"_s, QString(), url,
                                  u"sender_def456"_s};
    const QStringList campaign {QString(), u"camp_xyz789"_s, u"Q1 Tech Founders Outreach"_s,
                                QString(), QString()};
    const QDateTime none;

    QTest::newRow("message.sent (new: message)")
        << u"message_sent.json"_s << EventKind::MessageSent << leadFields
        << u"Hi John! Thank you for connecting."_s << QString() << QString() << QString() << none
        << QString() << u"2"_s;
    QTest::newRow("message.sent (old: messagePreview)")
        << u"message_sent_old.json"_s << EventKind::MessageSent << leadFields
        << u"Hi John! Thank you for connecting. I wanted to reach out about..."_s << QString()
        << QString() << QString() << none << QString() << u"2"_s;
    QTest::newRow("reply.received (new: reply)")
        << u"reply_received.json"_s << EventKind::ReplyReceived << leadFields
        << u"Hi! Thanks for reaching out."_s << QString() << QString() << QString() << none
        << QString() << QString();
    QTest::newRow("message.received (old: replyPreview)")
        << u"message_received.json"_s << EventKind::ReplyReceived << leadFields
        << u"Thanks for reaching out! I would be interested in learning more about..."_s
        << QString() << QString() << QString() << none << QString() << QString();
    QTest::newRow("connection_request.sent (new, with note)")
        << u"connection_request_sent.json"_s << EventKind::ConnectionSent << leadFields
        << u"Hi John, I noticed we share an interest in SaaS growth..."_s << QString() << QString()
        << QString() << none << QString() << QString();
    QTest::newRow("connection.sent (old, no note)")
        << u"connection_sent.json"_s << EventKind::ConnectionSent << leadFields << QString()
        << QString() << QString() << QString() << none << QString() << QString();
    QTest::newRow("connection_request.accepted (new)")
        << u"connection_request_accepted.json"_s << EventKind::ConnectionAccepted << leadFields
        << QString() << QString() << QString() << QString() << utc("2024-02-24T10:29:00.000Z")
        << QString() << QString();
    QTest::newRow("connection.accepted (old, offset time)")
        << u"connection_accepted.json"_s << EventKind::ConnectionAccepted << leadFields << QString()
        << QString() << QString() << QString() << utc("2024-02-24T10:29:00.000Z") << QString()
        << QString();
    QTest::newRow("campaign.started")
        << u"campaign_started.json"_s << EventKind::CampaignStarted << campaign << QString()
        << QString() << QString() << QString() << utc("2024-02-24T10:00:00.000Z") << u"150"_s
        << QString();
    QTest::newRow("campaign.paused")
        << u"campaign_paused.json"_s << EventKind::CampaignPaused << campaign << QString()
        << QString() << QString() << u"system"_s << utc("2024-02-24T10:30:00.000Z") << QString()
        << QString();
    QTest::newRow("campaign.resumed")
        << u"campaign_resumed.json"_s << EventKind::CampaignResumed << campaign << QString()
        << QString() << QString() << u"user"_s << utc("2024-02-24T11:00:00.000Z") << QString()
        << QString();
    QTest::newRow("campaign.finished")
        << u"campaign_finished.json"_s << EventKind::CampaignFinished << campaign << QString()
        << QString() << QString() << QString() << utc("2024-02-25T10:00:00.000Z") << QString()
        << QString();
    QTest::newRow("lead.updated (new)")
        << u"lead_updated.json"_s << EventKind::LeadUpdated
        << QStringList {u"lead_abc123"_s, u"camp_xyz789"_s, QString(), url, QString()} << QString()
        << u"REPLY_RECEIVED"_s << u"OPPORTUNITY"_s << QString() << none << QString() << QString();
    QTest::newRow("lead.status.changed (old, changedBy)")
        << u"lead_status_changed.json"_s << EventKind::LeadUpdated
        << QStringList {u"lead_abc123"_s, u"camp_xyz789"_s, QString(), url, QString()} << QString()
        << u"MESSAGE_SENT"_s << u"REPLY_RECEIVED"_s << u"automation"_s << none << QString()
        << QString();
    QTest::newRow("lead.tag.updated")
        << u"lead_tag_updated.json"_s << EventKind::LeadTagUpdated
        << QStringList {u"lead_abc123"_s, QString(), QString(), url, QString()} << QString()
        << u"No Response"_s << u"Interested"_s << QString() << none << QString() << QString();
}

void TestEventParser::eventFixtures()
{
    QFETCH(QString, file);
    QFETCH(EventKind, kind);
    QFETCH(QStringList, fields);
    QFETCH(QString, text);
    QFETCH(QString, previousStatus);
    QFETCH(QString, newStatus);
    QFETCH(QString, actor);
    QFETCH(QDateTime, at);
    QFETCH(QString, totalLeads);
    QFETCH(QString, sequenceStep);

    const EventParseResult result = EventParser::parse(fixture(file));
    QVERIFY2(result.ok(), qPrintable(result.error));
    const Event &event = *result.event;
    QCOMPARE(event.kind, kind);
    QCOMPARE(event.timestamp, utc("2024-02-24T10:30:00.000Z"));
    QCOMPARE(event.workspaceId, u"ws_abc123xyz"_s);
    QVERIFY(!event.extractorJob);
    QCOMPARE(event.leadCount(), 0);
    QVERIFY(event.activity);
    const Activity &a = *event.activity;
    QCOMPARE((QStringList {a.leadId, a.campaignId, a.campaignName, a.linkedinUrl, a.senderId}),
             fields);
    QCOMPARE(a.text, text);
    QCOMPARE(a.previousStatus, previousStatus);
    QCOMPARE(a.newStatus, newStatus);
    QCOMPARE(a.actor, actor);
    QCOMPARE(a.at, at);
    QCOMPARE(optionalText(a.totalLeads), totalLeads);
    QCOMPARE(optionalText(a.sequenceStep), sequenceStep);
}

void TestEventParser::leadFieldWrongTypes_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("value");

    const QStringList strings {u"id"_s,           u"linkedin_identifier"_s,
                               u"linkedin_url"_s, u"first_name"_s,
                               u"last_name"_s,    u"full_name"_s,
                               u"headline"_s,     u"summary"_s,
                               u"location"_s,     u"city"_s,
                               u"country"_s,      u"profile_picture_url"_s,
                               u"company"_s,      u"job_position"_s,
                               u"email"_s,        u"phone"_s};
    const QStringList numbers {u"connections"_s, u"followers"_s};
    const QStringList arrays {u"experience"_s, u"education"_s, u"skills"_s};
    const QList<QByteArray> notStrings {"", "null", "42", "true", "[]", "[\"x\"]", "{}"};
    const QList<QByteArray> notNumbers {"",     "null", "\"abc\"", "\"12.5\"",
                                        "\"\"", "true", "[]",      "{}"};
    const QList<QByteArray> notArrays {"", "null", "\"Leadership\"", "5", "true", "{}"};

    const auto rows = [](const QStringList &keys, const QList<QByteArray> &values) {
        for (const QString &key : keys) {
            for (const QByteArray &value : values) {
                const QByteArray name
                    = key.toLatin1() + ": " + (value.isEmpty() ? QByteArray("absent") : value);
                QTest::newRow(name.constData()) << key << value;
            }
        }
    };
    rows(strings, notStrings);
    rows(numbers, notNumbers);
    rows(arrays, notArrays);
}

void TestEventParser::leadFieldWrongTypes()
{
    QFETCH(QString, key);
    QFETCH(QByteArray, value);

    const Event baseline = parseOk(fixture(u"lead_extractor_job_completed.json"_s));
    QMap<QString, QString> expected = fieldsOf(baseline.extractorJob->leads.at(0));
    QVERIFY(expected.contains(key));
    QVERIFY2(!expected.value(key).isEmpty(), "the seed must fill every field for this test");
    expected[key] = QString();

    const EventParseResult result = EventParser::parse(seedWithLeadField(key, value));
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.event->leadCount(), 1);
    QCOMPARE(fieldsOf(result.event->extractorJob->leads.at(0)), expected);
}

void TestEventParser::lenientNumbers_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("expected"); // empty: nullopt

    QTest::newRow("integer") << QByteArray("500") << u"500"_s;
    QTest::newRow("zero") << QByteArray("0") << u"0"_s;
    QTest::newRow("negative") << QByteArray("-3") << u"-3"_s;
    QTest::newRow("double with .0") << QByteArray("500.0") << u"500"_s;
    QTest::newRow("exponent") << QByteArray("1e3") << u"1000"_s;
    QTest::newRow("fraction truncated") << QByteArray("12.7") << u"12"_s;
    QTest::newRow("large integer exact") << QByteArray("9007199254740993") << u"9007199254740993"_s;
    QTest::newRow("beyond qint64") << QByteArray("1e300") << QString();
    QTest::newRow("string integer") << QByteArray("\"500\"") << u"500"_s;
    QTest::newRow("string with spaces") << QByteArray("\" 42 \"") << u"42"_s;
    QTest::newRow("string with fraction") << QByteArray("\"12.5\"") << QString();
    QTest::newRow("string with thousands separator") << QByteArray("\"1,234\"") << QString();
    QTest::newRow("string 500+") << QByteArray("\"500+\"") << QString();
}

void TestEventParser::lenientNumbers()
{
    QFETCH(QByteArray, value);
    QFETCH(QString, expected);
    const Event event = parseOk(seedWithLeadField(u"connections"_s, value));
    QVERIFY(event.extractorJob);
    QCOMPARE(optionalText(event.extractorJob->leads.at(0).connections), expected);

    // The job's counters take the same path.
    const Event job = parseOk(envelopeWithData(R"({"total_leads_extracted":)" + value + "}"));
    QCOMPARE(job.extractorJob->totalLeadsExtracted, expected.isEmpty() ? 0 : expected.toLongLong());
}

void TestEventParser::arrayElements()
{
    const QByteArray data = R"({"search_urls":["https://a", 1, null, {"u":"x"}, "https://b"],
        "credits_used": {"extraction": "7", "enrichment": null, "total": 7.0},
        "leads":[{"experience":[1, "x", null, [], {"title":"CTO","company":5}, {}],
                  "education":[true, {"school":"MIT"}, {"degree":["x"]}],
                  "skills":[1, null, "Go", {"name":"Rust"}, {"title":"x"}, {"name":7}, [], ""]}]})";
    const Event event = parseOk(envelopeWithData(data));
    QVERIFY(event.extractorJob);
    const ExtractorJob &job = *event.extractorJob;
    QCOMPARE(job.searchUrls, (QStringList {u"https://a"_s, u"https://b"_s}));
    QCOMPARE(job.credits.extraction, 7);
    QCOMPARE(job.credits.enrichment, 0);
    QCOMPARE(job.credits.total, 7);
    QCOMPARE(job.leads.size(), 1);
    const Lead &lead = job.leads.at(0);
    QCOMPARE(lead.experience.size(), 2);
    QCOMPARE(lead.experience.at(0).title, u"CTO"_s);
    QCOMPARE(lead.experience.at(0).company, QString());
    QCOMPARE(lead.experience.at(1).title, QString());
    QCOMPARE(lead.education.size(), 2);
    QCOMPARE(lead.education.at(0).school, u"MIT"_s);
    QCOMPARE(lead.education.at(1).degree, QString());
    // Empty strings are kept as sent; objects without a string name are skipped.
    QCOMPARE(lead.skills, (QStringList {u"Go"_s, u"Rust"_s, QString()}));
}

void TestEventParser::leadsThatAreNotObjects()
{
    const Event event = parseOk(
        envelopeWithData(R"({"leads":[1, null, "lead_1", {"id":"a"}, [], {"id":"b"}, true]})"));
    QVERIFY(event.extractorJob);
    QCOMPARE(event.leadCount(), 2);
    QCOMPARE(event.extractorJob->leads.at(0).id, u"a"_s);
    QCOMPARE(event.extractorJob->leads.at(1).id, u"b"_s);
    QCOMPARE(event.extractorJob->skippedLeads, 5);

    const Event notArray = parseOk(envelopeWithData(R"({"leads":{"id":"a"}})"));
    QCOMPARE(notArray.leadCount(), 0);
    QCOMPARE(notArray.extractorJob->skippedLeads, 0);
}

void TestEventParser::unicode()
{
    // Raw UTF-8 and \u escapes (with a surrogate pair) must give the same text.
    const QByteArray data = R"({"leads":[{
        "first_name":"Zoë 😀",
        "last_name":"Zo\u00eb \ud83d\ude00",
        "full_name":"محمد الأحمد",
        "headline":"e)"
                            "\xcc\x81"
                            R"( and \u0065\u0301",
        "company":"株式会社テスト",
        "skills":["Ünïcødé", "\u200f\u05e2\u05d1\u05e8\u05d9\u05ea"]}]})";
    const Event event = parseOk(envelopeWithData(data));
    QVERIFY(event.extractorJob);
    const Lead &lead = event.extractorJob->leads.at(0);
    QCOMPARE(lead.firstName, QString::fromUtf8("Zoë 😀"));
    QCOMPARE(lead.lastName, lead.firstName);
    QCOMPARE(lead.fullName, QString::fromUtf8("محمد الأحمد"));
    QCOMPARE(lead.headline, u"e\u0301 and e\u0301"_s); // combining mark kept, not normalised
    QCOMPARE(lead.company, QString::fromUtf8("株式会社テスト"));
    QCOMPARE(
        lead.skills,
        (QStringList {QString::fromUtf8("Ünïcødé"), u"\u200f\u05e2\u05d1\u05e8\u05d9\u05ea"_s}));
}

void TestEventParser::megabyteString()
{
    const QByteArray big(1024 * 1024, 'a');
    const Event event
        = parseOk(envelopeWithData(R"({"leads":[{"id":"x","summary":")" + big + R"("}]})"));
    QVERIFY(event.extractorJob);
    QCOMPARE(event.extractorJob->leads.at(0).summary.size(), big.size());
    QCOMPARE(event.extractorJob->leads.at(0).summary, QString::fromLatin1(big));

    // ...and as an eventType it is refused, not stored as a key.
    const EventParseResult huge
        = EventParser::parse(R"({"eventId":"e","eventType":")" + big + "\"}");
    QVERIFY(!huge.ok());
    QCOMPARE(huge.error, u"eventType is longer than 128 characters"_s);
}

void TestEventParser::tenThousandLeads()
{
    QElapsedTimer timer;
    timer.start();
    const QByteArray body = SampleEvents::extractorJob(u"evt_big"_s, u"camp_big"_s, 10'000, 7);
    const qint64 generateMs = timer.restart();
    const EventParseResult result = EventParser::parse(body);
    const qint64 parseMs = timer.elapsed();
    qInfo("10,000 leads: %lld bytes, generated in %lld ms, parsed in %lld ms",
          qlonglong(body.size()), qlonglong(generateMs), qlonglong(parseMs));

    // Real leads are ~1,050 bytes each.
    QVERIFY2(body.size() > 9'500'000 && body.size() < 12'000'000,
             qPrintable(QString::number(body.size())));
    QVERIFY2(result.ok(), qPrintable(result.error));
    const Event &event = *result.event;
    QCOMPARE(event.eventId, u"evt_big"_s);
    QCOMPARE(event.kind, EventKind::LeadExtractorJobCompleted);
    QVERIFY(qAbs(event.timestamp.secsTo(QDateTime::currentDateTimeUtc())) < 60);
    const ExtractorJob &job = *event.extractorJob;
    QCOMPARE(job.campaignId, u"camp_big"_s);
    QCOMPARE(job.leads.size(), 10'000);
    QCOMPARE(job.totalLeadsExtracted, 10'000);
    QCOMPARE(job.skippedLeads, 0);
    QCOMPARE(job.resultsUrl, u"/v1/lead-extractor/campaigns/camp_big/results"_s);
    QVERIFY(job.startedAt.isValid() && job.startedAt < job.completedAt);

    // No time limit here: a timed assertion fails on a loaded machine and proves nothing on an
    // idle one. bench_pipeline measures the parse (Release, median of several runs).

    // Spot lead: every field filled as a real enriched lead would be.
    const Lead &spot = job.leads.at(1234);
    QCOMPARE(spot.id, u"lead_7_1234"_s);
    QVERIFY(!spot.firstName.isEmpty() && !spot.lastName.isEmpty());
    QCOMPARE(spot.fullName, spot.firstName + u' ' + spot.lastName);
    QCOMPARE(spot.linkedinUrl, "https://www.linkedin.com/in/"_L1 + spot.linkedinIdentifier);
    QVERIFY(spot.headline.startsWith(spot.jobPosition + " at "_L1 + spot.company));
    QVERIFY(!spot.summary.isEmpty() && !spot.location.isEmpty() && !spot.city.isEmpty());
    QVERIFY(spot.profilePictureUrl.startsWith("https://media.licdn.com/"_L1));
    QVERIFY(spot.connections && spot.followers);
    QVERIFY(spot.experience.size() >= 2 && spot.experience.size() <= 3);
    QCOMPARE(spot.experience.at(0).company, spot.company);
    QVERIFY(spot.education.size() >= 1 && spot.education.size() <= 2);
    QVERIFY(spot.skills.size() >= 3 && spot.skills.size() <= 6);

    int emails = 0;
    int phones = 0;
    QSet<QString> ids;
    for (const Lead &lead : job.leads) {
        emails += lead.email.isEmpty() ? 0 : 1;
        phones += lead.phone.isEmpty() ? 0 : 1;
        ids.insert(lead.id);
    }
    QCOMPARE(ids.size(), 10'000);
    QVERIFY2(emails > 7'500 && emails < 8'500, qPrintable(QString::number(emails)));
    QVERIFY2(phones > 4'500 && phones < 5'500, qPrintable(QString::number(phones)));

    // Deterministic: lead i depends on the seed only, not on how many leads were asked for.
    const Event smaller
        = parseOk(SampleEvents::extractorJob(u"evt_small"_s, u"camp_big"_s, 1235, 7));
    QCOMPARE(fieldsOf(smaller.extractorJob->leads.at(1234)), fieldsOf(spot));
    const Event otherSeed
        = parseOk(SampleEvents::extractorJob(u"evt_small"_s, u"camp_big"_s, 1235, 8));
    QVERIFY(fieldsOf(otherSeed.extractorJob->leads.at(1234)) != fieldsOf(spot));
}

// The sample's names carry accents (Zoë López, Łukasz); its addresses and profile URLs spell
// them in ASCII (zoe.lopez@), as people's do, instead of dropping the letters (zo.lpez@).
void TestEventParser::sampleAddressesSpellAccentsInAscii()
{
    const Event event = parseOk(SampleEvents::extractorJob(u"evt_names"_s, u"camp_n"_s, 400, 3));
    QVERIFY(event.extractorJob);
    const QRegularExpression address(u"^[a-z]+\\.[a-z]+@[a-z]+\\.com$"_s);
    int accented = 0;
    for (const Lead &lead : event.extractorJob->leads) {
        const QString name = lead.firstName + lead.lastName;
        const bool ascii
            = std::all_of(name.cbegin(), name.cend(), [](QChar c) { return c.unicode() < 0x80; });
        if (!ascii && !lead.email.isEmpty())
            ++accented;
        if (lead.firstName == u"Zo\u00EB"_s && lead.lastName == u"L\u00F3pez"_s
            && !lead.email.isEmpty())
            QVERIFY2(lead.email.startsWith(u"zoe.lopez@"_s), qPrintable(lead.email));
        if (lead.firstName == u"\u0141ukasz"_s)
            QVERIFY2(lead.linkedinUrl.contains(u"/in/lukasz-"_s), qPrintable(lead.linkedinUrl));
        if (!lead.email.isEmpty()) {
            const QString local = lead.email.section(u'@', 0, 0);
            QVERIFY2(address.match(lead.email).hasMatch(), qPrintable(lead.email));
            // Every letter of the name is there: "obrien" for O'Brien, "muller" for Müller.
            QCOMPARE(local.size() - 1, std::count_if(name.cbegin(), name.cend(), [](QChar c) {
                         return c.isLetter();
                     }));
        }
    }
    QVERIFY(accented > 10); // the sample does hold accented names
}

void TestEventParser::sampleActivitiesParse()
{
    const QStringList types {u"message.sent"_s,
                             u"reply.received"_s,
                             u"message.received"_s,
                             u"connection_request.sent"_s,
                             u"connection.sent"_s,
                             u"connection_request.accepted"_s,
                             u"connection.accepted"_s,
                             u"campaign.started"_s,
                             u"campaign.paused"_s,
                             u"campaign.resumed"_s,
                             u"campaign.finished"_s,
                             u"lead.updated"_s,
                             u"lead.status.changed"_s,
                             u"lead.tag.updated"_s,
                             u"lead_database.search.completed"_s,
                             u"lead_extractor.job.completed"_s,
                             u"some.future.event"_s};
    for (const QString &type : types) {
        const QByteArray body = SampleEvents::activity(u"evt_\"quoted\""_s, type, 3);
        QCOMPARE(SampleEvents::activity(u"evt_\"quoted\""_s, type, 3).size(), body.size());
        const EventParseResult result = EventParser::parse(body);
        QVERIFY2(result.ok(), qPrintable(type + u": "_s + result.error));
        QCOMPARE(result.event->eventId, u"evt_\"quoted\""_s);
        QCOMPARE(result.event->eventType, type);
        QCOMPARE(result.event->kind, eventKindFromType(type));
        if (result.event->kind == EventKind::Unknown) {
            QVERIFY(!result.event->activity && !result.event->extractorJob);
        } else if (result.event->kind == EventKind::LeadExtractorJobCompleted) {
            QCOMPARE(result.event->leadCount(), 3);
        } else if (result.event->kind == EventKind::LeadDatabaseSearchCompleted) {
            QVERIFY(!result.event->activity && result.event->extractorJob);
            QCOMPARE(result.event->extractorJob->source, CampaignSource::LeadDatabase);
            QVERIFY(result.event->extractorJob->campaignId.startsWith(u"search_"_s));
        } else {
            QVERIFY(result.event->activity);
            const Activity &a = *result.event->activity;
            QVERIFY2(!a.campaignId.isEmpty() || !a.leadId.isEmpty(), qPrintable(type));
        }
    }
    // Old names carry the old fields, and they still fold into the same Activity fields.
    const Event old = parseOk(SampleEvents::activity(u"e"_s, u"message.received"_s));
    QVERIFY(!old.activity->text.isEmpty());
    QVERIFY(SampleEvents::activity(u"e"_s, u"message.received"_s).contains("\"replyPreview\""));
    QVERIFY(SampleEvents::activity(u"e"_s, u"reply.received"_s).contains("\"reply\""));
    QCOMPARE(parseOk(SampleEvents::activity(u"e"_s, u"lead.status.changed"_s)).activity->actor,
             u"api"_s);
}

void TestEventParser::envelopeErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error"); // exact, or a prefix when it ends with "..."

    QTest::newRow("empty body") << QByteArray() << u"body is not valid JSON: ..."_s;
    QTest::newRow("not JSON") << QByteArray("hello") << u"body is not valid JSON: ..."_s;
    QTest::newRow("truncated object")
        << QByteArray(R"({"eventId":"e","eventType":)") << u"body is not valid JSON: ..."_s;
    QTest::newRow("garbage after object")
        << QByteArray(R"({"eventId":"e","eventType":"t"} x)") << u"body is not valid JSON: ..."_s;
    QTest::newRow("form-encoded") << QByteArray("eventId=e&eventType=t")
                                  << u"body is not valid JSON: ..."_s;
    QTest::newRow("array") << QByteArray(R"([{"eventId":"e","eventType":"t"}])")
                           << u"body is not a JSON object"_s;
    QTest::newRow("empty array") << QByteArray("[]") << u"body is not a JSON object"_s;
    QTest::newRow("missing eventId")
        << QByteArray(R"({"eventType":"message.sent"})") << u"eventId is missing"_s;
    QTest::newRow("eventId null") << QByteArray(R"({"eventId":null,"eventType":"message.sent"})")
                                  << u"eventId is not a string"_s;
    QTest::newRow("eventId number") << QByteArray(R"({"eventId":42,"eventType":"message.sent"})")
                                    << u"eventId is not a string"_s;
    QTest::newRow("eventId empty")
        << QByteArray(R"({"eventId":"","eventType":"message.sent"})") << u"eventId is empty"_s;
    QTest::newRow("eventId 513 chars")
        << QByteArray(R"({"eventId":")" + QByteArray(513, 'e') + R"(","eventType":"x"})")
        << u"eventId is longer than 512 characters"_s;
    QTest::newRow("missing eventType")
        << QByteArray(R"({"eventId":"e"})") << u"eventType is missing"_s;
    QTest::newRow("eventType empty")
        << QByteArray(R"({"eventId":"e","eventType":""})") << u"eventType is empty"_s;
    QTest::newRow("eventType array")
        << QByteArray(R"({"eventId":"e","eventType":["message.sent"]})")
        << u"eventType is not a string"_s;
    QTest::newRow("data array") << QByteArray(
        R"({"eventId":"e","eventType":"message.sent","data":[]})")
                                << u"data is not an object"_s;
    QTest::newRow("data string") << QByteArray(
        R"({"eventId":"e","eventType":"message.sent","data":"{}"})")
                                 << u"data is not an object"_s;
    QTest::newRow("data null") << QByteArray(R"({"eventId":"e","eventType":"x.y","data":null})")
                               << u"data is not an object"_s;
}

void TestEventParser::envelopeErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    const EventParseResult result = EventParser::parse(body);
    QVERIFY(!result.ok());
    if (error.endsWith("..."_L1)) {
        QVERIFY2(result.error.startsWith(error.chopped(3)), qPrintable(result.error));
        QVERIFY2(result.error.contains(" at offset "_L1), qPrintable(result.error));
    } else {
        QCOMPARE(result.error, error);
    }
}

void TestEventParser::lenientEnvelope()
{
    // The JSON error text is Qt's own message plus the byte offset, for the 400 body.
    const QByteArray brokenBody = R"({"eventId": 'e'})";
    QJsonParseError qtError;
    QJsonDocument::fromJson(brokenBody, &qtError);
    QCOMPARE(qtError.offset, 12);
    QCOMPARE(EventParser::parse(brokenBody).error,
             "body is not valid JSON: "_L1 + qtError.errorString() + " at offset 12"_L1);

    const Event minimal = parseOk(R"({"eventId":"e","eventType":"campaign.paused"})");
    QCOMPARE(minimal.kind, EventKind::CampaignPaused);
    QVERIFY(!minimal.timestamp.isValid());
    QVERIFY(minimal.workspaceId.isEmpty());
    QVERIFY(minimal.activity);
    QVERIFY(minimal.activity->campaignId.isEmpty());

    const Event odd = parseOk(
        R"({"eventId":"e","eventType":"campaign.paused","timestamp":12345,"workspaceId":7,"extra":[1]})");
    QVERIFY(!odd.timestamp.isValid());
    QVERIFY(odd.workspaceId.isEmpty());

    const Event emptyJob = parseOk(R"({"eventId":"e","eventType":"lead_extractor.job.completed"})");
    QVERIFY(emptyJob.extractorJob);
    QCOMPARE(emptyJob.leadCount(), 0);

    const EventParseResult unknown = EventParser::parse(fixture(u"unknown_type.json"_s));
    QVERIFY2(unknown.ok(), qPrintable(unknown.error));
    QCOMPARE(unknown.event->kind, EventKind::Unknown);
    QCOMPARE(unknown.event->eventType, u"lead_extractor.job.failed"_s);
    QCOMPARE(unknown.event->eventId, u"evt_17"_s);
    QVERIFY(!unknown.event->activity);
    QVERIFY(!unknown.event->extractorJob);
}

void TestEventParser::deepNesting()
{
    // Must fail cleanly (Qt's parser limits depth), not overflow the stack.
    const QByteArray arrays(100'000, '[');
    QVERIFY(!EventParser::parse(arrays).ok());
    QByteArray balanced = QByteArray(100'000, '[') + QByteArray(100'000, ']');
    QVERIFY(!EventParser::parse(balanced).ok());
    QByteArray inData = R"({"eventId":"e","eventType":"message.sent","data":{"x":)"
        + QByteArray(100'000, '[') + QByteArray(100'000, ']') + "}}";
    const EventParseResult nested = EventParser::parse(inData);
    QVERIFY(!nested.ok());
    QVERIFY2(nested.error.startsWith("body is not valid JSON: "_L1), qPrintable(nested.error));
}

void TestEventParser::parseTimestamp_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDateTime>("expected"); // invalid: rejected

    const QDateTime t = QDateTime::fromMSecsSinceEpoch(1708770600000, Qt::UTC); // 10:30Z
    QTest::newRow("ms and Z") << u"2024-02-24T10:30:00.000Z"_s << t;
    QTest::newRow("no ms, Z") << u"2024-02-24T10:30:00Z"_s << t;
    QTest::newRow("ms kept") << u"2024-02-24T10:30:00.250Z"_s << t.addMSecs(250);
    QTest::newRow("positive offset") << u"2024-02-24T12:30:00+02:00"_s << t;
    QTest::newRow("negative offset with ms")
        << u"2024-02-24T05:30:00.500-05:00"_s << t.addMSecs(500);
    QTest::newRow("offset crossing midnight") << u"2024-02-25T01:30:00+15:00"_s << t;
    QTest::newRow("surrounding spaces") << u" 2024-02-24T10:30:00Z "_s << t;
    QTest::newRow("no zone") << u"2024-02-24T10:30:00"_s << QDateTime();
    QTest::newRow("date only") << u"2024-02-24"_s << QDateTime();
    QTest::newRow("empty") << QString() << QDateTime();
    QTest::newRow("words") << u"yesterday"_s << QDateTime();
    QTest::newRow("February 30") << u"2024-02-30T10:30:00Z"_s << QDateTime();
    QTest::newRow("epoch number as text") << u"1708770600"_s << QDateTime();
}

void TestEventParser::parseTimestamp()
{
    QFETCH(QString, text);
    QFETCH(QDateTime, expected);
    const QDateTime parsed = EventParser::parseTimestamp(text);
    QCOMPARE(parsed.isValid(), expected.isValid());
    if (expected.isValid()) {
        QCOMPARE(parsed, expected);
        QCOMPARE(parsed.timeSpec(), Qt::UTC);
    }
}

QTEST_GUILESS_MAIN(TestEventParser)
#include "tst_eventparser.moc"
