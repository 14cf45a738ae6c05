# tests/lib/hub.sh — sourced by test scripts that need a regional hub: runs
# PouchDB Server (tests/hub, installed by `npm ci` from the committed
# lockfile) in memory on a free loopback port.
#
#   hub_available            0 when PouchDB Server is installed (else says why)
#   hub_start [--admin]      start it; sets HUB_URL (http://127.0.0.1:PORT),
#                            HUB_PID, HUB_DIR; with --admin, creates the admin
#                            admin:$HUB_ADMIN_PASSWORD (leaves "admin party")
#                            and exports BOUCLE_HUB_ADMIN
#   hub_stop                 stop it (its data is gone: it is in memory)
#   hub_free_port            print a free loopback TCP port
# Waits are bounded (15 s for start-up).
: "${BOUCLE_TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
HUB_BIN="$BOUCLE_TOP/tests/hub/node_modules/.bin/pouchdb-server"
HUB_ADMIN_PASSWORD=${HUB_ADMIN_PASSWORD:-admin-test-pw}

hub_available() {
  if ! command -v node >/dev/null 2>&1; then echo "node is not installed (apt-get install nodejs)"; return 1; fi
  if [ ! -x "$HUB_BIN" ]; then echo "PouchDB Server is not installed (make deps-test runs npm ci in tests/hub)"; return 1; fi
  return 0
}

hub_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

hub_start() {
  HUB_DIR=$(mktemp -d /tmp/boucle-hub.XXXXXX)
  HUB_PORT=$(hub_free_port)
  HUB_URL="http://127.0.0.1:$HUB_PORT"
  # Its config.json and log.txt are written to the working directory.
  (cd "$HUB_DIR" && exec "$HUB_BIN" --in-memory -p "$HUB_PORT" -o 127.0.0.1 -n \
     -c "$HUB_DIR/config.json" >"$HUB_DIR/out.log" 2>&1) &
  HUB_PID=$!
  i=0
  while [ "$i" -lt 150 ]; do
    curl -sf "$HUB_URL/" >/dev/null 2>&1 && break
    sleep 0.1; i=$((i + 1))
  done
  if [ "$i" -ge 150 ]; then echo "hub did not start:"; cat "$HUB_DIR/out.log"; return 1; fi
  if [ "${1:-}" = --admin ]; then
    curl -sf -X PUT "$HUB_URL/_config/admins/admin" -d "\"$HUB_ADMIN_PASSWORD\"" >/dev/null || return 1
    export BOUCLE_HUB_ADMIN="admin:$HUB_ADMIN_PASSWORD"
  fi
  export HUB_URL HUB_PID HUB_DIR HUB_PORT
}

hub_stop() {
  if [ -n "${HUB_PID:-}" ]; then
    kill "$HUB_PID" 2>/dev/null || true
    wait "$HUB_PID" 2>/dev/null || true
  fi
  HUB_PID=
  if [ -n "${HUB_DIR:-}" ]; then rm -rf "$HUB_DIR"; fi
  return 0
}
