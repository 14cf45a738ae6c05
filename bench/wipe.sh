#!/bin/sh
# wipe.sh — issue 3 benchmarks: nwipe import (logs/s), chain verification
# (records/s) beside sha256sum over the same bytes in the same run, and the
# keystrokes a full grading takes with the default profile.
#   BENCH_LOGS (default 10000), BENCH_CHAIN (default 1000000)
set -eu
BUILD=${BUILD:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
export BOUCLE_FIXTURES=${BOUCLE_FIXTURES:-$top/../shared/fixtures}
tmp=$(mktemp -d /tmp/boucle-bench-wipe.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
bin="$BUILD/bench/wipe"
"$bin" import "$tmp/logs" "${BENCH_LOGS:-10000}"
"$bin" chain "$tmp/chain.db" "${BENCH_CHAIN:-1000000}" "$tmp/chain.bytes"
size=$(stat -c %s "$tmp/chain.bytes")
# sha256sum over the same bytes, 5 runs: the median
for k in 1 2 3 4 5; do
  t0=$(date +%s.%N); sha256sum "$tmp/chain.bytes" >/dev/null; t1=$(date +%s.%N)
  echo "$t0 $t1"
done | awk -v s="$size" -v n="${BENCH_CHAIN:-1000000}" '{ d[NR] = $2 - $1 }
  END { n2 = 0; for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++) if (d[j] < d[i]) { x = d[i]; d[i] = d[j]; d[j] = x }; m = d[3]; printf "sha256sum over the same %d bytes: %.3f s (median of 5)\n", s, m;
        printf "RESULT sha256sum_same_bytes_records_per_s %.0f records/s\n", n / m }'
# Grading keystrokes with the default profile (the grading screen's keys:
# one key per pass/fail or choice answer, digits + Enter for a percentage,
# one key for the cosmetic grade, one for the outcome, one to save; the
# all-pass shortcut is one key).
awk '/^\[laptop\]/ { in_l = 1; next } /^\[/ { in_l = 0 }
  in_l && /^[a-z_]+ *=/ && $0 !~ /^[a-z_]+\./ { n++; if ($0 ~ /percent/) k += 3; else k += 1 }
  END { printf "RESULT grading_keys_laptop_walk %d keys\n", k + 3;
        printf "RESULT grading_keys_laptop_all_pass %d keys\n", 1 + 3 }' "$top/data/profiles/default.ini"
