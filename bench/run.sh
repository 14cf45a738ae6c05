#!/bin/sh
# run.sh — `make bench`: runs each benchmark and prints its RESULT lines.
# One line per benchmark script; add yours below (don't rewrite the others).
#   BUILD=build (set by the Makefile)
set -u
BUILD=${BUILD:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
status=0
run() { echo "== $*"; "$@" || { echo "FAILED: $*"; status=1; }; }

run sh bench/wipe.sh            # issue 3: nwipe import, chain verification, grading keys
run sh bench/devices.sh         # issue 2: 1M devices: search keys, paging, first frame, intake, RSS
run env BOUCLE="$top/$BUILD/boucle" "$BUILD/bench/label"   # issue 4: labels/s (ZPL, PNG, PDF) vs qrencode; scan images/s
run env BUILD="$BUILD" sh bench/sync.sh   # issue 5: push/pull 100 000 events vs PouchDB replicator and curl; issue 10: the same on a 3-node CouchDB cluster
run env BUILD="$BUILD" sh bench/region.sh 20 25000   # issue 10: a new workshop joins 20 workshops x 25 000 events (CouchDB cluster)
run env BUILD="$BUILD" sh bench/reconcile.sh          # issue 12: reconciling a lot of 100 000 announced devices vs the sqlite3 shell
run env BUILD="$BUILD" sh bench/proof.sh              # issue 13: the proof of reuse of a donor with 10 000 devices vs the sqlite3 shell
run sh bench/inventory.sh       # issue 12: lot import of a 100 000-row GLPI CSV vs sqlite3 .import; intake of announced devices on 1M devices
run env BUILD="$BUILD" sh bench/dash.sh               # issue 14: the dashboard opened on 1M devices (median, p99, RSS) vs the sqlite3 shell
run env BUILD="$BUILD" sh bench/verify.sh             # 1 GB PCs: verify and rebuild --check on 100 000 devices (median, p99, RSS) vs the sqlite3 shell's integrity_check

exit $status
