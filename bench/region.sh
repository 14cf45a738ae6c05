#!/bin/sh
# bench/region.sh — a new workshop joins a region (issue 10): K workshops
# (default 20) of E events each (default 25 000) are on the hub; a new
# workshop's first `boucle sync` pulls them all. Measured: wall time until
# the sync has committed everything (the regional view reads the local
# database, so it is usable then), client CPU and peak RSS, and the first
# page of the regional view on the result. Beside it, in the same run,
# curl fetching the same _changes pages (the ceiling: it stores nothing).
#
# The hub is a 3-node Apache CouchDB 3.5 cluster (q=2, n=3) built from
# ../shared/couchdb into $BOUCLE_COUCHDB_BUILD (default /var/tmp/couchdb)
# when there, else PouchDB Server.
#
#   BUILD=build sh bench/region.sh [K] [EVENTS_PER_WORKSHOP]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$top/$BUILD" ;; esac
K=${1:-20}
E=${2:-25000}
B="$BUILD/boucle"
M="python3 $top/bench/sync_measure.py"
work=$(mktemp -d /tmp/boucle-bench-region.XXXXXX)
CB=${BOUCLE_COUCHDB_BUILD:-/var/tmp/couchdb}
CS="$top/../shared/couchdb/couchdb"
PW=${COUCHDB_ADMIN_PW:-boucle-test}
if [ -x "$CB/rel/couchdb/bin/couchdb" ] && [ -x "$CS" ]; then
  kind=couchdb
  port=${BENCH_COUCH_PORT:-27010}
  trap '"$CS" stop "$work/run" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT INT TERM
  HUB_URL=$("$CS" start "$CB" "$work/run" "$port" 3 | tail -1)
  HUB_URL=${HUB_URL%/}
  export BOUCLE_HUB_ADMIN="admin:$PW"
  ADMIN="admin:$PW"
else
  kind=pouchdb
  BOUCLE_TOP=$top
  . "$top/tests/lib/hub.sh"
  if ! why=$(hub_available); then echo "SKIP region benchmark: $why"; exit 0; fi
  trap 'hub_stop; rm -rf "$work"' EXIT INT TERM
  hub_start --admin >/dev/null
  ADMIN="admin:$HUB_ADMIN_PASSWORD"
fi
echo "# hub: $kind at $HUB_URL"
devices=$(( E * 100 / 195 ))     # gen writes ~1.95 events per device
"$BUILD/bench/gen" "$work/gre.db" "$devices" >/dev/null
python3 "$top/bench/sync_docs.py" "$work/gre.db" "$work/one" 1000 >/dev/null
per=$(wc -l <"$work/one/docs.ndjson")
batches=$(python3 "$top/bench/region_docs.py" "$work/one/docs.ndjson" "$work/docs" "$K" 1000)
total=$((per * K))
echo "# $K workshops x $per events = $total events, $batches batches"
# The region's documents go in before the design document: filling is not
# what is measured, and validate_doc_update (QuickJS, 3 copies) made it take
# half an hour on this VM. hub init then adds the design document and the
# workshop users to the database as it stands.
curl -s -o /dev/null -u "$ADMIN" -X PUT "$HUB_URL/boucle"
t0=$(date +%s.%N)
ls "$work"/docs/batch-*.json | xargs -P 2 -I{} curl -s -o /dev/null -u "$ADMIN" -H Content-Type:application/json \
  --data-binary "@{}" "$HUB_URL/boucle/_bulk_docs"
t1=$(date +%s.%N)
echo "# filled the hub in $(echo "$t1 - $t0" | bc) s"
"$B" hub init "$HUB_URL" >/dev/null
BOUCLE_HUB_PASSWORD=bench-password-9 "$B" hub add-workshop "$HUB_URL" NEW1 >/dev/null
sleep 2   # a cluster applies _security and the users on each node a moment later
# A hub in service has its views built: build them now (one query builds
# every view of the design document), or the join would wait for CouchDB
# building them on the same two cores (measured: 678 s instead of ~150 s for
# 500 400 events).
tv=$(date +%s.%N)
curl -s -o /dev/null -m 3600 -u "$ADMIN" "$HUB_URL/boucle/_design/boucle/_view/by_device?limit=1"
# the other copies of each shard build theirs in the background (ken): wait
# until no node indexes any more
k=0
while curl -s -u "$ADMIN" "$HUB_URL/_active_tasks" | grep -q '"indexer"' && [ $k -lt 1800 ]; do sleep 1; k=$((k + 1)); done
echo "# built the hub's views in $(echo "$(date +%s.%N) - $tv" | bc) s"
n=$(curl -s -u "$ADMIN" "$HUB_URL/boucle" | sed -n 's/.*"doc_count":\([0-9]*\).*/\1/p')
echo "# hub holds $n documents"

export XDG_CONFIG_HOME="$work/cfg"
"$B" config set hub.url "$HUB_URL"
"$B" config set hub.user NEW1
"$B" --db "$work/new.db" init --workshop NEW1 --name Nouveau >/dev/null
echo "# join: boucle sync of a new workshop"
BOUCLE_HUB_PASSWORD=bench-password-9 $M join_pull "$total" -- "$B" --db "$work/new.db" sync --json
got=$(sqlite3 "$work/new.db" "select count(*) from events where workshop <> 'NEW1'")
echo "# pulled $got of $total; devices $(sqlite3 "$work/new.db" "select count(*) from devices"), refused $(sqlite3 "$work/new.db" "select count(*) from refused")"
[ "$got" = "$total" ] || echo "WRONG: pulled $got, not $total" >&2
echo "# join: the regional view's first page"
if "$B" --db "$work/new.db" region --help >/dev/null 2>&1; then
  $M join_region_page 1 -- "$B" --db "$work/new.db" region --limit 20
fi

echo "# join: curl, the same pages (500 changes each, one connection per page)"
cat >"$work/pages.sh" <<PAGES
since=0
while :; do
  curl -s -u NEW1:bench-password-9 "$HUB_URL/boucle/_changes?include_docs=true&style=main_only&limit=500&seq_interval=500&since=\$since" >"$work/page"
  next=\$(tail -c 2000 "$work/page" | sed -n 's/.*"last_seq":"\{0,1\}\([^",}]*\).*/\1/p')
  [ -z "\$next" ] || [ "\$next" = "\$since" ] && break
  since=\$next
done
PAGES
$M join_curl_pages "$total" -- sh "$work/pages.sh"
