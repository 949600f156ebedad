// SPDX-License-Identifier: MIT
#include "sendpilot/sampleevents.h"

#include "sendpilot/event.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QVarLengthArray>

#include <array>

using namespace Qt::StringLiterals;

namespace {

// A minimal streaming JSON writer: a 10,000-lead body is ~10 MB, and building it as a QJsonObject
// tree first would cost several times the time and memory of appending text.
class JsonWriter
{
public:
    explicit JsonWriter(qsizetype reserve) { m_out.reserve(reserve); }

    void beginObject(const char *key = nullptr) { open(key, '{'); }
    void endObject() { close('}'); }
    void beginArray(const char *key = nullptr) { open(key, '['); }
    void endArray() { close(']'); }

    void string(const char *key, QByteArrayView value)
    {
        prefix(key);
        appendString(value);
    }
    void string(const char *key, const QByteArray &value) { string(key, QByteArrayView(value)); }
    void string(const char *key, const char *value) { string(key, QByteArrayView(value)); }
    void string(const char *key, const QString &value) { string(key, value.toUtf8()); }
    void number(const char *key, qint64 value)
    {
        prefix(key);
        m_out += QByteArray::number(value);
    }

    QByteArray take() { return std::move(m_out); }

private:
    void prefix(const char *key)
    {
        if (!m_first.isEmpty()) {
            if (!m_first.last())
                m_out += ',';
            m_first.last() = false;
        }
        if (key) {
            m_out += '"';
            m_out += key;
            m_out += "\":";
        }
    }
    void open(const char *key, char bracket)
    {
        prefix(key);
        m_out += bracket;
        m_first.append(true);
    }
    void close(char bracket)
    {
        m_first.removeLast();
        m_out += bracket;
    }
    // RFC 8259 section 7: quote, backslash and control characters must be escaped.
    void appendString(QByteArrayView value)
    {
        m_out += '"';
        for (const char c : value) {
            if (c == '"' || c == '\\') {
                m_out += '\\';
                m_out += c;
            } else if (static_cast<unsigned char>(c) < 0x20) {
                m_out += "\\u00";
                m_out += "0123456789abcdef"[(c >> 4) & 0xf];
                m_out += "0123456789abcdef"[c & 0xf];
            } else {
                m_out += c;
            }
        }
        m_out += '"';
    }

    QByteArray m_out;
    QVarLengthArray<bool, 8> m_first;
};

// Source files are UTF-8; the few non-ASCII names make every sample exercise UTF-8 end to end.
constexpr std::array FirstNames {
    "John", "Maria", "Wei",  "Aisha", "Lukas",   "Sofia",  "Kenji", "Olivia", "Mateo",  "Priya",
    "Noah", "Emma",  "José", "Zoë",   "Siobhán", "Łukasz", "Ahmed", "Chloé",  "Daniel", "Ingrid",
};
constexpr std::array LastNames {
    "Doe",      "Garcia", "Chen",   "Khan",    "Müller", "Rossi",  "Tanaka",
    "Smith",    "López",  "Patel",  "Johnson", "Dubois", "Novak",  "O'Brien",
    "Kowalski", "Nguyen", "Larsen", "Silva",   "Cohen",  "Haddad",
};
constexpr std::array Companies {
    "TechCorp Inc",
    "Northwind Labs",
    "Globex",
    "Initech",
    "Umbrella Analytics",
    "Hooli",
    "Stark Industries",
    "Wayne Enterprises",
    "Acme Cloud",
    "Vandelay Industries",
    "Soylent Data",
    "Cyberdyne Systems",
};
constexpr std::array Positions {
    "CEO",
    "CTO",
    "Founder",
    "VP Engineering",
    "Head of Growth",
    "Sales Director",
    "Product Manager",
    "Marketing Lead",
    "Software Engineer",
    "Head of Partnerships",
};
constexpr std::array Taglines {
    "Building the future of AI",      "Scaling B2B SaaS",
    "Helping teams ship faster",      "Data-driven growth",
    "Ex-consultant, forever curious", "Hiring engineers!",
};
struct Place
{
    const char *location;
    const char *city;
    const char *country;
};
constexpr std::array Places {
    Place {"San Francisco Bay Area", "San Francisco", "United States"},
    Place {"Greater London", "London", "United Kingdom"},
    Place {"Berlin Metropolitan Area", "Berlin", "Germany"},
    Place {"Île-de-France", "Paris", "France"},
    Place {"Greater Madrid Metropolitan Area", "Madrid", "Spain"},
    Place {"Tokyo, Japan", "Tokyo", "Japan"},
    Place {"Greater Toronto Area", "Toronto", "Canada"},
    Place {"Bengaluru, Karnataka", "Bengaluru", "India"},
};
constexpr std::array SummarySentences {
    "Experienced technology executive with 15+ years of building and scaling product teams.",
    "I help B2B companies turn data into revenue through pragmatic analytics and automation.",
    "Previously led go-to-market for two venture-backed startups from seed to Series B.",
    "Passionate about developer experience, distributed systems and clean APIs.",
    "Mentor, angel investor and occasional speaker on leadership and remote culture.",
    "Currently focused on responsible AI adoption in regulated industries.",
};
constexpr std::array Schools {
    "Stanford University",   "University of Oxford",  "ETH Zürich", "MIT",
    "Universidad de Madrid", "University of Toronto", "IIT Bombay", "Sciences Po",
};
constexpr std::array Degrees {
    "MBA",          "BSc Computer Science", "MSc Data Science",
    "BA Economics", "PhD Physics",          "MA International Relations",
};
constexpr std::array Skills {
    "Leadership",
    "Strategy",
    "AI/ML",
    "SaaS",
    "Sales",
    "Python",
    "C++",
    "Negotiation",
    "Product Management",
    "Public Speaking",
    "Go-to-Market",
    "Data Analysis",
};

template<typename Table>
auto pick(QRandomGenerator &rng, const Table &table)
{
    return table[rng.bounded(quint32(table.size()))];
}

// The lower-case ASCII letters of a UTF-8 name, accents taken off (José -> jose, Łukasz ->
// lukasz), as people's addresses and profile URLs spell them: dropping the accented letters
// instead ("zo.lpez@" for Zoë López) reads as a bug on a first run.
QByteArray slug(QByteArrayView name)
{
    // NFD splits "ó" into "o" and a combining accent, which is then skipped; the few letters
    // that do not decompose are mapped by hand.
    const QString letters = QString::fromUtf8(name).normalized(QString::NormalizationForm_D);
    QByteArray out;
    for (const QChar c : letters) {
        const char16_t u = c.toLower().unicode();
        if (u >= u'a' && u <= u'z')
            out += char(u);
        else if (u == u'\u0142' || u == u'\u0141') // ł
            out += 'l';
        else if (u == u'\u00F8') // ø
            out += 'o';
        else if (u == u'\u00E6') // æ
            out += "ae";
        else if (u == u'\u00DF') // ß
            out += "ss";
    }
    return out;
}

QByteArray randomToken(QRandomGenerator &rng, int length)
{
    static constexpr char Alphabet[]
        = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    QByteArray out(length, Qt::Uninitialized);
    for (char &c : out)
        c = Alphabet[rng.bounded(64u)];
    return out;
}

QByteArray isoTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs).toLatin1();
}

void writeLead(JsonWriter &w, QRandomGenerator &rng, quint32 seed, int index)
{
    const QByteArray first = pick(rng, FirstNames);
    const QByteArray last = pick(rng, LastNames);
    const QByteArray company = pick(rng, Companies);
    const QByteArray position = pick(rng, Positions);
    const Place place = pick(rng, Places);
    const QByteArray identifier = slug(first) + '-' + slug(last) + '-'
        + QByteArray::number(rng.bounded(0x100000u, 0xfffffffu), 16);

    w.beginObject();
    // Unique within the body whatever the random draws: seed and index.
    w.string("id", "lead_" + QByteArray::number(seed, 36) + '_' + QByteArray::number(index));
    w.string("linkedin_identifier", identifier);
    w.string("linkedin_url", "https://www.linkedin.com/in/" + identifier);
    w.string("first_name", first);
    w.string("last_name", last);
    w.string("full_name", first + ' ' + last);
    w.string("headline", position + " at " + company + " | " + pick(rng, Taglines));
    w.string("summary", pick(rng, SummarySentences));
    w.string("location", place.location);
    w.string("city", place.city);
    w.string("country", place.country);
    w.string("profile_picture_url",
             "https://media.licdn.com/dms/image/v2/D4E03AQ" + randomToken(rng, 12)
                 + "/profile-displayphoto-shrink_400_400/0/"
                 + QByteArray::number(1700000000000LL + rng.bounded(100000000u))
                 + "?e=1767225600&v=beta&t=" + randomToken(rng, 24));
    w.string("company", company);
    w.string("job_position", position);
    // Enrichment finds an email for most leads and a phone for about half (3.11: "if enriched").
    if (rng.bounded(100u) < 80) {
        w.string("email", slug(first) + '.' + slug(last) + '@' + slug(company) + ".com");
    }
    if (rng.bounded(100u) < 50) {
        w.string("phone",
                 "+1-555-" + QByteArray::number(rng.bounded(100u, 1000u)) + '-'
                     + QByteArray::number(rng.bounded(1000u, 10000u)));
    }
    w.number("connections", rng.bounded(30u, 501u));
    w.number("followers", rng.bounded(50u, 30000u));

    w.beginArray("experience");
    const int jobs = 2 + int(rng.bounded(2u));
    for (int j = 0; j < jobs; ++j) {
        const int from = 2024 - j * 4 - int(rng.bounded(3u));
        w.beginObject();
        w.string("title", j == 0 ? position : QByteArray(pick(rng, Positions)));
        w.string("company", j == 0 ? company : QByteArray(pick(rng, Companies)));
        w.string("duration",
                 j == 0
                     ? QByteArray(QByteArray::number(from) + " - Present")
                     : QByteArray(QByteArray::number(from) + " - " + QByteArray::number(from + 3)));
        w.endObject();
    }
    w.endArray();

    w.beginArray("education");
    const int schools = 1 + int(rng.bounded(2u));
    for (int s = 0; s < schools; ++s) {
        w.beginObject();
        w.string("school", pick(rng, Schools));
        w.string("degree", pick(rng, Degrees));
        w.endObject();
    }
    w.endArray();

    w.beginArray("skills");
    const int skills = 3 + int(rng.bounded(4u));
    const quint32 start = rng.bounded(quint32(Skills.size()));
    for (int s = 0; s < skills; ++s) // consecutive entries: no duplicate skills
        w.string(nullptr, Skills[(start + s) % Skills.size()]);
    w.endArray();
    w.endObject();
}

void writeEnvelopeStart(JsonWriter &w, const QString &eventId, const QString &eventType,
                        const QDateTime &now)
{
    w.beginObject();
    w.string("eventId", eventId);
    w.string("eventType", eventType);
    w.string("timestamp", isoTime(now));
    w.string("workspaceId", "ws_sample");
}

} // namespace

namespace SampleEvents {

QByteArray extractorJob(const QString &eventId, const QString &campaignId, int leadCount,
                        quint32 seed)
{
    leadCount = qMax(0, leadCount);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // Campaign-level draws use their own generator, so lead i does not depend on leadCount.
    QRandomGenerator campaignRng(seed);
    QRandomGenerator leadRng(seed * 2654435761u + 1u);
    const qint64 durationMs = 60'000 + qint64(campaignRng.bounded(3'600'000u));
    const bool enriched = campaignRng.bounded(4u) != 0;
    const qint64 enrichedCount = enriched ? leadCount - leadCount / 20 : 0;

    JsonWriter w(qsizetype(leadCount) * 1100 + 1024);
    writeEnvelopeStart(w, eventId, canonicalEventType(EventKind::LeadExtractorJobCompleted), now);
    w.beginObject("data");
    w.string("campaign_id", campaignId);
    w.string("campaign_name",
             QByteArray(pick(campaignRng, Positions)) + "s in " + pick(campaignRng, Places).city
                 + " #" + QByteArray::number(seed));
    w.string("campaign_type", "SEARCH");
    w.string("mode", enriched ? "with_enrichment" : "extraction_only");
    w.beginArray("search_urls");
    w.string(nullptr, "https://www.linkedin.com/search/results/people/?keywords=CEO%20startup");
    w.endArray();
    w.number("total_leads_extracted", leadCount);
    w.number("total_leads_enriched", enrichedCount);
    w.number("requested_limit", leadCount);
    w.string("started_at", isoTime(now.addMSecs(-durationMs)));
    w.string("completed_at", isoTime(now));
    w.number("duration_ms", durationMs);
    w.beginObject("credits_used");
    w.number("extraction", leadCount);
    w.number("enrichment", enriched ? leadCount : 0);
    w.number("total", leadCount + (enriched ? leadCount : 0));
    w.endObject();
    w.beginArray("leads");
    for (int i = 0; i < leadCount; ++i)
        writeLead(w, leadRng, seed, i);
    w.endArray();
    w.string("results_url", "/v1/lead-extractor/campaigns/" + campaignId.toUtf8() + "/results");
    w.endObject();
    w.endObject();
    return w.take();
}

QByteArray activity(const QString &eventId, const QString &eventType, quint32 seed)
{
    const EventKind kind = eventKindFromType(eventType);
    if (kind == EventKind::LeadExtractorJobCompleted)
        return extractorJob(eventId, u"camp_sample_%1"_s.arg(seed), 3, seed);

    const QDateTime now = QDateTime::currentDateTimeUtc();
    QRandomGenerator rng(seed);
    const QByteArray first = pick(rng, FirstNames);
    const QByteArray last = pick(rng, LastNames);
    const QByteArray leadId = "lead_" + QByteArray::number(seed, 36) + "_0";
    const QByteArray campaignId = "camp_sample_" + QByteArray::number(seed);
    const QByteArray campaignName = QByteArray(pick(rng, Positions)) + " outreach";
    const QByteArray linkedinUrl = "https://www.linkedin.com/in/" + slug(first) + '-' + slug(last);
    const QByteArray senderId = "sender_" + QByteArray::number(rng.generate(), 36);
    const QByteArray nowText = isoTime(now);
    const bool oldName = canonicalEventType(kind) != eventType;

    JsonWriter w(1024);
    writeEnvelopeStart(w, eventId, eventType, now);
    w.beginObject("data");
    const auto leadFields = [&] {
        w.string("leadId", leadId);
        w.string("campaignId", campaignId);
        w.string("linkedinUrl", linkedinUrl);
    };
    // Field names per sendpilot-webhooks.md section 3, old or new generation after the name.
    switch (kind) {
    case EventKind::MessageSent:
        leadFields();
        w.string("senderId", senderId);
        w.string("message", "Hi " + first + "! Thank you for connecting. I wanted to reach out.");
        w.number("sequenceStep", 1 + rng.bounded(4u));
        break;
    case EventKind::ReplyReceived:
        leadFields();
        w.string("senderId", senderId);
        w.string(oldName ? "replyPreview" : "reply",
                 "Thanks for reaching out! I would be interested in learning more.");
        break;
    case EventKind::ConnectionSent:
        leadFields();
        w.string("senderId", senderId);
        w.string("note", "Hi " + first + ", I noticed we share an interest in SaaS growth.");
        break;
    case EventKind::ConnectionAccepted:
        leadFields();
        w.string("senderId", senderId);
        w.string("acceptedAt", nowText);
        break;
    case EventKind::CampaignStarted:
        w.string("campaignId", campaignId);
        w.string("campaignName", campaignName);
        w.number("totalLeads", 10 + rng.bounded(500u));
        w.string("startedAt", nowText);
        break;
    case EventKind::CampaignPaused:
        w.string("campaignId", campaignId);
        w.string("campaignName", campaignName);
        w.string("pausedAt", nowText);
        w.string("pausedBy", "user");
        break;
    case EventKind::CampaignResumed:
        w.string("campaignId", campaignId);
        w.string("campaignName", campaignName);
        w.string("resumedAt", nowText);
        w.string("resumedBy", "api");
        break;
    case EventKind::CampaignFinished:
        w.string("campaignId", campaignId);
        w.string("campaignName", campaignName);
        w.string("finishedAt", nowText);
        break;
    case EventKind::LeadUpdated:
        leadFields();
        w.string("previousStatus", "REPLY_RECEIVED");
        w.string("newStatus", "OPPORTUNITY");
        if (oldName)
            w.string("changedBy", "api");
        break;
    case EventKind::LeadTagUpdated:
        w.string("leadId", leadId);
        w.string("linkedinUrl", linkedinUrl);
        w.string("previousTag", "No Response");
        w.string("newTag", "Interested");
        break;
    case EventKind::LeadDatabaseSearchCompleted:
        w.string("search_id", "search_" + QByteArray::number(seed));
        w.string("search_name", campaignName);
        w.number("total_leads_found", 0);
        w.number("requested_limit", 100);
        w.string("started_at", isoTime(now.addSecs(-60)));
        w.string("completed_at", nowText);
        w.number("duration_ms", 60'000);
        w.beginArray("leads");
        w.endArray();
        w.string("results_url",
                 "/v1/lead-database/searches/search_" + QByteArray::number(seed) + "/results");
        break;
    case EventKind::LeadExtractorJobCompleted: // handled above
    case EventKind::ApiCampaignStatus: // not webhooks
    case EventKind::ApiCampaignResults:
    case EventKind::ApiCampaignLaunched:
    case EventKind::Unknown:
        break;
    }
    w.endObject();
    w.endObject();
    return w.take();
}

} // namespace SampleEvents
