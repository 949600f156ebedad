// SPDX-License-Identifier: MIT
#pragma once

// The reader behind LeadJson's decoders, in a header so that the callbacks of the export's hot
// loop inline into it (a call through a pointer per entry measured ~2% more instructions for
// the flattened export columns). Include sendpilot/leadjson.h, not this file.

#include <QByteArray>
#include <QByteArrayView>

namespace LeadJson::detail {

// A JSON reader for exactly the shapes the store writes (RFC 8259 syntax; unknown members and
// values are skipped). Strings without escapes are returned as views into the input; strings
// with escapes are decoded into the caller's buffer.
class Reader
{
public:
    explicit Reader(QByteArrayView json)
        : m_p(json.data())
        , m_end(json.data() + json.size())
    { }

    bool failed() const { return m_failed; }
    bool atEnd()
    {
        skipSpace();
        return m_p == m_end;
    }
    bool consume(char c)
    {
        skipSpace();
        if (m_p != m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        return false;
    }
    bool peek(char c)
    {
        skipSpace();
        return m_p != m_end && *m_p == c;
    }
    void fail() { m_failed = true; }

    // Reads a string into a view (into the input, or into storage when it has escapes).
    bool readString(QByteArrayView *value, QByteArray &storage)
    {
        if (!consume('"'))
            return failWith();
        const char *start = m_p;
        while (m_p != m_end && *m_p != '"' && *m_p != '\\')
            ++m_p;
        if (m_p == m_end)
            return failWith();
        if (*m_p == '"') {
            *value = QByteArrayView(start, m_p - start);
            ++m_p;
            return true;
        }
        storage.clear();
        storage.append(start, m_p - start);
        while (m_p != m_end) {
            const char c = *m_p++;
            if (c == '"') {
                *value = storage;
                return true;
            }
            if (c != '\\') {
                storage.append(c);
                continue;
            }
            if (m_p == m_end)
                return failWith();
            switch (*m_p++) {
            case '"':
                storage.append('"');
                break;
            case '\\':
                storage.append('\\');
                break;
            case '/':
                storage.append('/');
                break;
            case 'b':
                storage.append('\b');
                break;
            case 'f':
                storage.append('\f');
                break;
            case 'n':
                storage.append('\n');
                break;
            case 'r':
                storage.append('\r');
                break;
            case 't':
                storage.append('\t');
                break;
            case 'u': {
                char32_t cp = 0;
                if (!readHex4(&cp))
                    return failWith();
                // RFC 8259 section 7: characters outside the BMP are a UTF-16 surrogate pair.
                if (cp >= 0xD800 && cp <= 0xDBFF && m_end - m_p >= 6 && m_p[0] == '\\'
                    && m_p[1] == 'u') {
                    const char *save = m_p;
                    m_p += 2;
                    char32_t low = 0;
                    if (readHex4(&low) && low >= 0xDC00 && low <= 0xDFFF)
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    else
                        m_p = save;
                }
                if (cp >= 0xD800 && cp <= 0xDFFF)
                    cp = 0xFFFD; // a lone surrogate cannot be written as UTF-8
                appendUtf8(storage, cp);
                break;
            }
            default:
                return failWith();
            }
        }
        return failWith();
    }

    // Skips any value; returns false on malformed input.
    bool skipValue(int depth = 0)
    {
        skipSpace();
        if (m_p == m_end || depth > 64)
            return failWith();
        QByteArray scratch;
        QByteArrayView ignored;
        switch (*m_p) {
        case '"':
            return readString(&ignored, scratch);
        case '{':
            ++m_p;
            if (consume('}'))
                return true;
            do {
                if (!readString(&ignored, scratch) || !consume(':') || !skipValue(depth + 1))
                    return failWith();
            } while (consume(','));
            return consume('}') || failWith();
        case '[':
            ++m_p;
            if (consume(']'))
                return true;
            do {
                if (!skipValue(depth + 1))
                    return failWith();
            } while (consume(','));
            return consume(']') || failWith();
        default: {
            // number, true, false, null
            const char *start = m_p;
            while (m_p != m_end && *m_p != ',' && *m_p != '}' && *m_p != ']' && *m_p != ' '
                   && *m_p != '\n' && *m_p != '\r' && *m_p != '\t')
                ++m_p;
            return m_p != start || failWith();
        }
        }
    }

private:
    bool failWith()
    {
        m_failed = true;
        return false;
    }
    void skipSpace()
    {
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }
    bool readHex4(char32_t *out)
    {
        if (m_end - m_p < 4)
            return false;
        char32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = *m_p++;
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= char32_t(c - '0');
            else if (c >= 'a' && c <= 'f')
                v |= char32_t(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                v |= char32_t(c - 'A' + 10);
            else
                return false;
        }
        *out = v;
        return true;
    }
    static void appendUtf8(QByteArray &out, char32_t cp)
    {
        if (cp < 0x80) {
            out.append(char(cp));
        } else if (cp < 0x800) {
            out.append(char(0xC0 | (cp >> 6)));
            out.append(char(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.append(char(0xE0 | (cp >> 12)));
            out.append(char(0x80 | ((cp >> 6) & 0x3F)));
            out.append(char(0x80 | (cp & 0x3F)));
        } else {
            out.append(char(0xF0 | (cp >> 18)));
            out.append(char(0x80 | ((cp >> 12) & 0x3F)));
            out.append(char(0x80 | ((cp >> 6) & 0x3F)));
            out.append(char(0x80 | (cp & 0x3F)));
        }
    }

    const char *m_p;
    const char *m_end;
    bool m_failed = false;
};

// Up to three named string members of one object. Non-string values count as empty.
struct Fields
{
    QByteArrayView value[3];
    QByteArray storage[3];
};

inline bool readObject(Reader &r, const QByteArrayView (&names)[3], Fields &fields)
{
    for (auto &v : fields.value)
        v = {};
    if (!r.consume('{'))
        return false;
    if (r.consume('}'))
        return true;
    QByteArray keyStorage;
    do {
        QByteArrayView key;
        if (!r.readString(&key, keyStorage) || !r.consume(':'))
            return false;
        int index = -1;
        for (int i = 0; i < 3; ++i) {
            if (!names[i].isEmpty() && key == names[i])
                index = i;
        }
        if (index >= 0 && r.peek('"')) {
            if (!r.readString(&fields.value[index], fields.storage[index]))
                return false;
        } else if (!r.skipValue()) {
            return false;
        }
    } while (r.consume(','));
    return r.consume('}');
}

// Runs \a perElement over a top-level array. An empty input, "null" and "[]" are an empty list.
template<typename PerElement>
bool readArray(QByteArrayView json, PerElement perElement)
{
    Reader r(json);
    if (r.atEnd())
        return true;
    if (json.trimmed() == "null")
        return true;
    bool ok = r.consume('[');
    if (ok && !r.consume(']')) {
        do {
            if (!perElement(r)) {
                ok = false;
                break;
            }
        } while (r.consume(','));
        ok = ok && r.consume(']');
    }
    return ok && r.atEnd() && !r.failed();
}

} // namespace LeadJson::detail
