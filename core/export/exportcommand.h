// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

class QTextStream;

/// Exit codes of `leadviewer export`.
namespace ExportExitCode {
inline constexpr int Ok = 0;
inline constexpr int Usage = 2; ///< bad option, unknown column/preset/campaign, no --out
inline constexpr int Database = 3; ///< no database file, cannot open or read it
inline constexpr int Output = 4; ///< cannot write the output (permission, disk full, ...)
} // namespace ExportExitCode

/*!
    `leadviewer export [--db FILE] [--campaign ID]... [--search TEXT] [--has-email]
    [--has-phone] [--columns a,b,c | --preset NAME] [--delimiter ,|;] [--no-bom]
    [--no-formula-guard] --out FILE.csv`

    \a args exclude the program name and the word "export". `--out -` writes to \a out's device
    (or its string when it has no device). Messages, warnings and the summary line go to \a err.
    Returns an ExportExitCode.
*/
int runExportCommand(const QStringList &args, QTextStream &out, QTextStream &err);
