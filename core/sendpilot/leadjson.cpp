// SPDX-License-Identifier: MIT
#include "sendpilot/leadjson.h"

using namespace Qt::StringLiterals;

namespace LeadJson {
namespace {

// JSON string escaping (RFC 8259 section 7) without building a QJsonDocument per lead, which
// measured too slow for 10,000 leads with three arrays each.
void appendJsonString(QString &out, const QString &value)
{
    out += u'"';
    const QChar *begin = value.constData();
    const QChar *end = begin + value.size();
    const QChar *run = begin;
    for (const QChar *p = begin; p != end; ++p) {
        const char16_t c = p->unicode();
        if (c >= 0x20 && c != u'"' && c != u'\\')
            continue;
        out.append(run, p - run);
        run = p + 1;
        switch (c) {
        case u'"':
            out += u"\\\""_s;
            break;
        case u'\\':
            out += u"\\\\"_s;
            break;
        case u'\n':
            out += u"\\n"_s;
            break;
        case u'\r':
            out += u"\\r"_s;
            break;
        case u'\t':
            out += u"\\t"_s;
            break;
        default:
            out += u"\\u00"_s + QString::number(c >> 4, 16) + QString::number(c & 0xf, 16);
            break;
        }
    }
    out.append(run, end - run);
    out += u'"';
}

void appendStrings(QString &out, const QStringList &values)
{
    out += u'[';
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (i)
            out += u',';
        appendJsonString(out, values.at(i));
    }
    out += u']';
}

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

bool readObject(Reader &r, const QByteArrayView (&names)[3], Fields &fields)
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

} // namespace

void appendExperience(QString &out, const QList<Experience> &list)
{
    out += u'[';
    for (qsizetype i = 0; i < list.size(); ++i) {
        const Experience &e = list.at(i);
        out += i ? u",{\"title\":"_s : u"{\"title\":"_s;
        appendJsonString(out, e.title);
        out += u",\"company\":"_s;
        appendJsonString(out, e.company);
        out += u",\"duration\":"_s;
        appendJsonString(out, e.duration);
        out += u'}';
    }
    out += u']';
}

void appendEducation(QString &out, const QList<Education> &list)
{
    out += u'[';
    for (qsizetype i = 0; i < list.size(); ++i) {
        const Education &e = list.at(i);
        out += i ? u",{\"school\":"_s : u"{\"school\":"_s;
        appendJsonString(out, e.school);
        out += u",\"degree\":"_s;
        appendJsonString(out, e.degree);
        out += u'}';
    }
    out += u']';
}

void appendStringList(QString &out, const QStringList &list)
{
    appendStrings(out, list);
}

QString experience(const QList<Experience> &list)
{
    QString out;
    appendExperience(out, list);
    return out;
}

QString education(const QList<Education> &list)
{
    QString out;
    appendEducation(out, list);
    return out;
}

QString stringList(const QStringList &list)
{
    QString out;
    appendStringList(out, list);
    return out;
}

bool forEachExperience(QByteArrayView json, Visitor<ExperienceView> visitor)
{
    static constexpr QByteArrayView names[3] = {"title", "company", "duration"};
    thread_local Fields fields;
    return readArray(json, [&visitor](Reader &r) {
        if (!readObject(r, names, fields))
            return false;
        visitor.call(visitor.context, {fields.value[0], fields.value[1], fields.value[2]});
        return true;
    });
}

bool forEachEducation(QByteArrayView json, Visitor<EducationView> visitor)
{
    static constexpr QByteArrayView names[3] = {"school", "degree", {}};
    thread_local Fields fields;
    return readArray(json, [&visitor](Reader &r) {
        if (!readObject(r, names, fields))
            return false;
        visitor.call(visitor.context, {fields.value[0], fields.value[1]});
        return true;
    });
}

bool forEachString(QByteArrayView json, Visitor<QByteArrayView> visitor)
{
    thread_local QByteArray storage;
    return readArray(json, [&visitor](Reader &r) {
        if (!r.peek('"')) {
            if (!r.skipValue())
                return false;
            visitor.call(visitor.context, {});
            return true;
        }
        QByteArrayView value;
        if (!r.readString(&value, storage))
            return false;
        visitor.call(visitor.context, value);
        return true;
    });
}

std::optional<QList<Experience>> decodeExperience(QByteArrayView json)
{
    QList<Experience> list;
    const bool ok = forEachExperience(json, [&list](const ExperienceView &e) {
        list.append({QString::fromUtf8(e.title), QString::fromUtf8(e.company),
                     QString::fromUtf8(e.duration)});
    });
    if (!ok)
        return std::nullopt;
    return list;
}

std::optional<QList<Education>> decodeEducation(QByteArrayView json)
{
    QList<Education> list;
    const bool ok = forEachEducation(json, [&list](const EducationView &e) {
        list.append({QString::fromUtf8(e.school), QString::fromUtf8(e.degree)});
    });
    if (!ok)
        return std::nullopt;
    return list;
}

std::optional<QStringList> decodeStringList(QByteArrayView json)
{
    QStringList list;
    const bool ok
        = forEachString(json, [&list](QByteArrayView s) { list.append(QString::fromUtf8(s)); });
    if (!ok)
        return std::nullopt;
    return list;
}

} // namespace LeadJson
