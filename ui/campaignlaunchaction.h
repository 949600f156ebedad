// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

class QAction;
class QMenu;
class QWidget;
class SendPilotAccount;
struct LaunchReport;
struct TrackedCampaign;

/// The window's "New Campaign…" action (issue 12 item 6): enabled once an API key is set,
/// opens a NewCampaignDialog, and says in the status bar (message()) how the launch and the
/// campaign's end went. Kept out of MainWindow, which only adds it to a menu.
class CampaignLaunchAction final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CampaignLaunchAction)

public:
    CampaignLaunchAction(SendPilotAccount *account, QWidget *window, QMenu *menu);
    ~CampaignLaunchAction() override;

    QAction *action() const { return m_action; }
    /// Opens the dialog (non-modal to the event loop: tests find it as a child of the window).
    void open();

Q_SIGNALS:
    /// For the status bar; \a timeoutMs 0 keeps it until the next message.
    void message(const QString &text, int timeoutMs);

private:
    void update();
    void launched(const LaunchReport &report);
    void ended(const TrackedCampaign &campaign);

    SendPilotAccount *m_account;
    QWidget *m_window;
    QAction *m_action;
};
