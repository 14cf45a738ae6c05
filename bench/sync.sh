#!/bin/sh
# bench/sync.sh — sync benchmark (issue 5): push and pull of ~100 000 events
# (then the same against a 3-node Apache CouchDB 3.5 cluster, see the end)
# between boucle and a hub (PouchDB Server, in memory, on loopback), beside,
# in the same run and against the same server:
#   - PouchDB's own replicator (Node) moving the same documents between the
#     hub and a local in-memory PouchDB (batch_size 500, like boucle);
#   - curl posting pre-built _bulk_docs batches of the same documents with
#     one keep-alive connection (push), and fetching the whole _changes feed
#     with the documents in one request, or page by page like boucle (pull):
#     the ceiling (it stores nothing).
# Every push goes into a fresh hub database with the same design document
# (validate_doc_update runs for every client) and the same workshop login.
# Figures are RESULT lines (bench/run.sh's protocol): documents per second,
# wall time, bytes on the wire (loopback tx growth, both directions, with
# TCP/IP headers), client CPU time and client peak RSS.
#
#   BUILD=build sh bench/sync.sh [EVENTS]      (default 100000)
#   BENCH_SYNC_PARTS="pull" …                   only some parts (push, pull)
#   BENCH_SYNC_HUBS=couchdb|pouchdb …           only one hub (default both)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$top/$BUILD" ;; esac
events=${1:-${BENCH_SYNC_EVENTS:-100000}}
B="$BUILD/boucle"
M="python3 $top/bench/sync_measure.py"
BOUCLE_TOP=$top
. "$top/tests/lib/hub.sh"
if ! why=$(hub_available); then echo "SKIP sync benchmark: $why"; exit 0; fi
work=$(mktemp -d /tmp/boucle-bench-sync.XXXXXX)
trap 'hub_stop; rm -rf "$work"' EXIT INT TERM

# ~2 events per generated device (receive + state changes)
devices=$((events / 2))
echo "# generating $devices devices"
"$BUILD/bench/gen" "$work/gre.db" "$devices" >/dev/null
n=$(sqlite3 "$work/gre.db" "select count(*) from events")
echo "# $n events"
python3 "$top/bench/sync_docs.py" "$work/gre.db" "$work/docs" 500 >/dev/null

# Each measurement gets a fresh hub process, so none pays for the documents
# an earlier one left in the server's memory.
fresh_hub() {
  hub_stop
  hub_start --admin >/dev/null
  "$B" hub init "$HUB_URL" >/dev/null
  BOUCLE_HUB_PASSWORD=bench-password-1 "$B" hub add-workshop "$HUB_URL" GRE1 >/dev/null
  BOUCLE_HUB_PASSWORD=bench-password-2 "$B" hub add-workshop "$HUB_URL" LYO1 >/dev/null
  hostport=${HUB_URL#http://}
}
# curl arguments posting every pre-built batch over one connection as $1
batches_args() {
  user=$1; shift
  set --
  for f in "$work"/docs/batch-*.json; do
    [ $# -gt 0 ] && set -- "$@" --next
    set -- "$@" -s -o /dev/null -u "$user" -H Content-Type:application/json \
      --data-binary "@$f" "$HUB_URL/boucle/_bulk_docs"
  done
  printf '%s\n' "$@" >"$work/curl-args"
}
# the anchor, head and key documents a boucle sync adds (doc/sync.md): not events
chain_docs() {
  t=0
  for p in anchor head key; do
    c=$(curl -s -G -u "admin:$HUB_ADMIN_PASSWORD" "$HUB_URL/$1/_all_docs" \
          --data-urlencode "startkey=\"$p:\"" --data-urlencode "endkey=\"$p:~\"" | grep -c '"id":')
    t=$((t + c))
  done
  echo $t
}
hub_docs() {
  d=$(curl -s -u "admin:$HUB_ADMIN_PASSWORD" "$HUB_URL/boucle" | sed -n 's/.*"doc_count":\([0-9]*\).*/\1/p')
  d=$((d - $(chain_docs boucle)))
  [ "$d" = $((n + 1)) ] || echo "WRONG: the hub holds $d documents besides anchors, not $((n + 1))" >&2
  echo "$d"
}
export XDG_CONFIG_HOME="$work/cfg"

want() { case " ${BENCH_SYNC_PARTS:-push pull} " in *" $1 "*) return 0 ;; esac; return 1; }
hub_wanted() { case "${BENCH_SYNC_HUBS:-all}" in all|"$1") return 0 ;; esac; return 1; }
if hub_wanted pouchdb && want push; then
echo "# push: boucle"
fresh_hub
"$B" config set hub.url "$HUB_URL"
"$B" config set hub.user GRE1
BOUCLE_HUB_PASSWORD=bench-password-1 $M boucle_push "$n" -- "$B" --db "$work/gre.db" sync --push-only --json
echo "# hub: $(hub_docs) documents (events + design)"

echo "# push: PouchDB replicator"
fresh_hub
$M pouch_push_total "$n" -- node "$top/bench/sync_pouch.js" push "$work/docs/docs.ndjson" "http://GRE1:bench-password-1@$hostport/boucle"
echo "# hub: $(hub_docs) documents (events + design)"

echo "# push: curl, pre-built batches, one connection (the ceiling)"
fresh_hub
batches_args GRE1:bench-password-1
# one argument per line, no blanks in them (paths under /tmp, the URL)
# shellcheck disable=SC2046
$M curl_push "$n" -- curl $(cat "$work/curl-args")
echo "# hub: $(hub_docs) documents (events + design)"

fi
if hub_wanted pouchdb && want pull; then
# Pulls read a hub filled by curl (not measured).
echo "# pull: boucle (fresh workshop database)"
fresh_hub
batches_args admin:$HUB_ADMIN_PASSWORD
# shellcheck disable=SC2046
curl $(cat "$work/curl-args")
"$B" config set hub.url "$HUB_URL"
"$B" config set hub.user LYO1
"$B" --db "$work/lyo.db" init --workshop LYO1 --name Lyon >/dev/null
BOUCLE_HUB_PASSWORD=bench-password-2 $M boucle_pull "$n" -- "$B" --db "$work/lyo.db" sync --pull-only --json
echo "# hub: $(hub_docs) documents (events + design)"
echo "# pulled $(sqlite3 "$work/lyo.db" "select count(*) from events where workshop='GRE1'") of $n"

echo "# pull: PouchDB replicator"
$M pouch_pull_total "$n" -- node "$top/bench/sync_pouch.js" pull "http://LYO1:bench-password-2@$hostport/boucle"

echo "# pull: curl, whole _changes feed with documents in one request (the ceiling)"
$M curl_pull "$n" -- curl -s -o /dev/null -u LYO1:bench-password-2 "$HUB_URL/boucle/_changes?include_docs=true&style=main_only"

echo "# pull: curl, the same pages as boucle (500 changes each, one connection per page)"
# The next since is read from the end of each page (last_seq closes it);
# the feed is done when it no longer moves.
cat >"$work/pages.sh" <<PAGES
since=0
while :; do
  curl -s -u LYO1:bench-password-2 "$HUB_URL/boucle/_changes?include_docs=true&style=main_only&limit=500&since=\$since" >"$work/page"
  next=\$(tail -c 300 "$work/page" | sed -n 's/.*"last_seq":"\{0,1\}\([^",}]*\).*/\1/p')
  [ -z "\$next" ] || [ "\$next" = "\$since" ] && break
  since=\$next
done
PAGES
$M curl_pull_pages "$n" -- sh "$work/pages.sh"
fi
if hub_wanted couchdb; then

# ---- Apache CouchDB 3.5, 3-node cluster (q=2, n=3) on loopback --------------
# The same documents, boucle beside curl on the same cluster: push into a
# fresh database each (hub init: the design document's validate_doc_update
# runs in QuickJS for every document), pulls read the database curl filled.
. "$top/tests/lib/couch.sh"
if ! why=$(couch_available); then echo "SKIP sync benchmark on CouchDB: $why"; exit 0; fi
hub_stop
trap 'couch_stop; rm -rf "$work"' EXIT INT TERM
couch_start >/dev/null || { echo "SKIP sync benchmark on CouchDB: the cluster did not start"; exit 0; }
HUB_URL=$COUCH_URL
HUB_ADMIN_PASSWORD=$COUCH_ADMIN_PASSWORD
"$B" hub init "$HUB_URL" --db cpush >/dev/null
"$B" hub init "$HUB_URL" --db ccurl >/dev/null
BOUCLE_HUB_PASSWORD=bench-password-1 "$B" hub add-workshop "$HUB_URL" GRE1 >/dev/null
BOUCLE_HUB_PASSWORD=bench-password-2 "$B" hub add-workshop "$HUB_URL" LYO1 >/dev/null
sleep 2   # the cluster applies _security and the users on each node a moment later
couch_docs() {
  d=$(curl -s -u "admin:$HUB_ADMIN_PASSWORD" "$HUB_URL/$1" | sed -n 's/.*"doc_count":\([0-9]*\).*/\1/p')
  d=$((d - $(chain_docs "$1")))
  [ "$d" = $((n + 1)) ] || echo "WRONG: the hub holds $d documents besides anchors, not $((n + 1))" >&2
  echo "$d"
}
export XDG_CONFIG_HOME="$work/cfg-couch"
echo "# couchdb push: boucle"
"$B" config set hub.url "$COUCH_URLS"
"$B" config set hub.db cpush
"$B" config set hub.user GRE1
BOUCLE_HUB_PASSWORD=bench-password-1 $M couch_boucle_push "$n" -- "$B" --db "$work/gre.db" sync --push-only --json
echo "# hub: $(couch_docs cpush) documents (events + design)"

echo "# couchdb push: curl, pre-built batches, one connection (the ceiling)"
set --
for f in "$work"/docs/batch-*.json; do
  [ $# -gt 0 ] && set -- "$@" --next
  set -- "$@" -s -o /dev/null -u GRE1:bench-password-1 -H Content-Type:application/json \
    --data-binary "@$f" "$HUB_URL/ccurl/_bulk_docs"
done
printf '%s\n' "$@" >"$work/curl-args"
# shellcheck disable=SC2046
$M couch_curl_push "$n" -- curl $(cat "$work/curl-args")
echo "# hub: $(couch_docs ccurl) documents (events + design)"

echo "# couchdb pull: boucle (fresh workshop database)"
"$B" config set hub.db ccurl
"$B" config set hub.user LYO1
"$B" --db "$work/lyo-couch.db" init --workshop LYO1 --name Lyon >/dev/null
BOUCLE_HUB_PASSWORD=bench-password-2 $M couch_boucle_pull "$n" -- "$B" --db "$work/lyo-couch.db" sync --pull-only --json
echo "# pulled $(sqlite3 "$work/lyo-couch.db" "select count(*) from events where workshop='GRE1'") of $n"

echo "# couchdb pull: curl, the same pages as boucle (500 changes each, one connection per page)"
cat >"$work/pages-couch.sh" <<PAGES
since=0
while :; do
  curl -s -u LYO1:bench-password-2 "$HUB_URL/ccurl/_changes?include_docs=true&style=main_only&limit=500&seq_interval=500&since=\$since" >"$work/page"
  next=\$(tail -c 400 "$work/page" | sed -n 's/.*"last_seq":"\{0,1\}\([^",}]*\).*/\1/p')
  [ -z "\$next" ] || [ "\$next" = "\$since" ] && break
  since=\$next
done
PAGES
$M couch_curl_pull_pages "$n" -- sh "$work/pages-couch.sh"
echo "# couchdb pull: curl, whole _changes feed with documents in one request"
$M couch_curl_pull "$n" -- curl -s -o /dev/null -u LYO1:bench-password-2 "$HUB_URL/ccurl/_changes?include_docs=true&style=main_only"
fi
