// SPDX-License-Identifier: MIT
#pragma once

#include "exitcodes.h"

#include "ingest/ingestservice.h"

#include <QStringList>
#include <optional>

/// The receiver's command line: `leadviewer [--headless] [--listen ADDR:PORT] [--path P]
/// [--db FILE] [--secret S]... [--secret-file FILE] [--max-body BYTES] [--config FILE]`. Options
/// override the saved settings for this run only.
struct RunOptions
{
    bool headless = false;
    QString configFile;
    std::optional<QString> database;
    std::optional<QHostAddress> address;
    std::optional<quint16> port;
    std::optional<QString> path;
    QStringList secrets; ///< replaces the saved ones when not empty
    std::optional<qint64> maxBodyBytes;

    void applyTo(EndpointConfig &config) const;
};

namespace CommandLine {
/// Parses the receiver options; on error returns nullopt and sets \a error. Handles --help and
/// --version itself (exit code in \a exitCode, nullopt returned, \a error empty).
std::optional<RunOptions> parseRun(const QStringList &arguments, QString *error,
                                   ExitCode *exitCode);
/// "127.0.0.1:8787", "[::1]:8787", "0.0.0.0:0", ":8787" or "8787".
bool parseListen(const QString &text, std::optional<QHostAddress> *address, quint16 *port);
} // namespace CommandLine
