#!/usr/bin/env bash
# Load benchmark of the web app: concurrent POST /api/advise on loopback with wrk; prints throughput, p50 and p99,
# latency, 503 answers (load shed) and other errors. Not a test: run it by hand. Needs wrk (apt-get install -y wrk).
#
#   tests/bench/load.sh [-t THREADS] [-c CONNECTIONS] [-d DURATION] [-w WARMUP] [-e ENDPOINT] [SCENARIO]
#
# Defaults: 2 threads, 8 connections, 30s after a 10s warm-up, /api/advise, the built-in default scenario.
# tests/bench/load.sh -o [OVERLOAD ARGS] runs the overload profile instead (tests/bench/overload.sh: 200 clients on
# /api/advise and /api/estimate, a 1 MB-body burst, catalog GETs throughout, the server's RSS).
set -euo pipefail
if [ "${1:-}" = "-o" ]; then
  shift
  exec "$(dirname "${BASH_SOURCE[0]}")/overload.sh" "$@"
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
threads=2 connections=8 duration=30s warmup=10s endpoint=/api/advise
while getopts "t:c:d:w:e:" opt; do
  case "$opt" in
    t) threads="$OPTARG" ;; c) connections="$OPTARG" ;; d) duration="$OPTARG" ;;
    w) warmup="$OPTARG" ;; e) endpoint="$OPTARG" ;;
    *) sed -n '2,8p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
scenario="${1:-$root/web/src/main/resources/default-scenario.yaml}"
command -v wrk >/dev/null || { echo "load.sh: wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }
[ -f "$scenario" ] || { echo "load.sh: no scenario file '$scenario'" >&2; exit 2; }

jar="$root/web/target/ridgeline.jar"
if [ ! -f "$jar" ]; then
  echo "load.sh: building $jar" >&2
  (cd "$root" && mvn -B -q -DskipTests -pl web -am package)
fi

log="$(mktemp)"
java ${RIDGELINE_JAVA_OPTS:-} -jar "$jar" serve --host 127.0.0.1 --port 0 >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$log"' EXIT
url=""
for _ in $(seq 1 240); do
  url="$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1 || true)"
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; echo "load.sh: the server did not start" >&2; exit 1; }
  sleep 0.5
done
[ -n "$url" ] || { cat "$log" >&2; echo "load.sh: the server did not start in 120 s" >&2; exit 1; }

status="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/yaml' \
  --data-binary @"$scenario" "$url$endpoint")"
[ "$status" = 200 ] || { echo "load.sh: $endpoint answers HTTP $status for $scenario" >&2; exit 1; }

export RIDGELINE_BENCH_BODY="$scenario"
echo "server $url (pid $server); $endpoint with $(basename "$scenario"); $(nproc) CPUs" >&2
echo "warm-up: $warmup, $threads threads, $connections connections" >&2
wrk -t"$threads" -c"$connections" -d"$warmup" --timeout 60s -s "$root/tests/bench/post.lua" "$url$endpoint" >/dev/null
echo "measured: $duration, $threads threads, $connections connections" >&2
wrk -t"$threads" -c"$connections" -d"$duration" --timeout 60s --latency -s "$root/tests/bench/post.lua" "$url$endpoint"
