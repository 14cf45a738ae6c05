#!/bin/sh
# tamper_cli.sh — the attacks issue 11 reported, made as they were: with the
# sqlite3 shell on the database file (triggers dropped first), then the
# commands a person runs: `boucle verify` must exit 1 naming the record,
# `boucle cert` must refuse, and `boucle rebuild` brings the tables back to
# what the events say. The messages are French (the default language).
. "$BOUCLE_TOP/tests/lib/e2e.sh"
command -v sqlite3 >/dev/null || { t_skip tamper_cli "the sqlite3 shell is not installed"; exit 0; }
export HOME="$T_DIR" XDG_CONFIG_HOME="$T_DIR/.config"
B=$BOUCLE
F="${BOUCLE_FIXTURES:-$BOUCLE_TOP/../shared/fixtures}/nwipe"
base="$T_DIR/base.db"
BOUCLE_DB=$base "$B" init --workshop GRE1 --name "Atelier" >/dev/null
BOUCLE_DB=$base "$B" operator add "Zoé" >/dev/null
BOUCLE_DB=$base "$B" lot add --donor "CHU" --ref BL-1 >/dev/null
BOUCLE_DB=$base "$B" device add --lot GRE1-L0001 --serial PF1ABC --category laptop >/dev/null
BOUCLE_DB=$base "$B" --operator "Zoé" wipe import --device GRE1-000001 "$F/nwipe-verify-zero-fails.log" >/dev/null
BOUCLE_DB=$base "$B" --operator "Zoé" device state GRE1-000001 in_progress >/dev/null
sqlite3 "$base" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null

# attack NAME SQL: a fresh copy of the base, edited; then verify
attack() {
  cp "$base" "$T_DIR/$1.db"
  sqlite3 "$T_DIR/$1.db" "DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete; $2"
  BOUCLE_DB="$T_DIR/$1.db" "$B" verify >"$T_DIR/out" 2>&1
  echo $? >"$T_DIR/rc"
}
expect_refused() {   # NAME TEXT: verify exited 1 and said TEXT
  if [ "$(cat "$T_DIR/rc")" = 1 ] && grep -qF -- "$2" "$T_DIR/out"; then t_pass "$1"
  else t_fail "$1" "exit $(cat "$T_DIR/rc"): $(cat "$T_DIR/out")"; fi
}

BOUCLE_DB=$base "$B" verify >"$T_DIR/out" 2>&1 && grep -q "8 enregistrements vérifiés, chaîne intacte" "$T_DIR/out" \
  && t_pass tamper_base_intact || t_fail tamper_base_intact "$(cat "$T_DIR/out")"

n_wipe=$(sqlite3 "$base" "SELECT ch.n FROM chain ch JOIN events e ON e.seq = ch.seq WHERE e.kind = 'wipe.record'")
attack failed_wipe_made_success \
  "UPDATE events SET payload = json_set(payload, '\$.status', 'success') WHERE kind = 'wipe.record'"
expect_refused tamper_failed_wipe_made_success "enregistrement $n_wipe"
grep -qF "l'enregistrement a été modifié : son empreinte ne correspond plus à son contenu" "$T_DIR/out" \
  && t_pass tamper_says_altered || t_fail tamper_says_altered "$(cat "$T_DIR/out")"

attack events_given_to_zzz1 "UPDATE events SET workshop = 'ZZZ1' WHERE seq >= 4"
expect_refused tamper_workshop_changed "attribué à un autre atelier"

attack code_in_meta "UPDATE meta SET value = 'ZZZ1' WHERE key = 'workshop.code'"
expect_refused tamper_meta_code "le code atelier de cette base a été changé de GRE1 en ZZZ1"

attack last_record_deleted \
  "DELETE FROM events WHERE seq = (SELECT seq FROM chain ORDER BY n DESC LIMIT 1); DELETE FROM chain WHERE n = (SELECT max(n) FROM chain)"
expect_refused tamper_last_record_deleted "le dernier enregistrement a été retiré"

attack receipt_changed "UPDATE events SET payload = json_set(payload, '\$.serial', 'FAUX') WHERE kind = 'device.receive'"
expect_refused tamper_receipt_changed "a été modifié"

attack state_changed "UPDATE events SET payload = json_set(payload, '\$.state', 'ready') WHERE kind = 'device.state'"
expect_refused tamper_state_changed "a été modifié"

# only the wipes table: the events are intact, the tables are not
attack wipes_table "UPDATE wipes SET status = 'success'"
expect_refused tamper_wipes_table "table wipes"
BOUCLE_DB="$T_DIR/wipes_table.db" "$B" cert GRE1-000001 --json - >"$T_DIR/out" 2>&1
rc=$?
[ $rc = 1 ] && grep -qF "Certificat refusé" "$T_DIR/out" && ! grep -q '"erased": true' "$T_DIR/out" \
  && t_pass tamper_cert_refused || t_fail tamper_cert_refused "exit $rc: $(cat "$T_DIR/out")"
# rebuild recomputes the tables from the events: the certificate says the truth again
BOUCLE_DB="$T_DIR/wipes_table.db" "$B" rebuild >/dev/null 2>&1
BOUCLE_DB="$T_DIR/wipes_table.db" "$B" cert GRE1-000001 --json - >"$T_DIR/out" 2>&1 \
  && grep -q '"status": "failed"' "$T_DIR/out" && t_pass tamper_rebuild_restores \
  || t_fail tamper_rebuild_restores "$(head -5 "$T_DIR/out")"

# the secret key is nowhere in the file, and a copy of the file alone cannot sign
pk=$(sqlite3 "$base" "SELECT value FROM meta WHERE key = 'chain.public'")
key="$XDG_CONFIG_HOME/boucle/keys/$pk.key"
[ -f "$key" ] && [ "$(stat -c %a "$key")" = 600 ] && ! grep -qaF "$(head -c 40 "$key")" "$base" \
  && t_pass tamper_key_outside || t_fail tamper_key_outside "$(ls -l "$key" 2>&1)"
cp "$base" "$T_DIR/copy.db"
HOME="$T_DIR/elsewhere" XDG_CONFIG_HOME="$T_DIR/elsewhere" BOUCLE_DB="$T_DIR/copy.db" \
  "$B" --operator "Zoé" device state GRE1-000001 parts >"$T_DIR/out" 2>&1
[ $? = 1 ] && grep -qF "boucle key new" "$T_DIR/out" && t_pass tamper_copy_cannot_sign \
  || t_fail tamper_copy_cannot_sign "$(cat "$T_DIR/out")"
# a passphrase on the key (asked, never an argument): the file then holds
# no secret in clear; a wrong one records nothing; the UI asks at start
cp "$base" "$T_DIR/pass.db"
export BOUCLE_DB="$T_DIR/pass.db"
secret=$(head -c 40 "$key")
"$B" key passphrase "x" >"$T_DIR/out" 2>&1
[ $? = 2 ] && grep -qF "jamais donnée sur la ligne de commande" "$T_DIR/out" && t_pass tamper_passphrase_not_an_argument \
  || t_fail tamper_passphrase_not_an_argument "$(cat "$T_DIR/out")"
printf 'cheval correct agrafe\n' | "$B" key passphrase >"$T_DIR/out" 2>&1 \
  && grep -qF "désormais protégée par cette phrase de passe" "$T_DIR/out" && ! grep -qF "$secret" "$key" \
  && head -1 "$key" | grep -q "^boucle-key-protected 1$" && t_pass tamper_passphrase_set \
  || t_fail tamper_passphrase_set "$(cat "$T_DIR/out"; head -1 "$key")"
n0=$(sqlite3 "$T_DIR/pass.db" "SELECT count(*) FROM events")
printf 'mauvaise phrase\n' | "$B" --operator "Zoé" device state GRE1-000001 parts >"$T_DIR/out" 2>&1
rc=$?
[ $rc = 1 ] && grep -qF "Phrase de passe erronée" "$T_DIR/out" && [ "$(sqlite3 "$T_DIR/pass.db" "SELECT count(*) FROM events")" = "$n0" ] \
  && t_pass tamper_passphrase_wrong || t_fail tamper_passphrase_wrong "exit $rc: $(cat "$T_DIR/out")"
printf 'cheval correct agrafe\n' | "$B" --operator "Zoé" device state GRE1-000001 parts >"$T_DIR/out" 2>&1 \
  && "$B" verify --offline >/dev/null 2>&1 && t_pass tamper_passphrase_right || t_fail tamper_passphrase_right "$(cat "$T_DIR/out")"
tui_start 80 24 -- env HOME="$HOME" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" "$B" --operator "Zoé"
t_screen tamper_passphrase_asked_at_start <<'EOF2'
Phrase de passe de la clé de signature de l'atelier :
EOF2
tui_type "cheval correct agrafe"
tui_keys Enter
tui_wait "Stock par état" 5 && t_pass tamper_passphrase_ui_opens || t_fail tamper_passphrase_ui_opens "$(tui_screen)"
tui_stop
# the current one, then an empty one: no passphrase any more
printf 'cheval correct agrafe\n\n' | "$B" key passphrase >/dev/null 2>&1
[ "$(head -c 40 "$key")" = "$secret" ] && t_pass tamper_passphrase_removed || t_fail tamper_passphrase_removed "$(head -1 "$key")"
t_end
