// SPDX-License-Identifier: MIT
#pragma once

#include "sendpilot/event.h"

#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <type_traits>

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
    callbacks for the entries read so far.
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

/// A callback as a plain function and its context, so the reader stays in the .cpp file
/// without a std::function allocation per call.
template<typename View>
struct Visitor
{
    void (*call)(void *context, const View &entry);
    void *context;
};

bool forEachExperience(QByteArrayView json, Visitor<ExperienceView> visitor);
bool forEachEducation(QByteArrayView json, Visitor<EducationView> visitor);
/// A value that is not a string (a number, null) is passed as an empty view.
bool forEachString(QByteArrayView json, Visitor<QByteArrayView> visitor);

template<typename View, typename F>
Visitor<View> visitor(F &f)
{
    return {[](void *context, const View &entry) { (*static_cast<F *>(context))(entry); },
            const_cast<void *>(static_cast<const void *>(&f))};
}

template<typename F>
bool forEachExperience(QByteArrayView json, F &&f)
{
    return forEachExperience(json, visitor<ExperienceView>(f));
}
template<typename F>
bool forEachEducation(QByteArrayView json, F &&f)
{
    return forEachEducation(json, visitor<EducationView>(f));
}
template<typename F>
bool forEachString(QByteArrayView json, F &&f)
{
    return forEachString(json, visitor<QByteArrayView>(f));
}

/// The whole list, or nullopt when \a json is malformed.
std::optional<QList<Experience>> decodeExperience(QByteArrayView json);
std::optional<QList<Education>> decodeEducation(QByteArrayView json);
std::optional<QStringList> decodeStringList(QByteArrayView json);

} // namespace LeadJson
