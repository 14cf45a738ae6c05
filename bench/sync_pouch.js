// sync_pouch.js — PouchDB's own replicator (Node), for the sync benchmark.
//
//   node sync_pouch.js push DOCS.ndjson URL   load the documents into a local
//                                             in-memory PouchDB, then replicate
//                                             it to URL
// Prints RESULT lines for the replication alone (docs/s, CPU); the caller's
// wrapper (sync_measure.py) adds wire bytes and peak RSS of the whole run.
//   node sync_pouch.js pull URL               replicate URL into a fresh local
//                                             in-memory PouchDB
// URL carries the credentials (http://user:pw@127.0.0.1:port/db). Uses the
// replicator's defaults (batch_size 100, batches_limit 10) except batch_size,
// set to boucle's (500) so both move the same batches.
'use strict';
const path = require('path');
const mods = path.join(__dirname, '..', 'tests', 'hub', 'node_modules');
const req = (m) => require(path.join(mods, m));
const PouchDB = req('pouchdb-core')
  .plugin(req('pouchdb-adapter-memory'))
  .plugin(req('pouchdb-adapter-http'))
  .plugin(req('pouchdb-replication'));
const fs = require('fs');

async function main() {
  const [mode, a, b] = process.argv.slice(2);
  const local = new PouchDB('bench-local-' + process.pid, { adapter: 'memory' });
  let remote, from, to;
  if (mode === 'push') {
    const lines = fs.readFileSync(a, 'utf8').split('\n').filter(Boolean);
    for (let i = 0; i < lines.length; i += 5000)
      await local.bulkDocs(lines.slice(i, i + 5000).map((l) => JSON.parse(l)));
    // skip_setup: a member's PUT /db makes PouchDB Server 4.2 crash (doc/sync.md)
    remote = new PouchDB(b, { skip_setup: true });
    from = local; to = remote;
  } else {
    remote = new PouchDB(a, { skip_setup: true });
    from = remote; to = local;
  }
  const t0 = Date.now(), c0 = process.cpuUsage();
  const res = await PouchDB.replicate(from, to, { batch_size: 500 });
  const ms = Date.now() - t0, cpu = process.cpuUsage(c0);
  const info = await local.info();
  console.error('docs', res.docs_written, 'local', info.doc_count, 'ms', ms,
                'errors', res.doc_write_failures);
  // the replication alone (without loading the local copy)
  console.log(`RESULT pouch_${mode}_docs_per_s ${Math.round(res.docs_written / (ms / 1000))} docs/s`);
  console.log(`RESULT pouch_${mode}_cpu_s ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`);
  if (res.doc_write_failures > 0) process.exit(1);
}
main().catch((e) => { console.error(e); process.exit(1); });
