# opendata.sh — `boucle export opendata` and the region screen's « Exporter »
# (core/report/opendata.h): on the demo's data and on a region of two
# workshops (GRE1 holds LYO1's events, as after a pull), the CSV validates
# against its own Table Schema with Frictionless' tableschema (npm, in
# tests/hub), a broken CSV does not; the counts agree with SQL; no count of
# 1 to 4; no serial, asset id, party or operator name in any file; the
# dictionaries' French and English titles; an earlier export, a file and a
# folder that cannot be written refused in French with nothing written; the
# screen at 80x24 in French, in colour and under TERM=linux.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
cd "$T_DIR" || exit 1
command -v sqlite3 >/dev/null || { t_skip opendata "sqlite3 is not installed"; exit 0; }
command -v python3 >/dev/null || { t_skip opendata "python3 is not installed"; exit 0; }
NOW='2026-06-16 17:30:00'
FT_LIB=
for d in /usr/lib/x86_64-linux-gnu/faketime /usr/lib/aarch64-linux-gnu/faketime /usr/lib/faketime /usr/local/lib/faketime; do
  [ -f "$d/libfaketime.so.1" ] && { FT_LIB="$d/libfaketime.so.1"; break; }
done
[ -n "$FT_LIB" ] || { t_skip opendata "libfaketime is not installed"; exit 0; }
at() { env LD_PRELOAD="$FT_LIB" FAKETIME="$NOW" DONT_FAKE_MONOTONIC=1 "$@"; }
PROFILE="$BOUCLE_TOP/data/profiles/default.ini"
CHECK="$BOUCLE_TOP/tests/lib/opendata_check.py"
VALIDATE="$BOUCLE_TOP/tests/lib/tableschema_validate.js"
GRE="$T_DIR/gre.db" LYO="$T_DIR/lyo.db"
merge() { # SRC DST: what a pull brings, then the tables recomputed
  sqlite3 -cmd ".timeout 5000" "$2" "ATTACH '$1' AS src; INSERT INTO events(id, hlc, workshop, operator, device, kind, payload)
                SELECT id, hlc, workshop, operator, device, kind, payload FROM src.events
                WHERE id NOT IN (SELECT id FROM main.events) ORDER BY hlc, workshop;" \
    && BOUCLE_DB="$2" at "$B" rebuild >/dev/null
}
# every string that must not be published: serials, donor tags, asset ids,
# lots, party names (people's too, as `party list` shows them here) and operators
secrets() { # DB OUT
  sqlite3 "$1" "SELECT serial FROM devices UNION SELECT donor_tag FROM devices UNION SELECT id FROM devices
                UNION SELECT id FROM lots UNION SELECT name FROM operators UNION SELECT name FROM parties" >"$2"
  BOUCLE_DB="$1" "$B" party list --json | python3 -c 'import json, sys; [print(p["name"]) for p in json.load(sys.stdin) if p.get("name")]' >>"$2"
}
# validate NAME DIR: the CSV against its schema (skips when the validator is missing)
validate() {
  if ! command -v node >/dev/null; then t_skip "$1" "node is not installed"; return; fi
  out=$(node "$VALIDATE" "$2/supply.schema.json" "$2/supply.csv" 2>&1); rc=$?
  case $rc in
    0) t_pass "$1" ;;
    3) t_skip "$1" "the Table Schema validator is not installed ($out): make deps-test" ;;
    *) t_fail "$1" "$out" ;;
  esac
}

# ---- LYO1: the demo ----
export BOUCLE_DB="$LYO"
at "$B" init --workshop LYO1 --name "Atelier de Lyon" >/dev/null
at "$B" demo --devices 200 >/dev/null 2>&1
at "$B" export opendata --out "$T_DIR/demo" >"$T_DIR/demo.out" 2>&1; rc=$?
[ $rc = 0 ] && t_pass demo_export || t_fail demo_export "exit $rc: $(cat "$T_DIR/demo.out")"
got=$(ls "$T_DIR/demo" | tr '\n' ' ')
[ "$got" = "dictionary.md dictionnaire.md supply.csv supply.schema.json " ] && t_pass demo_four_files || t_fail demo_four_files "$got"
grep -q "^Écrit : $T_DIR/demo/supply.csv$" "$T_DIR/demo.out" && grep -q "^Appareils publiés : [0-9]* ; lignes : [0-9]*, dont regroupées : [0-9]* (aucun effectif sous 5) ; carbone évité : [0-9]*,[0-9] kg CO2e.$" "$T_DIR/demo.out" \
  && t_pass demo_says_what_was_written || t_fail demo_says_what_was_written "$(cat "$T_DIR/demo.out")"
validate demo_csv_validates_against_its_schema "$T_DIR/demo"
secrets "$LYO" "$T_DIR/lyo.secrets"
left=$(sed -n 's/^\([0-9]*\) appareils\{0,1\} écartés\{0,1\}.*/\1/p' "$T_DIR/demo.out"); left=${left:-0}
python3 "$CHECK" demo "$LYO" "$T_DIR/demo" LYO1 "$PROFILE" "$left" "$T_DIR/lyo.secrets" || true
got=$(grep -c ',\*,' "$T_DIR/demo/supply.csv")
[ "$got" -gt 0 ] && t_pass demo_has_grouped_rows || t_fail demo_has_grouped_rows "no row with « * »"
head -c 3 "$T_DIR/demo/supply.csv" | od -An -c | grep -q 'w   e   e' && t_pass demo_csv_no_bom || t_fail demo_csv_no_bom "$(head -c 8 "$T_DIR/demo/supply.csv" | od -An -c)"

# the dictionaries: French titles and the rule in dictionnaire.md, English in
# dictionary.md, each with the other language's titles beside
fr="$T_DIR/demo/dictionnaire.md" en="$T_DIR/demo/dictionary.md"
ok=1
for t in "Semaine de réception" "Atelier" "Catégorie" "Grade esthétique" "État" "Appareils" "Carbone évité (kg CO2e)"; do
  grep -q "| $t |" "$fr" && grep -q "| $t |" "$en" || { ok=0; echo "    French title missing: $t"; }
done
for t in "Week of receipt" "Workshop" "Category" "Cosmetic grade" "State" "Devices" "Carbon avoided (kg CO2e)"; do
  grep -q "| $t |" "$fr" && grep -q "| $t |" "$en" || { ok=0; echo "    English title missing: $t"; }
done
[ $ok = 1 ] && t_pass dictionaries_titles_fr_en || t_fail dictionaries_titles_fr_en "see above"
grep -q "^# Offre de matériel informatique de réemploi — dictionnaire des données" "$fr" \
  && grep -q "aucune ligne ne compte moins de 5 appareils" "$fr" && grep -q "Source : ADEME" "$fr" \
  && grep -q "^# Supply of reused IT equipment — data dictionary" "$en" && grep -q "no row counts fewer than 5 devices" "$en" \
  && grep -q "| \`laptop\` | 182.6 |" "$en" \
  && t_pass dictionaries_rule_and_source || t_fail dictionaries_rule_and_source "$(head -3 "$fr")"
python3 - "$T_DIR/demo/supply.schema.json" <<'PY' && t_pass schema_shape || t_fail schema_shape "see above"
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))
names = [f["name"] for f in s["fields"]]
assert names == ["week", "workshop", "category", "grade", "state", "devices", "carbon_avoided_kg"], names
assert all(f.get("title") and f.get("description") and f.get("type") and f.get("constraints") for f in s["fields"])
assert s["primaryKey"] == names[:5] and s["missingValues"] == [""]
assert s["fields"][0]["title"] == "Semaine de réception", s["fields"][0]["title"]
assert s["fields"][5]["constraints"]["minimum"] == 5
PY

# ---- the validator rejects a broken CSV (so that its PASS means something) ----
if command -v node >/dev/null && [ -f "$BOUCLE_TOP/tests/hub/node_modules/tableschema/package.json" ]; then
  mkdir -p "$T_DIR/broken"
  cp "$T_DIR/demo/supply.schema.json" "$T_DIR/broken/"
  n=0
  for how in small_count bad_state header dup_key not_integer; do
    case $how in
      small_count) sed '2s/,[0-9]*,\([0-9.]*\)\r$/,3,\1\r/' "$T_DIR/demo/supply.csv" ;;
      bad_state) sed '2s/,\(received\|in_progress\|ready\|reserved\|reused\|parts\|recycled\|\*\),\([0-9]*\),/,lost,\2,/' "$T_DIR/demo/supply.csv" ;;
      header) sed '1s/^week,/semaine,/' "$T_DIR/demo/supply.csv" ;;
      dup_key) cat "$T_DIR/demo/supply.csv"; sed -n 2p "$T_DIR/demo/supply.csv" ;;
      not_integer) sed '2s/,[0-9]*,\([0-9.]*\)\r$/,cinq,\1\r/' "$T_DIR/demo/supply.csv" ;;
    esac >"$T_DIR/broken/supply.csv"
    cmp -s "$T_DIR/broken/supply.csv" "$T_DIR/demo/supply.csv" && { t_fail "validator_rejects_$how" "the file was not broken"; continue; }
    out=$(node "$VALIDATE" "$T_DIR/broken/supply.schema.json" "$T_DIR/broken/supply.csv" 2>&1); rc=$?
    [ $rc = 1 ] && t_pass "validator_rejects_$how" || t_fail "validator_rejects_$how" "exit $rc: $out"
  done
else
  t_skip validator_rejects_broken_csv "the Table Schema validator is not installed (make deps-test)"
fi

# ---- GRE1: six laptops and two screens; then LYO1's events pulled ----
export BOUCLE_DB="$GRE"
at "$B" init --workshop GRE1 --name "Atelier de Grenoble" >/dev/null
at "$B" operator add Amina >/dev/null
at "$B" --operator Amina lot add --donor "Mairie de Grenoble" --expected 8 >/dev/null
for s in 5CG7301XZB 5CG7301XZC 5CG7301XZD 5CG7301XZE 5CG7301XZF 5CG7301XZG; do
  at "$B" --operator Amina device add --lot GRE1-L0001 --serial "$s" --category laptop --make HP --model "EliteBook 840 G5" >/dev/null
done
for s in CN0SCR0001 CN0SCR0002; do
  at "$B" --operator Amina device add --lot GRE1-L0001 --serial "$s" --category screen --make Dell --model P2419H >/dev/null
done
merge "$LYO" "$GRE"
q() { sqlite3 -cmd ".timeout 5000" "$GRE" "$1"; }
secrets "$GRE" "$T_DIR/gre.secrets"
grep -q "^Mairie de Grenoble$" "$T_DIR/gre.secrets" && grep -q "^5CG7301XZB$" "$T_DIR/gre.secrets" \
  && t_pass secrets_list_has_names || t_fail secrets_list_has_names "$(head -3 "$T_DIR/gre.secrets")"

# this workshop only: the two screens are too few to publish anywhere
at "$B" export opendata --out "$T_DIR/own" >"$T_DIR/own.out" 2>&1; rc=$?
[ $rc = 0 ] && t_pass own_export || t_fail own_export "exit $rc: $(cat "$T_DIR/own.out")"
[ "$(cat "$T_DIR/own/supply.csv")" = "$(printf 'week,workshop,category,grade,state,devices,carbon_avoided_kg\r\n2026-W25,GRE1,laptop,none,received,6,0.0\r')" ] \
  && t_pass own_rows || t_fail own_rows "$(cat "$T_DIR/own/supply.csv")"
grep -q "^2 appareils écartés : trop peu pour être publiés sans risquer de désigner quelqu'un.$" "$T_DIR/own.out" \
  && t_pass own_left_out_said || t_fail own_left_out_said "$(cat "$T_DIR/own.out")"
validate own_csv_validates "$T_DIR/own"
python3 "$CHECK" own "$GRE" "$T_DIR/own" GRE1 "$PROFILE" 2 "$T_DIR/gre.secrets" || true

# the region: both workshops
at "$B" export opendata --region --out "$T_DIR/region" >"$T_DIR/region.out" 2>&1; rc=$?
[ $rc = 0 ] && t_pass region_export || t_fail region_export "exit $rc: $(cat "$T_DIR/region.out")"
validate region_csv_validates "$T_DIR/region"
left=$(sed -n 's/^\([0-9]*\) appareils\{0,1\} écartés\{0,1\}.*/\1/p' "$T_DIR/region.out"); left=${left:-0}
python3 "$CHECK" region "$GRE" "$T_DIR/region" '*' "$PROFILE" "$left" "$T_DIR/gre.secrets" || true
got=$(cut -d, -f2 "$T_DIR/region/supply.csv" | sort -u | tr '\n' ' ')
case "$got" in *GRE1*LYO1*) t_pass region_both_workshops ;; *) t_fail region_both_workshops "$got" ;; esac
[ "$(q "SELECT count(*) FROM devices")" -eq $(( $(awk -F, 'NR > 1 { s += $6 } END { print s }' "$T_DIR/region/supply.csv") + left )) ] \
  && t_pass region_sum_is_count || t_fail region_sum_is_count "CSV $(awk -F, 'NR > 1 { s += $6 } END { print s }' "$T_DIR/region/supply.csv") + $left left out"
grep -q "Périmètre : la région (GRE1, LYO1)" "$T_DIR/region/dictionnaire.md" && grep -q "Scope: the region (GRE1, LYO1)" "$T_DIR/region/dictionary.md" \
  && t_pass region_dictionary_scope || t_fail region_dictionary_scope "$(sed -n 3p "$T_DIR/region/dictionnaire.md")"

# ---- bad input: refused in French, nothing written or left behind ----
sum_before=$(cat "$T_DIR/region"/* | md5sum)
at "$B" export opendata --region --out "$T_DIR/region" >"$T_DIR/again.out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "^boucle: $T_DIR/region/supply.csv existe déjà : rien n'a été écrit (choisissez un dossier vide, ou déplacez l'export précédent)$" "$T_DIR/again.out" \
  && t_pass refuses_existing_files || t_fail refuses_existing_files "exit $rc: $(cat "$T_DIR/again.out")"
[ "$(cat "$T_DIR/region"/* | md5sum)" = "$sum_before" ] && [ "$(ls -A "$T_DIR/region" | wc -l)" = 4 ] \
  && t_pass existing_files_untouched || t_fail existing_files_untouched "$(ls -A "$T_DIR/region")"
# one file of the four there already (a dictionary): still nothing written
mkdir -p "$T_DIR/partial" && echo "mine" >"$T_DIR/partial/dictionary.md"
at "$B" export opendata --out "$T_DIR/partial" >"$T_DIR/partial.out" 2>&1; rc=$?
[ $rc = 1 ] && [ "$(ls -A "$T_DIR/partial")" = "dictionary.md" ] && [ "$(cat "$T_DIR/partial/dictionary.md")" = mine ] \
  && grep -q "dictionary.md existe déjà" "$T_DIR/partial.out" && t_pass refuses_one_existing_file \
  || t_fail refuses_one_existing_file "exit $rc: $(cat "$T_DIR/partial.out"); $(ls -A "$T_DIR/partial")"
: >"$T_DIR/afile"
at "$B" export opendata --out "$T_DIR/afile" >"$T_DIR/file.out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "^boucle: $T_DIR/afile n'est pas un dossier.$" "$T_DIR/file.out" && t_pass refuses_a_file || t_fail refuses_a_file "exit $rc: $(cat "$T_DIR/file.out")"
at "$B" export opendata --out "$T_DIR/afile/sub" >"$T_DIR/sub.out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "^boucle: Impossible de créer le dossier $T_DIR/afile/sub : " "$T_DIR/sub.out" && t_pass refuses_uncreatable_folder || t_fail refuses_uncreatable_folder "exit $rc: $(cat "$T_DIR/sub.out")"
# a folder that cannot be written: /proc/1 refuses new files even to root
if [ "$(id -u)" = 0 ]; then RO=/proc/1; else RO="$T_DIR/ro"; mkdir -p "$RO"; chmod 555 "$RO"; fi
at "$B" export opendata --out "$RO" >"$T_DIR/ro.out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "^boucle: Impossible d'écrire dans le dossier $RO : " "$T_DIR/ro.out" && t_pass refuses_unwritable_folder || t_fail refuses_unwritable_folder "exit $rc: $(cat "$T_DIR/ro.out")"
[ -z "$(find "$T_DIR" -name '.supply*' -o -name '.dictio*')" ] && t_pass no_temporary_file_left || t_fail no_temporary_file_left "$(find "$T_DIR" -name '.supply*' -o -name '.dictio*')"
at "$B" export opendata >"$T_DIR/usage.out" 2>&1; rc=$?
[ $rc = 2 ] && grep -q "export opendata demande --out DOSSIER" "$T_DIR/usage.out" && t_pass usage_needs_out || t_fail usage_needs_out "exit $rc: $(cat "$T_DIR/usage.out")"
at "$B" --lang en export opendata --out "$T_DIR/en" >"$T_DIR/en.out" 2>&1
grep -q "^Written: $T_DIR/en/dictionary.md$" "$T_DIR/en.out" && grep -q "^Devices published: 6; rows: 1, of which grouped: 0 (no count below 5); carbon avoided: 0.0 kg CO2e.$" "$T_DIR/en.out" \
  && grep -q "^2 devices left out: too few to be published without singling anyone out.$" "$T_DIR/en.out" \
  && t_pass english_cli || t_fail english_cli "$(cat "$T_DIR/en.out")"

# ---- sparse random regions (rows put straight into the devices table, which
# is all the export reads): many cells of 1 to 4, grouped at every level ----
for seed in 1 2 3 4; do
  db="$T_DIR/rand$seed.db"
  BOUCLE_DB="$db" at "$B" init --workshop RND1 --name "Aléatoire" >/dev/null
  python3 - "$db" "$seed" <<'PY'
import random, sqlite3, sys
r = random.Random(int(sys.argv[2]))
con = sqlite3.connect(sys.argv[1])
cats = ["laptop", "desktop", "screen", "phone", "tablet", "printer", "network", "other"]
states = ["received", "in_progress", "ready", "reserved", "reused", "parts", "recycled"]
grades = ["", "A", "B", "C", "D"]
ws = ["RND1", "RND2", "RND3", "AB"][: r.randint(1, 4)]
base = 1767225600000  # 2026-01-01
for i in range(r.choice([3, 40, 300, 900])):
    ms = base + r.randint(0, 200) * 86400000 + r.randint(0, 86399999)
    con.execute("INSERT INTO devices(n, id, workshop, serial, category, grade, state, received_hlc, updated_hlc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (i + 1, "X-%06d" % i, r.choice(ws), "SER%08d" % r.randint(0, 10**8), r.choice(cats), r.choice(grades),
                 r.choice(states), ms << 16, ms << 16))
con.commit()
PY
  BOUCLE_DB="$db" at "$B" export opendata --region --out "$T_DIR/rand$seed" >"$T_DIR/rand$seed.out" 2>&1; rc=$?
  [ $rc = 0 ] && t_pass "random${seed}_export" || t_fail "random${seed}_export" "exit $rc: $(cat "$T_DIR/rand$seed.out")"
  left=$(sed -n 's/^\([0-9]*\) appareils\{0,1\} écartés\{0,1\}.*/\1/p' "$T_DIR/rand$seed.out"); left=${left:-0}
  sqlite3 "$db" "SELECT serial FROM devices UNION SELECT id FROM devices" >"$T_DIR/rand$seed.secrets"
  python3 "$CHECK" "random$seed" "$db" "$T_DIR/rand$seed" '*' "$PROFILE" "$left" "$T_DIR/rand$seed.secrets" || true
  validate "random${seed}_csv_validates" "$T_DIR/rand$seed"
done

# ---- a disk that fills up halfway (an 8 KiB tmpfs: the CSV fits, the
# schema or a dictionary does not): refused in French, nothing left ----
mkdir -p "$T_DIR/small"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=8k tmpfs "$T_DIR/small" 2>/dev/null; then
  BOUCLE_DB="$LYO" at "$B" export opendata --out "$T_DIR/small/od" >"$T_DIR/full.out" 2>&1; rc=$?
  [ $rc = 1 ] && grep -q "^boucle: Impossible d'écrire dans le dossier $T_DIR/small/od : " "$T_DIR/full.out" \
    && t_pass full_disk_refused_in_french || t_fail full_disk_refused_in_french "exit $rc: $(cat "$T_DIR/full.out")"
  [ -z "$(ls -A "$T_DIR/small/od")" ] && t_pass full_disk_nothing_left || t_fail full_disk_nothing_left "$(ls -A "$T_DIR/small/od")"
  umount "$T_DIR/small"
else
  t_skip full_disk_refused_in_french "cannot mount a small tmpfs here (root only)"
fi
