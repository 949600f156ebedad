// SPDX-License-Identifier: MIT
#include "sendpilotcommand.h"

#include "sendpilotfetch.h"
#include "sendpilotlaunch.h"

#include "common/settings.h"
#include "ingest/campaigntracker.h"
#include "sendpilot/apikeystore.h"
#include "sendpilot/apimodels.h"
#include "sendpilot/launchrequest.h"
#include "sendpilot/sendpilotclient.h"
#include "store/apicalllog.h"
#include "store/database.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QUuid>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SendPilotCommand", text);
}

// Closes the connection whatever path the command leaves by.
struct ConnectionGuard
{
    QString name;
    ~ConnectionGuard()
    {
        if (!name.isEmpty())
            Database::close(name);
    }
};

QJsonValue jsonNumber(const std::optional<double> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

// Digits without group separators: scripts read these lines.
QString text(const std::optional<double> &value)
{
    return value ? QString::number(*value, 'f', *value == double(qint64(*value)) ? 0 : 2)
                 : tr("unknown");
}

void printCredits(const SendPilotApi::Credits &c, bool json, QTextStream &out)
{
    if (json) {
        const QJsonObject root {
            {u"globalCredits"_s,
             QJsonObject {{u"balance"_s, jsonNumber(c.balance)},
                          {u"used"_s, jsonNumber(c.used)},
                          {u"remaining"_s, jsonNumber(c.remaining)}}},
            {u"leadDatabase"_s,
             QJsonObject {{u"quota"_s, jsonNumber(c.leadQuota)},
                          {u"used"_s, jsonNumber(c.leadUsed)},
                          {u"remaining"_s, jsonNumber(c.leadRemaining)}}},
        };
        out << QJsonDocument(root).toJson(QJsonDocument::Indented);
    } else {
        out << tr("Credits: balance %1, used %2, remaining %3")
                   .arg(text(c.balance), text(c.used), text(c.remaining))
            << '\n'
            << tr("Lead database: quota %1, used %2, remaining %3")
                   .arg(text(c.leadQuota), text(c.leadUsed), text(c.leadRemaining))
            << '\n';
    }
    out.flush();
}

// The key saved in Settings, read through the keychain (which may take an event loop).
QString savedKey(Settings &settings)
{
    ApiKeyStore store(&settings);
    QEventLoop loop;
    QObject::connect(&store, &ApiKeyStore::finished, &loop, &QEventLoop::quit);
    store.load();
    if (store.busy())
        loop.exec();
    return store.key();
}

} // namespace

ExitCode runSendPilotCommand(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Talk to the SendPilot API.\n\nCommands:\n"
           "  credits             the account's credits (global pool and lead database quota)\n"
           "  fetch CAMPAIGN_ID…  a Lead Extractor campaign's status and all of its leads, into "
           "the database (a Lead Database search the database knows, or any with --search, "
           "from the search endpoints)\n"
           "  sync                fetch every incomplete campaign in the database (what the "
           "webhook missed, or a campaign still running), once\n"
           "  launch --name NAME --url URL… --limit N [--mode M] [--url-type T] [--wait]\n"
           "                      start a Lead Extractor campaign; with --wait, follow it to "
           "its end and fetch its leads"));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption jsonOption(u"json"_s, tr("Print JSON instead of text."));
    const QCommandLineOption baseOption(
        u"api-base"_s,
        tr("The API's base URL (default: the one in Settings, else %1).")
            .arg(Setting::ApiBaseUrl.defaultValue),
        u"URL"_s);
    const QCommandLineOption keyFileOption(
        u"api-key-file"_s,
        tr("File holding the API key (else SENDPILOT_API_KEY, else the key saved in "
           "Settings)."),
        u"FILE"_s);
    const QCommandLineOption dbOption(
        u"db"_s,
        tr("Database that records the calls (default: %1).").arg(Settings::defaultDatabasePath()),
        u"FILE"_s);
    const QCommandLineOption configOption(
        u"config"_s, tr("Settings file to use instead of the user's."), u"FILE"_s);
    const QCommandLineOption timeoutOption(
        u"timeout"_s, tr("Seconds without an answer before an attempt fails (default 30)."),
        u"SECONDS"_s);
    const QCommandLineOption retriesOption(
        u"retries"_s,
        tr("Retries after a network error, a timeout, a 5xx or a 429 (default 3; 0 for none)."),
        u"N"_s);
    parser.addOptions({jsonOption, baseOption, keyFileOption, dbOption, configOption, timeoutOption,
                       retriesOption});
    // launch (POST /v1/lead-extractor/campaigns, sendpilot-webhooks.md §4.2)
    const QCommandLineOption nameOption(u"name"_s, tr("launch: the campaign's name."), u"NAME"_s);
    const QCommandLineOption urlOption(
        u"url"_s,
        tr("launch: a LinkedIn search URL (https://www.linkedin.com/search/…, or "
           "https://www.linkedin.com/sales/… with --url-type sales_navigator); repeat for more."),
        u"URL"_s);
    const QCommandLineOption limitOption(u"limit"_s,
                                         tr("launch: the most leads to extract (1 or "
                                            "more)."),
                                         u"N"_s);
    const QCommandLineOption modeOption(
        u"mode"_s, tr("launch: extraction_only (default) or with_enrichment."), u"M"_s);
    const QCommandLineOption urlTypeOption(
        u"url-type"_s, tr("launch: linkedin_search (default) or sales_navigator."), u"T"_s);
    const QCommandLineOption waitOption(
        u"wait"_s,
        tr("launch: poll the campaign until it is FINISHED or FAILED, then fetch its "
           "leads into the database."));
    const QCommandLineOption pollOption(
        u"poll"_s,
        tr("launch --wait: seconds before the second status poll (default 5; doubles "
           "up to 60)."),
        u"SECONDS"_s);
    parser.addOptions(
        {nameOption, urlOption, limitOption, modeOption, urlTypeOption, waitOption, pollOption});
    const QCommandLineOption searchOption(
        u"search"_s,
        tr("fetch: the ids are Lead Database searches (GET /v1/lead-database/searches/…); "
           "searches the database already holds are known without it."));
    parser.addOption(searchOption);
    parser.addPositionalArgument(u"command"_s, tr("credits, fetch CAMPAIGN_ID…, sync or launch"));
    const QCommandLineOption helpOption = parser.addHelpOption();

    const auto usageError = [&err](const QString &message) {
        err << "leadviewer sendpilot: " << message << '\n'
            << tr("Run “leadviewer sendpilot --help” for the options.") << '\n';
        err.flush();
        return ExitCode::Usage;
    };
    if (!parser.parse(QStringList {u"leadviewer sendpilot"_s} + args))
        return usageError(parser.errorText());
    if (parser.isSet(helpOption)) {
        out << parser.helpText();
        out.flush();
        return ExitCode::Ok;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return usageError(tr("Name a command: credits, fetch, sync or launch."));
    const QString command = positional.constFirst();
    if (command != "credits"_L1 && command != "fetch"_L1 && command != "sync"_L1
        && command != "launch"_L1)
        return usageError(tr("Unknown command “%1”. Commands: credits, fetch, sync, launch.")
                              .arg(command.left(100)));
    const QStringList campaignIds = positional.mid(1);
    if (command != "fetch"_L1 && !campaignIds.isEmpty())
        return usageError(tr("Unexpected argument “%1”.").arg(campaignIds.constFirst().left(100)));
    if (command != "credits"_L1 && parser.isSet(jsonOption))
        return usageError(tr("--json is for credits only."));
    if (command != "fetch"_L1 && parser.isSet(searchOption))
        return usageError(tr("--search is for fetch only."));
    for (const QCommandLineOption *option : {&nameOption, &urlOption, &limitOption, &modeOption,
                                             &urlTypeOption, &waitOption, &pollOption}) {
        if (command != "launch"_L1 && parser.isSet(*option))
            return usageError(tr("--%1 is for launch only.").arg(option->names().constFirst()));
    }
    SendPilotApi::LaunchRequest launch;
    int firstPollMs = TrackerTiming().firstPollMs;
    if (command == "launch"_L1) {
        if (!parser.isSet(nameOption) || !parser.isSet(urlOption) || !parser.isSet(limitOption))
            return usageError(
                tr("launch needs --name NAME, --url URL (one or more) and --limit N."));
        launch.name = parser.value(nameOption);
        launch.urls = parser.values(urlOption);
        bool ok = false;
        launch.limit = parser.value(limitOption).toLongLong(&ok);
        if (!ok)
            return usageError(tr("--limit takes a whole number of leads, 1 or more."));
        if (parser.isSet(modeOption)) {
            const auto mode = SendPilotApi::modeFromName(parser.value(modeOption));
            if (!mode)
                return usageError(tr("--mode takes extraction_only or with_enrichment."));
            launch.mode = *mode;
        }
        if (parser.isSet(urlTypeOption)) {
            const auto type = SendPilotApi::urlTypeFromName(parser.value(urlTypeOption));
            if (!type)
                return usageError(tr("--url-type takes linkedin_search or sales_navigator."));
            launch.urlType = *type;
        }
        // Every problem, before any request: nothing is sent until all is right.
        const QList<SendPilotApi::LaunchProblem> problems = SendPilotApi::validateLaunch(launch);
        if (!problems.isEmpty()) {
            for (qsizetype i = 0; i + 1 < problems.size(); ++i)
                err << "leadviewer sendpilot: " << problems.at(i).message << '\n';
            return usageError(problems.constLast().message);
        }
        if (parser.isSet(pollOption)) {
            if (!parser.isSet(waitOption))
                return usageError(tr("--poll is for launch --wait."));
            const double seconds = parser.value(pollOption).toDouble(&ok);
            if (!ok || seconds < 0.001 || seconds > 3600)
                return usageError(tr("--poll takes a number of seconds from 0.001 to 3600."));
            firstPollMs = qMax(1, int(seconds * 1000));
        }
    }
    if (command == "fetch"_L1) {
        if (campaignIds.isEmpty())
            return usageError(tr("Name the campaigns to fetch: fetch CAMPAIGN_ID…"));
        for (const QString &id : campaignIds) {
            if (!SendPilotApi::isValidCampaignId(id))
                return usageError(tr("“%1” is not a campaign id (letters, digits, '_', '-' and "
                                     "'.', as in camp_abc123).")
                                      .arg(id.left(100)));
        }
    }

    std::unique_ptr<Settings> settings = parser.isSet(configOption)
        ? std::make_unique<Settings>(parser.value(configOption))
        : std::make_unique<Settings>();

    SendPilotClientConfig config;
    config.baseUrl = settings->apiBaseUrl();
    if (parser.isSet(baseOption)) {
        if (!Settings::isValidApiBaseUrl(parser.value(baseOption)))
            return usageError(tr("--api-base takes an http(s) URL such as %1; got “%2”.")
                                  .arg(Setting::ApiBaseUrl.defaultValue, parser.value(baseOption)));
        config.baseUrl = QUrl(parser.value(baseOption).trimmed());
    }
    if (parser.isSet(timeoutOption)) {
        bool ok = false;
        const double seconds = parser.value(timeoutOption).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 3600)
            return usageError(tr("--timeout takes a number of seconds from 0.001 to 3600."));
        config.timeoutMs = qMax(1, int(seconds * 1000));
    }
    if (parser.isSet(retriesOption)) {
        bool ok = false;
        const int retries = parser.value(retriesOption).toInt(&ok);
        if (!ok || retries < 0 || retries > 10)
            return usageError(tr("--retries takes a number from 0 to 10."));
        config.maxAttempts = retries + 1;
    }

    if (parser.isSet(keyFileOption)) {
        QString error;
        config.apiKey = ApiKeyStore::readKeyFile(parser.value(keyFileOption), &error);
        if (config.apiKey.isEmpty())
            return usageError(error);
    } else if (const QString fromEnv = qEnvironmentVariable("SENDPILOT_API_KEY").trimmed();
               !fromEnv.isEmpty()) {
        config.apiKey = fromEnv;
    } else {
        config.apiKey = savedKey(*settings);
    }
    if (config.apiKey.isEmpty())
        return usageError(tr("No SendPilot API key: give --api-key-file FILE, set "
                             "SENDPILOT_API_KEY, or save one in the app's Settings."));

    const QString dbPath = parser.isSet(dbOption) ? parser.value(dbOption)
        : settings->databasePath().isEmpty()      ? Settings::defaultDatabasePath()
                                                  : settings->databasePath();
    ConnectionGuard guard;
    guard.name = u"sendpilot-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString dbError;
    QSqlDatabase db = Database::open(dbPath, guard.name, Database::Access::ReadWrite, &dbError);
    if (!db.isValid() || !db.isOpen()) {
        err << "leadviewer sendpilot: " << dbError << '\n';
        err.flush();
        return ExitCode::Database;
    }

    if (command == "fetch"_L1)
        return runSendPilotFetch(config, db, campaignIds, out, err,
                                 parser.isSet(searchOption) ? SourceChoice::Searches
                                                            : SourceChoice::AsStored);
    if (command == "sync"_L1)
        return runSendPilotSync(config, db, out, err);
    if (command == "launch"_L1)
        return runSendPilotLaunch(config, db, launch, parser.isSet(waitOption), firstPollMs, out,
                                  err);

    SendPilotClient client;
    client.setConfig(config);
    QList<ApiCallRecord> records;
    QObject::connect(&client, &SendPilotClient::callRecorded, &client,
                     [&records](const ApiCallRecord &record) { records.append(record); });
    QObject::connect(
        &client, &SendPilotClient::retryScheduled, &client,
        [&err](const QString &, int attempt, qint64 delayMs, ApiVerdict) {
            err << tr("Retrying (attempt %1) in %2 s…").arg(attempt).arg(double(delayMs) / 1000.0)
                << '\n';
            err.flush();
        });
    ApiResponse response;
    {
        QEventLoop loop;
        SendPilotCall *call = client.fetchCredits();
        QObject::connect(call, &SendPilotCall::finished, &loop,
                         [&response, &loop](const ApiResponse &r) {
                             response = r;
                             loop.quit();
                         });
        loop.exec();
    }
    QString recordError;
    if (!ApiCallLog::append(db, records, &recordError)) {
        err << "leadviewer sendpilot: " << tr("Cannot record the API calls: %1").arg(recordError)
            << '\n';
        err.flush();
    }
    if (!response.ok()) {
        err << "leadviewer sendpilot: " << response.message << '\n';
        err.flush();
        return isAuthRefusal(response.verdict) ? ExitCode::AuthRefused : ExitCode::Api;
    }
    QString parseError;
    const std::optional<SendPilotApi::Credits> credits
        = SendPilotApi::parseCredits(response.body, &parseError);
    if (!credits) { // validated by fetchCredits(); kept for safety
        err << "leadviewer sendpilot: " << parseError << '\n';
        return ExitCode::Api;
    }
    printCredits(*credits, parser.isSet(jsonOption), out);
    return ExitCode::Ok;
}
