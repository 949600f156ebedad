// SPDX-License-Identifier: MIT
#include "models/deliverydetail.h"

#include "common/limits.h"
#include "common/logging.h"
#include "store/bodycodec.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

using namespace Qt::StringLiterals;

QString DeliveryDetail::displayHeaders() const
{
    QStringList lines;
    for (const QString &line : headers.split(u'\n'))
        lines.append(logSafe(line, Limits::MaxHeaderBytes));
    return lines.join(u'\n');
}

DeliveryDetail readDeliveryDetail(const QSqlDatabase &db, qint64 deliveryId, QString *error)
{
    DeliveryDetail detail;
    if (!db.isOpen())
        return detail;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const bool prepared
        = query.prepare(u"SELECT d.id, d.received_at, d.peer, d.method, d.path, d.headers, d.body,"
                        " d.body_size, d.status, d.verdict, d.verified, d.event_id, d.event_type,"
                        " d.lead_count, d.detail, e.activity, d.body_codec, e.projection,"
                        " e.projection_error, d.repeat_count, d.last_seen, d.forwarded_for"
                        " FROM deliveries d"
                        " LEFT JOIN events e ON e.event_id = d.event_id AND e.delivery_id = d.id"
                        " WHERE d.id = ?"_s);
    query.addBindValue(deliveryId);
    if (!prepared || !query.exec() || !query.next()) {
        if (query.lastError().isValid())
            *error = query.lastError().text();
        return detail;
    }
    detail.id = query.value(0).toLongLong();
    detail.receivedAtMs = query.value(1).toLongLong();
    detail.peer = query.value(2).toString();
    detail.method = query.value(3).toString();
    detail.path = query.value(4).toString();
    detail.headers = query.value(5).toString();
    // Kept compressed in the store (BodyCodec); the inspector shows the bytes as received.
    QString decodeError;
    detail.body = BodyCodec::decode(query.value(6).toByteArray(),
                                    BodyCodec::codecFromStored(query.value(16).toLongLong()),
                                    Limits::DefaultMaxBodyBytes * 16, &decodeError);
    if (!decodeError.isEmpty())
        *error = u"delivery %1: %2"_s.arg(deliveryId).arg(decodeError);
    detail.bodySize = query.value(7).toLongLong();
    detail.status = query.value(8).toInt();
    detail.verdictName = query.value(9).toString();
    detail.verdict = verdictFromName(detail.verdictName);
    detail.verified = query.value(10).toInt() != 0;
    detail.eventId = query.value(11).toString();
    detail.eventType = query.value(12).toString();
    detail.leadCount = query.value(13).toLongLong();
    detail.detail = query.value(14).toString();
    if (!query.isNull(17))
        detail.projection = projectionStateFromName(query.value(17).toString());
    detail.projectionError = query.value(18).toString();
    detail.repeatCount = query.value(19).toLongLong();
    detail.lastSeenMs = query.value(20).toLongLong();
    detail.forwardedFor = query.value(21).toString();
    const QByteArray activity = query.value(15).toByteArray();
    if (!activity.isEmpty()) {
        const QJsonDocument doc = QJsonDocument::fromJson(activity);
        detail.activityJson = doc.isNull() ? QString::fromUtf8(activity)
                                           : QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
    }
    return detail;
}
