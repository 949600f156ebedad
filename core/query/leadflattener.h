// SPDX-License-Identifier: MIT
#pragma once

#include "query/leadcolumn.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

/*!
    Flattens the JSON lead fields into one readable line for a table cell or a CSV field:
    experience "Title @ Company (duration)", education "School, Degree", skills as they are,
    entries joined with "; ". Empty parts and empty entries are left out.

    Works on the UTF-8 bytes SQLite returns, decoded by LeadJson (the owner of the format) as
    views without building a QJsonDocument: the export flattens three fields per row for a
    million rows. Malformed JSON is appended unchanged (nothing is lost) and the function
    returns false.
*/
namespace LeadFlattener {
bool appendExperience(QByteArrayView json, QByteArray &out);
bool appendEducation(QByteArrayView json, QByteArray &out);
bool appendStringList(QByteArrayView json, QByteArray &out);
/// The flattening for a column of \a type: one of the three above for the JSON types; any other
/// type's bytes are appended as they are.
bool append(LeadColumn::Type type, QByteArrayView json, QByteArray &out);

QString experience(const QString &json);
QString education(const QString &json);
QString stringList(const QString &json);
} // namespace LeadFlattener
