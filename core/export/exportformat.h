// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>
#include <optional>

/// The file formats an export writes. The command line names them "csv" and "xlsx".
enum class ExportFormat { Csv, Xlsx };

namespace ExportFormats {
/// "csv", "xlsx": the command-line names and the file suffixes.
QString name(ExportFormat format);
std::optional<ExportFormat> fromName(QStringView name);
QStringList names();
/// The format a file name's suffix asks for (case-insensitive), or nullopt.
std::optional<ExportFormat> fromFileName(QStringView fileName);
/// \a filePath with its suffix replaced by (or, when it has none, given) \a format's.
QString withSuffix(const QString &filePath, ExportFormat format);
} // namespace ExportFormats
