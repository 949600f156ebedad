// SPDX-License-Identifier: MIT
#include "export/xlsxworkbookwriter.h"

#include <QFile>

#include <cstdio>
#include <cstring>
#include <xlsxwriter.h>

using namespace Qt::StringLiterals;

namespace {

// Column widths, in characters of the default font: at least the header plus room for the
// autofilter's button, at most this much (a summary would otherwise make one column a screen).
constexpr int MaxColumnWidth = 50;
constexpr int FilterButtonWidth = 3;
constexpr int DateWidth = 19; // "2024-02-24 10:30:00"

// Excel's serial dates: days since 1899-12-30 (the 1900 date system, whose serials before
// 1900-03-01 are off by its phantom 1900-02-29). 25569 is 1970-01-01.
constexpr double UnixEpochSerial = 25569.0;
constexpr qint64 MsPerDay = 86400000;
constexpr qint64 FirstExactDateMs = -25508 * MsPerDay; // 1900-03-01T00:00:00Z
constexpr qint64 EndOfDatesMs = 253402300800000; // 10000-01-01T00:00:00Z

const char Replacement[] = "\xEF\xBF\xBD"; // U+FFFD

bool isContinuation(uchar c)
{
    return (c & 0xC0) == 0x80;
}

// Characters in \a utf8, for column widths (continuation bytes do not start one).
qsizetype characters(QByteArrayView utf8)
{
    qsizetype n = 0;
    for (const char c : utf8)
        n += !isContinuation(uchar(c));
    return n;
}

bool startsWithHttp(QByteArrayView url)
{
    const auto startsWith = [url](QByteArrayView prefix) {
        return url.size() > prefix.size()
            && qstrnicmp(url.data(), prefix.size(), prefix.data(), prefix.size()) == 0;
    };
    return startsWith("https://") || startsWith("http://");
}

// An address a link may hold: printable ASCII without spaces (libxlsxwriter escapes some
// characters itself, and a profile URL is ASCII; anything else stays text).
bool isLinkable(QByteArrayView url)
{
    if (url.size() > XlsxWorkbookWriter::MaxUrlLength || !startsWithHttp(url))
        return false;
    for (const char c : url) {
        if (uchar(c) <= 0x20 || uchar(c) >= 0x7F || c == '"')
            return false;
    }
    return true;
}

} // namespace

XlsxWorkbookWriter::XlsxWorkbookWriter(const QString &path, const Options &options)
    : m_options(options)
    , m_path(path)
{
    if (m_options.rowsPerSheet < 1 || m_options.rowsPerSheet > MaxSheetRows - 1)
        m_options.rowsPerSheet = MaxSheetRows - 1;
    m_options.linksPerSheet = qBound(0, m_options.linksPerSheet, MaxLinksPerSheet);
    lxw_workbook_options lxwOptions {};
    lxwOptions.constant_memory = LXW_TRUE;
    if (!m_options.tempDir.isEmpty()) {
        m_tempDir = QFile::encodeName(m_options.tempDir);
        lxwOptions.tmpdir = m_tempDir.data();
    }
    // ZIP64 lets one sheet's XML pass 4 GB; without it minizip fails the whole file at the
    // end (ZIP_BADZIPFILE). Only for large exports, since small files do not need it.
    lxwOptions.use_zip64 = m_options.zip64 ? LXW_TRUE : LXW_FALSE;
    const QByteArray name = QFile::encodeName(path);
    m_workbook = workbook_new_opt(name.constData(), &lxwOptions);
    if (!m_workbook) {
        m_error = u"cannot create the workbook"_s;
        return;
    }
    m_bold = workbook_add_format(m_workbook);
    format_set_bold(m_bold);
    m_date = workbook_add_format(m_workbook);
    format_set_num_format(m_date, "yyyy-mm-dd hh:mm:ss");
    m_link = workbook_get_default_url_format(m_workbook);
    m_text.reserve(64 * 1024);
}

XlsxWorkbookWriter::~XlsxWorkbookWriter()
{
    if (!m_workbook)
        return;
    // Not finished (cancelled, failed): free it unwritten. workbook_close() would first pack
    // every row written so far, which for a large export is most of its time.
    // lxw_worksheet_free() does not close a sheet's row file in constant-memory mode, so that
    // is done here (the file was unlinked at creation: closing it frees its space).
    for (const Sheet &sheet : std::as_const(m_sheets)) {
        if (sheet.worksheet->optimize_tmpfile) {
            std::fclose(sheet.worksheet->optimize_tmpfile);
            sheet.worksheet->optimize_tmpfile = nullptr;
        }
    }
    lxw_workbook_free(m_workbook);
}

void XlsxWorkbookWriter::check(int error)
{
    if (error != LXW_NO_ERROR && m_error.isEmpty())
        m_error = QString::fromUtf8(lxw_strerror(lxw_error(error)));
}

void XlsxWorkbookWriter::writeHeader(const QStringList &names)
{
    m_header = names;
    if (m_workbook)
        startSheet();
}

void XlsxWorkbookWriter::startSheet()
{
    closeSheet();
    const int number = int(m_sheets.size()) + 1;
    const QString name
        = number == 1 ? m_options.sheetName : u"%1 %2"_s.arg(m_options.sheetName).arg(number);
    const QByteArray utf8Name = name.left(LXW_SHEETNAME_MAX).toUtf8();
    lxw_worksheet *worksheet = workbook_add_worksheet(m_workbook, utf8Name.constData());
    if (!worksheet) {
        // The loop keeps writing into the previous sheet, whose errors nobody reads: ok() is
        // already false.
        check(LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    m_sheets.append(Sheet {worksheet, 0, 0, {}});
    m_sheet = &m_sheets.last();
    m_sheet->widths.resize(m_header.size());
    for (qsizetype col = 0; col < m_header.size(); ++col) {
        cleanText(m_header.at(col).toUtf8(), m_text);
        check(worksheet_write_string(worksheet, 0, lxw_col_t(col), m_text.constData(), m_bold));
        m_sheet->widths[col] = int(characters(m_text)) + FilterButtonWidth;
    }
    worksheet_freeze_panes(worksheet, 1, 0);
}

void XlsxWorkbookWriter::closeSheet()
{
    if (!m_sheet)
        return;
    lxw_worksheet *worksheet = m_sheet->worksheet;
    // Columns and the autofilter are written when the workbook is packed, so both can come
    // after the rows even in constant-memory mode.
    for (qsizetype col = 0; col < m_sheet->widths.size(); ++col)
        check(worksheet_set_column(worksheet, lxw_col_t(col), lxw_col_t(col),
                                   qMin(m_sheet->widths.at(col), MaxColumnWidth) + 1, nullptr));
    if (!m_header.isEmpty())
        check(worksheet_autofilter(worksheet, 0, 0, lxw_row_t(m_sheet->dataRows),
                                   lxw_col_t(m_header.size() - 1)));
    m_sheet = nullptr;
}

void XlsxWorkbookWriter::widen(qsizetype chars)
{
    if (m_col < m_sheet->widths.size() && chars > m_sheet->widths.at(m_col))
        m_sheet->widths[m_col] = int(qMin<qsizetype>(chars, MaxColumnWidth));
}

void XlsxWorkbookWriter::addField(QByteArrayView utf8)
{
    beginCell();
    if (utf8.isEmpty() || !m_sheet) {
        // An empty text is no cell at all, as in a sheet typed by hand.
        ++m_col;
        return;
    }
    lxw_worksheet *worksheet = m_sheet->worksheet;
    const int cleaning = cleanText(utf8, m_text);
    m_truncatedCells += (cleaning & Truncated) != 0;
    m_replacedCells += (cleaning & Replaced) != 0;
    check(worksheet_write_string(worksheet, row(), m_col, m_text.constData(), nullptr));
    // Bytes first: counting characters only for a value that may widen the column.
    if (m_col < m_sheet->widths.size() && m_text.size() > m_sheet->widths.at(m_col))
        widen(characters(m_text));
    ++m_col;
}

void XlsxWorkbookWriter::addLink(QByteArrayView utf8)
{
    beginCell();
    if (utf8.isEmpty() || !m_sheet || !isLinkable(utf8)) {
        addField(utf8);
        return;
    }
    lxw_worksheet *worksheet = m_sheet->worksheet;
    if (m_sheet->links >= m_options.linksPerSheet) {
        ++m_unlinkedUrls;
        addField(utf8);
        return;
    }
    m_text.resize(0);
    m_text.append(utf8.data(), utf8.size()); // QByteArray keeps a NUL after its data
    if (worksheet_write_url(worksheet, row(), m_col, m_text.constData(), m_link) != LXW_NO_ERROR) {
        // An address libxlsxwriter refuses after its own escaping (too long once escaped)
        // is still worth its text.
        ++m_unlinkedUrls;
        addField(utf8);
        return;
    }
    ++m_sheet->links;
    widen(utf8.size());
    ++m_col;
}

void XlsxWorkbookWriter::addNumber(qint64 value)
{
    beginCell();
    if (!m_sheet) {
        ++m_col;
        return;
    }
    lxw_worksheet *worksheet = m_sheet->worksheet;
    check(worksheet_write_number(worksheet, row(), m_col, double(value), nullptr));
    widen(QByteArray::number(value).size());
    ++m_col;
}

void XlsxWorkbookWriter::addTimestampMs(qint64 ms)
{
    if (ms < FirstExactDateMs || ms >= EndOfDatesMs) {
        // No Excel date shows it right: the raw number, as the CSV writes it.
        addNumber(ms);
        return;
    }
    beginCell();
    if (!m_sheet) {
        ++m_col;
        return;
    }
    lxw_worksheet *worksheet = m_sheet->worksheet;
    // Whole days and the fraction apart, so the day count stays exact in the double.
    const qint64 days = ms >= 0 ? ms / MsPerDay : -((-ms + MsPerDay - 1) / MsPerDay);
    const double serial = UnixEpochSerial + double(days) + double(ms - days * MsPerDay) / MsPerDay;
    check(worksheet_write_number(worksheet, row(), m_col, serial, m_date));
    widen(DateWidth);
    ++m_col;
}

void XlsxWorkbookWriter::endRow()
{
    if (m_sheet && m_col > 0)
        ++m_sheet->dataRows;
    m_col = 0;
}

bool XlsxWorkbookWriter::finish()
{
    if (!m_workbook)
        return false;
    if (m_sheets.isEmpty())
        startSheet(); // no header written: still a valid, empty workbook
    closeSheet();
    const lxw_error error = workbook_close(m_workbook);
    m_workbook = nullptr;
    if (error != LXW_NO_ERROR && m_error.isEmpty()) {
        m_error = QString::fromUtf8(lxw_strerror(error));
        if (error == LXW_ERROR_CREATING_XLSX_FILE || error == LXW_ERROR_CREATING_TMPFILE)
            m_error += u" ("_s + QString::fromLocal8Bit(std::strerror(errno)) + u')';
    }
    return ok();
}

int XlsxWorkbookWriter::cleanText(QByteArrayView in, QByteArray &out)
{
    const uchar *s = reinterpret_cast<const uchar *>(in.data());
    const qsizetype n = in.size();
    // The common case: printable ASCII (or tab, CR, LF) that fits a cell, copied as is.
    bool plain = n <= MaxCellChars;
    for (qsizetype i = 0; plain && i < n; ++i)
        plain = (s[i] >= 0x20 && s[i] < 0x80) || s[i] == '\t' || s[i] == '\n' || s[i] == '\r';
    if (plain) {
        out.resize(n);
        if (n)
            std::memcpy(out.data(), s, size_t(n));
        return Unchanged;
    }

    // Decode strictly (RFC 3629 section 4), keep what XML 1.0 section 2.2 allows as Char,
    // replace the rest with U+FFFD, and stop at Excel's 32,767 characters, which Excel counts
    // in UTF-16 code units.
    int result = Unchanged;
    out.resize(0);
    out.reserve(qMin(n, 4 * MaxCellChars) + 3);
    qsizetype units = 0;
    qsizetype i = 0;
    while (i < n) {
        const uchar c = s[i];
        qsizetype length = 0;
        char32_t cp = 0;
        if (c < 0x80) {
            length = 1;
            cp = c;
        } else if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            cp = c & 0x07;
        }
        bool valid = length > 0 && i + length <= n;
        for (qsizetype k = 1; valid && k < length; ++k) {
            valid = isContinuation(s[i + k]);
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
        if (valid)
            valid = !(length == 3 && cp < 0x800) && !(length == 4 && cp < 0x10000)
                && !(cp >= 0xD800 && cp <= 0xDFFF) && cp <= 0x10FFFF;
        const bool xmlChar = valid && (cp >= 0x20 || cp == '\t' || cp == '\n' || cp == '\r')
            && cp != 0xFFFE && cp != 0xFFFF;
        const qsizetype cpUnits = valid && cp >= 0x10000 ? 2 : 1;
        if (units + cpUnits > MaxCellChars) {
            result |= Truncated;
            break;
        }
        units += cpUnits;
        if (xmlChar) {
            out.append(reinterpret_cast<const char *>(s + i), length);
            i += length;
        } else {
            result |= Replaced;
            out.append(Replacement, 3);
            // An invalid sequence is replaced one byte at a time, an invalid character whole.
            i += valid ? length : 1;
        }
    }
    return result;
}
