// SPDX-License-Identifier: MIT
#include "common/logging.h"

#include <QTest>

using namespace Qt::StringLiterals;

// logSafe(): untrusted text in, one safe line out. Each row reads as the text a log shows.
class TestLogging final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void escapes_data();
    void escapes();
    void bytesAreReadAsUtf8();
    void capKeepsSurrogatePairsWhole();
    void neverHoldsALineBreak();
    void messageHandlerSeesTheEscapedText();
};

void TestLogging::escapes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qsizetype>("cap");
    QTest::addColumn<QString>("shown");

    const qsizetype cap = Limits::MaxLoggedValueChars;
    QTest::newRow("plain") << u"evt_123 /webhooks/sendpilot"_s << cap
                           << u"evt_123 /webhooks/sendpilot"_s;
    QTest::newRow("empty") << QString() << cap << QString();
    QTest::newRow("forged line") << u"evt_1\r\n2026-12-02T00:00:00.000Z 200 accepted"_s << cap
                                 << u"evt_1\\r\\n2026-12-02T00:00:00.000Z 200 accepted"_s;
    QTest::newRow("terminal escape")
        << u"\x1b[2J\x1b]0;owned\x07"_s << cap << u"\\x1b[2J\\x1b]0;owned\\x07"_s;
    QTest::newRow("tab, NUL, DEL")
        << QString(u"a\tb\x00"_s + QChar(0) + u"c\x7f"_s) << cap << u"a\\tb\\x00\\x00c\\x7f"_s;
    QTest::newRow("backslash doubled") << u"C:\\n"_s << cap << u"C:\\\\n"_s;
    QTest::newRow("C1 control") << QString(QString(QChar(0x85)) + u"x"_s) << cap << u"\\x85x"_s;
    QTest::newRow("line separator") << u"a\u2028b\u2029c"_s << cap << u"a\\u{2028}b\\u{2029}c"_s;
    QTest::newRow("bidi override") << u"user\u202Egnp.exe"_s << cap << u"user\\u{202e}gnp.exe"_s;
    QTest::newRow("non-ASCII kept") << u"Zoë 東京"_s << cap << u"Zoë 東京"_s;
    QTest::newRow("capped") << u"abcdefghij"_s << qsizetype(4) << u"abcd...[6 more]"_s;
    QTest::newRow("escape not counted in cap")
        << u"\n\n\nabc"_s << qsizetype(3) << u"\\n\\n\\n...[3 more]"_s;
}

void TestLogging::escapes()
{
    QFETCH(QString, text);
    QFETCH(qsizetype, cap);
    QFETCH(QString, shown);
    QCOMPARE(logSafe(text, cap), shown);
}

void TestLogging::bytesAreReadAsUtf8()
{
    QCOMPARE(logSafe(QByteArrayView("Zo\xc3\xab\r\n")), u"Zoë\\r\\n"_s);
    // Invalid UTF-8 shows as the replacement character, never as raw bytes.
    QCOMPARE(logSafe(QByteArrayView("a\xff"
                                    "b")),
             u"a\uFFFDb"_s);
    const QByteArray big(100'000, 'x');
    const QString shown = logSafe(big, 10);
    QVERIFY2(shown.startsWith(u"xxxxxxxxxx..."_s), qPrintable(shown));
    QVERIFY2(shown.size() < 60, qPrintable(shown));
}

void TestLogging::capKeepsSurrogatePairsWhole()
{
    const QString text = u"ab\U0001F600cd"_s; // a, b, then a pair
    QCOMPARE(logSafe(text, 3), u"ab...[4 more]"_s);
    QCOMPARE(logSafe(text, 4), u"ab\U0001F600...[2 more]"_s);
    QCOMPARE(logSafe(QString(QString(QChar(0xd800)) + u"x"_s)), u"\\u{d800}x"_s);
}

void TestLogging::neverHoldsALineBreak()
{
    // Every UTF-16 code unit, one at a time: nothing that could end or bend a line survives.
    for (int c = 0; c < 0x10000; ++c) {
        const QString shown = logSafe(QString(QChar(char16_t(c))));
        for (const QChar ch : shown) {
            const char16_t u = ch.unicode();
            QVERIFY2(u >= 0x20 && !(u >= 0x7f && u <= 0x9f) && u != 0x2028 && u != 0x2029
                         && !(u >= 0x202a && u <= 0x202e) && !(u >= 0x2066 && u <= 0x2069),
                     qPrintable(QString::number(c, 16)));
        }
    }
}

namespace {
QStringList captured;
void capture(QtMsgType, const QMessageLogContext &, const QString &message)
{
    captured.append(message);
}
} // namespace

void TestLogging::messageHandlerSeesTheEscapedText()
{
    captured.clear();
    const QtMessageHandler previous = qInstallMessageHandler(capture);
    qCWarning(lcHttp).noquote() << "path" << logSafe(QByteArrayView("/a\r\nFORGED 200"));
    qInstallMessageHandler(previous);
    QCOMPARE(captured, QStringList {u"path /a\\r\\nFORGED 200"_s});
}

QTEST_GUILESS_MAIN(TestLogging)
#include "tst_logging.moc"
