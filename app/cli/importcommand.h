// SPDX-License-Identifier: MIT
#pragma once

#include "exitcodes.h"

#include <QStringList>

class QTextStream;

/*!
    `leadviewer import [--db FILE] FILE.json...`: stores saved SendPilot event payloads through
    the same path as the endpoint.

    \a args exclude the program name and the word "import". One line per file goes to \a out
    (errors to \a err), then the summary to \a err. Returns Ok, BadInput (a file was not an
    event), Usage or Database.
*/
ExitCode runImportCommand(const QStringList &args, QTextStream &out, QTextStream &err);
