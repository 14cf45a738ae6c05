#!/bin/sh
# bench/inventory.sh — the benchmarks of issue 12 (item 6), run by
# bench/run.sh (`make bench`) or alone (`BUILD=build sh bench/inventory.sh`),
# each figure printed beside its peer measured in the same run:
#
#   import   `boucle lot import LOT FILE` of a GLPI CSV export of
#            BENCH_ROWS computers (default 100 000), each run on a fresh
#            copy of an initialised database with one lot: median of
#            BENCH_IMPORT_REPS (default 5), rows/s, peak RSS; beside the
#            sqlite3 shell's `.import` of the same file into a plain table
#            (the floor a CSV reader that stores rows cannot beat by much).
#   intake   bench/announce.c on a copy of the device database of
#            bench/devices.sh (BENCH_N devices, default 1 000 000, the same
#            cache): 10 000 devices announced with specs, battery and disks,
#            2 000 of them scanned (median, p99 per scan) beside 2 000
#            scans of serials nobody announced (the plain intake, same
#            function), themselves beside 2 000 through device_add() alone
#            (the intake before issue 12).
#
#   BUILD       build folder (make sets it); programs in $BUILD/bench/
#   BENCH_N     devices in the intake's database (BENCH_N=20000: a quick try)
#   BENCH_ROWS, BENCH_IMPORT_REPS: above; BENCH_IMPORT_SECS: the longest one
#               import may take (default 900) before the section stops
#               and fails; BENCH_ANNOUNCE, BENCH_RECEIVE: see
#               bench/announce.c
#   BENCH_ONLY  run only these sections (function names: import prepare
#               intake; prepare is needed by intake)
#
# Layout as bench/devices.sh: helpers, then one section per subject, run by
# `section NAME FUNCTION` in a subshell; a failed section is listed in the
# summary and the exit status.
set -u
BUILD=${BUILD:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
B=$BUILD/bench
N=${BENCH_N:-1000000}
ROWS=${BENCH_ROWS:-100000}
REPS=${BENCH_IMPORT_REPS:-5}
LIMIT=${BENCH_IMPORT_SECS:-900}   # one import longer than this stops the section
# the cache of bench/devices.sh, whose GEN says which generation it is
GEN=$(sed -n 's/^GEN=\([A-Za-z0-9]*\).*/\1/p' bench/devices.sh)
CACHE=$B/devices-$N-$GEN.db
OUT=$(mktemp -d /tmp/boucle-bench.XXXXXX)
WORK=$OUT/work.db
TABLE=$OUT/table
export TZ=UTC LC_ALL=C.UTF-8 LANG=C.UTF-8
: >"$TABLE"

# ---- helpers (bench/lib.sh, and this benchmark's own) ------------------------

. "$top/bench/lib.sh"
trap 'rm -rf "$OUT"' EXIT

# median FILE NAME: the median of the values of RESULT NAME in FILE.
median() {
  awk -v n="$2" '$1 == "RESULT" && $2 == n { print $3 }' "$1" | sort -g \
    | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}
# worst FILE NAME: the largest.
worst() { awk -v n="$2" '$1 == "RESULT" && $2 == n { print $3 }' "$1" | sort -g | tail -1; }

machine() {
  echo "machine: $(nproc) cores, $(awk '/model name/ { $1 = $2 = $3 = ""; print; exit }' /proc/cpuinfo | sed 's/^ *//'),"\
       "load $(cut -d' ' -f1-3 /proc/loadavg), $(free -m | awk '/^Mem/ { print $7 " MB available" }'), sqlite $(sqlite3 --version | cut -d' ' -f1)"
}

# glpi_csv ROWS FILE: a GLPI (10.x) CSV export of the computers search view
# in French, as a donor's IT department sends it: UTF-8 with a BOM, ';',
# CRLF, every field quoted, multi-valued components (memory modules, disks)
# one per line inside their field. Deterministic: row i's values are drawn
# from i by multiplicative hashing (no awk rand(), whose sequence differs
# between awks); every serial and inventory number distinct (the last six
# characters a bijection of i, as bench.h's bench_serial).
glpi_csv() {
  printf '\357\273\277' >"$2"
  awk -v rows="$1" '
    function h(i, k) { return (i * 2654435761 + k * 40503 + 12345) % 4294967296 }
    function pick(i, k, n) { return int(h(i, k) / 65536) % n + 1 }
    function b36(v, w,   s) { s = ""; while (w-- > 0) { s = substr(B36, v % 36 + 1, 1) s; v = int(v / 36) } return s }
    function q(s) { gsub(/"/, "\"\"", s); return "\"" s "\"" }
    BEGIN {
      ORS = "\r\n"; B36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
      print "\"Nom\";\"Entité\";\"Statut\";\"Fabricant\";\"Numéro de série\";\"Type\";\"Modèle\";\"Numéro d'\''inventaire\";" \
            "\"Composants - Processeur\";\"Composants - Mémoire\";\"Composants - Disque dur\";\"Lieu\""
      # make | model | type | serial prefix | filler characters | name prefix
      nm = split("Dell Inc.|Latitude 5490|Portable||1|LT;" \
                 "Dell Inc.|Latitude E7470|Portable||1|LT;" \
                 "Dell Inc.|OptiPlex 7050|Desktop||1|PC;" \
                 "LENOVO|ThinkPad T470 (20HD)|Notebook|PF|2|LT;" \
                 "LENOVO|ThinkPad X260 (20F6)|Notebook|PC|2|LT;" \
                 "LENOVO|ThinkCentre M710q (10MR)|Mini PC|MJ|2|PC;" \
                 "HP|HP EliteBook 840 G5|Ordinateur portable|5CG|1|LT;" \
                 "HP|HP ProBook 450 G6|Ordinateur portable|5CD|1|LT;" \
                 "HP|HP ProDesk 600 G3 SFF|Tour|CZC|1|PC;" \
                 "Apple Inc.|MacBookAir7,2|Portable|C02|3|MAC;" \
                 "Apple Inc.|iMac18,2|All in One|C02|3|MAC", M, ";")
      ncpu = split("Intel(R) Core(TM) i5-8350U CPU @ 1.70GHz;Intel(R) Core(TM) i5-6300U CPU @ 2.40GHz;" \
                   "Intel(R) Core(TM) i7-8650U CPU @ 1.90GHz;Intel(R) Core(TM) i5-7500 CPU @ 3.40GHz;" \
                   "Intel(R) Core(TM) i3-7100U CPU @ 2.40GHz;AMD Ryzen 5 PRO 3500U w/ Radeon Vega Mobile Gfx", CPU, ";")
      nram = split("4096 Mio;8192 Mio;8192 Mio;4096 Mio;16384 Mio", RAM, ";")
      ndisk = split("SAMSUNG MZ7LN256HAJQ-000H1;SAMSUNG MZVLB512HBJQ-000L7;SK hynix SC311 SATA 128GB;" \
                    "TOSHIBA MQ01ACF050;HGST HTS725050A7E630;KXG50ZNV256G NVMe TOSHIBA 256GB;ST1000LM035-1RK172", DISK, ";")
      nent = split("Entité racine > CHU Grenoble Alpes;Entité racine > CHU Grenoble Alpes > Hôpital Nord;" \
                   "Entité racine > CHU Grenoble Alpes > Hôpital Sud;Entité racine > CHU Grenoble Alpes > Voiron", ENT, ";")
      nst = split("En stock;Réformé;À réformer;En stock", ST, ";")
      nloc = split("Bâtiment A > Magasin;Bâtiment B > 2e étage > Salle 214;Bâtiment C > Réserve informatique;" \
                   "Pavillon Dauphiné > Rez-de-chaussée", LOC, ";")
      for (i = 1; i <= rows; i++) {
        split(M[pick(i, 1, nm)], m, "|")
        tail = b36((i * 1000003 + 7919) % 2176782336, 6)
        fill = b36(h(i, 2) % 2176782336, m[5])
        serial = m[4] fill tail
        ram = RAM[pick(i, 3, nram)]; if (pick(i, 4, 3) == 1) ram = ram "\n" ram       # two modules
        disk = DISK[pick(i, 5, ndisk)]; if (pick(i, 6, 4) == 1) disk = disk "\n" DISK[pick(i, 7, ndisk)]
        print q(sprintf("%s-%s%05d", m[6], "CHU", i)) ";" q(ENT[pick(i, 8, nent)]) ";" q(ST[pick(i, 9, nst)]) ";" \
              q(m[1]) ";" q(serial) ";" q(m[3]) ";" q(m[2]) ";" q(sprintf("CHU-INV-%07d", 1000000 + i)) ";" \
              q(CPU[pick(i, 10, ncpu)]) ";" q(ram) ";" q(disk) ";" q(LOC[pick(i, 11, nloc)])
      }
    }' >>"$2"
}

# ---- sections ----------------------------------------------------------------

# boucle lot import of a GLPI CSV, beside sqlite3 .import of the same file.
import() {
  csv=$OUT/parc-chu.csv
  glpi_csv "$ROWS" "$csv" || return 1
  echo "file: $ROWS rows, $(($(wc -c <"$csv") / 1024)) KiB, $(head -c 300 "$csv" | head -1 | tr -d '\r' | cut -c1-80)…"
  machine
  # the initialised database: a workshop, its operator, one lot; its key
  # in $OUT/config (each copy has the same public key, so finds it)
  export HOME="$OUT" XDG_CONFIG_HOME="$OUT/config"
  base=$OUT/import-base.db
  "$BUILD/boucle" --db "$base" init --workshop "GRE1" --name "Bench Grenoble" >/dev/null || return 1
  "$BUILD/boucle" --db "$base" operator add Bench >/dev/null || return 1
  lot=$("$BUILD/boucle" --db "$base" lot add --donor "CHU Grenoble Alpes" --expected "$ROWS") || return 1
  # what the parser understood, once, off the clock
  "$BUILD/boucle" --db "$base" lot import "$lot" "$csv" --dry-run --json >"$OUT/dry.json" 2>&1 \
    || { cat "$OUT/dry.json"; return 1; }
  echo "understood (dry run): $(tr -d '\n' <"$OUT/dry.json" | cut -c1-400)"
  : >"$OUT/import.all"
  : >"$OUT/import.peer"
  stopped=
  i=0
  while [ "$i" -lt "$REPS" ]; do
    # boucle and the peer alternate, so that both see the same machine
    # after an import stopped by BENCH_IMPORT_SECS, the peer alone, so
    # that its figures are still printed
    if [ -z "$stopped" ]; then
      cp "$base" "$OUT/i.db" && sync "$OUT/i.db" || return 1
      "$B/frame" run timeout "$LIMIT" "$BUILD/boucle" --db "$OUT/i.db" lot import "$lot" "$csv" >"$OUT/import.one"
      st=$?
      if [ "$st" -eq 124 ]; then
        stopped=1
        echo "lot import of $ROWS rows did not finish in $LIMIT s (BENCH_IMPORT_SECS): stopped"
      elif [ "$st" -ne 0 ]; then
        echo "lot import failed"; "$BUILD/boucle" --db "$OUT/i.db" lot import "$lot" "$csv" | tail -5; return 1
      else
        cat "$OUT/import.one" >>"$OUT/import.all"
        got=$(sqlite3 "$OUT/i.db" "SELECT count(*) FROM announced WHERE lot = '$lot'")
        [ "$got" = "$ROWS" ] || { echo "lot import: $got devices announced of $ROWS"; return 1; }
      fi
    fi
    cp "$base" "$OUT/p.db" && sync "$OUT/p.db" || return 1
    "$B/frame" run sqlite3 -batch "$OUT/p.db" ".mode csv" ".separator ;" ".import $csv glpi" >>"$OUT/import.peer" \
      || { echo "sqlite3 .import failed"; return 1; }
    got=$(sqlite3 "$OUT/p.db" "SELECT count(*) FROM glpi")
    [ "$got" = "$ROWS" ] || { echo "sqlite3 .import: $got rows of $ROWS"; return 1; }
    i=$((i + 1))
  done
  bw=$(median "$OUT/import.all" run.wall_ms); pw=$(median "$OUT/import.peer" run.wall_ms)
  if [ -n "$stopped" ]; then
    # what is known: the peer, and that boucle took longer than LIMIT
    echo "RESULT import.peer.median_s $(fmt "$(awk -v w="$pw" 'BEGIN { print w / 1000 }')") s"
    echo "RESULT import.peer.rows_per_s $(fmt "$(awk -v w="$pw" -v r="$ROWS" 'BEGIN { print r / (w / 1000) }')") rows/s"
    echo "RESULT import.peer.peak_rss_kib $(worst "$OUT/import.peer" run.maxrss_kib) KiB"
    row "import: $ROWS rows (boucle: > $LIMIT s)" - s - "$(fmt "$(awk -v w="$pw" 'BEGIN { print w / 1000 }')")"
    row "import: rows/s (boucle: < $(awk -v r="$ROWS" -v l="$LIMIT" 'BEGIN { printf "%.0f", r / l }'))" - rows/s - \
      "$(fmt "$(awk -v w="$pw" -v r="$ROWS" 'BEGIN { print r / (w / 1000) }')")"
    row "peak RSS, sqlite3 .import" - KiB - "$(worst "$OUT/import.peer" run.maxrss_kib)"
    return 1
  fi
  echo "lot import of $ROWS rows, $REPS runs each on a fresh copy (wall ms):" \
       "$(awk '$2 == "run.wall_ms" { printf "%.0f ", $3 }' "$OUT/import.all");" \
       "sqlite3 .import: $(awk '$2 == "run.wall_ms" { printf "%.0f ", $3 }' "$OUT/import.peer")"
  echo "RESULT import.rows $ROWS rows"
  echo "RESULT import.median_s $(fmt "$(awk -v w="$bw" 'BEGIN { print w / 1000 }')") s"
  echo "RESULT import.rows_per_s $(fmt "$(awk -v w="$bw" -v r="$ROWS" 'BEGIN { print r / (w / 1000) }')") rows/s"
  echo "RESULT import.peak_rss_kib $(worst "$OUT/import.all" run.maxrss_kib) KiB"
  echo "RESULT import.peer.median_s $(fmt "$(awk -v w="$pw" 'BEGIN { print w / 1000 }')") s"
  echo "RESULT import.peer.rows_per_s $(fmt "$(awk -v w="$pw" -v r="$ROWS" 'BEGIN { print r / (w / 1000) }')") rows/s"
  echo "RESULT import.peer.peak_rss_kib $(worst "$OUT/import.peer" run.maxrss_kib) KiB"
  echo "RESULT import.ratio_time $(fmt "$(awk -v a="$bw" -v b="$pw" 'BEGIN { print a / b }')") x"
  row "import: $ROWS rows, median of $REPS" "$(fmt "$(awk -v w="$bw" 'BEGIN { print w / 1000 }')")" s - \
    "$(fmt "$(awk -v w="$pw" 'BEGIN { print w / 1000 }')")"
  row "import: rows/s" "$(fmt "$(awk -v w="$bw" -v r="$ROWS" 'BEGIN { print r / (w / 1000) }')")" rows/s - \
    "$(fmt "$(awk -v w="$pw" -v r="$ROWS" 'BEGIN { print r / (w / 1000) }')")"
  row "import: CPU, median" "$(fmt "$(median "$OUT/import.all" run.cpu_ms)")" ms - "$(fmt "$(median "$OUT/import.peer" run.cpu_ms)")"
  row "peak RSS, import process (worst)" "$(worst "$OUT/import.all" run.maxrss_kib)" KiB "< 16384" \
    "$(worst "$OUT/import.peer" run.maxrss_kib)"
}

# The database of N devices of bench/devices.sh: generated once, copied.
prepare() {
  if [ ! -f "$CACHE" ]; then
    echo "generating $N devices into $CACHE (once; later runs, and bench/devices.sh, reuse it)"
    rm -f "$CACHE.tmp" "$CACHE.tmp-wal" "$CACHE.tmp-shm"
    "$B/gen" "$CACHE.tmp" "$N" >"$OUT/gen.out" || { cat "$OUT/gen.out"; return 1; }
    cat "$OUT/gen.out"
    mv "$CACHE.tmp" "$CACHE" || return 1
  fi
  cp "$CACHE" "$WORK" || return 1
  sync "$WORK"
  echo "database: $CACHE ($(du -mL "$CACHE" | cut -f1) MB), working copy $WORK"
  machine
}

intake() {
  [ -f "$WORK" ] || return 1
  "$B/announce" "$WORK" >"$OUT/announce.out" || { cat "$OUT/announce.out"; return 1; }
  cat "$OUT/announce.out"
  r() { res "$OUT/announce.out" "$1"; }
  row "devices announced in the lot" "$(r announce.announced)" devices - -
  row "announced: specs events stored" "$(r announce.specs_events)" events "$(r announce.scans)" -
  row "announced: media.add events stored" "$(r announce.media_events)" events - -
  # peer: a serial nobody announced, through the same announce_receive()
  row "scan, announced device, median" "$(fmt "$(r announce.announced.median_ms)")" ms - \
    "$(fmt "$(r announce.unannounced.median_ms)")"
  row "scan, announced device, p99" "$(fmt "$(r announce.announced.p99_ms)")" ms - \
    "$(fmt "$(r announce.unannounced.p99_ms)")"
  # peer: the same through device_add() alone, the intake before issue 12
  row "scan, unannounced device, median" "$(fmt "$(r announce.unannounced.median_ms)")" ms - \
    "$(fmt "$(r announce.device_add.median_ms)")"
  row "scan, unannounced device, p99" "$(fmt "$(r announce.unannounced.p99_ms)")" ms - \
    "$(fmt "$(r announce.device_add.p99_ms)")"
  row "peak RSS, intake process" "$(r announce.peak_rss_kib)" KiB "< 16384" -
}

section "import of a GLPI CSV export (peer: sqlite3 .import)" import
section "database of $N devices" prepare
section "intake of announced devices (peer: scans of unannounced serials)" intake

summary
! grep -q "$(printf '\tFAILED')" "$TABLE"
