// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringView>

/*!
    Readable labels for the values SendPilot sends in a lead_extractor.job.completed event
    (docs.sendpilot.ai/webhooks/events/lead-extractor-job-completed; see
    shared/reference/sendpilot-webhooks.md 3.11 and 4.6). Documented values get their own
    label; a value the docs do not list still reads as words ("POST_ENGAGEMENT" becomes
    "Post engagement"), so a new value from SendPilot is shown rather than hidden.
*/
namespace CampaignLabels {

/// campaign_type: "SEARCH" is the only documented value (a LinkedIn people search).
QString type(QStringView value);
/// mode: "extraction_only" or "with_enrichment" (documented), compared without case.
QString mode(QStringView value);
/// "SOME_VALUE" or "some-value" as "Some value"; empty stays empty.
QString humanized(QStringView value);

} // namespace CampaignLabels
