// SPDX-License-Identifier: MIT
#pragma once

#include <QRect>
#include <QSize>

class QWidget;

/// Where a top-level window goes: a first window sized to the screen it opens on, and a restored
/// geometry kept inside the screen's available area (a laptop's 1366x768, a 2x-scaled screen).
namespace WindowGeometry {
/// The first window: \a preferred, no larger than 90 % of \a available, centred in it.
QRect firstStart(const QSize &preferred, const QRect &available);
/// \a frame moved and shrunk as little as possible to lie inside \a available.
QRect clamped(const QRect &frame, const QRect &available);
/// Applies clamped() to \a window's frame on the screen it is on (after restoreGeometry()).
void clampToScreen(QWidget *window);
} // namespace WindowGeometry
