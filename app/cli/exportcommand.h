// SPDX-License-Identifier: MIT
#pragma once

#include "exitcodes.h"

#include <QStringList>

class QTextStream;

/*!
    `leadviewer export [--db FILE] [--campaign ID]... [--search TEXT] [--has-email]
    [--has-phone] [--not-exported] [--mark-exported] [--columns a,b,c | --preset NAME] [--delimiter
   ,|;] [--no-bom]
    [--no-formula-guard] --out FILE.csv`

    \a args exclude the program name and the word "export". `--out -` writes to \a out's device
    (or its string when it has no device). Messages, warnings and the summary line go to \a err.
    Returns Ok, Usage (bad option, unknown column/preset/campaign, no --out), Database (no
    database file, cannot open or read it) or Output (cannot write the output).
*/
ExitCode runExportCommand(const QStringList &args, QTextStream &out, QTextStream &err);
