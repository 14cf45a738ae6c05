#!/bin/sh
# dash.sh — issue 14 item 1: the dashboard opened on BENCH_DASH (default
# 1 000 000) devices (bench/dash.c: stats_load(), the function the screen
# calls, median and p99, peak RSS), beside the sqlite3 shell computing the
# same figures from the raw tables (devices, lots, wipes, allocations) in
# the same run (median of 5).
#   BUILD=build; the database is made by bench/gen and cached in
#   $BUILD/bench/dash-<N>.db (already migrated: its first open is done here).
set -eu
BUILD=${BUILD:-build}
N=${BENCH_DASH:-1000000}
db="$BUILD/bench/dash-$N.db"
export TZ=UTC LC_ALL=C.UTF-8
if [ ! -s "$db" ]; then
  rm -f "$db" "$db-wal" "$db-shm"
  "$BUILD/bench/gen" "$db" "$N"
fi
"$BUILD/bench/dash" "$db" 1 >/dev/null     # a migration's rebuild, if any, is not timed
"$BUILD/bench/dash" "$db" "${BENCH_REPS:-200}"
command -v sqlite3 >/dev/null || { echo "sqlite3 shell missing: no peer figure"; exit 0; }
now=$(date +%s)
day=$((now / 86400)); monday=$((day - (day + 3) % 7)); first=$(( (monday - 52 * 7) * 86400000 ))
week=$(( (now - 7 * 86400) * 1000 ))
sql="
SELECT state, category, count(*) FROM devices WHERE workshop = 'GRE1' GROUP BY 1, 2;
SELECT grade, count(*) FROM devices WHERE workshop = 'GRE1' AND state IN ('received', 'in_progress', 'ready', 'reserved') GROUP BY 1;
SELECT ((received_hlc >> 16) - $first) / 604800000, count(*) FROM devices WHERE workshop = 'GRE1' AND (received_hlc >> 16) >= $first GROUP BY 1;
SELECT ((updated_hlc >> 16) - $first) / 604800000, count(*) FROM devices WHERE workshop = 'GRE1' AND state IN ('reused', 'parts', 'recycled') AND (updated_hlc >> 16) >= $first GROUP BY 1;
SELECT l.donor, count(*) FROM devices d JOIN lots l ON l.id = d.lot WHERE d.workshop = 'GRE1' GROUP BY 1 ORDER BY 2 DESC LIMIT 5;
SELECT status, count(*) FROM wipes WHERE workshop = 'GRE1' GROUP BY 1;
SELECT ((ready_hlc >> 16) - (received_hlc >> 16)) / 86400000 AS d FROM devices WHERE workshop = 'GRE1' AND ready_hlc > 0
  ORDER BY d LIMIT 1 OFFSET (SELECT (count(*) - 1) / 2 FROM devices WHERE workshop = 'GRE1' AND ready_hlc > 0);
SELECT count(*) FROM devices d WHERE workshop = 'GRE1' AND state IN ('received', 'in_progress')
  AND category IN ('laptop', 'desktop', 'phone', 'tablet') AND (received_hlc >> 16) < $week
  AND NOT EXISTS (SELECT 1 FROM wipes w WHERE w.device = d.id AND w.status = 'success');
SELECT count(*) FROM allocations WHERE workshop = 'GRE1' AND kind = 'loan' AND status = 'delivered' AND until <> '' AND until < date('now');"
for k in 1 2 3 4 5; do
  t0=$(date +%s.%N); printf '%s\n' "$sql" | sqlite3 -readonly "$db" >"$db.peer.txt"; t1=$(date +%s.%N)
  echo "$t0 $t1"
done | awk '{ d[NR] = ($2 - $1) * 1000 }
  END { for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++) if (d[j] < d[i]) { x = d[i]; d[i] = d[j]; d[j] = x }
        printf "RESULT dash.sqlite3_shell_raw_ms %.1f ms\n", d[3] }'
echo "sqlite3 shell: median receipt-ready $(sed -n '/|/!p' "$db.peer.txt" | head -1) d, waiting for a wipe > a week $(sed -n '/|/!p' "$db.peer.txt" | sed -n 2p)"
