// SPDX-License-Identifier: MIT
#include "windowgeometry.h"

#include <QScreen>
#include <QWidget>

#include <algorithm>

namespace WindowGeometry {

QRect firstStart(const QSize &preferred, const QRect &available)
{
    const QSize size = preferred.boundedTo(available.size() * 0.9);
    QRect frame(QPoint(), size);
    frame.moveCenter(available.center());
    return frame;
}

QRect clamped(const QRect &frame, const QRect &available)
{
    QRect result(frame.topLeft(), frame.size().boundedTo(available.size()));
    result.moveLeft(std::clamp(result.left(), available.left(),
                               available.left() + available.width() - result.width()));
    result.moveTop(std::clamp(result.top(), available.top(),
                              available.top() + available.height() - result.height()));
    return result;
}

void clampToScreen(QWidget *window)
{
    const QScreen *screen = window->screen();
    if (!screen)
        return;
    const QRect available = screen->availableGeometry();
    const QRect frame = window->frameGeometry();
    const QRect fitted = clamped(frame, available);
    if (fitted == frame)
        return;
    // The frame (title bar, borders) is part of what must fit: the client area shrinks by as
    // much as the frame had to.
    const QSize client = window->size() - (frame.size() - fitted.size());
    window->resize(client.expandedTo(window->minimumSize()));
    window->move(fitted.topLeft());
}

} // namespace WindowGeometry
