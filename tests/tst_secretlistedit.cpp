// SPDX-License-Identifier: MIT
#include "secretlistedit.h"

#include <QLineEdit>
#include <QTest>

using namespace Qt::StringLiterals;

class TestSecretListEdit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripAndMasking();
    void emptyKeepsOneLine();
};

void TestSecretListEdit::roundTripAndMasking()
{
    SecretListEdit edit;
    edit.setSecrets({u"whsec_new"_s, u"  whsec_old "_s});
    QCOMPARE(edit.lineEdits().size(), 2);
    QCOMPARE(edit.secrets(), (QStringList {u"whsec_new"_s, u"whsec_old"_s}));
    for (QLineEdit *line : edit.lineEdits())
        QCOMPARE(line->echoMode(), QLineEdit::Password);
    edit.setRevealed(true);
    for (QLineEdit *line : edit.lineEdits())
        QCOMPARE(line->echoMode(), QLineEdit::Normal);
    edit.setRevealed(false);
    QCOMPARE(edit.lineEdits().constFirst()->echoMode(), QLineEdit::Password);
}

void TestSecretListEdit::emptyKeepsOneLine()
{
    SecretListEdit edit;
    edit.setSecrets({});
    QCOMPARE(edit.lineEdits().size(), 1);
    QVERIFY(edit.secrets().isEmpty());
}

QTEST_MAIN(TestSecretListEdit)
#include "tst_secretlistedit.moc"
