// SPDX-License-Identifier: MIT
#include "newmarkdelegate.h"

#include "accentcolors.h"

#include "models/modelroles.h"

#include <QPainter>
#include <QPixmap>

namespace {
QIcon dotIcon(const QColor &colour, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    const qreal d = size * 0.5;
    painter.drawEllipse(QRectF((size - d) / 2, (size - d) / 2, d, d));
    return QIcon(pixmap);
}
} // namespace

NewMarkDelegate::NewMarkDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

NewMarkDelegate::~NewMarkDelegate() = default;

void NewMarkDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (!index.siblingAtColumn(0).data(ModelRoles::IsNewRole).toBool())
        return;
    option->font.setBold(true);
    if (index.column() == 0) {
        const int size = option->fontMetrics.height();
        option->features |= QStyleOptionViewItem::HasDecoration;
        // On a selected row the dot takes the selection's text colour: any accent may match
        // the highlight.
        const QColor colour = option->state.testFlag(QStyle::State_Selected)
            ? option->palette.color(QPalette::HighlightedText)
            : AccentColors::newMark(option->palette);
        option->icon = dotIcon(colour, size);
        option->decorationSize = QSize(size, size);
    }
}
