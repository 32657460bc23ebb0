#!/usr/bin/env bash
# Scores every answer method on the corpus (corpus/tables), held out by data set, and writes
# corpus/results/evaluation.md, evaluation.json and answers.csv.gz. Builds benchmarks.jar when it
# is missing or older than the sources. Extra flags go to the harness, e.g. --threads 2,
# --bootstrap 200, --methods auto,pow3 (see CorpusHarness).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JAR=benchmarks/target/benchmarks.jar
if [ ! -f "$JAR" ] || [ -n "$(find engine/src/main benchmarks/src/main models/src native-config/src \
    pom.xml engine/pom.xml benchmarks/pom.xml -newer "$JAR" -print -quit 2>/dev/null)" ]; then
  echo "evaluate: building benchmarks.jar..." >&2
  ./mvnw -B -q -pl benchmarks -am -DskipTests -Dspotless.check.skip=true package >&2
fi
exec java -cp "$JAR" org.samplesize.benchmarks.corpus.CorpusHarness \
  --corpus corpus/tables --out corpus/results "$@"
