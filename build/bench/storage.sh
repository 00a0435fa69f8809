#!/usr/bin/env bash
# The case-database benchmark, one command (docs/STORAGE.md, docs/PERFORMANCE.md "Case database"):
#   1. ingest of the 1 M-transaction capture into a fresh case through the real CLI: wall, CPU (user+sys),
#      transactions/s, records/s, case size;
#   2. a 10 M-transaction case: the same capture plus 9 more generated 1 M captures (seeds 2..10, same
#      generator and defaults as gen1m, so the time spans overlap like 10 sensors of one hour), each
#      ingested through the CLI into the same case (each capture is deleted after its ingest);
#   3. SearchBench medians (exact name, subdomain, IP, CIDR, client, time window, keyset page, passive DNS)
#      on the 1 M and the 10 M case.
# Usage: build/bench/storage.sh [--skip-10m]      Environment: WORK (scratch dir), PCAP (the 1 M capture),
#   GEN_DIR (optional: where gen1m-seed2..10.pcap were generated beforehand; kept after use).
# Report CPU time and the load average beside wall times: wall means little on a loaded machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=${WORK:-/tmp/dnslens-storage-bench}
PCAP=${PCAP:-/tmp/bench/gen1m.pcap}
SKIP10M=${1:-}
JAR=app-cli/target/dnslens-cli.jar
if [ ! -f "$JAR" ] || [ ! -d storage/target/test-classes/org/dnslens/storage/bench ]; then
  ./mvnw -B -q -o -pl app-cli -am package -DskipTests
  ./mvnw -B -q -o -pl storage -am test-compile
fi
CP="storage/target/test-classes:$JAR"
mkdir -p "$WORK"

ingest() { # case capture label
  local t="$WORK/time.txt"
  echo "== ingest $3 ($(uptime | sed 's/.*load/load/'))"
  /usr/bin/time -v java -jar "$JAR" ingest --case "$1" "$2" 2>"$t.err" | tail -1 || { cat "$t.err"; exit 1; }
  grep -v 'ETA' "$t.err" | grep -E 'ingested|Elapsed|User time|System time|Maximum resident' || true
  local wall user sys tx rec
  wall=$(grep 'Elapsed' "$t.err" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  user=$(grep 'User time' "$t.err" | awk '{print $NF}')
  sys=$(grep 'System time' "$t.err" | awk '{print $NF}')
  java -jar "$JAR" info --case "$1" --format json > "$WORK/info.json"
  tx=$(grep -o '"transactions" *: *[0-9]*' "$WORK/info.json" | head -1 | grep -o '[0-9]*$')
  rec=$(grep -o '"records" *: *[0-9]*' "$WORK/info.json" | head -1 | grep -o '[0-9]*$')
  awk -v w="$wall" -v u="$user" -v s="$sys" -v tx="$tx" -v rec="$rec" -v size="$(stat -c %s "$1.mv.db")" 'BEGIN {
    printf "   case now %d transactions, %d records; this ingest: %.1f s wall, %.1f s CPU (user+sys)\n", tx, rec, w, u + s;
    printf "   case size %.1f MB = %.1f MB per 1 M transactions\n", size / 1e6, size / 1e6 / (tx / 1e6) }'
  echo "   ($(uptime | sed 's/.*load/load/') after)"
}

# 1. 1 M into a fresh case
rm -rf "$WORK/c1m" && mkdir -p "$WORK/c1m"
ingest "$WORK/c1m/case" "$PCAP" "1M $(basename "$PCAP")"

echo "   transactions/s and records/s: divide the counts above by the wall time (or CPU time)."

echo "== search, 1 M case"
java -cp "$CP" org.dnslens.storage.bench.SearchBench "$WORK/c1m/case"

if [ "$SKIP10M" = "--skip-10m" ]; then
  exit 0
fi

# 2. 10 M: copy the 1 M case, then 9 more differently seeded 1 M captures
rm -rf "$WORK/c10m" && mkdir -p "$WORK/c10m"
cp "$WORK/c1m/case.mv.db" "$WORK/c10m/case.mv.db"
for seed in 2 3 4 5 6 7 8 9 10; do
  # GEN_DIR: captures generated beforehand (gen1m-seedN.pcap, same command as below) are used and kept.
  cap="${GEN_DIR:-$WORK}/gen1m-seed$seed.pcap"
  keep=${GEN_DIR:+yes}
  if [ ! -f "$cap" ]; then
    cap="$WORK/gen1m-seed$seed.pcap"; keep=
    java -cp "$JAR" org.dnslens.testdata.gen.GenerateCaptureMain --out "$cap" --seed "$seed" \
      --transactions 1000000 | tail -1
  fi
  ingest "$WORK/c10m/case" "$cap" "seed $seed into the 10 M case"
  [ -n "$keep" ] || rm -f "$cap"
done

echo "== search, 10 M case"
java -cp "$CP" org.dnslens.storage.bench.SearchBench "$WORK/c10m/case"
