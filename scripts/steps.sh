# SPDX-License-Identifier: MIT
# Sourced by scripts/run.sh and scripts/test.sh: numbered steps a new user can follow, and a
# configure + build whose output is shown only when it fails (the build's progress is shown).

step() {
    printf '\n[%s/%s] %s\n' "$1" "$2" "$3"
}

# configure_and_build BUILD_DIR BUILD_TYPE [TARGET...]: CMake with Ninja, then the targets (all
# when none is named); extra configure flags from $CMAKE_ARGS.
configure_and_build() {
    local dir=$1 type=$2 log
    shift 2
    log=$(mktemp /tmp/leadviewer-cmake.XXXXXX.log)
    # shellcheck disable=SC2086 # CMAKE_ARGS holds several words on purpose
    if ! cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" ${CMAKE_ARGS:-} >"$log" 2>&1; then
        echo "  CMake could not configure the build; its output:" >&2
        sed 's/^/    /' "$log" >&2
        rm -f "$log"
        return 1
    fi
    rm -f "$log"
    local targets=()
    [[ $# -eq 0 ]] || targets=(--target "$@")
    cmake --build "$dir" -j"${JOBS:-$(nproc)}" "${targets[@]}"
}
