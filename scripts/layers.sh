#!/bin/sh
# layers.sh — fails when a source file includes a header from a layer above
# its own (STYLE.md, doc/HACKING.md). Each folder lists what it may include
# besides itself; anything else is a violation, printed as file:line.
#
#   util/            nothing
#   db/              util
#   core/vocab/      util                       (the word lists)
#   core/settings/   util                       (configuration, language)
#   core/log/        util db core/vocab         (events, kinds, projections, chain)
#   core/stock/      … core/log                 (devices, lots, operators, workshop)
#   core/scan/       … core/stock               (what a scan names; codes in pictures)
#   core/wipe/       … core/stock               (media, wipes, nwipe, probe)
#   core/grading/    … core/wipe core/settings  (profiles, grading, the claim)
#   core/inventory/  … core/stock core/scan core/wipe core/grading core/cert (donors' inventories)
#   core/alloc/      … core/stock core/wipe core/grading core/settings (reservations, allocations, disposals)
#   core/report/     … core/stock core/wipe core/grading core/cert core/alloc core/settings (proof of reuse)
#   core/stats/      … core/stock core/wipe core/grading (the dashboard's figures)
#   core/label/ core/cert/ core/sync/ core/demo/   any of core/ below them
#   core/guide/      util                       (the guides: text files, F1)
#   tui/             util                       (knows nothing of devices)
#   screens/         util db core tui
#   cli/             util db core tui screens
# A new subject of core/ gets its folder and its line here.
set -u
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}   # $1: another tree (the test checks a copy)
cd "$top" || exit 2
base_core="util db core/vocab core/settings core/log"
allowed() {
  case "$1" in
    util) echo "" ;;
    db) echo "util" ;;
    core/vocab|core/settings) echo "util" ;;
    core/log) echo "util db core/vocab" ;;
    core/stock) echo "$base_core" ;;
    core/scan|core/wipe) echo "$base_core core/stock" ;;
    core/grading) echo "$base_core core/stock core/wipe" ;;
    core/label|core/cert|core/sync) echo "$base_core core/stock core/scan core/wipe core/grading" ;;
    core/inventory) echo "$base_core core/stock core/scan core/wipe core/grading core/cert" ;;
    core/alloc) echo "$base_core core/stock core/wipe core/grading" ;;
    core/stats) echo "$base_core core/stock core/wipe core/grading" ;;
    core/report) echo "$base_core core/stock core/wipe core/grading core/cert core/alloc" ;;
    core/demo) echo "$base_core core/stock core/scan core/wipe core/grading core/label core/cert core/sync core/inventory core/alloc core/report" ;;
    core/guide) echo "util" ;;
    tui) echo "util" ;;
    screens) echo "util db core tui" ;;
    cli) echo "util db core tui screens" ;;
    *) echo "?" ;;
  esac
}
bad=0
for f in $(find util db core tui screens cli -name '*.[ch]' | sort); do
  dir=$(dirname "$f")
  ok=$(allowed "$dir")
  if [ "$ok" = "?" ]; then
    echo "$f: folder $dir has no line in scripts/layers.sh"; bad=$((bad + 1)); continue
  fi
  grep -n '^#include "' "$f" | while IFS= read -r line; do
    n=${line%%:*}
    inc=$(echo "$line" | sed 's/^[0-9]*:#include "\([^"]*\)".*/\1/')
    idir=$(dirname "$inc")
    [ "$idir" = "$dir" ] && continue
    hit=0
    for a in $ok; do
      case "$idir" in "$a"|"$a"/*) hit=1 ;; esac
    done
    [ "$hit" -eq 1 ] || echo "$f:$n: includes $inc, above its layer ($dir may include: ${ok:-nothing})"
  done
done >"${TMPDIR:-/tmp}/layers.$$"
if [ -s "${TMPDIR:-/tmp}/layers.$$" ]; then
  cat "${TMPDIR:-/tmp}/layers.$$"; rm -f "${TMPDIR:-/tmp}/layers.$$"; exit 1
fi
rm -f "${TMPDIR:-/tmp}/layers.$$"
[ "$bad" -eq 0 ]
