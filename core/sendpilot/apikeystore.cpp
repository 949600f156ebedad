// SPDX-License-Identifier: MIT
#include "sendpilot/apikeystore.h"

#include "common/logging.h"
#include "common/settings.h"

#include <QCoreApplication>
#include <QFile>
#include <QTimer>

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace {
constexpr auto EntryName = "sendpilot-api-key"_L1;

// Errors that mean "there is no keychain to use here", as opposed to one that said no.
bool noKeychain(QKeychain::Error error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented
        || error == QKeychain::OtherError;
}
} // namespace

ApiKeyStore::ApiKeyStore(Settings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_service(u"Lead Viewer"_s)
{ }

ApiKeyStore::~ApiKeyStore() = default;

QString ApiKeyStore::settingsFileName() const
{
    return m_settings->fileName();
}

void ApiKeyStore::finish(const QString &key, Location location, const QString &error)
{
    m_busy = false;
    if (error.isEmpty()) {
        m_key = key;
        m_location = location;
    }
    Q_EMIT finished(error);
}

void ApiKeyStore::load()
{
    m_busy = true;
    const QString inFile = m_settings->value(Setting::ApiKeyInFile).trimmed();
    if (!inFile.isEmpty()) {
        // Queued, so that finished() always comes after load() returned.
        QTimer::singleShot(0, this, [this, inFile] { finish(inFile, Location::SettingsFile, {}); });
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(EntryName);
    job->setAutoDelete(true);
    connect(job, &QKeychain::Job::finished, this, [this](QKeychain::Job *done) {
        auto *read = static_cast<QKeychain::ReadPasswordJob *>(done);
        if (read->error() == QKeychain::NoError) {
            m_keychainError.clear();
            finish(read->textData().trimmed(), Location::Keychain, {});
            return;
        }
        if (read->error() != QKeychain::EntryNotFound) {
            m_keychainError = read->errorString();
            qCInfo(lcApi) << "no keychain for the API key:" << logSafe(m_keychainError);
        }
        finish(QString(), Location::None, {});
    });
    job->start();
}

void ApiKeyStore::save(const QString &key)
{
    m_busy = true;
    const QString trimmed = key.trimmed();
    if (trimmed.isEmpty()) {
        m_settings->set(Setting::ApiKeyInFile, QString());
        auto *job = new QKeychain::DeletePasswordJob(m_service, this);
        job->setKey(EntryName);
        job->setAutoDelete(true);
        // Nothing to delete, or no keychain: either way no key is kept any more.
        connect(job, &QKeychain::Job::finished, this,
                [this] { finish(QString(), Location::None, {}); });
        job->start();
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(EntryName);
    job->setTextData(trimmed);
    job->setAutoDelete(true);
    connect(job, &QKeychain::Job::finished, this, [this, trimmed](QKeychain::Job *done) {
        if (done->error() == QKeychain::NoError) {
            m_keychainError.clear();
            // The keychain has it: no copy stays in a file.
            m_settings->set(Setting::ApiKeyInFile, QString());
            finish(trimmed, Location::Keychain, {});
            return;
        }
        m_keychainError = done->errorString();
        if (!noKeychain(done->error())) {
            // The keychain is there and refused (the user said no): respect that.
            finish(QString(), Location::None,
                   tr("The keychain did not take the API key: %1").arg(m_keychainError));
            return;
        }
        qCInfo(lcApi) << "no keychain service; the API key goes to the settings file:"
                      << logSafe(m_keychainError);
        m_settings->set(Setting::ApiKeyInFile, trimmed);
        finish(trimmed, Location::SettingsFile, {});
    });
    job->start();
}

QString ApiKeyStore::readKeyFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *error = tr("Cannot read the API key file %1: %2").arg(path, file.errorString());
        return {};
    }
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        const QString text = QString::fromUtf8(line).trimmed();
        if (!text.isEmpty() && !text.startsWith(u'#'))
            return text;
    }
    *error = tr("The API key file %1 holds no key.").arg(path);
    return {};
}
