// SPDX-License-Identifier: MIT
// rawText(): bytes in, the text the inspector shows out. Every byte must be visible and none
// may hide, reorder or fake what was received.
#include "common/rawtext.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestRawText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void text_data();
    void text();
    void cutBeforeAWholeCharacter();
};

void TestRawText::text_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("shown");

    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("json as sent") << QByteArray("{ \"b\" :1,\n\t\"a\":[2 ,1] }\n")
                                  << u"{ \"b\" :1,\n\t\"a\":[2 ,1] }\n"_s;
    QTest::newRow("beyond latin-1")
        << QByteArray("\xc5\x81\xc3\xb3\x64\xc5\xba \xe6\x9d\xb1 \xf0\x9f\x98\x80")
        << u"Łódź 東 😀"_s;
    QTest::newRow("carriage return") << QByteArray("a\r\nb") << u"a\u27e8U+000D\u27e9\nb"_s;
    QTest::newRow("escape and nul")
        << QByteArray("\x1b[31m\0x", 7) << u"\u27e8U+001B\u27e9[31m\u27e8U+0000\u27e9x"_s;
    QTest::newRow("delete") << QByteArray("a\x7f") << u"a\u27e8U+007F\u27e9"_s;
    QTest::newRow("c1 control") << QByteArray("a\xc2\x85z") << u"a\u27e8U+0085\u27e9z"_s;
    QTest::newRow("right-to-left override") << QByteArray("abc\xe2\x80\xae"
                                                          "fed")
                                            << u"abc\u27e8U+202E\u27e9fed"_s;
    QTest::newRow("byte order mark") << QByteArray("\xef\xbb\xbf{}") << u"\u27e8U+FEFF\u27e9{}"_s;
    QTest::newRow("invalid byte") << QByteArray("a\xffz") << u"a\u27e8xFF\u27e9z"_s;
    QTest::newRow("latin-1 text") << QByteArray("caf\xe9!") << u"caf\u27e8xE9\u27e9!"_s;
    QTest::newRow("overlong slash")
        << QByteArray("\xc0\xaf") << u"\u27e8xC0\u27e9\u27e8xAF\u27e9"_s;
    QTest::newRow("surrogate half")
        << QByteArray("\xed\xa0\x80") << u"\u27e8xED\u27e9\u27e8xA0\u27e9\u27e8x80\u27e9"_s;
    QTest::newRow("sequence cut at the end")
        << QByteArray("ok\xe2\x82") << u"ok\u27e8xE2\u27e9\u27e8x82\u27e9"_s;
    QTest::newRow("above U+10FFFF")
        << QByteArray("\xf4\x90\x80\x80")
        << u"\u27e8xF4\u27e9\u27e8x90\u27e9\u27e8x80\u27e9\u27e8x80\u27e9"_s;
}

void TestRawText::text()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, shown);
    const RawText raw = rawText(bytes, 1024);
    QCOMPARE(raw.text, shown);
    QCOMPARE(raw.bytesShown, bytes.size());
}

void TestRawText::cutBeforeAWholeCharacter()
{
    // "aé€" is 1 + 2 + 3 bytes: a limit inside the euro sign keeps "aé" and says 3 bytes.
    const QByteArray bytes("a\xc3\xa9\xe2\x82\xac");
    RawText raw = rawText(bytes, 4);
    QCOMPARE(raw.text, u"aé"_s);
    QCOMPARE(raw.bytesShown, 3);
    raw = rawText(bytes, 6);
    QCOMPARE(raw.text, u"aé€"_s);
    QCOMPARE(raw.bytesShown, 6);
    raw = rawText(bytes, 0);
    QVERIFY(raw.text.isEmpty());
    QCOMPARE(raw.bytesShown, 0);
}

QTEST_GUILESS_MAIN(TestRawText)
#include "tst_rawtext.moc"
