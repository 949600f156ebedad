// SPDX-License-Identifier: MIT
#pragma once

#include "common/verdict.h"
#include "store/projectionstate.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>

#include <optional>

/// One delivery with everything the inspector shows.
struct DeliveryDetail
{
    qint64 id = 0;
    qint64 receivedAtMs = 0;
    QString peer;
    QString method;
    QString path;
    QString headers; ///< "Name: value" lines, signature redacted by the store
    QByteArray body;
    qint64 bodySize = 0;
    int status = 0;
    Verdict verdict = Verdict::Unknown;
    QString verdictName; ///< as stored (shown as is, also when this build does not know it)
    bool verified = false;
    QString eventId;
    QString eventType;
    qint64 leadCount = 0;
    QString detail;
    QString activityJson; ///< events.activity for the smaller events, pretty-printed; or empty
    /// For a delivery that brought an event: how far the projector got with it (events.projection,
    /// "pending", "projected" or "failed") and, if it failed, why.
    std::optional<ProjectionState> projection; ///< unset for deliveries without an event row
    QString projectionError;
    qint64 repeatCount = 1; ///< a burst of alike rejections kept as this one row
    qint64 lastSeenMs = 0; ///< when the last of the burst arrived; 0 for a single request
    QString forwardedFor; ///< the client a tunnel in front named, or empty

    /// The header lines as shown: each escaped (logSafe()), so that a control character in a
    /// value can neither break a line nor forge one. headers stays as stored.
    QString displayHeaders() const;
};

/// Reads delivery \a deliveryId with its body decompressed (BodyCodec). An unknown id gives a
/// detail with id 0 and no error; a failed query or an unreadable body sets \a error (the body
/// is then empty). Runs on whichever thread owns \a db.
DeliveryDetail readDeliveryDetail(const QSqlDatabase &db, qint64 deliveryId, QString *error);
