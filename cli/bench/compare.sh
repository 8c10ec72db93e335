#!/usr/bin/env bash
# The command end to end (JVM start included) against a grequests-style Python run, on nginx.
#   cli/bench/compare.sh [N=20000] [transports="netty okhttp jdk"]
# Needs nginx and python3 with gevent and requests (Debian: apt-get install nginx python3-gevent
# python3-requests). The jdk transport needs JDK 17.0.17+ (set SALVO_JAVA to another java if so).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
n="${1:-20000}"
transports="${2:-netty okhttp jdk}"
port="${PORT:-18080}"
work="$(mktemp -d "${TMPDIR:-/tmp}/salvo-compare.XXXXXX")"
mkdir -p "$work/tmp"
sed -e "s|@PREFIX@|$work|g" -e "s|@PORT@|$port|g" "$here/nginx.conf" >"$work/nginx.conf"
"${NGINX:-/usr/sbin/nginx}" -p "$work" -c "$work/nginx.conf" &
nginx_pid=$!
trap 'kill "$nginx_pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
for i in $(seq 0 $((n - 1))); do echo "http://127.0.0.1:$port/item/$i"; done >"$work/urls.txt"

timed() { # label, command...: wall seconds and request rate, records checked
  local label="$1"; shift
  local start end lines
  start=$(date +%s.%N)
  "$@" >"$work/out.jsonl"
  end=$(date +%s.%N)
  lines=$(grep -c '"status": *200' "$work/out.jsonl" || true)
  awk -v l="$label" -v s="$start" -v e="$end" -v n="$n" -v ok="$lines" \
    'BEGIN { printf "%-28s %6.2f s  %8.0f req/s  (%d of %d got 200)\n", l, e - s, n / (e - s), ok, n }'
}

"$root/salvo" --version >/dev/null # build if needed, outside the timing
timed "grequests-style (gevent 64)" "${PYTHON:-/usr/bin/python3}" "$here/grequests_style.py" "$work/urls.txt" 64
for t in $transports; do
  timed "salvo fetch --transport $t" "$root/salvo" fetch "$work/urls.txt" --concurrency 64 --transport "$t"
done
