// SPDX-License-Identifier: MIT
// WindowGeometry: the first window fits the screen it opens on, and a restored geometry is kept
// inside the available area (a 1366x768 laptop, a 2x-scaled screen, a screen to the left).
#include "windowgeometry.h"

#include <QMainWindow>
#include <QScreen>
#include <QTest>

class TestWindowGeometry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void firstStart_data();
    void firstStart();
    void clamped_data();
    void clamped();
    void clampToScreenShrinksARealWindow();
};

void TestWindowGeometry::firstStart_data()
{
    QTest::addColumn<QRect>("available");
    QTest::addColumn<QRect>("expected");
    QTest::newRow("large screen: the preferred size, centred")
        << QRect(0, 0, 1920, 1040) << QRect(260, 95, 1400, 850);
    QTest::newRow("1366x768 laptop: 90 % of the available area")
        << QRect(0, 0, 1366, 738) << QRect(68, 37, 1229, 664);
    QTest::newRow("2x scaling of 3200x2000: 1600x1000 logical")
        << QRect(0, 0, 1600, 1000) << QRect(100, 75, 1400, 850);
    QTest::newRow("second screen to the left, panel on top")
        << QRect(-1366, 32, 1366, 736) << QRect(-1297, 69, 1229, 662);
}

void TestWindowGeometry::firstStart()
{
    QFETCH(QRect, available);
    QFETCH(QRect, expected);
    const QRect frame = WindowGeometry::firstStart(QSize(1400, 850), available);
    QCOMPARE(frame, expected);
    QVERIFY(available.contains(frame));
}

void TestWindowGeometry::clamped_data()
{
    QTest::addColumn<QRect>("frame");
    QTest::addColumn<QRect>("available");
    QTest::addColumn<QRect>("expected");
    const QRect laptop(0, 0, 1366, 738);
    QTest::newRow("inside: unchanged")
        << QRect(10, 20, 800, 600) << laptop << QRect(10, 20, 800, 600);
    QTest::newRow("1400x850 on a laptop: shrunk to the screen")
        << QRect(0, 0, 1400, 850) << laptop << laptop;
    QTest::newRow("restored at 2x: 2800x1700 on 1600x1000")
        << QRect(0, 0, 2800, 1700) << QRect(0, 0, 1600, 1000) << QRect(0, 0, 1600, 1000);
    QTest::newRow("off the right and bottom edges: moved back")
        << QRect(1000, 500, 800, 600) << laptop << QRect(566, 138, 800, 600);
    QTest::newRow("off the top-left (a screen that is gone): moved in")
        << QRect(-2000, -50, 800, 600) << laptop << QRect(0, 0, 800, 600);
    QTest::newRow("screen not at the origin")
        << QRect(0, 0, 1000, 700) << QRect(1920, 24, 1366, 744) << QRect(1920, 24, 1000, 700);
}

void TestWindowGeometry::clamped()
{
    QFETCH(QRect, frame);
    QFETCH(QRect, available);
    QFETCH(QRect, expected);
    QCOMPARE(WindowGeometry::clamped(frame, available), expected);
}

void TestWindowGeometry::clampToScreenShrinksARealWindow()
{
    QMainWindow window;
    const QRect available = window.screen()->availableGeometry();
    window.setGeometry(QRect(available.topLeft() + QPoint(200, 100),
                             available.size() * 2)); // as restored from a 2x screen
    WindowGeometry::clampToScreen(&window);
    QVERIFY2(available.contains(window.frameGeometry()),
             qPrintable(QStringLiteral("frame %1,%2 %3x%4 outside the screen")
                            .arg(window.frameGeometry().x())
                            .arg(window.frameGeometry().y())
                            .arg(window.frameGeometry().width())
                            .arg(window.frameGeometry().height())));
}

QTEST_MAIN(TestWindowGeometry)
#include "tst_windowgeometry.moc"
