// SPDX-License-Identifier: MIT
#pragma once

#include <QHostAddress>
#include <QObject>
#include <QStringList>
#include <memory>

class QSettings;

/*!
    The one typed facade over the application's settings. Every key and its default is defined
    once, in settings.cpp. Setters emit changed() only on a real change. The storage file is
    injectable so that tests never touch the user's configuration.

    Secrets are stored in the settings file (mode 0600), never logged.
*/
class Settings final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Settings)

public:
    /// Uses the platform's default location (QSettings' native user scope).
    explicit Settings(QObject *parent = nullptr);
    /// Uses an INI file at \a filePath (tests, --config).
    explicit Settings(const QString &filePath, QObject *parent = nullptr);
    ~Settings() override;

    QString fileName() const;

    QHostAddress listenAddress() const;
    void setListenAddress(const QHostAddress &address);
    quint16 listenPort() const;
    void setListenPort(quint16 port);
    QString webhookPath() const;
    void setWebhookPath(const QString &path);
    QStringList secrets() const;
    void setSecrets(const QStringList &secrets);
    qint64 maxBodyBytes() const;
    void setMaxBodyBytes(qint64 bytes);
    int signatureToleranceSecs() const;
    void setSignatureToleranceSecs(int secs);
    bool remoteImages() const;
    void setRemoteImages(bool enabled);
    /// Empty means the default location, see defaultDatabasePath().
    QString databasePath() const;
    void setDatabasePath(const QString &path);

    /// Free-form UI state (geometry, splitter, header state): key under "ui/".
    QVariant uiState(const QString &key) const;
    void setUiState(const QString &key, const QVariant &value);

    static QString defaultDatabasePath();

Q_SIGNALS:
    void changed(const QString &key);
    /// Any of address, port, path, secrets, body limit or tolerance changed.
    void endpointSettingsChanged();

private:
    QVariant value(const char *key) const;
    void setValue(const char *key, const QVariant &value, bool endpoint);

    std::unique_ptr<QSettings> m_settings;
};
