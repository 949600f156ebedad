// SPDX-License-Identifier: MIT
#include "ingest/campaignlauncher.h"

#include "common/logging.h"
#include "ingest/campaigntracker.h"
#include "sendpilot/sendpilotclient.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

CampaignLauncher::CampaignLauncher(SendPilotClient *client, CampaignFetcher::Sink sink,
                                   CampaignTracker *tracker, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_sink(std::move(sink))
    , m_tracker(tracker)
{
    qRegisterMetaType<LaunchReport>();
}

CampaignLauncher::~CampaignLauncher() = default;

EventLog::Item CampaignLauncher::entryFor(const QString &campaignId, const QByteArray &sent,
                                          const QByteArray &answer)
{
    const QJsonObject record {
        {u"request"_s, QJsonDocument::fromJson(sent).object()},
        {u"response"_s, QJsonDocument::fromJson(answer).object()},
    };
    return CampaignFetcher::entryFor(EventKind::ApiCampaignLaunched, campaignId,
                                     QString::fromLatin1(SendPilotApi::LaunchPath),
                                     QJsonDocument(record).toJson(QJsonDocument::Compact), 0);
}

QList<SendPilotApi::LaunchProblem>
CampaignLauncher::launch(const SendPilotApi::LaunchRequest &request)
{
    QList<SendPilotApi::LaunchProblem> problems = SendPilotApi::validateLaunch(request);
    if (!problems.isEmpty())
        return problems;
    if (!m_client || !m_client->hasKey() || m_busy) {
        problems.append({SendPilotApi::LaunchProblem::Field::Name, -1,
                         m_busy ? tr("A campaign is being launched: wait for it.")
                                : tr("Launching a campaign needs the API key: set it in "
                                     "Settings → SendPilot API.")});
        return problems;
    }
    m_busy = true;
    const QByteArray body = SendPilotApi::launchBody(request);
    const QString name = request.name.trimmed();
    SendPilotCall *call = m_client->post(
        QString::fromLatin1(SendPilotApi::LaunchPath), body, [](const QByteArray &answer) {
            QString error;
            return SendPilotApi::parseLaunchedCampaignId(answer, &error) ? QString() : error;
        });
    connect(call, &SendPilotCall::finished, this,
            [this, name, body](const ApiResponse &response) { answered(name, body, response); });
    return {};
}

void CampaignLauncher::answered(const QString &name, const QByteArray &sent,
                                const ApiResponse &response)
{
    LaunchReport report;
    report.name = name;
    report.verdict = response.verdict;
    if (!response.ok()) {
        m_busy = false;
        report.message = response.message;
        // Sent but not answered, or answered oddly: SendPilot may have created it anyway.
        const bool maybeCreated = response.verdict == ApiVerdict::NetworkError
            || response.verdict == ApiVerdict::Timeout
            || response.verdict == ApiVerdict::ServerError
            || response.verdict == ApiVerdict::BadResponse;
        if (maybeCreated)
            report.message += u' '
                + tr("The campaign may have been created anyway: look in SendPilot before "
                     "launching it again.");
        qCInfo(lcApi).noquote() << "launch of" << logSafe(name) << "failed"
                                << apiVerdictName(response.verdict);
        Q_EMIT finished(report);
        return;
    }
    QString ignored; // validated by the call
    report.campaignId = *SendPilotApi::parseLaunchedCampaignId(response.body, &ignored);
    qCInfo(lcApi).noquote() << "launched campaign" << logSafe(report.campaignId);
    m_sink(entryFor(report.campaignId, sent, response.body),
           [this, report](const EventLog::ItemResult &result) mutable {
               m_busy = false;
               if (result.outcome == EventLog::Outcome::Failed)
                   report.storeError = result.error;
               if (m_tracker)
                   m_tracker->track(report.campaignId);
               Q_EMIT finished(report);
           });
}
