#!/bin/sh
# carbon.sh — the carbon avoided and a public body's quota statement from
# the command line (issue 14, items 2 and 3): `boucle carbon` for a lot, a
# donor, the workshop and the region, its JSON against a count in SQL;
# `lot show` and `party show`; `boucle party purchases` (and its bad
# input, refused in French, nothing recorded); `boucle report quota` read
# back through pdftotext in French and in English, its CSV; a year with
# nothing, said so; a party that is not public and a bad year refused,
# nothing written; the same figures after `boucle rebuild`.
#
# A sale to the public body (of a device reused) is written as core/alloc's projection writes
# it (as tests/e2e/proof.sh does): a delivered sale needs a graded,
# erased device, which other tests cover.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
t_eq() { if [ "$2" = "$3" ]; then t_pass "$1"; else t_fail "$1" "want [$2] got [$3]"; fi; }
B() { "$BOUCLE" --operator Amina "$@"; }
q() { sqlite3 -cmd ".timeout 5000" "$BOUCLE_DB" "$1"; }
cd "$T_DIR" || exit 1
command -v sqlite3 >/dev/null || { t_skip carbon "sqlite3 is not installed"; exit 0; }
command -v jq >/dev/null || { t_skip carbon "jq is not installed"; exit 0; }
export XDG_CONFIG_HOME="$T_DIR/config"
YEAR=$(date -u +%Y)
B init --workshop GRE1 --name "Atelier de Grenoble" >/dev/null
"$BOUCLE" operator add Amina >/dev/null
CHU=$(B party add --kind public --name "CHU Grenoble Alpes")
BIZ=$(B party add --kind business --name "Schneider Electric")
L1=$(B lot add --donor "$CHU" --ref BL-1)
L2=$(B lot add --donor "$BIZ")
n=0
for c in laptop laptop laptop desktop screen printer; do
  n=$((n + 1)); B device add --lot "$L1" --serial "C$n" --category $c --make Dell --model M >/dev/null
done
B device add --lot "$L2" --serial B1 --category phone >/dev/null
reuse() {   # graded all pass, no storage, ready, then reused
  B grade "$1" --cosmetic B --outcome reuse --all-pass --no-storage ${2:-} >/dev/null &&
  B device state "$1" ready >/dev/null && B device state "$1" reused --note test >/dev/null || t_fail "reuse_$1" "not reused"
}
reuse GRE1-000001 "--test battery=80"; reuse GRE1-000002 "--test battery=80"; reuse GRE1-000004
reuse GRE1-000006; reuse GRE1-000007 "--test battery=80"

# ---- carbon ----
sqlg() {   # grams from SQL, the default profile's factors
  q "SELECT coalesce(sum(CASE category WHEN 'laptop' THEN 182600 WHEN 'desktop' THEN 204400 WHEN 'screen' THEN 65900
     WHEN 'phone' THEN 85100 WHEN 'tablet' THEN 59700 ELSE 0 END), 0) FROM devices d LEFT JOIN lots l ON l.id = d.lot
     WHERE d.state = 'reused' AND $1"
}
t_eq carbon_lot_json "$(sqlg "d.lot = '$L1'")|$(q "select count(*) from devices where lot = '$L1' and state = 'reused'")" \
  "$("$BOUCLE" carbon --lot "$L1" --json | jq -r '"\(.co2e_avoided_g)|\(.reused)"')"
t_eq carbon_donor_json "$(sqlg "l.donor_code = '$BIZ'")" "$("$BOUCLE" carbon --donor "$BIZ" --json | jq .co2e_avoided_g)"
t_eq carbon_workshop_json "$(sqlg "d.workshop = 'GRE1'")" "$("$BOUCLE" carbon --json | jq .co2e_avoided_g)"
t_eq carbon_region_json "$(sqlg 1)|GRE1" "$("$BOUCLE" carbon --region --json | jq -r '"\(.co2e_avoided_g)|\(.workshops[0].workshop)"')"
out=$("$BOUCLE" --lang fr carbon --lot "$L1")
exp="Lot $L1
4 appareils réemployés : 569,6 kg CO2e évités
  portable : 2 × 182,6 kg = 365,2 kg
  PC fixe : 1 × 204,4 kg = 204,4 kg
  imprimante : 1, pas de facteur dans le profil (non compté)
2 appareils pas encore réemployés éviteraient 248,5 kg une fois réemployés
Méthode : chaque appareil réemployé évite l’empreinte de fabrication et de distribution d’un appareil neuf de sa catégorie (kg CO2e par appareil). Source : ADEME / Arcep 2022 (impactco2.fr), fabrication et distribution."
t_eq carbon_lot_text_fr "$exp" "$out"
out=$("$BOUCLE" --lang fr carbon --lot "$L1" --donor "$CHU" 2>&1); st=$?
t_eq carbon_two_scopes_refused "2|boucle: carbon prend une seule option parmi --lot, --donor, --workshop, --region" "$st|$(printf '%s' "$out" | head -1)"
out=$("$BOUCLE" --lang fr carbon --lot GRE1-L0099 2>&1); st=$?
t_eq carbon_unknown_lot "1|boucle: aucun lot GRE1-L0099" "$st|$out"
t_eq lot_show_carbon "carbone évité : 569,6 kg CO2e (4 appareils réemployés ; 248,5 kg de plus quand les autres le seront)" \
  "$("$BOUCLE" --lang fr lot show "$L1" | grep '^carbone')"

# ---- declared purchases ----
ev=$(q "select count(*) from events")
out=$(B --lang fr party purchases "$CHU" --year "$YEAR" --total "12 000,00"); st=$?
t_eq purchases_declared "0|Achats informatiques de $CHU en $YEAR : 12000,00 € déclarés." "$st|$out"
out=$(B --lang fr party purchases "$CHU" --year 20x5 --total 5 2>&1); st=$?
t_eq purchases_bad_year "2|boucle: année : « 20x5 » n’est pas une année (AAAA)" "$st|$(printf '%s' "$out" | head -1)"
out=$(B --lang fr party purchases "$CHU" --year "$YEAR" --total "12€" 2>&1); st=$?
t_eq purchases_bad_total "2|boucle: total : « 12€ » n’est pas un montant en euros (120000 ou 1234,50)" "$st|$(printf '%s' "$out" | head -1)"
out=$(B --lang fr party purchases "$CHU" --year "$YEAR" --total "$(printf '\377\376')" 2>&1); st=$?
t_eq purchases_not_utf8 2 "$st"
out=$(B --lang fr party purchases "$CHU" --year "$YEAR" --total "$(head -c 5000 /dev/zero | tr '\0' 9)" 2>&1); st=$?
t_eq purchases_huge 2 "$st"
t_eq purchases_one_event "$((ev + 1))" "$(q "select count(*) from events")"
t_eq party_show_purchases "  achats informatiques $YEAR 12000,00 € déclarés" \
  "$("$BOUCLE" --lang fr party show "$CHU" | grep 'achats informatiques')"
t_eq party_show_carbon "  carbone évité        569,6 kg CO2e (4 appareils donnés, réemployés)" \
  "$("$BOUCLE" --lang fr party show "$CHU" | grep 'carbone')"

# ---- the statement ----
now=$(q "select max(hlc) from events")
q "INSERT INTO allocations(id, device, workshop, party, kind, status, price_cents, created_hlc, updated_hlc) VALUES
   ('A1', 'GRE1-000001', 'GRE1', '$CHU', 'sale', 'delivered', 15000, $now, $now)"
out=$(B --lang fr report quota --party "$CHU" --year "$YEAR" --out q.pdf --csv q.csv --json q.json 2>&1); st=$?
t_eq quota_cli_fr "0|Écrit : q.pdf
Écrit : q.csv
Écrit : q.json
Taux du décret 2023-266 en $YEAR : 66,7 % (4 sur 6 appareils donnés orientés vers le réemploi) ; objectif 50 % : atteint. Part AGEC en $YEAR : 1,3 % de ses achats informatiques issus du réemploi (1 appareil acheté ici pour 150,00 €, sur 12000,00 € déclarés)." "$st|$out"
t_eq quota_json "4|6|15000|1200000|1.3" "$(jq -r '"\(.donor.reused)|\(.donor.received)|\(.buyer.paid_cents)|\(.buyer.declared_cents)|\(.buyer.share_percent)"' q.json)"
csv=$(tr -d '\r' < q.csv | sed '1s/^\xEF\xBB\xBF//')
t_eq quota_csv_head "Année;Partenaire;En tant que;Identifiant;Catégorie;Marque;Modèle;Date;Devenir;Prix (€);CO2e évité (kg)" \
  "$(printf '%s\n' "$csv" | head -1)"
t_eq quota_csv_rows "6|1" "$(printf '%s\n' "$csv" | grep -c ";donateur;")|$(printf '%s\n' "$csv" | grep -c ";acheteur;")"
t_eq quota_csv_buyer_row "$YEAR;$CHU;acheteur;GRE1-000001;portable;Dell;M;$(date -u +%F);vente;\"150,00\";\"182,6\"" \
  "$(printf '%s\n' "$csv" | grep ";acheteur;")"
if ! command -v pdftotext >/dev/null; then t_skip quota_pdf "pdftotext (poppler-utils) is not installed"
else
  txt=$(pdftotext q.pdf - | tr '\n' ' ' | tr -s ' ')
  miss=""
  for want in "Quotas de réemploi d’un organisme public — $YEAR" "Organisme public : CHU Grenoble Alpes ($CHU)" \
              "En tant que donateur : décret 2023-266" "66,7 %" "objectif 50 % : atteint" \
              "En tant qu’acheteur : loi AGEC, art. 58" "Part AGEC en $YEAR : 1,3 %" "CO2e évité par le réemploi : 569,6 kg" \
              "Source : ADEME / Arcep 2022"; do
    printf '%s' "$txt" | grep -qF "$want" || miss="$miss [$want]"
  done
  [ -z "$miss" ] && t_pass quota_pdf_fr || t_fail quota_pdf_fr "missing:$miss"
  B --lang en report quota --party "$CHU" --year "$YEAR" --out qe.pdf >/dev/null
  txt=$(pdftotext qe.pdf - | tr '\n' ' ' | tr -s ' ')
  miss=""
  for want in "Reuse quotas of a public body — $YEAR" "As a donor: décret 2023-266" "66.7 %" "target 50 %: reached" \
              "AGEC share in $YEAR: 1.3 %" "Source: ADEME / Arcep 2022"; do
    printf '%s' "$txt" | grep -qF "$want" || miss="$miss [$want]"
  done
  [ -z "$miss" ] && t_pass quota_pdf_en || t_fail quota_pdf_en "missing:$miss"
  B --lang fr report quota --party "$CHU" --year 2022 --out q22.pdf >/dev/null
  txt=$(pdftotext q22.pdf - | tr '\n' ' ' | tr -s ' ')
  printf '%s' "$txt" | grep -qF "En 2022, cet organisme n’a donné aucun appareil à cet atelier : il n’y a pas de taux à établir." &&
  printf '%s' "$txt" | grep -qF "En 2022, cet organisme n’a acheté aucun appareil à cet atelier." &&
    t_pass quota_empty_year_said || t_fail quota_empty_year_said "$txt"
fi
out=$(B --lang fr report quota --party "$BIZ" --year "$YEAR" --out r1.pdf --csv r1.csv 2>&1); st=$?
t_eq quota_not_public_refused "1|boucle: $BIZ n’est pas un organisme public (c’est : entreprise) : les quotas de réemploi sont ceux des organismes publics|no" \
  "$st|$out|$([ -e r1.pdf ] || [ -e r1.csv ] && echo yes || echo no)"
out=$(B --lang fr report quota --party "$CHU" --year 3000 --out r2.pdf 2>&1); st=$?
t_eq quota_future_year_refused "1|boucle: année 3000 : un relevé porte sur une année entre 2000 et l’année en cours|no" \
  "$st|$out|$([ -e r2.pdf ] && echo yes || echo no)"
out=$(B --lang fr report quota --party "$CHU" --year 25 --out r3.pdf 2>&1); st=$?
t_eq quota_bad_year_refused "2|no" "$st|$([ -e r3.pdf ] && echo yes || echo no)"
out=$(B --lang fr report quota --party "$CHU" --year "$YEAR" --out /nonexistent/dir/r4.pdf --csv r4.csv 2>&1); st=$?
t_eq quota_unwritable_nothing_left "1|no" "$st|$([ -e r4.csv ] && echo yes || echo no)"

# ---- rebuild: the same figures ----
before=$("$BOUCLE" carbon --region --json | jq -c 'del(.method)')
q "DELETE FROM allocations"   # written by hand above: no event refills it
"$BOUCLE" rebuild >/dev/null 2>&1
t_eq rebuild_same_carbon "$before" "$("$BOUCLE" carbon --region --json | jq -c 'del(.method)')"
t_eq rebuild_same_purchases "1200000" "$(q "select total_cents from party_purchases where code = '$CHU' and year = $YEAR")"
t_end
