#!/usr/bin/env python3
"""opendata_check.py PREFIX DB DIR SCOPE PROFILE LEFT_OUT [SECRETS]

Checks an open-data export (core/report/opendata.h) against the database it
came from, counting in SQL and in Python, independently of boucle's code:
  - every row counts at least K = 5 devices (none in 1..4);
  - a row without « * » equals the SQL count of its week, workshop,
    category, grade and state;
  - every combination of 5 or more devices in the database is a row of its
    own (nothing grouped that did not need to be);
  - every row counts no more than the devices its precise fields match;
  - the rows add up to the devices in scope less LEFT_OUT (0..4);
  - the carbon of a row of reused devices of one category is its count times
    the profile's factor, 0 for the other states, and the total matches;
  - no string of SECRETS (a file, one a line: serials, asset ids, party and
    operator names) appears in any of the files.
SCOPE: a workshop code, or * for the whole region. Prints PASS/FAIL lines.
"""
import csv, datetime, os, re, sqlite3, sys

K = 5
prefix, db, out, scope, profile, left_out = sys.argv[1:7]
left_out = int(left_out)
secrets = sys.argv[7] if len(sys.argv) > 7 else None
fails = 0


def result(name, ok, why=""):
    global fails
    if ok:
        print("PASS %s_%s" % (prefix, name))
    else:
        fails += 1
        print("FAIL %s_%s: %s" % (prefix, name, why))


factors = {}
sect = None
for line in open(profile, encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    m = re.match(r"\[(\w+)\]", line)
    if m:
        sect = m.group(1)
        continue
    if sect == "carbon" and "=" in line:
        k, v = line.split("=", 1)
        k = k.strip()
        if k != "source":
            factors[k] = float(v.split("|")[0])

con = sqlite3.connect(db)
where = "" if scope == "*" else " WHERE workshop = '%s'" % scope
devs = []
for rh, uh, ws, cat, grade, state in con.execute(
        "SELECT received_hlc, updated_hlc, workshop, category, grade, state FROM devices" + where):
    h = rh or uh
    d = datetime.datetime.fromtimestamp((h >> 16) / 1000, datetime.timezone.utc).isocalendar()
    devs.append(("%04d-W%02d" % (d[0], d[1]), ws, cat, grade or "none", state))
sql_total = con.execute("SELECT count(*) FROM devices" + where).fetchone()[0]
cells = {}
for d in devs:
    cells[d] = cells.get(d, 0) + 1

with open(os.path.join(out, "supply.csv"), encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f))
header, rows = rows[0], rows[1:]
result("header", header == ["week", "workshop", "category", "grade", "state", "devices", "carbon_avoided_kg"], repr(header))
small = [r for r in rows if 1 <= int(r[5]) < K]
result("no_count_below_k", not small and all(int(r[5]) >= K for r in rows), "rows below %d: %r" % (K, small[:3]))

bad = []
for r in rows:
    key = tuple(r[:5])
    if "*" not in key and cells.get(key, 0) != int(r[5]):
        bad.append((r, cells.get(key, 0)))
result("precise_rows_equal_sql", not bad, "%r" % bad[:3])
published = {tuple(r[:5]): int(r[5]) for r in rows}
missing = [(c, n) for c, n in cells.items() if n >= K and published.get(c) != n]
result("big_cells_not_grouped", not missing, "%r" % missing[:3])
over = []
for r in rows:
    n = sum(1 for d in devs if all(p == "*" or p == v for p, v in zip(r[:5], d)))
    if int(r[5]) > n:
        over.append((r, n))
result("rows_within_sql", not over, "%r" % over[:3])
total = sum(int(r[5]) for r in rows)
result("total_is_sql_count", total + left_out == sql_total and 0 <= left_out < K,
       "%d in the CSV + %d left out, %d in SQL" % (total, left_out, sql_total))

badkg = []
for r in rows:
    kg = float(r[6])
    if r[4] == "reused" and r[2] != "*":
        want = round(int(r[5]) * factors.get(r[2], 0), 1)
        if abs(kg - want) > 0.051:
            badkg.append((r, want))
    elif r[4] not in ("reused", "*") and kg != 0:
        badkg.append((r, 0))
result("carbon_rows", not badkg, "%r" % badkg[:3])
want = sum(factors.get(cat, 0) * n for (cat, n) in con.execute(
    "SELECT category, count(*) FROM devices WHERE state = 'reused'" + (" AND workshop = '%s'" % scope if scope != "*" else "")
    + " GROUP BY category"))
got = sum(float(r[6]) for r in rows)
result("carbon_total", abs(got - want) <= 0.051 * len(rows) + (max(factors.values()) * left_out if factors else 0),
       "%.1f in the CSV, %.1f from SQL" % (got, want))

if secrets:
    texts = {n: open(os.path.join(out, n), encoding="utf-8").read()
             for n in ("supply.csv", "supply.schema.json", "dictionnaire.md", "dictionary.md")}
    found, count = [], 0
    for s in open(secrets, encoding="utf-8").read().split("\n"):
        s = s.strip()
        if len(s) < 3:
            continue
        count += 1
        for n, t in texts.items():
            if s in t:
                found.append((s, n))
    result("no_secret", count > 0 and not found, "%d strings checked, found: %r" % (count, found[:5]))
sys.exit(1 if fails else 0)
