// SPDX-License-Identifier: MIT
// The lead table at scale, on the offscreen platform: generates (once, cached at the given path)
// a database of 1,000,000 leads in 400 campaigns, then measures open to first painted table,
// each search keystroke to the updated table, sorting by several columns both ways, clearing the
// search, and resident memory. Prints medians.
//
// Last, the longest GUI-thread stall (a 5 ms heartbeat timer on the GUI thread, the largest gap
// between its ticks) while the window searches, sorts, opens the export dialog and selects a
// large delivery, each action driven through the event loop as a user's would be.
//
//   bench_viewer [database path] [runs] [--leads N] [--campaigns N] [--generate-only]
//                [--sort key,key (only the sort table, for these columns)]
//                [--stalls (only the GUI-thread stalls)] [--delivery-leads N (default 25000)]
//                [--locale NAME (text sorts in it; default en_US)]
//                [--locale-sort (only the text columns sorted in the locale)]
//                [--live N (only the live sorted table, N events; 20 in a full run)]
//   (default path: /tmp/leadviewer-bench-1m.sqlite)
#include "bench_viewer_sort.h"
#include "viewerstalls.h"

#include "models/leadprofile.h"
#include "models/leadtablemodel.h"
#include "query/leadcolumn.h"
#include "store/database.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QTableView>
#include <QTextStream>

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

QString procStatus(const char *key)
{
    QFile file(u"/proc/self/status"_s);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(key))
            return QString::fromLatin1(line.mid(qstrlen(key)).simplified());
    }
    return {};
}

// --- generation ---------------------------------------------------------------------------

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

bool run(sqlite3 *db, const char *sql)
{
    char *message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        QTextStream(stderr) << "SQL failed: " << message << "\n  " << sql << '\n';
        sqlite3_free(message);
        return false;
    }
    return true;
}

void bindText(sqlite3_stmt *s, int i, const QByteArray &text)
{
    sqlite3_bind_text(s, i, text.constData(), int(text.size()), SQLITE_TRANSIENT);
}

// Direct SQL inserts in one transaction, then one FTS 'rebuild': the store's ingest path (parse
// a JSON event per campaign) would take minutes for a million leads.
bool generate(const QString &path, int campaigns, int leadsPerCampaign)
{
    QString error;
    QSqlDatabase qdb = Database::open(path, u"generate"_s, Database::Access::ReadWrite, &error);
    if (!qdb.isOpen()) {
        QTextStream(stderr) << error << '\n';
        return false;
    }
    sqlite3 *db = *static_cast<sqlite3 *const *>(qdb.driver()->handle().constData());
    QElapsedTimer timer;
    timer.start();
    bool ok = run(db, "PRAGMA synchronous = OFF") && run(db, "BEGIN");
    sqlite3_stmt *delivery = nullptr, *event = nullptr, *campaign = nullptr, *lead = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO deliveries (received_at, method, path, status, verdict,"
                       " event_id, event_type, lead_count) VALUES (?1, 'POST',"
                       " '/webhooks/sendpilot', 200, 'accepted', ?2,"
                       " 'lead_extractor.job.completed', ?3)",
                       -1, &delivery, nullptr);
    sqlite3_prepare_v2(db,
                       "INSERT INTO events (event_id, event_type, kind, occurred_at,"
                       " received_at, delivery_id, campaign_id, lead_count) VALUES (?1,"
                       " 'lead_extractor.job.completed', 'lead_extractor.job.completed', ?2,"
                       " ?2, ?3, ?4, ?5)",
                       -1, &event, nullptr);
    sqlite3_prepare_v2(db,
                       "INSERT INTO campaigns (campaign_id, event_id, name, type, mode,"
                       " leads_extracted, leads_enriched, requested_limit, started_at,"
                       " completed_at, duration_ms, credits_extraction, credits_enrichment,"
                       " credits_total, received_at) VALUES (?1, ?2, ?3, 'SEARCH',"
                       " 'with_enrichment', ?4, ?4, ?4, ?5, ?6, ?7, ?4, ?4, ?8, ?6)",
                       -1, &campaign, nullptr);
    sqlite3_prepare_v2(db,
                       "INSERT INTO leads (campaign, lead_id, linkedin_identifier, linkedin_url,"
                       " first_name, last_name, full_name, headline, summary, location, city,"
                       " country, profile_picture_url, company, job_position, email, phone,"
                       " connections, followers, experience, education, skills) VALUES (?1, ?2,"
                       " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
                       " ?19, ?20, ?21, ?22)",
                       -1, &lead, nullptr);
    QRandomGenerator rng(20240601);
    const qint64 start = 1'700'000'000'000LL;
    for (int c = 0; ok && c < campaigns; ++c) {
        const QByteArray eventId = "evt_gen_" + QByteArray::number(c);
        const QByteArray campaignId = "camp_gen_" + QByteArray::number(c);
        const qint64 at = start + qint64(c) * 3'600'000LL;
        sqlite3_bind_int64(delivery, 1, at);
        bindText(delivery, 2, eventId);
        sqlite3_bind_int64(delivery, 3, leadsPerCampaign);
        ok = sqlite3_step(delivery) == SQLITE_DONE;
        sqlite3_reset(delivery);
        const qint64 deliveryId = sqlite3_last_insert_rowid(db);
        bindText(event, 1, eventId);
        sqlite3_bind_int64(event, 2, at);
        sqlite3_bind_int64(event, 3, deliveryId);
        bindText(event, 4, campaignId);
        sqlite3_bind_int64(event, 5, leadsPerCampaign);
        ok = ok && sqlite3_step(event) == SQLITE_DONE;
        sqlite3_reset(event);
        bindText(campaign, 1, campaignId);
        bindText(campaign, 2, eventId);
        bindText(campaign, 3,
                 QByteArray(pick(rng, Positions)) + "s in " + pick(rng, Places).city + " #"
                     + QByteArray::number(c));
        sqlite3_bind_int64(campaign, 4, leadsPerCampaign);
        sqlite3_bind_int64(campaign, 5, at - 1'800'000);
        sqlite3_bind_int64(campaign, 6, at);
        sqlite3_bind_int64(campaign, 7, 1'800'000);
        sqlite3_bind_int64(campaign, 8, 2LL * leadsPerCampaign);
        ok = ok && sqlite3_step(campaign) == SQLITE_DONE;
        sqlite3_reset(campaign);
        const qint64 campaignRowId = sqlite3_last_insert_rowid(db);
        for (int i = 0; ok && i < leadsPerCampaign; ++i) {
            const QByteArray first = pick(rng, FirstNames);
            const QByteArray last = pick(rng, LastNames);
            const QByteArray company = QByteArray(pick(rng, CompanyFirst)) + ' '
                + pick(rng, CompanySecond)
                + (rng.bounded(3u) == 0 ? QByteArray(" " + QByteArray::number(rng.bounded(40u)))
                                        : QByteArray());
            const QByteArray position = pick(rng, Positions);
            const Place place = pick(rng, Places);
            const QByteArray identifier = slug(first) + '-' + slug(last) + '-'
                + QByteArray::number(rng.bounded(0x100000u, 0xfffffffu), 16);
            sqlite3_bind_int64(lead, 1, campaignRowId);
            bindText(lead, 2, "lead_" + QByteArray::number(c) + '_' + QByteArray::number(i));
            bindText(lead, 3, identifier);
            bindText(lead, 4, "https://www.linkedin.com/in/" + identifier);
            bindText(lead, 5, first);
            bindText(lead, 6, last);
            bindText(lead, 7, first + ' ' + last);
            bindText(lead, 8, position + " at " + company + " | " + pick(rng, Taglines));
            bindText(lead, 9,
                     "Experienced " + position + " with a track record in " + pick(rng, SkillNames)
                         + '.');
            bindText(lead, 10, place.location);
            bindText(lead, 11, place.city);
            bindText(lead, 12, place.country);
            bindText(lead, 13,
                     "https://media.licdn.com/dms/image/" + QByteArray::number(rng.generate(), 36));
            bindText(lead, 14, company);
            bindText(lead, 15, position);
            bindText(lead, 16,
                     rng.bounded(100u) < 80
                         ? slug(first) + '.' + slug(last) + '@' + slug(company) + ".com"
                         : QByteArray(""));
            bindText(lead, 17,
                     rng.bounded(100u) < 50 ? "+1 555 " + QByteArray::number(rng.bounded(1000000u))
                                            : QByteArray(""));
            sqlite3_bind_int64(lead, 18, rng.bounded(30u, 501u));
            sqlite3_bind_int64(lead, 19, rng.bounded(50u, 30000u));
            bindText(lead, 20,
                     "[{\"title\":\"" + position + "\",\"company\":\"" + company
                         + "\",\"duration\":\"" + QByteArray::number(1 + rng.bounded(9u))
                         + " yrs\"}]");
            bindText(lead, 21,
                     "[{\"school\":\"" + QByteArray(pick(rng, Schools))
                         + "\",\"degree\":\"MBA\"}]");
            bindText(lead, 22,
                     "[\"" + QByteArray(pick(rng, SkillNames)) + "\",\"" + pick(rng, SkillNames)
                         + "\"]");
            ok = sqlite3_step(lead) == SQLITE_DONE;
            if (!ok)
                QTextStream(stderr) << sqlite3_errmsg(db) << '\n';
            sqlite3_reset(lead);
        }
    }
    for (sqlite3_stmt *s : {delivery, event, campaign, lead})
        sqlite3_finalize(s);
    ok = ok
        && run(db,
               "UPDATE campaigns SET (lead_count, email_count, phone_count) = (SELECT count(*),"
               " coalesce(sum(email <> ''), 0), coalesce(sum(phone <> ''), 0) FROM leads"
               " WHERE campaign = campaigns.id)")
        && run(db, "INSERT INTO leads_fts(leads_fts) VALUES ('rebuild')") && run(db, "COMMIT")
        && run(db, "PRAGMA wal_checkpoint(TRUNCATE)") && run(db, "ANALYZE");
    out() << "generated " << campaigns * qint64(leadsPerCampaign) << " leads in " << campaigns
          << " campaigns in " << timer.elapsed() / 1000.0 << " s\n";
    out().flush();
    qdb = {};
    Database::close(u"generate"_s);
    return ok;
}

// --- measurement --------------------------------------------------------------------------

// Applies the pending query and paints the table: the time the user waits for the new rows.
double settleAndPaint(LeadTableModel &model, QTableView &view, QElapsedTimer &timer)
{
    model.waitForLoaded();
    view.viewport()->grab();
    return timer.nsecsElapsed() / 1e6;
}

// A keystroke: the time to the first painted rows (a search may show its first matches
// before the complete list), then the time until the complete list is applied.
std::pair<double, double> firstRowsThenAll(LeadTableModel &model, QTableView &view,
                                           QElapsedTimer &timer)
{
    model.waitForFirstRows();
    view.viewport()->grab();
    const double first = timer.nsecsElapsed() / 1e6;
    model.waitForLoaded();
    view.viewport()->grab();
    return {first, timer.nsecsElapsed() / 1e6};
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    int leads = 1'000'000;
    int campaigns = 400;
    bool generateOnly = false;
    bool stallsOnly = false;
    int deliveryLeads = 25'000;
    QString locale = u"en_US"_s;
    bool localeSortOnly = false;
    bool liveOnly = false;
    int liveEvents = 20;
    QList<LeadColumn::Id> sortOnly; // --sort key,key: only the sort table, for these columns
    for (int i = 0; i < args.size(); ++i) {
        if (args[i] == u"--leads"_s && i + 1 < args.size()) {
            leads = args[i + 1].toInt();
            args.remove(i, 2);
            --i;
        } else if (args[i] == u"--campaigns"_s && i + 1 < args.size()) {
            campaigns = args[i + 1].toInt();
            args.remove(i, 2);
            --i;
        } else if (args[i] == u"--sort"_s && i + 1 < args.size()) {
            for (const QString &key : args[i + 1].split(u','))
                if (const std::optional<LeadColumn::Id> column = LeadColumn::fromKey(key))
                    sortOnly.append(*column);
            args.remove(i, 2);
            --i;
        } else if (args[i] == u"--stalls"_s) {
            stallsOnly = true;
            args.remove(i);
            --i;
        } else if (args[i] == u"--delivery-leads"_s && i + 1 < args.size()) {
            deliveryLeads = std::max(1, args[i + 1].toInt());
            args.remove(i, 2);
            --i;
        } else if (args[i] == u"--generate-only"_s) {
            generateOnly = true;
            args.remove(i);
            --i;
        } else if (args[i] == u"--locale"_s && i + 1 < args.size()) {
            locale = args[i + 1];
            args.remove(i, 2);
            --i;
        } else if (args[i] == u"--locale-sort"_s) {
            localeSortOnly = true;
            args.remove(i);
            --i;
        } else if (args[i] == u"--live"_s && i + 1 < args.size()) {
            liveEvents = args[i + 1].toInt();
            liveOnly = true;
            args.remove(i, 2);
            --i;
        }
    }
    for (const QString &arg : std::as_const(args)) {
        if (arg.startsWith(u'-')) {
            std::fprintf(stderr,
                         "usage: bench_viewer [database path] [runs] [--leads N] [--campaigns N] "
                         "[--generate-only] [--sort key,key] [--stalls] [--delivery-leads N] "
                         "[--locale NAME] [--locale-sort] [--live N]\n");
            return arg == u"--help"_s || arg == u"-h"_s ? 0 : 2;
        }
    }
    const QString path = args.value(0, u"/tmp/leadviewer-bench-1m.sqlite"_s);
    const int runs = std::max(1, args.value(1, u"5"_s).toInt());

    if (!QFileInfo::exists(path)) {
        if (!generate(path, campaigns, std::max(1, leads / std::max(1, campaigns))))
            return 1;
    } else {
        // Reopened read-write once so that an older cached file is migrated.
        QString error;
        {
            QSqlDatabase db
                = Database::open(path, u"migrate"_s, Database::Access::ReadWrite, &error);
            if (!db.isOpen()) {
                QTextStream(stderr) << error << '\n';
                return 1;
            }
        }
        Database::close(u"migrate"_s);
    }
    if (generateOnly)
        return 0;
    if (stallsOnly) {
        measureGuiStalls(path, runs, deliveryLeads);
        return 0;
    }
    if (liveOnly)
        return BenchViewerSort::liveSorted(path, locale, liveEvents, out()) ? 0 : 1;

    out() << "database " << path << ", median of " << runs << " runs, milliseconds\n";
    std::vector<double> open;
    QElapsedTimer timer;
    for (int run = 0; run < runs; ++run) {
        timer.start();
        LeadTableModel model;
        model.setDatabasePath(path);
        QTableView view;
        view.resize(1400, 900);
        view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        view.verticalHeader()->setDefaultSectionSize(22);
        view.setModel(&model);
        view.show();
        open.push_back(settleAndPaint(model, view, timer));
        if (run == 0)
            out() << "  rows " << model.shownCount() << " of " << model.totalCount() << '\n';
    }
    out() << "open to first painted table: " << median(open) << '\n';

    LeadTableModel model;
    model.setDatabasePath(path);
    QTableView view;
    view.resize(1400, 900);
    view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view.verticalHeader()->setDefaultSectionSize(22);
    view.setModel(&model);
    view.show();
    model.waitForLoaded();
    view.viewport()->grab();
    model.setSortLocale(locale);
    if (localeSortOnly) {
        BenchViewerSort::localeSort(model, view, locale, runs, out());
        return 0;
    }

    // A realistic typing sequence, each keystroke applied alone (no debounce), then cleared.
    const QStringList sequences[] = {
        {u"a"_s, u"ac"_s, u"acm"_s, u"acme"_s},
        {u"j"_s, u"jo"_s, u"joh"_s, u"john"_s, u"john s"_s, u"john sm"_s},
        {u"m"_s, u"mü"_s, u"mul"_s, u"mull"_s, u"muller"_s},
    };
    for (const QStringList &sequence : sequences) {
        if (!sortOnly.isEmpty())
            break;
        std::vector<std::vector<double>> times(sequence.size() + 1);
        std::vector<std::vector<double>> complete(sequence.size() + 1);
        std::vector<qint64> shown(sequence.size() + 1);
        for (int run = 0; run < runs; ++run) {
            for (qsizetype k = 0; k <= sequence.size(); ++k) {
                LeadFilter filter = model.filter();
                filter.searchText = k < sequence.size() ? sequence[k] : QString();
                timer.start();
                model.setFilter(filter);
                const auto [first, all] = firstRowsThenAll(model, view, timer);
                times[k].push_back(first);
                complete[k].push_back(all);
                shown[k] = model.shownCount();
            }
        }
        for (qsizetype k = 0; k <= sequence.size(); ++k) {
            out() << "  search " << (k < sequence.size() ? u'"' + sequence[k] + u'"' : u"cleared"_s)
                  << ": " << median(times[k]) << " (complete list " << median(complete[k]) << ", "
                  << shown[k] << " rows)\n";
        }
    }

    // Every column, both orders. Each run starts cold: the model's worker keeps the last
    // order it computed, so it is told to forget it first (and the default order is restored).
    out() << "  sort (cold: keys read and sorted; then warm: the kept order reused)\n";
    for (LeadColumn::Id column : sortOnly.isEmpty() ? LeadColumn::all() : sortOnly) {
        for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            std::vector<double> times, warm;
            for (int run = 0; run < runs; ++run) {
                model.sort(-1);
                model.waitForLoaded();
                model.dropCachedOrders();
                timer.start();
                model.sort(int(column), order);
                times.push_back(settleAndPaint(model, view, timer));
                model.sort(-1);
                model.waitForLoaded();
                timer.start();
                model.sort(int(column), order);
                warm.push_back(settleAndPaint(model, view, timer));
            }
            out() << "  sort " << LeadColumn::key(column)
                  << (order == Qt::AscendingOrder ? " asc: "_L1 : " desc: "_L1) << median(times)
                  << " (warm " << median(warm)
                  << ") | first row: " << model.index(0, int(column)).data().toString().left(40)
                  << '\n';
        }
    }
    model.sort(-1);
    model.waitForLoaded();
    {
        // Searching within a sorted table, as a user would after sorting.
        model.dropCachedOrders();
        model.sort(int(LeadColumn::FullName), Qt::AscendingOrder);
        model.waitForLoaded();
        std::vector<double> times;
        for (int run = 0; run < runs; ++run) {
            for (const QString &text : {u"acme"_s, QString()}) {
                LeadFilter filter = model.filter();
                filter.searchText = text;
                timer.start();
                model.setFilter(filter);
                const double ms = settleAndPaint(model, view, timer);
                if (!text.isEmpty())
                    times.push_back(ms);
            }
        }
        out() << "  search \"acme\" sorted by name: " << median(times) << '\n';
    }
    {
        // Scrolling: a page fetch on the GUI thread.
        std::vector<double> times;
        for (int run = 0; run < runs * 4; ++run) {
            const int row = int(QRandomGenerator::global()->bounded(model.rowCount()));
            timer.start();
            view.scrollTo(model.index(row, 0), QAbstractItemView::PositionAtTop);
            view.viewport()->grab();
            times.push_back(timer.nsecsElapsed() / 1e6);
        }
        out() << "  jump to a random row and paint: " << median(times) << '\n';
    }
    {
        // A click on a lead: its profile with the person's other campaigns.
        QString error;
        {
            QSqlDatabase db
                = Database::open(path, u"profile"_s, Database::Access::ReadOnly, &error);
            std::vector<double> times;
            qsizetype campaignsFound = 0;
            for (int run = 0; run < runs * 4; ++run) {
                const qint64 id = 1 + QRandomGenerator::global()->bounded(model.shownCount());
                timer.start();
                const std::optional<LeadProfile> profile = LeadProfiles::load(db, id).profile;
                times.push_back(timer.nsecsElapsed() / 1e6);
                campaignsFound += profile ? profile->campaigns.size() : 0;
            }
            out() << "  lead profile with its campaigns: " << median(times) << " ("
                  << campaignsFound << " campaigns over " << runs * 4 << " leads)\n";
        }
        Database::close(u"profile"_s);
    }
    out() << "VmRSS " << procStatus("VmRSS:") << ", VmHWM " << procStatus("VmHWM:") << '\n';
    if (!sortOnly.isEmpty())
        return 0;
    BenchViewerSort::localeSort(model, view, locale, runs, out());
    const bool liveOk = BenchViewerSort::liveSorted(path, locale, liveEvents, out());
    measureGuiStalls(path, runs, deliveryLeads);
    return liveOk ? 0 : 1;
}
