// SPDX-License-Identifier: MIT
#pragma once

#include "ingest/sendpilotaccount.h"

#include <QWidget>

class QLabel;
class QPushButton;

/// The top of the Credits tab: the SendPilot account's credits as the API gives them (the
/// global pool's balance, used and remaining; the lead database's quota, used and remaining),
/// when they were fetched, what went wrong with the last fetch, and a Refresh button. A value
/// the API did not give reads "unknown". Without a key it says where to set one.
class AccountCreditsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccountCreditsPanel)

public:
    explicit AccountCreditsPanel(QWidget *parent = nullptr);
    ~AccountCreditsPanel() override;

    void showState(const CreditsState &state, bool hasKey);

    /// The texts shown, for tests: "balance", "used", ... and "status".
    QString valueText(const QString &name) const;
    QPushButton *refreshButton() const { return m_refresh; }

    /// A number of credits as shown, or "unknown".
    static QString amount(const std::optional<double> &value);
    /// The status bar's short form: "5,000 credits left", or empty when nothing is known.
    static QString shortText(const CreditsState &state);

Q_SIGNALS:
    void refreshRequested();
    void settingsRequested();

private:
    QLabel *m_balance;
    QLabel *m_used;
    QLabel *m_remaining;
    QLabel *m_quota;
    QLabel *m_leadUsed;
    QLabel *m_leadRemaining;
    QLabel *m_status;
    QPushButton *m_refresh;
    QPushButton *m_settings;
};
