#!/usr/bin/env bash
# The pretraining loop against the training search on N generated scenarios (default 60, seeds from 0): the days
# ratio advised / search's fastest (median, p90, max, within 1.05x), scenarios the loop calls infeasible where the
# search finds a layout, and designs called feasible over a limit (exits 1 on one). OBJECTIVE cost ranks by the run's
# cost instead (the ratio is the advised cost over the search's cheapest; each advice is also checked against the
# default objective's, which it must not cost more than: exits 1 on one). Not a test: run it by hand.
#
#   tests/bench/training-gaps.sh [CASES] [FIRST_SEED] [OBJECTIVE]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -DskipTests -pl tests -am install >/dev/null
mvn -B -q -pl tests dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp >/dev/null   # written under tests/
cp="tests/target/test-classes:tests/target/classes:$(cat tests/target/bench.cp)"
exec java ${RIDGELINE_JAVA_OPTS:--Xmx4g} -cp "$cp" io.ridgeline.tests.bench.TrainingGapBenchmark "$@"
