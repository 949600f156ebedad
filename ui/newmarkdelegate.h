// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>

/// Shows rows whose ModelRoles::IsNewRole is true in bold with a dot before the first column,
/// drawn in the palette's highlight colour, so new campaigns stand out until looked at.
class NewMarkDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NewMarkDelegate)

public:
    explicit NewMarkDelegate(QObject *parent = nullptr);
    ~NewMarkDelegate() override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};
