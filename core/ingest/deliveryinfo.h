// SPDX-License-Identifier: MIT
#pragma once

#include "common/verdict.h"

#include <QMetaType>
#include <QString>

/// What the endpoint did with one request, for the log line and the live views. Never holds
/// the body or a header value.
struct DeliveryInfo
{
    qint64 receivedAtMs = 0;
    QString peer;
    QString forwardedFor; ///< the client a tunnel named (only when one is configured), or empty
    int status = 0;
    Verdict verdict = Verdict::Unknown;
    QString eventType;
    QString eventId;
    qint64 leadCount = 0;
    QString detail;
    bool verified = false;
    bool stored = false; ///< a new event was committed (not a duplicate, not rejected)

    /// "2026-11-30T11:43:50.123Z 200 accepted lead_extractor.job.completed evt_1 leads=2500
    /// peer=127.0.0.1:5000", then " client=<address>" when a tunnel named the client,
    /// " unverified" for a 2xx without a signature check and " (detail)" for a rejection. Every
    /// value from the request is escaped (logSafe()).
    QString logLine() const;
};
Q_DECLARE_METATYPE(DeliveryInfo)
