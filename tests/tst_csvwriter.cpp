// SPDX-License-Identifier: MIT
#include "export/csvwriter.h"

#include <QBuffer>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
QByteArray write(const CsvWriter::Options &options, const std::function<void(CsvWriter &)> &body)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter writer(&buffer, options);
    body(writer);
    if (!writer.finish())
        qWarning() << writer.errorString();
    return buffer.data();
}
} // namespace

class TestCsvWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void quoting_data();
    void quoting();
    void formulaGuard_data();
    void formulaGuard();
    void telephone_data();
    void telephone();
    void headerAndBom_data();
    void headerAndBom();
    void numbersAreNeverGuarded();
    void timestamps_data();
    void timestamps();
    void rowsEndWithCrlf();
    void largeOutputIsFlushedCompletely();
    void writeErrorIsReported();
};

// RFC 4180 section 2, rules 5 to 7.
void TestCsvWriter::quoting_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<char>("delimiter");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("plain") << "Alice"_ba << ',' << "Alice"_ba;
    QTest::newRow("empty") << ""_ba << ',' << ""_ba;
    QTest::newRow("comma") << "Doe, John"_ba << ',' << "\"Doe, John\""_ba;
    QTest::newRow("comma with ; delimiter") << "Doe, John"_ba << ';' << "Doe, John"_ba;
    QTest::newRow("semicolon with ; delimiter") << "a;b"_ba << ';' << "\"a;b\""_ba;
    QTest::newRow("semicolon with , delimiter") << "a;b"_ba << ',' << "a;b"_ba;
    QTest::newRow("quote") << "say \"hi\""_ba << ',' << "\"say \"\"hi\"\"\""_ba;
    QTest::newRow("only a quote") << "\""_ba << ',' << "\"\"\"\""_ba;
    QTest::newRow("LF") << "line1\nline2"_ba << ',' << "\"line1\nline2\""_ba;
    QTest::newRow("CR") << "line1\rline2"_ba << ',' << "\"line1\rline2\""_ba;
    QTest::newRow("CRLF") << "line1\r\nline2"_ba << ',' << "\"line1\r\nline2\""_ba;
    QTest::newRow("leading and trailing spaces kept") << "  padded  "_ba << ',' << "  padded  "_ba;
    QTest::newRow("quote, comma and LF") << "a \"b\",\nc"_ba << ',' << "\"a \"\"b\"\",\nc\""_ba;
    QTest::newRow("UTF-8 untouched") << "Zoë 👋 مرحبا"_ba << ',' << "Zoë 👋 مرحبا"_ba;
}

void TestCsvWriter::quoting()
{
    QFETCH(QByteArray, input);
    QFETCH(char, delimiter);
    QFETCH(QByteArray, expected);
    CsvWriter::Options options;
    options.delimiter = delimiter;
    QCOMPARE(CsvWriter::encodeField(input, options), expected);
}

// OWASP CSV Injection: cells starting with = + - @ TAB CR.
void TestCsvWriter::formulaGuard_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("guard");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("= guarded") << "=1+1"_ba << true << "'=1+1"_ba;
    QTest::newRow("= off") << "=1+1"_ba << false << "=1+1"_ba;
    QTest::newRow("+ guarded") << "+1-555-123"_ba << true << "'+1-555-123"_ba;
    QTest::newRow("+ off") << "+1-555-123"_ba << false << "+1-555-123"_ba;
    QTest::newRow("- guarded") << "-2"_ba << true << "'-2"_ba;
    QTest::newRow("@ guarded") << "@SUM(A1)"_ba << true << "'@SUM(A1)"_ba;
    QTest::newRow("@ off") << "@SUM(A1)"_ba << false << "@SUM(A1)"_ba;
    QTest::newRow("TAB guarded") << "\tx"_ba << true << "'\tx"_ba;
    QTest::newRow("CR guarded and quoted") << "\rx"_ba << true << "\"'\rx\""_ba;
    QTest::newRow("CR off, still quoted") << "\rx"_ba << false << "\"\rx\""_ba;
    QTest::newRow("guarded and quoted") << "=HYPERLINK(\"http://x\",\"y\")"_ba << true
                                        << "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""_ba;
    QTest::newRow("= later in the text is fine") << "a=b"_ba << true << "a=b"_ba;
    QTest::newRow("leading space is not a formula") << " =x"_ba << true << " =x"_ba;
    QTest::newRow("empty") << ""_ba << true << ""_ba;
}

void TestCsvWriter::formulaGuard()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, guard);
    QFETCH(QByteArray, expected);
    CsvWriter::Options options;
    options.formulaGuard = guard;
    QCOMPARE(CsvWriter::encodeField(input, options), expected);
}

void TestCsvWriter::telephone_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("international") << "+1-555-123-4567"_ba
                                   << "+1-555-123-4567"_ba;
    QTest::newRow("parentheses, dots") << "+49 (30) 1234.56/7"_ba
                                       << "+49 (30) 1234.56/7"_ba;
    QTest::newRow("national") << "030 1234"_ba
                              << "030 1234"_ba;
    QTest::newRow("plus alone") << "+"_ba
                                << "'+"_ba;
    QTest::newRow("plus, no digits") << "+ ( )"_ba
                                     << "'+ ( )"_ba;
    QTest::newRow("formula after plus") << "+1+SUM(A1)"_ba
                                        << "'+1+SUM(A1)"_ba;
    QTest::newRow("leading minus") << "-1-555"_ba
                                   << "'-1-555"_ba;
    QTest::newRow("equals") << "=1+1"_ba
                            << "'=1+1"_ba;
    QTest::newRow("at") << "@SUM(1)"_ba
                        << "'@SUM(1)"_ba;
}

void TestCsvWriter::telephone()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    CsvWriter::Options options;
    options.byteOrderMark = false;
    CsvWriter writer(&buffer, options);
    writer.addTelephone(input);
    writer.endRow();
    QVERIFY(writer.finish());
    QCOMPARE(buffer.data(), expected + "\r\n");
}

void TestCsvWriter::headerAndBom_data()
{
    QTest::addColumn<bool>("bom");
    QTest::addColumn<char>("delimiter");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("BOM, comma") << true << ',' << "\xEF\xBB\xBFName,\"A,B\",=x\r\n"_ba;
    QTest::newRow("no BOM, comma") << false << ',' << "Name,\"A,B\",=x\r\n"_ba;
    QTest::newRow("no BOM, semicolon") << false << ';' << "Name;A,B;=x\r\n"_ba;
}

void TestCsvWriter::headerAndBom()
{
    QFETCH(bool, bom);
    QFETCH(char, delimiter);
    QFETCH(QByteArray, expected);
    CsvWriter::Options options;
    options.byteOrderMark = bom;
    options.delimiter = delimiter;
    // Header names are ours, never guarded.
    const QByteArray csv = write(options, [](CsvWriter &w) {
        w.writeHeader({u"Name"_s, u"A,B"_s, u"=x"_s});
    });
    QCOMPARE(csv, expected);
}

void TestCsvWriter::numbersAreNeverGuarded()
{
    CsvWriter::Options options;
    options.byteOrderMark = false;
    const QByteArray csv = write(options, [](CsvWriter &w) {
        w.addNumber(-42);
        w.addNumber(0);
        w.addNumber(12500);
        w.addNumber(std::numeric_limits<qint64>::min());
        w.addEmpty();
        w.addField("-42"_ba); // the same text as a text cell is guarded
        w.endRow();
    });
    QCOMPARE(csv, "-42,0,12500,-9223372036854775808,,'-42\r\n"_ba);
}

void TestCsvWriter::timestamps_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("epoch") << qint64(0) << "1970-01-01T00:00:00.000Z"_ba;
    QTest::newRow("seed completed_at")
        << QDateTime::fromString(u"2024-02-24T10:30:00.000Z"_s, Qt::ISODateWithMs)
               .toMSecsSinceEpoch()
        << "2024-02-24T10:30:00.000Z"_ba;
    QTest::newRow("leap day, millis") << qint64(1709251199999) << "2024-02-29T23:59:59.999Z"_ba;
    QTest::newRow("before epoch") << qint64(-1) << "1969-12-31T23:59:59.999Z"_ba;
}

void TestCsvWriter::timestamps()
{
    QFETCH(qint64, ms);
    QFETCH(QByteArray, expected);
    CsvWriter::Options options;
    options.byteOrderMark = false;
    const QByteArray csv = write(options, [ms](CsvWriter &w) {
        w.addTimestampMs(ms);
        w.endRow();
    });
    QCOMPARE(csv, expected + "\r\n");
    // Cross-check against QDateTime for the same instant.
    QCOMPARE(QString::fromLatin1(expected),
             QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs));
}

void TestCsvWriter::rowsEndWithCrlf()
{
    CsvWriter::Options options;
    options.byteOrderMark = false;
    const QByteArray csv = write(options, [](CsvWriter &w) {
        w.writeHeader({u"a"_s, u"b"_s});
        w.addField("1"_ba);
        w.addField(u"zwei"_s);
        w.endRow();
        w.addField(""_ba);
        w.addField(""_ba);
        w.endRow();
    });
    QCOMPARE(csv, "a,b\r\n1,zwei\r\n,\r\n"_ba);
}

void TestCsvWriter::largeOutputIsFlushedCompletely()
{
    CsvWriter::Options options;
    options.byteOrderMark = false;
    const QByteArray field(1000, 'x');
    const int rows = 20000; // 20 MB, several flushes
    const QByteArray csv = write(options, [&](CsvWriter &w) {
        for (int i = 0; i < rows; ++i) {
            w.addField(field);
            w.endRow();
        }
    });
    QCOMPARE(csv.size(), qsizetype(rows) * (field.size() + 2));
    QVERIFY(csv.endsWith(QByteArray(field + "\r\n")));
}

void TestCsvWriter::writeErrorIsReported()
{
    QBuffer buffer;
    buffer.open(QIODevice::ReadOnly); // writes fail
    CsvWriter writer(&buffer, {});
    writer.writeHeader({u"a"_s});
    QVERIFY(!writer.finish());
    QVERIFY(!writer.ok());
}

QTEST_GUILESS_MAIN(TestCsvWriter)
#include "tst_csvwriter.moc"
