// SPDX-License-Identifier: MIT
#pragma once

#include <QImage>
#include <QWidget>

/// A round profile photo, or the person's initials in a circle drawn in palette colours when
/// there is no photo (none given, remote images off, offline, failed).
class AvatarWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AvatarWidget)

public:
    explicit AvatarWidget(QWidget *parent = nullptr);
    ~AvatarWidget() override;

    void setInitials(const QString &initials);
    QString initials() const { return m_initials; }
    void setPhoto(const QImage &photo);
    void clearPhoto();
    bool hasPhoto() const { return !m_photo.isNull(); }

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_initials;
    QImage m_photo;
};
