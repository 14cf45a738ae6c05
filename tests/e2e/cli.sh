# cli.sh — the command line as a script or cron job uses it: exit statuses,
# messages on stderr in the user's language, JSON output.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
export BOUCLE_DB="$T_DIR/cli.db"

expect_status() { # name want cmd...
  name=$1 want=$2; shift 2
  "$@" >"$T_DIR/out" 2>"$T_DIR/err"; got=$?
  if [ "$got" -eq "$want" ]; then t_pass "$name"; else
    t_fail "$name" "status $got, expected $want; stderr: $(head -c 300 "$T_DIR/err")"; fi
}

expect_status cli_init 0 "$B" init --workshop GRE1 --name "Atelier de Grenoble"
[ "$(stat -c %a "$BOUCLE_DB")" = 600 ] && t_pass cli_db_mode_0600 || t_fail cli_db_mode_0600 "mode $(stat -c %a "$BOUCLE_DB")"
expect_status cli_operator_add 0 "$B" operator add Camille
expect_status cli_init_again_refused 1 "$B" init --workshop GRE1 --name X
expect_status cli_init_bad_code 2 "$B" init --workshop gre --name X
expect_status cli_unknown_subcommand 2 "$B" frobnicate
expect_status cli_unknown_option 2 "$B" device list --colour
expect_status cli_missing_value 2 "$B" lot add --donor

LOT=$("$B" lot add --donor "CHU Grenoble Alpes" --ref BL-7 --expected 3)
[ "$LOT" = GRE1-L0001 ] && t_pass cli_lot_add_prints_id || t_fail cli_lot_add_prints_id "got '$LOT'"
ID=$("$B" device add --lot "$LOT" --serial 5CG7301XYZ --category laptop --make HP --model "EliteBook 840 G5")
[ "$ID" = GRE1-000001 ] && t_pass cli_device_add_prints_asset_id || t_fail cli_device_add_prints_asset_id "got '$ID'"
expect_status cli_duplicate_serial 1 "$B" device add --lot "$LOT" --serial 5cg7301xyz
grep -q "GRE1-000001" "$T_DIR/err" && t_pass cli_duplicate_names_device || t_fail cli_duplicate_names_device "$(cat "$T_DIR/err")"
# French by default, even under LANG=C
LANG=C "$B" device show NOPE >/dev/null 2>"$T_DIR/err"
grep -q "aucun appareil NOPE" "$T_DIR/err" && t_pass cli_french_by_default || t_fail cli_french_by_default "$(cat "$T_DIR/err")"
"$B" --lang en device show NOPE >/dev/null 2>"$T_DIR/err"
grep -q "no device NOPE" "$T_DIR/err" && t_pass cli_english_with_lang || t_fail cli_english_with_lang "$(cat "$T_DIR/err")"
LANG=en_US.UTF-8 "$B" device show NOPE >/dev/null 2>"$T_DIR/err"
grep -q "no device NOPE" "$T_DIR/err" && t_pass cli_english_from_env || t_fail cli_english_from_env "$(cat "$T_DIR/err")"
expect_status cli_unknown_device 1 "$B" device show GRE1-999999
expect_status cli_unknown_lot 1 "$B" device add --lot GRE1-L0099 --serial X1
expect_status cli_bad_serial_control 1 "$B" device add --lot "$LOT" --serial "$(printf 'AB\001C')"
expect_status cli_bad_serial_utf8 1 "$B" device add --lot "$LOT" --serial "$(printf 'AB\377C')"
expect_status cli_bad_serial_huge 1 "$B" device add --lot "$LOT" --serial "$(head -c 2000 /dev/zero | tr '\0' A)"
expect_status cli_bad_expected 2 "$B" lot add --donor X --expected many
expect_status cli_bad_state 2 "$B" device list --state flying

"$B" device show 5CG7301XYZ --json >"$T_DIR/show.json" 2>&1
if python3 - "$T_DIR/show.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("id", "serial", "category", "make", "model", "state", "lot", "donor", "events"):
    assert k in d, k
assert d["id"] == "GRE1-000001" and d["state"] == "received" and d["donor"] == "CHU Grenoble Alpes", d
assert d["events"][0]["kind"] == "device.receive"
PY
then t_pass cli_show_json_fields; else t_fail cli_show_json_fields "$(head -c 400 "$T_DIR/show.json")"; fi

# ready asks for a grading and no donor data left (state_rules.h): graded, declared without storage
"$B" device state GRE1-1 in_progress >/dev/null 2>&1 && "$B" grade GRE1-1 --cosmetic A --outcome reuse --all-pass --test battery=90 --no-storage >/dev/null 2>&1 \
  && "$B" device state GRE1-000001 ready --note "bench" >/dev/null 2>&1
"$B" device list --json --state ready >"$T_DIR/list.json"
if python3 -c "import json,sys; l=json.load(open('$T_DIR/list.json')); assert len(l)==1 and l[0]['id']=='GRE1-000001' and l[0]['state']=='ready'"; then
  t_pass cli_list_json_filter; else t_fail cli_list_json_filter "$(head -c 300 "$T_DIR/list.json")"; fi
"$B" lot list --json | python3 -c "import json,sys; l=json.load(sys.stdin); assert l[0]['received']==1 and l[0]['expected']==3" \
  && t_pass cli_lot_list_json || t_fail cli_lot_list_json "lot list json"

# rebuild gives the same answers
before=$("$B" device list --json; "$B" lot list --json)
expect_status cli_rebuild 0 "$B" rebuild
after=$("$B" device list --json; "$B" lot list --json)
[ "$before" = "$after" ] && t_pass cli_rebuild_identical || t_fail cli_rebuild_identical "output changed after rebuild"

# a database from a newer boucle is refused and left alone
cp "$BOUCLE_DB" "$T_DIR/newer.db"
sqlite3 "$T_DIR/newer.db" "PRAGMA user_version = 4242"
expect_status cli_newer_db_refused 1 "$B" --db "$T_DIR/newer.db" device list
[ "$(sqlite3 "$T_DIR/newer.db" 'PRAGMA user_version')" = 4242 ] && t_pass cli_newer_db_untouched || t_fail cli_newer_db_untouched "changed"
# a locked database: another process holds the write lock
( sqlite3 "$BOUCLE_DB" "BEGIN IMMEDIATE; SELECT 1;" ".shell sleep 7" "COMMIT;" >/dev/null 2>&1 & )
sleep 0.5
expect_status cli_locked_db 1 "$B" device add --lot "$LOT" --serial LOCK1
grep -qi "verrouill" "$T_DIR/err" && t_pass cli_locked_message || t_fail cli_locked_message "$(cat "$T_DIR/err")"
sleep 2
# not a database
head -c 4096 /dev/urandom >"$T_DIR/junk.db"
expect_status cli_junk_db 1 "$B" --db "$T_DIR/junk.db" device list
# demo fills every state
expect_status cli_demo 0 "$B" --db "$T_DIR/demo.db" demo --devices 500
for s in received in_progress ready reserved reused parts recycled; do
  n=$("$B" --db "$T_DIR/demo.db" device list --state $s | wc -l)
  [ "$n" -gt 0 ] || { t_fail cli_demo_every_state "no device in state $s"; break; }
done
[ "${n:-0}" -gt 0 ] && t_pass cli_demo_every_state
# devices past the bench are graded and mostly wiped: both claims appear,
# and nothing still at the bench is graded
claims=$("$B" --db "$T_DIR/demo.db" device list --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
past = [x for x in d if x["state"] not in ("received", "in_progress")]
print(sum(x["claim"] == "reconditionne" for x in past) > 0, sum(x["claim"] == "occasion" for x in past) > 0,
      all(x["grade"] for x in past), any(x["grade"] for x in d if x["state"] in ("received", "in_progress")))')
[ "$claims" = "True True True False" ] && t_pass cli_demo_graded || t_fail cli_demo_graded "$claims"
t_end
