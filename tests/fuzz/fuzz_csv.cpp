// SPDX-License-Identifier: MIT
// Fuzz target for CsvWriter (core/export): arbitrary fields, written through the buffered writer
// and through encodeField(), must read back (RFC 4180, with a tiny reader here) as the same
// fields, an apostrophe in front where the formula guard applies.
//
// Input: [options] fields separated by 0x00, rows by 0x01. options bit 0: ';' delimiter;
// bit 1: BOM; bit 2: formula guard; bit 3: fields are telephone numbers (addTelephone); bit 4:
// a header row of the first row's fields; bits 5-7: a numeric or timestamp field is added to
// every row too.
#include "fuzzcheck.h"

#include "export/csvwriter.h"

#include <QBuffer>
#include <QCoreApplication>

#include <cstdint>

namespace {

using Rows = QList<QByteArrayList>;

// RFC 4180 section 2, strict: a quote inside an unquoted field, or anything but a delimiter or
// CRLF after a closing quote, is a failure (returns false).
bool readCsv(QByteArrayView text, char delimiter, Rows *rows, bool byteOrderMark = false)
{
    if (byteOrderMark) {
        if (!text.startsWith("\xEF\xBB\xBF"))
            return false;
        text = text.sliced(3);
    }
    qsizetype i = 0;
    const qsizetype n = text.size();
    QByteArrayList row;
    while (i < n) {
        QByteArray field;
        if (text[i] == '"') {
            ++i;
            while (true) {
                if (i >= n)
                    return false; // unterminated
                if (text[i] == '"') {
                    if (i + 1 < n && text[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += text[i++];
            }
        } else {
            while (i < n && text[i] != delimiter && text[i] != '\r' && text[i] != '\n') {
                if (text[i] == '"')
                    return false;
                field += text[i++];
            }
        }
        row.append(field);
        if (i >= n)
            return false; // every record ends with CRLF
        if (text[i] == delimiter) {
            ++i;
            continue;
        }
        if (text[i] != '\r' || i + 1 >= n || text[i + 1] != '\n')
            return false;
        i += 2;
        rows->append(row);
        row.clear();
    }
    return row.isEmpty();
}

bool startsFormula(const QByteArray &field)
{
    return !field.isEmpty() && QByteArrayView("=+-@\t\r").contains(field.front());
}

QByteArray expectedField(const QByteArray &field, const CsvWriter::Options &options, bool telephone)
{
    bool guard = options.formulaGuard && startsFormula(field);
    if (telephone && CsvWriter::isTelephoneShaped(field))
        guard = false;
    return guard ? '\'' + field : field;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const uint8_t flags = data[0];
    CsvWriter::Options options;
    options.delimiter = (flags & 1) ? ';' : ',';
    options.byteOrderMark = flags & 2;
    options.formulaGuard = flags & 4;
    const bool telephone = flags & 8;
    const bool header = flags & 16;
    const int extra = (flags >> 5) & 7;

    Rows input;
    {
        const QByteArray rest(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
        for (const QByteArray &row : rest.split('\1'))
            input.append(row.split('\0'));
    }

    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter writer(&buffer, options);
    Rows expected;
    if (header) {
        QStringList names;
        for (const QByteArray &field : input.first())
            names.append(QString::fromUtf8(field));
        writer.writeHeader(names);
        QByteArrayList row;
        for (const QString &name : names)
            row.append(name.toUtf8()); // header names are never guarded
        expected.append(row);
    }
    const qint64 number = qint64(0x8000000000000000ULL >> (extra * 9)) * (extra & 1 ? -1 : 1);
    for (const QByteArrayList &row : input) {
        QByteArrayList out;
        for (const QByteArray &field : row) {
            if (telephone)
                writer.addTelephone(field);
            else
                writer.addField(field);
            out.append(expectedField(field, options, telephone));

            // encodeField() is the same encoding of one field.
            if (!telephone) {
                Rows single;
                FUZZ_CHECK(readCsv(QByteArray(CsvWriter::encodeField(field, options) + "\r\n"),
                                   options.delimiter, &single));
                FUZZ_CHECK(single.size() == 1 && single.first().size() == 1);
                FUZZ_CHECK(single.first().first() == out.last());
            }
        }
        if (extra == 1) {
            writer.addEmpty();
            out.append(QByteArray());
        } else if (extra >= 2 && extra < 6) {
            writer.addNumber(number);
            out.append(QByteArray::number(number));
        } else if (extra >= 6) {
            writer.addTimestampMs(number);
            out.append(QByteArray()); // checked below by shape only
        }
        writer.endRow();
        expected.append(out);
    }
    FUZZ_CHECK(writer.finish());
    FUZZ_CHECK(writer.bytesWritten() == buffer.data().size());

    Rows actual;
    FUZZ_CHECK(readCsv(buffer.data(), options.delimiter, &actual, options.byteOrderMark && header));
    FUZZ_CHECK(actual.size() == expected.size());
    for (qsizetype r = 0; r < actual.size(); ++r) {
        FUZZ_CHECK(actual[r].size() == expected[r].size());
        for (qsizetype f = 0; f < actual[r].size(); ++f) {
            const bool timestampField
                = extra >= 6 && f == actual[r].size() - 1 && !(header && r == 0);
            if (timestampField) {
                const QByteArray &ts = actual[r][f];
                // "YYYY-MM-DDTHH:MM:SS.mmmZ", or the raw number outside four-digit years.
                FUZZ_CHECK((ts.size() == 24 && ts.endsWith('Z') && ts[10] == 'T')
                           || ts == QByteArray::number(number));
                continue;
            }
            FUZZ_CHECK(actual[r][f] == expected[r][f]);
        }
    }
    return 0;
}
