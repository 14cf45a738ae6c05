#!/bin/sh
# Runs every test program and prints one summary line.
#
# Protocol: a test program (tests/unit/test_*.c built into $BUILD/tests/, or a
# script tests/e2e/*.sh) prints one line per case:
#     PASS name
#     FAIL name: why
#     SKIP name: why (what the machine lacks)
# A program that exits non-zero without printing FAIL counts as one failure.
# BUILDS lists the build directories to test (e.g. "build build-san"); the
# e2e scripts get BOUCLE=<dir>/boucle. $1, if given, filters program names.
set -u
BUILDS=${BUILDS:-build}
filter=${1:-}
top=$(cd "$(dirname "$0")/.." && pwd)
logdir=$(mktemp -d /tmp/boucle-tests.XXXXXX)
export TZ=UTC LC_ALL=C.UTF-8 LANG=C.UTF-8
unset LANGUAGE LC_MESSAGES
# verify_asan_link_order=0: faketime (tests of dated screens) preloads its
# library before the sanitizer runtime, which ASan otherwise refuses.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:verify_asan_link_order=0}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$top/tests/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export BOUCLE_TOP="$top" BOUCLE_FIXTURES="$top/../shared/fixtures"
pass=0 fail=0 skip=0
failed_list=""

run_one() { # tag name command...
  tag=$1; name=$2; shift 2
  log="$logdir/$tag-$(echo "$name" | tr '/' '_').log"
  tmphome=$(mktemp -d /tmp/boucle-home.XXXXXX)
  start=$(date +%s)
  # 15 minutes each, or what the script's second line says (`# timeout: N`)
  limit=900
  for a in "$@"; do
    case $a in *.sh) l=$(sed -n '2s/^# timeout: \([0-9][0-9]*\).*/\1/p' "$a" 2>/dev/null); [ -n "$l" ] && limit=$l ;; esac
  done
  HOME="$tmphome" XDG_DATA_HOME="$tmphome/data" XDG_CONFIG_HOME="$tmphome/config" \
    timeout "$limit" "$@" >"$log" 2>&1 </dev/null
  rc=$?
  rm -rf "$tmphome"
  p=$(grep -c '^PASS ' "$log"); f=$(grep -c '^FAIL ' "$log"); s=$(grep -c '^SKIP ' "$log")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1; echo "FAIL $name: exited with status $rc" >>"$log"
  fi
  # A sanitizer report anywhere in the output (also from a child process
  # whose exit status the test did not look at) is a failure.
  san=$(grep -cE 'ERROR: (Address|Leak|Thread|Memory)Sanitizer|runtime error:' "$log")
  if [ "$san" -gt 0 ]; then
    f=$((f + 1)); echo "FAIL $name: $san sanitizer report(s) in the output" >>"$log"
  fi
  pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
  printf '%-10s %-34s %3d passed %3d failed %3d skipped  %ss\n' "$tag" "$name" "$p" "$f" "$s" "$(( $(date +%s) - start ))"
  if [ "$f" -gt 0 ]; then
    failed_list="$failed_list $log"
    grep -E '^FAIL ' "$log" | sed 's/^/    /' | head -20
    grep -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$log" | head -5 | sed 's/^/    /'
  fi
  grep -E '^SKIP ' "$log" | sed 's/^/    /' | head -5
}

# One pass: the unit tests and e2e scripts of build $1, counts added to
# pass/fail/skip.
run_pass() {
  b=$1
  case "$b" in *san*) tag=asan+ubsan ;; *i386*) tag=i386 ;; *) tag=plain ;; esac
  # i386 through qemu-user (a kernel without ia32 emulation) runs ten times
  # slower: its unit tests only, and one line that says so
  i386_qemu=0
  [ "$tag" = i386 ] && [ "$(cat "$top/$b/runner" 2>/dev/null)" = qemu ] && i386_qemu=1
  if [ "$tag" = i386 ] && [ "$(cat "$top/$b/runner" 2>/dev/null)" = unavailable ]; then
    echo "SKIP i386: this machine could not install the i386 libraries or run i386 programs (make i386 says why)"
    skip=$((skip + 1))
    return
  fi
  [ -x "$top/$b/boucle" ] || { echo "FAIL: $b/boucle not built"; fail=$((fail + 1)); return; }
  for t in "$top/$b"/tests/test_*; do
    [ -x "$t" ] || continue
    n=$(basename "$t")
    case "$n" in *"$filter"*) ;; *) continue ;; esac
    run_one "$tag" "$n" env BUILD="$top/$b" BOUCLE="$top/$b/boucle" "$t"
  done
  if [ "$i386_qemu" = 1 ]; then
    echo "SKIP i386_e2e: this kernel runs i386 programs only through qemu-user (32-bit emulation disabled): the unit tests ran, the end-to-end scripts did not" >"$logdir/i386-e2e.log"
    skip=$((skip + 1))
    printf '%-10s %-34s %3d passed %3d failed %3d skipped\n' "$tag" "e2e/* (qemu)" 0 0 1
    sed 's/^/    /' "$logdir/i386-e2e.log"
    return
  fi
  for t in "$top"/tests/e2e/*.sh; do
    [ -f "$t" ] || continue
    n=e2e/$(basename "$t" .sh)
    case "$n" in *"$filter"*) ;; *) continue ;; esac
    run_one "$tag" "$n" env BUILD="$top/$b" BOUCLE="$top/$b/boucle" sh "$t"
  done
}

# The i386 pass through qemu-user runs unit tests only, each CPU-bound in
# the emulator for ~15 minutes, while the other passes mostly wait on
# terminals, servers and sleeps: it runs alongside them on the other core
# (its output is printed after theirs, whole), which takes ~15 minutes off
# `make check`. Native i386 runs its e2e scripts too, so it stays in turn.
bg_pids="" bg_n=0
for b in $BUILDS; do
  case "$b" in *i386*) ;; *) continue ;; esac
  [ "$(cat "$top/$b/runner" 2>/dev/null)" = qemu ] || continue
  [ "$(echo $BUILDS | wc -w)" -gt 1 ] || continue
  bg_n=$((bg_n + 1))
  ( pass=0 fail=0 skip=0 failed_list=""
    run_pass "$b" >"$logdir/bg-$bg_n.out" 2>&1
    echo "$pass $fail $skip" >"$logdir/bg-$bg_n.counts"
    echo "$failed_list" >"$logdir/bg-$bg_n.failed" ) &
  bg_pids="$bg_pids $!"
  echo "(the $b pass runs alongside the others; its lines follow theirs)"
done
for b in $BUILDS; do
  case "$b" in *i386*) [ "$(cat "$top/$b/runner" 2>/dev/null)" = qemu ] && [ "$bg_n" -gt 0 ] && continue ;; esac
  run_pass "$b"
done
i=0
for p in $bg_pids; do
  i=$((i + 1))
  wait "$p"
  cat "$logdir/bg-$i.out"
  read -r bp bf bs <"$logdir/bg-$i.counts" || { bp=0; bf=1; bs=0; echo "FAIL: a background pass printed no counts"; }
  pass=$((pass + bp)); fail=$((fail + bf)); skip=$((skip + bs))
  failed_list="$failed_list $(cat "$logdir/bg-$i.failed" 2>/dev/null)"
done

echo
if [ "$fail" -gt 0 ]; then echo "logs of failures:$failed_list"; else rm -rf "$logdir"; fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
