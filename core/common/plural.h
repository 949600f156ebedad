// SPDX-License-Identifier: MIT
#pragma once

#include <QLocale>
#include <QString>

/// A count in words with its English singular and plural: plural(n, tr("%n lead"),
/// tr("%n leads")). Each form goes through tr() whole, so a translation can reword both (and
/// make a verb agree: "1 lead has", "3 leads have"); "%n" becomes the number in the user's
/// locale (1,954). This replaces tr("%n lead(s)", nullptr, n), which without a .ts file with
/// numerus forms shows "lead(s)" to English readers.
inline QString plural(qint64 n, const QString &one, const QString &many)
{
    QString text = n == 1 ? one : many;
    return text.replace(QStringLiteral("%n"), QLocale().toString(n));
}
