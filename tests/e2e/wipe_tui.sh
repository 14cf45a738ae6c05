# wipe_tui.sh — the wipe screens in the terminal UI, as a technician uses
# them (English, then French): import an nwipe log into the open device and
# see its claim change, link an unassigned wipe by scanning a device (the scan
# must not open the device), see the claim in the device list, write the
# certificate of a device and of a lot.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
FX="$BOUCLE_FIXTURES/nwipe"
export BOUCLE_DB="$T_DIR/wipe.db"
export HOME="$T_DIR" XDG_CONFIG_HOME="$T_DIR/.config"
unset XDG_DOCUMENTS_DIR
mkdir -p "$T_DIR/logs"
cp "$FX/nwipe-zero-verify-last.log" "$T_DIR/logs/"
"$B" init --workshop GRE1 --name Atelier >/dev/null
"$B" operator add Camille >/dev/null 2>&1
"$B" lot add --donor "Mairie de Grenoble" >/dev/null
A=$("$B" device add --lot GRE1-L0001 --serial PF1ABC --category laptop --make Lenovo --model T480)
C=$("$B" device add --lot GRE1-L0001 --serial PF2XYZ --category laptop --make Dell --model E7470)
"$B" grade "$A" --cosmetic A --outcome reuse --all-pass --test battery=85 >/dev/null
"$B" config set wipe.log_dir "~/logs" >/dev/null
UI="env HOME=$T_DIR XDG_CONFIG_HOME=$T_DIR/.config"

tui_start 100 30 -- $UI "$B" --lang en --operator Camille
tui_wait "GRE1" 5 || true

# 1. Import from the device detail: every drive goes to it; the default
#    folder is wipe.log_dir with ~/ expanded.
tui_scan "$A"
t_expect wipe_tui_detail_open "PF1ABC"
tui_keys w
t_expect wipe_tui_import_open "Import nwipe logs into device $A"
t_expect wipe_tui_import_default_dir "$T_DIR/logs"
tui_keys Enter
t_expect wipe_tui_import_row "Fill With Zeros" 5
if tui_screen | grep -q "$A .*erased .*used → refurbished"; then t_pass wipe_tui_import_claim_change
else t_fail wipe_tui_import_claim_change "no claim change row"; tui_screen | sed 's/^/    | /'; fi
t_expect wipe_tui_import_summary "1 new wipe record (erased: 1, unassigned: 0)"
# again: already imported, nothing new
tui_keys Enter
t_expect wipe_tui_import_again "already imported" 5
tui_keys Escape
t_expect wipe_tui_detail_claim "Claim        refurbished"

# 2. Certificate of the device, to a typed path ("~/" expanded).
tui_keys c
t_expect wipe_tui_cert_open "Certificate of sanitization of $A"
t_expect wipe_tui_cert_default "$T_DIR/certificate-$A.pdf"
tui_keys C-u; tui_type "~/out/dev.pdf"
mkdir -p "$T_DIR/out"
tui_keys Enter
t_expect wipe_tui_cert_written "Certificate written" 10
if pdftotext "$T_DIR/out/dev.pdf" - 2>/dev/null | grep -q "$A" && [ -s "$T_DIR/out/dev.json" ] &&
   python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['lang']=='en', d.get('lang')" "$T_DIR/out/dev.json"; then
  t_pass wipe_tui_cert_files
else t_fail wipe_tui_cert_files "$(ls -la "$T_DIR/out" 2>&1 | tr '\n' ' ')"; fi
tui_keys Escape; tui_keys Escape

# 3. The device list shows the claim.
tui_keys Escape
tui_wait "Stock by state" 3 || true
tui_keys d
t_expect wipe_tui_list_claim_column "Claim"
if tui_screen | grep "$A" | grep -q "refurb\."; then t_pass wipe_tui_list_refurb
else t_fail wipe_tui_list_refurb "no refurb. on $A's row"; tui_screen | sed 's/^/    | /'; fi
tui_keys Escape

# 4. Unassigned wipes: import a log by serial (matches nothing), then link it
#    by scanning C on the unassigned screen.
tui_wait "Stock by state" 3 || true
tui_keys w
t_expect wipe_tui_import_by_serial "matched to devices by serial"
tui_keys C-u; tui_type "$FX/nwipe-prng-2rounds-verify-all.log"; tui_keys Enter
t_expect wipe_tui_import_unassigned "unassigned: 1" 5
tui_keys F4
t_expect wipe_tui_unassigned_open "Wipes that matched no device: 1"
tui_scan "$C"
t_expect wipe_tui_scan_chooses "Device $C chosen"
if tui_screen | grep -q "Wipes that matched no device"; then t_pass wipe_tui_scan_stays
else t_fail wipe_tui_scan_stays "the scan left the screen"; tui_screen | sed 's/^/    | /'; fi
tui_keys Enter
t_expect wipe_tui_linked "linked to $C" 5
t_expect wipe_tui_unassigned_empty "Wipes that matched no device: 0"
n=$("$B" wipe unassigned --json | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")
w=$("$B" device show "$C" --json | python3 -c "import json,sys; d=json.load(sys.stdin); print(len(d['wipes']), len(d['media']))")
[ "$n" = 0 ] && [ "$w" = "1 1" ] && t_pass wipe_tui_link_recorded || t_fail wipe_tui_link_recorded "unassigned $n, wipes/media of C $w"
# typing an unknown asset id names it
tui_keys C-u; tui_type "NOPE-1"; tui_keys Enter
t_expect wipe_tui_unknown_device 'No device matches "NOPE-1"' 3
tui_stop

# 5. French: the certificate of a lot from the lot list, default name in
#    the home folder, in French.
tui_start 100 30 -- $UI "$B" --operator Camille
tui_wait "GRE1" 5 || true
tui_keys l
t_expect wipe_tui_fr_lots "GRE1-L0001"
tui_keys c
t_expect wipe_tui_fr_cert_open "Certificat d'effacement de GRE1-L0001"
tui_keys Enter
t_expect wipe_tui_fr_cert_written "Certificat écrit" 10
if pdftotext "$T_DIR/certificat-GRE1-L0001.pdf" - 2>/dev/null | grep -q "$A" && [ -s "$T_DIR/certificat-GRE1-L0001.json" ] &&
   python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['lang']=='fr', d.get('lang')" "$T_DIR/certificat-GRE1-L0001.json"; then
  t_pass wipe_tui_fr_lot_cert_files
else t_fail wipe_tui_fr_lot_cert_files "$(ls "$T_DIR" | tr '\n' ' ')"; fi
tui_stop
t_end
