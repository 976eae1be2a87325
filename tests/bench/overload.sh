#!/usr/bin/env bash
# Overload benchmark of the web app on loopback, as the hardening goal states it: 200 clients for DURATION (default
# 60 s) at once, half on POST /api/advise and half on POST /api/estimate (wrk), a catalog GET every half second
# throughout, then a burst of 100 concurrent bodies just under the 1,000,000-byte limit and 20 just over it. Prints
# throughput, p50, p99, 503 answers apart from other errors, the slowest catalog GET, and the server's RSS before,
# after and at its peak. Goal on the 2-core machine: no error other than 503, RSS under 1 GB, every catalog GET
# under 1 s. Not a test: run it by hand; it stops by itself. Needs wrk and curl.
#
#   tests/bench/overload.sh [-c CLIENTS] [-d DURATION]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
clients=200 duration=60s
while getopts "c:d:" opt; do
  case "$opt" in
    c) clients="$OPTARG" ;; d) duration="$OPTARG" ;;
    *) sed -n '2,9p' "$0" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "overload.sh: wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }
scenario="$root/web/src/main/resources/default-scenario.yaml"
jar="$root/web/target/ridgeline.jar"
if [ ! -f "$jar" ]; then
  echo "overload.sh: building $jar" >&2
  (cd "$root" && mvn -B -q -DskipTests -pl web -am package)
fi
work="$(mktemp -d)"
# the server as the launcher starts it: a 1 GiB heap unless RIDGELINE_JAVA_OPTS says otherwise
java ${RIDGELINE_JAVA_OPTS:--Xmx1g} -jar "$jar" serve --host 127.0.0.1 --port 0 >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
url=""
for _ in $(seq 1 240); do
  url="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.log" | head -1 || true)"
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; echo "overload.sh: the server did not start" >&2; exit 1; }
  sleep 0.5
done
[ -n "$url" ] || { echo "overload.sh: the server did not start in 120 s" >&2; exit 1; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }
peak() { awk '/^VmHWM/ {print $2}' "/proc/$server/status"; }
mb() { awk -v k="$1" 'BEGIN {printf "%.0f MB", k * 1024 / 1e6}'; }

# one warm call of each endpoint, then the resting RSS
for ep in /api/advise /api/estimate; do
  curl -s -o /dev/null -X POST -H 'Content-Type: application/yaml' --data-binary @"$scenario" "$url$ep"
done
before="$(rss)"

# a catalog GET every 0.5 s until told to stop; its slowest answer and any status but 200
( while [ ! -f "$work/stop" ]; do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 30 "$url/api/catalog/gpus" >>"$work/gets"
    sleep 0.5
  done ) &
prober=$!

export RIDGELINE_BENCH_BODY="$scenario"
half=$((clients / 2))
echo "server $url (pid $server), $(nproc) CPUs; $clients clients for $duration: $half on /api/advise, $((clients - half)) on /api/estimate" >&2
wrk -t2 -c"$half" -d"$duration" --timeout 120s --latency -s "$root/tests/bench/post.lua" "$url/api/advise" >"$work/advise" &
a=$!
wrk -t2 -c"$((clients - half))" -d"$duration" --timeout 120s --latency -s "$root/tests/bench/post.lua" "$url/api/estimate" >"$work/estimate" &
e=$!
wait "$a" "$e"
after_load="$(rss)"

# the burst: 100 bodies of 999,000 bytes (the scenario and a long description) at once, then 20 of 1,000,500
python3 - "$scenario" "$work" <<'PY'
import sys
base = open(sys.argv[1]).read()
for name, size in (("under", 999_000), ("over", 1_000_500)):
    pad = size - len(base.encode()) - len('description: ""\n')
    open(f"{sys.argv[2]}/{name}.yaml", "w").write(base + 'description: "' + "x" * pad + '"\n')
PY
burst() { # count bodies of file $1, $2 of them at once: the statuses and the slowest answer
  seq "$2" | xargs -P "$2" -I{} curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 120 -X POST \
    -H 'Content-Type: application/yaml' --data-binary @"$1" "$url/api/estimate" | sort | awk '
    {n[$1]++; if ($2 > max) max = $2} END {for (s in n) printf "%s x%d  ", s, n[s]; printf "(slowest %.2f s)\n", max}'
}
start=$(date +%s.%N)
under="$(burst "$work/under.yaml" 100)"
over="$(burst "$work/over.yaml" 20)"
burst_s=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
touch "$work/stop"; wait "$prober" 2>/dev/null || true
after="$(rss)"

echo
echo "== /api/advise ($half clients)"; grep -A9 -- '-- ridgeline load benchmark --' "$work/advise" | tail -n +2
echo "== /api/estimate ($((clients - half)) clients)"; grep -A9 -- '-- ridgeline load benchmark --' "$work/estimate" | tail -n +2
echo "== burst of 1 MB bodies ($burst_s s in all)"
echo "100 x 999,000 B:   $under"
echo "20 x 1,000,500 B:  $over"
echo "== catalog GET every 0.5 s throughout"
awk '{n++; if ($1 != 200) bad++; if ($2 > max) max = $2} END {printf "%d GETs, %d not 200, slowest %.3f s\n", n, bad, max}' "$work/gets"
echo "== server RSS: before $(mb "$before"), after the clients $(mb "$after_load"), after the burst $(mb "$after"), peak $(mb "$(peak)")"
