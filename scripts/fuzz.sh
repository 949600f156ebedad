#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Open-ended fuzzing (not part of ctest): builds the libFuzzer targets with clang, ASan and UBSan
# (CMake preset "fuzz", LEADVIEWER_FUZZ=ON) and runs each for the given time.
#
#   scripts/fuzz.sh [seconds-per-target] [target...]      default: 600 s, all four targets
#
# New inputs go to build-preset-fuzz/fuzz-corpus/<target>/ (the committed seeds in
# tests/fuzz/corpus/<target>/ are read, never written). A crash, leak, timeout or OOM input is
# copied to tests/fuzz/regressions/<target>/, where the replay ctest runs it from then on.
# Set FUZZ_JOBS=N to run N targets at once (default 1), FUZZ_NO_BUILD=1 to skip the build.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(fuzz_http fuzz_signature fuzz_event fuzz_csv)
build="$root/build-preset-fuzz"

max_len_for() {
    case "$1" in
        fuzz_http) echo 8192 ;;        # small limits are 200/300 bytes, the others 4 KiB/64 KiB
        fuzz_signature) echo 2048 ;;   # a header and a body; the MAC does not care about size
        fuzz_event) echo 16384 ;;      # room for a few leads
        fuzz_csv) echo 4096 ;;         # several buffer growths of encodeField()
        *) echo 4096 ;;
    esac
}

if [[ -z ${FUZZ_NO_BUILD:-} ]]; then
    (cd "$root" && cmake --preset fuzz >/dev/null)
    cmake --build "$build" -j2 --target "${targets[@]}"
fi

run_one() {
    local target=$1
    local work="$build/fuzz-corpus/$target"
    local artifacts="$build/fuzz-artifacts/$target/"
    local regressions="$root/tests/fuzz/regressions/$target"
    local log="$build/fuzz-logs/$target.log"
    mkdir -p "$work" "$artifacts" "$regressions" "$(dirname "$log")"
    echo "fuzz.sh: $target for ${seconds}s, log $log"
    local status=0
    nice -n 10 "$build/tests/fuzz/$target" "$work" "$root/tests/fuzz/corpus/$target" \
        -max_total_time="$seconds" -max_len="$(max_len_for "$target")" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts" \
        >"$log" 2>&1 || status=$?
    local found=0
    for crash in "$artifacts"crash-* "$artifacts"leak-* "$artifacts"timeout-* "$artifacts"oom-*; do
        [[ -e $crash ]] || continue
        cp -n "$crash" "$regressions/"
        echo "fuzz.sh: $target: $(basename "$crash") -> tests/fuzz/regressions/$target/"
        found=1
    done
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec)|^Done|^#[0-9]+.*DONE' "$log" \
        | sed "s/^/fuzz.sh: $target: /" || true
    echo "fuzz.sh: $target: corpus $(ls "$work" | wc -l) files, exit $status"
    return $(( status != 0 || found ))
}

jobs=${FUZZ_JOBS:-1}
failed=0
pids=()
for target in "${targets[@]}"; do
    run_one "$target" &
    pids+=($!)
    if (( ${#pids[@]} >= jobs )); then
        wait "${pids[0]}" || failed=1
        pids=("${pids[@]:1}")
    fi
done
for pid in "${pids[@]}"; do
    wait "$pid" || failed=1
done
exit $failed
