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
