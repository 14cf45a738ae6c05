#!/usr/bin/env python3
"""sync_docs.py — the hub documents of a boucle database's events, built
outside boucle, for the benchmark's other clients.

    sync_docs.py DB OUTDIR BATCH

writes OUTDIR/docs.ndjson (one document per line, for PouchDB) and
OUTDIR/batch-NNNNN.json ({"docs": [...]} of BATCH documents, for curl), in
the format of core/sync/sync.c (sync_event_doc): the same bytes go up whichever
client sends them."""
import json, os, sqlite3, sys, time


def main():
    db, out, batch = sys.argv[1], sys.argv[2], int(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    con = sqlite3.connect(db)
    rows = con.execute("SELECT id, hlc, workshop, operator, device, kind, payload FROM events ORDER BY seq")
    docs = []
    for id_, hlc, ws, op, dev, kind, payload in rows:
        h = hlc & 0xFFFFFFFFFFFFFFFF
        t = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime((h >> 16) // 1000))
        docs.append({"hlc": "%016x" % h, "time": t, "workshop": ws, "operator": op,
                     "device": dev, "kind": kind, "payload": json.loads(payload),
                     "_id": id_, "type": "event", "v": 1})
    with open(os.path.join(out, "docs.ndjson"), "w") as f:
        for d in docs:
            f.write(json.dumps(d, separators=(",", ":"), ensure_ascii=False) + "\n")
    for i in range(0, len(docs), batch):
        with open(os.path.join(out, "batch-%05d.json" % (i // batch)), "w") as f:
            json.dump({"docs": docs[i:i + batch]}, f, separators=(",", ":"), ensure_ascii=False)
    print(len(docs))


if __name__ == "__main__":
    main()
