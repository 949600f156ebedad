// SPDX-License-Identifier: MIT
// `leadviewer sendpilot credits|fetch|sync|launch`, the real binary against the local fake
// SendPilot API: what it prints, its exit codes (0, 2, 3, 5, 6 of app/cli/exitcodes.h), the calls
// it records, and the key in none of its output nor in the database.
#include "store/database.h"

#include "fakesendpilot.h"
#include "receiverprocess.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using TestSupport::FakeSendPilot;

namespace {
const QByteArray Key = "sp_live_cli_secret_0042";
const QByteArray EnvKey = "sp_live_from_environment_7";
} // namespace

class TestSendPilotCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void creditsAsText();
    void creditsAsJson();
    void keyFromTheEnvironmentAndTheFileFirst();
    void refusedKeyExitsFive_data();
    void refusedKeyExitsFive();
    void apiFailuresExitSix_data();
    void apiFailuresExitSix();
    void serverErrorThenSuccessWithARetry();
    void usageErrorsExitTwo_data();
    void usageErrorsExitTwo();
    void unusableDatabaseExitsThree();
    void syncFetchesWhatIsIncompleteOnce();
    void fetchSearchAsksTheSearchEndpoints();
    void launchWaitFollowsTheCampaignAndFetchesItsLeads();
    void launchWithoutWaitSaysTheId();
    void launchRefusedKeyExitsFive();

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    /// `leadviewer sendpilot ARGUMENTS`.
    Run run(const QStringList &arguments, const QByteArray &envKey = {});
    /// `leadviewer ARGUMENTS`.
    Run runCommand(const QStringList &arguments, const QByteArray &envKey = {});
    QString dbPath() const { return m_dir.filePath(u"cli.sqlite"_s); }
    QByteArray storedBytes() const;

    QTemporaryDir m_dir;
    QString m_keyFile;
    std::unique_ptr<FakeSendPilot> m_api;
};

void TestSendPilotCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(QFileInfo::exists(TestSupport::ReceiverProcess::binary()));
    m_keyFile = m_dir.filePath(u"api.key"_s);
    QFile file(m_keyFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("# SendPilot API key\n" + Key + "\n");
}

void TestSendPilotCli::init()
{
    m_api = std::make_unique<FakeSendPilot>();
}

TestSendPilotCli::Run TestSendPilotCli::run(const QStringList &arguments, const QByteArray &envKey)
{
    return runCommand(QStringList {u"sendpilot"_s} + arguments, envKey);
}

TestSendPilotCli::Run TestSendPilotCli::runCommand(const QStringList &arguments,
                                                   const QByteArray &envKey)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HOME"_s, m_dir.filePath(u"home"_s)); // never the user's settings or keychain
    env.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"home/.config"_s));
    env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/leadviewer-test-bus"_s);
    env.remove(u"DISPLAY"_s);
    env.remove(u"SENDPILOT_API_KEY"_s);
    if (!envKey.isEmpty())
        env.insert(u"SENDPILOT_API_KEY"_s, QString::fromLatin1(envKey));
    process.setProcessEnvironment(env);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(TestSupport::ReceiverProcess::binary(), arguments);
    Run result;
    // The fake answers from this process's event loop: wait on the signal, not waitForFinished().
    if (!process.waitForStarted(10000) || !finished.wait(30000))
        return result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QByteArray TestSendPilotCli::storedBytes() const
{
    QByteArray bytes;
    for (const QString &suffix : {u""_s, u"-wal"_s}) {
        QFile file(dbPath() + suffix);
        if (file.open(QIODevice::ReadOnly))
            bytes += file.readAll();
    }
    return bytes;
}

void TestSendPilotCli::creditsAsText()
{
    m_api->script("/v1/credits",
                  FakeSendPilot::Response::json(200, FakeSendPilot::creditsExample()));
    const Run r = run({u"credits"_s, u"--api-base"_s, m_api->url().toString(), u"--api-key-file"_s,
                       m_keyFile, u"--db"_s, dbPath()});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out,
             "Credits: balance 6200, used 1200, remaining 5000\n"
             "Lead database: quota 10000, used 3500, remaining 6500\n");
    QCOMPARE(m_api->requests().size(), 1);
    QCOMPARE(m_api->requests().constFirst().header("x-api-key"), Key);
    QVERIFY(!r.out.contains(Key) && !r.err.contains(Key));

    // The call is recorded, and the key is nowhere in the database file.
    {
        QString error;
        QSqlDatabase db
            = Database::open(dbPath(), u"cli-check"_s, Database::Access::ReadOnly, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        QSqlQuery query(db);
        QVERIFY(query.exec(u"SELECT method, path, status, verdict, attempt FROM api_calls"_s));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), u"GET"_s);
        QCOMPARE(query.value(1).toString(), u"/v1/credits"_s);
        QCOMPARE(query.value(2).toInt(), 200);
        QCOMPARE(query.value(3).toString(), u"ok"_s);
        QCOMPARE(query.value(4).toInt(), 1);
        QVERIFY(!query.next());
    }
    Database::close(u"cli-check"_s);
    const QByteArray stored = storedBytes();
    QVERIFY(stored.contains("/v1/credits")); // so the search below can find things
    QVERIFY(!stored.contains(Key));
}

void TestSendPilotCli::creditsAsJson()
{
    m_api->script("/v1/credits",
                  FakeSendPilot::Response::json(
                      200, R"({"globalCredits":{"balance":10,"used":4,"remaining":6}})"));
    const Run r = run({u"credits"_s, u"--json"_s, u"--api-base"_s, m_api->url().toString(),
                       u"--api-key-file"_s, m_keyFile, u"--db"_s, dbPath()});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QJsonParseError error;
    const QJsonObject root = QJsonDocument::fromJson(r.out, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(root.value("globalCredits"_L1).toObject().value("remaining"_L1).toDouble(), 6.0);
    // What the API did not give is null, not 0.
    QVERIFY(root.value("leadDatabase"_L1).toObject().value("quota"_L1).isNull());
}

void TestSendPilotCli::keyFromTheEnvironmentAndTheFileFirst()
{
    m_api->script("/v1/credits",
                  FakeSendPilot::Response::json(200, FakeSendPilot::creditsExample()));
    Run r = run({u"credits"_s, u"--api-base"_s, m_api->url().toString(), u"--db"_s, dbPath()},
                EnvKey);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(m_api->requests().constLast().header("x-api-key"), EnvKey);
    r = run({u"credits"_s, u"--api-base"_s, m_api->url().toString(), u"--api-key-file"_s, m_keyFile,
             u"--db"_s, dbPath()},
            EnvKey);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(m_api->requests().constLast().header("x-api-key"), Key);
}

void TestSendPilotCli::refusedKeyExitsFive_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("401") << 401 << QByteArray("Invalid API key");
    QTest::newRow("403") << 403
                         << QByteArray("API key does not have permission to access this workspace");
}

void TestSendPilotCli::refusedKeyExitsFive()
{
    QFETCH(int, status);
    QFETCH(QByteArray, message);
    m_api->script("/v1/credits", FakeSendPilot::Response::error(status, message, "Refused"));
    const Run r = run({u"credits"_s, u"--api-base"_s, m_api->url().toString(), u"--api-key-file"_s,
                       m_keyFile, u"--db"_s, dbPath()});
    QCOMPARE(r.exitCode, 5);
    QVERIFY(r.out.isEmpty());
    QVERIFY2(r.err.contains(message), r.err.constData());
    QCOMPARE(m_api->requests().size(), 1); // not retried
}

void TestSendPilotCli::apiFailuresExitSix_data()
{
    QTest::addColumn<int>("kind"); // 0 a 500, 1 malformed JSON, 2 nothing listening, 3 timeout
    QTest::addColumn<QByteArray>("said");
    QTest::newRow("500") << 0 << QByteArray("HTTP 500");
    QTest::newRow("malformed JSON") << 1 << QByteArray("not JSON");
    QTest::newRow("connection refused") << 2 << QByteArray("Cannot reach SendPilot");
    QTest::newRow("timeout") << 3 << QByteArray("did not answer");
}

void TestSendPilotCli::apiFailuresExitSix()
{
    QFETCH(int, kind);
    QFETCH(QByteArray, said);
    QString base = m_api->url().toString();
    if (kind == 0)
        m_api->script("/v1/credits", FakeSendPilot::Response::error(500, "boom", "Internal"));
    if (kind == 1)
        m_api->script("/v1/credits", FakeSendPilot::Response::json(200, "{\"globalCredits\":"));
    if (kind == 2) {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        base = u"http://127.0.0.1:%1"_s.arg(probe.serverPort());
    }
    if (kind == 3)
        m_api->script("/v1/credits",
                      FakeSendPilot::Response::json(200, FakeSendPilot::creditsExample(), 5000));
    const Run r = run({u"credits"_s, u"--api-base"_s, base, u"--api-key-file"_s, m_keyFile,
                       u"--db"_s, dbPath(), u"--retries"_s, u"0"_s, u"--timeout"_s, u"0.3"_s});
    QCOMPARE(r.exitCode, 6);
    QVERIFY2(r.err.contains(said), r.err.constData());
    QVERIFY(!r.err.contains(Key));
}

void TestSendPilotCli::serverErrorThenSuccessWithARetry()
{
    m_api->script("/v1/credits", FakeSendPilot::Response::error(502, "Bad gateway", "Bad Gateway"));
    m_api->script("/v1/credits",
                  FakeSendPilot::Response::json(200, FakeSendPilot::creditsExample()));
    const Run r = run({u"credits"_s, u"--api-base"_s, m_api->url().toString(), u"--api-key-file"_s,
                       m_keyFile, u"--db"_s, dbPath(), u"--retries"_s, u"1"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.contains("Retrying (attempt 2) in 1 s"), r.err.constData());
    QCOMPARE(m_api->requestCount("/v1/credits"), 2);
}

void TestSendPilotCli::usageErrorsExitTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("said");
    QTest::newRow("no command") << QStringList() << QByteArray("Name a command");
    QTest::newRow("unknown command")
        << QStringList {u"launch-rockets"_s} << QByteArray("Unknown command");
    QTest::newRow("unknown option")
        << QStringList {u"credits"_s, u"--frobnicate"_s} << QByteArray("frobnicate");
    QTest::newRow("no key anywhere")
        << QStringList {u"credits"_s} << QByteArray("No SendPilot API key");
    QTest::newRow("missing key file")
        << QStringList {u"credits"_s, u"--api-key-file"_s, u"/nonexistent/key"_s}
        << QByteArray("Cannot read the API key file");
    QTest::newRow("bad base URL") << QStringList {u"credits"_s, u"--api-base"_s, u"ftp://x"_s}
                                  << QByteArray("--api-base");
    QTest::newRow("sync takes no campaign")
        << QStringList {u"sync"_s, u"camp_1"_s} << QByteArray("Unexpected argument");
    QTest::newRow("json is for credits")
        << QStringList {u"sync"_s, u"--json"_s} << QByteArray("--json is for credits only");
    QTest::newRow("fetch without a campaign")
        << QStringList {u"fetch"_s} << QByteArray("Name the campaigns to fetch");
    QTest::newRow("bad retries") << QStringList {u"credits"_s, u"--retries"_s, u"many"_s}
                                 << QByteArray("--retries");
    const QString search = u"https://www.linkedin.com/search/results/people/?keywords=cto"_s;
    QTest::newRow("launch without a limit")
        << QStringList {u"launch"_s, u"--name"_s, u"CTOs"_s, u"--url"_s, search}
        << QByteArray("launch needs --name NAME, --url URL (one or more) and --limit N");
    QTest::newRow("launch with a profile URL")
        << QStringList {u"launch"_s,
                        u"--name"_s,
                        u"CTOs"_s,
                        u"--url"_s,
                        search,
                        u"--url"_s,
                        u"https://www.linkedin.com/in/someone"_s,
                        u"--limit"_s,
                        u"5"_s}
        << QByteArray("is not a LinkedIn search");
    QTest::newRow("launch with a zero limit")
        << QStringList {u"launch"_s, u"--name"_s,  u"CTOs"_s, u"--url"_s,
                        search,      u"--limit"_s, u"0"_s}
        << QByteArray("1 or more");
    QTest::newRow("launch with a bad mode")
        << QStringList {u"launch"_s,  u"--name"_s, u"CTOs"_s,   u"--url"_s,   search,
                        u"--limit"_s, u"5"_s,      u"--mode"_s, u"enriched"_s}
        << QByteArray("--mode takes extraction_only or with_enrichment");
    QTest::newRow("wait is for launch")
        << QStringList {u"sync"_s, u"--wait"_s} << QByteArray("--wait is for launch only");
}

void TestSendPilotCli::usageErrorsExitTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, said);
    const Run r = run(arguments + QStringList {u"--db"_s, dbPath()});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(said), r.err.constData());
    QVERIFY(m_api->requests().isEmpty());
}

void TestSendPilotCli::unusableDatabaseExitsThree()
{
    m_api->script("/v1/credits",
                  FakeSendPilot::Response::json(200, FakeSendPilot::creditsExample()));
    QVERIFY(QDir().mkpath(m_dir.filePath(u"a-folder.sqlite"_s)));
    const Run r = run({u"credits"_s, u"--api-base"_s, m_api->url().toString(), u"--api-key-file"_s,
                       m_keyFile, u"--db"_s, m_dir.filePath(u"a-folder.sqlite"_s)});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("folder"), r.err.constData());
}

void TestSendPilotCli::syncFetchesWhatIsIncompleteOnce()
{
    // Two webhooks saved while the laptop was closed... one holds 50 of its 120 leads.
    const QString db = m_dir.filePath(u"sync.sqlite"_s);
    const QString shortFile = m_dir.filePath(u"short.json"_s);
    const QString fullFile = m_dir.filePath(u"full.json"_s);
    for (const auto &[path, body] :
         {std::pair {shortFile, FakeSendPilot::jobCompletedBody("evt_s", "camp_short", 120, 50)},
          std::pair {fullFile, FakeSendPilot::jobCompletedBody("evt_f", "camp_full", 30, 30)}}) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(body);
    }
    const Run imported = runCommand({u"import"_s, shortFile, fullFile, u"--db"_s, db});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    m_api->serveCampaign("camp_short", 120);
    m_api->serveCampaign("camp_full", 30);
    const QStringList common {
        u"--api-base"_s, m_api->url().toString(), u"--api-key-file"_s, m_keyFile, u"--db"_s, db};

    // The catch-up fetches the incomplete campaign only, to its last page.
    const Run first = run(QStringList {u"sync"_s} + common);
    QVERIFY2(first.exitCode == 0, first.err.constData());
    QVERIFY2(first.out.contains("1 incomplete campaign to fetch\n"), first.out.constData());
    QVERIFY2(
        first.out.contains("camp_short: FINISHED; 2 result pages read, 120 leads (2 pages new"),
        first.out.constData());
    QVERIFY2(first.out.contains("the campaign now has 120 leads"), first.out.constData());
    QVERIFY(!first.out.contains("still incomplete"));
    QCOMPARE(m_api->requestCount(FakeSendPilot::statusPath("camp_short")), 1);
    QCOMPARE(m_api->requestCount(FakeSendPilot::resultsPath("camp_short")), 2);
    QCOMPARE(m_api->requestCount(FakeSendPilot::statusPath("camp_full")), 0);

    // Once complete, nothing is left to do.
    const Run second = run(QStringList {u"sync"_s} + common);
    QVERIFY2(second.exitCode == 0, second.err.constData());
    QCOMPARE(second.out, "Nothing to catch up: no campaign in the database is incomplete.\n");
    QCOMPARE(m_api->requests().size(), 3);

    // A campaign asked for by name is fetched whatever its state.
    const Run fetched = run(QStringList {u"fetch"_s, u"camp_full"_s} + common);
    QVERIFY2(fetched.exitCode == 0, fetched.err.constData());
    QVERIFY2(fetched.out.startsWith("camp_full: FINISHED; 1 result page read, 30 leads"),
             fetched.out.constData());
    QCOMPARE(m_api->requestCount(FakeSendPilot::statusPath("camp_full")), 1);
    QVERIFY(!first.out.contains(Key) && !first.err.contains(Key) && !fetched.out.contains(Key));
}

void TestSendPilotCli::fetchSearchAsksTheSearchEndpoints()
{
    // A Lead Database search (issue 12 item 8) the database does not know yet: --search says
    // whose endpoints to ask (§5.5), and the answer makes a search of it.
    const QByteArray status = "/v1/lead-database/searches/search_cli/status";
    const QByteArray results = "/v1/lead-database/searches/search_cli/results";
    m_api->script(
        status,
        FakeSendPilot::Response::json(200,
                                      R"({"id":"search_cli","status":"completed","progress":100,)"
                                      R"("totalResults":1})"));
    m_api->script(
        results,
        FakeSendPilot::Response::json(200,
                                      R"({"leads":[{"id":"l1","full_name":"Ada Lovelace",)"
                                      R"("job_title":"CTO","industry":"Computing"}],)"
                                      R"("pagination":{"has_more":false}})"));
    const QString db = m_dir.filePath(u"search.sqlite"_s);
    const QStringList common {
        u"--api-base"_s, m_api->url().toString(), u"--api-key-file"_s, m_keyFile, u"--db"_s, db};
    const Run r = run(QStringList {u"fetch"_s, u"--search"_s, u"search_cli"_s} + common);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.startsWith("search_cli: completed; 1 result page read, 1 lead (1 page new to "
                              "the database); the search now has 1 lead\n"),
             r.out.constData());
    QCOMPARE(m_api->requestCount(status), 1);
    QCOMPARE(m_api->requestCount(results), 1);
    QCOMPARE(m_api->requestCount("/v1/lead-extractor/campaigns/search_cli/status"), 0);
    // Once stored, the database says it is a search: no --search needed.
    const Run again = run(QStringList {u"fetch"_s, u"search_cli"_s} + common);
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QCOMPARE(m_api->requestCount(status), 2);
    {
        QSqlDatabase sql = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"search-cli-check"_s);
        sql.setDatabaseName(db);
        QVERIFY(sql.open());
        QSqlQuery query(sql);
        QVERIFY(query.exec(u"SELECT c.source, l.industry, l.job_position FROM leads l"
                           " JOIN campaigns c ON c.id = l.campaign"_s));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), 1);
        QCOMPARE(query.value(1).toString(), u"Computing"_s);
        QCOMPARE(query.value(2).toString(), u"CTO"_s);
    }
    QSqlDatabase::removeDatabase(u"search-cli-check"_s);
    // --search belongs to fetch.
    const Run wrong = run(QStringList {u"sync"_s, u"--search"_s} + common);
    QCOMPARE(wrong.exitCode, 2);
    QVERIFY2(wrong.err.contains("--search is for fetch only"), wrong.err.constData());
}

void TestSendPilotCli::launchWaitFollowsTheCampaignAndFetchesItsLeads()
{
    m_api->serveLaunch("camp_cli", {{"PENDING", 0, 0}, {"RUNNING", 45, 54}, {"FINISHED", 100, 120}},
                       120);
    const QString url = u"https://www.linkedin.com/sales/search/people?query=(keywords%3Acto)"_s;
    const Run r = run({u"launch"_s,
                       u"--name"_s,
                       u"CTOs in Berlin"_s,
                       u"--url"_s,
                       url,
                       u"--limit"_s,
                       u"120"_s,
                       u"--mode"_s,
                       u"with_enrichment"_s,
                       u"--url-type"_s,
                       u"sales_navigator"_s,
                       u"--wait"_s,
                       u"--poll"_s,
                       u"0.01"_s,
                       u"--api-base"_s,
                       m_api->url().toString(),
                       u"--api-key-file"_s,
                       m_keyFile,
                       u"--db"_s,
                       dbPath()});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out,
             "Launched camp_cli “CTOs in Berlin”: at most 120 leads, with enrichment, 1 search "
             "URL.\n"
             "camp_cli: PENDING 0 % (0 extracted, 0 enriched of 120)\n"
             "camp_cli: RUNNING 45 % (54 extracted, 54 enriched of 120)\n"
             "camp_cli: FINISHED; 2 result pages read, 120 leads (2 pages new to the database); "
             "the campaign now has 120 leads\n");
    const QJsonObject body = QJsonDocument::fromJson(m_api->requests().constFirst().body).object();
    QCOMPARE(body.value("url_type"_L1).toString(), u"sales_navigator"_s);
    QCOMPARE(m_api->requests().constFirst().header("x-api-key"), Key);
    QVERIFY(!r.out.contains(Key) && !r.err.contains(Key));

    QString error;
    QSqlDatabase db = Database::open(dbPath(), u"cli-launch"_s, Database::Access::ReadOnly, &error);
    QVERIFY2(db.isOpen(), qPrintable(error));
    {
        QSqlQuery q(db);
        QVERIFY(q.exec(u"SELECT name, lead_count, results_complete, api_status, mode"
                       " FROM campaigns"_s));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), u"CTOs in Berlin"_s);
        QCOMPARE(q.value(1).toInt(), 120);
        QCOMPARE(q.value(2).toInt(), 1);
        QCOMPARE(q.value(3).toString(), u"FINISHED"_s);
        QCOMPARE(q.value(4).toString(), u"with_enrichment"_s);
        QVERIFY(!q.next());
        QVERIFY(q.exec(u"SELECT count(*) FROM api_calls WHERE method = 'POST'"_s) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
    }
    db = QSqlDatabase();
    Database::close(u"cli-launch"_s);
    QVERIFY(!storedBytes().contains(Key));
}

void TestSendPilotCli::launchWithoutWaitSaysTheId()
{
    m_api->serveLaunch("camp_nowait", {{"PENDING", 0, 0}}, 10);
    const Run r = run({u"launch"_s, u"--name"_s, u"Quick"_s, u"--url"_s,
                       u"https://www.linkedin.com/search/results/people/?keywords=cto"_s,
                       u"--limit"_s, u"10"_s, u"--api-base"_s, m_api->url().toString(),
                       u"--api-key-file"_s, m_keyFile, u"--db"_s, dbPath()});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out,
             "Launched camp_nowait “Quick”: at most 10 leads, extraction only, 1 search URL.\n"
             "Follow it with: leadviewer sendpilot fetch camp_nowait\n");
    QCOMPARE(m_api->requests().size(), 1); // no poll without --wait
}

void TestSendPilotCli::launchRefusedKeyExitsFive()
{
    m_api->script(FakeSendPilot::launchPath(),
                  FakeSendPilot::Response::error(401, "Invalid API key", "Unauthorized"));
    const Run r = run({u"launch"_s, u"--name"_s, u"Quick"_s, u"--url"_s,
                       u"https://www.linkedin.com/search/results/people/?keywords=cto"_s,
                       u"--limit"_s, u"10"_s, u"--wait"_s, u"--api-base"_s, m_api->url().toString(),
                       u"--api-key-file"_s, m_keyFile, u"--db"_s, dbPath()});
    QCOMPARE(r.exitCode, 5);
    QVERIFY2(r.err.contains("Invalid API key"), r.err.constData());
    QCOMPARE(m_api->requests().size(), 1); // refused once, not retried
    QVERIFY(r.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestSendPilotCli)
#include "tst_sendpilotcli.moc"
