#!/usr/bin/env python3
"""sync_measure.py — runs one command and prints bench/run.sh RESULT lines.

    sync_measure.py NAME DOCS -- CMD ARGS...

Measures, for the command and its children: wall time, CPU time (user+sys),
peak RSS, and bytes on the wire: the growth of the loopback interface's
transmit counter (/proc/net/dev "lo"), i.e. both directions with their
TCP/IP headers, as every tool under comparison talks to the same hub on
127.0.0.1 and nothing else runs meanwhile. Prints
    RESULT <NAME>_docs_per_s <n> docs/s
    RESULT <NAME>_wire_MB <n> MB
    RESULT <NAME>_cpu_s <n> s
    RESULT <NAME>_peak_rss_MB <n> MB
and exits with the command's status.
"""
import os, resource, subprocess, sys, time


def lo_tx():
    with open("/proc/net/dev") as f:
        for line in f:
            name, _, rest = line.partition(":")
            if name.strip() == "lo":
                return int(rest.split()[8])
    return 0


def main():
    name, docs = sys.argv[1], int(sys.argv[2])
    cmd = sys.argv[sys.argv.index("--") + 1:]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    tx0, t0 = lo_tx(), time.monotonic()
    rc = subprocess.call(cmd, stdout=sys.stderr)
    wall = time.monotonic() - t0
    tx = lo_tx() - tx0
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (ru.ru_utime - before.ru_utime) + (ru.ru_stime - before.ru_stime)
    print("RESULT %s_docs_per_s %.0f docs/s" % (name, docs / wall if wall > 0 else 0))
    print("RESULT %s_wall_s %.2f s" % (name, wall))
    print("RESULT %s_wire_MB %.1f MB" % (name, tx / 1e6))
    print("RESULT %s_cpu_s %.2f s" % (name, cpu))
    # ru_maxrss of children is the largest child's peak, in KiB
    print("RESULT %s_peak_rss_MB %.1f MB" % (name, ru.ru_maxrss / 1024.0))
    sys.stdout.flush()
    return rc


if __name__ == "__main__":
    sys.exit(main())
