// SPDX-License-Identifier: MIT
#pragma once

#include "sendpilot/event.h"
#include "sendpilot/leadjsonreader.h"

#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

/*!
    The one owner of the JSON the store keeps for a lead's experience, education and skills:
    \c [{"title","company","duration"}], \c [{"school","degree"}] and \c ["..."].

    The encoder writes exactly that text (the store's columns, byte for byte what earlier
    versions wrote, so old databases read the same). The decoders read the UTF-8 bytes SQLite
    returns with a small purpose-built reader (RFC 8259 syntax; unknown members and values
    skipped, non-string members read as empty): the export decodes three fields per row for a
    million rows, and a QJsonDocument per field costs more than the rest of the row.

    The \c forEach decoders hand each entry to a callback as views, valid during the call only
    (into the input, or into a buffer when a string has escapes). An empty input and \c null
    are an empty list. They return false on malformed input or another shape, after the
    callbacks for the entries read so far. Not re-entrant: a callback must not decode again
    (the views may point into a per-thread buffer the next decode reuses).
*/
namespace LeadJson {

void appendExperience(QString &out, const QList<Experience> &list);
void appendEducation(QString &out, const QList<Education> &list);
void appendStringList(QString &out, const QStringList &list);

QString experience(const QList<Experience> &list);
QString education(const QList<Education> &list);
QString stringList(const QStringList &list);

struct ExperienceView
{
    QByteArrayView title;
    QByteArrayView company;
    QByteArrayView duration;
};

struct EducationView
{
    QByteArrayView school;
    QByteArrayView degree;
};

namespace detail {
inline Fields &scratchFields()
{
    static thread_local Fields fields;
    return fields;
}
inline QByteArray &scratchString()
{
    static thread_local QByteArray storage;
    return storage;
}
} // namespace detail

/// Calls \a f(const ExperienceView &) for each entry.
template<typename F>
bool forEachExperience(QByteArrayView json, F &&f)
{
    static constexpr QByteArrayView names[3] = {"title", "company", "duration"};
    detail::Fields &fields = detail::scratchFields();
    return detail::readArray(json, [&](detail::Reader &r) {
        if (!detail::readObject(r, names, fields))
            return false;
        f(ExperienceView {fields.value[0], fields.value[1], fields.value[2]});
        return true;
    });
}

/// Calls \a f(const EducationView &) for each entry.
template<typename F>
bool forEachEducation(QByteArrayView json, F &&f)
{
    static constexpr QByteArrayView names[3] = {"school", "degree", {}};
    detail::Fields &fields = detail::scratchFields();
    return detail::readArray(json, [&](detail::Reader &r) {
        if (!detail::readObject(r, names, fields))
            return false;
        f(EducationView {fields.value[0], fields.value[1]});
        return true;
    });
}

/// Calls \a f(QByteArrayView) for each entry; a value that is not a string (a number, null)
/// is passed as an empty view.
template<typename F>
bool forEachString(QByteArrayView json, F &&f)
{
    QByteArray &storage = detail::scratchString();
    return detail::readArray(json, [&](detail::Reader &r) {
        if (!r.peek('"')) {
            if (!r.skipValue())
                return false;
            f(QByteArrayView());
            return true;
        }
        QByteArrayView value;
        if (!r.readString(&value, storage))
            return false;
        f(value);
        return true;
    });
}

/// The whole list, or nullopt when \a json is malformed.
std::optional<QList<Experience>> decodeExperience(QByteArrayView json);
std::optional<QList<Education>> decodeEducation(QByteArrayView json);
std::optional<QStringList> decodeStringList(QByteArrayView json);

} // namespace LeadJson
