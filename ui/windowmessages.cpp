// SPDX-License-Identifier: MIT
#include "windowmessages.h"

#include "common/plural.h"

#include <QCoreApplication>
#include <QDir>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("MainWindow", text);
}

QString fileName(const QString &source)
{
    // A source such as "delivery 42" is not a path; separators change only in paths.
    return QDir::toNativeSeparators(source);
}
} // namespace

namespace WindowMessages {

QString storeCounts(const StoreCounts &counts)
{
    return tr("%1 · %2 · %3")
        .arg(plural(counts.campaigns, tr("%n campaign"), tr("%n campaigns")),
             plural(counts.leads, tr("%n lead"), tr("%n leads")),
             plural(counts.events, tr("%n event"), tr("%n events")));
}

QString storeNotOpen()
{
    // Short enough for the status bar at any width; the whole reason is in the campaign list.
    return tr("The database did not open: choose another file in Settings (Ctrl+,).");
}

QString campaignsEmpty(bool storeOpen, bool listening, const QUrl &url, const QString &storeError,
                       const QUrl &publicUrl)
{
    if (!storeOpen) {
        const QString what
            = storeError.isEmpty() ? tr("The database could not be opened.") : storeError;
        return tr("%1\n\nNothing can be shown or stored until a database opens: choose another "
                  "file in Settings (Ctrl+,).")
            .arg(what);
    }
    if (listening && publicUrl.isValid()) {
        return tr("No campaigns yet: give SendPilot the webhook URL %1 (Copy URL copies it); "
                  "your tunnel must forward it to %2. Help > Send Test Event tries it here; saved "
                  "event JSON can be dropped on the window.")
            .arg(publicUrl.toString(), url.toString());
    }
    if (listening) {
        return tr("No campaigns yet: point SendPilot's webhook at %1 through a public HTTPS "
                  "tunnel, for example \"cloudflared tunnel --url http://127.0.0.1:%2\" or "
                  "\"ngrok http %2\" (then the tunnel's address followed by %3). Help > Send "
                  "Test Event tries it here; saved event JSON can be dropped on the window.")
            .arg(url.toString())
            .arg(url.port())
            .arg(url.path());
    }
    return tr("No campaigns yet, and the endpoint is not listening. Open Settings (Ctrl+,) to "
              "pick a free port, or import saved event JSON (Ctrl+I).");
}

ImportMessage importReport(const Importer::Report &report)
{
    ImportMessage message;
    message.status = tr("Imported: %1 stored, %2 duplicate, %3 failed")
                         .arg(report.stored)
                         .arg(report.duplicates)
                         .arg(report.failed);
    if (report.failed == 0)
        return message;
    QList<const Importer::FileResult *> failed;
    for (const Importer::FileResult &file : report.files) {
        if (!file.ok)
            failed << &file;
    }
    const QString expected = tr("Files must hold one SendPilot event each, as a JSON object "
                                "with eventId and eventType.");
    message.warningTitle = tr("Import");
    if (failed.size() == 1) {
        const Importer::FileResult &file = *failed.constFirst();
        message.warningText = tr("%1 was not imported: %2.").arg(fileName(file.source), file.error);
        if (report.files.size() > 1)
            message.warningText += u' '
                + plural(report.files.size() - 1, tr("The other file is stored."),
                         tr("The other %n files are stored."));
        message.warningText += u"\n\n"_s + expected;
        return message;
    }
    QStringList lines;
    for (const Importer::FileResult *file : std::as_const(failed))
        lines << tr("%1: %2").arg(fileName(file->source), file->error);
    message.warningText
        = plural(failed.size(), tr("%n file was not imported."), tr("%n files were not imported."))
        + u' ' + expected + u"\n\n"_s + lines.join(u'\n');
    return message;
}

} // namespace WindowMessages
