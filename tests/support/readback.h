// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

/// Exported files read back by independent readers: Python's csv module
/// (scripts/csv_roundtrip.py) and openpyxl (scripts/xlsx_roundtrip.py).
namespace TestSupport {

struct Csv
{
    bool ok = false;
    bool bom = false;
    bool crlf = false;
    QList<QStringList> rows;
    QString error;

    /// The cells under \a header, one per row after the header ("<no column header>" when
    /// there is none, so that a comparison fails readably).
    QStringList column(const QString &header) const;
};

/// Reads \a path with Python's csv module, the independent RFC 4180 reader.
Csv readCsvWithPython(const QString &path, char delimiter = ',');

/// A workbook as scripts/xlsx_roundtrip.py prints it: per sheet its rows of {"t", "v"} cells.
struct Workbook
{
    bool ok = false;
    QString error;
    QJsonArray sheets;

    QJsonObject sheet(int i) const { return sheets.at(i).toObject(); }
    QJsonArray rows(int i) const { return sheet(i).value(QStringLiteral("rows")).toArray(); }
    QJsonObject cell(int sheetIndex, int row, int col) const
    {
        return rows(sheetIndex).at(row).toArray().at(col).toObject();
    }
    /// The first sheet's column with \a header, or -1.
    int columnOf(const QString &header) const;
};

/// The first python3 that can import openpyxl (empty when none): the one on PATH may be a
/// pyenv or venv without Debian's python3-openpyxl, which is installed for /usr/bin/python3.
QString findPythonWithOpenpyxl();
/// Reads \a path with openpyxl run by \a python (from findPythonWithOpenpyxl()).
Workbook readXlsxWithPython(const QString &python, const QString &path);

} // namespace TestSupport
