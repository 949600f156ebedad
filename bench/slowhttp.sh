#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Slow-HTTP attacks on the headless receiver with Debian's slowhttptest, slowloris (-H) and slow
# body (-B), on 127.0.0.1 only, while a loop posts good signed events with curl. Reports for each
# mode how many good events were acknowledged (2xx) out of those sent, and the worst latency.
#
#   bench/slowhttp.sh [CONNECTIONS] [SECONDS]     (defaults: 200 connections, 30 s per mode)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
connections="${1:-200}"
seconds="${2:-30}"
build="${BUILD_DIR:-build-crash-rel}"
secret="whsec_slowhttp_bench"

if ! command -v slowhttptest >/dev/null; then
    echo "installing slowhttptest"
    apt-get install -y slowhttptest >/dev/null
fi
for tool in curl openssl; do
    command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }
done
if [[ ! -x "$build/app/leadviewer" ]]; then
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLEADVIEWER_GUI=OFF >/dev/null
    cmake --build "$build" --target leadviewer -j"${JOBS:-2}"
fi

work="$(mktemp -d)"
receiver_pid=""
cleanup() {
    [[ -n "$receiver_pid" ]] && kill -TERM "$receiver_pid" 2>/dev/null && wait "$receiver_pid" || true
    rm -rf "$work"
}
trap cleanup EXIT

"$build/app/leadviewer" --headless --listen 127.0.0.1:0 --db "$work/bench.sqlite" \
    --secret "$secret" --config "$work/settings.ini" 2>"$work/receiver.log" &
receiver_pid=$!
port=""
for _ in $(seq 100); do
    port="$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/receiver.log")"
    [[ -n "$port" ]] && break
    sleep 0.1
done
[[ -n "$port" ]] || { echo "the receiver did not start"; cat "$work/receiver.log"; exit 1; }
url="http://127.0.0.1:$port/webhooks/sendpilot"
echo "receiver on $url (pid $receiver_pid, max 64 connections, header deadline 10 s)"

# One good signed event; prints "<http status> <seconds>".
post_good() {
    local id="$1" t body sig
    t="$(date +%s)"
    body="{\"eventId\":\"$id\",\"eventType\":\"message.sent\",\"timestamp\":\"$(date -u +%Y-%m-%dT%H:%M:%S.000Z)\",\"workspaceId\":\"ws_bench\",\"data\":{\"leadId\":\"lead_$id\",\"campaignId\":\"camp_bench\",\"linkedinUrl\":\"https://www.linkedin.com/in/x\",\"senderId\":\"s1\",\"message\":\"hi\",\"sequenceStep\":1}}"
    sig="$(printf '%s.%s' "$t" "$body" | openssl dgst -sha256 -hmac "$secret" -r | cut -d' ' -f1)"
    curl -s -o /dev/null --max-time 5 -w '%{http_code} %{time_total}\n' -X POST \
        -H 'Content-Type: application/json' -H "Webhook-Signature: v1,t=$t,s=$sig" \
        --data-binary "$body" "$url" || echo "000 5"
}

run_mode() {
    local mode="$1" label="$2"
    local results="$work/good-$label.txt"
    : >"$results"
    slowhttptest "$mode" -c "$connections" -r 100 -i 5 -s 8192 -l "$seconds" -t POST \
        -u "$url" -p 3 -g -o "$work/slow-$label" >"$work/slow-$label.out" 2>&1 &
    local attacker=$!
    sleep 2 # let the attack take the connection slots first
    local n=0
    local deadline=$((SECONDS + seconds - 2))
    # Bounded: one event every 0.2 s at most, for the attack's length, at most 500 events.
    while ((SECONDS < deadline && n < 500)); do
        n=$((n + 1))
        post_good "evt_${label}_$n" >>"$results"
        sleep 0.2
    done
    wait "$attacker" || true
    local sent ok worst first_ok
    sent=$(wc -l <"$results")
    ok=$(awk '$1 ~ /^2/' "$results" | wc -l)
    worst=$(awk '$1 ~ /^2/ { if ($2 > m) m = $2 } END { printf "%.0f", m * 1000 }' "$results")
    refused=$(awk '$1 == "503"' "$results" | wc -l)
    other=$((sent - ok - refused))
    echo "$label ($mode, $connections connections, ${seconds} s): good events acknowledged" \
        "$ok/$sent, worst latency of an acknowledged one ${worst} ms;" \
        "refused 503 (retry later) $refused, other failures $other"
    kill -0 "$receiver_pid" || { echo "the receiver died"; exit 1; }
}

run_mode -H slowloris
sleep 13 # the header deadline frees what the attack left
run_mode -B slowbody
rss=$(awk '/VmHWM/ {print $2}' "/proc/$receiver_pid/status")
echo "receiver peak resident memory: $((rss / 1024)) MB"
