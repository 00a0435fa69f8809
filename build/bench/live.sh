#!/usr/bin/env bash
# Live benchmarks of docs/LIVE.md and docs/PERFORMANCE.md, in one script:
#  (a) replay: tcpreplay sends the first $PACKETS packets of $PCAP at each rate of $RATES (packets/s; 0 =
#      --topspeed) onto one end of a veth pair inside a private network namespace, while
#      `dnslens capture` listens on the other end; reports pcap_stats drops, queue drops and DNS messages
#      against the truth (`dnslens read` of the same packets). Nothing leaves the namespace.
#  (b) dnstap: $FRAMES generated CLIENT_QUERY/CLIENT_RESPONSE frames (distinct ports and ids) sent as fast
#      as possible over a unix socket to `dnslens dnstap --socket` (bidirectional handshake), and the same
#      frames read from a .fstrm file with `dnslens read`.
# Every figure comes with the process CPU time (user+sys) and the load average: the machine may be busy.
# Needs root (netns, capture), tcpreplay (apt-get install tcpreplay), python3. Usage:
#   build/bench/live.sh [replay|dnstap|all]      (env: PCAP PACKETS RATES FRAMES WORK)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
what="${1:-all}"
PCAP="${PCAP:-/tmp/bench/gen1m.pcap}"
PACKETS="${PACKETS:-300000}"
RATES="${RATES:-25000 50000 100000 200000 0}"
FRAMES="${FRAMES:-1000000}"
WORK="${WORK:-/tmp/live/bench}"
NS=dnslensbench
mkdir -p "$WORK"
dnslens="$here/dnslens"
"$dnslens" --version >/dev/null   # builds the CLI jar first if needed
jar="$here/app-cli/target/dnslens-cli.jar"

load() { cut -d' ' -f1-3 /proc/loadavg; }
# runs "$@", prints "wall_s user_s sys_s" of it to fd 3
timed() { /usr/bin/time -f '%e %U %S' -o "$WORK/time.txt" "$@"; }

replay() {
  command -v tcpreplay >/dev/null || { echo "tcpreplay missing: apt-get install tcpreplay" >&2; exit 1; }
  local sub="$WORK/replay-$PACKETS.pcap"
  # The first $PACKETS packets of the capture (pcap: 24-byte header, then 16-byte record headers).
  python3 - "$PCAP" "$sub" "$PACKETS" <<'PY'
import struct, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(src, 'rb') as f, open(dst, 'wb') as o:
    hdr = f.read(24); o.write(hdr)
    end = '<' if hdr[:4] in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1') else '>'
    for _ in range(n):
        rh = f.read(16)
        if len(rh) < 16: break
        incl = struct.unpack(end + 'IIII', rh)[2]
        o.write(rh); o.write(f.read(incl))
PY
  local truth
  truth=$(java -jar "$jar" read --stats "$sub" -o /dev/null 2>&1 | awk '/^dns messages/ {print $3}')
  echo "replay: $PACKETS packets of $(basename "$PCAP"), truth $truth DNS messages (dnslens read)"
  ip netns del "$NS" 2>/dev/null || true
  ip netns add "$NS"
  trap 'ip netns del '"$NS"' 2>/dev/null || true' EXIT
  ip -n "$NS" link add veth-send type veth peer name veth-cap
  ip -n "$NS" link set veth-send up mtu 9000
  ip -n "$NS" link set veth-cap up mtu 9000
  printf '%-9s %-10s %-12s %-10s %-10s %-8s %-9s %-9s %-8s %-14s %s\n' \
    target_pps sent_pps received dropped_k dropped_if queue dns_msgs missing drop_% "cpu_s(u+s)" load
  for rate in $RATES; do
    local err="$WORK/capture-$rate.err"
    ip netns exec "$NS" /usr/bin/time -f '%e %U %S' -o "$WORK/cap-time-$rate.txt" \
      java ${DNSLENS_JAVA_OPTS:-} -jar "$jar" capture -i veth-cap --buffer 64 --stats-every 0 -o /dev/null 2>"$err" &
    local cap=$!
    for _ in $(seq 1 1200); do grep -q 'Ctrl-C' "$err" 2>/dev/null && break; sleep 0.1; done
    local l0; l0=$(load)
    local speed=(--topspeed); [ "$rate" != 0 ] && speed=(--pps="$rate")
    ip netns exec "$NS" tcpreplay -q --intf1=veth-send "${speed[@]}" "$sub" >"$WORK/tcpreplay-$rate.txt" 2>&1
    sleep 3 # let the parser drain its queue
    pkill -TERM -P "$cap" java 2>/dev/null || kill -TERM "$cap"
    wait "$cap" || true
    local line; line=$(grep 'stopped;' "$err" || true)
    local msgs recv dk di q sent
    msgs=$(echo "$line" | grep -o '[0-9]* DNS messages' | cut -d' ' -f1)
    recv=$(echo "$line" | grep -o 'packets received [0-9]*' | grep -o '[0-9]*$')
    dk=$(echo "$line" | grep -o 'dropped by kernel [0-9]*' | grep -o '[0-9]*$')
    di=$(echo "$line" | grep -o 'dropped by interface [0-9]*' | grep -o '[0-9]*$')
    q=$(echo "$line" | grep -o 'dropped (queue full) [0-9]*' | grep -o '[0-9]*$')
    sent=$(grep -o 'Rated: [0-9.]* Bps, [0-9.]* Mbps, [0-9.]* pps' "$WORK/tcpreplay-$rate.txt" | grep -o '[0-9.]* pps' | cut -d' ' -f1)
    local miss=$(( truth - ${msgs:-0} ))
    local pct; pct=$(python3 -c "print(f'{100*$miss/$truth:.3f}')")
    local cpu; cpu=$(awk '{print $2+$3}' "$WORK/cap-time-$rate.txt")
    printf '%-9s %-10s %-12s %-10s %-10s %-8s %-9s %-9s %-8s %-14s %s\n' \
      "${rate/#0/top}" "${sent:-?}" "${recv:-?}" "${dk:-?}" "${di:-?}" "${q:-?}" "${msgs:-?}" "$miss" "$pct" "$cpu" "$l0"
  done
  ip netns del "$NS"
  trap - EXIT
  rm -f "$sub"
}

dnstap() {
  local frames="$WORK/bench.fstrm" sock="$WORK/dnstap.sock"
  # $FRAMES frames: CLIENT_QUERY/CLIENT_RESPONSE pairs with distinct client ports and ids, as a
  # Frame Streams file (START, data frames, STOP) that the socket sender reuses after its handshake.
  python3 - "$frames" "$FRAMES" <<'PY'
import struct, sys
path, n = sys.argv[1], int(sys.argv[2])
def varint(v):
    out = bytearray()
    while True:
        b = v & 0x7f; v >>= 7
        if v: out.append(b | 0x80)
        else: out.append(b); return bytes(out)
def key(field, wt): return varint(field << 3 | wt)
def vi(field, v): return key(field, 0) + varint(v)
def by(field, b): return key(field, 2) + varint(len(b)) + b
def f32(field, v): return key(field, 5) + struct.pack('<I', v)
qname = b'\x03www\x07example\x03com\x00'
def dns(id_, resp):
    if not resp:
        return struct.pack('>HHHHHH', id_, 0x0100, 1, 0, 0, 0) + qname + b'\x00\x01\x00\x01'
    return (struct.pack('>HHHHHH', id_, 0x8180, 1, 1, 0, 0) + qname + b'\x00\x01\x00\x01'
            + b'\xc0\x0c\x00\x01\x00\x01\x00\x00\x01\x2c\x00\x04\xc0\x00\x02\x0a')
ct = b'protobuf:dnstap.Dnstap'
def control(t, with_ct=True):
    body = struct.pack('>I', t) + ((struct.pack('>II', 1, len(ct)) + ct) if with_ct else b'')
    return struct.pack('>II', 0, len(body)) + body
t0 = 1767603600
with open(path, 'wb') as o:
    o.write(control(2))
    buf = bytearray()
    for i in range(n):
        pair, resp = divmod(i, 2)
        port = 1024 + pair % 60000
        sec, ns = t0 + pair // 10000, (pair % 10000) * 100000
        m = (vi(1, 6 if resp else 5) + vi(2, 1) + vi(3, 1) + by(4, bytes([10, 0, (pair >> 16) & 255, 1]))
             + by(5, bytes([10, 0, 0, 53])) + vi(6, port) + vi(7, 53) + vi(8, sec) + f32(9, ns))
        m += (vi(12, sec) + f32(13, ns + 50000) + by(14, dns(pair & 0xffff, True))) if resp else by(10, dns(pair & 0xffff, False))
        d = by(1, b'bench') + by(2, b'live.sh') + vi(15, 1) + by(14, m)
        buf += struct.pack('>I', len(d)) + d
        if len(buf) > 1 << 20: o.write(buf); buf = bytearray()
    o.write(buf)
    o.write(control(3, False))
PY
  echo "dnstap: $FRAMES frames ($(du -h "$frames" | cut -f1))"
  # File: dnslens read.
  local l0; l0=$(load)
  timed java ${DNSLENS_JAVA_OPTS:-} -jar "$jar" read "$frames" -o /dev/null 2>"$WORK/read.err"
  read -r wall user sys < "$WORK/time.txt"
  echo "file  : $FRAMES frames in ${wall}s wall = $(python3 -c "print(round($FRAMES/$wall))") frames/s; CPU ${user}+${sys}s; load $l0 (JVM start included)"
  # Socket: dnslens dnstap --socket, a sender doing READY/ACCEPT then the file's START..STOP, then FINISH.
  rm -f "$sock"
  /usr/bin/time -f '%e %U %S' -o "$WORK/tap-time.txt" \
    java ${DNSLENS_JAVA_OPTS:-} -jar "$jar" dnstap --socket "$sock" -o /dev/null 2>"$WORK/tap.err" &
  local tap=$!
  for _ in $(seq 1 1200); do [ -S "$sock" ] && grep -q 'Ctrl-C' "$WORK/tap.err" && break; sleep 0.1; done
  l0=$(load)
  python3 - "$sock" "$frames" > "$WORK/sender.txt" <<'PY'
import socket, struct, sys, time
sock, path = sys.argv[1], sys.argv[2]
data = open(path, 'rb').read()
ct = b'protobuf:dnstap.Dnstap'
body = struct.pack('>I', 4) + struct.pack('>II', 1, len(ct)) + ct
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sock)
def read_control():
    hdr = b''
    while len(hdr) < 8: hdr += s.recv(8 - len(hdr))
    n = struct.unpack('>I', hdr[4:])[0]
    b = b''
    while len(b) < n: b += s.recv(n - len(b))
    return struct.unpack('>I', b[:4])[0]
t = time.monotonic()
s.sendall(struct.pack('>II', 0, len(body)) + body)
assert read_control() == 1, 'no ACCEPT'
s.sendall(data)            # START, frames, STOP
assert read_control() == 5, 'no FINISH'
print(f'{time.monotonic() - t:.3f}')
PY
  local secs; secs=$(cat "$WORK/sender.txt")
  sleep 2
  kill -TERM "$(pgrep -P "$tap" java || echo "$tap")"
  wait "$tap" || true
  read -r wall user sys < "$WORK/tap-time.txt"
  echo "socket: $FRAMES frames in ${secs}s (handshake to FINISH) = $(python3 -c "print(round($FRAMES/$secs))") frames/s; dnslens CPU ${user}+${sys}s over ${wall}s; load $l0"
  grep 'stopped;' "$WORK/tap.err"
  rm -f "$frames" "$sock"
}

case "$what" in
  replay) replay ;;
  dnstap) dnstap ;;
  all) replay; dnstap ;;
  *) echo "usage: $0 [replay|dnstap|all]" >&2; exit 2 ;;
esac
