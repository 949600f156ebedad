// SPDX-License-Identifier: MIT
#include "common/settings.h"

#include "common/logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

// The file holds webhook secrets: readable by the user only, from its first byte. QSettings
// writes through QSaveFile, which keeps the mode of the file it replaces, so creating it 0600
// before the first sync is enough; a file an older version (or a user) left looser is
// tightened before the secrets go in.
void prepareOwnerOnlyFile(const QString &fileName)
{
    if (fileName.isEmpty())
        return;
    QDir().mkpath(QFileInfo(fileName).absolutePath());
    const QByteArray native = QFile::encodeName(fileName);
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        ::fchmod(fd, 0600); // the umask may have taken bits away, never added them
        ::close(fd);
        return;
    }
    if (errno != EEXIST) {
        qCWarning(lcStore) << "Cannot create the settings file" << fileName << std::strerror(errno);
        return;
    }
    struct stat st = {};
    if (::stat(native.constData(), &st) == 0 && (st.st_mode & 0777) != 0600
        && ::chmod(native.constData(), 0600) != 0)
        qCWarning(lcStore) << "Cannot restrict the permissions of" << fileName;
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

QVariant Settings::variant(QLatin1StringView key, const QVariant &defaultValue) const
{
    return m_settings->value(key, defaultValue);
}

void Settings::apply(const SettingsChange &change)
{
    QStringList keys;
    for (const SettingsChange::Value &v : change.values()) {
        // Compared as the type being written: the INI file gives strings back ("8787").
        QVariant current = m_settings->value(v.key, v.defaultValue);
        if (current.convert(v.value.metaType()) && current == v.value)
            continue;
        keys.append(v.key);
    }
    if (keys.isEmpty())
        return;
    prepareOwnerOnlyFile(m_settings->fileName());
    for (const SettingsChange::Value &v : change.values())
        m_settings->setValue(v.key, v.value);
    m_settings->sync();
    keys.removeDuplicates();
    Q_EMIT changed(keys);
}

QHostAddress Settings::listenAddress() const
{
    QHostAddress address(value(Setting::ListenAddress));
    return address.isNull() ? QHostAddress(Setting::ListenAddress.defaultValue) : address;
}

void Settings::setListenAddress(const QHostAddress &address)
{
    set(Setting::ListenAddress, address.toString());
}

quint16 Settings::listenPort() const
{
    bool ok = false;
    const int port = variant(Setting::ListenPort.key, Setting::ListenPort.defaultValue).toInt(&ok);
    return ok && port >= 0 && port <= 65535 ? quint16(port) : Limits::DefaultPort;
}

void Settings::setListenPort(quint16 port)
{
    set(Setting::ListenPort, int(port));
}

QString Settings::webhookPath() const
{
    QString path = value(Setting::WebhookPath);
    if (!path.startsWith(u'/'))
        path.prepend(u'/');
    return path;
}

void Settings::setWebhookPath(const QString &path)
{
    set(Setting::WebhookPath, path);
}

QStringList Settings::secrets() const
{
    QStringList result;
    for (const QString &s : value(Setting::Secrets)) {
        if (!s.trimmed().isEmpty())
            result << s.trimmed();
    }
    return result;
}

void Settings::setSecrets(const QStringList &secrets)
{
    set(Setting::Secrets, secrets);
}

qint64 Settings::maxBodyBytes() const
{
    const qint64 v = value(Setting::MaxBodyBytes);
    return v > 0 ? v : Setting::MaxBodyBytes.defaultValue;
}

void Settings::setMaxBodyBytes(qint64 bytes)
{
    set(Setting::MaxBodyBytes, bytes);
}

int Settings::signatureToleranceSecs() const
{
    const int v = value(Setting::SignatureToleranceSecs);
    return v > 0 ? v : Setting::SignatureToleranceSecs.defaultValue;
}

void Settings::setSignatureToleranceSecs(int secs)
{
    set(Setting::SignatureToleranceSecs, secs);
}

QString Settings::publicUrl() const
{
    const QString url = value(Setting::PublicUrl).trimmed();
    return isValidPublicUrl(url) ? url : QString();
}

void Settings::setPublicUrl(const QString &url)
{
    set(Setting::PublicUrl, url.trimmed());
}

bool Settings::isValidPublicUrl(const QString &url)
{
    if (url.trimmed().isEmpty())
        return true;
    const QUrl parsed(url.trimmed(), QUrl::StrictMode);
    return parsed.isValid() && (parsed.scheme() == u"https"_s || parsed.scheme() == u"http"_s)
        && !parsed.host().isEmpty();
}

QUrl Settings::publicWebhookUrl(const QString &publicUrl, const QString &path)
{
    if (publicUrl.trimmed().isEmpty() || !isValidPublicUrl(publicUrl))
        return {};
    QUrl url(publicUrl.trimmed(), QUrl::StrictMode);
    if (url.path().isEmpty() || url.path() == u"/"_s)
        url.setPath(path.startsWith(u'/') ? path : u'/' + path);
    return url;
}

bool Settings::remoteImages() const
{
    return value(Setting::RemoteImages);
}

void Settings::setRemoteImages(bool enabled)
{
    set(Setting::RemoteImages, enabled);
}

QString Settings::databasePath() const
{
    return value(Setting::DatabasePath);
}

void Settings::setDatabasePath(const QString &path)
{
    set(Setting::DatabasePath, path);
}

QString Settings::defaultDatabasePath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(dir).filePath(QStringLiteral("leadviewer.sqlite"));
}

QUrl Settings::apiBaseUrl() const
{
    const QString url = value(Setting::ApiBaseUrl).trimmed();
    return QUrl(isValidApiBaseUrl(url) ? url : Setting::ApiBaseUrl.defaultValue, QUrl::StrictMode);
}

void Settings::setApiBaseUrl(const QString &url)
{
    set(Setting::ApiBaseUrl, url.trimmed());
}

bool Settings::isValidApiBaseUrl(const QString &url)
{
    const QUrl parsed(url.trimmed(), QUrl::StrictMode);
    return parsed.isValid() && (parsed.scheme() == u"https"_s || parsed.scheme() == u"http"_s)
        && !parsed.host().isEmpty() && !parsed.hasQuery() && !parsed.hasFragment();
}

int Settings::launchGraceSecs() const
{
    const int secs = value(Setting::LaunchGraceSecs);
    return secs >= 0 && secs <= 3600 ? secs : Setting::LaunchGraceSecs.defaultValue;
}
