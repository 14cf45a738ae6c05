# state_cli.sh — changes of state, the declaration without storage and
# moving an assigned wipe, from the command line: refusals exit 1 with a
# message that names the disk or the device and the remedy, in French.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
export BOUCLE_DB="$T_DIR/state.db" BOUCLE_OPERATOR="Camille"

expect_status() { # name want cmd...
  name=$1 want=$2; shift 2
  "$@" >"$T_DIR/out" 2>"$T_DIR/err"; got=$?
  if [ "$got" -eq "$want" ]; then t_pass "$name"; else
    t_fail "$name" "status $got, expected $want; stderr: $(head -c 300 "$T_DIR/err")"; fi
}
err_has() { # name text: stderr of the last command contains text
  grep -qF -- "$2" "$T_DIR/err" && t_pass "$1" || t_fail "$1" "no \"$2\" in: $(head -c 400 "$T_DIR/err")"
}
state_of() { "$B" device show "$1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])'; }

"$B" init --workshop STC --name "Atelier" >/dev/null
"$B" operator add Camille >/dev/null 2>&1
LOT=$("$B" lot add --donor "Ville de Lyon")
ID=$("$B" device add --lot "$LOT" --serial PF1ABC --category laptop --make Lenovo --model T480)
ID2=$("$B" device add --lot "$LOT" --serial PF2DEF --category laptop --make Lenovo --model T480)
"$B" media add "$ID" --serial WD-WX11A --type hdd >/dev/null
"$B" grade "$ID" --cosmetic B --outcome reuse --all-pass --test battery=90 >/dev/null
"$B" grade "$ID2" --cosmetic B --outcome reuse --all-pass --test battery=90 >/dev/null

# the bug: an unerased disk went out « réemployé »
expect_status state_reused_not_from_in_progress 1 "$B" device state "$ID" reused
err_has state_reused_not_from_in_progress_said "Impossible depuis « en cours » ; possibles : prêt, pièces, recyclé."
expect_status state_ready_unerased_disk_refused 1 "$B" device state "$ID" ready
err_has state_ready_unerased_disk_named "Le disque WD-WX11A n'est pas effacé : enregistrez un effacement réussi"
[ "$(state_of "$ID")" = in_progress ] && t_pass state_refused_writes_nothing || t_fail state_refused_writes_nothing "$(state_of "$ID")"
"$B" wipe add "$ID" --media WD-WX11A --category purge --technique ata-secure-erase --tool hdparm --status success >/dev/null
expect_status state_ready_after_wipe 0 "$B" device state "$ID" ready --note "étagère 3"
"$B" media add "$ID" --serial SSD-NEW --type ssd >/dev/null
expect_status state_reused_new_disk_refused 1 "$B" device state "$ID" reused
err_has state_reused_new_disk_named "SSD-NEW"
expect_status state_back_to_testing 0 "$B" device state "$ID" in_progress
expect_status state_unknown_word 2 "$B" device state "$ID" flying
expect_status state_unknown_device 1 "$B" device state STC-999999 parts

# « sans disque »: asked for by the claim, one core function for both commands
expect_status state_no_disk_refused 1 "$B" device state "$ID2" ready
err_has state_no_disk_remedy "Aucun support de stockage n'est enregistré : ajoutez ses disques et effacez-les, ou déclarez-le sans disque."
expect_status media_none_with_disk_refused 1 "$B" media none "$ID" --note "rien"
err_has media_none_with_disk_named "L'appareil $ID contient 2 disques (WD-WX11A et d'autres)"
expect_status media_none 0 "$B" media none "$ID2" --note "ouvert : pas de disque"
expect_status state_ready_declared_without_disk 0 "$B" device state "$ID2" ready
"$B" device show "$ID2" >"$T_DIR/show"
grep -q "aucun support de stockage à l'intérieur — ouvert : pas de disque" "$T_DIR/show" \
  && t_pass media_none_in_history || t_fail media_none_in_history "$(cat "$T_DIR/show")"
expect_status grade_no_storage_with_disk_refused 1 "$B" grade "$ID" --cosmetic B --outcome reuse --all-pass --test battery=90 --no-storage
err_has grade_no_storage_with_disk_named "ne peut pas être déclaré sans disque"

# an assigned wipe does not move silently
KEY=$("$B" device show "$ID" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["wipes"][0]["key"])')
expect_status wipe_assign_assigned_refused 1 "$B" wipe assign "$KEY" "$ID2"
err_has wipe_assign_assigned_names_device "déjà rattaché à l'appareil $ID"
expect_status wipe_assign_move_needs_reason 2 "$B" wipe assign "$KEY" "$ID2" --move
expect_status wipe_assign_reason_needs_move 2 "$B" wipe assign "$KEY" "$ID2" --reason "x"
n=$("$B" device show "$ID" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["wipes"]))')
[ "$n" = 1 ] && t_pass wipe_assign_refused_stays || t_fail wipe_assign_refused_stays "wipes of $ID: $n"
expect_status wipe_assign_move 0 "$B" wipe assign "$KEY" "$ID2" --move --reason "disque échangé à l'établi"
"$B" device show "$ID2" >"$T_DIR/show"
grep -q "disque échangé à l'établi" "$T_DIR/show" && t_pass wipe_assign_move_reason_in_history \
  || t_fail wipe_assign_move_reason_in_history "$(cat "$T_DIR/show")"
"$B" media list "$ID" >"$T_DIR/media"
grep -q "WD-WX11A.*non effacé" "$T_DIR/media" && t_pass wipe_assign_move_leaves_disk_unerased \
  || t_fail wipe_assign_move_leaves_disk_unerased "$(cat "$T_DIR/media")"
t_end
