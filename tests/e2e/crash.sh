# crash.sh — a killed process (kill -9 in the middle of intake) leaves the
# database consistent, and every device whose asset id was printed (i.e.
# committed) is there, with its event, after the crash.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
export BOUCLE_DB="$T_DIR/crash.db"
"$B" init --workshop CRSH --name "Crash test" >/dev/null
"$B" operator add Ana >/dev/null
LOT=$("$B" lot add --donor "Donor")
: >"$T_DIR/printed"
round=0 lost=0
while [ $round -lt 8 ]; do
  round=$((round + 1))
  # A loop of intakes, as fast as the CLI goes; killed at a random moment.
  ( i=0; while [ $i -lt 400 ]; do i=$((i + 1)); "$B" device add --lot "$LOT" --serial "R${round}-$i" || exit; done ) >>"$T_DIR/printed" 2>/dev/null &
  pid=$!
  sleep "0.$(( (round * 37) % 9 + 1 ))"
  pkill -9 -P "$pid" 2>/dev/null; kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
done
# (the last killed process may still be exiting and holding its locks for
# a moment: wait for them rather than report "locked"; errors are shown)
ok=$(sqlite3 -cmd ".timeout 5000" "$BOUCLE_DB" "PRAGMA integrity_check" 2>&1)
[ "$ok" = ok ] && t_pass crash_integrity_ok || t_fail crash_integrity_ok "$ok"
n_printed=$(grep -c '^CRSH-' "$T_DIR/printed")
while read -r id; do
  case "$id" in CRSH-*) ;; *) continue ;; esac
  c=$(sqlite3 "$BOUCLE_DB" "SELECT count(*) FROM devices d JOIN events e ON e.device = d.id AND e.kind = 'device.receive' WHERE d.id = '$id'")
  [ "$c" = 1 ] || lost=$((lost + 1))
done <"$T_DIR/printed"
[ "$n_printed" -gt 0 ] && [ "$lost" -eq 0 ] && t_pass crash_no_committed_device_lost || t_fail crash_no_committed_device_lost "$lost of $n_printed printed ids missing"
# projections agree with the events: one device per receive event, counts match
ev=$(sqlite3 "$BOUCLE_DB" "SELECT count(*) FROM events WHERE kind = 'device.receive'")
dv=$(sqlite3 "$BOUCLE_DB" "SELECT count(*) FROM devices")
sc=$(sqlite3 "$BOUCLE_DB" "SELECT coalesce(sum(n), 0) FROM tallies WHERE scope LIKE 'state/%'")
[ "$ev" = "$dv" ] && [ "$dv" = "$sc" ] && t_pass crash_projections_match_events || t_fail crash_projections_match_events "events $ev, devices $dv, counted $sc"
# ids: no gap, no duplicate
gaps=$(sqlite3 "$BOUCLE_DB" "SELECT max(CAST(substr(id, 6) AS INTEGER)) - count(*) FROM devices")
[ "$gaps" = 0 ] && t_pass crash_ids_without_gaps || t_fail crash_ids_without_gaps "max id - count = $gaps"
# and work goes on afterwards
next=$("$B" device add --lot "$LOT" --serial AFTER-CRASH)
[ -n "$next" ] && t_pass crash_work_goes_on || t_fail crash_work_goes_on "no id after the crash"
t_end
