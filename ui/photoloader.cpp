// SPDX-License-Identifier: MIT
#include "photoloader.h"

#include <QDir>
#include <QNetworkAccessManager>
#include <QNetworkDiskCache>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 CacheBytes = 100LL * 1024 * 1024;
constexpr int TimeoutMs = 15'000;
} // namespace

PhotoLoader::PhotoLoader(const QString &cacheDirectory, QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
    auto *cache = new QNetworkDiskCache(m_network);
    cache->setCacheDirectory(cacheDirectory.isEmpty()
                                 ? QStandardPaths::writableLocation(QStandardPaths::CacheLocation)
                                     + u"/photos"_s
                                 : cacheDirectory);
    cache->setMaximumCacheSize(CacheBytes);
    m_network->setCache(cache);
    m_network->setTransferTimeout(TimeoutMs);
}

PhotoLoader::~PhotoLoader()
{
    cancel();
}

void PhotoLoader::load(const QUrl &url)
{
    cancel();
    if (!url.isValid() || (url.scheme() != u"https"_s && url.scheme() != u"http"_s)) {
        Q_EMIT failed(url, tr("Not a web address"));
        return;
    }
    QNetworkRequest request(url);
    // The cache first: profile photos do not change, and a cached one works offline.
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::PreferCache);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkReply *reply = m_network->get(request);
    m_reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply, url] {
        reply->deleteLater();
        if (m_reply == reply)
            m_reply = nullptr;
        if (reply->error() == QNetworkReply::OperationCanceledError)
            return;
        if (reply->error() != QNetworkReply::NoError) {
            Q_EMIT failed(url, reply->errorString());
            return;
        }
        const QByteArray bytes = reply->read(MaxPhotoBytes + 1);
        QImage image;
        if (bytes.size() > MaxPhotoBytes || !image.loadFromData(bytes)) {
            Q_EMIT failed(url, tr("Not an image"));
            return;
        }
        Q_EMIT loaded(url, image);
    });
}

void PhotoLoader::cancel()
{
    if (QNetworkReply *reply = m_reply) {
        m_reply = nullptr;
        reply->abort();
    }
}
