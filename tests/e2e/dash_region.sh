# dash_region.sh — `boucle stats --region` with two workshops syncing via
# the test hub (PouchDB Server on loopback, tests/lib/hub.sh): after both
# synced, each side's --region holds the other's figures, both sides agree
# (the same JSON), the region is the sum of the two workshops' own figures,
# and the sqlite3 shell's count over each database agrees.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
. "$BOUCLE_TOP/tests/lib/hub.sh"
command -v sqlite3 >/dev/null || { t_skip dash_region "sqlite3 is not installed"; exit 0; }
if ! why=$(hub_available); then t_skip dash_region "$why"; t_end; exit 0; fi
hub_start --admin || { t_fail hub_start "the hub did not start"; t_end; exit 1; }
trap 'hub_stop; t_cleanup' EXIT
B=$BOUCLE
G="$T_DIR/gre.db" L="$T_DIR/lyo.db"
CG="$T_DIR/cfg-gre" CL="$T_DIR/cfg-lyo"
j() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
XDG_CONFIG_HOME=$CG $B hub init "$HUB_URL" >/dev/null
BOUCLE_HUB_PASSWORD=gre-password-1 XDG_CONFIG_HOME=$CG $B hub add-workshop "$HUB_URL" GRE1 >/dev/null
BOUCLE_HUB_PASSWORD=lyo-password-1 XDG_CONFIG_HOME=$CG $B hub add-workshop "$HUB_URL" LYO1 >/dev/null
side() { # db cfg code password devices
  XDG_CONFIG_HOME=$2 $B --db "$1" init --workshop "$3" --name "Atelier $3" >/dev/null
  XDG_CONFIG_HOME=$2 $B config set hub.url "$HUB_URL"
  printf "%s\n" "$4" | XDG_CONFIG_HOME=$2 $B config set hub.password
  XDG_CONFIG_HOME=$2 $B --db "$1" demo --devices "$5" >/dev/null 2>&1
}
side "$G" "$CG" GRE1 gre-password-1 60
side "$L" "$CL" LYO1 lyo-password-1 40
XDG_CONFIG_HOME=$CG $B --db "$G" sync >/dev/null 2>&1 || t_fail sync_gre "$(XDG_CONFIG_HOME=$CG $B --db "$G" sync 2>&1)"
XDG_CONFIG_HOME=$CL $B --db "$L" sync >/dev/null 2>&1 || t_fail sync_lyo "$(XDG_CONFIG_HOME=$CL $B --db "$L" sync 2>&1)"
XDG_CONFIG_HOME=$CG $B --db "$G" sync >/dev/null 2>&1
stats() { XDG_CONFIG_HOME=$2 $B --db "$1" stats --json $3 >"$4"; }
stats "$G" "$CG" --region "$T_DIR/g-region.json"
stats "$L" "$CL" --region "$T_DIR/l-region.json"
stats "$G" "$CG" "" "$T_DIR/g-own.json"
stats "$L" "$CL" "" "$T_DIR/l-own.json"

ng=$(sqlite3 "$G" "SELECT count(*) FROM devices WHERE workshop = 'GRE1'")
nl=$(sqlite3 "$L" "SELECT count(*) FROM devices WHERE workshop = 'LYO1'")
[ "$(j "$T_DIR/g-own.json" 'd["devices"]')" = "$ng" ] && [ "$(j "$T_DIR/l-own.json" 'd["devices"]')" = "$nl" ] \
  && t_pass own_figures_each_side || t_fail own_figures_each_side "GRE1 $(j "$T_DIR/g-own.json" 'd["devices"]') vs $ng, LYO1 $(j "$T_DIR/l-own.json" 'd["devices"]') vs $nl"
got=$(j "$T_DIR/g-region.json" 'd["workshops"], d["devices"]')
[ "$got" = "(2, $((ng + nl)))" ] && t_pass gre_region_has_lyo || t_fail gre_region_has_lyo "$got, expected (2, $((ng + nl)))"
[ "$(sqlite3 "$G" "SELECT count(*) FROM devices")" = "$((ng + nl))" ] && t_pass gre_region_sql \
  || t_fail gre_region_sql "sqlite3 counts $(sqlite3 "$G" "SELECT count(*) FROM devices")"
cmp -s "$T_DIR/g-region.json" "$T_DIR/l-region.json" && t_pass region_same_both_sides \
  || t_fail region_same_both_sides "$(diff "$T_DIR/g-region.json" "$T_DIR/l-region.json" | head -20)"
# the region is the sum of the two workshops: every state, the wipes, the carbon
sum=$(python3 -c '
import json, sys
g, l, r = (json.load(open(f)) for f in sys.argv[1:4])
ok = all(g["by_state"][k] + l["by_state"][k] == r["by_state"][k] for k in r["by_state"])
ok = ok and all(g["wipes"][k] + l["wipes"][k] == r["wipes"][k] for k in ("success", "failed", "aborted"))
ok = ok and abs(g["carbon"]["kg_co2e"] + l["carbon"]["kg_co2e"] - r["carbon"]["kg_co2e"]) < 0.2
ok = ok and g["flows"]["year_in"] + l["flows"]["year_in"] == r["flows"]["year_in"]
print("yes" if ok else "no")' "$T_DIR/g-own.json" "$T_DIR/l-own.json" "$T_DIR/g-region.json")
[ "$sum" = yes ] && t_pass region_is_the_sum || t_fail region_is_the_sum "$(cat "$T_DIR/g-region.json" | head -30)"
# LYO1's reused devices, counted in GRE1's database by the sqlite3 shell
want=$(sqlite3 "$G" "SELECT count(*) FROM devices WHERE state = 'reused'")
[ "$(j "$T_DIR/g-region.json" 'd["carbon"]["reused_devices"]')" = "$want" ] && t_pass region_reused_sql \
  || t_fail region_reused_sql "$(j "$T_DIR/g-region.json" 'd["carbon"]["reused_devices"]') vs $want"
# a rebuild on GRE1's side gives the same region
XDG_CONFIG_HOME=$CG $B --db "$G" rebuild >/dev/null
stats "$G" "$CG" --region "$T_DIR/g-region2.json"
cmp -s "$T_DIR/g-region.json" "$T_DIR/g-region2.json" && t_pass region_rebuild_same \
  || t_fail region_rebuild_same "$(diff "$T_DIR/g-region.json" "$T_DIR/g-region2.json" | head -20)"
t_end
