#!/usr/bin/env python3
"""Summarises a HotSpot -XX:+LogCompilation file of a cold `dnslens read` (docs/PERFORMANCE.md, "Cold read: what C2 compiles").

  java -Xmx256m -XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=c.xml -XX:+CITime \
       -jar app-cli/target/dnslens-cli.jar read gen1m.pcap -o out.json
  build/bench/jitlog.py c.xml [METHOD-SUBSTRING]

Prints: C2 compiles and the machine code they made (total and for org.dnslens methods); the largest C2
compiles; methods C2 compiled more than once; every deoptimisation of C2 code at run time with its reason
and the bytecode it hit (unstable_if, class_check, loop_limit_check...). With METHOD-SUBSTRING, also what
C2 inlined into that method (and why not, e.g. NodeCountInliningCutoff, "already compiled into a big
method"). Task times in the log are wall time of the compiler threads, so on a loaded machine they say
more about the load than about the compile; the code sizes do not depend on it.
"""
import collections
import re
import sys
from html import unescape

ATTR = re.compile(r"(\w+)='([^']*)'")


def attrs(line):
    return dict(ATTR.findall(line))


def main(path, inline_of=None):
    lines = open(path, errors='replace').read().split('\n')
    per = collections.defaultdict(lambda: [0, 0])  # method -> [C2 compiles, machine code bytes]
    names = {}
    total = [0, 0, 0, 0]  # compiles, bytes, dnslens compiles, dnslens bytes
    cur = None
    for line in lines:
        if line.startswith('<task '):
            cur = attrs(line)
            names[cur['compile_id']] = unescape(cur['method']).split(' (')[0]
        elif line.startswith('<task_done') and cur is not None:
            a = attrs(line)
            if 'level' not in cur and a.get('success') == '1':  # C2 tasks carry no tier level
                meth = names[cur['compile_id']] + (' (OSR)' if cur.get('compile_kind') == 'osr' else '')
                size = int(a.get('nmsize', 0))
                per[meth][0] += 1
                per[meth][1] += size
                total[0] += 1
                total[1] += size
                if 'org.dnslens' in meth:
                    total[2] += 1
                    total[3] += size
            cur = None
    print('C2: %d compiles, %d KB of code; org.dnslens: %d compiles, %d KB' % (
        total[0], total[1] // 1024, total[2], total[3] // 1024))
    print('--- largest C2 compiles (compiles, KB of code)')
    for meth, (n, size) in sorted(per.items(), key=lambda kv: -kv[1][1])[:20]:
        print('%2d %5d  %s' % (n, size // 1024, meth))
    print('--- compiled by C2 more than once')
    for meth, (n, size) in sorted(per.items(), key=lambda kv: -kv[1][1]):
        if n > 1:
            print('%2d %5d  %s' % (n, size // 1024, meth))
    print('--- C2 code deoptimised at run time (stamp s, reason, action, compiled method | bytecode hit)')
    seen = set()
    for i, line in enumerate(lines):
        if line.startswith('<uncommon_trap thread'):
            a = attrs(line)
            key = (a.get('compile_id'), a.get('stamp'), a.get('reason'))  # one trap may be logged twice
            if a.get('compiler') == 'c2' and key not in seen:
                seen.add(key)
                j = attrs(lines[i + 1]) if i + 1 < len(lines) else {}
                print(a.get('stamp'), a['reason'], a['action'], names.get(a['compile_id'], '?'), '|',
                      unescape(j.get('method', '')).split(' (')[0], 'bci', j.get('bci'))
    if inline_of:
        print_inlining(lines, inline_of)


def print_inlining(lines, want, max_depth=3):
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if line.startswith('<task ') and 'level=' not in line and want in unescape(attrs(line)['method']):
            a = attrs(line)
            klass, meth, depth, last = {}, {}, 0, '?'
            print('=== C2 compile %s of %s' % (a['compile_id'], unescape(a['method']).split(' (')[0]))
            i += 1
            while i < n and not lines[i].startswith('<task_done'):
                t = lines[i]
                if t.startswith('<klass '):
                    b = attrs(t)
                    klass[b['id']] = unescape(b['name']).split('/')[-1]
                elif t.startswith('<method '):
                    b = attrs(t)
                    meth[b['id']] = '%s.%s %sB' % (klass.get(b['holder'], '?'), unescape(b['name']), b.get('bytes', ''))
                elif t.startswith('<call '):
                    last = meth.get(attrs(t)['method'], '?')
                elif t.startswith('<inline_success') and depth <= max_depth:
                    print('  ' * depth + 'inlined ' + last)
                elif t.startswith('<inline_fail') and depth <= max_depth:
                    print('  ' * depth + 'NOT     ' + last + ': ' + attrs(t).get('reason', ''))
                elif t.startswith('<parse ') and 'method=' in t:
                    depth += 1
                elif t.startswith('</parse>'):
                    depth -= 1
                i += 1
        i += 1


if __name__ == '__main__':
    import signal
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
