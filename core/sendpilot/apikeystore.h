// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>

class Settings;

/*!
    Where the SendPilot API key is kept: the desktop's keychain (QtKeychain: Secret Service,
    KWallet), or, where no keychain service runs, the settings file, which is mode 0600 (see
    Settings). The caller shows which (location()), so a key in a file is never a surprise. The
    key is never logged.

    Both load() and save() are asynchronous (the keychain may ask the user); each ends with
    finished(). A key found in the settings file is used as it is (it was put there because no
    keychain ran); save() tries the keychain first every time and removes the file's copy once
    the keychain has taken the key.
*/
class ApiKeyStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiKeyStore)

public:
    enum class Location {
        None, ///< no key saved
        Keychain,
        SettingsFile, ///< no keychain service: in the 0600 settings file
    };
    Q_ENUM(Location)

    explicit ApiKeyStore(Settings *settings, QObject *parent = nullptr);
    ~ApiKeyStore() override;

    /// The keychain service name entries are filed under (tests use their own).
    void setServiceName(const QString &service) { m_service = service; }

    void load();
    /// Saves \a key (trimmed); an empty key clears it from both places.
    void save(const QString &key);
    void clear() { save(QString()); }

    bool busy() const { return m_busy; }
    QString key() const { return m_key; }
    Location location() const { return m_location; }
    /// Why the keychain could not be used (its own words), when the key went to the file or
    /// could not be saved; empty otherwise.
    QString keychainError() const { return m_keychainError; }
    /// The settings file that holds the key when location() is SettingsFile.
    QString settingsFileName() const;

    /// The key in \a path: its first non-empty line that is not a # comment, trimmed. Empty
    /// with \a error set when the file cannot be read or holds no key.
    static QString readKeyFile(const QString &path, QString *error);

Q_SIGNALS:
    /// load() or save() ended. \a error is empty on success (a key in the settings file
    /// included); otherwise nothing changed and it says why.
    void finished(const QString &error);

private:
    void finish(const QString &key, Location location, const QString &error);

    Settings *m_settings;
    QString m_service;
    QString m_key;
    Location m_location = Location::None;
    QString m_keychainError;
    bool m_busy = false;
};
