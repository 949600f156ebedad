// SPDX-License-Identifier: MIT
#include "models/leadprofile.h"
#include "store/database.h"
#include "store/eventstore.h"

#include "checks.h"
#include "fixtures.h"
#include "storedowngrade.h"
#include "tempstore.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 T0 = TestSupport::FixtureTimeMs;

/// A sample job of \a leads leads under \a campaignName, received at \a receivedAt.
EventStore::Item namedJob(const QString &eventId, const QString &campaignId,
                          const QString &campaignName, int leads, quint32 seed, qint64 receivedAt)
{
    EventStore::Item item
        = TestSupport::sampleJobItem(eventId, campaignId, leads, seed, receivedAt);
    item.event.extractorJob->campaignName = campaignName;
    return item;
}

Lead fullLead()
{
    Lead lead;
    lead.id = u"lead_ada"_s;
    lead.linkedinIdentifier = u"ada-lovelace-1815"_s;
    lead.linkedinUrl = u"https://www.linkedin.com/in/ada-lovelace-1815"_s;
    lead.firstName = u"Ada"_s;
    lead.lastName = u"Lovelace"_s;
    lead.fullName = u"Ada Lovelace"_s;
    lead.headline = u"First programmer | Analytical Engine"_s;
    lead.summary = u"Notes on the \"Analytical Engine\",\nwith a program.\tTabs and ünïcödé."_s;
    lead.location = u"London, England, United Kingdom"_s;
    lead.city = u"London"_s;
    lead.country = u"United Kingdom"_s;
    lead.profilePictureUrl = u"https://media.example.com/ada.jpg"_s;
    lead.company = u"Babbage & Co"_s;
    lead.jobPosition = u"Mathematician"_s;
    lead.email = u"ada@example.com"_s;
    lead.phone = u"+44 20 7946 0000"_s;
    lead.connections = 500;
    lead.followers = 12345;
    lead.experience = {{u"Mathematician"_s, u"Babbage & Co"_s, u"1842 - 1843"_s},
                       {u"Translator"_s, u"Taylor's \"Scientific Memoirs\""_s, QString()}};
    lead.education = {{u"Home schooling"_s, u"Mathematics"_s}};
    lead.skills = {u"Mathematics"_s, u"Poetical science"_s, u"C++"_s};
    return lead;
}

} // namespace

class TestLeadProfile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void everyField();
    void campaignsOfTheSamePerson();
    void matchOnIdentifierOnly();
    void emptyIdentitiesMatchNothing();
    void missingNumbersAndLists();
    void unknownRow();
    void closedDatabase();
    void failedQueryIsNotNotFound_data();
    void failedQueryIsNotNotFound();
    void initials_data();
    void initials();
    // Last: these add campaigns to the fixture.
    void sameLeadIdIsNotTheSamePerson();
    void identifierCaseAndFormDoNotSplitAPerson();
    void identityLookupsUseIndexes();
    void identifierFromUrl_data();
    void identifierFromUrl();
    void normalizedIdentifier_data();
    void normalizedIdentifier();
    void migrationNormalisesStoredIdentifiers();

private:
    qint64 rowId(const QString &campaignId, const QString &leadId) const;
    qint64 campaignRowId(const QString &campaignId) const;

    QTemporaryDir m_dir;
    QSqlDatabase m_db;
};

void TestLeadProfile::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    m_db = Database::open(m_dir.filePath(u"leads.sqlite"_s), u"profile"_s,
                          Database::Access::ReadWrite, &error);
    QVERIFY2(m_db.isOpen(), qPrintable(error));

    QList<EventStore::Item> items {
        namedJob(u"evt_old"_s, u"camp_old"_s, u"Old campaign"_s, 5, 1, T0),
        namedJob(u"evt_new"_s, u"camp_new"_s, u"New campaign"_s, 5, 2, T0 + 3600000),
        namedJob(u"evt_other"_s, u"camp_other"_s, u"Other campaign"_s, 5, 3, T0 + 1800000),
        namedJob(u"evt_id"_s, u"camp_id"_s, u"Identifier campaign"_s, 3, 4, T0 + 60000),
    };
    // Ada in camp_old (every field) and in camp_new under another lead id, with only her URL
    // (in the internal form SendPilot has been seen to send): the store keys her by its slug.
    items[0].event.extractorJob->leads[0] = fullLead();
    Lead again = fullLead();
    again.id = u"lead_ada_2"_s;
    again.linkedinIdentifier.clear();
    again.linkedinUrl = u"in/ada-lovelace-1815?miniProfileUrn=urn%3Ali%3Afs_miniProfile%3AACo"_s;
    again.headline = u"Countess of Lovelace"_s;
    items[1].event.extractorJob->leads[3] = again;
    // Bob in camp_other only; Carol in camp_id and camp_new, matched by identifier only.
    Lead &bob = items[2].event.extractorJob->leads[0];
    bob.id = u"lead_bob"_s;
    bob.fullName = u"Bob Builder"_s;
    Lead &carol = items[3].event.extractorJob->leads[0];
    carol.id = u"lead_carol"_s;
    carol.linkedinIdentifier = u"carol-c"_s;
    carol.linkedinUrl.clear();
    Lead carol2 = carol;
    carol2.id = u"lead_carol_2"_s;
    items[1].event.extractorJob->leads[4] = carol2;
    // Two leads without any URL or identifier in different campaigns: not the same person.
    for (int i : {1, 2}) {
        Lead &anon = items[i == 1 ? 2 : 3].event.extractorJob->leads[i];
        anon.id = u"anon_%1"_s.arg(i);
        anon.linkedinUrl.clear();
        anon.linkedinIdentifier.clear();
        anon.followers.reset();
        anon.connections.reset();
        anon.experience.clear();
        anon.education.clear();
        anon.skills.clear();
    }
    EventStore store(m_db);
    for (const EventStore::ItemResult &result : store.ingest(items))
        QCOMPARE(result.outcome, EventStore::Outcome::Stored);
}

void TestLeadProfile::cleanupTestCase()
{
    m_db = {};
    Database::close(u"profile"_s);
}

qint64 TestLeadProfile::rowId(const QString &campaignId, const QString &leadId) const
{
    QSqlQuery query(m_db);
    query.prepare(u"SELECT l.id FROM leads l JOIN campaigns c ON c.id = l.campaign"
                  " WHERE c.campaign_id = ? AND l.lead_id = ?"_s);
    query.addBindValue(campaignId);
    query.addBindValue(leadId);
    if (!query.exec() || !query.next())
        return 0;
    return query.value(0).toLongLong();
}

qint64 TestLeadProfile::campaignRowId(const QString &campaignId) const
{
    QSqlQuery query(m_db);
    query.prepare(u"SELECT id FROM campaigns WHERE campaign_id = ?"_s);
    query.addBindValue(campaignId);
    if (!query.exec() || !query.next())
        return 0;
    return query.value(0).toLongLong();
}

void TestLeadProfile::everyField()
{
    const qint64 id = rowId(u"camp_old"_s, u"lead_ada"_s);
    QVERIFY(id > 0);
    const std::optional<LeadProfile> profile = LeadProfiles::load(m_db, id).profile;
    QVERIFY(profile);
    QCOMPARE(profile->rowId, id);
    const Lead expected = fullLead();
    const Lead &lead = profile->lead;
    QCOMPARE(lead.id, expected.id);
    QCOMPARE(lead.linkedinIdentifier, expected.linkedinIdentifier);
    QCOMPARE(lead.linkedinUrl, expected.linkedinUrl);
    QCOMPARE(lead.firstName, expected.firstName);
    QCOMPARE(lead.lastName, expected.lastName);
    QCOMPARE(lead.fullName, expected.fullName);
    QCOMPARE(lead.headline, expected.headline);
    QCOMPARE(lead.summary, expected.summary);
    QCOMPARE(lead.location, expected.location);
    QCOMPARE(lead.city, expected.city);
    QCOMPARE(lead.country, expected.country);
    QCOMPARE(lead.profilePictureUrl, expected.profilePictureUrl);
    QCOMPARE(lead.company, expected.company);
    QCOMPARE(lead.jobPosition, expected.jobPosition);
    QCOMPARE(lead.email, expected.email);
    QCOMPARE(lead.phone, expected.phone);
    QCOMPARE(lead.connections, expected.connections);
    QCOMPARE(lead.followers, expected.followers);
    QCOMPARE(lead.experience.size(), 2);
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(lead.experience[i].title, expected.experience[i].title);
        QCOMPARE(lead.experience[i].company, expected.experience[i].company);
        QCOMPARE(lead.experience[i].duration, expected.experience[i].duration);
    }
    QCOMPARE(lead.education.size(), 1);
    QCOMPARE(lead.education[0].school, expected.education[0].school);
    QCOMPARE(lead.education[0].degree, expected.education[0].degree);
    QCOMPARE(lead.skills, expected.skills);
}

void TestLeadProfile::campaignsOfTheSamePerson()
{
    // From either row: both campaigns, newest first, each once.
    for (const auto &[campaign, leadId] :
         {std::pair {u"camp_old"_s, u"lead_ada"_s}, std::pair {u"camp_new"_s, u"lead_ada_2"_s}}) {
        const std::optional<LeadProfile> profile
            = LeadProfiles::load(m_db, rowId(campaign, leadId)).profile;
        QVERIFY(profile);
        QCOMPARE(profile->campaigns.size(), 2);
        QCOMPARE(profile->campaigns[0].campaignId, u"camp_new"_s);
        QCOMPARE(profile->campaigns[0].name, u"New campaign"_s);
        QCOMPARE(profile->campaigns[0].rowId, campaignRowId(u"camp_new"_s));
        QCOMPARE(profile->campaigns[0].receivedAtMs, T0 + 3600000);
        QCOMPARE(profile->campaigns[1].campaignId, u"camp_old"_s);
        QCOMPARE(profile->campaigns[1].receivedAtMs, T0);
    }
    // The row's own lead is the one loaded.
    QCOMPARE(LeadProfiles::load(m_db, rowId(u"camp_new"_s, u"lead_ada_2"_s)).profile->lead.headline,
             u"Countess of Lovelace"_s);

    // Someone in one campaign only.
    const std::optional<LeadProfile> bob
        = LeadProfiles::load(m_db, rowId(u"camp_other"_s, u"lead_bob"_s)).profile;
    QVERIFY(bob);
    QCOMPARE(bob->campaigns.size(), 1);
    QCOMPARE(bob->campaigns[0].campaignId, u"camp_other"_s);
}

void TestLeadProfile::matchOnIdentifierOnly()
{
    const std::optional<LeadProfile> carol
        = LeadProfiles::load(m_db, rowId(u"camp_id"_s, u"lead_carol"_s)).profile;
    QVERIFY(carol);
    QVERIFY(carol->lead.linkedinUrl.isEmpty());
    QCOMPARE(carol->campaigns.size(), 2);
    QCOMPARE(carol->campaigns[0].campaignId, u"camp_new"_s);
    QCOMPARE(carol->campaigns[1].campaignId, u"camp_id"_s);
}

void TestLeadProfile::emptyIdentitiesMatchNothing()
{
    for (const auto &[campaign, leadId] :
         {std::pair {u"camp_other"_s, u"anon_1"_s}, std::pair {u"camp_id"_s, u"anon_2"_s}}) {
        const std::optional<LeadProfile> anon
            = LeadProfiles::load(m_db, rowId(campaign, leadId)).profile;
        QVERIFY(anon);
        QCOMPARE(anon->campaigns.size(), 1);
        QCOMPARE(anon->campaigns[0].campaignId, campaign);
    }
}

void TestLeadProfile::missingNumbersAndLists()
{
    const std::optional<LeadProfile> anon
        = LeadProfiles::load(m_db, rowId(u"camp_other"_s, u"anon_1"_s)).profile;
    QVERIFY(anon);
    QVERIFY(!anon->lead.followers.has_value());
    QVERIFY(!anon->lead.connections.has_value());
    QVERIFY(anon->lead.experience.isEmpty());
    QVERIFY(anon->lead.education.isEmpty());
    QVERIFY(anon->lead.skills.isEmpty());
}

void TestLeadProfile::unknownRow()
{
    using Status = LeadProfiles::LoadResult::Status;
    for (const qint64 id : {qint64(987654321), qint64(0)}) {
        const LeadProfiles::LoadResult result = LeadProfiles::load(m_db, id);
        QVERIFY(!result.profile);
        QCOMPARE(result.status, Status::NotFound);
        QVERIFY(result.error.isEmpty());
    }
}

void TestLeadProfile::closedDatabase()
{
    const LeadProfiles::LoadResult result = LeadProfiles::load(QSqlDatabase(), 1);
    QVERIFY(!result.profile);
    QCOMPARE(result.status, LeadProfiles::LoadResult::Status::Failed);
    QVERIFY(!result.error.isEmpty());
}

void TestLeadProfile::failedQueryIsNotNotFound_data()
{
    QTest::addColumn<QString>("table");
    QTest::newRow("the lead's row") << u"leads"_s;
    QTest::newRow("the person's campaigns") << u"campaigns"_s;
}

// A damaged store (here: a table gone) is a failure the pane reports, not "no such lead".
void TestLeadProfile::failedQueryIsNotNotFound()
{
    QFETCH(QString, table);
    QTemporaryDir dir;
    QString error;
    {
        QSqlDatabase db = Database::open(dir.filePath(u"broken.sqlite"_s), u"broken_"_s + table,
                                         Database::Access::ReadWrite, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        EventStore store(db);
        store.ingest({namedJob(u"evt_b"_s, u"camp_b"_s, u"B"_s, 1, 9, T0)});
        QSqlQuery query(db);
        QVERIFY(query.exec(u"SELECT id FROM leads"_s) && query.next());
        const qint64 id = query.value(0).toLongLong();
        QCOMPARE(LeadProfiles::load(db, id).status, LeadProfiles::LoadResult::Status::Found);

        QVERIFY(query.exec(u"ALTER TABLE %1 RENAME TO %1_gone"_s.arg(table)));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"Lead profile query failed"_s));
        const LeadProfiles::LoadResult result = LeadProfiles::load(db, id);
        QCOMPARE(result.status, LeadProfiles::LoadResult::Status::Failed);
        QVERIFY(!result.profile);
        QVERIFY2(result.error.contains(u"no such table: "_s + table), qPrintable(result.error));
    }
    Database::close(u"broken_"_s + table);
}

void TestLeadProfile::initials_data()
{
    QTest::addColumn<QString>("fullName");
    QTest::addColumn<QString>("firstName");
    QTest::addColumn<QString>("lastName");
    QTest::addColumn<QString>("email");
    QTest::addColumn<QString>("expected");
    QTest::newRow("two words") << u"John Doe"_s << QString() << QString() << QString() << u"JD"_s;
    QTest::newRow("lower case") << u"john doe"_s << QString() << QString() << QString() << u"JD"_s;
    QTest::newRow("three words") << u"Jean Claude Van Damme"_s << QString() << QString()
                                 << QString() << u"JC"_s;
    QTest::newRow("one word") << u"Madonna"_s << QString() << QString() << QString() << u"M"_s;
    QTest::newRow("extra spaces") << u"  Ada   Lovelace  "_s << QString() << QString() << QString()
                                  << u"AL"_s;
    QTest::newRow("accents") << u"élodie Ñandú"_s << QString() << QString() << QString() << u"ÉÑ"_s;
    QTest::newRow("name wins over email")
        << u"Ada Lovelace"_s << QString() << QString() << u"zz@example.com"_s << u"AL"_s;
    QTest::newRow("first and last")
        << QString() << u"Grace"_s << u"Hopper"_s << QString() << u"GH"_s;
    QTest::newRow("first only") << QString() << u"Grace"_s << QString() << QString() << u"G"_s;
    QTest::newRow("email dotted") << QString() << QString() << QString()
                                  << u"john.doe@example.com"_s << u"JD"_s;
    QTest::newRow("email underscore")
        << QString() << QString() << QString() << u"mary_ann_smith@example.com"_s << u"MA"_s;
    QTest::newRow("email one word")
        << QString() << QString() << QString() << u"sales@example.com"_s << u"S"_s;
    QTest::newRow("email punctuation first")
        << QString() << QString() << QString() << u".-x@example.com"_s << u"X"_s;
    QTest::newRow("nothing") << QString() << QString() << QString() << QString() << QString();
}

void TestLeadProfile::initials()
{
    QFETCH(QString, fullName);
    QFETCH(QString, firstName);
    QFETCH(QString, lastName);
    QFETCH(QString, email);
    QFETCH(QString, expected);
    Lead lead;
    lead.fullName = fullName;
    lead.firstName = firstName;
    lead.lastName = lastName;
    lead.email = email;
    QCOMPARE(LeadProfiles::initials(lead), expected);
}

void TestLeadProfile::sameLeadIdIsNotTheSamePerson()
{
    // SendPilot documents its lead id only as a "unique lead identifier"; in test data it is a
    // per-job counter, so the same id in two campaigns may be two people. Neither a lead with no
    // LinkedIn identity nor one with another identity is joined to Bob through it.
    EventStore::Item item
        = namedJob(u"evt_dup"_s, u"camp_dup"_s, u"Duplicate campaign"_s, 2, 5, T0 + 7200000);
    Lead &noIdentity = item.event.extractorJob->leads[0];
    noIdentity.id = u"lead_bob"_s;
    noIdentity.linkedinUrl.clear();
    noIdentity.linkedinIdentifier.clear();
    Lead &counter = item.event.extractorJob->leads[1];
    counter.id = u"lead_carol"_s; // Carol's id in camp_id, someone else's profile here
    counter.linkedinIdentifier = u"zed-zimmermann"_s;
    EventStore store(m_db);
    for (const EventStore::ItemResult &result : store.ingest({item}))
        QCOMPARE(result.outcome, EventStore::Outcome::Stored);
    for (const auto &[campaign, leadId] :
         {std::pair {u"camp_other"_s, u"lead_bob"_s}, std::pair {u"camp_dup"_s, u"lead_bob"_s},
          std::pair {u"camp_dup"_s, u"lead_carol"_s}}) {
        const std::optional<LeadProfile> profile
            = LeadProfiles::load(m_db, rowId(campaign, leadId)).profile;
        QVERIFY(profile);
        QCOMPARE(profile->campaigns.size(), 1);
        QCOMPARE(profile->campaigns[0].campaignId, campaign);
    }
    const std::optional<LeadProfile> carol
        = LeadProfiles::load(m_db, rowId(u"camp_id"_s, u"lead_carol"_s)).profile;
    QVERIFY(carol);
    QCOMPARE(carol->campaigns.size(), 2);
    QCOMPARE(carol->campaigns[0].campaignId, u"camp_new"_s);
    QCOMPARE(carol->campaigns[1].campaignId, u"camp_id"_s);
}

void TestLeadProfile::identifierCaseAndFormDoNotSplitAPerson()
{
    // Ada again, her identifier in capitals with spaces and a slash; Carol with only a URL that
    // spells her slug in capitals: each is the same person as before.
    EventStore::Item item
        = namedJob(u"evt_case"_s, u"camp_case"_s, u"Case campaign"_s, 2, 6, T0 + 9000000);
    Lead &ada = item.event.extractorJob->leads[0];
    ada.id = u"lead_x1"_s;
    ada.linkedinIdentifier = u" Ada-Lovelace-1815/ "_s;
    ada.linkedinUrl.clear();
    Lead &carol = item.event.extractorJob->leads[1];
    carol.id = u"lead_x2"_s;
    carol.linkedinIdentifier.clear();
    carol.linkedinUrl = u"https://www.linkedin.com/in/CAROL-C/"_s;
    EventStore store(m_db);
    for (const EventStore::ItemResult &result : store.ingest({item}))
        QCOMPARE(result.outcome, EventStore::Outcome::Stored);

    const std::optional<LeadProfile> first
        = LeadProfiles::load(m_db, rowId(u"camp_old"_s, u"lead_ada"_s)).profile;
    QVERIFY(first);
    QCOMPARE(first->campaigns.size(), 3);
    QCOMPARE(first->campaigns[0].campaignId, u"camp_case"_s);
    const std::optional<LeadProfile> again
        = LeadProfiles::load(m_db, rowId(u"camp_case"_s, u"lead_x1"_s)).profile;
    QVERIFY(again);
    QCOMPARE(again->lead.linkedinIdentifier, u"ada-lovelace-1815"_s);
    QCOMPARE(again->campaigns.size(), 3);
    const std::optional<LeadProfile> carolAgain
        = LeadProfiles::load(m_db, rowId(u"camp_case"_s, u"lead_x2"_s)).profile;
    QVERIFY(carolAgain);
    QCOMPARE(carolAgain->campaigns.size(), 3);
    QCOMPARE(carolAgain->campaigns[2].campaignId, u"camp_id"_s);
}

void TestLeadProfile::identityLookupsUseIndexes()
{
    // The lookup LeadProfiles::load makes for the identity never scans the leads (at a million
    // leads that was ~250 ms per click): the partial index of schema v2 serves it.
    const QStringList lookups {
        u"SELECT campaign FROM leads WHERE linkedin_identifier = 'x' AND linkedin_identifier <> ''"_s,
    };
    for (const QString &sql : lookups) {
        QSqlQuery plan(m_db);
        QVERIFY(plan.exec(u"EXPLAIN QUERY PLAN "_s + sql));
        QStringList steps;
        while (plan.next())
            steps.append(plan.value(3).toString());
        const QString joined = steps.join(u" | "_s);
        QVERIFY2(!joined.contains(u"SCAN leads"_s) && !joined.contains(u"SCAN l "_s)
                     && !joined.endsWith(u"SCAN l"_s),
                 qPrintable(joined));
        QVERIFY2(joined.contains(u"INDEX"_s), qPrintable(joined));
    }
}

void TestLeadProfile::identifierFromUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("identifier");
    QTest::newRow("canonical") << u"https://www.linkedin.com/in/johndoe"_s << u"johndoe"_s;
    QTest::newRow("trailing slash") << u"https://www.linkedin.com/in/johndoe/"_s << u"johndoe"_s;
    QTest::newRow("internal form")
        << u"in/john-doe-42?miniProfileUrn=urn%3Ali%3Afs_miniProfile%3AACoAA"_s << u"john-doe-42"_s;
    QTest::newRow("percent-encoded")
        << u"https://linkedin.com/in/jos%C3%A9-l%C3%B3pez#x"_s << u"josé-lópez"_s;
    QTest::newRow("company page") << u"https://www.linkedin.com/company/acme"_s << QString();
    QTest::newRow("join link") << u"https://www.linkedin.com/join/abc"_s << QString();
    QTest::newRow("empty") << QString() << QString();
}

void TestLeadProfile::identifierFromUrl()
{
    QFETCH(QString, url);
    QFETCH(QString, identifier);
    QCOMPARE(linkedinIdentifierFromUrl(url), identifier);
}

void TestLeadProfile::normalizedIdentifier_data()
{
    QTest::addColumn<QString>("identifier");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("key");
    QTest::newRow("as sent") << u"johndoe"_s << QString() << u"johndoe"_s;
    QTest::newRow("case") << u"JohnDoe"_s << QString() << u"johndoe"_s;
    QTest::newRow("spaces and slash") << u"  john-doe/ "_s << QString() << u"john-doe"_s;
    QTest::newRow("percent-encoded") << u"jos%C3%A9-l%C3%B3pez"_s << QString() << u"josé-lópez"_s;
    QTest::newRow("non-Latin case") << u"ÉMILE-ДМИТРИЙ"_s << QString() << u"émile-дмитрий"_s;
    QTest::newRow("identifier sent as URL")
        << u"https://www.linkedin.com/in/JaneRoe/"_s << QString() << u"janeroe"_s;
    QTest::newRow("identifier wins over URL")
        << u"jane-roe"_s << u"https://www.linkedin.com/in/someone-else"_s << u"jane-roe"_s;
    QTest::newRow("URL only") << QString() << u"https://www.linkedin.com/in/Jane-Roe?x=1"_s
                              << u"jane-roe"_s;
    QTest::newRow("blank identifier, URL")
        << u"   "_s << u"in/jane-roe?miniProfileUrn=urn"_s << u"jane-roe"_s;
    QTest::newRow("neither") << QString() << u"https://www.linkedin.com/company/acme"_s
                             << QString();
}

void TestLeadProfile::normalizedIdentifier()
{
    QFETCH(QString, identifier);
    QFETCH(QString, url);
    QFETCH(QString, key);
    QCOMPARE(normalizedLinkedinIdentifier(identifier, url), key);
}

void TestLeadProfile::migrationNormalisesStoredIdentifiers()
{
    // A version 4 store kept identifiers as sent: "MaryJane " in one campaign and "maryjane"
    // in another were two people. Opening it upgrades them to the normalised form, and the
    // profile then lists both campaigns.
    TestSupport::TempStore store(u"profile-migration"_s);
    TRY_OR_FAIL(store.open());
    QList<EventStore::Item> items {
        namedJob(u"evt_a"_s, u"camp_a"_s, u"A"_s, 1, 7, T0),
        namedJob(u"evt_b"_s, u"camp_b"_s, u"B"_s, 1, 8, T0 + 1000),
    };
    items[0].event.extractorJob->leads[0].id = u"m1"_s;
    items[0].event.extractorJob->leads[0].linkedinIdentifier = u"maryjane"_s;
    items[1].event.extractorJob->leads[0].id = u"m2"_s;
    items[1].event.extractorJob->leads[0].linkedinIdentifier = u"maryjane"_s;
    TRY_OR_FAIL(store.ingest(items));
    {
        QSqlQuery query(store.db());
        QVERIFY(query.exec(
            u"UPDATE leads SET linkedin_identifier = 'MaryJane ' WHERE lead_id = 'm1'"_s));
    }
    TRY_OR_FAIL(TestSupport::downgradeStore(store.db(), 4));
    store.close();
    TRY_OR_FAIL(store.open());
    QSqlQuery query(store.db());
    QVERIFY(query.exec(u"PRAGMA user_version"_s) && query.next());
    QCOMPARE(query.value(0).toInt(), Database::SchemaVersion);
    QVERIFY(query.exec(u"SELECT id FROM leads WHERE lead_id = 'm1'"_s) && query.next());
    const qint64 m1 = query.value(0).toLongLong();
    const std::optional<LeadProfile> mary = LeadProfiles::load(store.db(), m1).profile;
    QVERIFY(mary);
    QCOMPARE(mary->lead.linkedinIdentifier, u"maryjane"_s);
    QCOMPARE(mary->campaigns.size(), 2);
    // Version 9 then finds the one person's older lead superseded by the newer campaign's, and
    // version 13 keeps that as the Superseded bit of leads.flags.
    QVERIFY(query.exec(u"SELECT lead_id, flags >> 3 & 1 FROM leads WHERE lead_id IN ('m1', 'm2') "
                       "ORDER BY lead_id"_s));
    QStringList marks;
    while (query.next())
        marks.append(query.value(0).toString() + u'=' + query.value(1).toString());
    QCOMPARE(marks, (QStringList {u"m1=1"_s, u"m2=0"_s}));
}

QTEST_GUILESS_MAIN(TestLeadProfile)
#include "tst_leadprofile.moc"
