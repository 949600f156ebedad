#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Formats every tracked C++ file with .clang-format (Debian's clang-format-14, the version CI
# uses: another version formats some constructs differently).
#
#   scripts/format.sh            rewrite the files in place
#   scripts/format.sh --check    change nothing; list the files that differ and exit 1 if any
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tool=${CLANG_FORMAT:-clang-format-14}
if ! command -v "$tool" >/dev/null; then
    echo "format.sh: $tool not found; install it with: apt-get install --no-install-recommends clang-format-14" >&2
    exit 2
fi
mapfile -t files < <(git ls-files -- '*.cpp' '*.h')
if [[ ${1:-} == --check ]]; then
    differ=()
    for f in "${files[@]}"; do
        "$tool" --dry-run -Werror "$f" >/dev/null 2>&1 || differ+=("$f")
    done
    if [[ ${#differ[@]} -gt 0 ]]; then
        echo "format.sh: ${#differ[@]} of ${#files[@]} C++ files differ from .clang-format:" >&2
        for f in "${differ[@]}"; do
            echo "  $f ($(diff <("$tool" "$f") "$f" | grep -c '^[<>]') lines)" >&2
        done
        echo "format.sh: run scripts/format.sh to fix them" >&2
        exit 1
    fi
    echo "format.sh: all ${#files[@]} C++ files match .clang-format"
    exit 0
fi
"$tool" -i "${files[@]}"
echo "format.sh: formatted ${#files[@]} C++ files"
