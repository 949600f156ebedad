// SPDX-License-Identifier: MIT
#include "quickfilterbutton.h"

using namespace Qt::StringLiterals;

namespace {
const QString CheckMark = u"\u2713 "_s;
} // namespace

QuickFilterButton::QuickFilterButton(const QString &text, const QString &toolTip, QWidget *parent)
    : QToolButton(parent)
    , m_label(text)
{
    setCheckable(true);
    setToolButtonStyle(Qt::ToolButtonTextOnly);
    setToolTip(toolTip);
    setText(CheckMark + text);
    setMinimumWidth(sizeHint().width());
    setText(text);
    connect(this, &QToolButton::toggled, this, &QuickFilterButton::showState);
}

void QuickFilterButton::showState(bool on)
{
    setText(on ? CheckMark + m_label : m_label);
    setPalette(QPalette());
    if (on) {
        QPalette pal = palette();
        pal.setColor(QPalette::Button, pal.color(QPalette::Highlight));
        pal.setColor(QPalette::ButtonText, pal.color(QPalette::HighlightedText));
        setPalette(pal);
    }
}
