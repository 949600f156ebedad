// SPDX-License-Identifier: MIT
#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace TestSupport {

/// The first column of the first row of \a sql on \a db, as a number; -1 when the query fails or
/// gives no row (with a warning naming the error, so a typo in a test's SQL is not silent).
qint64 scalar(const QSqlDatabase &db, const QString &sql);
/// The first column of every row of \a sql, as text ("NULL" for NULL); a single element
/// "error: ..." when the query fails.
QStringList column(const QSqlDatabase &db, const QString &sql);

} // namespace TestSupport
