// SPDX-License-Identifier: MIT
#pragma once

#include "sendpilot/event.h"

#include <QString>

#include <memory>

struct sqlite3;

/*!
    Writes what an event means for the views: its campaign, its leads and their search index
    rows, or the activity of a smaller event. Statements are prepared once and bound in place
    (the projector's hot path). Every call runs inside the caller's transaction; the leads of
    one event can be written in several chunks, each indexing exactly the leads it wrote, so a
    transaction holds only as many leads as the caller chose.
*/
class CampaignWriter
{
public:
    explicit CampaignWriter(sqlite3 *handle);
    ~CampaignWriter();
    CampaignWriter(const CampaignWriter &) = delete;
    CampaignWriter &operator=(const CampaignWriter &) = delete;

    bool isValid() const;
    QString lastError() const;

    /// The campaigns.campaign_id of an extractor job: its campaign id, or the event id when it
    /// has none (such a job gets a campaign of its own rather than one shared under '').
    static QString campaignKey(const Event &event);

    /// Inserts or updates the campaign of the extractor job \a event (a later event replaces its
    /// fields and marks it unseen again). An entry from the API only fills in what no webhook
    /// gave (see the statements). \a receivedAt is when its entry was first logged.
    /// Returns campaigns.id, or 0 with \a error set.
    qint64 upsertCampaign(const Event &event, qint64 receivedAt, QString *error);
    /// campaigns.id of \a campaignKey, 0 if there is none (\a error set only on failure).
    qint64 campaignRowId(const QString &campaignKey, QString *error);
    /*!
        The leads of one chunk: beginLeads(), then writeLeads() for each slice of it, then
        indexLeads() once. The search index is synced for the whole chunk at the end, in two
        set-based statements, and not before: once the index (a virtual table) is written in a
        transaction, every later statement of it pays for a savepoint of the index, which was a
        third of the projector's instructions when each slice synced its own rows.
    */
    bool beginLeads(QString *error);
    /// Upserts leads [\a first, \a last) of \a job into \a campaign; the search index rows of
    /// leads that existed are remembered, to be taken out by indexLeads(). With \a api (a
    /// results page) a lead already stored only gets what it lacks, and is found by its
    /// LinkedIn identity; so are all leads of a campaign the API has brought.
    bool writeLeads(qint64 campaign, const ExtractorJob &job, qsizetype first, qsizetype last,
                    QString *error, const ApiFetch *api = nullptr);
    /// The campaign's results were read to their last page: it is complete once it is over (a
    /// webhook came, or the API said FINISHED or FAILED).
    bool markResultsRead(qint64 campaign, QString *error);
    /// Takes the remembered old index rows out and indexes every lead written since beginLeads().
    bool indexLeads(qint64 campaign, QString *error);
    /// Recounts the campaign's leads, emails and phones.
    bool updateCounts(qint64 campaign, QString *error);
    /// events.activity of a smaller event: its readable fields as compact JSON.
    bool writeActivity(const QString &eventId, const Activity &activity, QString *error);

private:
    struct Private;
    std::unique_ptr<Private> d;
};
