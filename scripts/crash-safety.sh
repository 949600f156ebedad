#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The long crash-safety run (Hardening item 2): the headless receiver is killed with SIGKILL at
# random moments while several clients stream signed events of 1..3,000 leads; after every restart
# a read-only connection checks that no acknowledged event is lost or partial and that the file
# passes PRAGMA integrity_check. Release build of its own; prints the figures.
#
#   scripts/crash-safety.sh [KILLS] [SEED]      (defaults: 60 kills, seed from the clock)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
kills="${1:-${LV_CRASH_KILLS:-60}}"
seed="${2:-${LV_CRASH_SEED:-}}"
build="${BUILD_DIR:-build-crash-rel}"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLEADVIEWER_GUI=OFF >/dev/null
cmake --build "$build" --target leadviewer tst_crashsafety -j"${JOBS:-2}"
export QT_QPA_PLATFORM=offscreen LV_CRASH_KILLS="$kills"
[[ -n "$seed" ]] && export LV_CRASH_SEED="$seed"
log="$build/crash-safety.log"
set +e
"$build/tests/tst_crashsafety" killsNeverLoseAcknowledgedEvents 2>&1 | tee "$log" \
    | grep -E "seed|kill |stop |figures|FAIL|PASS.*killsNever|LOST|PARTIAL"
status=${PIPESTATUS[0]}
set -e
echo "full log: $log"
if [[ $status -ne 0 ]]; then
    echo "crash safety: FAILED (exit $status)"
    exit "$status"
fi
echo "crash safety: passed ($kills kills)"
