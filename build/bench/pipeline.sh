#!/usr/bin/env bash
# Reproduces the pipeline table of docs/PERFORMANCE.md ("The whole pipeline"): dnslens bench stage by
# stage, `dnslens read` to NDJSON end to end under /usr/bin/time, and tshark -T fields / -T ek on the
# same captures. Run it on a quiet machine; it prints the load average beside every figure, because on
# a shared machine wall times mean little (compare CPU: thread CPU from bench, user+sys from time).
#
# Usage: build/bench/pipeline.sh [CAPTURE_1M] [CAPTURE_100K]
#   CAPTURE_1M    the 1 M-transaction capture (default /tmp/bench/gen1m.pcap; generated if missing)
#   CAPTURE_100K  a 100 k-transaction capture for tshark -T ek, which is slow (default: generated)
# Environment: OUT (scratch directory, default /tmp/dnslens-bench; the 1.1 GB NDJSON is deleted at the
# end), SKIP_TSHARK=1 to leave tshark out, REPEAT (bench runs per stage, best kept; default 3),
# JAVA_OPTS (default -Xmx256m: the heap the memory target names).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="${OUT:-/tmp/dnslens-bench}"
REPEAT="${REPEAT:-3}"
JAVA_OPTS="${JAVA_OPTS:--Xmx256m}"
CAP1M="${1:-/tmp/bench/gen1m.pcap}"
CAP100K="${2:-$OUT/gen100k.pcap}"
JAR="$ROOT/app-cli/target/dnslens-cli.jar"
mkdir -p "$OUT"

note() { printf '\n== %s — %s UTC — load average %s\n' "$1" "$(date -u +%H:%M:%S)" "$(cut -d' ' -f1-3 /proc/loadavg)"; }

if [[ ! -f "$JAR" ]]; then
  note "building the CLI jar"
  (cd "$ROOT" && ./mvnw -B -q -o -pl app-cli -am package -DskipTests)
fi
if [[ ! -f "$CAP1M" ]]; then
  CAP1M="$OUT/gen1m.pcap"
  note "generating $CAP1M (seed 1, 1 M transactions)"
  java -cp "$JAR" org.dnslens.testdata.gen.GenerateCaptureMain --out "$CAP1M" --seed 1 --transactions 1000000
fi
if [[ ! -f "$CAP100K" ]]; then
  note "generating $CAP100K (seed 3, 100 k transactions)"
  java -cp "$JAR" org.dnslens.testdata.gen.GenerateCaptureMain --out "$CAP100K" --seed 3 --transactions 100000
fi

lscpu | grep -E '^(Model name|CPU\(s\))' || true
java -version 2>&1 | head -1

# 1. Stages on one thread, each adding one step, then the 2-thread pipeline (NDJSON to a null stream).
note "dnslens bench (best of $REPEAT per stage)"
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$JAR" bench "$CAP1M" --repeat "$REPEAT" --stages read,decode,dns,pairing,json,pipeline
note "bench done"

# 2. End to end: dnslens read to an NDJSON file (what an analyst runs).
note "dnslens read $CAP1M -o NDJSON"
# shellcheck disable=SC2086
/usr/bin/time -f 'read: %e s wall, %U s user, %S s sys, max RSS %M KB' \
  java $JAVA_OPTS -jar "$JAR" read "$CAP1M" -o "$OUT/read.ndjson"
ls -l "$OUT/read.ndjson"
rm -f "$OUT/read.ndjson"
note "read done"

# 3. Peers on the same files.
if [[ "${SKIP_TSHARK:-0}" != 1 ]] && command -v tshark >/dev/null; then
  note "tshark -T fields on $CAP1M"
  /usr/bin/time -f 'tshark -T fields: %e s wall, %U s user, %S s sys, max RSS %M KB' \
    tshark -r "$CAP1M" -T fields -e frame.number -e dns.id -e dns.qry.name -e dns.qry.type \
    -e dns.flags.rcode -e dns.a -e dns.aaaa >/dev/null
  note "tshark -T ek on $CAP100K"
  /usr/bin/time -f 'tshark -T ek: %e s wall, %U s user, %S s sys, max RSS %M KB' \
    tshark -r "$CAP100K" -T ek >/dev/null
  note "dnslens read on $CAP100K (same file as -T ek)"
  # shellcheck disable=SC2086
  /usr/bin/time -f 'read 100k: %e s wall, %U s user, %S s sys, max RSS %M KB' \
    java $JAVA_OPTS -jar "$JAR" read "$CAP100K" -o /dev/null
  note "peers done"
else
  echo "tshark skipped (SKIP_TSHARK=1 or not installed: apt-get install -y tshark)"
fi
