// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>
#include <QWidget>

class QCheckBox;
class QLineEdit;
class QVBoxLayout;

/// Webhook secrets, one masked line each (two are live for 24 hours after a rotation), with
/// add and remove buttons and a "Show" toggle that reveals them all.
class SecretListEdit final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretListEdit)

public:
    explicit SecretListEdit(QWidget *parent = nullptr);
    ~SecretListEdit() override;

    /// The non-empty secrets, trimmed, in order.
    QStringList secrets() const;
    void setSecrets(const QStringList &secrets);
    bool isRevealed() const;
    void setRevealed(bool revealed);
    QList<QLineEdit *> lineEdits() const { return m_edits; }

Q_SIGNALS:
    void edited();

private:
    QLineEdit *addLine(const QString &text);
    void removeLine(QLineEdit *edit);

    QVBoxLayout *m_lines;
    QCheckBox *m_show;
    QList<QLineEdit *> m_edits;
};
