// SPDX-License-Identifier: MIT
#include "export/leadtabtext.h"

#include "query/leadflattener.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace LeadTabText {

QString cell(QString value)
{
    return value.replace(u'\t', u' ').replace(u'\n', u' ').replace(u'\r', u' ');
}

QString headerLine(const QList<LeadColumn::Id> &columns)
{
    QStringList header;
    for (LeadColumn::Id column : columns)
        header << cell(LeadColumn::title(column));
    return header.join(u'\t') + u'\n';
}

QString numberCell(LeadColumn::Type type, const QVariant &raw)
{
    if (raw.isNull())
        return {};
    if (type == LeadColumn::Type::TimestampMs) {
        return raw.toLongLong() <= 0
            ? QString()
            : QDateTime::fromMSecsSinceEpoch(raw.toLongLong(), Qt::UTC).toString(Qt::ISODate);
    }
    return QString::number(raw.toLongLong());
}

Result build(const QSqlDatabase &db, const LeadFilter &filter, const QList<LeadColumn::Id> &columns,
             qint64 maxRows, const std::atomic<bool> *cancel)
{
    Result result;
    const LeadQuery count = filter.buildCount();
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const auto run = [&](const LeadQuery &q) {
        if (!query.prepare(q.sql))
            return false;
        for (const QVariant &value : q.bindings)
            query.addBindValue(value);
        return query.exec();
    };
    if (!run(count) || !query.next()) {
        result.error = query.lastError().text();
        return result;
    }
    result.rows = query.value(0).toLongLong();
    if (result.rows > maxRows) {
        result.tooMany = true;
        return result;
    }
    if (!run(filter.buildSelect(columns))) {
        result.error = query.lastError().text();
        return result;
    }
    QString text = headerLine(columns);
    QStringList fields;
    while (query.next()) {
        if (cancel && *cancel)
            return {};
        fields.clear();
        for (qsizetype i = 0; i < columns.size(); ++i) {
            const QVariant raw = query.value(int(i));
            const LeadColumn::Type type = LeadColumn::type(columns[i]);
            QString value;
            switch (type) {
            case LeadColumn::Type::Integer:
            case LeadColumn::Type::TimestampMs:
                value = numberCell(type, raw);
                break;
            case LeadColumn::Type::Text:
                value = raw.toString();
                break;
            default: {
                QByteArray flat;
                LeadFlattener::append(type, raw.toByteArray(), flat);
                value = QString::fromUtf8(flat);
                break;
            }
            }
            fields << cell(value);
        }
        text += fields.join(u'\t') + u'\n';
    }
    result.text = std::move(text);
    return result;
}

} // namespace LeadTabText
