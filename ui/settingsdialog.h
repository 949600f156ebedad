// SPDX-License-Identifier: MIT
#pragma once

#include "ingest/ingestservice.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class ApiSettingsBox;
class SecretListEdit;
class SendPilotAccount;
class Settings;

/// The endpoint (address, port, path, public URL, secrets, body limit), the database file, the
/// SendPilot API (key, base URL; with an account) and viewer settings. Apply restarts the listener
/// in place; when that fails (a port in use, an address not on this machine) the error shows in the
/// dialog and nothing is saved, so the user can fix it there. Opened while the endpoint is not
/// listening, it shows why. A database file chosen while none is open opens at once; one chosen
/// while another is open opens at the next start.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    /// Without \a account the SendPilot API group is not shown.
    SettingsDialog(Settings *settings, IngestService *service, const EndpointConfig &current,
                   QWidget *parent = nullptr, SendPilotAccount *account = nullptr);
    ~SettingsDialog() override;

    /// Validates, restarts the listener and saves. False (with the error shown) on failure.
    bool apply();
    QString errorText() const;
    EndpointConfig config() const { return m_current; }

    QComboBox *addressEdit() const { return m_address; }
    QSpinBox *portEdit() const { return m_port; }
    QLineEdit *pathEdit() const { return m_path; }
    QLineEdit *publicUrlEdit() const { return m_publicUrl; }
    SecretListEdit *secretsEdit() const { return m_secrets; }
    QCheckBox *remoteImagesEdit() const { return m_remoteImages; }
    QLineEdit *databaseEdit() const { return m_database; }
    ApiSettingsBox *apiSettings() const { return m_api; }

Q_SIGNALS:
    /// The listener now runs with \a config.
    void endpointApplied(const EndpointConfig &config);

private:
    void updateHint();
    void showError(const QString &error);
    void browseDatabase();

    Settings *m_settings;
    IngestService *m_service;
    EndpointConfig m_current;
    QComboBox *m_address;
    QSpinBox *m_port;
    QLineEdit *m_path;
    QLineEdit *m_publicUrl;
    SecretListEdit *m_secrets;
    QSpinBox *m_bodyLimit;
    QCheckBox *m_remoteImages;
    QLineEdit *m_database;
    ApiSettingsBox *m_api = nullptr;
    QLabel *m_hint;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};
