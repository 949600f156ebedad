#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One command: install what is missing, build everything (Debug, with assertions) and run every
# test through ctest. Long stress and fuzz runs carry the label "long" and are not run here
# (scripts/crash-safety.sh, scripts/fuzz.sh run them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-deps.sh
build="${BUILD_DIR:-build-test}"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug ${CMAKE_ARGS:-} >/dev/null
cmake --build "$build"
cd "$build"
QT_QPA_PLATFORM=offscreen ctest --output-on-failure --label-exclude long -j2 --timeout 300
