#!/usr/bin/env bash
# JMH: inference and training bills per second, warm advise calls per second. Prints JMH's table.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -DskipTests -pl tests -am install >/dev/null
mvn -B -q -pl tests dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp >/dev/null   # written under tests/
cp="tests/target/test-classes:tests/target/classes:$(cat tests/target/bench.cp)"
exec java -cp "$cp" -Dridgeline.examples=examples org.openjdk.jmh.Main "${@:-AdvisorBenchmark}"
