// SPDX-License-Identifier: MIT
#pragma once

#include "exitcodes.h"

#include <QByteArrayView>
#include <QStringList>

class QTextStream;

/// The pieces of `leadviewer`'s command line that need no window: the subcommands and what
/// every mode shares. main() only picks the mode.
namespace Cli {
/// Organisation, application name and version, which decide where settings and data live.
void setApplicationIdentity();
/// Standard error, shared by every mode.
QTextStream &err();
/// True when \a word (argv[1]) names a subcommand: import, export or sendpilot.
bool isCommand(QByteArrayView word);
/// Runs the subcommand named by \a arguments[1] (\a arguments as QCoreApplication::arguments()
/// gives them, program name first) with standard output and error.
ExitCode runCommand(const QStringList &arguments);
} // namespace Cli
