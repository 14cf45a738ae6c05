# tests/lib/couch.sh — sourced by test and benchmark scripts that need a real
# Apache CouchDB 3.5: a 3-node cluster (q=2, n=3) on loopback, started with
# ../shared/couchdb/couchdb from the release built into $BOUCLE_COUCHDB_BUILD
# (default /var/tmp/couchdb; `make deps-test` builds it), or the server named
# by BOUCLE_TEST_COUCHDB=http://admin:PW@host:port (used, never stopped).
#
#   couch_available        0 when a cluster can be had (else says why)
#   couch_start            start it; sets COUCH_URL (node 1), COUCH_URLS (the
#                          three nodes, for hub.url), COUCH_PORT, COUCH_RUN and
#                          exports BOUCLE_HUB_ADMIN=admin:$COUCH_ADMIN_PASSWORD
#   couch_kill I           kill -9 node I (its PID is in $COUCH_RUN/nodeI/couch.pid)
#   couch_restart I        start node I again, wait until it answers
#   couch_stop             stop the nodes this script started (only those)
# Ports: 3 free ones in a row in $BOUCLE_COUCHDB_PORTS (LO-HI, default
# 20000-32000: below the kernel's range for outgoing connections).
: "${BOUCLE_TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
COUCH_SCRIPT="$BOUCLE_TOP/../shared/couchdb/couchdb"
COUCH_BUILD=${BOUCLE_COUCHDB_BUILD:-/var/tmp/couchdb}
COUCH_ADMIN_PASSWORD=admin-test-pw
COUCH_RUN= COUCH_DIR=

couch_available() {
  [ -n "${BOUCLE_TEST_COUCHDB:-}" ] && return 0
  if [ -n "${BOUCLE_TEST_PASS:-}" ] && [ "$BOUCLE_TEST_PASS" != plain ] && [ -z "${BOUCLE_TEST_COUCHDB_ALL_PASSES:-}" ]; then
    echo "the CouchDB cluster cases run in the plain pass (the same client code runs here against PouchDB Server; BOUCLE_TEST_COUCHDB_ALL_PASSES=1 runs them)"
    return 1
  fi
  if [ ! -f "$COUCH_SCRIPT" ]; then echo "no Apache CouchDB here: $COUCH_SCRIPT is absent"; return 1; fi
  if [ ! -x "$COUCH_BUILD/rel/couchdb/bin/couchdb" ]; then
    echo "Apache CouchDB is not built in $COUCH_BUILD (make deps-test builds it)"; return 1; fi
  return 0
}

couch_port_free() {
  python3 -c 'import socket,sys
s=socket.socket()
try: s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError: sys.exit(1)' "$1"
}

couch_start() {
  if [ -n "${BOUCLE_TEST_COUCHDB:-}" ]; then
    COUCH_URL=$(echo "$BOUCLE_TEST_COUCHDB" | sed 's|://[^@]*@|://|; s|/*$||')
    COUCH_URLS=$COUCH_URL
    creds=$(echo "$BOUCLE_TEST_COUCHDB" | sed -n 's|.*://\([^@]*\)@.*|\1|p')
    COUCH_ADMIN_PASSWORD=${creds#*:}
    export BOUCLE_HUB_ADMIN="$creds" COUCH_URL COUCH_URLS
    return 0
  fi
  lo=20000 hi=32000
  case "${BOUCLE_COUCHDB_PORTS:-}" in *-*) lo=${BOUCLE_COUCHDB_PORTS%-*} hi=${BOUCLE_COUCHDB_PORTS#*-} ;; esac
  COUCH_DIR=$(mktemp -d /tmp/boucle-couch.XXXXXX)
  COUCH_RUN=$COUCH_DIR/run
  for attempt in 1 2 3; do
    tries=0
    while [ $tries -lt 200 ]; do
      p=$(( lo + $(od -An -N2 -tu2 /dev/urandom) % (hi - lo - 2) ))
      couch_port_free $p && couch_port_free $((p + 1)) && couch_port_free $((p + 2)) && break
      tries=$((tries + 1))
    done
    if COUCHDB_ADMIN_PW=$COUCH_ADMIN_PASSWORD sh "$COUCH_SCRIPT" start "$COUCH_BUILD" "$COUCH_RUN" $p 3 \
         >"$COUCH_DIR/url" 2>"$COUCH_DIR/start.log"; then
      COUCH_PORT=$p
      COUCH_URL="http://127.0.0.1:$p"
      COUCH_URLS="http://127.0.0.1:$p http://127.0.0.1:$((p + 1)) http://127.0.0.1:$((p + 2))"
      export BOUCLE_HUB_ADMIN="admin:$COUCH_ADMIN_PASSWORD" COUCH_URL COUCH_URLS COUCH_PORT COUCH_RUN
      return 0
    fi
    sh "$COUCH_SCRIPT" stop "$COUCH_RUN" >/dev/null 2>&1
  done
  echo "the CouchDB cluster did not start:"; cat "$COUCH_DIR/start.log"
  return 1
}

couch_kill() {
  [ -n "$COUCH_RUN" ] && [ -f "$COUCH_RUN/node$1/couch.pid" ] || return 1
  kill -9 "$(cat "$COUCH_RUN/node$1/couch.pid")"
}

couch_restart() {
  d=$COUCH_RUN/node$1 p=$((COUCH_PORT + $1 - 1))
  (cd "$d" && ERL_EPMD_ADDRESS=127.0.0.1 setsid ./bin/couchdb >>couch.out 2>&1 &)
  i=0
  until curl -fs "http://127.0.0.1:$p/_up" >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -le 240 ] || return 1; sleep 0.25
  done
  for f in /proc/[0-9]*/cmdline; do
    a=$( (tr '\0' ' ' <"$f") 2>/dev/null) || continue
    case $a in "$d/"*"/beam.smp "*) f=${f#/proc/}; echo "${f%/cmdline}" >"$d/couch.pid" ;; esac
  done
}

couch_stop() {
  if [ -n "$COUCH_RUN" ]; then sh "$COUCH_SCRIPT" stop "$COUCH_RUN" >/dev/null 2>&1; fi
  [ -n "$COUCH_DIR" ] && rm -rf "$COUCH_DIR"
  COUCH_RUN= COUCH_DIR=
  return 0
}

# Running a script that uses tests/lib/hub.sh against both hubs:
#   . tests/lib/hub.sh; . tests/lib/couch.sh
#   hub_each_kind "$0"     (at the top) runs the script again once with
#                          SYNC_HUB=pouchdb, once with SYNC_HUB=couchdb, and
#                          exits with the worse status
# In the run with SYNC_HUB=couchdb, hub_available / hub_start / hub_stop are
# the cluster's (HUB_URL = node 1, HUB_PORT, HUB_ADMIN_PASSWORD,
# BOUCLE_HUB_ADMIN as hub.sh sets them) and every case's name gets
# "/couchdb" (or "/pouchdb") appended.
hub_each_kind() {
  [ -n "${SYNC_HUB:-}" ] && { hub_kind_setup; return 0; }
  SYNC_HUB=pouchdb sh "$1"; a=$?
  SYNC_HUB=couchdb sh "$1"; b=$?
  [ $a -ne 0 ] && exit $a
  exit $b
}

hub_kind_setup() {
  eval "t_pass() { echo \"PASS \$1/$SYNC_HUB\"; }"
  eval "t_fail() { echo \"FAIL \$1/$SYNC_HUB: \$2\"; t_failures=\$((t_failures + 1)); }"
  eval "t_skip() { echo \"SKIP \$1/$SYNC_HUB: \$2\"; }"
  [ "$SYNC_HUB" = couchdb ] || return 0
  HUB_VENDOR=CouchDB
  hub_available() { couch_available; }
  hub_start() {
    couch_start || return 1
    HUB_URL=$COUCH_URL HUB_PORT=${COUCH_PORT:-${COUCH_URL##*:}} HUB_ADMIN_PASSWORD=$COUCH_ADMIN_PASSWORD
    export HUB_URL HUB_PORT HUB_ADMIN_PASSWORD
  }
  hub_stop() { couch_stop; }
}
