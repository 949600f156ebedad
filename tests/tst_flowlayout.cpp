// SPDX-License-Identifier: MIT
#include "flowlayout.h"

#include <QLabel>
#include <QTest>

using namespace Qt::StringLiterals;

class TestFlowLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wrapsWhenNarrow();
    void clearDeletesWidgets();
};

void TestFlowLayout::wrapsWhenNarrow()
{
    QWidget host;
    auto *layout = new FlowLayout(&host, 4);
    QList<QLabel *> chips;
    for (int i = 0; i < 6; ++i) {
        auto *chip = new QLabel(u"skill %1"_s.arg(i), &host);
        chip->setFixedSize(50, 20);
        layout->addWidget(chip);
        chips << chip;
    }
    QCOMPARE(layout->count(), 6);
    QVERIFY(layout->hasHeightForWidth());
    QCOMPARE(layout->heightForWidth(1000), 20); // one line
    QCOMPARE(layout->heightForWidth(110), 3 * 20 + 2 * 4); // two a line

    layout->setGeometry(QRect(0, 0, 110, 100));
    QCOMPARE(chips.at(0)->geometry().topLeft(), QPoint(0, 0));
    QCOMPARE(chips.at(1)->geometry().topLeft(), QPoint(54, 0));
    QCOMPARE(chips.at(2)->geometry().topLeft(), QPoint(0, 24));
}

void TestFlowLayout::clearDeletesWidgets()
{
    QWidget host;
    auto *layout = new FlowLayout(&host);
    QPointer<QLabel> chip = new QLabel(u"x"_s, &host);
    layout->addWidget(chip);
    layout->clear();
    QCOMPARE(layout->count(), 0);
    QVERIFY(chip.isNull());
}

QTEST_MAIN(TestFlowLayout)
#include "tst_flowlayout.moc"
