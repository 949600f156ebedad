// SPDX-License-Identifier: MIT
#pragma once

#include <QGroupBox>

class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;
class SendPilotAccount;
class SettingsChange;

/// The Settings dialog's "SendPilot API" group: the API key (masked, with Show and Clear), the
/// base URL, Test connection (GET /v1/credits with what is typed, before it is saved), and a
/// note saying where the key is kept: the desktop keychain, or, where no keychain service
/// runs, the 0600 settings file.
class ApiSettingsBox final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiSettingsBox)

public:
    explicit ApiSettingsBox(SendPilotAccount *account, QWidget *parent = nullptr);
    ~ApiSettingsBox() override;

    /// Why the fields cannot be saved, or empty.
    QString validate() const;
    /// Adds the base URL to \a change and saves the key if it was changed (asynchronously: the
    /// note follows when the keychain answered).
    void apply(SettingsChange &change);

    QLineEdit *keyEdit() const { return m_key; }
    QLineEdit *baseUrlEdit() const { return m_baseUrl; }
    QToolButton *showKeyButton() const { return m_show; }
    QPushButton *clearKeyButton() const { return m_clear; }
    QPushButton *testButton() const { return m_test; }
    QLabel *storageNote() const { return m_note; }
    QLabel *testResult() const { return m_result; }

private:
    void updateNote();
    void showResult(const QString &text);
    void testConnection();

    SendPilotAccount *m_account;
    QLineEdit *m_key;
    QToolButton *m_show;
    QPushButton *m_clear;
    QLineEdit *m_baseUrl;
    QPushButton *m_test;
    QLabel *m_result;
    QLabel *m_note;
};
