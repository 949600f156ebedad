// SPDX-License-Identifier: MIT
#include "csvwriter.h"

#include <QIODevice>

#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

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

// True when \a utf8 holds the delimiter, a quote, CR or LF (RFC 4180 2.6). Eight bytes at a
// time ("determine if a word has a byte equal to n", Bit Twiddling Hacks): most fields need no
// quoting, and this scan is the writer's inner loop.
bool needsQuoting(QByteArrayView utf8, char delimiter)
{
    constexpr quint64 Ones = 0x0101010101010101ULL;
    constexpr quint64 Highs = 0x8080808080808080ULL;
    const quint64 d = Ones * uchar(delimiter);
    constexpr quint64 Q = Ones * uchar('"');
    constexpr quint64 Cr = Ones * uchar('\r');
    constexpr quint64 Lf = Ones * uchar('\n');
    const auto hasZero = [](quint64 v) {
        return (v - Ones) & ~v & Highs;
    };
    const char *s = utf8.data();
    const qsizetype n = utf8.size();
    qsizetype i = 0;
    for (; i + 8 <= n; i += 8) {
        quint64 v;
        std::memcpy(&v, s + i, 8);
        if (hasZero(v ^ d) | hasZero(v ^ Q) | hasZero(v ^ Cr) | hasZero(v ^ Lf))
            return true;
    }
    for (; i < n; ++i) {
        const char c = s[i];
        if (c == delimiter || c == '"' || c == '\r' || c == '\n')
            return true;
    }
    return false;
}
} // namespace

bool CsvWriter::isTelephoneShaped(QByteArrayView utf8)
{
    if (utf8.size() < 2 || utf8.front() != '+')
        return false;
    bool digit = false;
    for (const char c : utf8.sliced(1)) {
        if (c >= '0' && c <= '9')
            digit = true;
        else if (c != ' ' && c != '(' && c != ')' && c != '.' && c != '-' && c != '/')
            return false;
    }
    return digit;
}

/// Writes full buffers to the device on its own thread, so that the page-cache copy of the
/// write() calls (about 40 % of an export's time in profiles) overlaps with reading rows and
/// formatting the next buffer on the other core. Two buffers in flight at most: memory stays
/// flat whatever the row count.
class CsvWriter::BackgroundWriter
{
public:
    explicit BackgroundWriter(QIODevice *device)
        : m_device(device)
        , m_thread([this] { run(); })
    { }

    ~BackgroundWriter() { finish(); }

    /// Queues \a buffer (its first \a size bytes) and returns an empty buffer to fill next.
    QByteArray submit(QByteArray buffer, qsizetype size)
    {
        std::unique_lock lock(m_mutex);
        m_space.wait(lock, [this] { return m_queue.size() < MaxQueued; });
        m_queue.push_back({std::move(buffer), size});
        m_work.notify_one();
        if (!m_free.empty()) {
            QByteArray recycled = std::move(m_free.back());
            m_free.pop_back();
            return recycled;
        }
        return QByteArray(FlushThreshold, Qt::Uninitialized);
    }

    /// Waits until everything queued is written. Idempotent.
    void finish()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
            m_work.notify_one();
        }
        if (m_thread.joinable())
            m_thread.join();
    }

    bool failed() const { return m_failed.load(std::memory_order_acquire); }
    QString errorString() const
    {
        std::lock_guard lock(m_mutex);
        return m_error;
    }
    qint64 bytesWritten() const
    {
        std::lock_guard lock(m_mutex);
        return m_written;
    }

private:
    static constexpr size_t MaxQueued = 2;

    void run()
    {
        for (;;) {
            std::pair<QByteArray, qsizetype> job;
            {
                std::unique_lock lock(m_mutex);
                m_work.wait(lock, [this] { return !m_queue.empty() || m_stopping; });
                if (m_queue.empty())
                    return;
                job = std::move(m_queue.front());
                m_queue.pop_front();
            }
            // After a failure the rest is dropped: the export reports the first error.
            bool ok = !m_failed.load(std::memory_order_relaxed);
            qint64 written = 0;
            if (ok) {
                written = m_device->write(job.first.constData(), job.second);
                ok = written == job.second;
            }
            std::lock_guard lock(m_mutex);
            if (ok) {
                m_written += written;
            } else if (!m_failed.load(std::memory_order_relaxed)) {
                m_error = m_device->errorString();
                m_failed.store(true, std::memory_order_release);
            }
            m_free.push_back(std::move(job.first));
            m_space.notify_one();
        }
    }

    QIODevice *const m_device;
    mutable std::mutex m_mutex;
    std::condition_variable m_work;
    std::condition_variable m_space;
    std::deque<std::pair<QByteArray, qsizetype>> m_queue;
    std::vector<QByteArray> m_free;
    bool m_stopping = false;
    std::atomic<bool> m_failed {false};
    QString m_error;
    qint64 m_written = 0;
    std::thread m_thread; // last: started once everything above exists
};

CsvWriter::CsvWriter(QIODevice *device, const Options &options)
    : m_device(device)
    , m_options(options)
{
    m_buffer.resize(device ? FlushThreshold : 256);
    m_data = m_buffer.data();
    if (device && options.backgroundWrites)
        m_background = std::make_unique<BackgroundWriter>(device);
}

CsvWriter::~CsvWriter() = default; // the background writer finishes what was queued

bool CsvWriter::ok() const
{
    return m_ok && !(m_background && m_background->failed());
}

void CsvWriter::writeHeader(const QStringList &names)
{
    if (m_options.byteOrderMark) {
        std::memcpy(reserve(3), "\xEF\xBB\xBF", 3);
        m_used += 3;
    }
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
    const qsizetype n = utf8.size();
    // Worst case: delimiter, two quotes, an apostrophe, every byte a doubled quote.
    char *const start = reserve(4 + 2 * n);
    char *p = start;
    if (m_fieldInRow++ > 0)
        *p++ = m_options.delimiter;
    const bool apostrophe = guard && startsFormula(utf8);
    if (!needsQuoting(utf8, m_options.delimiter)) {
        if (apostrophe)
            *p++ = '\'';
        if (n)
            std::memcpy(p, utf8.data(), size_t(n));
        m_used += (p - start) + n;
        return;
    }
    *p++ = '"';
    if (apostrophe)
        *p++ = '\'';
    // RFC 4180 2.7: a double quote inside a quoted field is escaped by another one.
    const char *s = utf8.data();
    const char *end = s + n;
    while (s != end) {
        const char *q = static_cast<const char *>(std::memchr(s, '"', size_t(end - s)));
        if (!q) {
            std::memcpy(p, s, size_t(end - s));
            p += end - s;
            break;
        }
        std::memcpy(p, s, size_t(q - s + 1));
        p += q - s + 1;
        *p++ = '"';
        s = q + 1;
    }
    *p++ = '"';
    m_used += p - start;
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
    std::memcpy(reserve(end - p), p, size_t(end - p));
    m_used += end - p;
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
    char *const start = reserve(24);
    char *p = start;
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
    m_used += p - start;
}

void CsvWriter::endRow()
{
    // RFC 4180 2.1: CRLF
    char *p = reserve(2);
    p[0] = '\r';
    p[1] = '\n';
    m_used += 2;
    m_fieldInRow = 0;
}

void CsvWriter::makeRoom(qsizetype n)
{
    if (m_device)
        flush();
    if (m_used + n > m_buffer.size()) {
        // A field larger than the buffer (or no device, for encodeField): grow.
        m_buffer.resize(m_used + n);
        m_data = m_buffer.data();
    }
}

void CsvWriter::flush()
{
    if (m_used == 0 || !m_device)
        return;
    if (m_background) {
        m_buffer = m_background->submit(std::move(m_buffer), m_used);
        m_data = m_buffer.data();
    } else if (m_ok) {
        const qint64 written = m_device->write(m_data, m_used);
        if (written != m_used) {
            m_ok = false;
            m_error = m_device->errorString();
        } else {
            m_bytesWritten += written;
        }
    }
    m_used = 0;
}

bool CsvWriter::finish()
{
    flush();
    if (m_background) {
        m_background->finish();
        m_bytesWritten = m_background->bytesWritten();
        if (m_background->failed() && m_ok) {
            m_ok = false;
            m_error = m_background->errorString();
        }
    }
    return m_ok;
}

QByteArray CsvWriter::encodeField(QByteArrayView utf8, const Options &options)
{
    CsvWriter writer(nullptr, options);
    writer.addField(utf8);
    return QByteArray(writer.m_data, writer.m_used);
}
