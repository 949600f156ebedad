// SPDX-License-Identifier: MIT
#pragma once

#include <QImage>
#include <QObject>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

/// Fetches profile photos asynchronously, cached on disk (QNetworkDiskCache under
/// QStandardPaths::CacheLocation) so a photo seen once shows offline. One request at a time:
/// asking for another photo aborts the previous one.
class PhotoLoader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PhotoLoader)

public:
    /// Photos larger than this are not decoded.
    static constexpr qint64 MaxPhotoBytes = 5 * 1024 * 1024;

    /// \a cacheDirectory empty: a "photos" folder in the application's cache location.
    explicit PhotoLoader(const QString &cacheDirectory = {}, QObject *parent = nullptr);
    ~PhotoLoader() override;

    void load(const QUrl &url);
    void cancel();

Q_SIGNALS:
    void loaded(const QUrl &url, const QImage &image);
    void failed(const QUrl &url, const QString &error);

private:
    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_reply;
};
