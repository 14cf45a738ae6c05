# wipe.sh — grading, media, nwipe import, the claim, the signed chain and
# certificates, through the real binary as a script or a technician uses it.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
export BOUCLE_DB="$T_DIR/wipe.db" BOUCLE_OPERATOR="Camille"
FX="$BOUCLE_FIXTURES/nwipe"

expect_status() { # name want cmd...
  name=$1 want=$2; shift 2
  "$@" >"$T_DIR/out" 2>"$T_DIR/err"; got=$?
  if [ "$got" -eq "$want" ]; then t_pass "$name"; else
    t_fail "$name" "status $got, expected $want; stderr: $(head -c 300 "$T_DIR/err")"; fi
}
json_get() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }

"$B" init --workshop GRE1 --name "Atelier" >/dev/null
"$B" operator add Camille >/dev/null
LOT=$("$B" lot add --donor "Université Grenoble Alpes")
ID=$("$B" device add --lot "$LOT" --serial PF1ABC --category laptop --make Lenovo --model T480)

expect_status wipe_grade_usage 2 "$B" grade "$ID" --cosmetic A
expect_status wipe_grade_bad_cosmetic 2 "$B" grade "$ID" --cosmetic Z --outcome reuse --all-pass
expect_status wipe_grade_bad_value 2 "$B" grade "$ID" --cosmetic A --outcome reuse --test battery=150
grep -q "150" "$T_DIR/err" && t_pass wipe_grade_bad_value_named || t_fail wipe_grade_bad_value_named "$(cat "$T_DIR/err")"
expect_status wipe_grade_unknown_device 1 "$B" grade GRE1-999999 --cosmetic A --outcome reuse --all-pass
expect_status wipe_grade_all_pass 0 "$B" grade "$ID" --cosmetic B --outcome reuse --all-pass --test battery=82
grep -q "d'occasion" "$T_DIR/out" && t_pass wipe_claim_occasion_before_wipe || t_fail wipe_claim_occasion_before_wipe "$(cat "$T_DIR/out")"

expect_status wipe_import_unmatched 0 "$B" wipe import "$FX/nwipe-zero-verify-last.log"
c=$("$B" wipe unassigned --json | json_get 'len(d)')
[ "$c" = 1 ] && t_pass wipe_unassigned_listed || t_fail wipe_unassigned_listed "count $c"
"$B" wipe import --json "$FX/nwipe-zero-verify-last.log" >"$T_DIR/out"
[ "$(json_get 'd["added"], d["known"]' <"$T_DIR/out")" = "(0, 1)" ] && t_pass wipe_import_twice_changes_nothing \
  || t_fail wipe_import_twice_changes_nothing "$(cat "$T_DIR/out")"
KEY=$("$B" wipe unassigned --json | json_get 'd[0]["key"]')
expect_status wipe_assign 0 "$B" wipe assign "$KEY" "$ID"
"$B" device show "$ID" --json >"$T_DIR/dev.json"
[ "$(json_get 'd["claim"], d["grade"], d["outcome"], len(d["media"]), len(d["wipes"])' <"$T_DIR/dev.json")" = "('reconditionne', 'B', 'reuse', 1, 1)" ] \
  && t_pass wipe_claim_reconditionne_after_wipe || t_fail wipe_claim_reconditionne_after_wipe "$(head -c 400 "$T_DIR/dev.json")"

# a failed wipe on a new disk of the device: the claim falls back, in words
expect_status wipe_import_failed_to_device 0 "$B" wipe import --device "$ID" "$FX/nwipe-verify-zero-fails.log"
"$B" device show "$ID" --json >"$T_DIR/dev.json"
[ "$(json_get 'd["claim"]' <"$T_DIR/dev.json")" = occasion ] && grep -q 'non effacé' "$T_DIR/dev.json" \
  && t_pass wipe_failed_never_counts || t_fail wipe_failed_never_counts "$(head -c 600 "$T_DIR/dev.json")"

# hand-entered wipes and their bad input
"$B" media add "$ID" --serial S3Z9NB0K --model "Samsung 860" --type ssd --bytes 250059350016 >/dev/null
# capacities as people write them, and one that is not
expect_status media_add_bytes_with_unit 0 "$B" media add "$ID" --serial CAP-1 --type hdd --bytes "1,5 To"
expect_status media_add_bytes_bad 2 "$B" media add "$ID" --serial CAP-2 --bytes "500 XB"
grep -q "500 XB" "$T_DIR/err" && grep -q "capacité" "$T_DIR/err" && t_pass media_add_bytes_bad_named \
  || t_fail media_add_bytes_bad_named "$(cat "$T_DIR/err")"
"$B" media list "$ID" --json >"$T_DIR/media.json"
[ "$(json_get '[m["bytes"] for m in d if m["serial"] in ("S3Z9NB0K", "CAP-1")]' <"$T_DIR/media.json")" = "[250059350016, 1500000000000]" ] \
  && ! grep -q CAP-2 "$T_DIR/media.json" && t_pass media_add_bytes_stored || t_fail media_add_bytes_stored "$(head -c 500 "$T_DIR/media.json")"
expect_status wipe_add_end_before_start 2 "$B" wipe add "$ID" --media S3Z9NB0K --category purge \
  --technique ata-secure-erase --tool hdparm --status success --start 2026-11-22T11:00 --end 2026-11-22T10:00
expect_status wipe_add_unknown_media 1 "$B" wipe add "$ID" --media NOPE --category purge \
  --technique ata-secure-erase --tool hdparm --status success
expect_status wipe_add_ok 0 "$B" wipe add "$ID" --media S3Z9NB0K --category purge --technique ata-secure-erase \
  --tool hdparm --tool-version 9.65 --verification sample --result passed --status success
expect_status wipe_import_binary_refused 1 "$B" wipe import /bin/sh
grep -q "/bin/sh" "$T_DIR/err" && t_pass wipe_import_binary_named || t_fail wipe_import_binary_named "$(cat "$T_DIR/err")"

# tamper evidence
expect_status wipe_verify_intact 0 "$B" verify
cp "$BOUCLE_DB" "$T_DIR/t.db"
sqlite3 "$T_DIR/t.db" "DROP TRIGGER events_no_update; UPDATE events SET payload = json_set(payload, '\$.status', 'success') WHERE kind = 'wipe.record' AND json_extract(payload, '\$.status') = 'failed';"
BOUCLE_DB="$T_DIR/t.db" expect_status wipe_verify_detects_alteration 1 "$B" verify
grep -q "$ID" "$T_DIR/err" && grep -qi "modifié" "$T_DIR/err" && t_pass wipe_verify_names_record \
  || t_fail wipe_verify_names_record "$(cat "$T_DIR/err")"

# certificates
if command -v pdftotext >/dev/null 2>&1; then
  expect_status wipe_cert_lot 0 "$B" cert "$LOT" --out "$T_DIR/c.pdf" --json "$T_DIR/c.json"
  pdftotext "$T_DIR/c.pdf" "$T_DIR/c.txt"
  grep -q "Certificat d'effacement" "$T_DIR/c.txt" && grep -q "$ID" "$T_DIR/c.txt" && grep -q "hdparm 9.65" "$T_DIR/c.txt" \
    && t_pass wipe_cert_pdf_french || t_fail wipe_cert_pdf_french "$(head -c 400 "$T_DIR/c.txt")"
  "$B" --lang en cert "$ID" --out "$T_DIR/e.pdf" >/dev/null 2>&1
  pdftotext "$T_DIR/e.pdf" - | grep -q "Certificate of sanitization" && t_pass wipe_cert_pdf_english \
    || t_fail wipe_cert_pdf_english "no English title"
  [ "$(json_get 'd["devices"][0]["id"], d["key_fingerprint"] != ""' <"$T_DIR/c.json")" = "('$ID', True)" ] \
    && t_pass wipe_cert_json || t_fail wipe_cert_json "$(head -c 300 "$T_DIR/c.json")"
else
  t_skip wipe_cert_pdf "pdftotext is not installed (poppler-utils)"
fi
# probe: the disks of this machine (a fake sysfs), recorded with --add
S="$T_DIR/sys/block"; mkdir -p "$S/sda/device" "$S/sda/queue" "$S/nvme0n1/device" "$S/loop0"
echo "WDC WD5000AAKX " >"$S/sda/device/model"; echo WD-WCC2E1234567 >"$S/sda/device/serial"
echo 976773168 >"$S/sda/size"; echo 1 >"$S/sda/queue/rotational"
echo "Samsung SSD 970" >"$S/nvme0n1/device/model"; echo S4EWNX0R123 >"$S/nvme0n1/device/serial"
echo 1953525168 >"$S/nvme0n1/size"; echo 100 >"$S/loop0/size"
ID2=$("$B" device add --lot "$LOT" --serial DESK2 --category desktop)
BOUCLE_SYSFS="$T_DIR/sys" expect_status wipe_probe_add 0 "$B" probe "$ID2" --add
[ "$("$B" media list "$ID2" --json | json_get '[(m["serial"], m["type"]) for m in d]')" = "[('S4EWNX0R123', 'nvme'), ('WD-WCC2E1234567', 'hdd')]" ] \
  && t_pass wipe_probe_records_media || t_fail wipe_probe_records_media "$("$B" media list "$ID2" --json | head -c 300)"
expect_status wipe_cert_unknown 1 "$B" cert NOPE-1 --out "$T_DIR/x.pdf"
t_end
