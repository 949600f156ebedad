// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

/// Realistic SendPilot webhook bodies for tests, the bench and the GUI's "Send test event".
/// The same arguments always give the same body, except for the timestamps, which are "now" so
/// that a signed sample passes the signature window.
namespace SampleEvents {
/// A lead_extractor.job.completed body with \a leadCount leads of about 1,050 bytes each (the
/// size of real leads), shaped as in sendpilot-webhooks.md 3.11. Lead i is the same for a given
/// \a seed whatever \a leadCount is, and lead ids are unique within one body.
QByteArray extractorJob(const QString &eventId, const QString &campaignId, int leadCount,
                        quint32 seed = 1);
/// A body for any \a eventType, using the field names of that name's documentation generation
/// (replyPreview for message.received, reply for reply.received, ...). Unknown types get an
/// empty data object; lead_extractor.job.completed gets a three-lead job.
QByteArray activity(const QString &eventId, const QString &eventType, quint32 seed = 1);
} // namespace SampleEvents
