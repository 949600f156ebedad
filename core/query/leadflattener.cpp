// SPDX-License-Identifier: MIT
#include "leadflattener.h"

#include "sendpilot/leadjson.h"

namespace LeadFlattener {
namespace {

constexpr QByteArrayView Separator = "; ";

void appendView(QByteArray &out, QByteArrayView v)
{
    out.append(v.data(), v.size());
}

// Writes the entries LeadJson decodes joined by Separator, leaving empty entries out. Malformed
// JSON is appended unchanged instead, so nothing is lost.
template<typename Decode, typename Write>
bool flatten(QByteArrayView json, QByteArray &out, Decode decode, Write write)
{
    const qsizetype start = out.size();
    bool first = true;
    const bool ok = decode(json, [&](const auto &entry) {
        const qsizetype before = out.size();
        if (!first)
            appendView(out, Separator);
        const qsizetype afterSeparator = out.size();
        write(out, entry);
        if (out.size() == afterSeparator)
            out.truncate(before); // an empty entry: drop its separator too
        else
            first = false;
    });
    if (!ok) {
        out.truncate(start);
        appendView(out, json);
    }
    return ok;
}

} // namespace

bool appendExperience(QByteArrayView json, QByteArray &out)
{
    const auto decode = [](QByteArrayView j, auto &&f) {
        return LeadJson::forEachExperience(j, f);
    };
    return flatten(json, out, decode, [](QByteArray &o, const LeadJson::ExperienceView &e) {
        const QByteArrayView title = e.title.trimmed();
        const QByteArrayView company = e.company.trimmed();
        const QByteArrayView duration = e.duration.trimmed();
        appendView(o, title);
        if (!company.isEmpty()) {
            if (!title.isEmpty())
                o.append(" @ ");
            appendView(o, company);
        }
        if (!duration.isEmpty() && !(title.isEmpty() && company.isEmpty())) {
            o.append(" (");
            appendView(o, duration);
            o.append(')');
        }
    });
}

bool appendEducation(QByteArrayView json, QByteArray &out)
{
    const auto decode = [](QByteArrayView j, auto &&f) {
        return LeadJson::forEachEducation(j, f);
    };
    return flatten(json, out, decode, [](QByteArray &o, const LeadJson::EducationView &e) {
        const QByteArrayView school = e.school.trimmed();
        const QByteArrayView degree = e.degree.trimmed();
        appendView(o, school);
        if (!degree.isEmpty()) {
            if (!school.isEmpty())
                o.append(", ");
            appendView(o, degree);
        }
    });
}

bool appendStringList(QByteArrayView json, QByteArray &out)
{
    const auto decode = [](QByteArrayView j, auto &&f) {
        return LeadJson::forEachString(j, f);
    };
    return flatten(json, out, decode,
                   [](QByteArray &o, QByteArrayView value) { appendView(o, value.trimmed()); });
}

bool append(LeadColumn::Type type, QByteArrayView json, QByteArray &out)
{
    switch (type) {
    case LeadColumn::Type::ExperienceJson:
        return appendExperience(json, out);
    case LeadColumn::Type::EducationJson:
        return appendEducation(json, out);
    case LeadColumn::Type::StringListJson:
        return appendStringList(json, out);
    case LeadColumn::Type::Text:
    case LeadColumn::Type::Integer:
    case LeadColumn::Type::TimestampMs:
        break;
    }
    appendView(out, json);
    return true;
}

QString experience(const QString &json)
{
    QByteArray out;
    appendExperience(json.toUtf8(), out);
    return QString::fromUtf8(out);
}

QString education(const QString &json)
{
    QByteArray out;
    appendEducation(json.toUtf8(), out);
    return QString::fromUtf8(out);
}

QString stringList(const QString &json)
{
    QByteArray out;
    appendStringList(json.toUtf8(), out);
    return QString::fromUtf8(out);
}

} // namespace LeadFlattener
