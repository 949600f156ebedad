// SPDX-License-Identifier: MIT
#include "emptystate.h"

EmptyState::EmptyState(QWidget *parent)
    : QLabel(parent)
{
    setAlignment(Qt::AlignCenter);
    setWordWrap(true);
    setMargin(24);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    setOpenExternalLinks(true);
    setForegroundRole(QPalette::PlaceholderText);
}

EmptyState::~EmptyState() = default;
