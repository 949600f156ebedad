// SPDX-License-Identifier: MIT
#pragma once

#include "ingest/campaignlauncher.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class SendPilotAccount;

/*!
    "New Campaign…": the fields of a Lead Extractor campaign (sendpilot-webhooks.md §4.2: name,
    LinkedIn search URLs one per line, URL type, limit, mode), what is wrong with each shown
    under it before anything is sent, then the launch through the account. It closes once
    SendPilot has created the campaign (it is then in the campaigns list); a refusal stays in
    the dialog with SendPilot's words.
*/
class NewCampaignDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NewCampaignDialog)

public:
    explicit NewCampaignDialog(SendPilotAccount *account, QWidget *parent = nullptr);
    ~NewCampaignDialog() override;

    /// What the fields say now.
    SendPilotApi::LaunchRequest request() const;
    /// Checks the fields and, when they are right, launches. Bound to the Launch button.
    void launch();

Q_SIGNALS:
    /// SendPilot created the campaign (the dialog then closes).
    void launched(const LaunchReport &report);

private:
    void showProblems(const QList<SendPilotApi::LaunchProblem> &problems);
    void launchFinished(const LaunchReport &report);

    SendPilotAccount *m_account;
    QLineEdit *m_name;
    QPlainTextEdit *m_urls;
    QComboBox *m_urlType;
    QSpinBox *m_limit;
    QComboBox *m_mode;
    QLabel *m_nameProblem;
    QLabel *m_urlsProblem;
    QLabel *m_limitProblem;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
    bool m_waiting = false;
};
