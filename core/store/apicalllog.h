// SPDX-License-Identifier: MIT
#pragma once

#include "sendpilot/apicall.h"

#include <QList>
#include <QSqlDatabase>

/// Writes SendPilot API exchanges to api_calls (schema v5) on a read-write connection owned by
/// the caller's thread: the ingest thread's in the window, the command's own on the command
/// line. The records hold no key (ApiCallRecord), so neither does the table.
namespace ApiCallLog {
/// Appends \a records in one transaction. False with \a error on failure (nothing written).
bool append(QSqlDatabase &db, const QList<ApiCallRecord> &records, QString *error);
} // namespace ApiCallLog
