// SPDX-License-Identifier: MIT
#pragma once

#include "ingest/campaignfetcher.h"
#include "sendpilot/launchrequest.h"

#include <QObject>
#include <QPointer>

class CampaignTracker;

/// How launching a campaign went.
struct LaunchReport
{
    ApiVerdict verdict = ApiVerdict::Unknown; ///< Ok: SendPilot created it and named its id
    QString campaignId;
    QString name;
    /// For the user: why not (SendPilot's message; for a failure after the request was sent,
    /// that the campaign may exist anyway).
    QString message;
    /// The launch could not be recorded in the log (exit code 3); the campaign was created.
    QString storeError;

    bool ok() const { return verdict == ApiVerdict::Ok; }
};
Q_DECLARE_METATYPE(LaunchReport)

/*!
    Starts a Lead Extractor campaign (issue 12 item 6): validates the request
    (SendPilotApi::validateLaunch, before any request), POSTs it (§4.2), records the campaign
    at once as a log entry of kind ApiCampaignLaunched (what was sent and what SendPilot
    answered: the campaigns list shows it, with its name, limit, mode and URLs, before the first
    status), and hands it to the tracker, which polls it until its leads are in. One launch at
    a time.
*/
class CampaignLauncher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CampaignLauncher)

public:
    /// \a tracker may be null (the campaign is then only created and recorded).
    CampaignLauncher(SendPilotClient *client, CampaignFetcher::Sink sink, CampaignTracker *tracker,
                     QObject *parent = nullptr);
    ~CampaignLauncher() override;

    /// What is wrong with \a request (nothing is sent then), or empty: the POST is on its way
    /// and finished() follows.
    QList<SendPilotApi::LaunchProblem> launch(const SendPilotApi::LaunchRequest &request);
    bool isBusy() const { return m_busy; }

    /// The log entry of a launch: {"request": \a sent, "response": \a answer}.
    static EventLog::Item entryFor(const QString &campaignId, const QByteArray &sent,
                                   const QByteArray &answer);

Q_SIGNALS:
    void finished(const LaunchReport &report);

private:
    void answered(const QString &name, const QByteArray &sent, const ApiResponse &response);

    QPointer<SendPilotClient> m_client;
    CampaignFetcher::Sink m_sink;
    QPointer<CampaignTracker> m_tracker;
    bool m_busy = false;
};
