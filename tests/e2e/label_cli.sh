# label_cli.sh — `boucle label` and `boucle scan` as a sorting operator uses
# them: the labels of a lot in every format scan back to the right devices,
# a printer that is down keeps the job queued, a retry sends it once to a
# loopback "printer" (python3), bad input gets a clear message.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
export BOUCLE_DB="$T_DIR/label.db"
export XDG_CONFIG_HOME="$T_DIR/config"
cd "$T_DIR" || exit 1

expect_status() { # name want cmd...
  name=$1 want=$2; shift 2
  "$@" >"$T_DIR/out" 2>"$T_DIR/err"; got=$?
  if [ "$got" -eq "$want" ]; then t_pass "$name"; else
    t_fail "$name" "status $got, expected $want; stderr: $(head -c 300 "$T_DIR/err")"; fi
}
has() { grep -q -- "$2" "$T_DIR/$1"; }

"$B" init --workshop GRE1 --name "Atelier de Grenoble" >/dev/null
"$B" operator add Amina >/dev/null
LOT=$("$B" lot add --donor "CHU Grenoble Alpes" --ref BL-7 --expected 3)
A=$("$B" device add --lot "$LOT" --serial 5CG7301XYZ --category laptop --make HP --model "EliteBook 840 G5")
C=$("$B" device add --lot "$LOT" --serial PF1ABC23 --category laptop --make Lenovo --model "ThinkPad T480")
D=$("$B" device add --lot "$LOT" --serial 000987654 --category screen --make Iiyama --model XU2493HS)

# every format of one device
for f in png svg pdf zpl txt; do
  expect_status "label_${f}_written" 0 "$B" label "$A" --format $f --out "one.$f"
done
zbarimg -q --raw one.png 2>/dev/null | grep -qx "$A" && t_pass label_png_scans || t_fail label_png_scans "zbarimg: $(zbarimg -q --raw one.png 2>&1)"
if command -v pdftoppm >/dev/null; then
  pdftoppm -r 300 -png one.pdf page && zbarimg -q --raw page-1.png 2>/dev/null | grep -qx "$A" \
    && t_pass label_pdf_scans || t_fail label_pdf_scans "page did not scan"
else t_skip label_pdf_scans "pdftoppm not installed (poppler-utils)"; fi
head -1 one.zpl | grep -q '^\^XA' && grep -q '\^GFA,' one.zpl && t_pass label_zpl_is_zpl || t_fail label_zpl_is_zpl "$(head -c 100 one.zpl)"
grep -q "$A" one.txt && grep -q '█' one.txt && t_pass label_txt_preview || t_fail label_txt_preview "$(head -3 one.txt)"

# a whole lot: one multi-page PDF, one ZPL stream, one PNG per device
expect_status label_lot_pdf 0 "$B" label "$LOT" --format pdf --out lot.pdf
if command -v pdfinfo >/dev/null; then
  pdfinfo lot.pdf | grep -q "Pages: *3" && t_pass label_lot_three_pages || t_fail label_lot_three_pages "$(pdfinfo lot.pdf | grep Pages)"
fi
expect_status label_lot_zpl 0 "$B" label "$LOT" --format zpl --template 50x25 --out lot.zpl
[ "$(grep -c '^\^XA' lot.zpl)" = 3 ] && t_pass label_lot_zpl_three || t_fail label_lot_zpl_three "$(grep -c '^\^XA' lot.zpl) labels"
expect_status label_lot_png 0 "$B" label "$LOT" --format png --out lot.png
[ -f "lot-$A.png" ] && [ -f "lot-$C.png" ] && [ -f "lot-$D.png" ] && t_pass label_png_per_device || t_fail label_png_per_device "$(ls)"

# boucle scan finds the devices back; a picture without a code says so
expect_status scan_images 0 "$B" --lang en scan "lot-$C.png" "lot-$D.png"
has out "$C" && has out "$D" && t_pass scan_names_devices || t_fail scan_names_devices "$(cat out)"
expect_status scan_json 0 "$B" scan --json "lot-$A.png"
has out "\"device\": \"$A\"" && t_pass scan_json_device || t_fail scan_json_device "$(cat out)"
printf 'P5\n40 40\n255\n' >blank.pgm; head -c 1600 /dev/zero | tr '\0' '\377' >>blank.pgm
expect_status scan_no_code 1 "$B" scan blank.pgm
has err "aucun code-barres" && t_pass scan_no_code_french || t_fail scan_no_code_french "$(cat err)"
expect_status scan_missing_file 1 "$B" --lang en scan nothing-here.png
has err "nothing-here.png" && t_pass scan_missing_named || t_fail scan_missing_named "$(cat err)"

# bad input: clear messages, right exit statuses
expect_status label_unknown_device 1 "$B" --lang en label GRE1-999999 --format pdf --out x.pdf
has err "GRE1-999999" && t_pass label_unknown_named || t_fail label_unknown_named "$(cat err)"
[ ! -e x.pdf ] && t_pass label_no_half_file || t_fail label_no_half_file "x.pdf left behind"
expect_status label_bad_format 2 "$B" label "$A" --format bmp --out x
expect_status label_out_and_print 2 "$B" label "$A" --out x.pdf --print
printf 'size = 40 20\nqr = 0 0 6\nid = 8 1 30 5\n' >tiny.tpl
expect_status label_illegible_refused 1 "$B" --lang en label "$A" --template ./tiny.tpl --format png --out t.png
has err "dot" && t_pass label_illegible_message || t_fail label_illegible_message "$(cat err)"
expect_status label_url_too_long 1 "$B" --lang en label "$A" --url "https://inventaire.atelier-reemploi.example.org/appareils/fiche/" --format png --out u.png
has err "too long" && t_pass label_url_message || t_fail label_url_message "$(cat err)"

# printing: no printer, printer down (queued), printer back (sent once)
expect_status print_no_printer 1 "$B" --lang en label "$A" --print
has err "no printer is configured" && t_pass print_no_printer_message || t_fail print_no_printer_message "$(cat err)"
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$B" config set printer.zebra "tcp://127.0.0.1:$PORT template=50x25" >/dev/null
"$B" config set label.printer zebra >/dev/null
expect_status print_printer_down 1 "$B" --lang en label "$LOT" --print
has err "cannot be reached" && t_pass print_down_message || t_fail print_down_message "$(cat err)"
"$B" --lang en label jobs >jobs.txt
grep -q "waiting to print" jobs.txt && t_pass print_job_queued || t_fail print_job_queued "$(cat jobs.txt)"
expect_status print_again_skipped 0 "$B" --lang en label "$LOT" --print
has err "skipped" && t_pass print_no_duplicate_job || t_fail print_no_duplicate_job "$(cat err)"
$PY - "$PORT" "$T_DIR/ready" >got.zpl 2>py.err <<'PY' &
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
PY
PY_PID=$!
i=0; while [ ! -e "$T_DIR/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
expect_status print_retry 0 "$B" --lang en label retry
wait "$PY_PID"
[ "$(grep -c "^\^XA" got.zpl)" = 3 ] && t_pass print_three_labels_arrive || t_fail print_three_labels_arrive "$(wc -c <got.zpl) bytes; $(tail -1 py.err)"
"$B" label jobs --all --json >jobs.json
grep -q '"state": "sent"' jobs.json && t_pass print_job_sent || t_fail print_job_sent "$(cat jobs.json)"
expect_status print_retry_nothing_left 0 "$B" --lang en label retry
has out "0 print job" && t_pass print_not_sent_twice || t_fail print_not_sent_twice "$(cat out)"
# RAM and storage on the label: typed with `device specs`, read by `probe --add`
# on the device itself (a fake /proc/meminfo and /sys), corrected by a newer event
expect_status specs_typed 0 "$B" --lang en device specs "$C" --ram 8G --cpu "Intel Core i5-8350U" --storage 256G
has out "8 GB" && has out "256 GB" && t_pass specs_shown || t_fail specs_shown "$(cat out)"
expect_status specs_bad_size 2 "$B" --lang en device specs "$C" --ram lots
has err "“lots” is not a RAM size" && t_pass specs_bad_size_says_why || t_fail specs_bad_size_says_why "$(cat err)"
expect_status specs_bad_size_fr 2 "$B" --lang fr device specs "$C" --storage 12Q
has err "n'est pas une taille de stockage" && t_pass specs_bad_size_french || t_fail specs_bad_size_french "$(cat err)"
expect_status specs_unknown_device 1 "$B" --lang en device specs GRE1-999999 --ram 4G
expect_status specs_label 0 "$B" --lang en label "$C" --format txt --out c.txt
grep -q "RAM 8 GB · 256 GB" c.txt && t_pass specs_on_label || t_fail specs_on_label "$(sed -n 2,6p c.txt)"
mkdir -p fakeproc fakesys/block/sda/device fakesys/block/sda/queue
printf 'MemTotal:        3880000 kB\nMemFree:          100000 kB\n' >fakeproc/meminfo
echo 976773168 >fakesys/block/sda/size; echo 1 >fakesys/block/sda/queue/rotational
echo "WDC WD5000LPVX" >fakesys/block/sda/device/model; echo "WX11A1234567" >fakesys/block/sda/device/serial
BOUCLE_PROCFS="$T_DIR/fakeproc" BOUCLE_SYSFS="$T_DIR/fakesys" expect_status specs_probe_add 0 "$B" --lang en probe "$C" --add
has out "RAM  *4 GB" && t_pass specs_probe_shows_ram || t_fail specs_probe_shows_ram "$(cat out)"
BOUCLE_PROCFS="$T_DIR/fakeproc" BOUCLE_SYSFS="$T_DIR/fakesys" expect_status specs_probe_again 0 "$B" probe "$C" --add
[ "$(sqlite3 "$BOUCLE_DB" "select count(*) from events where kind = 'device.specs' and device = '$C'")" = 2 ] \
  && t_pass specs_probe_no_repeat || t_fail specs_probe_no_repeat "a second probe added an event"
"$B" --lang en label "$C" --format txt --out c2.txt
grep -q "RAM 4 GB · 500 GB HDD" c2.txt && t_pass specs_probe_on_label || t_fail specs_probe_on_label "$(sed -n 2,6p c2.txt)"
"$B" --lang en device specs "$C" --json >specs.json
grep -q '"ram_mb": 4096' specs.json && grep -q '"cpu": "Intel Core i5-8350U"' specs.json \
  && t_pass specs_json || t_fail specs_json "$(cat specs.json)"
t_end
