// SPDX-License-Identifier: MIT
#include "commandline.h"
#include "signalwatcher.h"

#include "common/settings.h"
#include "common/version.h"
#include "export/exportcommand.h"
#include "ingest/importer.h"
#include "ingest/ingestservice.h"
#include "store/database.h"
#include "store/eventstore.h"

#ifdef LEADVIEWER_WITH_GUI
#include "mainwindow.h"

#include <QApplication>
#endif
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>
#include <memory>

using namespace Qt::StringLiterals;

namespace {
// Exit codes shared by every mode.
constexpr int ExitOk = 0;
constexpr int ExitBadInput = 1; // a file that is not an event, a request the store refused
constexpr int ExitUsage = 2;
constexpr int ExitDatabase = 3;
constexpr int ExitListen = 4;

void setIdentity()
{
    QCoreApplication::setOrganizationName(u"LeadViewer"_s);
    QCoreApplication::setApplicationName(u"leadviewer"_s);
    QCoreApplication::setApplicationVersion(QString(LeadViewer::Version));
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int runImport(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main",
                                    "Stores saved SendPilot event payloads (JSON files) "
                                    "through the same path as the endpoint."));
    parser.addHelpOption();
    const QCommandLineOption db(u"db"_s, QCoreApplication::translate("main", "Database file."),
                                u"FILE"_s);
    parser.addOption(db);
    parser.addPositionalArgument(
        u"files"_s, QCoreApplication::translate("main", "Event JSON files."), u"FILE.json..."_s);
    if (!parser.parse(arguments)) {
        err() << "leadviewer import: " << parser.errorText() << Qt::endl;
        return ExitUsage;
    }
    if (parser.isSet(u"help"_s)) {
        QTextStream(stdout) << parser.helpText();
        return ExitOk;
    }
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        err() << "leadviewer import: name at least one JSON file" << Qt::endl;
        return ExitUsage;
    }
    const QString path = parser.isSet(db) ? parser.value(db) : Settings::defaultDatabasePath();
    QString error;
    QSqlDatabase database = Database::open(path, u"import"_s, Database::Access::ReadWrite, &error);
    if (!database.isOpen()) {
        err() << "leadviewer import: " << error << Qt::endl;
        return ExitDatabase;
    }
    Importer::Report report;
    {
        EventStore store(database);
        report = Importer::importFiles(store, files);
    }
    database = QSqlDatabase();
    Database::close(u"import"_s);

    QTextStream out(stdout);
    for (const Importer::FileResult &file : std::as_const(report.files)) {
        if (file.ok) {
            out << (file.duplicate ? "duplicate " : "stored    ") << file.source << ": "
                << file.eventType << ' ' << file.eventId << ", " << file.leadCount << " leads\n";
        } else {
            err() << "error     " << file.source << ": " << file.error << '\n';
        }
    }
    out.flush();
    err() << report.stored << " stored, " << report.duplicates << " duplicate, " << report.failed
          << " failed; database " << path << Qt::endl;
    return report.failed > 0 ? ExitBadInput : ExitOk;
}

int runReceiver(const RunOptions &options, bool gui)
{
    std::unique_ptr<Settings> settings = options.configFile.isEmpty()
        ? std::make_unique<Settings>()
        : std::make_unique<Settings>(options.configFile);
    EndpointConfig config = EndpointConfig::fromSettings(*settings);
    options.applyTo(config);

    IngestService service;
    QObject::connect(&service, &IngestService::delivered, &service,
                     [](const DeliveryInfo &info) { err() << info.logLine() << Qt::endl; });

    QString error;
    const bool listening = service.start(config, &error);
    if (listening) {
        err() << "listening on " << service.url().toString() << Qt::endl;
        if (!service.verifying())
            err() << "warning: no webhook secret configured: events are accepted unverified"
                  << Qt::endl;
        err() << "database " << config.databasePath << Qt::endl;
    } else {
        err() << "leadviewer: " << error << Qt::endl;
        if (!gui)
            return service.storeOpen() ? ExitListen : ExitDatabase;
    }

    SignalWatcher watcher;
    // Not qApp: with the Widgets header it casts to QApplication, which a headless run is not.
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, QCoreApplication::instance(),
                     [](int signal) {
                         err() << "stopping (signal " << signal << ")" << Qt::endl;
                         QCoreApplication::quit();
                     });

    int code = ExitOk;
#ifdef LEADVIEWER_WITH_GUI
    if (gui) {
        MainWindow window(&service, settings.get(), config, error);
        window.show();
        code = QCoreApplication::exec();
    } else {
        code = QCoreApplication::exec();
    }
#else
    Q_UNUSED(gui);
    code = QCoreApplication::exec();
#endif
    service.stop();
    return code;
}
} // namespace

int main(int argc, char **argv)
{
    const QByteArray command = argc > 1 ? QByteArray(argv[1]) : QByteArray();
    if (command == "import" || command == "export") {
        QCoreApplication app(argc, argv);
        setIdentity();
        QStringList arguments = QCoreApplication::arguments();
        arguments.removeAt(1); // the subcommand; the parser expects the program name first
        if (command == "import")
            return runImport(arguments);
        QTextStream out(stdout);
        return runExportCommand(arguments.mid(1), out, err());
    }

    bool headless = false;
    for (int i = 1; i < argc; ++i)
        headless = headless || QByteArrayView(argv[i]) == "--headless";

#ifdef LEADVIEWER_WITH_GUI
    std::unique_ptr<QCoreApplication> app = headless
        ? std::make_unique<QCoreApplication>(argc, argv)
        : std::make_unique<QApplication>(argc, argv);
#else
    // This build has no window: it always runs the receiver headless.
    headless = true;
    auto app = std::make_unique<QCoreApplication>(argc, argv);
#endif
    setIdentity();
    QString error;
    int exitCode = ExitOk;
    const std::optional<RunOptions> options
        = CommandLine::parseRun(QCoreApplication::arguments(), &error, &exitCode);
    if (!options) {
        if (!error.isEmpty())
            err() << "leadviewer: " << error << Qt::endl;
        return exitCode;
    }
    return runReceiver(*options, !headless);
}
