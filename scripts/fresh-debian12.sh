#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A fresh Debian 12 machine, as near as one machine can make one: a minimal bookworm root
# (debootstrap --variant=minbase), the committed tree of this repository copied in (git archive
# HEAD: what a clone holds, nothing else) and a command run inside it as root. The root has no
# compiler, no Qt, no git: only what the command itself installs, so it proves that the README's
# commands install everything they need.
#
#   scripts/fresh-debian12.sh [COMMAND...]      default command: scripts/test.sh
#
# Environment:
#   LV_FRESH_CACHE   the minbase tarball, made once and kept between runs
#                    (default /var/cache/leadviewer/debian12-minbase.tar)
#   LV_FRESH_MIRROR  the Debian mirror (default: the one this machine's apt uses, else
#                    deb.debian.org)
#   LV_FRESH_LOG     the full log of the command (default: a file under /tmp, named at the end)
#
# Exit status: the command's; 75 when the root itself could not be made (debootstrap failed, for
# example because the mirror cannot be reached), so that a caller can tell an outage from a
# failure of the project; 64 for a usage error (not root).
set -euo pipefail

readonly EXIT_NO_ROOT=75
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cmd=("$@")
[[ ${#cmd[@]} -gt 0 ]] || cmd=(scripts/test.sh)
cache=${LV_FRESH_CACHE:-/var/cache/leadviewer/debian12-minbase.tar}
log=${LV_FRESH_LOG:-$(mktemp /tmp/lv-fresh-debian12.XXXXXX.log)}

say() { printf 'fresh-debian12: %s\n' "$*" >&2; }

if [[ $(id -u) -ne 0 ]]; then
    say "needs root (debootstrap, chroot and bind mounts); run it with sudo"
    exit 64
fi

mirror=${LV_FRESH_MIRROR:-}
if [[ -z $mirror ]]; then
    # The mirror this machine already reaches: the first deb.debian.org-style URI of its sources.
    mirror=$(grep -hoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' \
        /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
        | head -n1 | grep -oE 'https?://[^ ]+' || true)
    mirror=${mirror:-http://deb.debian.org/debian}
fi

make_cache() {
    if ! command -v debootstrap >/dev/null; then
        say "installing debootstrap"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            debootstrap >>"$log" 2>&1 || return 1
    fi
    local base
    base=$(mktemp -d /tmp/lv-debootstrap.XXXXXX)
    say "making a minimal Debian 12 root from $mirror (once; cached in $cache)"
    if ! debootstrap --variant=minbase bookworm "$base" "$mirror" >>"$log" 2>&1; then
        rm -rf "$base"
        return 1
    fi
    mkdir -p "$(dirname "$cache")"
    # Written beside the cache and renamed, so an interrupted run never leaves half a tarball.
    tar -C "$base" -cf "$cache.partial" . && mv "$cache.partial" "$cache"
    rm -rf "$base"
}

if [[ ! -s $cache ]] && ! make_cache; then
    say "could not make the Debian 12 root; the last lines of $log:"
    tail -n 15 "$log" >&2
    exit $EXIT_NO_ROOT
fi

root=$(mktemp -d /tmp/lv-fresh-root.XXXXXX)
mounted=()
cleanup() {
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
        umount -l "${mounted[i]}" 2>/dev/null || true
    done
    # Only remove the root once nothing of the host is mounted inside it any more.
    if ! grep -q " $root/" /proc/mounts; then
        rm -rf "$root"
    else
        say "left $root in place: something is still mounted inside it"
    fi
}
trap cleanup EXIT

tar -C "$root" -xf "$cache"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# The same suites a Debian 12 installation has: updates and security as well as the release.
cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${mirror%/debian*}/debian-security bookworm-security main
EOF
for m in proc sys dev dev/pts; do
    mount --bind "/$m" "$root/$m"
    mounted+=("$root/$m")
done

mkdir -p "$root/home/user/project"
git -C "$repo" archive HEAD | tar -C "$root/home/user/project" -x
say "running in a fresh Debian 12 root ($root): ${cmd[*]}"
say "full log: $log"
set +e
chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb CI="${CI:-}" \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    bash -c 'cd /home/user/project && "$@"' _ "${cmd[@]}" 2>&1 | tee -a "$log"
rc=${PIPESTATUS[0]}
set -e
say "exit status $rc"
exit "$rc"
