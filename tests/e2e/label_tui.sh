# label_tui.sh — the print screen and "scan from an image" as a sorting
# operator uses them in the terminal UI (tmux, 80x24, French): print the
# devices made ready today to a printer that is down (the job waits), retry
# once it is up, print from a device's detail, read a photo of a label.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
export XDG_CONFIG_HOME="$T_DIR/config"
cd "$T_DIR" || exit 1

"$B" init --workshop GRE1 --name "Atelier de Grenoble" >/dev/null
"$B" operator add Amina >/dev/null
LOT=$("$B" lot add --donor "CHU Grenoble Alpes" --ref BL-7 --expected 2)
A=$("$B" device add --lot "$LOT" --serial 5CG7301XYZ --category laptop --make HP --model "EliteBook 840 G5")
# ready asks for a grading and no donor data left (core/stock/state_rules.h)
"$B" grade "$A" --cosmetic A --outcome reuse --all-pass --test battery=90 --no-storage >/dev/null
"$B" device state "$A" ready >/dev/null
"$B" label "$A" --format png --out photo.png >/dev/null
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

tui_start 80 24 -- env XDG_CONFIG_HOME="$XDG_CONFIG_HOME" "$B" --operator Amina
tui_wait "Accueil" 5 || { tui_keys Enter; }
t_expect tui_home "p Étiquettes des prêts du jour" 5
tui_keys p
t_expect tui_print_screen "Étiquette de 1 appareil prêt aujourd'hui"
# no printer yet: F3 adds one (name, address, template), checked before saving
t_expect tui_print_no_printer "Aucune imprimante n'est configurée : F3/i en ajoute une." 3
tui_keys F3
t_expect tui_printer_form "Une imprimante d'étiquettes" 5
tui_type "zebra"; tui_keys Down; tui_type "lpr://127.0.0.1"; tui_keys Enter
t_expect tui_printer_bad_address "adresse inconnue" 3
tui_keys C-u; tui_type "tcp://127.0.0.1:$PORT"; tui_keys Down Right Right Enter
t_expect tui_printer_saved "Imprimante zebra enregistrée." 5
[ "$("$B" config get printer.zebra)" = "tcp://127.0.0.1:$PORT template=50x25" ] \
  && [ "$("$B" config get label.printer)" = zebra ] && [ "$("$B" config get label.printers)" = zebra ] \
  && t_pass tui_printer_written || t_fail tui_printer_written "$("$B" config get printer.zebra)"
t_expect tui_print_printer_chosen "Imprimante : ◀ zebra ▶" 3
t_expect tui_print_preview "$A"
tui_screen | grep -q '█' && t_pass tui_print_qr_preview || t_fail tui_print_qr_preview "no half blocks"
tui_keys F2
t_expect tui_print_printer_down "injoignable"
t_expect tui_print_job_waiting "en attente d'impression"
$PY - "$PORT" "$T_DIR/ready" >got.zpl 2>py.err <<'PYEOF' &
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1); s.settimeout(20)
open(sys.argv[2], "w").close()
c, _ = s.accept(); data = b""
while True:
    b = c.recv(65536)
    if not b: break
    data += b
c.close(); sys.stdout.buffer.write(data)
PYEOF
PY_PID=$!
i=0; while [ ! -e "$T_DIR/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
tui_keys F5
t_expect tui_print_retry_sent "1 tâche envoyée"
wait "$PY_PID"
grep -q '\^GFA,' got.zpl && t_pass tui_print_zpl_arrived || t_fail tui_print_zpl_arrived "$(wc -c <got.zpl) bytes"
t_expect tui_print_queue_empty "Rien en attente"
# printing again by accident: skipped
tui_keys F2
t_expect tui_print_no_double "déjà été imprimées"
tui_keys Escape
# read a photo of the label
tui_keys i
t_expect tui_scan_screen "Lire les codes d'une photo"
tui_type "$T_DIR/photo.png"
tui_keys Enter
t_expect tui_scan_found "→ $A"
t_expect tui_scan_summary "1 code lu, dont 1"
if ls /dev/video* >/dev/null 2>&1; then t_skip tui_scan_no_webcam "this machine has a webcam"; else
  tui_keys F3
  t_expect tui_scan_no_webcam "aucune webcam"
fi
tui_keys Enter   # the path is still in the field: read the photo again
t_expect tui_scan_found_again "→ $A"
tui_keys F2
t_expect tui_scan_opens_device "EliteBook"
tui_keys p
t_expect tui_device_print "Étiquette de $A"
tui_stop
t_end
