#!/bin/sh
# proof.sh — issue 13 item 5: the proof of reuse of a donor with
# BENCH_PROOF (default 10 000) devices: built, and written whole (signed
# JSON, CSV and the paginated PDF), medians (bench/proof.c); beside it in
# the same run the sqlite3 shell writing the same rows (device, disk,
# wipe, allocation, taker's kind, disposal) to a CSV file (median of 5):
# the floor the database itself sets.
#   BUILD=build; the database (and its signing key) is cached in
#   $BUILD/bench/ keyed by N.
set -eu
BUILD=${BUILD:-build}
N=${BENCH_PROOF:-10000}
db="$BUILD/bench/proof-$N.db"
export XDG_CONFIG_HOME="$BUILD/bench/proof-$N.config"
if [ ! -s "$db" ] || [ ! -d "$XDG_CONFIG_HOME" ]; then
  rm -rf "$db" "$db-wal" "$db-shm" "$XDG_CONFIG_HOME"
  "$BUILD/bench/proof" make "$db" "$N"
fi
"$BUILD/bench/proof" time "$db"
command -v sqlite3 >/dev/null || { echo "sqlite3 shell missing: no peer figure"; exit 0; }
sql=".mode csv
.separator ;
.output $db.peer.csv
SELECT d.id, d.serial, d.donor_tag, d.lot, d.category, d.make, d.model, d.grade, d.received_hlc,
  m.serial, json_extract(w.payload, '\$.category'), json_extract(w.payload, '\$.technique'),
  json_extract(w.payload, '\$.ended'), w.status, w.event_id,
  a.kind, a.status, p.kind, s.kind, s.channel
FROM lots l JOIN devices d ON d.lot = l.id
LEFT JOIN media m ON m.device = d.id
LEFT JOIN wipes w ON w.device = d.id AND w.serial = m.serial
LEFT JOIN allocations a ON a.device = d.id AND a.kind IN ('donation', 'sale', 'loan') AND a.status <> 'cancelled'
LEFT JOIN parties p ON p.code = a.party
LEFT JOIN disposals s ON s.device = d.id
WHERE l.donor_code = 'GRE1-P0001' ORDER BY l.created_hlc, d.n;"
for k in 1 2 3 4 5; do
  t0=$(date +%s.%N); printf '%s\n' "$sql" | sqlite3 -readonly "$db"; t1=$(date +%s.%N)
  echo "$t0 $t1 $(wc -l <"$db.peer.csv")"
done | awk '{ d[NR] = ($2 - $1) * 1000; rows = $3 }
  END { for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++) if (d[j] < d[i]) { x = d[i]; d[i] = d[j]; d[j] = x }
        printf "sqlite3 shell, the same rows to CSV: %d rows\n", rows;
        printf "RESULT proof.sqlite3_shell_csv_ms %.1f ms\n", d[3] }'
