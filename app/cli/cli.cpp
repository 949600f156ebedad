// SPDX-License-Identifier: MIT
#include "cli.h"

#include "exportcommand.h"
#include "importcommand.h"
#include "sendpilotcommand.h"

#include "common/version.h"

#include <QCoreApplication>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace Cli {

void setApplicationIdentity()
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

bool isCommand(QByteArrayView word)
{
    return word == "import" || word == "export" || word == "sendpilot";
}

ExitCode runCommand(const QStringList &arguments)
{
    const QString command = arguments.value(1);
    const QStringList args = arguments.mid(2);
    QTextStream out(stdout);
    if (command == "import"_L1)
        return runImportCommand(args, out, err());
    if (command == "export"_L1)
        return runExportCommand(args, out, err());
    if (command == "sendpilot"_L1)
        return runSendPilotCommand(args, out, err());
    err() << "leadviewer: unknown command " << command << Qt::endl;
    return ExitCode::Usage;
}

} // namespace Cli
