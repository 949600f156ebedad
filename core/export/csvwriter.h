// SPDX-License-Identifier: MIT
#pragma once

#include <memory>

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>
#include <QStringView>

class QIODevice;

/*!
    Writes RFC 4180 CSV to a device through a large buffer. Models ExportRowWriter.

    RFC 4180 section 2: records end with CRLF; a field holding the delimiter, a double quote,
    CR or LF is enclosed in double quotes and its quotes are doubled. Output is UTF-8, with a
    byte order mark by default because Excel reads a BOM-less CSV in the system code page.

    Formula guard (OWASP "CSV Injection"): a text field starting with = + - @ TAB or CR gets a
    leading apostrophe so a spreadsheet shows it as text instead of evaluating it. Numbers
    written with addNumber() are never changed.

    Usage: writeHeader(), then per row addField()/addNumber()/addEmpty() and endRow(), then
    finish(). Write errors are sticky: check ok() after finish().
*/
class CsvWriter final
{
public:
    struct Options
    {
        char delimiter = ','; ///< ',' or ';' (the latter for locales with a decimal comma)
        bool byteOrderMark = true;
        bool formulaGuard = true;
        /// Write to the device on a second thread while the next buffer fills. The caller must
        /// not use the device until finish() (or the destructor) has returned.
        bool backgroundWrites = false;
    };

    explicit CsvWriter(QIODevice *device, const Options &options);
    ~CsvWriter();
    CsvWriter(const CsvWriter &) = delete;
    CsvWriter &operator=(const CsvWriter &) = delete;

    const Options &options() const { return m_options; }

    /// Writes the BOM (if enabled) and one header row. Header names are not formula-guarded.
    void writeHeader(const QStringList &names);

    /// A text field, UTF-8 bytes.
    void addField(QByteArrayView utf8) { addFieldImpl(utf8, m_options.formulaGuard); }
    void addField(QStringView text);
    /// A telephone number: written as is when it is a '+' followed only by digits and phone
    /// punctuation (it cannot hold a function, and an apostrophe would reach the CRM and break
    /// its phone validation); guarded like any other text otherwise.
    void addTelephone(QByteArrayView utf8)
    {
        addFieldImpl(utf8, m_options.formulaGuard && !isTelephoneShaped(utf8));
    }
    /// A web address: CSV has no links, so it is text like any other (and guarded).
    void addLink(QByteArrayView utf8) { addField(utf8); }
    /// "+1-555-123-4567", "+49 (30) 1234.56": '+', then digits, spaces and ( ) . - / only.
    static bool isTelephoneShaped(QByteArrayView utf8);
    /// A number, unformatted (no grouping, '-' sign).
    void addNumber(qint64 value);
    /// An empty field (unknown number).
    void addEmpty() { separate(); }
    /// A UTC instant as ISO 8601 with milliseconds, "2024-02-24T10:30:00.000Z".
    void addTimestampMs(qint64 msSinceEpoch);
    void endRow();

    /// Writes what is buffered. Returns ok().
    bool finish();
    bool ok() const;
    /// The device's error string after a failed write.
    QString errorString() const { return m_error; }
    qint64 bytesWritten() const { return m_bytesWritten; }

    /// The quoted/guarded form of one field, for tests and previews.
    static QByteArray encodeField(QByteArrayView utf8, const Options &options);

private:
    void addFieldImpl(QByteArrayView utf8, bool guard);
    void separate()
    {
        char *p = reserve(1);
        if (m_fieldInRow++ > 0) {
            *p = m_options.delimiter;
            ++m_used;
        }
    }
    /// Room for \a n more bytes at m_data + m_used: flushes (or grows) the buffer as needed.
    char *reserve(qsizetype n)
    {
        if (m_used + n > m_buffer.size())
            makeRoom(n);
        return m_data + m_used;
    }
    void makeRoom(qsizetype n);
    void flush();

    class BackgroundWriter;
    std::unique_ptr<BackgroundWriter> m_background;

    QIODevice *m_device;
    Options m_options;
    // A fixed-size buffer filled through a raw pointer: QByteArray::append's per-call checks
    // showed up in profiles at a few hundred bytes per field.
    QByteArray m_buffer;
    char *m_data = nullptr;
    qsizetype m_used = 0;
    int m_fieldInRow = 0;
    bool m_ok = true;
    QString m_error;
    qint64 m_bytesWritten = 0;
};
