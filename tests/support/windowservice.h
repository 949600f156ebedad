// SPDX-License-Identifier: MIT
#pragma once

// Header-only: it needs the ingest library, which the window tests link and the support
// library does not.

#include "checks.h"

#include "common/settings.h"
#include "ingest/ingestservice.h"

#include <QHostAddress>
#include <QStandardPaths>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace TestSupport {

/// What a window test starts from: a settings file (remote images off), a store in a temporary
/// folder, and the receiver on a free loopback port.
struct WindowService
{
    std::unique_ptr<Settings> settings;
    EndpointConfig config;
    std::unique_ptr<IngestService> service;

    /// Makes them in \a dir, with \a secrets as the webhook signing secrets, and starts the
    /// receiver; throws CheckFailed with its error when it cannot start.
    void start(const QTemporaryDir &dir, const QStringList &secrets = {})
    {
        VERIFY_OR_THROW(dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        settings = std::make_unique<Settings>(dir.filePath(QStringLiteral("settings.ini")));
        settings->setRemoteImages(false);
        config.databasePath = dir.filePath(QStringLiteral("leads.sqlite"));
        config.address = QHostAddress::LocalHost;
        config.port = 0;
        config.secrets = secrets;
        service = std::make_unique<IngestService>();
        QString error;
        VERIFY2_OR_THROW(service->start(config, &error), error);
    }
};

} // namespace TestSupport
