// SPDX-License-Identifier: MIT
#pragma once

#include <QLabel>

/// A centred, word-wrapped sentence that tells the user what to do when a view has nothing to
/// show ("No campaigns yet: point SendPilot at …"). Links open in the browser.
class EmptyState final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmptyState)

public:
    explicit EmptyState(QWidget *parent = nullptr);
    ~EmptyState() override;
};
