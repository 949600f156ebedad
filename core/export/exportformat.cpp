// SPDX-License-Identifier: MIT
#include "export/exportformat.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace ExportFormats {

QString name(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Csv:
        return u"csv"_s;
    case ExportFormat::Xlsx:
        return u"xlsx"_s;
    }
    return {};
}

QStringList names()
{
    return {name(ExportFormat::Csv), name(ExportFormat::Xlsx)};
}

std::optional<ExportFormat> fromName(QStringView text)
{
    for (const ExportFormat format : {ExportFormat::Csv, ExportFormat::Xlsx}) {
        if (text.compare(name(format), Qt::CaseInsensitive) == 0)
            return format;
    }
    return std::nullopt;
}

std::optional<ExportFormat> fromFileName(QStringView fileName)
{
    const qsizetype dot = fileName.lastIndexOf(u'.');
    const qsizetype slash = qMax(fileName.lastIndexOf(u'/'), fileName.lastIndexOf(u'\\'));
    if (dot < 0 || dot < slash)
        return std::nullopt;
    return fromName(fileName.sliced(dot + 1));
}

QString withSuffix(const QString &filePath, ExportFormat format)
{
    const QString suffix = u'.' + name(format);
    if (fromFileName(filePath)) {
        const qsizetype dot = filePath.lastIndexOf(u'.');
        return filePath.left(dot) + suffix;
    }
    return filePath + suffix;
}

} // namespace ExportFormats
