// SPDX-License-Identifier: MIT
#pragma once

#include "common/limits.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVariant>

#include <memory>

class QSettings;

/// One key of the settings file with its type and its default.
template<typename T>
struct SettingValue
{
    QLatin1StringView key;
    T defaultValue;
};

/// Every key the application stores, each with its type and default on one line.
namespace Setting {
// clang-format off
inline const SettingValue<QString> ListenAddress {QLatin1StringView("endpoint/address"), QString::fromLatin1(Limits::DefaultAddress)};
inline const SettingValue<int> ListenPort {QLatin1StringView("endpoint/port"), int(Limits::DefaultPort)};
inline const SettingValue<QString> WebhookPath {QLatin1StringView("endpoint/path"), QString::fromLatin1(Limits::DefaultWebhookPath)};
inline const SettingValue<QStringList> Secrets {QLatin1StringView("endpoint/secrets"), {}};
inline const SettingValue<qint64> MaxBodyBytes {QLatin1StringView("endpoint/maxBodyBytes"), Limits::DefaultMaxBodyBytes};
inline const SettingValue<int> SignatureToleranceSecs {QLatin1StringView("endpoint/signatureToleranceSecs"), Limits::DefaultSignatureToleranceSecs};
inline const SettingValue<bool> RemoteImages {QLatin1StringView("viewer/remoteImages"), true};
// The public URL of the tunnel in front of this receiver (https://....trycloudflare.com); empty
// when there is none. Set, it also tells the endpoint that a tunnel is in front, so that the
// client address the tunnel forwards is shown beside the socket's peer (always 127.0.0.1 then).
inline const SettingValue<QString> PublicUrl {QLatin1StringView("endpoint/publicUrl"), {}};
inline const SettingValue<QString> DatabasePath {QLatin1StringView("store/databasePath"), {}};
// The SendPilot API (§4.1 of the reference notes): its base URL, paths /v1/... appended. The key
// lives in the desktop keychain; only where no keychain service runs is it kept here, in this
// 0600 file, and the Settings dialog says so (ApiKeyStore).
inline const SettingValue<QString> ApiBaseUrl {QLatin1StringView("sendpilot/baseUrl"), QStringLiteral("https://api.sendpilot.ai")};
inline const SettingValue<QString> ApiKeyInFile {QLatin1StringView("sendpilot/apiKey"), {}};
// After a launched campaign is FINISHED, how long the webhook has to bring its leads before the
// app fetches them itself (issue 12 item 6).
inline const SettingValue<int> LaunchGraceSecs {QLatin1StringView("sendpilot/launchGraceSecs"), 120};

// Window state: opaque blobs from saveGeometry()/saveState(), the last tab and export folder.
inline const SettingValue<QByteArray> WindowGeometry {QLatin1StringView("ui/mainWindow/geometry"), {}};
inline const SettingValue<QByteArray> WindowState {QLatin1StringView("ui/mainWindow/state"), {}};
// "splitter2": the campaign pane is wider since it shows completed, leads, enrichment and
// credits; a width saved before would hide the credits column until the user widened it.
inline const SettingValue<QByteArray> MainSplitter {QLatin1StringView("ui/mainWindow/splitter2"), {}};
inline const SettingValue<QByteArray> LeadSplitter {QLatin1StringView("ui/mainWindow/leadSplitter"), {}};
inline const SettingValue<int> CurrentTab {QLatin1StringView("ui/mainWindow/tab"), 0};
inline const SettingValue<QByteArray> LeadHeader {QLatin1StringView("ui/leads/header"), {}};
// The saved lead views (SavedViews): a JSON array, each a name, filters, sort and columns.
inline const SettingValue<QByteArray> SavedLeadViews {QLatin1StringView("ui/leads/savedViews"), {}};
// "header2": the columns changed (Status, default order); the old layout is not restored.
inline const SettingValue<QByteArray> CampaignHeader {QLatin1StringView("ui/campaigns/header2"), {}};
inline const SettingValue<QString> ExportDirectory {QLatin1StringView("ui/export/directory"), {}};
inline const SettingValue<QString> ExportScope {QLatin1StringView("ui/export/scope"), {}};
inline const SettingValue<QString> ExportFileFormat {QLatin1StringView("ui/export/format"), {}};
// "Mark these leads as exported" in the export dialog (the export history, schema v8).
inline const SettingValue<bool> ExportMarkLeads {QLatin1StringView("ui/export/markLeads"), true};
// "One row per person" (LeadExporter::Request::onePerPerson): off unless the user chose it.
inline const SettingValue<bool> ExportOnePerPerson {QLatin1StringView("ui/export/onePerPerson"), false};
// clang-format on
} // namespace Setting

/// Values to write together with Settings::apply().
class SettingsChange
{
public:
    template<typename T>
    SettingsChange &set(const SettingValue<T> &setting, const T &value)
    {
        m_values.append(
            {setting.key, QVariant::fromValue(value), QVariant::fromValue(setting.defaultValue)});
        return *this;
    }
    bool isEmpty() const { return m_values.isEmpty(); }

    struct Value
    {
        QLatin1StringView key;
        QVariant value;
        QVariant defaultValue;
    };
    const QList<Value> &values() const { return m_values; }

private:
    QList<Value> m_values;
};

/*!
    The one typed facade over the application's settings. Every key, its type and default is
    defined once, in the Setting namespace above. apply() writes the file once and emits
    changed() once, and only for real changes. The storage file is injectable so that tests
    never touch the user's configuration.

    Secrets are stored in the settings file, which is created with mode 0600 before its first
    write (and tightened if an older version left it looser); they are never logged.
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

    /// The stored value, or the default when there is none or it does not convert to T.
    template<typename T>
    T value(const SettingValue<T> &setting) const
    {
        const QVariant stored = variant(setting.key, QVariant());
        if (stored.isValid() && stored.canConvert<T>())
            return stored.value<T>();
        return setting.defaultValue;
    }
    template<typename T>
    void set(const SettingValue<T> &setting, const T &value)
    {
        apply(SettingsChange().set(setting, value));
    }
    /// Writes every real change of \a change in one sync and emits changed() once with their
    /// keys; nothing when nothing changes.
    void apply(const SettingsChange &change);

    // Validated views of the endpoint and store keys: a value that makes no sense reads as the
    // default.
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
    /// Empty, or an http(s) URL with a host: anything else reads as empty.
    QString publicUrl() const;
    void setPublicUrl(const QString &url);
    /// Whether \a url can be the public URL: empty, or http(s) with a host.
    static bool isValidPublicUrl(const QString &url);
    /// The URL to give SendPilot behind the tunnel \a publicUrl: the public URL with the webhook
    /// \a path when it names no path of its own, as given when it does. Invalid when
    /// \a publicUrl is empty or not a valid public URL.
    static QUrl publicWebhookUrl(const QString &publicUrl, const QString &path);
    bool remoteImages() const;
    void setRemoteImages(bool enabled);
    /// Empty means the default location, see defaultDatabasePath().
    QString databasePath() const;
    void setDatabasePath(const QString &path);

    static QString defaultDatabasePath();

    /// The SendPilot API's base URL: an http(s) URL with a host, else the default.
    QUrl apiBaseUrl() const;
    void setApiBaseUrl(const QString &url);
    /// Whether \a url can be the API's base URL: http(s) with a host.
    static bool isValidApiBaseUrl(const QString &url);
    /// Seconds from 0 to 3600; anything else reads as the default (120).
    int launchGraceSecs() const;

Q_SIGNALS:
    /// The keys that apply() changed, once per apply().
    void changed(const QStringList &keys);

private:
    QVariant variant(QLatin1StringView key, const QVariant &defaultValue) const;

    std::unique_ptr<QSettings> m_settings;
};
