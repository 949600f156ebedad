// SPDX-License-Identifier: MIT
#include "common/settings.h"

#include "common/limits.h"

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>

namespace {
// Every key and its default, once.
constexpr char KeyAddress[] = "endpoint/address";
constexpr char KeyPort[] = "endpoint/port";
constexpr char KeyPath[] = "endpoint/path";
constexpr char KeySecrets[] = "endpoint/secrets";
constexpr char KeyMaxBody[] = "endpoint/maxBodyBytes";
constexpr char KeyTolerance[] = "endpoint/signatureToleranceSecs";
constexpr char KeyRemoteImages[] = "viewer/remoteImages";
constexpr char KeyDatabase[] = "store/databasePath";

QVariant defaultFor(const char *key)
{
    const QByteArrayView k(key);
    if (k == KeyAddress)
        return QString::fromLatin1(Limits::DefaultAddress);
    if (k == KeyPort)
        return int(Limits::DefaultPort);
    if (k == KeyPath)
        return QString::fromLatin1(Limits::DefaultWebhookPath);
    if (k == KeySecrets)
        return QStringList();
    if (k == KeyMaxBody)
        return Limits::DefaultMaxBodyBytes;
    if (k == KeyTolerance)
        return Limits::DefaultSignatureToleranceSecs;
    if (k == KeyRemoteImages)
        return true;
    if (k == KeyDatabase)
        return QString();
    return {};
}

void restrictToOwner(const QString &fileName)
{
    if (QFile::exists(fileName))
        QFile::setPermissions(fileName, QFile::ReadOwner | QFile::WriteOwner);
}
} // namespace

Settings::Settings(QObject *parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>())
{ }

Settings::Settings(const QString &filePath, QObject *parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>(filePath, QSettings::IniFormat))
{ }

Settings::~Settings() = default;

QString Settings::fileName() const
{
    return m_settings->fileName();
}

QVariant Settings::value(const char *key) const
{
    return m_settings->value(QLatin1StringView(key), defaultFor(key));
}

void Settings::setValue(const char *key, const QVariant &value, bool endpoint)
{
    if (this->value(key) == value)
        return;
    m_settings->setValue(QLatin1StringView(key), value);
    m_settings->sync();
    // The file holds webhook secrets: readable by the user only.
    restrictToOwner(m_settings->fileName());
    Q_EMIT changed(QLatin1StringView(key));
    if (endpoint)
        Q_EMIT endpointSettingsChanged();
}

QHostAddress Settings::listenAddress() const
{
    QHostAddress address(value(KeyAddress).toString());
    return address.isNull() ? QHostAddress(QString::fromLatin1(Limits::DefaultAddress)) : address;
}

void Settings::setListenAddress(const QHostAddress &address)
{
    setValue(KeyAddress, address.toString(), true);
}

quint16 Settings::listenPort() const
{
    bool ok = false;
    const int port = value(KeyPort).toInt(&ok);
    return ok && port >= 0 && port <= 65535 ? quint16(port) : Limits::DefaultPort;
}

void Settings::setListenPort(quint16 port)
{
    setValue(KeyPort, int(port), true);
}

QString Settings::webhookPath() const
{
    QString path = value(KeyPath).toString();
    if (!path.startsWith(u'/'))
        path.prepend(u'/');
    return path;
}

void Settings::setWebhookPath(const QString &path)
{
    setValue(KeyPath, path, true);
}

QStringList Settings::secrets() const
{
    QStringList result;
    for (const QString &s : value(KeySecrets).toStringList()) {
        if (!s.trimmed().isEmpty())
            result << s.trimmed();
    }
    return result;
}

void Settings::setSecrets(const QStringList &secrets)
{
    setValue(KeySecrets, secrets, true);
}

qint64 Settings::maxBodyBytes() const
{
    const qint64 v = value(KeyMaxBody).toLongLong();
    return v > 0 ? v : Limits::DefaultMaxBodyBytes;
}

void Settings::setMaxBodyBytes(qint64 bytes)
{
    setValue(KeyMaxBody, bytes, true);
}

int Settings::signatureToleranceSecs() const
{
    const int v = value(KeyTolerance).toInt();
    return v > 0 ? v : Limits::DefaultSignatureToleranceSecs;
}

void Settings::setSignatureToleranceSecs(int secs)
{
    setValue(KeyTolerance, secs, true);
}

bool Settings::remoteImages() const
{
    return value(KeyRemoteImages).toBool();
}

void Settings::setRemoteImages(bool enabled)
{
    setValue(KeyRemoteImages, enabled, false);
}

QString Settings::databasePath() const
{
    return value(KeyDatabase).toString();
}

void Settings::setDatabasePath(const QString &path)
{
    setValue(KeyDatabase, path, false);
}

QVariant Settings::uiState(const QString &key) const
{
    return m_settings->value(QLatin1StringView("ui/") + key);
}

void Settings::setUiState(const QString &key, const QVariant &value)
{
    m_settings->setValue(QLatin1StringView("ui/") + key, value);
}

QString Settings::defaultDatabasePath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(dir).filePath(QStringLiteral("leadviewer.sqlite"));
}
