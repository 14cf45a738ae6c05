#!/bin/sh
# bench/verify.sh — `boucle verify` (the chain, then every table against a
# replay of the events) and `boucle rebuild --check` (the replay alone) on
# a database of N devices, run by bench/run.sh or alone
# (`BUILD=build sh bench/verify.sh`). Each figure is the median and p99 of
# BENCH_REPS runs (wall time; the peak RSS is the largest of the runs),
# beside the sqlite3 command-line shell running PRAGMA integrity_check on
# the same database in the same run: one full read of every table and
# index, the least a check of the whole file costs.
#
#   BUILD           build folder (make sets it); programs in $BUILD/bench/
#   BENCH_VERIFY_N  devices (default 100 000; a million takes minutes)
#   BENCH_REPS      runs of each command (default 3)
#
# The database is bench/devices.sh's ($BUILD/bench/devices-<N>-<GEN>.db,
# made by bench/gen.c once); each run works on a copy. Memory must not grow
# with N (1 GB PCs): compare the RSS rows of two runs with different N.
set -u
BUILD=${BUILD:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
B=$BUILD/bench
N=${BENCH_VERIFY_N:-100000}
REPS=${BENCH_REPS:-3}
GEN=g9                       # as bench/devices.sh: bump with bench/gen.c or the schema
CACHE=$B/devices-$N-$GEN.db
OUT=$(mktemp -d /tmp/boucle-bench.XXXXXX)
WORK=$OUT/work.db
TABLE=$OUT/table
export TZ=UTC LC_ALL=C.UTF-8 LANG=C.UTF-8 XDG_CONFIG_HOME=$OUT/config
: >"$TABLE"
PEER=sqlite3
SUMMARY_NOTE="boucle and the sqlite3 shell (PRAGMA integrity_check) on the same database; ratio = boucle / sqlite3"
. "$top/bench/lib.sh"
trap 'rm -rf "$OUT"' EXIT

# runs NAME CMD…: runs CMD $REPS times; RESULT lines NAME.median_s,
# NAME.p99_s (wall) and NAME.rss_mb (the largest peak RSS), on stdout.
runs() {
  name=$1; shift
  i=0
  while [ "$i" -lt "$REPS" ]; do
    /usr/bin/time -f '%e %M' -o "$OUT/time" "$@" >"$OUT/cmd.out" 2>&1 || { cat "$OUT/cmd.out"; return 1; }
    cat "$OUT/time"
    i=$((i + 1))
  done | awk -v n="$name" '
    { t[NR] = $1; if ($2 > m) m = $2 }
    END {
      for (i = 2; i <= NR; i++) { x = t[i]; for (j = i - 1; j >= 1 && t[j] > x; j--) t[j + 1] = t[j]; t[j + 1] = x }
      p = int(NR * 0.99 + 0.999999); if (p < 1) p = 1
      printf "RESULT %s.median_s %s s\nRESULT %s.p99_s %s s\nRESULT %s.rss_mb %.1f MB\n", n, t[int((NR + 1) / 2)], n, t[p], n, m / 1024
    }'
}

verify_rebuild() {
  [ -x /usr/bin/time ] || { echo "/usr/bin/time missing (Debian package time): no figure"; return 1; }
  if [ ! -f "$CACHE" ]; then
    echo "generating $N devices into $CACHE (once; later runs reuse it)"
    rm -f "$CACHE.tmp" "$CACHE.tmp-wal" "$CACHE.tmp-shm"
    "$B/gen" "$CACHE.tmp" "$N" || return 1
    mv "$CACHE.tmp" "$CACHE" || return 1
  fi
  cp "$CACHE" "$WORK" || return 1
  echo "load before: $(cat /proc/loadavg)"
  runs verify "$BUILD/boucle" --db "$WORK" verify --offline >"$OUT/r" || return 1
  runs check "$BUILD/boucle" --db "$WORK" rebuild --check >>"$OUT/r" || return 1
  runs chain "$BUILD/boucle" --db "$WORK" verify --chain-only --offline >>"$OUT/r" || return 1
  if command -v sqlite3 >/dev/null; then
    runs peer sqlite3 -readonly "$WORK" "PRAGMA integrity_check" >>"$OUT/r" || return 1
  else
    echo "sqlite3 shell missing: no peer figure"
  fi
  echo "load after: $(cat /proc/loadavg)"
  cat "$OUT/r"
  p() { res "$OUT/r" "peer.$1"; }
  row "verify, $N devices: median" "$(res "$OUT/r" verify.median_s)" s - "$(p median_s)"
  row "verify: p99" "$(res "$OUT/r" verify.p99_s)" s - "$(p p99_s)"
  row "verify: peak RSS" "$(res "$OUT/r" verify.rss_mb)" MB "< 100" "$(p rss_mb)"
  row "rebuild --check: median" "$(res "$OUT/r" check.median_s)" s - "$(p median_s)"
  row "rebuild --check: p99" "$(res "$OUT/r" check.p99_s)" s - "$(p p99_s)"
  row "rebuild --check: peak RSS" "$(res "$OUT/r" check.rss_mb)" MB "< 100" "$(p rss_mb)"
  row "verify --chain-only: median" "$(res "$OUT/r" chain.median_s)" s - "$(p median_s)"
}

section "verify and rebuild --check ($N devices, $REPS runs)" verify_rebuild
summary
grep -q FAILED "$TABLE" && exit 1
exit 0
