#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One command on a fresh Debian 12 machine: install what is missing, build (Release), start.
# Arguments are passed to leadviewer, e.g. scripts/run.sh --headless --secret "$SECRET".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-deps.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-release
exec build-release/app/leadviewer "$@"
