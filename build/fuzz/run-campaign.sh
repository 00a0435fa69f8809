#!/usr/bin/env bash
# A fuzzing campaign with the standalone Jazzer driver: each target in turn for SECONDS seconds
# (default 600), seeded from testdata/pcaps. Logs and grown corpora go to $WORK (default
# /tmp/dnslens-fuzz). Usage: build/fuzz/run-campaign.sh [SECONDS] [target-name ...]
# Targets: pcap detect pcapng gzip decode tcp dns dnstap ioc. Prerequisite: ./mvnw -B -q -pl engine -am test-compile
# Runs at the lowest CPU priority (NICE, default 19): the build machine is shared. RUNS (default: no
# limit) stops a target after that many executions, before SECONDS if it is faster.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_TARGET=${1:-600}
shift || true
TARGETS=("${@:-pcap detect pcapng gzip decode tcp dns dnstap ioc}")
read -r -a TARGETS <<< "${TARGETS[*]}"
WORK=${WORK:-/tmp/dnslens-fuzz}
M2=${M2:-$HOME/.m2/repository}
JZ=0.24.0
mkdir -p "$WORK"
# Snapshot the classes so a rebuild in the worktree does not change them under a running fuzzer.
rm -rf "$WORK/classes" "$WORK/test-classes"
cp -r engine/target/classes "$WORK/classes"
cp -r engine/target/test-classes "$WORK/test-classes"
jar() { find "$M2/$1" -name "$2-[0-9]*.jar" ! -name '*sources*' | sort | tail -1; }
CP="$WORK/classes:$WORK/test-classes"
for j in "com/code-intelligence/jazzer jazzer" "com/code-intelligence/jazzer-api jazzer-api" \
         "dnsjava/dnsjava dnsjava" "org/slf4j/slf4j-api slf4j-api" "com/google/guava/guava guava" \
         "org/assertj/assertj-core assertj-core" "net/bytebuddy/byte-buddy byte-buddy" \
         "com/fasterxml/jackson/core/jackson-core jackson-core" "org/pcap4j/pcap4j-core pcap4j-core" \
         "com/google/protobuf/protobuf-java protobuf-java" \
         "net/jqwik/jqwik-api jqwik-api" "net/jqwik/jqwik-engine jqwik-engine" "org/opentest4j/opentest4j opentest4j"; do
  set -- $j
  CP="$CP:$(jar "$1" "$2")"
done
if [ ! -d "$WORK/seeds" ]; then
  java -cp "$CP" org.dnslens.engine.decode.FuzzSeedWriter testdata/pcaps "$WORK/seeds"
fi
R=engine/src/test/resources/org/dnslens/engine
declare -A CLASS=(
  [pcap]=org.dnslens.engine.capture.PcapReaderFuzzTest#readsAnyBytes
  [detect]=org.dnslens.engine.capture.CaptureDetectionFuzzTest#opensAnyBytes
  [pcapng]=org.dnslens.engine.capture.PcapngReaderFuzzTest#readsAnyBytes
  [gzip]=org.dnslens.engine.capture.GzipCaptureFuzzTest#readsAnyGzipBytes
  [decode]=org.dnslens.engine.decode.PacketDecoderFuzzTest#decode
  [tcp]=org.dnslens.engine.decode.TcpDnsReassemblerFuzzTest#segmentsOfOneFlow
  [dns]=org.dnslens.engine.dns.DnsMessageDecoderFuzzTest#decodesAnyBytes
  [dnstap]=org.dnslens.engine.dnstap.DnstapReaderFuzzTest#readsAnyBytes
  [ioc]=org.dnslens.engine.ioc.IocListReaderFuzzTest#readAnyBytes)
declare -A INPUTS=(
  [pcap]=$R/capture/PcapReaderFuzzTestInputs/readsAnyBytes
  [detect]=$R/capture/CaptureDetectionFuzzTestInputs/opensAnyBytes
  [pcapng]=$R/capture/PcapngReaderFuzzTestInputs/readsAnyBytes
  [gzip]=$R/capture/GzipCaptureFuzzTestInputs/readsAnyGzipBytes
  [decode]=$R/decode/PacketDecoderFuzzTestInputs/decode
  [tcp]=$R/decode/TcpDnsReassemblerFuzzTestInputs/segmentsOfOneFlow
  [dns]=$R/dns/DnsMessageDecoderFuzzTestInputs/decodesAnyBytes
  [dnstap]=$R/dnstap/DnstapReaderFuzzTestInputs/readsAnyBytes
  [ioc]=$R/ioc/IocListReaderFuzzTestInputs/readAnyBytes)
# Seeds beyond the inputs directories: detection reads the capture seeds; dnstap and IOC lists have
# their public files (dnstap captures of testdata/pcaps, the IOC list examples beside the IOC tests).
declare -A EXTRA_SEEDS=(
  [detect]="$WORK/seeds/pcap"
  [dnstap]="$(find testdata/pcaps -iname '*dnstap*' -type f -size -256k | tr '\n' ' ')"
  [ioc]="$(ls $R/ioc/*.txt $R/ioc/*.csv $R/ioc/*.json 2>/dev/null | tr '\n' ' ')")
# Longest input: big enough for what each decoder bounds (a 64 KiB DNS message, a 64 KiB block, a 65 535-byte
# TCP message from the tcp target's repeat flag, which makes at most 32 bytes per input byte), small enough
# that one input stays cheap.
declare -A MAX_LEN=([pcap]=16384 [detect]=16384 [pcapng]=16384 [gzip]=16384 [decode]=8192 [tcp]=4096
  [dns]=65536 [dnstap]=16384 [ioc]=16384)
for t in "${TARGETS[@]}"; do
  corpus="$WORK/corpus/$t"
  mkdir -p "$corpus" "$WORK/findings/$t"
  cp -n "$WORK/seeds/$t"/* "$corpus"/ 2>/dev/null || true
  cp -n "${INPUTS[$t]}"/* "$corpus"/ 2>/dev/null || true
  for e in ${EXTRA_SEEDS[$t]:-}; do
    if [ -d "$e" ]; then cp -n "$e"/* "$corpus"/ 2>/dev/null || true; else cp -n "$e" "$corpus"/ 2>/dev/null || true; fi
  done
  echo "== $t ${CLASS[$t]} $(date -u +%FT%TZ) seeds=$(ls "$corpus" | wc -l)"
  nice -n "${NICE:-19}" java -Xmx1g -Ddnslens.fuzz.target="${CLASS[$t]}" -cp "$CP" com.code_intelligence.jazzer.Jazzer \
    --target_class=org.dnslens.engine.fuzz.StandaloneFuzzTarget \
    --instrumentation_includes='org.dnslens.**' --reproducer_path="$WORK/findings/$t" \
    -max_total_time="$SECONDS_PER_TARGET" -max_len="${MAX_LEN[$t]}" -rss_limit_mb=2048 -timeout=300 \
    -artifact_prefix="$WORK/findings/$t/" -print_final_stats=1 ${RUNS:+-runs=$RUNS} \
    "$corpus" > "$WORK/$t.log" 2>&1 || echo "exit $? (see $WORK/$t.log)"
  grep -E 'stat::number_of_executed_units|stat::new_units_added|stat::peak_rss|Done [0-9]+ runs' "$WORK/$t.log" || tail -5 "$WORK/$t.log"
done
