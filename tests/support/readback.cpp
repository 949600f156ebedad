// SPDX-License-Identifier: MIT
#include "readback.h"

#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace TestSupport {

namespace {
const QString Scripts = QStringLiteral(LEADVIEWER_SOURCE_DIR "/scripts/");
} // namespace

QStringList Csv::column(const QString &header) const
{
    QStringList values;
    if (rows.isEmpty())
        return values;
    const qsizetype index = rows.first().indexOf(header);
    if (index < 0)
        return {u"<no column %1>"_s.arg(header)};
    for (qsizetype r = 1; r < rows.size(); ++r)
        values.append(rows.at(r).value(index));
    return values;
}

Csv readCsvWithPython(const QString &path, char delimiter)
{
    Csv csv;
    QProcess python;
    python.start(u"python3"_s,
                 {Scripts + u"csv_roundtrip.py"_s, path, QString(QLatin1Char(delimiter))});
    if (!python.waitForFinished(30000) || python.exitCode() != 0) {
        csv.error = QString::fromUtf8(python.readAllStandardError());
        return csv;
    }
    const QJsonObject root = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
    csv.bom = root.value(u"bom"_s).toBool();
    csv.crlf = root.value(u"crlf"_s).toBool();
    const QJsonArray rows = root.value(u"rows"_s).toArray();
    for (const QJsonValue &row : rows) {
        QStringList cells;
        const QJsonArray array = row.toArray();
        for (const QJsonValue &cell : array)
            cells.append(cell.toString());
        csv.rows.append(cells);
    }
    csv.ok = true;
    return csv;
}

int Workbook::columnOf(const QString &header) const
{
    const QJsonArray first = rows(0).at(0).toArray();
    for (qsizetype c = 0; c < first.size(); ++c) {
        if (first.at(c).toObject().value(u"v"_s).toString() == header)
            return int(c);
    }
    return -1;
}

QString findPythonWithOpenpyxl()
{
    const QStringList candidates = {QStandardPaths::findExecutable(u"python3"_s),
                                    QStandardPaths::findExecutable(u"python3"_s, {u"/usr/bin"_s})};
    for (const QString &python : candidates) {
        if (python.isEmpty())
            continue;
        QProcess probe;
        probe.start(python, {u"-c"_s, u"import openpyxl"_s});
        if (probe.waitForFinished(30000) && probe.exitCode() == 0)
            return python;
    }
    return {};
}

Workbook readXlsxWithPython(const QString &python, const QString &path)
{
    Workbook workbook;
    QProcess process;
    process.start(python, {Scripts + u"xlsx_roundtrip.py"_s, path});
    if (!process.waitForFinished(60000) || process.exitCode() != 0) {
        workbook.error = QString::fromUtf8(process.readAllStandardError());
        return workbook;
    }
    workbook.sheets = QJsonDocument::fromJson(process.readAllStandardOutput())
                          .object()
                          .value(u"sheets"_s)
                          .toArray();
    workbook.ok = !workbook.sheets.isEmpty();
    if (!workbook.ok)
        workbook.error = u"no sheets"_s;
    return workbook;
}

} // namespace TestSupport
