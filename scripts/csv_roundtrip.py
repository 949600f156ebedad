#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Independent RFC 4180 reader for the export tests.

Reads a CSV file with Python's csv module (strict mode) and prints
{"bom": bool, "crlf": bool, "rows": [[cell, ...], ...]} as ASCII-only JSON, so the C++ test can
compare every cell with what it stored. Exits 1 with a message on stderr when the file is not
valid CSV or the rows have different lengths.

usage: csv_roundtrip.py FILE [DELIMITER]
"""
import csv
import io
import json
import sys


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    path = sys.argv[1]
    delimiter = sys.argv[2] if len(sys.argv) > 2 else ","
    with open(path, "rb") as f:
        raw = f.read()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")  # fails loudly on invalid UTF-8
    # RFC 4180 2.1: every record ends with CRLF; a bare LF may only occur inside quotes, so the
    # file must end with CRLF and contain at least one.
    crlf = text.endswith("\r\n")
    try:
        reader = csv.reader(_lines(text),
                            delimiter=delimiter, quotechar='"', doublequote=True,
                            strict=True)
        rows = list(reader)
    except csv.Error as e:
        print(f"csv error: {e}", file=sys.stderr)
        return 1
    widths = {len(r) for r in rows}
    if len(widths) > 1:
        print(f"rows have different lengths: {sorted(widths)}", file=sys.stderr)
        return 1
    json.dump({"bom": bom, "crlf": crlf, "rows": rows}, sys.stdout, ensure_ascii=True)
    return 0


def _lines(text):
    # csv.reader wants an iterable of lines; newline="" keeps quoted CR/LF exactly as written.
    return io.StringIO(text, newline="")


if __name__ == "__main__":
    sys.exit(main())
