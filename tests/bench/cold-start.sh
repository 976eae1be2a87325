#!/usr/bin/env bash
# Cold start: a fresh JVM from process start to the first answer of `advisor advise`, five runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
./advisor --version >/dev/null   # builds the jar and its class-data archive if needed, outside the timing
for i in 1 2 3 4 5; do
  start=$(date +%s%N)
  ./advisor advise examples/fleet.yaml --json >/dev/null
  end=$(date +%s%N)
  echo "run $i: $(( (end - start) / 1000000 )) ms (process start to exit, advise examples/fleet.yaml)"
done
