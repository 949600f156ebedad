#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian 12 packages listed in scripts/debian-packages.txt that are missing, with
# --no-install-recommends (the list names every package, so nothing relies on a Recommends).
#
#   scripts/install-deps.sh [--test] [--with-tools]
#     --test        also the packages only the tests need ("test:" lines)
#     --with-tools  also clang, libFuzzer's runtime and slowhttptest, for the hardening scripts
#
# As root it runs apt-get itself; otherwise through sudo. With neither, it stops at once and
# prints the apt-get line to run. Exit status 0 when everything is installed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
with_test=0 with_tools=0
for arg in "$@"; do
    case "$arg" in
        --test) with_test=1 ;;
        --with-tools) with_tools=1 ;;
        *) echo "install-deps.sh: unknown option $arg (use --test, --with-tools)" >&2; exit 2 ;;
    esac
done

packages=()
while read -r line; do
    line=${line%%#*}
    line=${line%"${line##*[![:space:]]}"}
    [[ -n $line ]] || continue
    if [[ $line == test:* ]]; then
        [[ $with_test -eq 1 ]] || continue
        line=${line#test:}
        line=${line#"${line%%[![:space:]]*}"}
    fi
    packages+=("$line")
done <"$here/debian-packages.txt"
[[ $with_tools -eq 0 ]] || packages+=(clang libclang-rt-14-dev slowhttptest)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
    echo "  all ${#packages[@]} Debian packages are installed"
    exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
    if ! command -v sudo >/dev/null; then
        cat >&2 <<MSG

  ${#missing[@]} Debian packages are missing, and installing them needs root (no sudo here).
  As root, run:

    apt-get update && apt-get install --no-install-recommends ${missing[*]}

  then run this command again.
MSG
        exit 1
    fi
    sudo=(sudo)
    echo "  installing needs root: sudo may ask for your password"
fi

echo "  installing ${#missing[@]} of ${#packages[@]} Debian packages (a minute or two on a new machine):"
echo "    ${missing[*]}" | fold -s -w 96 | sed '2,$s/^/    /'
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp /tmp/leadviewer-apt.XXXXXX.log)
if ! "${sudo[@]}" apt-get update -q >"$log" 2>&1 \
    || ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
    echo "  apt-get failed; its last lines (whole log: $log):" >&2
    tail -n 20 "$log" | sed 's/^/    /' >&2
    echo "  to install them by hand, as root: apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
fi
rm -f "$log"
echo "  installed"
