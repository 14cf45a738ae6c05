#!/usr/bin/env python3
"""region_docs.py — a region of K workshops from one workshop's documents.

    region_docs.py DOCS.ndjson OUTDIR K BATCH

Each line of DOCS.ndjson (bench/sync_docs.py, workshop GRE1) is written K
times, once per workshop R01…RK: its code replaces GRE1 in the id, the
author, the device and lot ids (the same history, as K workshops would have
written it). Writes OUTDIR/batch-NNNNN.json ({"docs": [...]}, BATCH each)."""
import json, os, sys


def main():
    src, out, k, batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    os.makedirs(out, exist_ok=True)
    lines = open(src, encoding="utf-8").read().splitlines()
    docs, n = [], 0
    def flush():
        nonlocal docs, n
        if docs:
            with open(os.path.join(out, "batch-%05d.json" % n), "w", encoding="utf-8") as f:
                f.write('{"docs":[' + ",".join(docs) + "]}")
            n += 1
            docs = []
    for i in range(1, k + 1):
        code = "R%02d" % i
        for line in lines:
            docs.append(line.replace("GRE1", code))
            if len(docs) == batch:
                flush()
    flush()
    print(n)


if __name__ == "__main__":
    main()
