# nwipe_loop.sh — boucle runs nwipe on a loop device, shows its progress and
# imports its log. Needs root, losetup and nwipe; skips naming what lacks.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
export BOUCLE_DB="$T_DIR/loop.db"
if ! command -v nwipe >/dev/null 2>&1; then t_skip nwipe_loop "nwipe is not installed"; exit 0; fi
if [ "$(id -u)" -ne 0 ]; then t_skip nwipe_loop "not root: cannot attach a loop device"; exit 0; fi
truncate -s 8M "$T_DIR/disk.img"
if ! L=$(losetup -f --show "$T_DIR/disk.img" 2>"$T_DIR/err"); then
  t_skip nwipe_loop "this machine refuses loop devices: $(head -c 120 "$T_DIR/err")"; exit 0
fi
trap 'losetup -d "$L" 2>/dev/null; t_cleanup' EXIT
printf 'junk data that must go\n' | dd of="$L" conv=notrunc status=none
"$B" init --workshop GRE1 --name Atelier >/dev/null
"$B" operator add Camille >/dev/null
"$B" lot add --donor Mairie >/dev/null
ID=$("$B" device add --lot GRE1-L0001 --serial DESK1 --category desktop)
echo no | "$B" wipe run "$ID" "$L" >"$T_DIR/out" 2>&1
st=$?
[ "$st" -eq 1 ] && grep -q "$L" "$T_DIR/out" && t_pass nwipe_loop_confirmation_refused \
  || t_fail nwipe_loop_confirmation_refused "status $st: $(head -c 300 "$T_DIR/out")"
cmp -n 22 "$L" /dev/zero >/dev/null 2>&1 && t_fail nwipe_loop_untouched_without_yes "wiped anyway" \
  || t_pass nwipe_loop_untouched_without_yes
# a target that is not a disk: refused before anything, naming the field
"$B" --lang en wipe run "$ID" /etc/passwd --yes >"$T_DIR/out" 2>&1
st=$?
[ "$st" -eq 1 ] && grep -q "Block device: /etc/passwd is not a disk of this machine" "$T_DIR/out" \
  && t_pass nwipe_loop_not_a_disk_refused || t_fail nwipe_loop_not_a_disk_refused "status $st: $(head -c 300 "$T_DIR/out")"
# the log goes to the configured folder (wipe.log_dir), as from the screen
"$B" config set wipe.log_dir "$T_DIR/logs" >/dev/null
"$B" --lang en wipe run "$ID" "$L" --yes --method zero --verify last >"$T_DIR/out" 2>&1
st=$?
[ "$st" -eq 0 ] && t_pass nwipe_loop_run || t_fail nwipe_loop_run "status $st: $(tail -c 400 "$T_DIR/out")"
grep -q "bytes written" "$T_DIR/out" && t_pass nwipe_loop_progress_shown || t_fail nwipe_loop_progress_shown "$(head -c 300 "$T_DIR/out")"
grep -q "^100 %  round 1 of 1" "$T_DIR/out" && t_pass nwipe_loop_percent_shown || t_fail nwipe_loop_percent_shown "$(tail -c 400 "$T_DIR/out")"
ls "$T_DIR/logs/nwipe-$ID-"*.log >/dev/null 2>&1 && grep -q "nwipe log kept in $T_DIR/logs/nwipe-$ID-" "$T_DIR/out" \
  && t_pass nwipe_loop_log_in_configured_folder || t_fail nwipe_loop_log_in_configured_folder "$(tail -c 300 "$T_DIR/out")"
cmp -n 8388608 "$L" /dev/zero >/dev/null 2>&1 && t_pass nwipe_loop_device_zeroed || t_fail nwipe_loop_device_zeroed "not zero"
"$B" device show "$ID" --json >"$T_DIR/dev.json"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['wipes'][0]['status']=='success' and d['wipes'][0]['tool']=='nwipe' and d['media'][0]['erased']" "$T_DIR/dev.json" \
  && t_pass nwipe_loop_imported || t_fail nwipe_loop_imported "$(head -c 400 "$T_DIR/dev.json")"
t_end
