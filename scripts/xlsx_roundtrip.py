#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Independent XLSX reader for the export tests (openpyxl, Debian's python3-openpyxl).

Reads a workbook and prints, as ASCII-only JSON, per sheet: its title, frozen cell,
autofilter range, column widths, whether every header cell is bold, and every row as cells
{"t": type, "v": value} where type is "s" (text), "n" (number), "d" (date: "v" is milliseconds
since the epoch, UTC), "f" (formula), "b" (boolean) or "e" (no cell); a cell with a link also
has "link": its target, and a cell with a number format other than General has "fmt".
Exits 1 with a message on stderr when openpyxl cannot read the file.

usage: xlsx_roundtrip.py FILE
"""
import datetime
import json
import sys

import openpyxl

EPOCH = datetime.datetime(1970, 1, 1)


def cell_json(cell):
    if cell is None or cell.value is None:
        return {"t": "e"}
    out = {"t": cell.data_type}
    value = cell.value
    if isinstance(value, datetime.datetime):
        out["t"] = "d"
        out["v"] = round((value - EPOCH).total_seconds() * 1000)
    else:
        out["v"] = value
    if cell.hyperlink is not None:
        out["link"] = cell.hyperlink.target
    if cell.number_format != "General":
        out["fmt"] = cell.number_format
    return out


def sheet_json(ws):
    rows = []
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column):
        rows.append([cell_json(c) for c in row])
    header = rows[0] if rows else []
    widths = {key: dim.width for key, dim in ws.column_dimensions.items()}
    return {
        "title": ws.title,
        "freeze": ws.freeze_panes,
        "autofilter": ws.auto_filter.ref,
        "widths": widths,
        "headerBold": all(c.font is not None and c.font.b for c in ws[1]) if rows else False,
        "rows": rows,
    }


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        workbook = openpyxl.load_workbook(sys.argv[1])
    except Exception as e:  # any failure to read is the test's failure
        print(f"openpyxl cannot read {sys.argv[1]}: {e!r}", file=sys.stderr)
        return 1
    json.dump({"sheets": [sheet_json(ws) for ws in workbook.worksheets]}, sys.stdout,
              ensure_ascii=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
