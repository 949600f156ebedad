// SPDX-License-Identifier: MIT
#include "signalwatcher.h"

#include "cli/cli.h"
#include "cli/commandline.h"
#include "cli/exitcodes.h"

#include "common/settings.h"
#include "ingest/ingestservice.h"

#ifdef LEADVIEWER_WITH_GUI
#include "mainwindow.h"

#include <QApplication>
#endif
#include <QCoreApplication>
#include <QTextStream>
#include <memory>

using namespace Qt::StringLiterals;

namespace {
// The receiver, with or without the window: the one mode that needs ui/.
int runReceiver(const RunOptions &options, bool gui)
{
    std::unique_ptr<Settings> settings = options.configFile.isEmpty()
        ? std::make_unique<Settings>()
        : std::make_unique<Settings>(options.configFile);
    EndpointConfig config = EndpointConfig::fromSettings(*settings);
    options.applyTo(config);

    IngestService service;
    QObject::connect(&service, &IngestService::delivered, &service,
                     [](const DeliveryInfo &info) { Cli::err() << info.logLine() << Qt::endl; });

    QString error;
    const bool listening = service.start(config, &error);
    if (listening) {
        Cli::err() << "listening on " << service.url().toString() << Qt::endl;
        if (!service.verifying())
            Cli::err() << "warning: no webhook secret configured: events are accepted unverified"
                       << Qt::endl;
        Cli::err() << "database " << config.databasePath << Qt::endl;
    } else {
        Cli::err() << "leadviewer: " << error << Qt::endl;
        if (!gui)
            return exitStatus(service.storeOpen() ? ExitCode::Listen : ExitCode::Database);
    }

    SignalWatcher watcher;
    // Not qApp: with the Widgets header it casts to QApplication, which a headless run is not.
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, QCoreApplication::instance(),
                     [](int signal) {
                         Cli::err() << "stopping (signal " << signal << ")" << Qt::endl;
                         QCoreApplication::quit();
                     });

    int code = exitStatus(ExitCode::Ok);
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
#ifdef LEADVIEWER_WITH_GUI
/// Why no window can open here (a server, an SSH session without X forwarding), or empty.
/// Checked before QApplication exists: Qt would abort with "Reinstalling the application may
/// fix this problem", which is not the problem.
QString missingDisplay()
{
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    const bool needsDisplay
        = platform.isEmpty() || platform.startsWith("xcb") || platform.startsWith("wayland");
    if (!needsDisplay || qEnvironmentVariableIsSet("DISPLAY")
        || qEnvironmentVariableIsSet("WAYLAND_DISPLAY")) {
        return QString();
    }
    return u"no display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window cannot "
           "open.\nTo run the receiver without a window: leadviewer --headless [options]"_s;
}
#endif
} // namespace

int main(int argc, char **argv)
{
    if (argc > 1 && Cli::isCommand(QByteArrayView(argv[1]))) {
        QCoreApplication app(argc, argv);
        Cli::setApplicationIdentity();
        return exitStatus(Cli::runCommand(QCoreApplication::arguments()));
    }

    bool headless = false;
    bool informational = false; // --help, --version: no window either way
    for (int i = 1; i < argc; ++i) {
        const QByteArrayView arg(argv[i]);
        headless = headless || arg == "--headless";
        informational
            = informational || arg == "--help" || arg == "-h" || arg == "--version" || arg == "-v";
    }

#ifdef LEADVIEWER_WITH_GUI
    if (!headless && !informational) {
        if (const QString why = missingDisplay(); !why.isEmpty()) {
            QTextStream(stderr) << "leadviewer: " << why << Qt::endl;
            return exitStatus(ExitCode::Usage);
        }
    }
    std::unique_ptr<QCoreApplication> app = headless || informational
        ? std::make_unique<QCoreApplication>(argc, argv)
        : std::make_unique<QApplication>(argc, argv);
#else
    // This build has no window: it always runs the receiver headless.
    headless = true;
    auto app = std::make_unique<QCoreApplication>(argc, argv);
#endif
    Cli::setApplicationIdentity();
    QString error;
    ExitCode exitCode = ExitCode::Ok;
    const std::optional<RunOptions> options
        = CommandLine::parseRun(QCoreApplication::arguments(), &error, &exitCode);
    if (!options) {
        if (!error.isEmpty())
            Cli::err() << "leadviewer: " << error << Qt::endl;
        return exitStatus(exitCode);
    }
    return runReceiver(*options, !headless);
}
