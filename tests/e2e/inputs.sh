# inputs.sh — every input checked alike (issue 11, item 6), probed from
# the command line as a person (or an attacker) would: free text with escape
# sequences or not UTF-8, a configuration value boucle could not read back,
# a password on the command line, a configuration path that is a folder, a
# device or a FIFO given as a log, a read-only file system, a full disk.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
export BOUCLE_DB="$T_DIR/inputs.db" BOUCLE_OPERATOR="Camille" XDG_CONFIG_HOME="$T_DIR/cfg"
unset BOUCLE_HUB_PASSWORD

expect_status() { # name want cmd...
  name=$1 want=$2; shift 2
  timeout 20 "$@" >"$T_DIR/out" 2>"$T_DIR/err" </dev/null; got=$?
  if [ "$got" -eq "$want" ]; then t_pass "$name"; else
    t_fail "$name" "status $got, expected $want; stderr: $(head -c 300 "$T_DIR/err")"; fi
}
err_has() { # name text: stderr of the last command contains text
  grep -qF -- "$2" "$T_DIR/err" && t_pass "$1" || t_fail "$1" "no \"$2\" in: $(head -c 400 "$T_DIR/err")"
}

"$B" init --workshop INP --name "Atelier" >/dev/null
"$B" operator add Camille >/dev/null 2>&1
LOT=$("$B" lot add --donor "Ville de Lyon")
ID=$("$B" device add --lot "$LOT" --serial PF1ABC --category laptop --make Lenovo --model T480)
ESC=$(printf 'rouge\033[31m!')
CSI=$(printf 'rouge\302\23331m!')          # U+009B: ESC [ in one C1 character
LATIN1=$(printf 'caf\351')
RLO=$(printf 'abc\342\200\256def')           # U+202E reverses what follows on screen

# ---- 1. one rule for free text ------------------------------------------
expect_status note_escape_refused 1 "$B" device state "$ID" in_progress --note "$ESC"
err_has note_escape_named "note : les caractères de contrôle ne sont pas admis"
expect_status note_c1_refused 1 "$B" device state "$ID" in_progress --note "$CSI"
err_has note_c1_named "note : les caractères de contrôle (U+009B) ne sont pas admis"
expect_status note_latin1_refused 1 "$B" device state "$ID" in_progress --note "$LATIN1"
err_has note_latin1_named "note : le texte n'est pas de l'UTF-8 valide"
expect_status note_bidi_refused 1 "$B" device state "$ID" in_progress --note "$RLO"
expect_status donor_c1_refused 1 "$B" lot add --donor "$CSI"
err_has donor_c1_named "donateur"
expect_status ref_c1_refused 1 "$B" lot add --donor "Mairie" --ref "$CSI"
expect_status serial_c1_refused 1 "$B" device add --lot "$LOT" --serial "SN$CSI"
expect_status model_c1_refused 1 "$B" device add --lot "$LOT" --serial SN77 --model "$CSI"
expect_status operator_c1_refused 1 "$B" operator add "Bob$CSI"
expect_status media_note_c1_refused 1 "$B" media none "$ID" --note "$CSI"
expect_status grade_note_c1_refused 1 "$B" grade "$ID" --cosmetic B --outcome reuse --all-pass --test battery=90 --note "$CSI"
expect_status wipe_note_c1_refused 1 "$B" wipe add "$ID" --media X --category purge --technique ata-secure-erase \
  --tool hdparm --status success --note "$CSI"
# nothing of it was stored: the history holds no C1 byte
"$B" device show "$ID" >"$T_DIR/show" 2>&1
if LC_ALL=C grep -q "$(printf '\302\233')" "$T_DIR/show"; then t_fail nothing_stored "a C1 control in device show"
else t_pass nothing_stored; fi
expect_status note_accents_fine 0 "$B" device state "$ID" in_progress --note "étagère 3 — à revoir"

# ---- 2. config set: what it could not read back is refused, never cut ------
LONG=$(head -c 4088 /dev/zero | tr '\0' a)
expect_status config_long_lang_refused 2 "$B" config set lang "$LONG"
expect_status config_long_key_refused 2 "$B" config set "printer.$(head -c 130 /dev/zero | tr '\0' p)" tcp://x
expect_status config_key_with_equals_refused 2 "$B" config set "hub.url=x" y
expect_status config_newline_refused 2 "$B" config set hub.url "$(printf 'http://a\nlang = en')"
expect_status config_c1_refused 2 "$B" config set hub.url "http://a$CSI"
expect_status config_latin1_refused 2 "$B" config set hub.url "http://$LATIN1"
expect_status config_blank_around_refused 2 "$B" config set hub.url " http://a"
err_has config_blank_around_said "hub.url : une valeur ne peut ni commencer ni finir par un blanc"
# label.printer names printer.NAME: a name that key cannot hold is refused
expect_status config_printer_name_too_long 2 "$B" config set label.printer "$(head -c 57 /dev/zero | tr '\0' p)"
expect_status config_hub_url_too_long 2 "$B" config set hub.url "http://$(head -c 505 /dev/zero | tr '\0' h)"
err_has config_hub_url_too_long_said "hub.url : valeur trop longue (512 octets, 511 au plus)"
# the longest accepted values are read back whole, by config get and by sync
URL="http://$(head -c 504 /dev/zero | tr '\0' h)"
expect_status config_hub_url_longest 0 "$B" config set hub.url "$URL"
[ "$("$B" config get hub.url)" = "$URL" ] && t_pass config_hub_url_read_back || t_fail config_hub_url_read_back "cut"
SPEC="tcp://127.0.0.1:9100 template=$(head -c 990 /dev/zero | tr '\0' t)"
expect_status config_printer_longest 0 "$B" config set printer.zebra "$SPEC"
[ "$("$B" config get printer.zebra)" = "$SPEC" ] && t_pass config_printer_read_back || t_fail config_printer_read_back "cut"
expect_status config_another_set_reads_it 0 "$B" config set lang fr
# a value written by hand, longer than its reader holds: an error naming it
{ printf 'operator = %s\n' "$(head -c 300 /dev/zero | tr '\0' o)"; cat "$XDG_CONFIG_HOME/boucle/boucle.conf"; } >"$T_DIR/conf"
cp "$T_DIR/conf" "$XDG_CONFIG_HOME/boucle/boucle.conf"
expect_status config_hand_written_too_long_said 1 env BOUCLE_OPERATOR= "$B" lot add --donor Mairie
err_has config_hand_written_too_long_named "la valeur de operator est trop longue"
expect_status config_sync_reads_file 1 "$B" sync
if grep -q "trop longue\|trop long" "$T_DIR/err"; then t_fail config_sync_not_about_length "$(head -c 300 "$T_DIR/err")"
else t_pass config_sync_not_about_length; fi
"$B" config set hub.url http://127.0.0.1:1 >/dev/null 2>&1
sed -i '/^operator = o/d' "$XDG_CONFIG_HOME/boucle/boucle.conf"

# ---- 2b. a secret never on the command line --------------------------------
expect_status config_password_argument_refused 2 "$B" config set hub.password hunter22
err_has config_password_argument_says_how "boucle config set hub.password < FICHIER"
if grep -q hunter22 "$XDG_CONFIG_HOME/boucle/boucle.conf"; then t_fail config_password_not_written "written"
else t_pass config_password_not_written; fi
printf 'pipe-pass-1\n' | "$B" config set hub.password >"$T_DIR/out" 2>"$T_DIR/err" \
  && t_pass config_password_from_stdin || t_fail config_password_from_stdin "$(cat "$T_DIR/err")"
grep -q '^password = pipe-pass-1$' "$XDG_CONFIG_HOME/boucle/boucle.conf" \
  && t_pass config_password_stored || t_fail config_password_stored "$(cat "$XDG_CONFIG_HOME/boucle/boucle.conf")"
[ "$("$B" config get hub.password)" = "(défini, non affiché)" ] && t_pass config_password_not_shown \
  || t_fail config_password_not_shown "$("$B" config get hub.password)"
expect_status config_password_empty_stdin_refused 2 "$B" config set hub.password
grep -q '^password = pipe-pass-1$' "$XDG_CONFIG_HOME/boucle/boucle.conf" \
  && t_pass config_password_kept || t_fail config_password_kept "changed"
# on a terminal: asked without echo
if command -v tmux >/dev/null 2>&1; then
  tui_start -- env XDG_CONFIG_HOME="$XDG_CONFIG_HOME" "$B" config set hub.password
  if tui_wait "hub.password (non affiché) :" 5; then
    tui_type "tty-pass-9"; tui_keys Enter; sleep 0.5
    if tui_screen | grep -q "tty-pass-9"; then t_fail config_password_prompt_no_echo "echoed"
    else t_pass config_password_prompt_no_echo; fi
    grep -q '^password = tty-pass-9$' "$XDG_CONFIG_HOME/boucle/boucle.conf" \
      && t_pass config_password_from_prompt || t_fail config_password_from_prompt "not stored"
  else t_fail config_password_prompt_no_echo "no prompt: $(tui_screen)"; fi
  tui_stop
else t_skip config_password_prompt_no_echo "no tmux"; fi

# ---- 3. a configuration path that is a folder ------------------------------
DIRCFG="$T_DIR/dircfg"
mkdir -p "$DIRCFG/boucle/boucle.conf"
expect_status config_folder_get 1 env XDG_CONFIG_HOME="$DIRCFG" "$B" config get lang
err_has config_folder_get_said "boucle.conf est un dossier, pas un fichier"
expect_status config_folder_set 1 env XDG_CONFIG_HOME="$DIRCFG" "$B" config set lang en
err_has config_folder_set_said "est un dossier"
[ -d "$DIRCFG/boucle/boucle.conf" ] && t_pass config_folder_left || t_fail config_folder_left "replaced"

# ---- 3b. a device, a FIFO: refused at once ---------------------------------
expect_status wipe_import_dev_zero 1 "$B" wipe import /dev/zero
err_has wipe_import_dev_zero_said "/dev/zero n'est pas un fichier ordinaire"
mkfifo "$T_DIR/nwipe.log"
expect_status wipe_import_fifo 1 "$B" wipe import "$T_DIR/nwipe.log"
err_has wipe_import_fifo_said "nwipe.log n'est pas un fichier ordinaire"
expect_status grade_profile_fifo 1 "$B" grade "$ID" --cosmetic B --outcome reuse --all-pass --profile "$T_DIR/nwipe.log"
expect_status db_dev_zero 1 "$B" --db /dev/zero device list
err_has db_dev_zero_said "/dev/zero n'est pas un fichier ordinaire"
expect_status db_fifo 1 "$B" --db "$T_DIR/nwipe.log" device list
err_has db_fifo_said "n'est pas un fichier ordinaire"
expect_status scan_fifo 1 "$B" scan "$T_DIR/nwipe.log"
err_has scan_fifo_said "n'est pas un fichier ordinaire"

# ---- 3c. a read-only file system, a full disk ------------------------------
# In a mount namespace of their own, so that no mount outlives the test.
if [ "$(id -u)" -ne 0 ] || ! unshare -m --propagation private true 2>/dev/null; then
  t_skip readonly_fs "needs root and unshare -m (mount namespaces) to mount a read-only tmpfs"
  t_skip full_disk "needs root and unshare -m to mount a small tmpfs"
else
  RO="$T_DIR/ro" OUT="$T_DIR/ro-out"
  mkdir -p "$RO" "$OUT"
  "$B" grade "$ID" --cosmetic B --outcome reuse --all-pass --test battery=90 >/dev/null 2>&1
  "$B" config set lang fr >/dev/null
  unshare -m --propagation private sh -c '
    B=$1 RO=$2 OUT=$3 DB=$4 CFG=$5 ID=$6
    mount -t tmpfs -o size=8m tmpfs "$RO" || exit 3
    cp "$DB" "$RO/b.db"; mkdir -p "$RO/cfg/boucle"; cp "$CFG/boucle/boucle.conf" "$RO/cfg/boucle/"
    mount -o remount,ro "$RO" || exit 3
    export BOUCLE_DB="$RO/b.db" XDG_CONFIG_HOME="$RO/cfg"
    run() { n=$1; shift; timeout 20 "$@" >"$OUT/$n.out" 2>"$OUT/$n.err" </dev/null; echo $? >"$OUT/$n.rc"; }
    run list "$B" device list
    run show "$B" device show "$ID"
    run verify "$B" verify
    run cert "$B" cert "$ID" --json -
    run get "$B" config get lang
    run add "$B" lot add --donor "Mairie"
    run set "$B" config set lang en
  ' sh "$B" "$RO" "$OUT" "$BOUCLE_DB" "$XDG_CONFIG_HOME" "$ID"
  if [ $? -eq 3 ]; then t_skip readonly_fs "tmpfs could not be mounted or remounted read-only here"
  else
    for n in list show verify cert get; do
      [ "$(cat "$OUT/$n.rc")" = 0 ] && t_pass "readonly_fs_reads_$n" \
        || t_fail "readonly_fs_reads_$n" "status $(cat "$OUT/$n.rc"): $(head -c 300 "$OUT/$n.err")"
    done
    grep -q "$ID" "$OUT/list.out" && t_pass readonly_fs_list_shows || t_fail readonly_fs_list_shows "$(cat "$OUT/list.out")"
    [ "$(cat "$OUT/add.rc")" = 1 ] && grep -qF "le système de fichiers de la base $RO/b.db est en lecture seule" "$OUT/add.err" \
      && t_pass readonly_fs_write_said || t_fail readonly_fs_write_said "status $(cat "$OUT/add.rc"): $(cat "$OUT/add.err")"
    [ "$(cat "$OUT/set.rc")" = 1 ] && grep -qF "$RO/cfg/boucle/boucle.conf : le système de fichiers est en lecture seule" "$OUT/set.err" \
      && t_pass readonly_fs_config_said || t_fail readonly_fs_config_said "status $(cat "$OUT/set.rc"): $(cat "$OUT/set.err")"
  fi

  FULL="$T_DIR/full"
  mkdir -p "$FULL"
  unshare -m --propagation private sh -c '
    B=$1 FULL=$2 OUT=$3
    mount -t tmpfs -o size=16m tmpfs "$FULL" || exit 3
    export BOUCLE_DB="$FULL/f.db" XDG_CONFIG_HOME="$FULL/cfg" BOUCLE_OPERATOR=Camille
    "$B" init --workshop FUL --name Plein >/dev/null && "$B" operator add Camille >/dev/null || exit 4
    LOT=$("$B" lot add --donor Mairie) && "$B" config set lang fr || exit 4
    # leave about 200 KB: a few dozen devices fill it
    avail=$(df -k "$FULL" | awk "NR == 2 { print \$4 }")
    head -c $(( (avail - 200) * 1024 )) /dev/zero >"$FULL/ballast" 2>/dev/null
    i=0 ok=0
    while [ $i -lt 3000 ]; do
      i=$((i + 1))
      "$B" device add --lot "$LOT" --serial "FULL$i" >/dev/null 2>"$OUT/full.err" || break
      ok=$((ok + 1))
    done
    echo "$ok" >"$OUT/full.ok"
    "$B" device list 2>&1 | grep -c FULL >"$OUT/full.listed"
    "$B" verify >"$OUT/full.verify" 2>&1; echo $? >"$OUT/full.verify.rc"
    # the configuration on the full disk: unchanged, and said
    head -c 2000000 /dev/zero >"$FULL/filler" 2>/dev/null
    "$B" config set lang en 2>"$OUT/full.cfg.err"; echo $? >"$OUT/full.cfg.rc"
    "$B" config get lang >"$OUT/full.cfg.get" 2>&1
    rm -f "$FULL/filler" "$FULL/ballast"
    "$B" device add --lot "$LOT" --serial AFTER >/dev/null 2>"$OUT/full.after.err"; echo $? >"$OUT/full.after.rc"
  ' sh "$B" "$FULL" "$OUT"
  case $? in
    3) t_skip full_disk "a small tmpfs could not be mounted here" ;;
    4) t_fail full_disk "could not set the database up on the small tmpfs" ;;
    *)
      ok=$(cat "$OUT/full.ok")
      [ "$ok" -gt 0 ] && [ "$ok" -lt 3000 ] && t_pass full_disk_reached || t_fail full_disk_reached "$ok devices added"
      grep -q "est plein ; rien n'a été enregistré, ce qui l'avait été avant est conservé" "$OUT/full.err" \
        && t_pass full_disk_said || t_fail full_disk_said "$(cat "$OUT/full.err")"
      [ "$(cat "$OUT/full.listed")" = "$ok" ] && t_pass full_disk_nothing_lost \
        || t_fail full_disk_nothing_lost "$(cat "$OUT/full.listed") listed, $ok added"
      [ "$(cat "$OUT/full.verify.rc")" = 0 ] && t_pass full_disk_chain_intact || t_fail full_disk_chain_intact "$(cat "$OUT/full.verify")"
      [ "$(cat "$OUT/full.cfg.rc")" = 1 ] && grep -q "le disque est plein ; la configuration est inchangée" "$OUT/full.cfg.err" \
        && t_pass full_disk_config_said || t_fail full_disk_config_said "status $(cat "$OUT/full.cfg.rc"): $(cat "$OUT/full.cfg.err")"
      [ "$(cat "$OUT/full.cfg.get")" = fr ] && t_pass full_disk_config_kept || t_fail full_disk_config_kept "$(cat "$OUT/full.cfg.get")"
      [ "$(cat "$OUT/full.after.rc")" = 0 ] && t_pass full_disk_works_again || t_fail full_disk_works_again "$(cat "$OUT/full.after.err")"
      ;;
  esac
fi

exit $((t_failures > 0))
