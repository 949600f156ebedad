// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QString>

/// A request body as text that shows every byte and hides none.
struct RawText
{
    QString text;
    qsizetype bytesShown = 0; ///< how many of the bytes \a text stands for
};

/*!
    \a bytes as received, for reading: valid UTF-8 as its characters, line feeds and tabs as
    such (a body's layout is part of what was sent), and everything that could hide or fake
    content made visible: other C0 controls, DEL, C1 controls, the bidirectional overrides and
    the invisible separators (isInvisibleControl()) become their code point ("⟨U+000D⟩" for a
    carriage return, "⟨U+202E⟩"); each byte that is not part of valid UTF-8 becomes "⟨xFF⟩". Nothing
   is re-ordered, re-indented or dropped. Only the first \a maxBytes bytes are read (never cutting a
   character in two).
*/
RawText rawText(QByteArrayView bytes, qsizetype maxBytes);
