#!/bin/sh
# bench/devices.sh — the device benchmarks of issue 2 (item 10), run by
# bench/run.sh (`make bench`) or alone (`BUILD=build sh bench/devices.sh`), each
# figure printed beside the sqlite3 command-line shell running the
# equivalent raw SQL on the same database in the same run.
#
#   BUILD      build folder (make sets it); programs in $BUILD/bench/
#   BENCH_N    devices in the generated database (default 1 000 000)
#   BENCH_REPS, BENCH_INTAKE, BENCH_INTAKE_SECS: see bench/search.c
#   BENCH_FRAMES  launches measured for the first frame (default 10)
#   BENCH_ONLY    run only these sections (function names: prepare keys page
#                 first_frame intake; prepare is needed by the others)
#
# The database of N devices is generated once (bench/gen.c, minutes for a
# million) and cached as $BUILD/bench/devices-<N>-<GEN>.db; each run works
# on a copy, so the intake never grows the cache.
#
# Layout: helpers, then one section per subject. A section is a shell
# function run by `section NAME FUNCTION` in a subshell: when it fails the
# next one still runs, and the failure is listed in the summary (and the
# exit status). A new section: a function that calls `row` for each figure,
# and one `section` line at the end.
set -u
BUILD=${BUILD:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
B=$BUILD/bench
N=${BENCH_N:-1000000}
GEN=g9                       # bump when bench/gen.c or the schema (db/schema.c) changes
CACHE=$B/devices-$N-$GEN.db
OUT=$(mktemp -d /tmp/boucle-bench.XXXXXX)
WORK=$OUT/work.db
TABLE=$OUT/table
export TZ=UTC LC_ALL=C.UTF-8 LANG=C.UTF-8
: >"$TABLE"

# ---- helpers -----------------------------------------------------------------

PEER=sqlite3
SUMMARY_NOTE="boucle and the sqlite3 shell on the same database; ratio = boucle / sqlite3: for times < 1 means boucle is faster, for rates > 1"
. "$top/bench/lib.sh"
trap 'rm -rf "$OUT"' EXIT

# Per-statement CPU of the sqlite3 shell (.timer on, user + sys, µs
# resolution; the wall figure it prints has only ms): median and p99 per
# "KEY name" group, as RESULT lines. A keystroke is one KEY line and the
# statements after it (the word index, and from 3 characters the codes
# index): one sample, their sum.
timer_stats() {
  awk '
    function flush() { if (k != "" && have) { n[k]++; x[k, n[k]] = acc; a++; all[a] = acc } acc = 0; have = 0 }
    /^KEY / { flush(); k = $2; next }
    /^Run Time:/ { if (k == "") next; acc += ($6 + $8) * 1000; have = 1 }
    function stat(name, cnt, arr,   i, j, t, s) {
      for (i = 1; i <= cnt; i++) s[i] = arr[i]
      for (i = 2; i <= cnt; i++) { t = s[i]; for (j = i - 1; j >= 1 && s[j] > t; j--) s[j + 1] = s[j]; s[j + 1] = t }
      printf "RESULT peer.keys.%s.median_ms %g ms\n", name, s[int((cnt + 1) / 2)]
      i = int(cnt * 0.99 + 0.999999); if (i < 1) i = 1
      printf "RESULT peer.keys.%s.p99_ms %g ms\n", name, s[i]
    }
    END {
      flush()
      for (k in n) { delete one; for (i = 1; i <= n[k]; i++) one[i] = x[k, i]; stat(k, n[k], one) }
      stat("all", a, all)
    }'
}

# ---- sections ----------------------------------------------------------------

# The database of N devices: generated once, copied for this run.
prepare() {
  if [ ! -f "$CACHE" ]; then
    echo "generating $N devices into $CACHE (once; later runs reuse it)"
    rm -f "$CACHE.tmp" "$CACHE.tmp-wal" "$CACHE.tmp-shm"
    "$B/gen" "$CACHE.tmp" "$N" >"$OUT/gen.out" || { cat "$OUT/gen.out"; return 1; }
    cat "$OUT/gen.out"
    mv "$CACHE.tmp" "$CACHE" || return 1
    row "generator (core, batches of 10 000)" "$(fmt "$(res "$OUT/gen.out" gen.devices_per_s)")" devices/s - -
  fi
  cp "$CACHE" "$WORK" || return 1
  # its pages on disk now, not written back while a section is timed
  sync "$WORK"
  echo "database: $CACHE ($(du -mL "$CACHE" | cut -f1) MB), working copy $WORK"
  echo "machine: $(nproc) cores, $(awk '/model name/ { $1 = $2 = $3 = ""; print; exit }' /proc/cpuinfo | sed 's/^ *//'),"\
       "load $(cut -d' ' -f1-3 /proc/loadavg), $(free -m | awk '/^Mem/ { print $7 " MB available" }'), sqlite $(sqlite3 --version | cut -d' ' -f1)"
}

keys() {
  [ -f "$WORK" ] || return 1
  "$B/search" keys "$WORK" "$OUT/keys.sql" >"$OUT/keys.out" || { cat "$OUT/keys.out"; return 1; }
  grep -v '^RESULT' "$OUT/keys.out"
  /usr/bin/time -f '%M' -o "$OUT/keys.peer.rss" sqlite3 -batch "$WORK" <"$OUT/keys.sql" 2>&1 \
    | timer_stats >"$OUT/keys.peer"
  # wall clock (what the user waits), then CPU time: the peer's figure is
  # the shell's CPU time, so only the second compares like for like when
  # other programs share the cores
  for k in serial asset model infix asset_infix all; do
    for p in median p99; do
      row "keystroke $k $p" "$(fmt "$(res "$OUT/keys.out" keys.$k.${p}_ms)")" ms "$([ $p = p99 ] && echo '< 5 ms' || echo -)" \
        "$(fmt "$(res "$OUT/keys.peer" peer.keys.$k.${p}_ms)")"
    done
    for p in median p99; do
      row "keystroke $k $p, CPU" "$(fmt "$(res "$OUT/keys.out" keys.$k.cpu_${p}_ms)")" ms "$([ $p = p99 ] && echo '< 2 ms' || echo -)" \
        "$(fmt "$(res "$OUT/keys.peer" peer.keys.$k.${p}_ms)")"
    done
  done
  row "peak RSS, search process" "$(res "$OUT/keys.out" keys.peak_rss_kib)" KiB "< 16384" "$(cat "$OUT/keys.peer.rss")"
}

page() {
  [ -f "$WORK" ] || return 1
  "$B/search" page "$WORK" "$OUT/page.sql" >"$OUT/page.out" || { cat "$OUT/page.out"; return 1; }
  grep -v '^RESULT' "$OUT/page.out"
  "$B/frame" run sqlite3 -batch "$WORK" <"$OUT/page.sql" >"$OUT/page.peer"
  pages=$(grep -c '^SELECT' "$OUT/page.sql")
  rows=$(awk '/^page:/ { print $2 }' "$OUT/page.out")
  pw=$(res "$OUT/page.peer" run.wall_ms)
  row "paging: whole list" "$(fmt "$(res "$OUT/page.out" page.total_s)")" s - "$(fmt "$(awk -v w="$pw" 'BEGIN { print w / 1000 }')")"
  row "paging: rows/s" "$(fmt "$(res "$OUT/page.out" page.rows_per_s)")" rows/s - \
    "$(fmt "$(awk -v w="$pw" -v r="$rows" 'BEGIN { print r / (w / 1000) }')")"
  row "paging: one page, median (peer: mean)" "$(fmt "$(res "$OUT/page.out" page.median_ms)")" ms - \
    "$(fmt "$(awk -v w="$pw" -v p="$pages" 'BEGIN { print w / p }')")"
  row "paging: one page, p99" "$(fmt "$(res "$OUT/page.out" page.p99_ms)")" ms - -
  row "peak RSS, paging process" "$(res "$OUT/page.out" page.peak_rss_kib)" KiB "< 16384" "$(res "$OUT/page.peer" run.maxrss_kib)"
}

# Launch to first frame of the real program, in tmux 80x24, home screen.
first_frame() {
  [ -f "$WORK" ] || return 1
  sock=boucle-bench-$$
  frames=${BENCH_FRAMES:-10}
  text="Bench Grenoble"       # the workshop name, in the status bar (bench.h)
  : >"$OUT/frame.all"
  i=0
  while [ "$i" -lt "$frames" ]; do
    rm -f "$OUT/t0"
    # a fresh socket each launch: a new-session racing the previous
    # kill-server fails with "server exited unexpectedly"
    sock=boucle-bench-$$-$i
    tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 -e TERM=xterm-256color -e LANG=C.UTF-8 -e TZ=UTC \
      -e HOME="$OUT" -e XDG_CONFIG_HOME="$OUT/config" \
      "$B/frame exec $OUT/t0 $BUILD/boucle --db $WORK --operator Bench; sleep 30" || return 1
    "$B/frame" wait "$OUT/t0" "$sock" "$text" 5000 >"$OUT/frame.out" 2>&1
    st=$?
    [ "$st" -eq 0 ] || { tmux -L "$sock" capture-pane -p | sed 's/^/    | /'; }
    tmux -L "$sock" kill-server 2>/dev/null
    [ "$st" -eq 0 ] || { cat "$OUT/frame.out"; return 1; }
    cat "$OUT/frame.out" >>"$OUT/frame.all"
    i=$((i + 1))
  done
  stats() { awk -v n="$1" '$2 == n { print $3 }' "$OUT/frame.all" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)], v[NR] }'; }
  set -- $(stats frame.first_ms); fmed=$1 fmax=$2
  set -- $(stats frame.poll_period_ms); period=$1
  set -- $(stats frame.vmhwm_kib); hwm=$2
  # peer: the sqlite3 shell launched to run the home screen's queries
  day=$(date -u +%F)
  : >"$OUT/frame.peer"
  i=0
  while [ "$i" -lt "$frames" ]; do
    "$B/frame" run sqlite3 -batch "$WORK" "SELECT key, n FROM tallies WHERE scope = 'state/' || (SELECT value FROM meta WHERE key = 'workshop.code'); SELECT key, n FROM tallies WHERE scope = '$day/' || (SELECT value FROM meta WHERE key = 'workshop.code') ORDER BY key;" >>"$OUT/frame.peer"
    i=$((i + 1))
  done
  pmed=$(awk '$2 == "run.wall_ms" { print $3 }' "$OUT/frame.peer" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  prss=$(awk '$2 == "run.maxrss_kib" { print $3 }' "$OUT/frame.peer" | sort -g | tail -1)
  # The same launches on a pseudo-terminal that bench/frame reads itself: the
  # time of the read that brought the status bar, no polling; and VmHWM once
  # the program has run one second (the background sync thread started).
  : >"$OUT/pty.all"
  i=0
  while [ "$i" -lt "$frames" ]; do
    env TERM=xterm-256color LANG=C.UTF-8 TZ=UTC HOME="$OUT" XDG_CONFIG_HOME="$OUT/config" \
      "$B/frame" pty "$text" 5000 "$BUILD/boucle" --db "$WORK" --operator Bench >>"$OUT/pty.all" || return 1
    i=$((i + 1))
  done
  pstats() { awk -v n="$1" '$2 == n { print $3 }' "$OUT/pty.all" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)], v[NR] }'; }
  set -- $(pstats frame.pty_first_ms); xmed=$1 xmax=$2
  set -- $(pstats frame.pty_vmhwm_1s_kib); xhwm=$2
  echo "first frame: $frames launches, polling every ~$(fmt "$period") ms (2 ms sleep + one tmux capture): each figure is late by up to that much"
  row "first frame, median of $frames" "$(fmt "$fmed")" ms "< 50 ms" "$(fmt "$pmed")"
  row "first frame, worst of $frames" "$(fmt "$fmax")" ms "< 50 ms" -
  row "first frame on a pty (exact), median" "$(fmt "$xmed")" ms "< 50 ms" "$(fmt "$pmed")"
  row "first frame on a pty (exact), worst" "$(fmt "$xmax")" ms "< 50 ms" -
  row "peak RSS, boucle on home screen (VmHWM)" "$hwm" KiB "< 16384" "$prss"
  row "peak RSS, after 1 s (sync thread up)" "$xhwm" KiB "< 16384" "$prss"
}

intake() {
  [ -f "$WORK" ] || return 1
  "$B/search" intake "$WORK" "$OUT/intake.sql" >"$OUT/intake.out" || { cat "$OUT/intake.out"; return 1; }
  grep -v '^RESULT' "$OUT/intake.out"
  done_n=$(res "$OUT/intake.out" intake.devices)
  "$B/frame" run sqlite3 -batch "$WORK" <"$OUT/intake.sql" >"$OUT/intake.peer"
  pw=$(res "$OUT/intake.peer" run.wall_ms)
  row "intake: devices taken in" "$done_n" devices "10000" -
  row "intake: devices/s" "$(fmt "$(res "$OUT/intake.out" intake.devices_per_s)")" devices/s ">= 5000" \
    "$(fmt "$(awk -v w="$pw" -v n="$done_n" 'BEGIN { print n / (w / 1000) }')")"
  row "intake: one device, median" "$(fmt "$(res "$OUT/intake.out" intake.median_ms)")" ms - \
    "$(fmt "$(awk -v w="$pw" -v n="$done_n" 'BEGIN { print w / n }')")"
  row "intake: one device, p99" "$(fmt "$(res "$OUT/intake.out" intake.p99_ms)")" ms - -
  row "peak RSS, intake process" "$(res "$OUT/intake.out" intake.peak_rss_kib)" KiB "< 16384" "$(res "$OUT/intake.peer" run.maxrss_kib)"
}

section "database of $N devices" prepare
section "search as you type (device_page, 20 rows)" keys
section "paging through the whole list" page
section "launch to first frame (tmux 80x24)" first_frame
section "intake of scanned serials (device_add, one transaction each)" intake

summary
! grep -q "$(printf '\tFAILED')" "$TABLE"
