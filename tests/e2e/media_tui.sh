# media_tui.sh — the storage media screen (device detail, m), in French as
# a technician uses it on a laptop graded all-pass with the CLI: add a disk
# by scanning its serial (the scan stays on the screen and fills the field),
# add one by hand with a capacity typed "256 GB", record a wipe of each by
# hand (a missing verification result is refused inline first) and watch
# the claim go from « d'occasion » to « reconditionné »; then probe this
# machine (a fake sysfs) and see a new, unwiped disk take it back. The
# records are checked with the CLI; the function bars fit 80 columns.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
export HOME="$T_DIR" XDG_CONFIG_HOME="$T_DIR/.config"
SYS="$T_DIR/sys"
mk() { # name model serial sectors rotational
  mkdir -p "$SYS/block/$1/device" "$SYS/block/$1/queue"
  echo "$2" >"$SYS/block/$1/device/model"; echo "$3" >"$SYS/block/$1/device/serial"
  echo "$4" >"$SYS/block/$1/size"; echo "$5" >"$SYS/block/$1/queue/rotational"
}
mk sda "WDC WD5000" WD-WX11A 976773168 1
mk sdb "Kingston A400" KS123 234441648 0
"$B" init --workshop GRE1 --name Atelier >/dev/null
"$B" operator add Camille >/dev/null 2>&1
"$B" lot add --donor "Mairie de Grenoble" >/dev/null
A=$("$B" device add --lot GRE1-L0001 --serial PF1ABC --category laptop --make Lenovo --model T480)
"$B" grade "$A" --cosmetic A --outcome reuse --all-pass --test battery=85 >/dev/null
UI="env HOME=$T_DIR XDG_CONFIG_HOME=$T_DIR/.config BOUCLE_SYSFS=$SYS BOUCLE_SMARTCTL=none"
json() { "$B" device show "$A" --json | python3 -c "import json,sys; d=json.load(sys.stdin); $1"; }
row() { tui_screen | grep -F -- "$1"; }

tui_start 80 24 -- $UI "$B" --operator Camille
tui_wait "GRE1" 5 || true

# 1. The detail offers the screen (m), and its bar still ends inside 80 columns.
tui_scan "$A"
t_expect media_tui_detail "PF1ABC"
t_expect media_tui_detail_key "mDisques"
tui_keys m
t_expect media_tui_open "Supports de stockage de $A"
t_expect media_tui_claim_used "Mention : d'occasion"
if tui_screen | tail -1 | grep -q "qQuitter$"; then t_pass media_tui_bar_fits
else t_fail media_tui_bar_fits "$(tui_screen | tail -1)"; fi

# 2. Scanning a disk's sticker fills the serial and stays on the screen.
tui_scan "WD-WX11A"
t_expect media_tui_scan_fills "Numéro de série WD-WX11A scanné"
if tui_screen | grep -q "N° de série\* WD-WX11A" && tui_screen | grep -q "Supports de stockage de"; then
  t_pass media_tui_scan_stays
else t_fail media_tui_scan_stays "not in the add form"; tui_screen | sed 's/^/    | /'; fi
tui_type "WDC WD5000"; tui_keys Tab h Tab; tui_type "500G"; tui_keys Enter
t_expect media_tui_scanned_added "Disque WD-WX11A ajouté ; mention : d'occasion."
if row "WD-WX11A" | grep -q "HDD *500 Go *non effacé"; then t_pass media_tui_scanned_row
else t_fail media_tui_scanned_row "$(row WD-WX11A)"; fi

# 3. Scanning the device's own label is refused, not taken for a disk.
tui_scan "$A"
t_expect media_tui_own_label "l'étiquette ou le numéro de série de l'appareil lui-même"

# 4. By hand, with a bad capacity first: the message names it, under the field.
tui_keys F2
t_expect media_tui_add_form "Scannez ou tapez le n° de série du disque"
tui_type "S4EVNX0N123456A"; tui_keys Tab; tui_type "Samsung 970 EVO"; tui_keys Tab n Tab
tui_type "12 XB"; tui_keys Enter
t_expect media_tui_bad_capacity "« 12 XB » n'est pas une capacité"
tui_keys C-u; tui_type "256 GB"; tui_keys Enter
t_expect media_tui_hand_added "Disque S4EVNX0N123456A ajouté ; mention : d'occasion."
if row "S4EVNX0N123456A" | grep -q "NVMe *256 Go *non effacé"; then t_pass media_tui_hand_row
else t_fail media_tui_hand_row "$(row S4EVNX0N123456A)"; fi
m=$("$B" media list "$A" --json | python3 -c "
import json,sys; m={d['serial']:d for d in json.load(sys.stdin)}
print(m['WD-WX11A']['type'], m['WD-WX11A']['bytes'], m['S4EVNX0N123456A']['type'], m['S4EVNX0N123456A']['bytes'], m['S4EVNX0N123456A']['model'])")
[ "$m" = "hdd 500000000000 nvme 256000000000 Samsung 970 EVO" ] && t_pass media_tui_media_recorded \
  || t_fail media_tui_media_recorded "$m"

# 5. A hand wipe of the HDD: a sample verification without its result is
#    refused by wipe_add, whose message shows under the form; then it goes in.
tui_keys Home Enter
t_expect media_tui_wipe_form "Effacement de WD-WX11A (HDD WDC WD5000, 500 Go)"
tui_keys Down Down; tui_type "hdparm"; tui_keys Tab; tui_type "9.65"; tui_keys Tab p Enter
t_expect media_tui_wipe_refused "Donnez le résultat de la vérification"
if tui_screen | grep -q "Outil\* hdparm"; then t_pass media_tui_wipe_form_kept
else t_fail media_tui_wipe_form_kept "the form lost what was typed"; tui_screen | sed 's/^/    | /'; fi
tui_keys Down Right Enter
t_expect media_tui_wipe_recorded "Effacement du disque WD-WX11A enregistré (réussi) ; mention : d'occasion."
if row "WD-WX11A" | grep -q "effacé" && ! row "WD-WX11A" | grep -q "non effacé"; then t_pass media_tui_wipe_row
else t_fail media_tui_wipe_row "$(row WD-WX11A)"; fi

# 6. The NVMe: the form kept tool and verification; purge by NVMe format.
#    Its wipe makes the device « reconditionné ».
tui_keys End F4
t_expect media_tui_wipe_form2 "Effacement de S4EVNX0N123456A"
tui_keys p Tab n
tui_keys Enter
t_expect media_tui_claim_change "d'occasion → reconditionné."
t_expect media_tui_claim_refurb "Mention : reconditionné"
w=$(json "
w={x['serial']:x for x in d['wipes']}; a=w['WD-WX11A']; b=w['S4EVNX0N123456A']
print(d['claim'], a['source'], a['category'], a['technique'], a['tool'], a['tool_version'], a['verification'], a['verification_result'], a['status'], b['category'], b['technique'])")
[ "$w" = "reconditionne manual clear overwrite hdparm 9.65 sample passed success purge nvme-format" ] \
  && t_pass media_tui_wipes_recorded || t_fail media_tui_wipes_recorded "$w"
"$B" verify >/dev/null 2>&1 && t_pass media_tui_chain_ok || t_fail media_tui_chain_ok "boucle verify failed"

# 7. Probe this machine: the HDD is already there ([=]); adding the
#    Kingston, never wiped, takes the claim back to « d'occasion ».
tui_keys F3
t_expect media_tui_probe "Kingston A400"
if row "WD-WX11A" | grep -qF "[=]"; then t_pass media_tui_probe_present
else t_fail media_tui_probe_present "$(row WD-WX11A)"; fi
tui_keys Down Space Enter
t_expect media_tui_probe_added "1 disque ajouté ; mention : reconditionné → d'occasion."
if row "KS123" | grep -q "SSD *120 Go *non effacé"; then t_pass media_tui_probe_row
else t_fail media_tui_probe_row "$(row KS123)"; fi

# On the smallest terminal (60x16) the model narrows; the wipe status stays.
tui_resize 60 16
if row "KS123" | grep -q "SSD *120 Go *non effacé"; then t_pass media_tui_narrow_status
else t_fail media_tui_narrow_status "$(row KS123)"; tui_screen | sed 's/^/    | /'; fi
tui_resize 80 24

# 8. Back on the detail, its claim follows.
tui_keys Escape
t_expect media_tui_detail_claim "disque S/N KS123 non effacé"
tui_stop

# 9. English: the bar of the detail and of the screen fit 80 columns, and
#    the help screen names m.
tui_start 80 24 -- $UI "$B" --lang en --operator Camille
tui_wait "GRE1" 5 || true
tui_scan "$A"
t_expect media_tui_en_detail "PF1ABC"
if tui_screen | tail -1 | grep -q "mDisks.*qQuit$"; then t_pass media_tui_en_detail_bar
else t_fail media_tui_en_detail_bar "$(tui_screen | tail -1)"; fi
tui_keys F1
t_expect media_tui_en_help "m                Storage media: add, probe, record a wipe by hand"
tui_keys Escape
tui_keys m
t_expect media_tui_en_open "Storage media of $A"
# every F-key has its Ctrl key (the forms take every letter), shown whole
if tui_screen | tail -1 | grep -q "^F2/^NAdd disk F3/^PProbe F4/^WWipe nNo disk F1/?Help /Search EscBack F10/qQuit$"; then
  t_pass media_tui_en_bar
else t_fail media_tui_en_bar "$(tui_screen | tail -1)"; fi
# the bar follows the mode: the add form saves with Enter (or F2 again),
# the chooser adds the chosen with Enter and chooses with Space
tui_keys C-n
t_expect media_tui_en_ctrl_n_adds "Add a disk: scan its serial or type it" 3
if tui_screen | tail -1 | grep -q "^EnterAdd F3/^PProbe "; then t_pass media_tui_en_add_bar
else t_fail media_tui_en_add_bar "$(tui_screen | tail -1)"; fi
tui_keys Escape
if tui_screen | tail -1 | grep -q "^F2/^NAdd disk "; then t_pass media_tui_en_back_to_list_bar
else t_fail media_tui_en_back_to_list_bar "$(tui_screen | tail -1)"; fi
tui_stop
t_end
