// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>
#include <QVariant>

/// How the campaign list words its values (CampaignModel's display text, in its translation
/// context).
namespace CampaignText {
/// "yyyy-MM-dd HH:mm" in local time from epoch ms; empty for null.
QString formatTime(const QVariant &ms);
/// Short enough for a narrow column: the time today, the day this year, else the month.
QString formatShortTime(const QVariant &ms);
/// "30 s", "30 min", "1 h 5 min"; empty for 0 or less.
QString formatDuration(qint64 ms);
/// "Webhook", "API" or "Webhook + API" for the bits of campaigns.sources.
QString sourceText(int sources);
/// The API's status word as shown ("Running"), for a campaign no webhook has finished.
QString apiStatusLabel(const QString &status);
/// "Lead Database search", the type of the second kind of source (issue 12 item 8).
QString searchTypeText();
/// A search's filters (campaigns.filters, a JSON object) as lines, one per filter in the
/// order sent: "Job titles: CTO, VP Engineering". Lists are joined with ", ", each line is cut
/// at 300 characters; empty for '' or text that is not a JSON object.
QStringList filterLines(const QString &filtersJson);
} // namespace CampaignText
