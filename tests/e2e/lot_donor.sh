#!/bin/sh
# lot_donor.sh — a lot's donor is a party (issue 13): named or coded, one
# party per name whatever its case, a code that names nobody refused, and
# the same rows after `boucle rebuild`.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
# t_eq NAME WANT GOT
t_eq() { if [ "$2" = "$3" ]; then t_pass "$1"; else t_fail "$1" "want [$2] got [$3]"; fi; }
D="$T_DIR/donor.db"
b() { "$BOUCLE" --db "$D" "$@"; }
b init --workshop GRE1 --name Grenoble >/dev/null
b operator add Amina >/dev/null
l1=$(b --operator Amina lot add --donor "CHU Grenoble Alpes")
l2=$(b --operator Amina lot add --donor "chu grenoble alpes")
rows=$(sqlite3 "$D" "select code || '|' || kind || '|' || name from parties")
t_eq one_party_per_name "GRE1-P0001|business|CHU Grenoble Alpes" "$rows"
t_eq lots_name_the_party "$l1|CHU Grenoble Alpes|GRE1-P0001 $l2|CHU Grenoble Alpes|GRE1-P0001" \
  "$(sqlite3 "$D" "select id || '|' || donor || '|' || donor_code from lots order by id" | tr '\n' ' ' | sed 's/ $//')"
l3=$(b --operator Amina lot add --donor gre1-p0001)
t_eq lot_by_code "GRE1-P0001" "$(sqlite3 "$D" "select donor_code from lots where id='$l3'")"
out=$(b --operator Amina lot add --donor GRE1-P0042 2>&1); rc=$?
t_eq unknown_code_refused "1|boucle: donateur GRE1-P0042 : aucun partenaire n'a ce code (boucle party list)|3" \
  "$rc|$out|$(sqlite3 "$D" "select count(*) from lots")"
t_eq show_names_the_donor "donateur : CHU Grenoble Alpes (GRE1-P0001, entreprise)" \
  "$(b lot show "$l1" | sed -n 2p)"
# a new donor of the kind said (a public body: its devices fall under the cap);
# a known one keeps its own kind whatever is said
l4=$(b --operator Amina lot add --donor "Hôpital Édouard Herriot" --donor-kind public)
l5=$(b --operator Amina lot add --donor "chu grenoble alpes" --donor-kind public)
t_eq donor_kind_of_a_new_donor "organisme public|entreprise" \
  "$(b lot show "$l4" | sed -n 2p | sed 's/.*, //; s/)$//')|$(b lot show "$l5" | sed -n 2p | sed 's/.*, //; s/)$//')"
out=$(b --operator Amina lot add --donor X --donor-kind mairie 2>&1); rc=$?
t_eq donor_kind_bad_usage "2" "$rc"
before=$(sqlite3 "$D" "select * from parties; select id, donor, donor_code from lots")
b rebuild >/dev/null
t_eq rebuild_same_rows "$before" "$(sqlite3 "$D" "select * from parties; select id, donor, donor_code from lots")"
t_end
