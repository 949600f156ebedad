// SPDX-License-Identifier: MIT
#include "sqlvalues.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace TestSupport {

qint64 scalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql)) {
        qWarning().noquote() << "scalar:" << sql << "failed:" << query.lastError().text();
        return -1;
    }
    return query.next() ? query.value(0).toLongLong() : -1;
}

QStringList column(const QSqlDatabase &db, const QString &sql)
{
    QStringList values;
    QSqlQuery query(db);
    if (!query.exec(sql))
        return {u"error: "_s + query.lastError().text()};
    while (query.next())
        values.append(query.value(0).isNull() ? u"NULL"_s : query.value(0).toString());
    return values;
}

} // namespace TestSupport
