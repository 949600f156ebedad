// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QPalette>

/// Colours that mean something (a chart's series, the "new" mark), taken from the Okabe-Ito
/// palette, which stays distinguishable with every common colour-vision deficiency, and picked
/// per palette so that each stands out on a light and on a dark background. Everything else
/// follows the system palette.
namespace AccentColors {

inline bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

/// Blue and orange: apart in hue and in lightness, so two stacked series never read as one.
inline QColor firstSeries(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x56, 0xB4, 0xE9) /* sky blue */
                           : QColor(0x00, 0x72, 0xB2) /* blue */;
}

inline QColor secondSeries(const QPalette &palette)
{
    Q_UNUSED(palette);
    return QColor(0xE6, 0x9F, 0x00); // orange
}

/// The "new" dot: vermillion on light, orange on dark (the system highlight is a dim blue in
/// many dark palettes, and vanishes on a selected row).
inline QColor newMark(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xF5, 0xA6, 0x23) : QColor(0xD5, 0x5E, 0x00);
}

/// Text that says what is wrong with a field: vermillion on light, a light red on dark.
inline QColor problemText(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xFF, 0x8A, 0x80) : QColor(0xB0, 0x3A, 0x00);
}

} // namespace AccentColors
