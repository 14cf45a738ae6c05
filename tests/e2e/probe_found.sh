# probe_found.sh — the device describes itself (issue 12, item 4): a
# ThinkPad whose donor announced 8 GB, a 44 Wh battery and two disks is
# received, then probed at the bench (a fake /sys and /proc: 4 GB, a battery
# worn to 31.1 Wh, one of the two disks and a card reader that is not a
# disk). On the device screen (i) the differences show in the flash line
# and under the fields, whole screen compared, in French; `boucle probe`
# then finds the device by this machine's serial, records nothing twice,
# says the same in JSON, and refuses clearly a machine whose serial names
# no device, or that gives none. The announcement stays as it was.
#
# The announcement is appended by the unit-test binary's helper
# (test_found --announce): what is under test here is what comes after it.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
command -v faketime >/dev/null || { t_skip probe_found "faketime is not installed"; exit 0; }
export HOME="$T_DIR" XDG_CONFIG_HOME="$T_DIR/.config"
NOW="2026-03-02 10:00:00"
B() { faketime "$NOW" "$BOUCLE" --operator "Amélie" "$@"; }
cd "$T_DIR" || exit 1
HELPER="$BUILD/tests/test_found"
[ -x "$HELPER" ] || { t_fail probe_found_helper "$HELPER is not built"; t_end; exit 1; }

# the machine: DMI, cpuinfo, meminfo, a battery (and the charger), an HDD and a card reader
S="$T_DIR/sys" P="$T_DIR/proc"
put() { mkdir -p "$(dirname "$1")"; printf '%s\n' "$2" >"$1"; }
put "$S/class/dmi/id/sys_vendor" LENOVO
put "$S/class/dmi/id/product_name" 20L5S0XB00
put "$S/class/dmi/id/product_version" "ThinkPad T480"
put "$S/class/dmi/id/chassis_type" 10
put "$S/class/dmi/id/product_serial" PF1ABCDE
put "$P/cpuinfo" "model name	: Intel(R) Core(TM) i5-8350U CPU @ 1.70GHz"
put "$P/meminfo" "MemTotal:        3880000 kB"
put "$S/class/power_supply/BAT0/type" Battery
put "$S/class/power_supply/BAT0/energy_full_design" 46250000
put "$S/class/power_supply/BAT0/energy_full" 31100000
put "$S/class/power_supply/AC/type" Mains
put "$S/block/sda/device/model" "WDC WD5000LPVX"; put "$S/block/sda/device/serial" WX11A1234567
put "$S/block/sda/size" 976773168; put "$S/block/sda/queue/rotational" 1
put "$S/block/sdb/device/model" "USB2.0-CRW"; put "$S/block/sdb/device/serial" 20120501030900000
put "$S/block/sdb/size" 62333952; put "$S/block/sdb/queue/rotational" 0
export BOUCLE_SYSFS="$S" BOUCLE_PROCFS="$P" BOUCLE_SMARTCTL=none BOUCLE_LSHW=none

B init --workshop GRE1 --name "Atelier de Saint-Égrève" >/dev/null || t_fail setup "init failed"
B operator add "Amélie" >/dev/null 2>&1
L1=$(B lot add --donor "CHU Grenoble Alpes" --expected 1)
"$HELPER" --announce "$BOUCLE_DB" "{\"lot\": \"$L1\", \"serial\": \"PF1ABCDE\", \"make\": \"Lenovo\", \"model\": \"ThinkPad T480\",
  \"category\": \"laptop\", \"ram_mb\": 8192, \"cpu\": \"Intel Core i5-8350U\",
  \"disks\": [{\"serial\": \"WX11A1234567\", \"model\": \"WDC WD5000LPVX\", \"type\": \"hdd\", \"bytes\": 500107862016},
              {\"serial\": \"S3Z9NB0K\", \"model\": \"Samsung 850 EVO\", \"type\": \"ssd\", \"bytes\": 250059350016}],
  \"battery\": {\"design_mwh\": 46250, \"full_mwh\": 44000}}" || t_fail setup "announce failed"
A=$(B device add --lot "$L1" --serial PF1ABCDE --category laptop --make Lenovo --model "ThinkPad T480" 2>/dev/null)
ANN=$(sqlite3 "$BOUCLE_DB" "select payload from events where kind = 'lot.announce'")

# 1. What this machine says, recorded nowhere.
"$BOUCLE" --lang en probe >out 2>err; st=$?
[ "$st" = 0 ] && grep -q "^Machine  *LENOVO ThinkPad T480 (laptop)$" out && grep -q "^Serial  *PF1ABCDE$" out \
  && grep -q "^RAM  *4 GB$" out && grep -q "^Battery  *31.1 of 46.3 Wh (67 %)$" out \
  && grep -q "^Disks  *WX11A1234567  WDC WD5000LPVX  HDD  500 GB$" out && grep -q "1 device that is not a disk to wipe" out \
  && t_pass probe_found_machine || t_fail probe_found_machine "status $st: $(cat out err)"
[ "$(sqlite3 "$BOUCLE_DB" "select count(*) from events where kind in ('device.discrepancy') or json_extract(payload, '\$.source') = 'probe'")" = 0 ] \
  && t_pass probe_found_alone_records_nothing || t_fail probe_found_alone_records_nothing "events written"

# 2. The device screen: i probes this machine into it.
tui_start 80 24 -- faketime "$NOW" env BOUCLE_SYSFS="$S" BOUCLE_PROCFS="$P" BOUCLE_SMARTCTL=none BOUCLE_LSHW=none \
  "$BOUCLE" --operator "Amélie"
tui_wait "GRE1" 5 || true
tui_scan "$A"
t_expect probe_found_screen_open "$A  Lenovo ThinkPad T480"
tui_keys i
t_screen probe_found_screen_differences_fr <<'SCREEN'
 boucle · Appareil             GRE1 Atelier de Saint-Égrève  Opérateur : Amélie
 GRE1-000001  Lenovo ThinkPad T480
  N° de série  PF1ABCDE                 Étiquette donateur —
  État         reçu                     Catégorie          portable
  Lot          GRE1-L0001               Donateur           CHU Grenoble Alpes
  Grade        —                        Destination        —
  Matériel     RAM 4 Go · Intel(R) Core(TM) i5-8350U CPU @ 1.70GHz · batterie
               31,1 sur 46,3 Wh (usure 33 %)
  Carbone      éviterait 182,6 kg CO2e une fois réemployé (ADEME / Arcep 2022 …
  Écarts       – mémoire vive : annoncé 8 Go, trouvé 4 Go
               – batterie : annoncé 44 Wh, trouvé 31,1 Wh
               – disque S3Z9NB0K (Samsung 850 EVO, 250 Go) annoncé, non trouvé
  Mention      d'occasion
               – pas encore évalué
               – disque S/N WX11A1234567 non effacé
               – disque S/N S3Z9NB0K non effacé
Historique (6 événements)
 2026-03-02 10:00  Amélie      écart à l'annonce  mémoire vive : annoncé 8 Go,
                                                  trouvé 4 Go ; batterie :
                                                  annoncé 44 Wh, trouvé 31,1 Wh
                                                  ; disque S3Z9NB0K (Samsung
                                                  850 EVO, 250 Go) annoncé, no…
 3 écarts avec l'annonce : mémoire vive : annoncé 8 Go, trouvé 4 Go
pÉtiq. gGrade wEffac. cCert. enwipe mDisques tÉtat ?Aide ÉchapRetour qQuitter
SCREEN
tui_stop

# 3. The same again from the command line, found by this machine's serial: nothing new.
B --lang en probe --add >out 2>err; st=$?
[ "$st" = 0 ] && grep -q "^Recorded: nothing new.$" out && grep -q "^3 differences with what lot $L1 announced:$" out \
  && grep -q "^  RAM: announced 8 GB, found 4 GB$" out \
  && grep -q "^  disk S3Z9NB0K (Samsung 850 EVO, 250 GB) announced, not found$" out \
  && grep -q "^  battery: announced 44 Wh, found 31.1 Wh$" out \
  && t_pass probe_found_cli_by_serial || t_fail probe_found_cli_by_serial "status $st: $(cat out err)"
[ "$(sqlite3 "$BOUCLE_DB" "select count(*) from events where kind = 'device.discrepancy'")" = 1 ] \
  && [ "$(sqlite3 "$BOUCLE_DB" "select count(*) from events where kind = 'device.specs' and json_extract(payload, '\$.source') = 'probe'")" = 1 ] \
  && t_pass probe_found_twice_records_once || t_fail probe_found_twice_records_once "$(sqlite3 "$BOUCLE_DB" "select kind, payload from events where device = '$A'")"
[ "$(sqlite3 "$BOUCLE_DB" "select payload from events where kind = 'lot.announce'")" = "$ANN" ] \
  && t_pass probe_found_announcement_kept || t_fail probe_found_announcement_kept "the announcement changed"
[ "$(sqlite3 "$BOUCLE_DB" "select json_extract(payload, '\$.source') || ' ' || json_extract(payload, '\$.diffs[0].field') || ' '
      || json_extract(payload, '\$.diffs[0].announced') || ' ' || json_extract(payload, '\$.diffs[0].found')
      from events where kind = 'device.discrepancy'")" = "probe ram_mb 8192 4096" ] \
  && t_pass probe_found_event || t_fail probe_found_event "$(sqlite3 "$BOUCLE_DB" "select payload from events where kind = 'device.discrepancy'")"

# 4. In JSON, and in French.
B probe "$A" --add --json >out.json 2>err
python3 - out.json "$A" "$L1" <<'PY' && t_pass probe_found_json || t_fail probe_found_json "$(head -c 600 out.json; cat err)"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["device"] == sys.argv[2] and d["source"] == "probe" and d["announced_in"] == sys.argv[3], d
assert d["recorded"] == {"specs": False, "disks_added": 0, "discrepancy": False}, d["recorded"]
assert [x["field"] for x in d["differences"]] == ["ram_mb", "battery_full_mwh", "disk"], d["differences"]
assert d["differences"][0]["announced"] == "8192" and d["differences"][0]["found"] == "4096"
assert d["found"]["serial"] == "PF1ABCDE" and d["found"]["ram_mb"] == 4096 and d["found"]["battery"]["full_mwh"] == 31100
assert d["found"]["disks_skipped"] == 1 and [k["serial"] for k in d["found"]["disks"]] == ["WX11A1234567"]
PY
B --lang fr probe --add >out 2>err
grep -q "^  mémoire vive : annoncé 8 Go, trouvé 4 Go$" out && grep -q "^3 écarts avec l'annonce du lot $L1 :$" out \
  && t_pass probe_found_french || t_fail probe_found_french "$(cat out err)"

# 5. A machine whose serial names no device, then one that gives none: refused, saying why.
put "$S/class/dmi/id/product_serial" ZZZ999
B --lang en probe --add >out 2>err; st=$?
[ "$st" = 1 ] && grep -q "No device has the serial ZZZ999 of this machine: give the device's ID" err \
  && t_pass probe_found_no_match || t_fail probe_found_no_match "status $st: $(cat out err)"
rm "$S/class/dmi/id/product_serial"
B --lang en probe --add >out 2>err; st=$?
[ "$st" = 1 ] && grep -q "This machine gives no serial number: give the device's ID" err \
  && t_pass probe_found_no_serial || t_fail probe_found_no_serial "status $st: $(cat out err)"
B --lang en probe >out 2>err
grep -q "^Serial  *none: neither DMI nor lshw gave one$" out && t_pass probe_found_says_no_serial \
  || t_fail probe_found_says_no_serial "$(cat out err)"
t_end
