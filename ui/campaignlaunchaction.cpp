// SPDX-License-Identifier: MIT
#include "campaignlaunchaction.h"

#include "newcampaigndialog.h"

#include "ingest/sendpilotaccount.h"

#include <QAction>
#include <QMenu>

using namespace Qt::StringLiterals;

namespace {
constexpr int MessageTimeoutMs = 8000;
}

CampaignLaunchAction::CampaignLaunchAction(SendPilotAccount *account, QWidget *window, QMenu *menu)
    : QObject(window)
    , m_account(account)
    , m_window(window)
    , m_action(menu->addAction(tr("&New Campaign…")))
{
    m_action->setObjectName(u"newCampaignAction"_s);
    menu->addSeparator();
    connect(m_action, &QAction::triggered, this, &CampaignLaunchAction::open);
    connect(m_account, &SendPilotAccount::keyChanged, this, &CampaignLaunchAction::update);
    connect(m_account->tracker(), &CampaignTracker::ended, this, &CampaignLaunchAction::ended);
    update();
}

CampaignLaunchAction::~CampaignLaunchAction() = default;

void CampaignLaunchAction::update()
{
    const bool hasKey = m_account->hasKey();
    m_action->setEnabled(hasKey);
    const QString tip = hasKey
        ? tr("Start a Lead Extractor campaign on SendPilot and follow it here")
        : tr("Starting a campaign needs the SendPilot API key: set it in Settings → SendPilot "
             "API");
    m_action->setToolTip(tip);
    m_action->setStatusTip(tip);
}

void CampaignLaunchAction::open()
{
    if (!m_account->hasKey())
        return;
    auto *dialog = new NewCampaignDialog(m_account, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &NewCampaignDialog::launched, this, &CampaignLaunchAction::launched);
    dialog->open();
}

void CampaignLaunchAction::launched(const LaunchReport &report)
{
    if (!report.storeError.isEmpty()) {
        Q_EMIT message(tr("Campaign “%1” (%2) was started on SendPilot but cannot be recorded: %3")
                           .arg(report.name, report.campaignId, report.storeError),
                       0);
        return;
    }
    Q_EMIT message(tr("Campaign “%1” started on SendPilot (%2); its progress is in the campaign "
                      "list.")
                       .arg(report.name, report.campaignId),
                   MessageTimeoutMs);
}

void CampaignLaunchAction::ended(const TrackedCampaign &campaign)
{
    switch (campaign.phase) {
    case TrackedCampaign::Phase::Done:
        Q_EMIT message(campaign.fetched
                           ? tr("Campaign %1 finished; its leads were fetched from SendPilot.")
                                 .arg(campaign.campaignId)
                           : tr("Campaign %1 finished; the webhook brought its leads.")
                                 .arg(campaign.campaignId),
                       MessageTimeoutMs);
        break;
    case TrackedCampaign::Phase::Failed:
        Q_EMIT message(tr("Campaign %1 failed: %2").arg(campaign.campaignId, campaign.message), 0);
        break;
    case TrackedCampaign::Phase::Stopped:
        Q_EMIT message(
            tr("Campaign %1 is no longer followed: %2").arg(campaign.campaignId, campaign.message),
            0);
        break;
    case TrackedCampaign::Phase::Polling:
    case TrackedCampaign::Phase::Grace:
    case TrackedCampaign::Phase::Fetching:
        break;
    }
}
