#!/usr/bin/env bash
# Cold start: fresh JVMs through the ./advisor launcher, from process start to exit; prints each run and the median.
# Not a test: run it by hand.
#
#   tests/bench/cold-start.sh [-n RUNS] [ADVISOR ARGS...]
#
# Defaults: 5 runs of `advisor advise` (the built-in default scenario). Other commands time the same way, e.g.
#   tests/bench/cold-start.sh advise examples/fleet.yaml --json
#   tests/bench/cold-start.sh advise --rules rules/src/main/drl      (a rule folder compiled at run time)
#   tests/bench/cold-start.sh catalog gpus
# `serve` times process start to the first HTTP 200 of GET / on a free loopback port (needs curl), then stops it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs=5
while getopts "n:" opt; do
  case "$opt" in
    n) runs="$OPTARG" ;;
    *) sed -n '2,11p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ "$#" -gt 0 ] || set -- advise
cd "$root"
./advisor --version >/dev/null   # builds the jar and its class-data archive if needed, outside the timing

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

serve_once() {
  command -v curl >/dev/null || { echo "cold-start.sh: serve needs curl" >&2; exit 2; }
  local port pid start t
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  start=$(now_ms)
  ./advisor "$@" --port "$port" >/dev/null 2>&1 &
  pid=$!
  until curl -s -o /dev/null -f "http://127.0.0.1:$port/"; do
    kill -0 "$pid" 2>/dev/null || { echo "cold-start.sh: the server exited before answering" >&2; exit 1; }
    sleep 0.02
  done
  t=$(( $(now_ms) - start ))
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "$t"
}

times=()
for i in $(seq 1 "$runs"); do
  if [ "$1" = "serve" ]; then
    t=$(serve_once "$@")
    what="process start to the first HTTP 200"
  else
    start=$(now_ms)
    ./advisor "$@" >/dev/null
    t=$(( $(now_ms) - start ))
    what="process start to exit"
  fi
  times+=("$t")
  echo "run $i: $t ms ($what, advisor $*)"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}')
echo "median of $runs: $median ms (advisor $*)"
