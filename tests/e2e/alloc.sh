# alloc.sh — what becomes of a ready device, from the command line:
# reserve, allocate (donation, sale, loan), the steps of an allocation, a
# loan's return, parts, recycling, the list; every refusal in French, exit
# 1 (2 for bad usage), nothing written; several devices all or none; the
# same tables after a rebuild.
. "$BOUCLE_TOP/tests/lib/e2e.sh"
B="$BOUCLE"
export BOUCLE_DB="$T_DIR/alloc.db" BOUCLE_OPERATOR="Amina"
command -v sqlite3 >/dev/null || { t_skip alloc "sqlite3 is not installed"; exit 0; }

expect_status() { # name want cmd...
  name=$1 want=$2; shift 2
  "$@" >"$T_DIR/out" 2>"$T_DIR/err"; got=$?
  if [ "$got" -eq "$want" ]; then t_pass "$name"; else
    t_fail "$name" "status $got, expected $want; stderr: $(head -c 300 "$T_DIR/err")"; fi
}
err_has() { grep -qF -- "$2" "$T_DIR/err" && t_pass "$1" || t_fail "$1" "no \"$2\" in: $(head -c 400 "$T_DIR/err")"; }
out_has() { grep -qF -- "$2" "$T_DIR/out" && t_pass "$1" || t_fail "$1" "no \"$2\" in: $(head -c 400 "$T_DIR/out")"; }
state_of() { "$B" device show "$1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])'; }
events() { sqlite3 "$BOUCLE_DB" "SELECT count(*) FROM events"; }

# the demo's parties: ALC-P0001 a public body (CHU), ALC-P0007 an
# association, ALC-P0008 another, ALC-P0009 a person
"$B" init --workshop ALC --name "Atelier" >/dev/null
"$B" demo --devices 20 >/dev/null 2>&1
"$B" operator add Amina >/dev/null 2>&1
LOT=$("$B" lot add --donor ALC-P0001 --ref BL-1)
ready() { # serial → a ready laptop of the public body's lot
  id=$("$B" device add --lot "$LOT" --serial "$1" --category laptop --make HP --model "EliteBook 840 G5")
  "$B" media add "$id" --serial "D-$1" --type ssd >/dev/null
  "$B" wipe add "$id" --media "D-$1" --category purge --technique ata-secure-erase --tool hdparm --status success >/dev/null
  "$B" grade "$id" --cosmetic B --outcome reuse --all-pass --test battery=90 >/dev/null
  "$B" device state "$id" ready >/dev/null
  echo "$id"
}
D1=$(ready S1) D2=$(ready S2) D3=$(ready S3) D4=$(ready S4) D5=$(ready S5)
[ "$(state_of "$D5")" = ready ] && t_pass alloc_setup || t_fail alloc_setup "$D5 is $(state_of "$D5")"

# a reservation holds the device for its party
expect_status reserve 0 "$B" reserve "$D1" --for ALC-P0007 --until 2099-01-01
out_has reserve_said "$D1  réservé  — réservé pour ALC-P0007 jusqu'au 2099-01-01"
n=$(events)
expect_status reserved_for_another_refused 1 "$B" allocate "$D1" --to ALC-P0008 --as donation
err_has reserved_for_another_said "$D1 est réservé pour ALC-P0007 jusqu'au 2099-01-01."
# two devices together, the reserved one for its own party: confirmed, then delivered
expect_status allocate_two 0 "$B" allocate "$D1" "$D2" --to ALC-P0007 --as donation --status confirmed
out_has allocate_two_said "$D2  réservé  — don à ALC-P0007, confirmée"
expect_status deliver 0 "$B" allocation "$D1" --status delivered
[ "$(state_of "$D1")" = reused ] && t_pass delivered_is_reused || t_fail delivered_is_reused "$(state_of "$D1")"
expect_status deliver_twice_refused 1 "$B" allocation "$D1" --status delivered
err_has deliver_twice_said "n'a ni réservation ni attribution en cours"

# the solidarity price cap of a public body's device, named
n=$(events)
expect_status sale_above_cap_refused 1 "$B" allocate "$D3" --to ALC-P0009 --as sale --price 250
err_has sale_above_cap_rule "$D3 : refusé, 250,00 € dépasse le plafond d'un appareil donné par un organisme public (CHU Grenoble Alpes) : prix solidaire (arrêté du 7 novembre 2022) : portable 180,00 €."
[ "$(events)" = "$n" ] && t_pass sale_refused_writes_nothing || t_fail sale_refused_writes_nothing "events $n → $(events)"
expect_status sale_at_cap 0 "$B" allocate "$D3" --to ALC-P0009 --as sale --price 180,00
expect_status sale_needs_price 2 "$B" allocate "$D4" --to ALC-P0009 --as sale
expect_status sale_bad_price 2 "$B" allocate "$D4" --to ALC-P0009 --as sale --price 12,345
expect_status allocate_bad_kind 2 "$B" allocate "$D4" --to ALC-P0009 --as gift

# a loan and its return, once; what was given does not come back
expect_status loan_needs_date 2 "$B" allocate "$D4" --to ALC-P0009 --as loan
expect_status loan 0 "$B" allocate "$D4" --to ALC-P0009 --as loan --until 2099-06-30
expect_status loan_return 0 "$B" return "$D4"
[ "$(state_of "$D4")" = ready ] && t_pass returned_is_ready || t_fail returned_is_ready "$(state_of "$D4")"
expect_status loan_returned_twice_refused 1 "$B" return "$D4"
err_has loan_returned_twice_said "Le prêt de $D4 est déjà revenu, le "
expect_status return_not_a_loan_refused 1 "$B" return "$D2"
err_has return_not_a_loan_said "$D2 n'a pas été prêté mais attribué en don : il ne revient pas."

# parties: unknown, forgotten (party forget is the parties module's: its flag here)
expect_status unknown_party_refused 1 "$B" reserve "$D5" --for ALC-P0099
err_has unknown_party_said "Aucun partenaire ALC-P0099 : vérifiez le code, ou ajoutez d'abord le partenaire."
sqlite3 "$BOUCLE_DB" "UPDATE parties SET forgotten = 1 WHERE code = 'ALC-P0009'"
expect_status forgotten_person_refused 1 "$B" allocate "$D5" --to ALC-P0009 --as donation
err_has forgotten_person_said "ALC-P0009 est une personne qui a demandé à être oubliée"
sqlite3 "$BOUCLE_DB" "UPDATE parties SET forgotten = 0 WHERE code = 'ALC-P0009'"

# not ready; a disk not erased; all or nothing
BENCH=$("$B" device add --lot "$LOT" --serial S6 --category laptop --make HP --model ProBook)
expect_status not_ready_refused 1 "$B" allocate "$BENCH" --to ALC-P0007 --as donation
err_has not_ready_said "$BENCH n'est pas prêt (il est « reçu ») : seul un appareil prêt peut être réservé ou attribué."
"$B" media add "$D4" --serial NEW-DISK --type ssd >/dev/null
n=$(events)
expect_status unerased_disk_refused 1 "$B" allocate "$D5" "$D4" --to ALC-P0007 --as donation
err_has unerased_disk_said "$D4 : Le disque NEW-DISK n'est pas effacé"
[ "$(events)" = "$n" ] && [ "$(state_of "$D5")" = ready ] && t_pass all_or_nothing || t_fail all_or_nothing "$D5 is $(state_of "$D5")"

# parts and recycling
expect_status parts 0 "$B" parts "$BENCH" --note "écran cassé"
expect_status recycle_needs_channel 2 "$B" recycle "$BENCH"
expect_status recycle 0 "$B" recycle "$BENCH" --channel Ecosystem --weight 2,4
out_has recycle_said "$BENCH  recyclé"
expect_status recycle_twice_refused 1 "$B" recycle "$BENCH" --channel Ecosystem
"$B" device show "$BENCH" >"$T_DIR/out"
out_has recycle_in_history "recyclé par Ecosystem, 2,4 kg"

# the list, and a rebuild gives the same
expect_status list 0 "$B" allocations --party ALC-P0007
out_has list_has_donation "$D2    ALC-P0007    don         confirmée"
"$B" allocations --json >"$T_DIR/before.json"
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); sys.exit(0 if len(a) == 4 and {x["kind"] for x in a} == {"donation","sale","loan"} else 1)' \
  "$T_DIR/before.json" && t_pass list_json || t_fail list_json "$(cat "$T_DIR/before.json")"
"$B" rebuild >/dev/null 2>&1
"$B" allocations --json >"$T_DIR/after.json"
cmp -s "$T_DIR/before.json" "$T_DIR/after.json" && t_pass rebuild_same || t_fail rebuild_same "$(diff "$T_DIR/before.json" "$T_DIR/after.json")"
expect_status verify 0 "$B" verify
t_end
