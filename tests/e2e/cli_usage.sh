# cli_usage.sh — the command line's contract, subcommand by subcommand:
# who acts is always a known operator; --help and -h print the whole usage
# and exit 0; usage errors exit 2 and refused operations 1; only the
# configuration keys boucle reads are accepted; counts agree with their
# nouns (« 1 appareil », « 2 appareils »).
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
export BOUCLE_DB="$T_DIR/usage.db"
unset BOUCLE_OPERATOR
CONF="$XDG_CONFIG_HOME/boucle/boucle.conf"

expect_status() { # name want cmd...
  name=$1 want=$2; shift 2
  "$@" >"$T_DIR/out" 2>"$T_DIR/err"; got=$?
  if [ "$got" -eq "$want" ]; then t_pass "$name"; else
    t_fail "$name" "status $got, expected $want: $* ; stderr: $(head -c 300 "$T_DIR/err")"; fi
}
has() { grep -qF -- "$2" "$T_DIR/$1"; }

# --- 1. who acts: a first-time user, the README's commands in order --------
expect_status readme_init 0 "$B" init --workshop GRE1 --name "Atelier de Grenoble"
expect_status no_operator_refused 1 "$B" lot add --donor "CHU Grenoble Alpes"
has err "boucle operator add" && has err "--operator" && t_pass no_operator_says_how \
  || t_fail no_operator_says_how "$(cat "$T_DIR/err")"
expect_status unknown_operator_refused 1 "$B" --operator Nobody lot add --donor "CHU Grenoble Alpes"
has err "Nobody" && t_pass unknown_operator_named || t_fail unknown_operator_named "$(cat "$T_DIR/err")"
[ -z "$("$B" operator list)" ] && t_pass unknown_operator_not_created || t_fail unknown_operator_not_created "$("$B" operator list)"
expect_status readme_operator_add 0 "$B" operator add Camille
has out "Camille" && grep -q "^operator = Camille$" "$CONF" && t_pass first_operator_configured \
  || t_fail first_operator_configured "$(cat "$T_DIR/out") / $(cat "$CONF" 2>/dev/null)"
LOT=$("$B" lot add --donor "CHU Grenoble Alpes" --ref BL-2026-114 --expected 40 2>"$T_DIR/err")
[ "$LOT" = GRE1-L0001 ] && t_pass readme_lot_add || t_fail readme_lot_add "'$LOT' $(cat "$T_DIR/err")"
expect_status readme_device_add 0 "$B" device add --lot GRE1-L0001 --serial 5CG7301XYZ --category laptop --make HP --model "EliteBook 840 G5"
op=$("$B" device show GRE1-000001 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"][0]["operator"])')
[ "$op" = Camille ] && t_pass event_records_configured_operator || t_fail event_records_configured_operator "operator '$op'"
expect_status operator_known_refused_when_unknown 1 "$B" --operator Nobody device state GRE1-000001 in_progress
has err "Camille" && t_pass refusal_names_known_operators || t_fail refusal_names_known_operators "$(cat "$T_DIR/err")"
expect_status sub_operator_unknown_refused 1 "$B" media add GRE1-000001 --serial S1 --operator Nobody
expect_status config_operator_unknown_refused 1 "$B" config set operator Nobody
grep -q "^operator = Camille$" "$CONF" && t_pass config_operator_unchanged || t_fail config_operator_unchanged "$(cat "$CONF")"
"$B" operator add Didier >/dev/null
expect_status config_operator_known 0 "$B" config set operator Didier
"$B" device state GRE1-000001 in_progress >/dev/null 2>&1
op=$("$B" device show GRE1-000001 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"][-1]["operator"])')
[ "$op" = Didier ] && t_pass event_records_new_configured_operator || t_fail event_records_new_configured_operator "operator '$op'"
# demo and init work on a fresh database, whoever is configured
expect_status demo_fresh_db 0 "$B" --db "$T_DIR/other.db" demo --devices 3
expect_status init_fresh_db 0 "$B" --db "$T_DIR/fresh.db" init --workshop FRS1 --name Frais
# a configured operator this database does not know is refused, not recorded
expect_status configured_operator_unknown_here 1 "$B" --db "$T_DIR/fresh.db" lot add --donor X
has err "Didier" && has err "boucle operator add" && t_pass configured_operator_unknown_says_so \
  || t_fail configured_operator_unknown_says_so "$(cat "$T_DIR/err")"
expect_status operator_add_fresh_db 0 "$B" --db "$T_DIR/fresh.db" operator add Zoé
grep -q "^operator = Didier$" "$CONF" && t_pass second_operator_not_configured || t_fail second_operator_not_configured "$(cat "$CONF")"
expect_status configured_operator_still_unknown 1 "$B" --db "$T_DIR/fresh.db" lot add --donor X
has err "Zoé" && t_pass configured_operator_lists_known || t_fail configured_operator_lists_known "$(cat "$T_DIR/err")"
# the terminal UI refuses an unknown --operator before it opens
expect_status tui_unknown_operator_refused 1 "$B" --operator Nobody
has err "opérateur inconnu « Nobody »" && ! "$B" operator list | grep -q Nobody && t_pass tui_unknown_operator_said \
  || t_fail tui_unknown_operator_said "$(cat "$T_DIR/err")"

# --- 2. --help and -h: the whole usage, exit 0, nothing done --------------
for cmd in "init" "operator" "operator add" "operator list" "lot" "lot add" "lot list" "lot show" \
           "device" "device add" "device list" "device show" "device state" "device specs" "demo" "rebuild" \
           "hub" "hub init" "hub add-workshop" "config" "config set" "config get" "config keys" "sync" "grade" \
           "media" "media add" "media list" "wipe" "wipe add" "wipe import" "wipe assign" "wipe unassigned" \
           "wipe run" "verify" "cert" "probe" "label" "label jobs" "label retry" "label cancel" "scan"; do
  for h in --help -h; do
    name="help_$(echo "$cmd" | tr ' -' '__')$h"
    # shellcheck disable=SC2086
    "$B" $cmd $h >"$T_DIR/out" 2>"$T_DIR/err"; rc=$?
    if [ $rc -eq 0 ] && head -1 "$T_DIR/out" | grep -q "^Usage : boucle $cmd" && [ ! -s "$T_DIR/err" ]; then t_pass "$name"
    else t_fail "$name" "rc=$rc out=$(head -c 200 "$T_DIR/out") err=$(head -c 200 "$T_DIR/err")"; fi
  done
done
"$B" --lang en wipe add --help >"$T_DIR/out" 2>&1
has out "Usage: boucle wipe add ID --media SN" && has out "--status success|failed|aborted" && t_pass help_whole_usage_en \
  || t_fail help_whole_usage_en "$(cat "$T_DIR/out")"
"$B" device --help >"$T_DIR/out"
[ "$(grep -c "boucle device " "$T_DIR/out")" -eq 5 ] && t_pass help_command_lists_every_form || t_fail help_command_lists_every_form "$(cat "$T_DIR/out")"
"$B" help device >"$T_DIR/out2" && cmp -s "$T_DIR/out" "$T_DIR/out2" && t_pass help_word_same || t_fail help_word_same "differs"
[ "$("$B" operator list | grep -c -- '-')" -eq 0 ] && t_pass help_adds_no_operator || t_fail help_adds_no_operator "$("$B" operator list)"

# --- 3. exit status: 2 for usage, 1 for refusals --------------------------
expect_status usage_no_subcommand 2 "$B" device
has err "Usage : boucle device add" && t_pass usage_on_stderr || t_fail usage_on_stderr "$(cat "$T_DIR/err")"
expect_status usage_unknown_sub 2 "$B" wipe frob
expect_status usage_unknown_option 2 "$B" wipe add GRE1-000001 --colour red
expect_status usage_missing_value 2 "$B" device list --state
expect_status usage_bad_state 2 "$B" device list --state bogus
expect_status usage_bad_state_set 2 "$B" device state GRE1-000001 bogus
expect_status usage_bad_category 2 "$B" device add --lot GRE1-L0001 --serial X9 --category toaster
expect_status usage_bad_cosmetic 2 "$B" grade GRE1-000001 --cosmetic Z --outcome reuse
expect_status usage_bad_cosmetic_unknown_device 2 "$B" grade GRE1-999999 --cosmetic Z --outcome reuse
expect_status usage_bad_outcome 2 "$B" grade GRE1-000001 --cosmetic A --outcome sell
expect_status usage_bad_media_type 2 "$B" media add GRE1-000001 --serial S2 --type floppy
expect_status usage_bad_ram 2 "$B" device specs GRE1-000001 --ram lots
expect_status usage_bad_wipe_category 2 "$B" wipe add GRE1-000001 --media S1 --category erase --technique overwrite --tool x --status success
expect_status usage_bad_wipe_status 2 "$B" wipe add GRE1-999999 --media S1 --category purge --technique overwrite --tool x --status great
expect_status usage_bad_nwipe_method 2 "$B" wipe run GRE1-000001 /dev/null --method fast
expect_status usage_bad_nwipe_verify 2 "$B" wipe run GRE1-000001 /dev/null --verify some
expect_status usage_bad_label_format 2 "$B" label GRE1-000001 --format bmp --out x.bmp
expect_status usage_label_jobs_extra 2 "$B" label jobs --force
expect_status usage_extra_argument 2 "$B" verify now
expect_status usage_wipe_unassigned_extra 2 "$B" wipe unassigned --all
expect_status usage_operator_add_two 2 "$B" operator add A B
expect_status refused_unknown_device 1 "$B" device show GRE1-999999
expect_status refused_unknown_device_grade 1 "$B" grade GRE1-999999 --cosmetic A --outcome reuse --all-pass
expect_status refused_unknown_device_media 1 "$B" media list GRE1-999999
expect_status refused_unknown_lot 1 "$B" lot show GRE1-L0099
expect_status refused_duplicate 1 "$B" device add --lot GRE1-L0001 --serial 5CG7301XYZ

# --- 4. configuration keys ------------------------------------------------
cp "$CONF" "$T_DIR/conf.before"
expect_status config_unknown_key_set 2 "$B" config set bogus.key 1
has err "bogus.key" && has err "hub.url" && has err "printer.NOM" && t_pass config_unknown_key_lists_known \
  || t_fail config_unknown_key_lists_known "$(cat "$T_DIR/err")"
expect_status config_unknown_key_get 2 "$B" config get bogus.key
expect_status config_control_char 2 "$B" config set hub.url "$(printf 'http://a\033[2Jb')"
expect_status config_tab 2 "$B" config set hub.url "$(printf 'http://a\tb')"
expect_status config_value_too_long 2 "$B" config set hub.url "http://$(head -c 1100 /dev/zero | tr '\0' a)"
expect_status config_key_too_long 2 "$B" config set "printer.$(head -c 70 /dev/zero | tr '\0' a)" "tcp://x"
has err "64" && t_pass config_key_limit_said || t_fail config_key_limit_said "$(cat "$T_DIR/err")"
cmp -s "$CONF" "$T_DIR/conf.before" && t_pass config_refusals_write_nothing || t_fail config_refusals_write_nothing "$(diff "$T_DIR/conf.before" "$CONF")"
expect_status config_bad_lang 2 "$B" config set lang de
expect_status config_printer_name 0 "$B" config set printer.zebra "tcp://127.0.0.1:9100"
# at the limit of what its reader holds (hub.url: 511 bytes; a printer: 1023)
expect_status config_value_at_limit 0 "$B" config set hub.url "http://$(head -c 504 /dev/zero | tr '\0' a)"
expect_status config_value_over_limit 2 "$B" config set hub.url "http://$(head -c 505 /dev/zero | tr '\0' a)"
expect_status config_printer_at_limit 0 "$B" config set printer.zebra "tcp://$(head -c 1017 /dev/zero | tr '\0' a)"
expect_status config_get_unset 1 "$B" config get hub.cafile

# --- 5. counts agree with their nouns --------------------------------------
"$B" --db "$T_DIR/one.db" demo --devices 1 >"$T_DIR/out" 2>&1
has out "1 appareil de démonstration ajouté à" && t_pass plural_demo_one || t_fail plural_demo_one "$(cat "$T_DIR/out")"
"$B" --db "$T_DIR/two.db" demo --devices 2 >"$T_DIR/out" 2>&1
has out "2 appareils de démonstration ajoutés à" && t_pass plural_demo_two || t_fail plural_demo_two "$(cat "$T_DIR/out")"
"$B" --lang en --db "$T_DIR/one.db" demo --devices 1 >"$T_DIR/out" 2>&1
has out "1 demo device added to" && t_pass plural_demo_one_en || t_fail plural_demo_one_en "$(cat "$T_DIR/out")"
# a workshop just created has one record: its creation (every event is chained)
# (a configuration of its own: no operator of this computer is added with it)
XDG_CONFIG_HOME="$T_DIR/fresh-cfg" "$B" --db "$T_DIR/verify-one.db" init --workshop VER1 --name "Vérif" >/dev/null 2>&1
XDG_CONFIG_HOME="$T_DIR/fresh-cfg" "$B" --db "$T_DIR/verify-one.db" verify --offline >"$T_DIR/out" 2>&1
has out "1 enregistrement vérifié, chaîne intacte" && t_pass plural_verify_one || t_fail plural_verify_one "$(cat "$T_DIR/out")"
t_end
