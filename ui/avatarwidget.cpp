// SPDX-License-Identifier: MIT
#include "avatarwidget.h"

#include <QPainter>
#include <QPainterPath>

namespace {
constexpr int AvatarSize = 72;
}

AvatarWidget::AvatarWidget(QWidget *parent)
    : QWidget(parent)
{
    setFixedSize(AvatarSize, AvatarSize);
}

AvatarWidget::~AvatarWidget() = default;

void AvatarWidget::setInitials(const QString &initials)
{
    m_initials = initials;
    update();
}

void AvatarWidget::setPhoto(const QImage &photo)
{
    m_photo = photo;
    update();
}

void AvatarWidget::clearPhoto()
{
    m_photo = QImage();
    update();
}

QSize AvatarWidget::sizeHint() const
{
    return {AvatarSize, AvatarSize};
}

void AvatarWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    const QRectF circle = QRectF(rect()).adjusted(1, 1, -1, -1);
    QPainterPath clip;
    clip.addEllipse(circle);
    if (!m_photo.isNull()) {
        painter.setClipPath(clip);
        // Crop to a centred square, then scale to the circle.
        const int side = qMin(m_photo.width(), m_photo.height());
        const QRect source((m_photo.width() - side) / 2, (m_photo.height() - side) / 2, side, side);
        painter.drawImage(circle, m_photo, source);
        return;
    }
    painter.setPen(Qt::NoPen);
    painter.setBrush(palette().color(QPalette::Highlight));
    painter.drawEllipse(circle);
    QFont font = painter.font();
    font.setPixelSize(int(circle.height() * 0.38));
    font.setBold(true);
    painter.setFont(font);
    painter.setPen(palette().color(QPalette::HighlightedText));
    painter.drawText(circle, Qt::AlignCenter,
                     m_initials.isEmpty() ? QStringLiteral("?") : m_initials);
}
