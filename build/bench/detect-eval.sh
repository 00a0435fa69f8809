#!/bin/sh
# Issue 6's detector evaluation (docs/DETECTION.md): recall per injected actor kind and false findings
# per million benign transactions, on captures written by the seeded generator and read by the whole
# ingest pipeline. Arguments are passed to DetectionEvaluation after the main table's, so they override it. The main table of
# docs/DETECTION.md: seeds 1..5, every variation at 20 000 background transactions, and per seed two
# captures of 100 000 benign transactions (dense, and over six hours).
#   build/bench/detect-eval.sh                       # the main table
#   build/bench/detect-eval.sh --seeds 6,7 --variations none --benign 1000000   # the 1 M captures
#   build/bench/detect-eval.sh --seeds 1 --benign 0  # a quick look
#   build/bench/detect-eval.sh --public testdata/pcaps
# Captures go to a temporary directory under ${TMPDIR:-/tmp} and are deleted after each run.
set -eu
cd "$(dirname "$0")/../.."
CP_FILE="${TMPDIR:-/tmp}/dnslens-detect-eval-cp.txt"
./mvnw -B -q -pl engine -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test
# Options given later win, so "--details" alone keeps the main table's sizes.
exec java -Xmx2g -cp "engine/target/test-classes:engine/target/classes:$(cat "$CP_FILE")" \
  org.dnslens.engine.detect.eval.DetectionEvaluation --work-dir "${TMPDIR:-/tmp}" \
  --seeds 1..5 --actor-benign 20000 --benign 100000 "$@"
