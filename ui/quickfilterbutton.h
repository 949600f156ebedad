// SPDX-License-Identifier: MIT
#pragma once

#include <QToolButton>

/*!
    A checkable quick filter of the lead table ("Has email", "One row per person"). A checked
    tool button is only a shade darker in most styles, so an active filter takes the
    selection's colours and a check mark, in the width the button always has (the row does not
    jump when it is toggled).
*/
class QuickFilterButton final : public QToolButton
{
    Q_OBJECT

public:
    QuickFilterButton(const QString &text, const QString &toolTip, QWidget *parent = nullptr);

    /// The text without the check mark: what a filter summary says.
    QString label() const { return m_label; }

private:
    void showState(bool on);

    QString m_label;
};
