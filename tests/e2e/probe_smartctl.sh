# probe_smartctl.sh — `boucle probe` takes model, serial, type and capacity
# from `smartctl --json -i` when it is installed, sysfs otherwise. smartctl
# cannot see real disks here, so a fake one prints hand-written JSON in
# smartmontools' documented format (tests/e2e/smartctl/*.json) over a fake
# sysfs tree whose values differ.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
SYS="$T_DIR/sys"
mk() { # name model serial sectors rotational
  mkdir -p "$SYS/block/$1/device" "$SYS/block/$1/queue"
  echo "$2" >"$SYS/block/$1/device/model"; echo "$3" >"$SYS/block/$1/device/serial"
  echo "$4" >"$SYS/block/$1/size"; echo "$5" >"$SYS/block/$1/queue/rotational"
}
mk sda "USB bridge" BRIDGE01 1000 0
mk nvme0n1 "sysfs nvme" SYSNV 2000 0
mk sdb "Kingston" KS123 4000 0
cat >"$T_DIR/smartctl" <<SH
#!/bin/sh
# fake smartctl: --json -i /dev/NAME
f="$BOUCLE_TOP/tests/e2e/smartctl/\$(basename "\$3").json"
[ -f "\$f" ] && cat "\$f" && exit 4
echo '{"smartctl":{"exit_status":2,"messages":[{"string":"Unknown USB bridge","severity":"error"}]}}'; exit 2
SH
chmod +x "$T_DIR/smartctl"
export BOUCLE_SYSFS="$SYS"
BOUCLE_SMARTCTL="$T_DIR/smartctl" "$B" probe --json >"$T_DIR/p.json" 2>"$T_DIR/err"
python3 - "$T_DIR/p.json" <<'PY' && t_pass probe_smartctl_used || t_fail probe_smartctl_used "$(cat "$T_DIR/p.json" "$T_DIR/err" | head -c 600)"
import json, sys
m = {d['name']: d for d in json.load(open(sys.argv[1]))}
a = m['sda']; assert (a['model'], a['serial'], a['type'], a['bytes']) == ('Hitachi HDP725050GLA360', 'GE123456789123', 'hdd', 500107862016), a
n = m['nvme0n1']; assert (n['serial'], n['type'], n['bytes']) == ('S4EVNX0N123456A', 'nvme', 500107862016), n
b = m['sdb']; assert (b['model'], b['serial'], b['type'], b['bytes']) == ('Kingston', 'KS123', 'ssd', 4000 * 512), b
PY
BOUCLE_SMARTCTL="$T_DIR/no-such-smartctl" "$B" probe --json >"$T_DIR/p2.json" 2>"$T_DIR/err"
python3 -c "
import json,sys; m={d['name']:d for d in json.load(open(sys.argv[1]))}
assert m['sda']['serial']=='BRIDGE01' and m['sda']['bytes']==512000 and m['sda']['type']=='ssd', m['sda']" "$T_DIR/p2.json" \
  && t_pass probe_sysfs_without_smartctl || t_fail probe_sysfs_without_smartctl "$(head -c 400 "$T_DIR/p2.json")"
BOUCLE_SMARTCTL=none "$B" probe --json >"$T_DIR/p3.json" 2>&1
grep -q BRIDGE01 "$T_DIR/p3.json" && t_pass probe_smartctl_off || t_fail probe_smartctl_off "$(head -c 300 "$T_DIR/p3.json")"
t_end
