# dash_stats.sh — `boucle stats --json` against counts done by the sqlite3
# shell on the database file: after the demo, after more events (a device
# received, states changed, a wipe, a reservation about to expire, a loan
# overdue), and after `boucle rebuild` (the same figures, the projection
# replayed). The clock is fixed with faketime. --region on one workshop
# gives the same figures; text output in French; bad usage.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
cd "$T_DIR" || exit 1
command -v faketime >/dev/null || { t_skip dash_stats "faketime is not installed"; exit 0; }
command -v sqlite3 >/dev/null || { t_skip dash_stats "sqlite3 is not installed"; exit 0; }
export BOUCLE_DB="$T_DIR/dash.db" BOUCLE_OPERATOR=Amina
NOW='2026-06-16 17:30:00'
at() { faketime "$NOW" "$@"; }
q() { sqlite3 -cmd ".timeout 10000" "$BOUCLE_DB" "$1"; }
j() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
at "$B" demo >/dev/null 2>&1
at "$B" operator add Amina >/dev/null 2>&1
WS=$(q "SELECT code FROM workshops LIMIT 1")

# every figure, the JSON against the sqlite3 shell: NAME JSONEXPR SQL
same() {
  got=$(j "$T_DIR/s.json" "$2") want=$(q "$3")
  [ "$got" = "$want" ] && t_pass "$1" || t_fail "$1" "stats says $got, SQL says $want"
}
DAYSQL() { echo "date((($1) >> 16) / 1000, 'unixepoch')"; }
check_all() { # suffix
  at "$B" stats --json >"$T_DIR/s.json" || { t_fail "stats_json_$1" "exit $?"; return; }
  W0=$(j "$T_DIR/s.json" 'd["flows"]["first_week"]')
  same "devices_$1" 'd["devices"]' "SELECT count(*) FROM devices WHERE workshop = '$WS'"
  same "by_state_$1" '" ".join("%s=%d" % (k, v) for k, v in sorted(d["by_state"].items()) if v)' \
    "SELECT group_concat(state || '=' || n, ' ') FROM (SELECT state, count(*) n FROM devices WHERE workshop = '$WS' GROUP BY state ORDER BY state)"
  same "stock_state_category_$1" '" ".join("%s/%s=%d" % (s, c, n) for s, r in sorted(d["stock"].items()) for c, n in sorted(r.items()))' \
    "SELECT group_concat(state || '/' || category || '=' || n, ' ') FROM (SELECT state, category, count(*) n FROM devices WHERE workshop = '$WS' GROUP BY 1, 2 ORDER BY 1, 2)"
  same "grades_in_stock_$1" '" ".join("%s=%d" % (k, v) for k, v in sorted(d["grades_in_stock"].items()))' \
    "SELECT group_concat(g || '=' || n, ' ') FROM (SELECT g, sum(n) n FROM (SELECT CASE WHEN grade = '' THEN 'none' ELSE grade END g, 1 n FROM devices WHERE workshop = '$WS' AND state IN ('received', 'in_progress', 'ready', 'reserved') UNION ALL SELECT column1, 0 FROM (VALUES ('A'), ('B'), ('C'), ('D'), ('none'))) GROUP BY g ORDER BY g)"
  same "year_in_$1" 'd["flows"]["year_in"]' \
    "SELECT count(*) FROM devices WHERE workshop = '$WS' AND $(DAYSQL received_hlc) >= '$W0'"
  same "year_out_$1" 'd["flows"]["year_out"]' \
    "SELECT count(*) FROM devices WHERE workshop = '$WS' AND state IN ('reused', 'parts', 'recycled') AND $(DAYSQL updated_hlc) >= '$W0'"
  same "weeks_in_$1" '" ".join(str(x) for x in d["flows"]["weeks_in"] if x)' \
    "SELECT group_concat(n, ' ') FROM (SELECT (julianday($(DAYSQL received_hlc)) - julianday('$W0')) / 7 AS w, count(*) n FROM devices WHERE workshop = '$WS' AND $(DAYSQL received_hlc) >= '$W0' GROUP BY CAST(w AS INTEGER) ORDER BY CAST(w AS INTEGER))"
  same "donors_$1" '" | ".join("%s=%d" % (x["donor"], x["devices"]) for x in d["donors"])' \
    "SELECT group_concat(donor || '=' || n, ' | ') FROM (SELECT l.donor, count(*) n FROM devices d JOIN lots l ON l.id = d.lot WHERE d.workshop = '$WS' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5)"
  same "wipes_$1" '"%d %d %d" % (d["wipes"]["success"], d["wipes"]["failed"], d["wipes"]["aborted"])' \
    "SELECT (SELECT count(*) FROM wipes WHERE workshop = '$WS' AND status = 'success') || ' ' || (SELECT count(*) FROM wipes WHERE workshop = '$WS' AND status = 'failed') || ' ' || (SELECT count(*) FROM wipes WHERE workshop = '$WS' AND status = 'aborted')"
  same "ready_median_$1" 'd["ready_median_days"]' \
    "SELECT ((ready_hlc >> 16) - (received_hlc >> 16)) / 86400000 AS k FROM devices WHERE workshop = '$WS' AND ready_hlc > 0 ORDER BY k LIMIT 1 OFFSET (SELECT (count(*) - 1) / 2 FROM devices WHERE workshop = '$WS' AND ready_hlc > 0)"
  same "waiting_wipe_$1" 'd["attention"]["waiting_for_wipe_over_a_week"]' \
    "SELECT count(*) FROM devices d WHERE workshop = '$WS' AND state IN ('received', 'in_progress') AND category IN ('laptop', 'desktop', 'phone', 'tablet') AND $(DAYSQL received_hlc) < date('2026-06-16', '-7 days') AND NOT EXISTS (SELECT 1 FROM wipes w WHERE w.device = d.id AND w.status = 'success')"
  same "reservations_expiring_$1" 'd["attention"]["reservations_expiring"]' \
    "SELECT count(*) FROM allocations WHERE workshop = '$WS' AND kind = 'reservation' AND status IN ('interested', 'confirmed') AND until <> '' AND until <= '2026-06-18'"
  same "loans_overdue_$1" 'd["attention"]["loans_overdue"]' \
    "SELECT count(*) FROM allocations WHERE workshop = '$WS' AND kind = 'loan' AND status = 'delivered' AND until <> '' AND until < '2026-06-16'"
  same "carbon_$1" '"%.1f" % d["carbon"]["kg_co2e"]' \
    "SELECT printf('%.1f', sum(CASE category WHEN 'laptop' THEN 182.6 WHEN 'desktop' THEN 204.4 WHEN 'screen' THEN 65.9 WHEN 'phone' THEN 85.1 WHEN 'tablet' THEN 59.7 ELSE 0 END) + 0.0) FROM devices WHERE workshop = '$WS' AND state = 'reused'"
  same "carbon_source_$1" 'd["carbon"]["source"]' "SELECT 'ADEME / Arcep 2022 (impactco2.fr), fabrication et distribution'"
}
check_all demo
[ "$(j "$T_DIR/s.json" 'd["devices"]')" -gt 100 ] && [ "$(j "$T_DIR/s.json" 'd["carbon"]["kg_co2e"]')" != 0.0 ] \
  && t_pass demo_has_figures || t_fail demo_has_figures "$(head -c 300 "$T_DIR/s.json")"

# ---- more events: a week-old laptop, states, a wipe, a reservation, a loan ----
LOT=$(faketime '2026-06-01 09:00:00' "$B" lot add --donor "Donateur du test" --ref T-1)
OLD=$(faketime '2026-06-01 09:10:00' "$B" device add --lot "$LOT" --serial DASH0001 --category laptop)
OLD2=$(faketime '2026-06-01 09:11:00' "$B" device add --lot "$LOT" --serial DASH0002 --category laptop)
faketime '2026-06-02 09:00:00' "$B" media add "$OLD2" --serial DD2 --type ssd >/dev/null
faketime '2026-06-02 09:05:00' "$B" wipe add "$OLD2" --media DD2 --category purge --technique ata-secure-erase --tool hdparm --status success >/dev/null
faketime '2026-06-02 09:06:00' "$B" wipe add "$OLD2" --media DD2 --category purge --technique ata-secure-erase --tool hdparm --status failed >/dev/null
# ready devices whose every disk has a successful wipe (a loan, a reuse need it)
READY=$(q "SELECT id FROM devices d WHERE workshop = '$WS' AND state = 'ready' AND NOT EXISTS (SELECT 1 FROM media m WHERE m.device = d.id AND NOT EXISTS (SELECT 1 FROM wipes w WHERE w.device = d.id AND w.serial_key = m.serial_key AND w.status = 'success')) ORDER BY id LIMIT 3")
R1=$(echo "$READY" | sed -n 1p) R2=$(echo "$READY" | sed -n 2p) R3=$(echo "$READY" | sed -n 3p)
P=$(q "SELECT code FROM parties WHERE kind = 'association' LIMIT 1")
at "$B" reserve "$R1" --for "$P" --until 2026-06-17 >/dev/null || t_fail reserve_setup "reserve"
faketime '2026-06-05 10:00:00' "$B" allocate "$R2" --to "$P" --as loan --until 2026-06-10 --status delivered >/dev/null \
  || t_fail loan_setup "$(faketime '2026-06-05 10:00:00' "$B" allocate "$R2" --to "$P" --as loan --until 2026-06-10 --status delivered 2>&1)"
at "$B" device state "$R3" reused >/dev/null 2>&1 || at "$B" allocate "$R3" --to "$P" --as donation --status delivered >/dev/null
at "$B" device state "$OLD" in_progress >/dev/null 2>&1
check_all events
[ "$(j "$T_DIR/s.json" 'd["attention"]["reservations_expiring"]')" -ge 1 ] && [ "$(j "$T_DIR/s.json" 'd["attention"]["loans_overdue"]')" -ge 1 ] \
  && t_pass attention_counted || t_fail attention_counted "$(j "$T_DIR/s.json" 'd["attention"]')"
cp "$T_DIR/s.json" "$T_DIR/before.json"

# ---- rebuild: the projection replayed gives the same figures ----
at "$B" rebuild >/dev/null || t_fail rebuild "exit $?"
check_all rebuilt
cmp -s "$T_DIR/s.json" "$T_DIR/before.json" && t_pass rebuild_same_json || t_fail rebuild_same_json "$(diff "$T_DIR/before.json" "$T_DIR/s.json" | head -20)"
"$B" verify --offline >/dev/null 2>&1 && t_pass verify_with_stats || t_fail verify_with_stats "$("$B" verify --offline 2>&1 | head -3)"

# ---- --region on one workshop: the same figures; the text in French ----
at "$B" stats --json --region >"$T_DIR/r.json"
[ "$(j "$T_DIR/r.json" 'd["scope"], d["workshops"], d["devices"]')" = "('region', 1, $(j "$T_DIR/s.json" 'd["devices"]'))" ] \
  && t_pass region_one_workshop || t_fail region_one_workshop "$(j "$T_DIR/r.json" 'd["scope"], d["workshops"], d["devices"]')"
at "$B" stats >"$T_DIR/out" 2>&1
grep -q "^Cet atelier" "$T_DIR/out" && grep -q "Carbone évité" "$T_DIR/out" && grep -q "Source  *ADEME" "$T_DIR/out" \
  && grep -q "Méthode" "$T_DIR/out" && t_pass text_french || t_fail text_french "$(cat "$T_DIR/out")"
"$B" stats --frob >/dev/null 2>&1; [ $? -eq 2 ] && t_pass bad_usage_exit_2 || t_fail bad_usage_exit_2 "exit $?"
t_end
