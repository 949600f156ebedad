// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

/// Text compared the way the lead search compares it (FTS5's unicode61 tokenizer with
/// remove_diacritics): without case and without accents, so "muller" finds "Müller" and
/// "aicha" finds "Aïcha". For small in-memory lists (campaigns); the leads use the index.
namespace TextFold {

/// Case-folded, with combining marks removed after canonical decomposition, and the few
/// Latin letters that do not decompose (ł, ø, đ, ß) spelt as their base letters.
QString folded(QStringView text);
/// The folded words of a search box's text; empty when it holds only spaces.
QStringList foldedWords(QStringView text);

} // namespace TextFold
