#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Run by .ci/run inside the fresh Debian 12 root (scripts/fresh-debian12.sh), from the copied
# tree: the README's test command, then its run command as a receiver on a free port, which must
# print "listening on http://127.0.0.1:PORT/..." and stop cleanly on SIGTERM.
#
#   .ci/fresh-inside.sh [all|test|run]      default: all (the test command, then the run command)
set -euo pipefail
part=${1:-all}

if [[ $part == all || $part == test ]]; then
    echo "==== fresh Debian 12: the test command (scripts/test.sh) ===="
    scripts/test.sh
fi
[[ $part == all || $part == run ]] || exit 0

echo "==== fresh Debian 12: the run command (scripts/run.sh --headless --listen 127.0.0.1:0) ===="
out=$(mktemp /tmp/lv-run.XXXXXX.log)
scripts/run.sh --headless --listen 127.0.0.1:0 >"$out" 2>&1 &
pid=$!
# The run command builds first (Release), so the line can take minutes; it is polled, and the
# loop ends at once when the command exits early.
deadline=$((SECONDS + 1800))
while ! grep -q 'listening on http://127\.0\.0\.1:[1-9][0-9]*/' "$out"; do
    if ! kill -0 "$pid" 2>/dev/null || ((SECONDS > deadline)); then
        cat "$out"
        echo "FAILED: the run command did not print its 'listening on' line" >&2
        kill "$pid" 2>/dev/null || true
        exit 1
    fi
    sleep 1
done
tail -n 5 "$out"
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
if [[ $rc -ne 0 ]]; then
    cat "$out"
    echo "FAILED: the receiver exited with $rc on SIGTERM" >&2
    exit 1
fi
echo "the run command started the receiver and stopped cleanly on SIGTERM"
