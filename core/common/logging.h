// SPDX-License-Identifier: MIT
#pragma once

#include "common/limits.h"

#include <QByteArrayView>
#include <QLoggingCategory>
#include <QString>
#include <QStringView>

Q_DECLARE_LOGGING_CATEGORY(lcHttp)
Q_DECLARE_LOGGING_CATEGORY(lcWebhook)
Q_DECLARE_LOGGING_CATEGORY(lcStore)
Q_DECLARE_LOGGING_CATEGORY(lcIngest)
Q_DECLARE_LOGGING_CATEGORY(lcExport)
Q_DECLARE_LOGGING_CATEGORY(lcUi)
Q_DECLARE_LOGGING_CATEGORY(lcModels)
Q_DECLARE_LOGGING_CATEGORY(lcApi)

/*!
    \a text from an untrusted source (a request, a file), made safe to put on one line of a log
    or of a list: it can neither end the line nor pretend to start another. Newline, carriage
    return and tab become \n, \r and \t; other C0 and C1 controls and DEL become \xNN; the
    Unicode line and paragraph separators and the bidirectional overrides (which can make a
    line read differently from what it holds) become \u{NNNN}; a backslash becomes \\, so every
    escape reads back unambiguously. At most \a maxChars characters of \a text are kept; a
    longer text ends in "...[N more]".
*/
QString logSafe(QStringView text, qsizetype maxChars = Limits::MaxLoggedValueChars);
/// logSafe() for bytes, read as UTF-8 (invalid sequences show as U+FFFD).
QString logSafe(QByteArrayView bytes, qsizetype maxChars = Limits::MaxLoggedValueChars);
/// Characters that change how a line reads without being visible: the separators some viewers
/// (and JavaScript) treat as line ends, the bidirectional embeddings, overrides and isolates
/// ("Trojan Source"), and the byte order mark.
bool isInvisibleControl(char16_t c);
