#!/bin/sh
# make run: opens the terminal UI. On a machine with no database yet, a demo
# database is made first (workshop DEMO, ~500 devices in every state) so that
# a newcomer sees a living app. Set BOUCLE_DB to use another database.
set -e
bin=${1:-build/boucle}
db=${BOUCLE_DB:-${XDG_DATA_HOME:-$HOME/.local/share}/boucle/boucle.db}
if [ ! -s "$db" ]; then
  mkdir -p "$(dirname "$db")"
  "$bin" --db "$db" demo --devices 500 >/dev/null
  echo "boucle: base de démonstration créée / demo database created: $db"
fi
if [ ! -t 0 ] || [ ! -t 1 ]; then
  echo "boucle: make run needs a terminal / il faut un terminal" >&2
  exit 1
fi
exec "$bin" --db "$db"
