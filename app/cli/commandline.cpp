// SPDX-License-Identifier: MIT
#include "commandline.h"

#include "common/version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

using namespace Qt::StringLiterals;

void RunOptions::applyTo(EndpointConfig &config) const
{
    if (database)
        config.databasePath = *database;
    if (address)
        config.address = *address;
    if (port)
        config.port = *port;
    if (path)
        config.path = path->startsWith(u'/') ? *path : u'/' + *path;
    if (!secrets.isEmpty())
        config.secrets = secrets;
    if (maxBodyBytes)
        config.maxBodyBytes = *maxBodyBytes;
}

namespace CommandLine {

bool parseListen(const QString &text, std::optional<QHostAddress> *address, quint16 *port)
{
    QString host;
    QString portText = text;
    if (text.startsWith(u'[')) {
        const qsizetype close = text.indexOf(u"]:"_s);
        if (close < 0)
            return false;
        host = text.mid(1, close - 1);
        portText = text.mid(close + 2);
    } else if (const qsizetype colon = text.lastIndexOf(u':'); colon >= 0) {
        host = text.left(colon);
        portText = text.mid(colon + 1);
    }
    bool ok = false;
    const uint value = portText.toUInt(&ok);
    if (!ok || value > 65535)
        return false;
    *port = quint16(value);
    if (!host.isEmpty()) {
        QHostAddress parsed;
        if (host == u"localhost"_s)
            parsed = QHostAddress(QHostAddress::LocalHost);
        else if (!parsed.setAddress(host))
            return false;
        *address = parsed;
    }
    return true;
}

std::optional<RunOptions> parseRun(const QStringList &arguments, QString *error, ExitCode *exitCode)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main",
        "Receives SendPilot webhooks and shows campaigns, credits and leads.\n\n"
        "Subcommands:\n"
        "  leadviewer import FILE.json... [--db FILE]   store saved event payloads\n"
        "  leadviewer export --out FILE.csv [options]   write leads as CSV or XLSX (export "
        "--help)\n"
        "  leadviewer sendpilot credits [--json]        the SendPilot account's credits\n"
        "  leadviewer sendpilot fetch|sync|launch ...   campaigns from the SendPilot API "
        "(sendpilot --help)"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption headless(u"headless"_s,
                                      QCoreApplication::translate("main",
                                                                  "Run the receiver "
                                                                  "without a window."));
    const QCommandLineOption listen(
        u"listen"_s,
        QCoreApplication::translate("main",
                                    "Address and port to listen on (default "
                                    "127.0.0.1:8787; port 0 picks a free one)."),
        u"ADDR:PORT"_s);
    const QCommandLineOption path(
        u"path"_s,
        QCoreApplication::translate("main", "Webhook path (default /webhooks/sendpilot)."),
        u"PATH"_s);
    const QCommandLineOption db(u"db"_s, QCoreApplication::translate("main", "Database file."),
                                u"FILE"_s);
    const QCommandLineOption secret(
        u"secret"_s,
        QCoreApplication::translate("main",
                                    "Webhook signing secret; repeat for a rotation. "
                                    "Other users of this machine can read it in the "
                                    "process list: prefer --secret-file."),
        u"SECRET"_s);
    const QCommandLineOption secretFile(
        u"secret-file"_s,
        QCoreApplication::translate("main",
                                    "File with the webhook signing secrets, one per "
                                    "line (two during a rotation)."),
        u"FILE"_s);
    const QCommandLineOption maxBody(
        u"max-body"_s, QCoreApplication::translate("main", "Largest request body in bytes."),
        u"BYTES"_s);
    const QCommandLineOption config(
        u"config"_s,
        QCoreApplication::translate("main",
                                    "Settings file to use instead of the "
                                    "user's."),
        u"FILE"_s);
    parser.addOptions({headless, listen, path, db, secret, secretFile, maxBody, config});

    *exitCode = ExitCode::Ok;
    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        *exitCode = ExitCode::Usage;
        return std::nullopt;
    }
    if (parser.isSet(u"help"_s)) {
        QTextStream(stdout) << parser.helpText();
        return std::nullopt;
    }
    if (parser.isSet(u"version"_s)) {
        QTextStream(stdout) << "leadviewer " << LeadViewer::Version << '\n';
        return std::nullopt;
    }
    if (!parser.positionalArguments().isEmpty()) {
        *error = QCoreApplication::translate("main", "Unknown argument: %1")
                     .arg(parser.positionalArguments().constFirst());
        *exitCode = ExitCode::Usage;
        return std::nullopt;
    }

    RunOptions options;
    options.headless = parser.isSet(headless);
    options.configFile = parser.value(config);
    if (parser.isSet(db))
        options.database = parser.value(db);
    if (parser.isSet(listen)) {
        quint16 port = 0;
        if (!parseListen(parser.value(listen), &options.address, &port)) {
            *error = QCoreApplication::translate("main",
                                                 "--listen takes ADDR:PORT, such as "
                                                 "127.0.0.1:8787; got \"%1\"")
                         .arg(parser.value(listen));
            *exitCode = ExitCode::Usage;
            return std::nullopt;
        }
        options.port = port;
    }
    if (parser.isSet(path))
        options.path = parser.value(path);
    options.secrets = parser.values(secret);
    for (const QString &fileName : parser.values(secretFile)) {
        QFile file(fileName);
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
            *error = QCoreApplication::translate("main", "Cannot read the secret file %1: %2")
                         .arg(fileName, file.errorString());
            *exitCode = ExitCode::Usage;
            return std::nullopt;
        }
        const QList<QByteArray> lines = file.readAll().split('\n');
        for (const QByteArray &line : lines) {
            const QString secretText = QString::fromUtf8(line).trimmed();
            if (!secretText.isEmpty() && !secretText.startsWith(u'#'))
                options.secrets << secretText;
        }
    }
    if (parser.isSet(maxBody)) {
        bool ok = false;
        const qint64 bytes = parser.value(maxBody).toLongLong(&ok);
        if (!ok || bytes <= 0) {
            *error = QCoreApplication::translate("main",
                                                 "--max-body takes a positive number "
                                                 "of bytes");
            *exitCode = ExitCode::Usage;
            return std::nullopt;
        }
        options.maxBodyBytes = bytes;
    }
    return options;
}

} // namespace CommandLine
