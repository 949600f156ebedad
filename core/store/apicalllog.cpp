// SPDX-License-Identifier: MIT
#include "store/apicalllog.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace ApiCallLog {

bool append(QSqlDatabase &db, const QList<ApiCallRecord> &records, QString *error)
{
    if (records.isEmpty())
        return true;
    if (!db.transaction()) {
        *error = db.lastError().text();
        return false;
    }
    QSqlQuery query(db);
    bool ok
        = query.prepare(u"INSERT INTO api_calls (started_at, method, path, status, "
                        "duration_ms, verdict, attempt, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
    for (const ApiCallRecord &record : records) {
        if (!ok)
            break;
        query.addBindValue(record.startedAtMs);
        query.addBindValue(record.method);
        query.addBindValue(record.path);
        query.addBindValue(record.status);
        query.addBindValue(record.durationMs);
        query.addBindValue(apiVerdictName(record.verdict));
        query.addBindValue(record.attempt);
        // A null QString binds as NULL; the column is NOT NULL with '' for none.
        query.addBindValue(record.detail.isNull() ? u""_s : record.detail);
        ok = query.exec();
    }
    if (!ok) {
        *error = query.lastError().text();
        db.rollback();
        return false;
    }
    if (!db.commit()) {
        *error = db.lastError().text();
        db.rollback();
        return false;
    }
    return true;
}

} // namespace ApiCallLog
