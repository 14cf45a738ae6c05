# wipe_erase_fr.sh — the erase screen at 80×24 in French, as a technician
# sees it, with a fake nwipe (tests/lib/fake-nwipe: nwipe's log, the disk
# untouched) on a loop device: a refused disk says why and what to do in the
# screen (no command to type), the confirmation shows the disk, the run ends
# by itself on the result, the wipe is recorded on the device with its disk,
# and the log is in the configured folder. Needs root and a loop device.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
export BOUCLE_DB="$T_DIR/fr.db"
if [ "$(id -u)" -ne 0 ]; then t_skip wipe_erase_fr "not root: cannot attach a loop device"; exit 0; fi
truncate -s 64M "$T_DIR/disk.img"
if ! L=$(losetup -f --show "$T_DIR/disk.img" 2>"$T_DIR/err"); then
  t_skip wipe_erase_fr "this machine refuses loop devices: $(head -c 120 "$T_DIR/err")"; exit 0
fi
# a short log folder, so that its path fits on one row of the result
LOGS=/tmp/bwe$$
trap 'tui_stop; losetup -d "$L" 2>/dev/null; rm -rf "$LOGS"; t_cleanup' EXIT
NAME=$(basename "$L")
mkdir -p "$T_DIR/sys/block" "$T_DIR/.config"
export HOME="$T_DIR" XDG_CONFIG_HOME="$T_DIR/.config"
"$B" init --workshop GRE1 --name Atelier >/dev/null
"$B" operator add Camille >/dev/null 2>&1
"$B" lot add --donor Mairie >/dev/null
ID=$("$B" device add --lot GRE1-L0001 --serial PC1 --category desktop --make HP --model 800G1)
"$B" grade "$ID" --cosmetic B --outcome reuse --all-pass >/dev/null
"$B" config set wipe.log_dir "$LOGS" >/dev/null

tui_start 80 24 -- env HOME="$T_DIR" XDG_CONFIG_HOME="$T_DIR/.config" BOUCLE_SYSFS="$T_DIR/sys" \
  BOUCLE_NWIPE="$BOUCLE_TOP/tests/lib/fake-nwipe" FAKE_STEPS=8 "$B" --lang fr --operator Camille
tui_wait "GRE1" 5 || true
tui_scan "$ID"
tui_wait "PC1" 5 || true
tui_keys e
tui_type "/etc/passwd"; tui_keys Enter
t_screen wipe_erase_fr_refused <<EOF
 boucle · Lancer nwipe                        GRE1 Atelier  Opérateur : Camille
 Effacer un disque de $ID avec nwipe (HP 800G1)

 Disque   Type  Modèle                   N° de série            Capacité
  Aucun disque trouvé dans /sys/block : tapez le chemin d'un périphérique
  bloc.











  Périphérique bloc* /etc/passwd

  Périphérique bloc : /etc/passwd n'est pas un disque de cette machine.
  Choisissez-en un dans la liste, ou tapez un chemin comme /dev/sdb.


F2Continuer F4Arrêter F1/?Aide /Chercher ÉchapRetour F10/qQuitter
EOF
grep -qE "boucle [a-z]" "$T_DIR/seen" && t_fail wipe_erase_fr_no_command "$(grep -E 'boucle [a-z]' "$T_DIR/seen")" || t_pass wipe_erase_fr_no_command
tui_keys C-u; tui_type "$L"; tui_keys Enter
t_screen wipe_erase_fr_confirm <<EOF
 boucle · Lancer nwipe                        GRE1 Atelier  Opérateur : Camille
 Effacer un disque de $ID avec nwipe (HP 800G1)

  TOUTES LES DONNÉES de $L seront détruites.
    Modèle  ?
    Série   (aucun indiqué)
    Taille  67 Mo (67108864 octets)

       Méthode  < des zéros (1 passe) >

  Vérification  < dernière passe >

      Passages* 1

  Confirmation*

  Ce disque n'indique pas de numéro de série : pour confirmer, tapez son nom
  ($NAME) puis Entrée ; Échap revient.





F2Continuer F4Arrêter F1/?Aide /Chercher ÉchapRetour F10/qQuitter
EOF
tui_type "$NAME"; tui_keys Enter
t_expect wipe_erase_fr_running "Effacement de $L : des zéros (1 passe), vérification : dernière" 3
row=$(tui_screen | sed -n 5p | sed 's/[[:space:]]*$//')
[ "$row" = "  passe" ] && t_pass wipe_erase_fr_running_title_wraps || t_fail wipe_erase_fr_running_title_wraps "row 5 is \"$row\""
t_expect wipe_erase_fr_round "Écriture — tour 1 sur 1, passe 1 sur 1" 3
# no key from here: the run ends by itself on the result
sleep 1
LOG=$(ls "$LOGS"/nwipe-"$ID"-*.log 2>/dev/null | head -1)
t_screen wipe_erase_fr_done 15 <<EOF
 boucle · Lancer nwipe                        GRE1 Atelier  Opérateur : Camille
 Effacer un disque de $ID avec nwipe (HP 800G1)

  Effacé : l'effacement est enregistré sur cet appareil.
  Mention : d'occasion → reconditionné
  Journal nwipe conservé dans $LOG

















F2Continuer F4Arrêter F1/?Aide /Chercher ÉchapRetour F10/qQuitter
EOF
"$B" device show "$ID" --json >"$T_DIR/dev.json"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); w=d['wipes']; m=d['media']; assert len(w)==1 and w[0]['status']=='success' and w[0]['serial']=='FAKE0001', w; assert len(m)==1 and m[0]['serial']=='FAKE0001' and m[0]['erased'], m; assert d['claim']=='reconditionne'" "$T_DIR/dev.json" \
  && t_pass wipe_erase_fr_recorded || t_fail wipe_erase_fr_recorded "$(head -c 400 "$T_DIR/dev.json")"
grep -q -- "--method=zero --verify=last --rounds=1 --logfile=$LOG $L" "$LOG.args" \
  && t_pass wipe_erase_fr_nwipe_args || t_fail wipe_erase_fr_nwipe_args "$(cat "$LOG.args" 2>&1)"
cmp -s "$T_DIR/disk.img" /dev/null; [ "$(stat -c %s "$T_DIR/disk.img")" = 67108864 ] && t_pass wipe_erase_fr_disk_untouched_by_fake \
  || t_fail wipe_erase_fr_disk_untouched_by_fake "size changed"
tui_stop
t_end
