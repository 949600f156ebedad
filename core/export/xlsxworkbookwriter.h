// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

/*!
    Writes an Excel workbook (Office Open XML, .xlsx) with libxlsxwriter in its constant-memory
    mode: each row goes to a temporary file as it is written, so memory stays flat whatever the
    row count, and rows must come in order (they do: the export streams them). Models
    ExportRowWriter.

    The layout: a bold header row, frozen, with an autofilter over the data; column widths
    fitted to the longest value (capped); text as text cells, so a phone number, an ID or a
    leading zero stays as written; numbers as numbers; times as date cells (UTC, shown as
    yyyy-mm-dd hh:mm:ss); web addresses as links. No cell is ever a formula, so no formula
    guard is needed.

    Excel's limits, each counted for the summary:
    - 1,048,576 rows a sheet: after Options::rowsPerSheet data rows the next row starts a new
      sheet ("Leads 2", ...) with the header again;
    - 32,767 characters a cell: longer text is cut there (truncatedCells());
    - 65,530 links a sheet: later addresses are written as plain text (unlinkedUrls()), since
      libxlsxwriter refuses more (LXW_ERROR_WORKSHEET_MAX_NUMBER_URLS_EXCEEDED). The limit
      also bounds the one memory cost that grows with the rows: libxlsxwriter keeps every link
      (about 100 bytes) until finish(), and while packing a sheet builds about 2 KB of
      relationship per link (valgrind massif: 41.6 MB for 20,000 links), about 140 MB for a
      sheet at the limit, freed sheet by sheet;
    - XML 1.0 cannot hold control characters other than tab, CR and LF, nor invalid UTF-8:
      they become U+FFFD (replacedCharacters() counts the cells).

    Write errors are sticky: check ok() after finish().
*/
class XlsxWorkbookWriter final
{
public:
    /// Excel's rows a sheet, the header included.
    static constexpr qint64 MaxSheetRows = 1048576;
    static constexpr qsizetype MaxCellChars = 32767;
    static constexpr int MaxLinksPerSheet = 65530;
    /// Excel 2016's longest link (libxlsxwriter's default max_url_length).
    static constexpr qsizetype MaxUrlLength = 2079;

    struct Options
    {
        /// Data rows a sheet holds before the next begins; lower only in tests.
        qint64 rowsPerSheet = MaxSheetRows - 1;
        /// Links a sheet holds before addresses are written as text; lower only in tests.
        int linksPerSheet = MaxLinksPerSheet;
        /// Where libxlsxwriter keeps the rows until finish(); empty for the system's. The
        /// exporter uses the target's folder: the space is needed there anyway, and a /tmp in
        /// memory (tmpfs) would turn a large export's temporary files into memory.
        QString tempDir;
        QString sheetName = QStringLiteral("Leads");
        /// ZIP64, so that one sheet's XML may pass 4 GB; the exporter sets it for large
        /// exports only, since a small file has no use for it.
        bool zip64 = false;
    };

    /// Creates (or truncates) \a path; nothing else is written until finish().
    XlsxWorkbookWriter(const QString &path, const Options &options);
    /// Without finish(), frees the workbook unwritten (a cancelled export): \a path stays as
    /// it was created, empty.
    ~XlsxWorkbookWriter();
    XlsxWorkbookWriter(const XlsxWorkbookWriter &) = delete;
    XlsxWorkbookWriter &operator=(const XlsxWorkbookWriter &) = delete;

    void writeHeader(const QStringList &names);
    void addField(QByteArrayView utf8);
    void addTelephone(QByteArrayView utf8) { addField(utf8); }
    /// An http(s) address becomes a link while the sheet has room for one; anything else (a
    /// javascript: address, one too long) is text.
    void addLink(QByteArrayView utf8);
    void addNumber(qint64 value);
    void addEmpty()
    {
        beginCell();
        ++m_col;
    }
    void addTimestampMs(qint64 msSinceEpoch);
    void endRow();

    /// Writes the workbook: packs the sheets into the .xlsx file. Returns ok().
    bool finish();
    bool ok() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }

    int sheetCount() const { return int(m_sheets.size()); }
    qint64 truncatedCells() const { return m_truncatedCells; }
    qint64 unlinkedUrls() const { return m_unlinkedUrls; }
    qint64 replacedCharacters() const { return m_replacedCells; }

    /// \a utf8 as a cell can hold it (see the class comment), NUL-terminated in \a out.
    /// Returns what was done, for the counts.
    enum Cleaning { Unchanged = 0, Truncated = 1, Replaced = 2 };
    static int cleanText(QByteArrayView utf8, QByteArray &out);

private:
    struct Sheet
    {
        lxw_worksheet *worksheet = nullptr;
        qint64 dataRows = 0;
        int links = 0;
        QList<int> widths; ///< in characters, per column
    };

    void startSheet();
    void closeSheet();
    /// Called first by every add...(), an empty cell's too: the first cell of a row starts a new
    /// sheet when the current one is full (so a full last sheet gets no empty one after it).
    void beginCell()
    {
        if (m_col == 0 && m_sheet && m_sheet->dataRows == m_options.rowsPerSheet)
            startSheet();
    }
    quint32 row() const { return quint32(m_sheet->dataRows + 1); }
    void widen(qsizetype chars);
    void check(int error);

    Options m_options;
    QString m_path;
    lxw_workbook *m_workbook = nullptr;
    lxw_format *m_bold = nullptr;
    lxw_format *m_date = nullptr;
    lxw_format *m_link = nullptr;
    QStringList m_header;
    QList<Sheet> m_sheets;
    Sheet *m_sheet = nullptr;
    quint16 m_col = 0;
    QByteArray m_text; ///< the current cell's NUL-terminated text
    QByteArray m_tempDir; ///< kept alive for libxlsxwriter, which holds the pointer
    qint64 m_truncatedCells = 0;
    qint64 m_unlinkedUrls = 0;
    qint64 m_replacedCells = 0;
    QString m_error;
};
