#!/bin/sh
# reuse_chain.sh — issue 13, item 6: the whole chain of reuse from the
# command line, as a workshop lives it. A pallet of 8 laptops from a public
# donor (CHU) goes through intake, grading, wipes and ready; then to a
# partner association, to two people (a donation, a sale at the cap; above
# it refused with the rule named, nothing written), a loan and its return,
# one device for parts, one recycled; the taker's commitment; the proof of
# reuse read back through pdftotext and jq, verified. Then a sync to the
# hub and into a second workshop: the states seen there, a rebuild on both
# gives the same device rows, the proof again gives the same counts. Last, a
# person forgotten, synced, and their name searched for in the database
# file, its WAL and every document on the hub.
# Run once against PouchDB Server and once against a CouchDB cluster
# (tests/lib/couch.sh, as sync.sh); without a hub the local part still runs.
# The device for parts and the recycled one are graded for that and never
# made ready: a ready device goes back on the bench before either
# (core/stock/state_rules.c).
. "$BOUCLE_TOP/tests/lib/e2e.sh"
. "$BOUCLE_TOP/tests/lib/hub.sh"
. "$BOUCLE_TOP/tests/lib/couch.sh"
hub_each_kind "$0"
B=$BOUCLE
cd "$T_DIR" || exit 1
for tool in sqlite3 jq pdftotext python3; do
  command -v $tool >/dev/null || { t_skip reuse_chain "$tool is not installed"; t_end; exit 0; }
done
A="$T_DIR/gre.db"
export BOUCLE_DB="$A" XDG_CONFIG_HOME="$T_DIR/cfg-gre" BOUCLE_OPERATOR=Amina LANG=C.UTF-8
q() { sqlite3 -cmd ".timeout 5000" "${2:-$A}" "$1"; }
events() { q "SELECT count(*) FROM events"; }
t_eq() { if [ "$2" = "$3" ]; then t_pass "$1"; else t_fail "$1" "want [$2] got [$3]"; fi; }
hexof() { printf %s "$1" | od -An -tx1 | tr -d ' \n'; }
holds() { # HEX FILE: 0 when FILE holds the bytes
  python3 -c 'import os, sys; d = open(sys.argv[2], "rb").read() if os.path.exists(sys.argv[2]) else b""; sys.exit(0 if bytes.fromhex(sys.argv[1]) in d else 1)' "$1" "$2"; }

$B --lang fr init --workshop GRE1 --name "Atelier de Grenoble" >/dev/null
$B operator add Amina >/dev/null
# Another connection, open from the start, as a second boucle window: the
# WAL is not emptied when a command ends, so the pages that held the
# person's name are still in it when they are forgotten (as party.sh).
python3 -c 'import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1]); c.execute("select count(*) from events").fetchall()
open(sys.argv[2], "w").close(); time.sleep(900)' "$A" "$T_DIR/holding" & HOLD=$!
cleanup_all() { kill $HOLD 2>/dev/null; hub_stop; t_cleanup; }
trap cleanup_all EXIT
i=0; while [ ! -e "$T_DIR/holding" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done

# ---- the pallet: a public donor, 8 laptops ----
DONOR=$($B party add --kind public --name "CHU Grenoble Alpes")
LOT=$($B lot add --donor "$DONOR" --ref BL-2207 --expected 8)
t_eq donor_and_lot "GRE1-P0001 GRE1-L0001" "$DONOR $LOT"
intake() { # SERIAL OUTCOME → a graded laptop with its disk erased
  id=$($B device add --lot "$LOT" --serial "$1" --category laptop --make Dell --model "Latitude 5490") || return 1
  $B media add "$id" --serial "WD-$1" --type ssd >/dev/null || return 1
  $B wipe add "$id" --media "WD-$1" --category purge --technique ata-secure-erase --tool hdparm --status success \
    --start 2026-03-04T09:00 --end 2026-03-04T09:20 >/dev/null || return 1
  $B grade "$id" --cosmetic B --outcome "$2" --all-pass --test battery=88 >/dev/null || return 1
  echo "$id"
}
ids="" bad=""
for n in 1 2 3 4 5 6 7 8; do
  case $n in 6) o=parts ;; 7) o=recycle ;; *) o=reuse ;; esac
  id=$(intake "CHU-$n" $o) || bad="$bad CHU-$n"
  ids="$ids $id"
done
set -- $ids
D1=$1 D2=$2 D3=$3 D4=$4 D5=$5 D6=$6 D7=$7 D8=$8
[ -z "$bad" ] && [ "$D8" = GRE1-000008 ] && t_pass intake_8_wiped_graded || t_fail intake_8_wiped_graded "failed:$bad ids:$ids"
for d in $D1 $D2 $D3 $D4 $D5 $D8; do $B device state "$d" ready >/dev/null || bad="$bad $d"; done
t_eq six_ready "6" "$(q "SELECT count(*) FROM devices WHERE lot = '$LOT' AND state = 'ready'")"
t_eq grades_recorded "8" "$(q "SELECT count(*) FROM devices WHERE lot = '$LOT' AND grade = 'B'")"

# ---- who takes them ----
ASSO=$($B party add --kind association --name "Emmaüs Connect")
ZOE="Zoé Marchal" KARIM="Karim Benali"
P1=$($B party add --kind person --name "$ZOE")
P2=$($B party add --kind person --name "$KARIM")
t_eq parties_added "GRE1-P0002 GRE1-P0003 GRE1-P0004" "$ASSO $P1 $P2"

# ---- allocations ----
out=$($B allocate "$D1" "$D2" "$D8" --to "$ASSO" --as donation --status delivered 2>&1); rc=$?
t_eq asso_donation_delivered "0|$D1  réemployé  — don à $ASSO, livrée" "$rc|$(printf '%s\n' "$out" | head -1)"
out=$($B allocate "$D3" --to "$P1" --as donation 2>&1); rc=$?
t_eq person_donation "0|$D3  réemployé  — don à $P1, livrée" "$rc|$out"
n=$(events)
out=$($B allocate "$D4" --to "$P2" --as sale --price 181 2>&1); rc=$?
t_eq sale_181_refused_rule_named \
  "1|boucle: $D4 : refusé, 181,00 € dépasse le plafond d'un appareil donné par un organisme public (CHU Grenoble Alpes) : prix solidaire (arrêté du 7 novembre 2022) : portable 180,00 €.|$n|ready" \
  "$rc|$out|$(events)|$(q "SELECT state FROM devices WHERE id = '$D4'")"
out=$($B allocate "$D4" --to "$P2" --as sale --price 180,00 2>&1); rc=$?
t_eq sale_at_cap "0|$D4  réemployé  — vente à $P2, 180,00 €, livrée" "$rc|$out"
out=$($B allocate "$D5" --to "$P1" --as loan --until 2099-06-30 2>&1); rc=$?
t_eq loan_until "0|$D5  réemployé  — prêt à $P1, jusqu'au 2099-06-30, livrée" "$rc|$out"
out=$($B return "$D5" 2>&1); rc=$?
t_eq loan_returned "0|ready" "$rc|$(q "SELECT state FROM devices WHERE id = '$D5'")"
out=$($B parts "$D6" --note "carte mère HS" 2>&1); rc=$?
t_eq parts "0|parts|$D6  pièces" "$rc|$(q "SELECT state FROM devices WHERE id = '$D6'")|$out"
out=$($B recycle "$D7" --channel Ecosystem --weight 2,2 2>&1); rc=$?
t_eq recycled "0|recycled|Ecosystem" "$rc|$(q "SELECT state FROM devices WHERE id = '$D7'")|$(q "SELECT channel FROM disposals WHERE device = '$D7'")"

# ---- the taker's commitment ----
out=$($B lot commit "$LOT" --date 2026-02-20 --share 80 --taker "Emmaüs Connect" 2>&1); rc=$?
t_eq lot_commit "0|Lot $LOT, engagement de réemploi : pris le 2026-02-20, pour 80 % des appareils, par Emmaüs Connect" "$rc|$out"

# ---- the proof ----
# What the numbers say: devices of the lot in state reused, over those received.
RECEIVED=$(q "SELECT count(*) FROM devices WHERE lot = '$LOT'")
REUSED=$(q "SELECT count(*) FROM devices WHERE lot = '$LOT' AND state = 'reused'")
RATIO=$(awk -v r="$REUSED" -v n="$RECEIVED" 'BEGIN { printf "%.1f", 100 * r / n }')
RATIO_FR=$(echo "$RATIO" | tr . ,)
CO2=$(awk -v r="$REUSED" 'BEGIN { printf "%.1f", r * 182.6 }' | tr . ,)
t_eq numbers_of_the_chain "8 5 62.5" "$RECEIVED $REUSED $RATIO"
proof() { # OUT-PREFIX [boucle args before the command]: writes PREFIX.pdf/.csv/.json and PREFIX.txt
  p=$1; shift
  "$@" --lang fr report proof --lot "$LOT" --out "$p.pdf" --csv "$p.csv" --json "$p.json" >"$p.out" 2>&1 || return 1
  pdftotext -layout "$p.pdf" "$p.txt"
}
check_proof() { # NAME PREFIX: the PDF's text and the JSON say the chain's counts
  name=$1 p=$2 miss=""
  for want in "Preuve de réemploi" "décret 2023-266" "Donateur : CHU Grenoble Alpes (organisme public)" \
              "Appareils reçus : $RECEIVED" "Envoyés au réemploi : $REUSED" "dont donnés : 4" "dont vendus : 1" \
              "dont prêtés : 0" "Démontés pour pièces : 1" "Recyclés : 1" "Encore à l'atelier (en préparation, prêts, réservés) : 1" \
              "Taux de réemploi (décret 2023-266) : $RATIO_FR % — $REUSED appareils reçus sur $RECEIVED ont été envoyés au réemploi." \
              "CO2e évité par le réemploi : $CO2 kg" "portable : $REUSED appareils × 182,6 kg (ordinateur portable) = $CO2 kg" \
              "pris le 2026-02-20, pour 80 % des appareils, par Emmaüs Connect" "Remis à : association" "Remis à : personne" \
              "Prêt rendu le" "Filière de recyclage : Ecosystem" "Page 1 sur 1"; do
    grep -qF -- "$want" "$p.txt" || miss="$miss [$want]"
  done
  [ "$(grep -c "Remis à : personne" "$p.txt")" = 2 ] || miss="$miss [Remis à : personne twice: $(grep -c "Remis à : personne" "$p.txt")]"
  for never in "$P1" "$P2" "Zoé" "Marchal" "Karim" "Benali"; do
    grep -qF -- "$never" "$p.txt" && miss="$miss [a person printed: $never]"
  done
  [ -z "$miss" ] && t_pass "${name}_pdf" || { t_fail "${name}_pdf" "$miss"; sed 's/^/    | /' "$p.txt" | head -30; }
  t_eq "${name}_json_counts" "$RECEIVED $REUSED 4 1 0 1 1 1 $RATIO ${CO2%,*}${CO2#*,}00" \
    "$(jq -r '.summary | "\(.received) \(.reused) \(.donation) \(.sale) \(.loan) \(.parts) \(.recycled) \(.in_workshop) \(.reuse_ratio_percent) \(.co2e_avoided_g)"' "$p.json")"
  t_eq "${name}_json_takers" "association association person person association" \
    "$(jq -r '[.devices[] | select(.fate == "reused") | .taker] | join(" ")' "$p.json")"
  t_eq "${name}_no_person_in_json_csv" "0 0" "$(grep -c -e "$P1" -e "$P2" -e Marchal -e Benali "$p.json") $(grep -c -e "$P1" -e "$P2" -e Marchal -e Benali "$p.csv")"
  t_eq "${name}_csv_rows" "$((RECEIVED + 1))" "$(tr -d '\r' <"$p.csv" | wc -l | tr -d ' ')"
}
proof p "$B" && t_pass proof_written || t_fail proof_written "$(cat p.out)"
t_eq proof_said "8 appareils reçus, 5 envoyés au réemploi (62,5 %)." "$(grep 'appareils reçus' p.out)"
check_proof proof p
out=$($B --lang fr report verify p.json 2>&1); rc=$?
[ $rc = 0 ] && printf '%s\n' "$out" | grep -q "^p.json : intact, signé par l'atelier GRE1" && t_pass proof_verify_intact \
  || t_fail proof_verify_intact "rc=$rc $out"
before_dev=$(q "SELECT id, workshop, lot, serial, category, state, grade, outcome, received_hlc, updated_hlc FROM devices ORDER BY id" | md5sum)
$B verify >/dev/null 2>&1 && t_pass verify_log || t_fail verify_log "$($B verify 2>&1 | tail -3)"

# ---- the hub, and a second workshop ----
if ! why=$(hub_available); then
  t_skip reuse_chain_hub "$why"; t_end; exit $?
fi
hub_start --admin || { t_fail hub_start "the hub did not start"; t_end; exit 1; }
out=$($B hub init "$HUB_URL" 2>&1) || t_fail hub_init "$out"
BOUCLE_HUB_PASSWORD=gre-password-1 $B hub add-workshop "$HUB_URL" GRE1 >/dev/null 2>&1 || t_fail hub_add_gre "add-workshop GRE1"
BOUCLE_HUB_PASSWORD=lyo-password-1 $B hub add-workshop "$HUB_URL" LYO1 >/dev/null 2>&1 || t_fail hub_add_lyo "add-workshop LYO1"
# a cluster lets the new users in on each node a moment later
[ "$SYNC_HUB" = couchdb ] && sleep 2
$B config set hub.url "$HUB_URL" && printf "%s\n" gre-password-1 | $B config set hub.password
L="$T_DIR/lyo.db" LCFG="$T_DIR/cfg-lyo"
lyo() { XDG_CONFIG_HOME="$LCFG" BOUCLE_HUB_PASSWORD=lyo-password-1 BOUCLE_DB="$L" "$B" "$@"; }
lyo init --workshop LYO1 --name "Atelier de Lyon" >/dev/null
XDG_CONFIG_HOME="$LCFG" $B config set hub.url "$HUB_URL"
XDG_CONFIG_HOME="$LCFG" $B config set hub.user LYO1
out=$($B --lang en sync 2>&1); rc=$?
t_eq gre_sync "0" "$rc"; [ $rc = 0 ] || echo "    | $out"
# On a CouchDB cluster a change may reach the other workshop one sync later
# (_changes reads one copy of each shard): Lyon syncs again, at most 5 times.
want_states="$D1 reused|$D2 reused|$D3 reused|$D4 reused|$D5 ready|$D6 parts|$D7 recycled|$D8 reused"
states() { q "SELECT id || ' ' || state FROM devices WHERE workshop = 'GRE1' ORDER BY id" "$1" | paste -sd'|' -; }
k=0
while [ $k -lt 5 ]; do
  lyo sync >lyo.out 2>&1; rc=$?
  [ "$(states "$L")" = "$want_states" ] && break
  sleep 0.5; $B sync >/dev/null 2>&1; k=$((k + 1))
done
t_eq lyo_sync "0" "$rc"; [ $rc = 0 ] || sed 's/^/    | /' lyo.out
t_eq lyo_sees_states "$want_states" "$(states "$L")"
t_eq lyo_sees_allocations "5 5 ready" \
  "$(q "SELECT count(*) FROM allocations WHERE device LIKE 'GRE1-%' AND status = 'delivered' AND kind != 'loan'" "$L") \
$(q "SELECT count(*) FROM allocations WHERE device LIKE 'GRE1-%' AND status = 'delivered' AND kind != 'loan'") \
$(q "SELECT state FROM devices WHERE id = '$D5'" "$L")"
sel="SELECT id, workshop, lot, serial, category, state, grade, outcome, received_hlc, updated_hlc FROM devices ORDER BY id"
ga=$(q "$sel" | md5sum) la=$(q "$sel" "$L" | md5sum)
t_eq device_rows_compared "8 8" "$(q "$sel" | wc -l) $(q "$sel" "$L" | wc -l)"
t_eq sync_left_gre_rows_alone "$before_dev" "$ga"
t_eq two_workshops_same_device_rows "$ga" "$la"
$B rebuild >/dev/null 2>&1 || t_fail rebuild_gre "exit $?"
lyo rebuild >/dev/null 2>&1 || t_fail rebuild_lyo "exit $?"
t_eq rebuild_gre_same_rows "$ga" "$(q "$sel" | md5sum)"
t_eq rebuild_lyo_same_rows "$la" "$(q "$sel" "$L" | md5sum)"
proof p2 "$B" && t_pass proof_after_sync_written || t_fail proof_after_sync_written "$(cat p2.out)"
check_proof proof_after_sync p2
t_eq proof_after_sync_same_summary "$(jq -c '.summary' p.json)" "$(jq -c '.summary' p2.json)"
# Lyon holds Grenoble's lot after the sync, but only Grenoble, which
# received the devices, signs what became of them
out=$(lyo --lang fr report proof --lot "$LOT" --out lyo.pdf 2>&1); rc=$?
t_eq other_workshop_cannot_prove "1|boucle: le lot $LOT a été reçu par l'atelier GRE1 : seul cet atelier peut prouver ce que sont devenus ses appareils|no pdf" \
  "$rc|$out|$([ -e lyo.pdf ] && echo pdf || echo no pdf)"

# ---- a person forgotten: their name nowhere, here nor on the hub ----
# The name is sealed in the private store (doc/privacy.md): what a reader
# of the file could use to read it is the person's key and sealed box.
NAMEHEX=$(hexof "$ZOE") SURHEX=$(hexof Marchal)
KEY=$(q "SELECT hex(key) FROM party_keys WHERE code = '$P1'")
BOX=$(q "SELECT hex(box) FROM party_private WHERE code = '$P1'" | cut -c1-64)
t_eq name_readable_before "  nom                  $ZOE" "$($B --lang fr party show "$P1" | grep '^  nom ')"
seen=""
for f in gre.db gre.db-wal; do holds "$KEY" $f && seen="$seen $f"; done
[ -n "$KEY" ] && [ -n "$seen" ] && t_pass key_on_disk_before || t_fail key_on_disk_before "the key [$KEY] is in neither file: the test would prove less"
out=$($B --lang fr party forget "$P1" 2>&1); rc=$?
t_eq forget "0" "$rc"; [ $rc = 0 ] || echo "    | $out"
[ -e gre.db-wal ] && t_pass wal_still_there || t_fail wal_still_there "no WAL: the test would prove less"
$B sync >sync2.out 2>&1 || t_fail sync_after_forget "$(cat sync2.out)"
lyo sync >/dev/null 2>&1 || t_fail lyo_sync_after_forget "exit $?"
left=""
for f in gre.db gre.db-wal lyo.db lyo.db-wal; do
  holds "$NAMEHEX" $f && left="$left name in $f;"
  holds "$SURHEX" $f && left="$left surname in $f;"
  holds "$KEY" $f && left="$left key in $f;"
  holds "$BOX" $f && left="$left box in $f;"
done
t_eq forgotten_name_not_in_files "" "$left"
curl -s -u "admin:$HUB_ADMIN_PASSWORD" "$HUB_URL/boucle/_all_docs?include_docs=true" >hub.json
ndocs=$(jq '.rows | length' hub.json)
forgot=$(jq -r --arg c "$P1" '[.rows[].doc | select(.type == "event" and .kind == "party.forget" and .payload.code == $c)] | length' hub.json)
if [ "${ndocs:-0}" -gt 50 ] && [ "$forgot" = 1 ]; then
  # the JSON may escape non-ASCII: search the decoded text too
  if grep -q -e Marchal -e "$KEY" hub.json || jq -r '.. | strings' hub.json | grep -q -e "$ZOE" -e Marchal; then
    t_fail forgotten_name_not_on_hub "$(grep -o '.\{60\}Marchal.\{20\}' hub.json | head -3)"
  else t_pass forgotten_name_not_on_hub; fi
else t_fail forgotten_name_not_on_hub "the hub's documents are not what a sync pushed: $ndocs rows, $forgot forget of $P1; $(head -c 300 hub.json)"; fi
t_eq forgotten_still_counted "$(jq -c .summary p.json)" \
  "$(proof p3 "$B" >/dev/null 2>&1; jq -c .summary p3.json 2>/dev/null)"
t_end
