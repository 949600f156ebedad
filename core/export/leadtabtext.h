// SPDX-License-Identifier: MIT
#pragma once

#include "query/leadfilter.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <atomic>

/*!
    Leads as a spreadsheet pastes them: a header line of column titles, then one line per lead
    of the values as stored (numbers without group separators, times in ISO 8601, the JSON
    columns flattened as the table shows them), tab-separated, tabs and line breaks inside a
    value turned into spaces. What "Copy rows" puts on the clipboard, for a selection given as
    a filter ("all M matching") and read on a worker.
*/
namespace LeadTabText {

struct Result
{
    QString text;
    qint64 rows = 0;
    bool tooMany = false; ///< more than the limit: no text
    QString error; ///< a sentence when the query failed
};

/// The rows of \a filter in its order. Stops (tooMany) past \a maxRows rows; \a cancel stops
/// it early (an empty result).
Result build(const QSqlDatabase &db, const LeadFilter &filter, const QList<LeadColumn::Id> &columns,
             qint64 maxRows, const std::atomic<bool> *cancel = nullptr);
/// A value made safe for one cell of the text.
QString cell(QString value);
/// The header line: the columns' titles, each a cell, tab-separated, then a line break.
QString headerLine(const QList<LeadColumn::Id> &columns);
/// A number or a time as the text carries it (1954, not "1,954"; ISO 8601 in UTC; empty for
/// NULL), for the Integer and TimestampMs column types.
QString numberCell(LeadColumn::Type type, const QVariant &raw);

} // namespace LeadTabText
