// SPDX-License-Identifier: MIT
#pragma once

// One campaign as CampaignModel holds it, with what its columns show: for campaignmodel.cpp
// only (the model's private row type).

#include "models/campaignmodel.h"
#include "models/campaigntext.h"
#include "store/campaignsources.h"

#include <QLocale>
#include <QStringList>
#include <QVariant>

struct CampaignModel::Row
{
    qint64 id = 0;
    QString campaignId;
    QString name;
    QString type;
    QString mode;
    qint64 leadsExtracted = 0;
    qint64 leadsEnriched = 0;
    qint64 requestedLimit = 0;
    qint64 creditsExtraction = 0;
    qint64 creditsEnrichment = 0;
    qint64 creditsTotal = 0;
    QVariant startedAt; ///< epoch ms or null
    QVariant completedAt;
    qint64 durationMs = 0;
    qint64 receivedAt = 0;
    QStringList searchUrls;
    QString resultsUrl;
    bool seen = false;
    int sources = CampaignSources::Webhook;
    QString apiStatus; ///< what the API last said (PENDING, RUNNING, FINISHED, FAILED), or ""
    bool incomplete = false;
    QVariant apiPercent; ///< the status's percent_complete, null when unknown
    QString apiMessage; ///< what SendPilot said with the status (a FAILED one's reason)
    qint64 leadCount = 0; ///< leads stored
    /// A Lead Database search rather than a Lead Extractor campaign (schema v12).
    bool search = false;
    /// A search's filters as the details list them (CampaignText::filterLines()), read once
    /// per refresh: the campaign search box matches them at every keystroke.
    QStringList filterLines;

    /// Its latest event is logged but not yet fully projected: its leads are still being
    /// written, so counts taken from them are not final.
    bool arriving = false;

    bool operator==(const Row &other) const = default;

    bool fromWebhook() const { return sources & CampaignSources::Webhook; }
    /// Only the API knows it and it is not over: launched, PENDING or RUNNING.
    bool running() const
    {
        const QString upper = apiStatus.toUpper();
        return !fromWebhook() && incomplete && upper != u"FINISHED" && upper != u"COMPLETED"
            && upper != u"FAILED";
    }
    bool failed() const { return !fromWebhook() && apiStatus.toUpper() == u"FAILED"; }
    QString statusText() const;
    /// What a Lead Database search does not have: a mode and campaign credits (it draws on the
    /// lead database quota).
    bool notApplicable(int column) const
    {
        return search
            && (column == Mode || column == CreditsExtraction || column == CreditsEnrichment
                || column == CreditsTotal || column == LeadsEnriched || column == EnrichmentRate);
    }
    /// What only a webhook gives: unknown while none came.
    bool webhookOnly(int column) const
    {
        if (notApplicable(column))
            return false;
        switch (column) {
        case Mode: // known for a campaign launched from here
            return !fromWebhook() && mode.isEmpty();
        case Type: // a search is one
            return !fromWebhook() && !search;
        case CreditsExtraction:
        case CreditsEnrichment:
        case CreditsTotal:
        case StartedAt:
        case CompletedAt:
        case Duration:
            return !fromWebhook();
        case LeadsExtracted:
            return leadsExtracted < 0; // the API's status did not say (stored as -1)
        case LeadsEnriched:
        case EnrichmentRate:
            return leadsEnriched < 0 || leadsExtracted < 0;
        case RequestedLimit:
            return requestedLimit < 0;
        default:
            return false;
        }
    }

    QVariant raw(int column) const
    {
        if (webhookOnly(column) || notApplicable(column))
            return {};
        switch (column) {
        case Name:
            return name;
        case Type:
            return search ? QStringLiteral("LEAD_DATABASE") : type;
        case Mode:
            return mode;
        case Status:
            return arriving ? 0 : 1;
        case LeadsExtracted:
            return leadsExtracted;
        case LeadsEnriched:
            return leadsEnriched;
        case EnrichmentRate:
            return leadsExtracted > 0 ? 100.0 * double(leadsEnriched) / double(leadsExtracted)
                                      : 0.0;
        case RequestedLimit:
            return requestedLimit;
        case CreditsExtraction:
            return creditsExtraction;
        case CreditsEnrichment:
            return creditsEnrichment;
        case CreditsTotal:
            return creditsTotal;
        case StartedAt:
            return startedAt;
        case CompletedAt:
            return completedAt;
        case Duration:
            return durationMs;
        case ReceivedAt:
            return receivedAt;
        case Source:
            return sources;
        default:
            return {};
        }
    }
};

inline QString CampaignModel::Row::statusText() const
{
    if (arriving)
        return CampaignModel::tr("Receiving leads");
    // A campaign still running is incomplete by nature: its state and progress say more.
    if (running()) {
        const QString label = apiStatus.isEmpty() ? CampaignModel::tr("Launched")
                                                  : CampaignText::apiStatusLabel(apiStatus);
        if (apiPercent.isNull())
            return label;
        return CampaignModel::tr("%1 %2 %").arg(label,
                                                QLocale().toString(apiPercent.toDouble(), 'f', 0));
    }
    if (failed())
        return apiMessage.isEmpty() ? CampaignModel::tr("Failed")
                                    : CampaignModel::tr("Failed: %1").arg(apiMessage.left(200));
    if (incomplete)
        return CampaignModel::tr("Incomplete");
    if (!fromWebhook() && !apiStatus.isEmpty())
        return CampaignText::apiStatusLabel(apiStatus);
    return CampaignModel::tr("Finished");
}
