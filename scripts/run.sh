#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One command on a fresh Debian 12 machine: install what is missing, build (Release), start.
# Arguments are passed to leadviewer, e.g. scripts/run.sh --headless --secret-file FILE.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/steps.sh
build="${BUILD_DIR:-build-release}"

step 1 3 "Checking the Debian packages Lead Viewer needs (scripts/debian-packages.txt)"
scripts/install-deps.sh

step 2 3 "Building Lead Viewer (Release, in $build/; about 4 minutes on two cores the first time, seconds after that)"
# Only the app: the tests and benchmarks are the test command's business.
configure_and_build "$build" Release leadviewer

step 3 3 "Starting $build/app/leadviewer $*"
exec "$build/app/leadviewer" "$@"
