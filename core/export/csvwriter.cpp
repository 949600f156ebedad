// SPDX-License-Identifier: MIT
#include "csvwriter.h"

#include <QIODevice>

#include <cstring>

namespace {
// Flushed at this size; large enough that the device is written a few hundred times per GB.
constexpr qsizetype FlushThreshold = 4 * 1024 * 1024;

// OWASP CSV Injection: "= + - @ Tab Carriage return" start a formula in Excel, LibreOffice or
// Google Sheets.
bool startsFormula(QByteArrayView utf8)
{
    if (utf8.isEmpty())
        return false;
    switch (utf8.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
        return true;
    default:
        return false;
    }
}

// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant, "chrono-Compatible Low-Level
// Date Algorithms", civil_from_days). A QDateTime per row costs more than the whole row.
void civilFromDays(qint64 z, qint64 *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = qint64(yoe) + era * 400 + (*m <= 2 ? 1 : 0);
}

char *putDigits(char *p, qint64 value, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        p[i] = char('0' + value % 10);
        value /= 10;
    }
    return p + width;
}
} // namespace

CsvWriter::CsvWriter(QIODevice *device, const Options &options)
    : m_device(device)
    , m_options(options)
{
    if (m_device)
        m_buffer.reserve(FlushThreshold + 64 * 1024);
}

void CsvWriter::writeHeader(const QStringList &names)
{
    if (m_options.byteOrderMark)
        m_buffer.append("\xEF\xBB\xBF");
    for (const QString &name : names)
        addFieldImpl(name.toUtf8(), false);
    endRow();
}

void CsvWriter::addField(QStringView text)
{
    addFieldImpl(text.toUtf8(), m_options.formulaGuard);
}

void CsvWriter::addFieldImpl(QByteArrayView utf8, bool guard)
{
    separate();
    const bool apostrophe = guard && startsFormula(utf8);
    bool quote = false;
    bool hasQuote = false;
    const char delimiter = m_options.delimiter;
    for (const char c : utf8) {
        if (c == '"') {
            hasQuote = quote = true;
            break;
        }
        if (c == delimiter || c == '\n' || c == '\r')
            quote = true;
    }
    if (!quote) {
        if (apostrophe)
            m_buffer.append('\'');
        m_buffer.append(utf8.data(), utf8.size());
        return;
    }
    m_buffer.append('"');
    if (apostrophe)
        m_buffer.append('\'');
    if (!hasQuote) {
        m_buffer.append(utf8.data(), utf8.size());
    } else {
        // RFC 4180 2.7: a double quote inside a quoted field is escaped by another one.
        const char *p = utf8.data();
        const char *end = p + utf8.size();
        while (p != end) {
            const char *q = static_cast<const char *>(std::memchr(p, '"', size_t(end - p)));
            if (!q) {
                m_buffer.append(p, end - p);
                break;
            }
            m_buffer.append(p, q - p + 1);
            m_buffer.append('"');
            p = q + 1;
        }
    }
    m_buffer.append('"');
}

void CsvWriter::addNumber(qint64 value)
{
    separate();
    char digits[24];
    char *end = digits + sizeof digits;
    char *p = end;
    const bool negative = value < 0;
    // Work in unsigned so that the minimum value does not overflow on negation.
    quint64 magnitude = negative ? quint64(0) - quint64(value) : quint64(value);
    do {
        *--p = char('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude);
    if (negative)
        *--p = '-';
    m_buffer.append(p, end - p);
}

void CsvWriter::addTimestampMs(qint64 ms)
{
    qint64 days = ms / 86400000;
    qint64 rest = ms % 86400000;
    if (rest < 0) {
        rest += 86400000;
        --days;
    }
    qint64 year;
    unsigned month, day;
    civilFromDays(days, &year, &month, &day);
    if (year < 0 || year > 9999) {
        // Outside ISO 8601's four-digit years: write the raw number rather than a wrong date.
        addNumber(ms);
        return;
    }
    separate();
    char text[24];
    char *p = text;
    p = putDigits(p, year, 4);
    *p++ = '-';
    p = putDigits(p, month, 2);
    *p++ = '-';
    p = putDigits(p, day, 2);
    *p++ = 'T';
    p = putDigits(p, rest / 3600000, 2);
    *p++ = ':';
    p = putDigits(p, rest / 60000 % 60, 2);
    *p++ = ':';
    p = putDigits(p, rest / 1000 % 60, 2);
    *p++ = '.';
    p = putDigits(p, rest % 1000, 3);
    *p++ = 'Z';
    m_buffer.append(text, p - text);
}

void CsvWriter::endRow()
{
    m_buffer.append("\r\n", 2); // RFC 4180 2.1: CRLF
    m_fieldInRow = 0;
    flushIfFull();
}

void CsvWriter::flushIfFull()
{
    if (m_buffer.size() >= FlushThreshold)
        flush();
}

void CsvWriter::flush()
{
    if (m_buffer.isEmpty())
        return;
    if (m_ok) {
        const qint64 written = m_device->write(m_buffer.constData(), m_buffer.size());
        if (written != m_buffer.size()) {
            m_ok = false;
            m_error = m_device->errorString();
        } else {
            m_bytesWritten += written;
        }
    }
    m_buffer.resize(0); // keeps the capacity
}

bool CsvWriter::finish()
{
    flush();
    return m_ok;
}

QByteArray CsvWriter::encodeField(QByteArrayView utf8, const Options &options)
{
    QByteArray out;
    {
        CsvWriter writer(nullptr, options);
        writer.addField(utf8);
        out = writer.m_buffer;
    }
    return out;
}
