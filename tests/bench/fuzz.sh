#!/usr/bin/env bash
# Hostile-input fuzzing at scale: N seeded mutated scenarios (default 100,000, seeds from 1,000,000 so they differ from
# the 2,000 the tests run) through estimate and audit, 1 in 25 through advise, 1 in 100 through search. Prints refusals,
# answers, contract violations and cases per second; exits 1 on a violation. Not a test: run it by hand.
#
#   tests/bench/fuzz.sh [CASES] [FIRST_SEED]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -DskipTests -pl tests -am install >/dev/null
mvn -B -q -pl tests dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp >/dev/null   # written under tests/
cp="tests/target/test-classes:tests/target/classes:$(cat tests/target/bench.cp)"
exec java ${RIDGELINE_JAVA_OPTS:--Xmx4g} -cp "$cp" -Dridgeline.examples=examples io.ridgeline.tests.bench.FuzzBenchmark "$@"
