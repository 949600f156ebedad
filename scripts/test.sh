#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One command: install what is missing, build everything (Debug, with assertions) and run every
# test through ctest. Long stress and fuzz runs carry the label "long" and are not run here
# (scripts/crash-safety.sh, scripts/fuzz.sh run them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/steps.sh
build="${BUILD_DIR:-build-test}"

step 1 3 "Checking the Debian packages the build and the tests need (scripts/debian-packages.txt)"
scripts/install-deps.sh --test

step 2 3 "Building Lead Viewer and its tests (Debug, in $build/; about 8 minutes on two cores the first time)"
configure_and_build "$build" Debug

step 3 3 "Running the tests (ctest, without the long runs; a few minutes)"
cd "$build"
export QT_QPA_PLATFORM=offscreen
exec ctest --output-on-failure --no-tests=error --label-exclude long \
    --timeout 300 -j"${JOBS:-2}" "$@"
