#!/usr/bin/env bash
# Export benchmarks (docs/EXPORT.md "Benchmark", docs/PERFORMANCE.md "Export"):
#   1. records/s of `dnslens export --case` as NDJSON, msgpack and ECS over a 1 M-transaction case;
#   2. Kafka delivery (acks=all) to a local single-node KRaft broker on loopback, per compression codec.
# Every run reports wall time, the process's CPU time (user+sys) and the load average before/after,
# because the machine is shared. The broker runs in its own JVM from Maven Central jars (as in
# KafkaDeliveryTest); its CPU time is reported separately.
#
# Usage: build/bench/export.sh [CAPTURE]   (default /tmp/bench/gen1m.pcap)
# Env:   JAR (default app-cli/target/dnslens-cli.jar, built when absent), BENCH_DIR (default /tmp/export/bench; the case and outputs go there and big outputs are deleted),
#        FORMATS (default "json msgpack ecs"; empty: no export runs), CODECS (default "none lz4 zstd"), KAFKA_LIMIT (default: all),
#        SKIP_KAFKA=1.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
capture="${1:-/tmp/bench/gen1m.pcap}"
work="${BENCH_DIR:-/tmp/export/bench}"
formats="${FORMATS-json msgpack ecs}"
codecs="${CODECS-none lz4 zstd}"
jar="${JAR:-$here/app-cli/target/dnslens-cli.jar}"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
mkdir -p "$work"
results="$work/results.md"

if [ ! -f "$jar" ]; then
  (cd "$here" && ./mvnw -B -q -o -DskipTests -Dmaven.javadoc.skip=true -pl app-cli -am package)
fi

load() { cut -d' ' -f1-3 /proc/loadavg; }

# measure LABEL COUNT CMD... : one table row with wall, CPU, rate (COUNT / wall) and load.
measure() {
  local label="$1" count="$2"; shift 2
  local before after
  before="$(load)"
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" > "$work/cmd.out" 2> "$work/cmd.err" || {
    echo "FAILED: $label" >&2; tail -5 "$work/cmd.err" >&2; return 1; }
  after="$(load)"
  read -r wall user sys rss < "$work/time.txt"
  local cpu rate
  cpu="$(echo "$user + $sys" | bc)"
  rate="$(echo "$count / $wall" | bc)"
  printf '| %s | %s s | %s s | %s/s | %s MB | %s → %s |\n' "$label" "$wall" "$cpu" "$rate" "$((rss / 1024))" "$before" "$after" | tee -a "$results"
}

echo "## $(date -u +%FT%TZ) $(nproc) CPUs, capture $capture" | tee -a "$results"
echo "| run | wall | CPU (user+sys) | rate | max RSS | load 1/5/15 before → after |" | tee -a "$results"
echo "|---|---|---|---|---|---|" | tee -a "$results"

case_file="$work/case1m"
if [ ! -f "$case_file.mv.db" ]; then
  measure "ingest (capture → case)" 1000000 "$java_bin" -jar "$jar" ingest --case "$case_file" "$capture"
fi
n="${KAFKA_LIMIT:-1000000}"
if [ -n "$formats" ] || [ -z "${KAFKA_LIMIT:-}" ]; then
  n="$("$java_bin" -jar "$jar" info --case "$case_file" | awk '/^transactions/ {gsub(",", "", $2); print $2; exit}')"
  echo "case: $n transactions" | tee -a "$results"
fi

for f in $formats; do
  out="$work/out.$f"
  measure "export --format $f" "$n" "$java_bin" -jar "$jar" export --case "$case_file" --format "$f" -o "$out"
  echo "  output $(du -m "$out" | cut -f1) MB" | tee -a "$results"
  rm -f "$out"
done

[ "${SKIP_KAFKA:-0}" = 1 ] && exit 0

# A KRaft broker from the engine's test class path (org.apache.kafka:kafka_2.13, Maven Central).
cp_file="$work/kafka.cp"
if [ ! -s "$cp_file" ]; then
  (cd "$here" && ./mvnw -B -q -o -pl engine -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file")
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port="$(free_port)"; ctl="$(free_port)"
kdir="$work/kafka"; rm -rf "$kdir"; mkdir -p "$kdir"
cat > "$kdir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$ctl
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$ctl
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$kdir/data
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
PROPS
"$java_bin" -Xmx1g -cp "$(cat "$cp_file")" kafka.tools.StorageTool format -t "$(uuidgen 2>/dev/null || python3 -c 'import uuid,base64;print(base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("="))')" -c "$kdir/server.properties" > "$kdir/format.out" 2>&1
"$java_bin" -Xmx1g -cp "$(cat "$cp_file")" kafka.Kafka "$kdir/server.properties" > "$kdir/broker.out" 2>&1 &
broker=$!
trap 'kill "$broker" 2>/dev/null || true; wait "$broker" 2>/dev/null || true; rm -rf "$kdir/data"' EXIT
for _ in $(seq 1 600); do
  (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.2
done
ticks() { awk '{print $14 + $15}' "/proc/$broker/stat"; }
hz="$(getconf CLK_TCK)"
limit_args=(); kn="$n"
if [ -n "${KAFKA_LIMIT:-}" ]; then limit_args=(--limit "$KAFKA_LIMIT"); kn="$KAFKA_LIMIT"; fi
for codec in $codecs; do
  t0="$(ticks)"
  measure "Kafka acks=all compression=$codec" "$kn" "$java_bin" -jar "$jar" export --case "$case_file" "${limit_args[@]}" \
    --kafka "127.0.0.1:$port" --kafka-topic "bench-$codec" --kafka-compression "$codec" --spill "$work/spill-$codec.ndjson"
  t1="$(ticks)"
  echo "  broker CPU $(echo "scale=1; ($t1 - $t0) / $hz" | bc) s; $(grep -h 'sent' "$work/cmd.err" | tail -1); log size $(du -sm "$kdir/data" | cut -f1) MB" | tee -a "$results"
done
