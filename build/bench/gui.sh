#!/usr/bin/env bash
# GUI benchmark: the real window headless (Monocle) on a case: open -> first rows shown, page fetches
# (time order and newest first), filter latency, a column sort. Prints wall and process CPU time per step
# and the load average. Usage: build/bench/gui.sh CASE.mv.db   (build a case with: dnslens ingest --case X cap.pcap)
# JAVA_OPTS (e.g. -Xmx4g) is passed to the JVM.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
case_file="${1:?usage: build/bench/gui.sh CASE.mv.db}"
[ -f "$case_file" ] || case_file="$case_file.mv.db"
[ -f "$case_file" ] || { echo "no case at $1" >&2; exit 2; }
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
# Compile app-gui's tests (the benchmark lives there) and write its test class path; sibling modules
# resolve to their target/classes in the reactor, so nothing is installed into ~/.m2.
"$here/mvnw" -q -B -o -pl app-gui -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >&2
cp="$here/app-gui/target/test-classes:$here/app-gui/target/classes:$(cat "$cp_file")"
exec java ${JAVA_OPTS:-} -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw \
  -Dheadless.geometry=1600x1000-32 -Djava.awt.headless=true \
  -cp "$cp" org.dnslens.gui.bench.GuiBenchmark "$case_file"
