# bench/lib.sh — the table every benchmark script prints, sourced by
# bench/devices.sh and bench/inventory.sh after they set TABLE (a file) and,
# optionally, PEER (the peer column's name, default "peer") and
# SUMMARY_NOTE (what the ratio means, printed above the summary).

# res FILE NAME: the value of "RESULT NAME value unit" in FILE ("" if none).
res() { awk -v n="$2" '$1 == "RESULT" && $2 == n { v = $3 } END { print v }' "$1" 2>/dev/null; }

# row FIGURE VALUE UNIT TARGET PEER: one line of the table. TARGET is text
# ("< 5 ms", "-"); PEER the peer's figure in the same unit, or "-".
row() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "${2:--}" "$3" "$4" "${5:--}" >>"$TABLE"; }

# Prints the table (all of it, or the rows added since line $1).
table() {
  tail -n +"${1:-1}" "$TABLE" | awk -F '\t' -v peer="${PEER:-peer}" '
    BEGIN { printf "%-40s %14s %-10s %-12s %14s %8s\n", "figure", "boucle", "unit", "target", peer, "ratio" }
    $2 == "FAILED" { printf "%-40s %14s\n", $1, "FAILED"; next }
    { r = ($5 != "-" && $5 + 0 > 0 && $2 != "-") ? sprintf("%.2f", $2 / $5) : "-"
      printf "%-40s %14s %-10s %-12s %14s %8s\n", $1, $2, $3, $4, $5, r }'
}

# section NAME FUNCTION: runs FUNCTION in a subshell, prints its rows; a
# failure is a FAILED row and the next section still runs. BENCH_ONLY
# (function names) runs only those.
section() {
  name=$1; fn=$2
  case " ${BENCH_ONLY:-$fn} " in *" $fn "*) ;; *) return 0 ;; esac
  echo
  echo "=== $name"
  from=$(($(wc -l <"$TABLE") + 1))
  if ( "$fn" ); then :; else
    echo "!!! section $name failed"
    printf '%s\tFAILED\n' "$name" >>"$TABLE"
  fi
  table "$from"
}

summary() {
  echo
  echo "=== summary (${SUMMARY_NOTE:-ratio = boucle / peer: for times < 1 means boucle is faster, for rates > 1})"
  table
}

# fmt VALUE: 3 significant decimals
fmt() { awk -v v="$1" 'BEGIN { if (v == "") print "-"; else printf "%.3f", v }'; }
