// SPDX-License-Identifier: MIT
#include "viewerdata.h"

#include "ingest/importer.h"
#include "store/database.h"
#include "store/eventstore.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QTextStream>

#include <array>

using namespace Qt::StringLiterals;

namespace {

constexpr std::array FirstNames {
    "James",      "Mary",     "Robert",    "Patricia", "John",      "Jennifer",  "Michael",
    "Linda",      "David",    "Elizabeth", "William",  "Barbara",   "Richard",   "Susan",
    "Joseph",     "Jessica",  "Thomas",    "Sarah",    "Charles",   "Karen",     "Daniel",
    "Lisa",       "Matthew",  "Nancy",     "Anthony",  "Betty",     "Mark",      "Margaret",
    "Donald",     "Sandra",   "Steven",    "Ashley",   "Paul",      "Kimberly",  "Andrew",
    "Emily",      "Joshua",   "Donna",     "Kenneth",  "Michelle",  "Kevin",     "Carol",
    "Brian",      "Amanda",   "George",    "Melissa",  "Timothy",   "Deborah",   "Ronald",
    "Stephanie",  "Jason",    "Rebecca",   "Edward",   "Sharon",    "Jeffrey",   "Laura",
    "Ryan",       "Cynthia",  "Jacob",     "Amy",      "Gary",      "Kathleen",  "Nicholas",
    "Angela",     "Eric",     "Shirley",   "Jonathan", "Anna",      "Stephen",   "Brenda",
    "Larry",      "Pamela",   "Justin",    "Emma",     "Scott",     "Nicole",    "Brandon",
    "Helen",      "Benjamin", "Samantha",  "Samuel",   "Katherine", "Gregory",   "Christine",
    "Alexander",  "Debra",    "Frank",     "Rachel",   "Patrick",   "Carolyn",   "Raymond",
    "Janet",      "Jack",     "Catherine", "Dennis",   "Maria",     "Jerry",     "Heather",
    "Tyler",      "Diane",    "Aaron",     "Ruth",     "José",      "Julie",     "Adam",
    "Olivia",     "Nathan",   "Joyce",     "Henry",    "Virginia",  "Douglas",   "Victoria",
    "Zachary",    "Kelly",    "Peter",     "Lauren",   "Kyle",      "Christina", "Ethan",
    "Joan",       "Walter",   "Evelyn",    "Noah",     "Judith",    "Jeremy",    "Megan",
    "Christian",  "Andrea",   "Keith",     "Cheryl",   "Roger",     "Hannah",    "Terry",
    "Jacqueline", "Gerald",   "Martha",    "Harold",   "Gloria",    "Sean",      "Teresa",
    "Austin",     "Ann",      "Carl",      "Sara",     "Arthur",    "Madison",   "Lawrence",
    "Frances",    "Dylan",    "Kathryn",   "Jesse",    "Janice",    "Jordan",    "Jean",
    "Bryan",      "Abigail",  "Billy",     "Alice",    "Joe",       "Judy",      "Bruce",
    "Sophia",     "Gabriel",  "Grace",     "Logan",    "Denise",    "Albert",    "Amber",
    "Willie",     "Doris",    "Alan",      "Marilyn",  "Juan",      "Danielle",  "Wayne",
    "Beverly",    "Elijah",   "Isabella",  "Randy",    "Theresa",   "Roy",       "Diana",
    "Vincent",    "Natalie",  "Ralph",     "Brittany", "Eugene",    "Charlotte", "Russell",
    "Marie",      "Bobby",    "Kayla",     "Mason",    "Alexis",    "Philip",    "Lori",
    "Louis",      "Zoë",      "François",  "Léa",      "Björn",     "Søren",     "Łukasz",
    "Chloé",      "Hiroshi",  "Yuki",      "Priya",    "Arjun",
};
constexpr std::array LastNames {
    "Smith",    "Johnson",   "Williams",   "Brown",     "Jones",     "Garcia",    "Miller",
    "Davis",    "Rodriguez", "Martinez",   "Hernandez", "Lopez",     "Gonzalez",  "Wilson",
    "Anderson", "Thomas",    "Taylor",     "Moore",     "Jackson",   "Martin",    "Lee",
    "Perez",    "Thompson",  "White",      "Harris",    "Sanchez",   "Clark",     "Ramirez",
    "Lewis",    "Robinson",  "Walker",     "Young",     "Allen",     "King",      "Wright",
    "Scott",    "Torres",    "Nguyen",     "Hill",      "Flores",    "Green",     "Adams",
    "Nelson",   "Baker",     "Hall",       "Rivera",    "Campbell",  "Mitchell",  "Carter",
    "Roberts",  "Gomez",     "Phillips",   "Evans",     "Turner",    "Diaz",      "Parker",
    "Cruz",     "Edwards",   "Collins",    "Reyes",     "Stewart",   "Morris",    "Morales",
    "Murphy",   "Cook",      "Rogers",     "Gutierrez", "Ortiz",     "Morgan",    "Cooper",
    "Peterson", "Bailey",    "Reed",       "Kelly",     "Howard",    "Ramos",     "Kim",
    "Cox",      "Ward",      "Richardson", "Watson",    "Brooks",    "Chavez",    "Wood",
    "James",    "Bennett",   "Gray",       "Mendoza",   "Ruiz",      "Hughes",    "Price",
    "Alvarez",  "Castillo",  "Sanders",    "Patel",     "Myers",     "Long",      "Ross",
    "Foster",   "Jimenez",   "Powell",     "Jenkins",   "Perry",     "Russell",   "Sullivan",
    "Bell",     "Coleman",   "Butler",     "Henderson", "Barnes",    "Gonzales",  "Fisher",
    "Vasquez",  "Simmons",   "Romero",     "Jordan",    "Patterson", "Alexander", "Hamilton",
    "Graham",   "Reynolds",  "Griffin",    "Wallace",   "Moreno",    "West",      "Cole",
    "Hayes",    "Bryant",    "Herrera",    "Gibson",    "Ellis",     "Tran",      "Medina",
    "Aguilar",  "Stevens",   "Murray",     "Ford",      "Castro",    "Marshall",  "Owens",
    "Müller",   "Schröder",  "Dubois",     "Lefèvre",   "Núñez",     "Åberg",     "Kowalski",
    "Tanaka",   "Suzuki",    "Sato",       "Sharma",    "Gupta",     "O'Brien",   "Da Silva",
};
constexpr std::array CompanyFirst {
    "Acme",    "Blue",     "Bright",  "Cedar",   "Clear",   "Cloud",   "Core",     "Crest",
    "Delta",   "Echo",     "Ember",   "Falcon",  "Fern",    "Forge",   "Frontier", "Glacier",
    "Granite", "Harbor",   "Helix",   "Horizon", "Iron",    "Juniper", "Keystone", "Lumen",
    "Maple",   "Meridian", "Nimbus",  "Nova",    "Oak",     "Orbit",   "Pioneer",  "Pixel",
    "Polar",   "Prism",    "Quantum", "Quartz",  "Radiant", "Redwood", "Ridge",    "Sage",
    "Signal",  "Silver",   "Solar",   "Spark",   "Spruce",  "Summit",  "Terra",    "Tidal",
    "Titan",   "Union",    "Vector",  "Velvet",  "Vertex",  "Vista",   "Willow",   "Zenith",
    "Ácme",    "Nordlys",  "Sakura",  "Lotus",
};
constexpr std::array CompanySecond {
    "Analytics",  "Labs",      "Systems",   "Software",  "Health",    "Capital",   "Partners",
    "Robotics",   "Logistics", "Media",     "Networks",  "Security",  "Foods",     "Energy",
    "Consulting", "Dynamics",  "Ventures",  "Solutions", "Works",     "Group",     "Digital",
    "Bio",        "Finance",   "Cloud",     "AI",        "Data",      "Studio",    "Motors",
    "Retail",     "Insurance", "Pharma",    "Telecom",   "Education", "Gaming",    "Travel",
    "Realty",     "Legal",     "Marketing", "Design",    "Devices",   "Materials", "Aerospace",
    "Mobility",   "Payments",  "Commerce",  "Learning",  "Wellness",  "Foundry",   "Industries",
    "Holdings",
};
constexpr std::array Positions {
    "CEO",
    "CTO",
    "Founder",
    "Co-Founder",
    "VP of Sales",
    "VP of Engineering",
    "Head of Marketing",
    "Product Manager",
    "Engineering Manager",
    "Sales Director",
    "Account Executive",
    "Data Scientist",
    "Software Engineer",
    "Growth Lead",
    "Chief Revenue Officer",
    "Operations Manager",
    "Recruiter",
    "Designer",
    "Customer Success Manager",
    "Business Development Representative",
};
constexpr std::array Taglines {
    "Helping B2B teams grow", "Building the future of work",
    "Scaling SaaS startups",  "Ex-Google",
    "Angel investor",         "Speaker and mentor",
    "Passionate about AI",    "Hiring!",
    "Data-driven marketer",   "Open to new opportunities",
    "Customer obsessed",      "Lifelong learner",
};
struct Place
{
    const char *location;
    const char *city;
    const char *country;
};
constexpr std::array Places {
    Place {"San Francisco Bay Area", "San Francisco", "United States"},
    Place {"Greater New York City Area", "New York", "United States"},
    Place {"Greater Boston", "Boston", "United States"},
    Place {"Austin, Texas", "Austin", "United States"},
    Place {"Greater Seattle Area", "Seattle", "United States"},
    Place {"Greater London", "London", "United Kingdom"},
    Place {"Manchester Area", "Manchester", "United Kingdom"},
    Place {"Berlin Metropolitan Area", "Berlin", "Germany"},
    Place {"Munich, Bavaria", "München", "Germany"},
    Place {"Île-de-France", "Paris", "France"},
    Place {"Lyon, Auvergne-Rhône-Alpes", "Lyon", "France"},
    Place {"Greater Madrid Metropolitan Area", "Madrid", "Spain"},
    Place {"Barcelona, Catalonia", "Barcelona", "Spain"},
    Place {"Amsterdam Area", "Amsterdam", "Netherlands"},
    Place {"Stockholm, Sweden", "Stockholm", "Sweden"},
    Place {"Copenhagen Area", "København", "Denmark"},
    Place {"Warsaw, Poland", "Warszawa", "Poland"},
    Place {"Tokyo, Japan", "Tokyo", "Japan"},
    Place {"Greater Toronto Area", "Toronto", "Canada"},
    Place {"Bengaluru, Karnataka", "Bengaluru", "India"},
    Place {"Sydney, New South Wales", "Sydney", "Australia"},
    Place {"São Paulo, Brazil", "São Paulo", "Brazil"},
    Place {"Zürich, Switzerland", "Zürich", "Switzerland"},
    Place {"Dublin, Ireland", "Dublin", "Ireland"},
};
constexpr std::array SkillNames {
    "Sales",
    "Marketing",
    "SaaS",
    "Leadership",
    "Negotiation",
    "Python",
    "C++",
    "SQL",
    "Go-to-market",
    "CRM",
    "Public Speaking",
    "Recruiting",
    "Strategy",
    "Finance",
    "Product Management",
    "UX",
    "Machine Learning",
    "Cloud",
};
constexpr std::array Schools {
    "Stanford University",
    "MIT",
    "University of Oxford",
    "ETH Zürich",
    "HEC Paris",
    "IIT Bombay",
    "University of Toronto",
    "TU München",
    "Universidad de Madrid",
    "KTH",
};

template<typename Table>
auto pick(QRandomGenerator &rng, const Table &table)
{
    return table[rng.bounded(quint32(table.size()))];
}

QByteArray slug(QByteArrayView text)
{
    QByteArray out;
    for (const char c : text) {
        if (c >= 'A' && c <= 'Z')
            out += char(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out += c;
    }
    return out;
}

/// A JSON string literal of \a text (the tables hold no quote or backslash, but a generator
/// should not depend on that).
void appendString(QByteArray &out, const QByteArray &text)
{
    out += '"';
    for (const char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    out += '"';
}

void appendField(QByteArray &out, const char *key, const QByteArray &text)
{
    out += '"';
    out += key;
    out += "\":";
    appendString(out, text);
    out += ',';
}

QByteArray isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs).toUtf8();
}

/// One lead, drawn from \a rng in the order the generator always drew them (the store's content
/// stays what earlier figures were measured on).
void appendLead(QByteArray &out, QRandomGenerator &rng, int campaign, int index)
{
    const QByteArray first = pick(rng, FirstNames);
    const QByteArray last = pick(rng, LastNames);
    const QByteArray company = QByteArray(pick(rng, CompanyFirst)) + ' ' + pick(rng, CompanySecond)
        + (rng.bounded(3u) == 0 ? QByteArray(" " + QByteArray::number(rng.bounded(40u)))
                                : QByteArray());
    const QByteArray position = pick(rng, Positions);
    const Place place = pick(rng, Places);
    const QByteArray identifier = slug(first) + '-' + slug(last) + '-'
        + QByteArray::number(rng.bounded(0x100000u, 0xfffffffu), 16);
    out += '{';
    appendField(out, "id",
                "lead_" + QByteArray::number(campaign) + '_' + QByteArray::number(index));
    appendField(out, "linkedin_identifier", identifier);
    appendField(out, "linkedin_url", "https://www.linkedin.com/in/" + identifier);
    appendField(out, "first_name", first);
    appendField(out, "last_name", last);
    appendField(out, "full_name", first + ' ' + last);
    appendField(out, "headline", position + " at " + company + " | " + pick(rng, Taglines));
    appendField(out, "summary",
                "Experienced " + position + " with a track record in " + pick(rng, SkillNames)
                    + '.');
    appendField(out, "location", place.location);
    appendField(out, "city", place.city);
    appendField(out, "country", place.country);
    appendField(out, "profile_picture_url",
                "https://media.licdn.com/dms/image/" + QByteArray::number(rng.generate(), 36));
    appendField(out, "company", company);
    appendField(out, "job_position", position);
    appendField(out, "email",
                rng.bounded(100u) < 80
                    ? slug(first) + '.' + slug(last) + '@' + slug(company) + ".com"
                    : QByteArray(""));
    appendField(out, "phone",
                rng.bounded(100u) < 50 ? "+1 555 " + QByteArray::number(rng.bounded(1000000u))
                                       : QByteArray(""));
    out += "\"connections\":" + QByteArray::number(rng.bounded(30u, 501u));
    out += ",\"followers\":" + QByteArray::number(rng.bounded(50u, 30000u));
    out += ",\"experience\":[{\"title\":";
    appendString(out, position);
    out += ",\"company\":";
    appendString(out, company);
    out += ",\"duration\":";
    appendString(out, QByteArray::number(1 + rng.bounded(9u)) + " yrs");
    out += "}],\"education\":[{\"school\":";
    appendString(out, pick(rng, Schools));
    out += ",\"degree\":\"MBA\"}],\"skills\":[";
    appendString(out, pick(rng, SkillNames));
    out += ',';
    appendString(out, pick(rng, SkillNames));
    out += "]}";
}

} // namespace

namespace BenchViewerData {

bool generate(const QString &path, int campaigns, int leadsPerCampaign)
{
    QString error;
    QSqlDatabase db = Database::open(path, u"generate"_s, Database::Access::ReadWrite, &error);
    if (!db.isOpen()) {
        QTextStream(stderr) << error << '\n';
        return false;
    }
    QElapsedTimer timer;
    timer.start();
    bool ok = true;
    {
        EventStore store(db);
        QRandomGenerator rng(20240601);
        const qint64 start = 1'700'000'000'000LL;
        for (int c = 0; ok && c < campaigns; ++c) {
            const qint64 at = start + qint64(c) * 3'600'000LL;
            const QByteArray count = QByteArray::number(leadsPerCampaign);
            QByteArray body;
            body.reserve(qsizetype(leadsPerCampaign) * 1200 + 1024);
            body += "{\"eventId\":\"evt_gen_" + QByteArray::number(c)
                + "\",\"eventType\":\"lead_extractor.job.completed\",\"timestamp\":\"" + isoTime(at)
                + "\",\"workspaceId\":\"ws_bench\",\"data\":{";
            appendField(body, "campaign_id", "camp_gen_" + QByteArray::number(c));
            appendField(body, "campaign_name",
                        QByteArray(pick(rng, Positions)) + "s in " + pick(rng, Places).city + " #"
                            + QByteArray::number(c));
            appendField(body, "campaign_type", "SEARCH");
            appendField(body, "mode", "with_enrichment");
            body += "\"total_leads_extracted\":" + count + ",\"total_leads_enriched\":" + count
                + ",\"requested_limit\":" + count + ',';
            appendField(body, "started_at", isoTime(at - 1'800'000));
            appendField(body, "completed_at", isoTime(at));
            body += "\"duration_ms\":1800000,\"credits_used\":{\"extraction\":" + count
                + ",\"enrichment\":" + count
                + ",\"total\":" + QByteArray::number(2LL * leadsPerCampaign) + "},\"leads\":[";
            for (int i = 0; i < leadsPerCampaign; ++i) {
                if (i > 0)
                    body += ',';
                appendLead(body, rng, c, i);
            }
            body += "]}}";
            const Importer::FileResult result
                = Importer::importBody(store, body, u"bench_viewer generated event %1"_s.arg(c));
            if (!result.ok) {
                QTextStream(stderr) << "event " << c << ": " << result.error << '\n';
                ok = false;
            }
        }
    }
    QTextStream(stdout) << "generated " << campaigns * qint64(leadsPerCampaign) << " leads in "
                        << campaigns << " campaigns through the ingest path in "
                        << timer.elapsed() / 1000.0 << " s\n";
    db = {};
    Database::close(u"generate"_s);
    return ok;
}

} // namespace BenchViewerData
