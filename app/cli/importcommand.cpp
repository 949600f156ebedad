// SPDX-License-Identifier: MIT
#include "importcommand.h"

#include "common/settings.h"
#include "ingest/importer.h"
#include "store/database.h"
#include "store/eventstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

using namespace Qt::StringLiterals;

ExitCode runImportCommand(const QStringList &args, QTextStream &out, QTextStream &err)
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
    // QCommandLineParser expects the program name first.
    if (!parser.parse(QStringList {u"leadviewer"_s} + args)) {
        err << "leadviewer import: " << parser.errorText() << Qt::endl;
        return ExitCode::Usage;
    }
    if (parser.isSet(u"help"_s)) {
        out << parser.helpText();
        out.flush();
        return ExitCode::Ok;
    }
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        err << "leadviewer import: name at least one JSON file" << Qt::endl;
        return ExitCode::Usage;
    }
    const QString path = parser.isSet(db) ? parser.value(db) : Settings::defaultDatabasePath();
    QString error;
    QSqlDatabase database = Database::open(path, u"import"_s, Database::Access::ReadWrite, &error);
    if (!database.isOpen()) {
        err << "leadviewer import: " << error << Qt::endl;
        return ExitCode::Database;
    }
    Importer::Report report;
    {
        EventStore store(database);
        report = Importer::importFiles(store, files);
    }
    database = QSqlDatabase();
    Database::close(u"import"_s);

    for (const Importer::FileResult &file : std::as_const(report.files)) {
        if (file.ok) {
            out << (file.duplicate ? "duplicate " : "stored    ") << file.source << ": "
                << file.eventType << ' ' << file.eventId << ", " << file.leadCount
                << (file.leadCount == 1 ? " lead\n" : " leads\n");
        } else {
            err << "error     " << file.source << ": " << file.error << '\n';
        }
    }
    out.flush();
    err << report.stored << " stored, " << report.duplicates << " duplicate, " << report.failed
        << " failed; database " << path << Qt::endl;
    return report.failed > 0 ? ExitCode::BadInput : ExitCode::Ok;
}
