# fuzz_bounded.sh — every fuzz target of tests/fuzz/ (one per parser: nwipe
# logs, smartctl JSON, grading profiles, the configuration, label templates,
# scanner input, images, hub documents and _changes pages) built by `make
# fuzz` with clang's libFuzzer, ASan and UBSan, and run from its seed corpus
# for BOUCLE_FUZZ_SECONDS (default 6) each. A crash, a leak, a timeout or
# a broken property of any target fails, with the input kept under
# $BOUCLE_FUZZ_ARTIFACTS (default /tmp/boucle-fuzz-artifacts). New inputs go
# to a scratch corpus, never into tests/fuzz/corpus/.
# Runs in the plain pass only: the binaries are the same in both passes.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
top=$BOUCLE_TOP
secs=${BOUCLE_FUZZ_SECONDS:-6}
art=${BOUCLE_FUZZ_ARTIFACTS:-/tmp/boucle-fuzz-artifacts}

if [ "${BOUCLE_TEST_PASS:-plain}" != plain ]; then
  t_skip fuzz_bounded "runs once, in the plain pass (the fuzz build is the same for both)"; exit 0
fi
cc=${FUZZ_CC:-clang}
if ! command -v "$cc" >/dev/null 2>&1; then
  t_skip fuzz_bounded "no $cc: apt-get install clang libclang-rt-14-dev"; exit 0
fi
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; return (int)(n & 0); }\n' >"$T_DIR/probe.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined "$T_DIR/probe.c" -o "$T_DIR/probe" 2>"$T_DIR/probe.err"; then
  t_skip fuzz_bounded "$cc cannot link libFuzzer ($(head -1 "$T_DIR/probe.err")): apt-get install libclang-rt-14-dev"; exit 0
fi

if ! make -C "$top" --no-print-directory -j2 FUZZ_CC="$cc" fuzz >"$T_DIR/build.log" 2>&1; then
  t_fail fuzz_build "make fuzz failed: $(grep -m3 -E 'error|Error' "$T_DIR/build.log" | tr '\n' ' ')"; exit 1
fi
t_pass fuzz_build

mkdir -p "$art"
for src in "$top"/tests/fuzz/fuzz_*.c; do
  name=$(basename "$src" .c); name=${name#fuzz_}
  bin=$top/build-fuzz/fuzz_$name
  [ -x "$bin" ] || { t_fail "fuzz_$name" "$bin was not built"; continue; }
  dict=""
  [ -f "$top/tests/fuzz/$name.dict" ] && dict="-dict=$top/tests/fuzz/$name.dict"
  mkdir -p "$T_DIR/corpus-$name"
  log=$T_DIR/fuzz-$name.log
  # shellcheck disable=SC2086
  if nice "$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$art/$name-" $dict "$T_DIR/corpus-$name" "$top/tests/fuzz/corpus/$name" \
       >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    cov=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -n 's/.*\(cov: [0-9]*\).*\(ft: [0-9]*\).*/\1 \2/p')
    echo "# fuzz_$name: $runs executions in ${secs}s, $cov"
    t_pass "fuzz_$name"
  else
    # the report, without the lines run.sh reads as a sanitizer failure of
    # its own: the FAIL line below says it
    why=$(grep -m1 -E 'ERROR: libFuzzer|ERROR: [A-Za-z]+Sanitizer|runtime error:|^FAIL ' "$log" | sed 's/ERROR: /error: /; s/runtime error:/runtime-error:/')
    kept=$(sed -n "s/.*Test unit written to \(.*\)$/\1/p" "$log" | head -1)
    cp "$log" "$art/$name.log" 2>/dev/null
    t_fail "fuzz_$name" "${why:-exit status not 0} (input: ${kept:-none}; log: $art/$name.log)"
    sed -n '/ERROR: \|runtime error:\|^FAIL /,$p' "$log" | grep -vE 'ERROR: (Address|Leak|Thread|Memory)Sanitizer|runtime error:' \
      | grep -vE '^ *(=>)?0x[0-9a-f]+:' | head -30 | sed 's/^/# /'
  fi
done
t_end
