// SPDX-License-Identifier: MIT
#pragma once

#include <QSqlDatabase>

namespace TestSupport {

/*!
    Takes the store open on \a db back to what schema version \a version (3 or more) holds, as
    an older Lead Viewer left it, so a test can open it again and check the migrations: every
    step after \a version undone, newest first, and user_version set. Rows stay; what a step
    derived (flags, superseded, the search fields) goes with its columns. Throws CheckFailed
    naming the statement that failed. The one place that knows each step's inverse: a new
    schema step adds its own here.
*/
void downgradeStore(const QSqlDatabase &db, int version);

} // namespace TestSupport
