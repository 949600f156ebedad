// SPDX-License-Identifier: MIT
#include "secretlistedit.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

SecretListEdit::SecretListEdit(QWidget *parent)
    : QWidget(parent)
    , m_lines(new QVBoxLayout)
    , m_show(new QCheckBox(tr("S&how secrets"), this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_lines->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_lines);
    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(tr("&Add Secret"), this);
    add->setToolTip(tr("Add a second secret while SendPilot rotates them"));
    buttons->addWidget(add);
    buttons->addStretch();
    buttons->addWidget(m_show);
    layout->addLayout(buttons);
    m_show->setObjectName(u"showSecrets"_s);
    connect(add, &QPushButton::clicked, this, [this] {
        addLine(QString())->setFocus();
        Q_EMIT edited();
    });
    connect(m_show, &QCheckBox::toggled, this, &SecretListEdit::setRevealed);
    setSecrets({});
}

SecretListEdit::~SecretListEdit() = default;

QStringList SecretListEdit::secrets() const
{
    QStringList list;
    for (const QLineEdit *edit : m_edits) {
        const QString secret = edit->text().trimmed();
        if (!secret.isEmpty())
            list << secret;
    }
    return list;
}

void SecretListEdit::setSecrets(const QStringList &secrets)
{
    while (!m_edits.isEmpty())
        removeLine(m_edits.constLast());
    for (const QString &secret : secrets)
        addLine(secret);
    if (m_edits.isEmpty())
        addLine(QString());
}

bool SecretListEdit::isRevealed() const
{
    return m_show->isChecked();
}

void SecretListEdit::setRevealed(bool revealed)
{
    m_show->setChecked(revealed);
    for (QLineEdit *edit : std::as_const(m_edits))
        edit->setEchoMode(revealed ? QLineEdit::Normal : QLineEdit::Password);
}

QLineEdit *SecretListEdit::addLine(const QString &text)
{
    auto *row = new QWidget(this);
    auto *box = new QHBoxLayout(row);
    box->setContentsMargins(0, 0, 0, 0);
    auto *edit = new QLineEdit(text, row);
    edit->setEchoMode(isRevealed() ? QLineEdit::Normal : QLineEdit::Password);
    edit->setPlaceholderText(tr("whsec_… from SendPilot's webhook settings"));
    edit->setClearButtonEnabled(true);
    auto *remove = new QToolButton(row);
    remove->setIcon(QIcon::fromTheme(u"list-remove"_s));
    if (remove->icon().isNull())
        remove->setText(tr("Remove"));
    remove->setToolTip(tr("Remove this secret"));
    box->addWidget(edit, 1);
    box->addWidget(remove);
    m_lines->addWidget(row);
    m_edits << edit;
    connect(edit, &QLineEdit::textChanged, this, &SecretListEdit::edited);
    connect(remove, &QToolButton::clicked, this, [this, edit] {
        removeLine(edit);
        if (m_edits.isEmpty())
            addLine(QString());
        Q_EMIT edited();
    });
    return edit;
}

void SecretListEdit::removeLine(QLineEdit *edit)
{
    m_edits.removeOne(edit);
    QWidget *row = edit->parentWidget();
    m_lines->removeWidget(row);
    row->deleteLater();
    row->hide();
}
