#!/bin/sh
# reconcile.sh — issue 12 item 3: reconciling a lot of BENCH_RECONCILE
# (default 100 000) announced devices, through lot_reconcile() (median of
# 5, counts only and with every row to a callback), beside the same four
# counts done by the sqlite3 shell on the same file in the same run (median
# of 5): the floor the database itself sets.
#   BUILD=build; the database is cached in $BUILD/bench/ keyed by N.
set -eu
BUILD=${BUILD:-build}
N=${BENCH_RECONCILE:-100000}
db="$BUILD/bench/reconcile-$N.db"
if [ ! -s "$db" ]; then
  rm -f "$db" "$db-wal" "$db-shm"
  "$BUILD/bench/reconcile" make "$db" "$N"
fi
"$BUILD/bench/reconcile" time "$db" GRE1-L0001
command -v sqlite3 >/dev/null || { echo "sqlite3 shell missing: no peer figure"; exit 0; }
# the same four counts in plain SQL, on the same indexes
sql="SELECT count(*),
  sum(CASE WHEN a.serial_key <> ''
      THEN EXISTS (SELECT 1 FROM devices x WHERE x.serial_key = a.serial_key AND x.serial_key <> '')
      ELSE EXISTS (SELECT 1 FROM devices x WHERE x.tag_key = a.tag_key AND x.tag_key <> '') END)
  FROM announced a WHERE a.lot = 'GRE1-L0001';
SELECT count(*) FROM devices d WHERE d.lot = 'GRE1-L0001'
  AND NOT (d.serial_key <> '' AND EXISTS (SELECT 1 FROM announced a WHERE a.lot = 'GRE1-L0001' AND a.akey = d.serial_key))
  AND NOT (d.tag_key <> '' AND EXISTS (SELECT 1 FROM announced a WHERE a.lot = 'GRE1-L0001' AND a.akey = 'tag:' || d.tag_key));"
for k in 1 2 3 4 5; do
  t0=$(date +%s.%N); r=$(sqlite3 -readonly "$db" "$sql" | tr '\n|' '  '); t1=$(date +%s.%N)
  echo "$t0 $t1 $r"
done | awk '{ d[NR] = ($2 - $1) * 1000; a = $3; rc = $4; u = $5 }
  END { for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++) if (d[j] < d[i]) { x = d[i]; d[i] = d[j]; d[j] = x }
        printf "sqlite3 shell, same counts: announced %d, received %d, missing %d, not announced %d\n", a, rc, a - rc, u;
        printf "RESULT reconcile.sqlite3_shell_counts_ms %.1f ms\n", d[3] }'
