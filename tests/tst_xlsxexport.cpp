// SPDX-License-Identifier: MIT
// The XLSX export (XlsxWorkbookWriter through LeadExporter), read back by an independent
// reader: Python's openpyxl (scripts/xlsx_roundtrip.py). Cell types and values, the header's
// layout, links, Excel's limits (sheet split, cell length, links a sheet, XML characters) and
// the file's mode.
#include "export/leadexporter.h"
#include "export/xlsxworkbookwriter.h"
#include "store/database.h"
#include "store/eventstore.h"

#include "files.h"
#include "fixtures.h"
#include "readback.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace {

// 2024-02-24T10:30:00.123Z: milliseconds that a date cell must keep.
constexpr qint64 ReceivedAtMs = 1708770600123;

using TestSupport::Workbook;

using TestSupport::namedLead;

using TestSupport::fileMode;

} // namespace

class TestXlsxExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void cellTypesAndValues();
    void headerLayout();
    void noCellIsAFormula();
    void sheetSplit_data();
    void sheetSplit();
    void longAndInvalidText();
    void linksPastTheSheetLimitAreText();
    void cleanText_data();
    void cleanText();
    void fileIsOwnerOnly();
    void cancelLeavesTargetAsItWas();
    void deviceTargetGetsTheWorkbook();

private:
    Workbook read(const QString &path);
    LeadExporter::Request request(const QString &campaignId) const;
    QString exportTo(const QString &name, const LeadExporter::Request &request,
                     LeadExporter::Result *result = nullptr);

    QTemporaryDir m_dir;
    QString m_connection = u"tst_xlsxexport"_s;
    QSqlDatabase m_db;
    QString m_python;
    qint64 m_receivedAt = 0;
    Workbook m_typed; // camp_typed, all fields
};

void TestXlsxExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_python = TestSupport::findPythonWithOpenpyxl();
    QString error;
    m_db = Database::open(m_dir.filePath(u"leads.db"_s), m_connection, Database::Access::ReadWrite,
                          &error);
    QVERIFY2(m_db.isOpen(), qPrintable(error));

    // Values a spreadsheet would turn into something else when typed or read from CSV.
    QList<Lead> typed;
    Lead phone = namedLead(u"007"_s, u"James"_s, u"Bond"_s);
    phone.phone = u"+1-555-051-3823"_s; // a number to a naive reader: -4428
    phone.linkedinIdentifier = u"1234567890123456789"_s; // past a double's 15 digits
    phone.connections = 500;
    phone.followers = 0;
    phone.email = u"james@example.com"_s;
    phone.company = u"0044 Holdings"_s; // a leading zero
    phone.headline = u"=HYPERLINK(\"http://evil\",\"x\")"_s; // a formula, as text
    phone.summary = u"1/2"_s; // a date to a naive reader
    phone.skills = {u"Zoë 👩‍💻"_s, u"مرحبا"_s};
    phone.profilePictureUrl = u"https://media.licdn.com/dms/image/007"_s;
    typed.append(phone);
    Lead unknown = namedLead(u"lead_2"_s, u"Ann"_s, QString());
    unknown.linkedinUrl = u"javascript:alert(1)"_s; // never a link
    typed.append(unknown); // connections and followers unknown (NULL)

    // Seven leads for the sheet split, in a known order.
    QList<Lead> many;
    for (int i = 1; i <= 7; ++i)
        many.append(namedLead(u"row_%1"_s.arg(i), u"Row"_s, QString::number(i)));

    // Text past Excel's limits and characters XML cannot hold.
    QList<Lead> odd;
    Lead longText = namedLead(u"long"_s, u"Long"_s, u"Text"_s);
    longText.summary = QString(40000, u'x');
    odd.append(longText);
    Lead control = namedLead(u"control"_s, u"Bell\u0007"_s, u"Null\u0001Byte"_s);
    control.headline = u"tab\there\nnew line"_s; // allowed: kept
    odd.append(control);

    {
        EventStore store(m_db);
        const QList<EventStore::ItemResult> results
            = store.ingest({TestSupport::item(TestSupport::jobEvent(u"evt_t"_s, u"camp_typed"_s,
                                                                    u"Typed"_s, typed),
                                              TestSupport::acceptedDelivery(ReceivedAtMs)),
                            TestSupport::jobItem(u"evt_m"_s, u"camp_many"_s, u"Many"_s, many),
                            TestSupport::jobItem(u"evt_o"_s, u"camp_odd"_s, u"Odd"_s, odd)});
        QCOMPARE(results.size(), 3);
        for (const EventStore::ItemResult &r : results)
            QVERIFY2(r.outcome == EventStore::Outcome::Stored, qPrintable(r.error));
    }
    QSqlQuery q(u"SELECT received_at FROM campaigns WHERE campaign_id = 'camp_typed'"_s, m_db);
    QVERIFY(q.next());
    m_receivedAt = q.value(0).toLongLong();
    QCOMPARE(m_receivedAt, ReceivedAtMs);

    if (m_python.isEmpty())
        return;
    LeadExporter::Result result;
    m_typed = read(exportTo(u"typed.xlsx"_s, request(u"camp_typed"_s), &result));
    QVERIFY2(m_typed.ok, qPrintable(m_typed.error));
    QVERIFY(result.ok);
    QCOMPARE(result.rows, 2);
    QCOMPARE(result.sheets, 1);
    QCOMPARE(LeadExporter::notes(result), QStringList());
}

void TestXlsxExport::cleanupTestCase()
{
    m_db = {};
    Database::close(m_connection);
}

Workbook TestXlsxExport::read(const QString &path)
{
    return TestSupport::readXlsxWithPython(m_python, path);
}

LeadExporter::Request TestXlsxExport::request(const QString &campaignId) const
{
    LeadExporter::Request request;
    request.format = ExportFormat::Xlsx;
    request.preset = ExportPreset::preset(ExportPreset::Id::All);
    request.filter.campaignIds = {campaignId};
    request.filter.sortColumn = LeadColumn::LeadId;
    request.filter.sortOrder = Qt::AscendingOrder;
    return request;
}

QString TestXlsxExport::exportTo(const QString &name, const LeadExporter::Request &request,
                                 LeadExporter::Result *result)
{
    const QString path = m_dir.filePath(name);
    const LeadExporter::Result r = LeadExporter(m_db).exportToFile(path, request);
    if (result)
        *result = r;
    if (!r.ok)
        qWarning() << "export failed:" << r.error;
    return path;
}

void TestXlsxExport::cellTypesAndValues()
{
    if (m_python.isEmpty())
        QSKIP("no python3 with openpyxl (Debian's python3-openpyxl): no independent reader");
    const Workbook &wb = m_typed;
    QCOMPARE(wb.rows(0).size(), 3); // header and two leads, "007" first
    const auto cell = [&wb](int row, const QString &header) {
        const int col = wb.columnOf(header);
        return col < 0 ? QJsonObject {{u"t"_s, u"<no column %1>"_s.arg(header)}}
                       : wb.cell(0, row, col);
    };
    const auto text = [](const QString &value) {
        return QJsonObject {{u"t"_s, u"s"_s}, {u"v"_s, value}};
    };
    // Text stays text, exactly as stored: phone numbers, IDs, leading zeros, digits.
    QCOMPARE(cell(1, u"Phone"_s), text(u"+1-555-051-3823"_s));
    QCOMPARE(cell(1, u"Lead ID"_s), text(u"007"_s));
    QCOMPARE(cell(1, u"LinkedIn identifier"_s), text(u"1234567890123456789"_s));
    QCOMPARE(cell(1, u"Company"_s), text(u"0044 Holdings"_s));
    QCOMPARE(cell(1, u"Summary"_s), text(u"1/2"_s));
    QCOMPARE(cell(1, u"Skills"_s), text(u"Zoë 👩‍💻; مرحبا"_s));
    QCOMPARE(cell(1, u"Campaign ID"_s), text(u"camp_typed"_s));
    // Numbers are numbers; an unknown number and an empty text are no cell at all.
    QCOMPARE(cell(1, u"Connections"_s), (QJsonObject {{u"t"_s, u"n"_s}, {u"v"_s, 500}}));
    QCOMPARE(cell(1, u"Followers"_s), (QJsonObject {{u"t"_s, u"n"_s}, {u"v"_s, 0}}));
    const QJsonObject noCell {{u"t"_s, u"e"_s}};
    QCOMPARE(cell(2, u"Connections"_s), noCell);
    QCOMPARE(cell(2, u"Last name"_s), noCell);
    QCOMPARE(cell(2, u"Email"_s), noCell);
    // The time is a real date cell, to the millisecond, shown with its time.
    QCOMPARE(cell(1, u"Received at"_s),
             (QJsonObject {{u"t"_s, u"d"_s},
                           {u"v"_s, QJsonValue(m_receivedAt)},
                           {u"fmt"_s, u"yyyy-mm-dd hh:mm:ss"_s}}));
    // An http(s) LinkedIn address is a link to itself; anything else is text.
    QCOMPARE(cell(1, u"LinkedIn URL"_s),
             (QJsonObject {{u"t"_s, u"s"_s},
                           {u"v"_s, u"https://www.linkedin.com/in/007"_s},
                           {u"link"_s, u"https://www.linkedin.com/in/007"_s}}));
    QCOMPARE(cell(2, u"LinkedIn URL"_s), text(u"javascript:alert(1)"_s));
    // Other addresses are text, not links: only the profile is worth a click.
    QCOMPARE(cell(1, u"Profile picture URL"_s), text(u"https://media.licdn.com/dms/image/007"_s));
}

void TestXlsxExport::headerLayout()
{
    if (m_python.isEmpty())
        QSKIP("no python3 with openpyxl (Debian's python3-openpyxl): no independent reader");
    const QJsonObject sheet = m_typed.sheet(0);
    QCOMPARE(sheet.value(u"title"_s).toString(), u"Leads"_s);
    QCOMPARE(sheet.value(u"freeze"_s).toString(), u"A2"_s); // the header row stays in view
    // The "all" preset's 31 columns (A to AE), 2 leads.
    QCOMPARE(ExportPreset::preset(ExportPreset::Id::All).fields.size(), 31);
    QCOMPARE(sheet.value(u"autofilter"_s).toString(), u"A1:AE3"_s);
    QVERIFY(sheet.value(u"headerBold"_s).toBool());
    const QJsonArray header = m_typed.rows(0).at(0).toArray();
    QCOMPARE(header.size(), ExportPreset::preset(ExportPreset::Id::All).fields.size());
    QCOMPARE(header.at(0).toObject().value(u"v"_s).toString(), u"Full name"_s);

    // Widths follow the values: never narrower than the header (and its filter button),
    // wider for a long value, capped for a summary.
    const QJsonObject widths = sheet.value(u"widths"_s).toObject();
    const auto width = [&](const QString &header) {
        const int col = m_typed.columnOf(header);
        return widths.value(QString(QChar(u'A' + col))).toDouble();
    };
    QVERIFY2(width(u"Lead ID"_s) >= 7 + 3, qPrintable(QString::number(width(u"Lead ID"_s))));
    QVERIFY(width(u"Headline"_s) >= QStringLiteral("=HYPERLINK(\"http://evil\",\"x\")").size());
    QVERIFY(width(u"Received at"_s) >= 19);
    QVERIFY(width(u"Headline"_s) > width(u"Lead ID"_s));
    for (auto it = widths.begin(); it != widths.end(); ++it)
        QVERIFY2(it.value().toDouble() <= 52, qPrintable(it.key()));
}

void TestXlsxExport::noCellIsAFormula()
{
    if (m_python.isEmpty())
        QSKIP("no python3 with openpyxl (Debian's python3-openpyxl): no independent reader");
    const QJsonArray rows = m_typed.rows(0);
    int cells = 0;
    for (const QJsonValue &row : rows) {
        for (const QJsonValue &cell : row.toArray()) {
            QVERIFY(cell.toObject().value(u"t"_s).toString() != u"f"_s);
            ++cells;
        }
    }
    QCOMPARE(cells, 3 * 31);
    const int headline = m_typed.columnOf(u"Headline"_s);
    QCOMPARE(m_typed.cell(0, 1, headline).value(u"v"_s).toString(),
             u"=HYPERLINK(\"http://evil\",\"x\")"_s);
}

void TestXlsxExport::sheetSplit_data()
{
    QTest::addColumn<qint64>("rowsPerSheet");
    QTest::addColumn<QList<int>>("rowsInSheets"); // data rows, each sheet
    // A row that starts with an empty cell (an unknown number) must start the new sheet too.
    QTest::addColumn<bool>("startsEmpty");
    for (const bool startsEmpty : {false, true}) {
        const char *first = startsEmpty ? ", first cell empty" : "";
        QTest::addRow("3 a sheet: 3, 3, 1%s", first)
            << qint64(3) << QList<int> {3, 3, 1} << startsEmpty;
        QTest::addRow("7 a sheet: exactly one full sheet%s", first)
            << qint64(7) << QList<int> {7} << startsEmpty;
        QTest::addRow("6 a sheet: the seventh alone%s", first)
            << qint64(6) << QList<int> {6, 1} << startsEmpty;
        QTest::addRow("1 a sheet%s", first)
            << qint64(1) << QList<int> {1, 1, 1, 1, 1, 1, 1} << startsEmpty;
        QTest::addRow("Excel's own limit%s", first)
            << qint64(XlsxWorkbookWriter::MaxSheetRows - 1) << QList<int> {7} << startsEmpty;
    }
}

void TestXlsxExport::sheetSplit()
{
    if (m_python.isEmpty())
        QSKIP("no python3 with openpyxl (Debian's python3-openpyxl): no independent reader");
    QFETCH(qint64, rowsPerSheet);
    QFETCH(QList<int>, rowsInSheets);
    QFETCH(bool, startsEmpty);
    LeadExporter::Request request = this->request(u"camp_many"_s);
    QList<LeadColumn::Id> columns = {LeadColumn::LeadId, LeadColumn::LinkedinUrl};
    if (startsEmpty)
        columns.prepend(LeadColumn::Connections); // unknown for these leads
    const int id = startsEmpty ? 1 : 0;
    request.preset = ExportPreset::custom(columns);
    request.xlsx.rowsPerSheet = rowsPerSheet;
    LeadExporter::Result result;
    const Workbook wb = read(exportTo(u"split.xlsx"_s, request, &result));
    QVERIFY2(wb.ok, qPrintable(wb.error));
    QCOMPARE(result.rows, 7);
    QCOMPARE(result.sheets, int(rowsInSheets.size()));
    QCOMPARE(wb.sheets.size(), rowsInSheets.size());
    // Every sheet has the header, frozen and filtered, then its share of the rows in order.
    int next = 1;
    for (int s = 0; s < rowsInSheets.size(); ++s) {
        const QJsonObject sheet = wb.sheet(s);
        QCOMPARE(sheet.value(u"title"_s).toString(),
                 s == 0 ? u"Leads"_s : u"Leads %1"_s.arg(s + 1));
        QCOMPARE(sheet.value(u"freeze"_s).toString(), u"A2"_s);
        QCOMPARE(sheet.value(u"autofilter"_s).toString(),
                 u"A1:%1%2"_s.arg(QChar(char16_t(u'A' + columns.size() - 1)))
                     .arg(rowsInSheets.at(s) + 1));
        QVERIFY(sheet.value(u"headerBold"_s).toBool());
        const QJsonArray rows = wb.rows(s);
        QCOMPARE(rows.size(), rowsInSheets.at(s) + 1);
        QCOMPARE(rows.at(0).toArray().at(id).toObject().value(u"v"_s).toString(), u"Lead ID"_s);
        for (qsizetype r = 1; r < rows.size(); ++r) {
            const QJsonArray row = rows.at(r).toArray();
            if (startsEmpty)
                QCOMPARE(row.at(0).toObject().value(u"t"_s).toString(), u"e"_s);
            QCOMPARE(row.at(id).toObject().value(u"v"_s).toString(), u"row_%1"_s.arg(next));
            QCOMPARE(row.at(id + 1).toObject().value(u"link"_s).toString(),
                     u"https://www.linkedin.com/in/row_%1"_s.arg(next));
            ++next;
        }
    }
    QCOMPARE(next, 8);
    // The summary says so when there is more than one sheet.
    const QStringList notes = LeadExporter::notes(result);
    if (rowsInSheets.size() > 1) {
        QCOMPARE(notes.size(), 1);
        QVERIFY2(notes.first().contains(u"%1 sheets"_s.arg(rowsInSheets.size())),
                 qPrintable(notes.first()));
    } else {
        QCOMPARE(notes, QStringList());
    }
}

void TestXlsxExport::longAndInvalidText()
{
    if (m_python.isEmpty())
        QSKIP("no python3 with openpyxl (Debian's python3-openpyxl): no independent reader");
    LeadExporter::Result result;
    const Workbook wb = read(exportTo(u"odd.xlsx"_s, request(u"camp_odd"_s), &result));
    QVERIFY2(wb.ok, qPrintable(wb.error));
    QCOMPARE(result.rows, 2);
    // Row 1 is "control", row 2 "long" (by lead id).
    const auto value = [&wb](int row, const QString &header) {
        return wb.cell(0, row, wb.columnOf(header)).value(u"v"_s).toString();
    };
    QCOMPARE(value(2, u"Summary"_s), QString(XlsxWorkbookWriter::MaxCellChars, u'x'));
    QCOMPARE(value(1, u"First name"_s), u"Bell\uFFFD"_s);
    QCOMPARE(value(1, u"Last name"_s), u"Null\uFFFDByte"_s);
    QCOMPARE(value(1, u"Full name"_s), u"Bell\uFFFD Null\uFFFDByte"_s);
    QCOMPARE(value(1, u"Headline"_s), u"tab\there\nnew line"_s);
    QCOMPARE(result.truncatedCells, 1);
    QCOMPARE(result.replacedCells, 3);
    const QStringList notes = LeadExporter::notes(result);
    QCOMPARE(notes.size(), 2);
    QVERIFY2(notes.at(0).contains(u"1 cell was cut at 32,767 characters"_s),
             qPrintable(notes.at(0)));
    QVERIFY2(notes.at(1).contains(u"3 cells held characters"_s), qPrintable(notes.at(1)));
}

void TestXlsxExport::linksPastTheSheetLimitAreText()
{
    if (m_python.isEmpty())
        QSKIP("no python3 with openpyxl (Debian's python3-openpyxl): no independent reader");
    // Excel's limit is 65,530 links a sheet; the same code path with a limit of 2, and 3 rows
    // a sheet: each sheet starts counting again.
    LeadExporter::Request request = this->request(u"camp_many"_s);
    request.preset = ExportPreset::custom({LeadColumn::LinkedinUrl});
    request.xlsx.linksPerSheet = 2;
    request.xlsx.rowsPerSheet = 3;
    LeadExporter::Result result;
    const Workbook wb = read(exportTo(u"links.xlsx"_s, request, &result));
    QVERIFY2(wb.ok, qPrintable(wb.error));
    QCOMPARE(wb.sheets.size(), 3);
    const QList<QList<bool>> linked = {{true, true, false}, {true, true, false}, {true}};
    for (int s = 0; s < 3; ++s) {
        const QJsonArray rows = wb.rows(s);
        QCOMPARE(rows.size(), linked.at(s).size() + 1);
        for (int r = 1; r < rows.size(); ++r) {
            const QJsonObject cell = rows.at(r).toArray().at(0).toObject();
            QCOMPARE(cell.value(u"t"_s).toString(), u"s"_s);
            QVERIFY(
                cell.value(u"v"_s).toString().startsWith(u"https://www.linkedin.com/in/row_"_s));
            QCOMPARE(cell.contains(u"link"_s), linked.at(s).at(r - 1));
        }
    }
    QCOMPARE(result.unlinkedUrls, 2);
    const QStringList notes = LeadExporter::notes(result);
    QCOMPARE(notes.size(), 2); // the sheets, the links
    QVERIFY2(notes.at(1).startsWith(u"2 LinkedIn addresses are plain text"_s),
             qPrintable(notes.at(1)));
}

void TestXlsxExport::cleanText_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<int>("cleaning");
    const QByteArray r = "\xEF\xBF\xBD"; // U+FFFD
    const int unchanged = XlsxWorkbookWriter::Unchanged;
    const int replaced = XlsxWorkbookWriter::Replaced;
    const int truncated = XlsxWorkbookWriter::Truncated;
    QTest::newRow("ASCII") << QByteArray("Doe, John") << QByteArray("Doe, John") << unchanged;
    QTest::newRow("empty") << QByteArray() << QByteArray() << unchanged;
    QTest::newRow("tab CR LF kept")
        << QByteArray("a\tb\rc\nd") << QByteArray("a\tb\rc\nd") << unchanged;
    QTest::newRow("UTF-8 kept") << QByteArray("Zo\xC3\xAB \xF0\x9F\x9A\x80 \xE2\x82\xAC")
                                << QByteArray("Zo\xC3\xAB \xF0\x9F\x9A\x80 \xE2\x82\xAC")
                                << unchanged;
    QTest::newRow("NUL") << QByteArray("a\0b", 3) << QByteArray("a" + r + "b") << replaced;
    QTest::newRow("C0 controls") << QByteArray("\x01\x08\x0B\x0C\x1F")
                                 << QByteArray(r + r + r + r + r) << replaced;
    QTest::newRow("DEL kept") << QByteArray("a\x7F") << QByteArray("a\x7F") << unchanged;
    QTest::newRow("lone continuation")
        << QByteArray("a\x80z") << QByteArray("a" + r + "z") << replaced;
    QTest::newRow("truncated sequence")
        << QByteArray("a\xE2\x82") << QByteArray("a" + r + r) << replaced;
    QTest::newRow("overlong /") << QByteArray("\xC0\xAF") << QByteArray(r + r) << replaced;
    QTest::newRow("overlong 3-byte")
        << QByteArray("\xE0\x80\xAF") << QByteArray(r + r + r) << replaced;
    // Unicode's "maximal subpart" practice, as Qt and browsers decode: a lead byte whose next
    // byte cannot follow it is one error, and so is each stray continuation byte after it.
    QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80") << QByteArray(r + r + r) << replaced;
    QTest::newRow("past U+10FFFF")
        << QByteArray("\xF4\x90\x80\x80") << QByteArray(r + r + r + r) << replaced;
    QTest::newRow("U+FFFE") << QByteArray("\xEF\xBF\xBE") << QByteArray(r) << replaced;
    QTest::newRow("U+FFFF") << QByteArray("\xEF\xBF\xBF") << QByteArray(r) << replaced;
    const qsizetype max = XlsxWorkbookWriter::MaxCellChars;
    QTest::newRow("32,767 ASCII") << QByteArray(max, 'x') << QByteArray(max, 'x') << unchanged;
    QTest::newRow("32,768 ASCII") << QByteArray(max + 1, 'x') << QByteArray(max, 'x') << truncated;
    // Excel counts UTF-16 code units: an emoji is two, and is never cut in half.
    QTest::newRow("emoji across the limit")
        << QByteArray(max - 1, 'x') + "\xF0\x9F\x9A\x80" << QByteArray(max - 1, 'x') << truncated;
    QTest::newRow("emoji at the limit")
        << QByteArray(max - 2, 'x') + "\xF0\x9F\x9A\x80"
        << QByteArray(max - 2, 'x') + "\xF0\x9F\x9A\x80" << unchanged;
    const QByteArray eUmlaut = "\xC3\xAB";
    QTest::newRow("2-byte characters")
        << eUmlaut.repeated(max + 1) << eUmlaut.repeated(max) << truncated;
    QTest::newRow("both") << QByteArray("\x01") + QByteArray(max, 'x')
                          << r + QByteArray(max - 1, 'x') << (replaced | truncated);
}

void TestXlsxExport::cleanText()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QFETCH(int, cleaning);
    QByteArray out = "left over";
    QCOMPARE(XlsxWorkbookWriter::cleanText(input, out), cleaning);
    QCOMPARE(out, expected);
    QCOMPARE(out.constData()[out.size()], '\0'); // libxlsxwriter reads a C string
    // The result is valid UTF-8, and cleaning it again changes nothing.
    QCOMPARE(QString::fromUtf8(out).toUtf8(), out);
    QByteArray again;
    QCOMPARE(XlsxWorkbookWriter::cleanText(out, again), int(XlsxWorkbookWriter::Unchanged));
    QCOMPARE(again, out);
}

void TestXlsxExport::fileIsOwnerOnly()
{
    // A typical desktop umask: files would be world-readable unless the code restricts them.
    const mode_t old = ::umask(022);
    const auto restore = qScopeGuard([old] { ::umask(old); });
    for (const ExportFormat format : {ExportFormat::Xlsx, ExportFormat::Csv}) {
        LeadExporter::Request request = this->request(u"camp_typed"_s);
        request.format = format;
        const QString name = u"mode."_s + ExportFormats::name(format);
        // Both a new file and one replacing a world-readable file of the same name.
        const QString path = m_dir.filePath(name);
        QFile::remove(path);
        for (int replace = 0; replace < 2; ++replace) {
            LeadExporter::Result result;
            exportTo(name, request, &result);
            QVERIFY2(result.ok, qPrintable(result.error));
            QCOMPARE(fileMode(path), 0600);
            QVERIFY(QFile::setPermissions(path,
                                          QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                              | QFileDevice::ReadGroup | QFileDevice::ReadOther));
        }
    }
    // No temporary file left behind.
    QCOMPARE(QDir(m_dir.path()).entryList({u".mode*"_s}, QDir::Files | QDir::Hidden),
             QStringList());
}

void TestXlsxExport::cancelLeavesTargetAsItWas()
{
    const QString path = m_dir.filePath(u"cancelled.xlsx"_s);
    std::atomic<bool> cancel = true;
    LeadExporter::Result result
        = LeadExporter(m_db).exportToFile(path, request(u"camp_many"_s), {}, &cancel);
    QVERIFY(!result.ok);
    QVERIFY(result.cancelled);
    QVERIFY(!QFile::exists(path));

    QFile existing(path);
    QVERIFY(existing.open(QIODevice::WriteOnly));
    existing.write("the previous export");
    existing.close();
    result = LeadExporter(m_db).exportToFile(path, request(u"camp_many"_s), {}, &cancel);
    QVERIFY(result.cancelled);
    QVERIFY(existing.open(QIODevice::ReadOnly));
    QCOMPARE(existing.readAll(), QByteArray("the previous export"));
    QCOMPARE(QDir(m_dir.path()).entryList({u".cancelled*"_s}, QDir::Files | QDir::Hidden),
             QStringList());
}

void TestXlsxExport::deviceTargetGetsTheWorkbook()
{
    if (m_python.isEmpty())
        QSKIP("no python3 with openpyxl (Debian's python3-openpyxl): no independent reader");
    // A FIFO (as /dev/stdout may be) cannot be replaced: the workbook is copied into it.
    const QString fifo = m_dir.filePath(u"pipe"_s);
    QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
    QProcess cat;
    const QString copy = m_dir.filePath(u"from-pipe.xlsx"_s);
    cat.setStandardOutputFile(copy);
    cat.start(u"cat"_s, {fifo});
    QVERIFY(cat.waitForStarted());
    const LeadExporter::Result result
        = LeadExporter(m_db).exportToFile(fifo, request(u"camp_typed"_s));
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(cat.waitForFinished(30000));
    const Workbook wb = read(copy);
    QVERIFY2(wb.ok, qPrintable(wb.error));
    QCOMPARE(wb.rows(0), m_typed.rows(0));
}

QTEST_GUILESS_MAIN(TestXlsxExport)
#include "tst_xlsxexport.moc"
