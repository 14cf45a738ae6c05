/*
 * schema.c — the migrations. MIGRATIONS[i] takes a database from version i
 * to version i+1 (PRAGMA user_version). Never edit a migration that has been
 * released: append a new one. Each is applied inside the transaction that
 * db_migrate_to() opens, so a failure leaves the previous version intact.
 *
 * The events table is the source of truth and is append-only (the triggers
 * refuse UPDATE and DELETE). Everything else is a projection that
 * `boucle rebuild` can recompute from the events.
 */
#include "db/schema.h"
#include <stddef.h>


/* Migration 13's triggers, written once for new and old rows. */
#define STATS_DAY(x) "date((" x " >> 16) / 1000, 'unixepoch')"
#define STATS_GONE "('reused', 'parts', 'recycled')"
#define STATS_UP " ON CONFLICT(scope, ws, key) DO UPDATE SET n = n + 1;\n"
#define STATS_WAITS(r) r ".state IN ('received', 'in_progress') AND " r ".category IN ('laptop', 'desktop', 'phone', 'tablet')" \
    " AND NOT EXISTS (SELECT 1 FROM wipes w WHERE w.device = " r ".id AND w.status = 'success')"
#define STATS_RR(r) "printf('%05d', min(99999, max(0, ((" r ".ready_hlc >> 16) - (" r ".received_hlc >> 16)) / 86400000)))"
#define STATS_DONOR(r) "coalesce((SELECT donor FROM lots WHERE id = " r ".lot), '')"
#define STATS_ADD(r) \
    "  INSERT INTO stats VALUES ('sc', " r ".workshop, " r ".state || '|' || " r ".category, 1)" STATS_UP \
    "  INSERT INTO stats VALUES ('sg', " r ".workshop, " r ".state || '|' || " r ".grade, 1)" STATS_UP \
    "  INSERT INTO stats VALUES ('dn', " r ".workshop, " STATS_DONOR(r) ", 1)" STATS_UP \
    "  INSERT INTO stats VALUES ('in', " r ".workshop, " STATS_DAY(r ".received_hlc") ", 1)" STATS_UP \
    "  INSERT INTO stats SELECT 'rr', " r ".workshop, " STATS_RR(r) ", 1 WHERE " r ".ready_hlc > 0" STATS_UP \
    "  INSERT INTO stats SELECT 'wt', " r ".workshop, " STATS_DAY(r ".received_hlc") ", 1 WHERE " STATS_WAITS(r) STATS_UP
/* A decrement, then the row removed when it reaches 0 (`boucle verify`
 * compares the table with a replay, which writes no empty row). */
#define STATS_DOWN(scope, r, key, cond) \
    "  UPDATE stats SET n = n - 1 WHERE scope = '" scope "' AND ws = " r ".workshop AND key = " key cond ";\n" \
    "  DELETE FROM stats WHERE scope = '" scope "' AND ws = " r ".workshop AND key = " key " AND n = 0;\n"
#define STATS_SUB(r) \
    STATS_DOWN("sc", r, r ".state || '|' || " r ".category", "") \
    STATS_DOWN("sg", r, r ".state || '|' || " r ".grade", "") \
    STATS_DOWN("dn", r, STATS_DONOR(r), "") \
    STATS_DOWN("in", r, STATS_DAY(r ".received_hlc"), "") \
    STATS_DOWN("rr", r, STATS_RR(r), " AND " r ".ready_hlc > 0") \
    STATS_DOWN("wt", r, STATS_DAY(r ".received_hlc"), " AND " STATS_WAITS(r))
#define STATS_OUT_ADD(r) \
    "  INSERT INTO stats SELECT 'out', " r ".workshop, " STATS_DAY(r ".updated_hlc") ", 1 WHERE " r ".state IN " STATS_GONE STATS_UP
#define STATS_OUT_SUB(r) \
    STATS_DOWN("out", r, STATS_DAY(r ".updated_hlc"), " AND " r ".state IN " STATS_GONE)
/* A success linked to a device: the device stops (or, removed, starts
 * again) waiting for a wipe, if it was the only one. Run after the row
 * changed: "no success left" / "this is the only success". */
#define STATS_WIPE_ADD \
    "  INSERT INTO stats VALUES ('wp', new.workshop, new.status, 1)" STATS_UP \
    "  UPDATE stats SET n = n - 1 WHERE scope = 'wt' AND new.status = 'success' AND new.device <> ''\n" \
    "    AND (ws, key) = (SELECT d.workshop, " STATS_DAY("d.received_hlc") " FROM devices d WHERE d.id = new.device\n" \
    "      AND d.state IN ('received', 'in_progress') AND d.category IN ('laptop', 'desktop', 'phone', 'tablet'))\n" \
    "    AND (SELECT count(*) FROM wipes w WHERE w.device = new.device AND w.status = 'success') = 1;\n" \
    "  DELETE FROM stats WHERE scope = 'wt' AND n = 0\n" \
    "    AND (ws, key) = (SELECT d.workshop, " STATS_DAY("d.received_hlc") " FROM devices d WHERE d.id = new.device);\n"
#define STATS_WIPE_SUB \
    "  UPDATE stats SET n = n - 1 WHERE scope = 'wp' AND ws = old.workshop AND key = old.status;\n" \
    "  DELETE FROM stats WHERE scope = 'wp' AND ws = old.workshop AND key = old.status AND n = 0;\n" \
    "  INSERT INTO stats SELECT 'wt', d.workshop, " STATS_DAY("d.received_hlc") ", 1 FROM devices d WHERE d.id = old.device\n" \
    "    AND old.status = 'success' AND old.device <> ''\n" \
    "    AND d.state IN ('received', 'in_progress') AND d.category IN ('laptop', 'desktop', 'phone', 'tablet')\n" \
    "    AND NOT EXISTS (SELECT 1 FROM wipes w WHERE w.device = old.device AND w.status = 'success')" STATS_UP

static const char *const MIGRATIONS[] = {
    /* 1: foundation — events, workshop, operators, donors, lots, devices. */
    "CREATE TABLE meta(\n"
    "  key TEXT PRIMARY KEY,\n"
    "  value TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE events(\n"
    "  seq INTEGER PRIMARY KEY,               -- local arrival order\n"
    "  id TEXT NOT NULL UNIQUE,               -- <16 hex hlc>-<WORKSHOP>\n"
    "  hlc INTEGER NOT NULL,                  -- hybrid logical clock\n"
    "  workshop TEXT NOT NULL,\n"
    "  operator TEXT NOT NULL DEFAULT '',\n"
    "  device TEXT,                           -- asset id or NULL\n"
    "  kind TEXT NOT NULL,\n"
    "  payload TEXT NOT NULL CHECK (json_valid(payload))\n"
    ");\n"
    "CREATE INDEX events_device ON events(device, hlc, workshop) WHERE device IS NOT NULL;\n"
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events\n"
    "  BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;\n"
    "CREATE TRIGGER events_no_delete BEFORE DELETE ON events\n"
    "  BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;\n"
    /* projections */
    "CREATE TABLE workshops(\n"
    "  code TEXT PRIMARY KEY,\n"
    "  name TEXT NOT NULL,\n"
    "  created_hlc INTEGER NOT NULL\n"
    ");\n"
    "CREATE TABLE operators(\n"
    "  name TEXT PRIMARY KEY COLLATE NOCASE,\n"
    "  created_hlc INTEGER NOT NULL\n"
    ");\n"
    "CREATE TABLE orgs(\n"
    "  name TEXT PRIMARY KEY COLLATE NOCASE,\n"
    "  created_hlc INTEGER NOT NULL\n"
    ");\n"
    "CREATE TABLE lots(\n"
    "  id TEXT PRIMARY KEY COLLATE NOCASE,\n"
    "  workshop TEXT NOT NULL,\n"
    "  donor TEXT NOT NULL,\n"
    "  ref TEXT NOT NULL DEFAULT '',\n"
    "  expected INTEGER NOT NULL DEFAULT -1,\n"
    "  date TEXT NOT NULL,\n"
    "  created_hlc INTEGER NOT NULL\n"
    ");\n"
    "CREATE INDEX lots_created ON lots(created_hlc);\n"
    "CREATE TABLE devices(\n"
    "  n INTEGER PRIMARY KEY,                 -- seq of its first event here: keyset paging\n"
    "  id TEXT NOT NULL UNIQUE,               -- asset id\n"
    "  workshop TEXT NOT NULL,\n"
    "  lot TEXT NOT NULL DEFAULT '',\n"
    "  serial TEXT NOT NULL DEFAULT '',\n"
    "  serial_key TEXT NOT NULL DEFAULT '',   -- upper case, no blanks, no leading zeros\n"
    "  donor_tag TEXT NOT NULL DEFAULT '',\n"
    "  tag_key TEXT NOT NULL DEFAULT '',\n"
    "  category TEXT NOT NULL DEFAULT 'other',\n"
    "  make TEXT NOT NULL DEFAULT '',\n"
    "  model TEXT NOT NULL DEFAULT '',\n"
    "  state TEXT NOT NULL,\n"
    "  grade TEXT NOT NULL DEFAULT '',\n"
    "  outcome TEXT NOT NULL DEFAULT '',\n"
    "  received_hlc INTEGER NOT NULL DEFAULT 0,\n"
    "  updated_hlc INTEGER NOT NULL DEFAULT 0\n"
    ");\n"
    "CREATE INDEX devices_serial ON devices(serial_key) WHERE serial_key <> '';\n"
    "CREATE INDEX devices_tag ON devices(tag_key) WHERE tag_key <> '';\n"
    "CREATE INDEX devices_lot ON devices(lot, n);\n"
    "CREATE INDEX devices_state ON devices(state, n);\n"
    /* No index on category: a category filter walks the list newest first
     * and stops after a page (every category is common enough), and each
     * index is one more page written per scan. */
    /* Word-prefix search over what people type or scan. External content:
     * the text is stored once, in devices. Prefix indexes up to 4
     * characters: a short prefix such as "GRE" (every asset id) would
     * otherwise merge the postings of every matching term at each keystroke. */
    "CREATE VIRTUAL TABLE devices_fts USING fts5(\n"
    "  id, serial, donor_tag, make, model,\n"
    "  content='devices', content_rowid='n',\n"
    "  tokenize=\"unicode61 remove_diacritics 2\", prefix='1 2 3 4'\n"
    ");\n"
    /* New devices are indexed in batches (core/stock/device.c, device_index_flush):
     * one search-index write per scan cost more than everything else an
     * intake does. A new row's n is always above every existing one (the seq
     * of its first event here), so the rows not indexed yet are those above
     * meta 'fts.upto'. A search flushes them first, so nothing just scanned
     * is missing from results. */
    "CREATE TRIGGER devices_fts_ad AFTER DELETE ON devices\n"
    "  WHEN old.n <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts.upto') BEGIN\n"
    "  INSERT INTO devices_fts(devices_fts, rowid, id, serial, donor_tag, make, model)\n"
    "  VALUES ('delete', old.n, old.id, old.serial, old.donor_tag, old.make, old.model);\n"
    "END;\n"
    "CREATE TRIGGER devices_fts_au AFTER UPDATE OF id, serial, donor_tag, make, model ON devices\n"
    "  WHEN old.n <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts.upto') BEGIN\n"
    "  INSERT INTO devices_fts(devices_fts, rowid, id, serial, donor_tag, make, model)\n"
    "  VALUES ('delete', old.n, old.id, old.serial, old.donor_tag, old.make, old.model);\n"
    "  INSERT INTO devices_fts(rowid, id, serial, donor_tag, make, model)\n"
    "  VALUES (new.n, new.id, new.serial, new.donor_tag, new.make, new.model);\n"
    "END;\n"
    /* Stock by state and activity by day, kept by triggers and the event
     * projector so the home screen never counts a million rows (one table
     * since migration 5). */
    "CREATE TABLE state_counts(\n"
    "  state TEXT PRIMARY KEY,\n"
    "  n INTEGER NOT NULL\n"
    ");\n"
    "CREATE TRIGGER devices_count_ai AFTER INSERT ON devices BEGIN\n"
    "  INSERT INTO state_counts(state, n) VALUES (new.state, 1)\n"
    "    ON CONFLICT(state) DO UPDATE SET n = n + 1;\n"
    "END;\n"
    "CREATE TRIGGER devices_count_ad AFTER DELETE ON devices BEGIN\n"
    "  UPDATE state_counts SET n = n - 1 WHERE state = old.state;\n"
    "  DELETE FROM state_counts WHERE state = old.state AND n = 0;\n"
    "END;\n"
    "CREATE TRIGGER devices_count_au AFTER UPDATE OF state ON devices\n"
    "  WHEN old.state <> new.state BEGIN\n"
    "  UPDATE state_counts SET n = n - 1 WHERE state = old.state;\n"
    "  DELETE FROM state_counts WHERE state = old.state AND n = 0;\n"
    "  INSERT INTO state_counts(state, n) VALUES (new.state, 1)\n"
    "    ON CONFLICT(state) DO UPDATE SET n = n + 1;\n"
    "END;\n"
    "CREATE TABLE day_activity(\n"
    "  day TEXT NOT NULL,                     -- YYYY-MM-DD (UTC) of the event's hlc\n"
    "  kind TEXT NOT NULL,\n"
    "  n INTEGER NOT NULL,\n"
    "  PRIMARY KEY (day, kind)\n"
    ") WITHOUT ROWID;\n",
    /* 2: grading, storage media, wipes (issue 3) and the tamper-evident
     * chain. chain is NOT a projection: it holds signatures made when the
     * events were written, and a rebuild must not re-sign anything. */
    "CREATE TABLE gradings(\n"
    "  device TEXT PRIMARY KEY,               -- the latest grading of each device\n"
    "  event_id TEXT NOT NULL,\n"
    "  hlc INTEGER NOT NULL,\n"
    "  profile TEXT NOT NULL DEFAULT '',\n"
    "  profile_version TEXT NOT NULL DEFAULT '',\n"
    "  cosmetic TEXT NOT NULL DEFAULT '',\n"
    "  outcome TEXT NOT NULL DEFAULT '',\n"
    "  tests_total INTEGER NOT NULL DEFAULT 0,\n"
    "  tests_passed INTEGER NOT NULL DEFAULT 0,\n"
    "  no_storage INTEGER NOT NULL DEFAULT 0,\n"
    "  payload TEXT NOT NULL                  -- the event payload (answers)\n"
    ");\n"
    "CREATE TABLE media(\n"
    "  device TEXT NOT NULL,\n"
    "  serial TEXT NOT NULL,                  -- as entered or read (escaped)\n"
    "  serial_key TEXT NOT NULL,              -- lookup key (serial_key())\n"
    "  model TEXT NOT NULL DEFAULT '',\n"
    "  type TEXT NOT NULL DEFAULT 'other',    -- hdd ssd nvme emmc other\n"
    "  bytes INTEGER NOT NULL DEFAULT -1,\n"
    "  hlc INTEGER NOT NULL,\n"
    "  PRIMARY KEY (device, serial_key)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX media_serial ON media(serial_key);\n"
    "CREATE TABLE wipes(\n"
    "  key TEXT PRIMARY KEY,                  -- nwipe drive key, or the event id\n"
    "  event_id TEXT NOT NULL,\n"
    "  hlc INTEGER NOT NULL,\n"
    "  device TEXT NOT NULL DEFAULT '',       -- '' while unassigned\n"
    "  serial TEXT NOT NULL DEFAULT '',\n"
    "  serial_key TEXT NOT NULL DEFAULT '',\n"
    "  status TEXT NOT NULL,                  -- success failed aborted\n"
    "  payload TEXT NOT NULL                  -- the record (event payload)\n"
    ");\n"
    "CREATE INDEX wipes_device ON wipes(device, hlc);\n"
    "CREATE INDEX wipes_serial ON wipes(serial_key);\n"
    "CREATE TABLE wipe_assigns(\n"
    "  key TEXT PRIMARY KEY,                  -- wipes.key\n"
    "  device TEXT NOT NULL,\n"
    "  hlc INTEGER NOT NULL,                  -- the latest assignment wins\n"
    "  workshop TEXT NOT NULL\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE chain(\n"
    "  n INTEGER PRIMARY KEY,                 -- position in this workshop's chain\n"
    "  workshop TEXT NOT NULL,\n"
    "  event_id TEXT NOT NULL UNIQUE,\n"
    "  hash TEXT NOT NULL,                    -- hex SHA-256(previous hash || record)\n"
    "  sig TEXT NOT NULL                      -- hex Ed25519 signature of hash\n"
    ");\n",
    /* 3: sync with the regional hub (issue 5, core/sync/sync.c). Not projections:
     * where this database stands with each hub, kept across rebuilds. */
    "CREATE TABLE sync_state(\n"
    "  hub TEXT PRIMARY KEY,                  -- URL/database, never credentials\n"
    "  push_seq INTEGER NOT NULL DEFAULT 0,   -- events seq <= this were looked at for pushing\n"
    "  ack_seq INTEGER NOT NULL DEFAULT 0,    -- last value written to the hub's _local checkpoint\n"
    "  since TEXT NOT NULL DEFAULT '0',       -- the hub's opaque _changes sequence\n"
    "  last_ok_ms INTEGER NOT NULL DEFAULT 0, -- wall clock of the last complete sync\n"
    "  last_try_ms INTEGER NOT NULL DEFAULT 0,\n"
    "  last_error TEXT NOT NULL DEFAULT ''\n"
    ");\n"
    "CREATE TABLE sync_rejects(\n"
    "  hub TEXT NOT NULL,\n"
    "  direction TEXT NOT NULL,               -- push: refused by the hub; pull: kept out here\n"
    "  event_id TEXT NOT NULL,\n"
    "  error TEXT NOT NULL,\n"
    "  reason TEXT NOT NULL,\n"
    "  doc TEXT,                              -- pull: the document, retried by a newer boucle\n"
    "  attempts INTEGER NOT NULL DEFAULT 1,\n"
    "  first_ms INTEGER NOT NULL,\n"
    "  last_ms INTEGER NOT NULL,\n"
    "  PRIMARY KEY (hub, direction, event_id)\n"
    ") WITHOUT ROWID;\n",
    /* 4: the print queue (issue 4, core/label/print.c). Not a projection: what
     * this PC asked its printers to print, kept across rebuilds. data holds
     * the exact bytes sent (ZPL or PDF) so a retry prints what was asked. */
    "CREATE TABLE print_jobs(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  printer TEXT NOT NULL,                 -- its name in the configuration\n"
    "  target TEXT NOT NULL,                  -- tcp://host:port, cups:Q or cups-raw:Q when queued\n"
    "  format TEXT NOT NULL,                  -- zpl | pdf\n"
    "  data BLOB NOT NULL,\n"
    "  labels INTEGER NOT NULL,\n"
    "  state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'cancelled')),\n"
    "  attempts INTEGER NOT NULL DEFAULT 0,\n"
    "  error TEXT NOT NULL DEFAULT '',        -- last failure\n"
    "  cups_job TEXT NOT NULL DEFAULT '',     -- lp's request id\n"
    "  created TEXT NOT NULL,                 -- UTC\n"
    "  updated TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX print_jobs_state ON print_jobs(state, id);\n"
    "CREATE TABLE print_job_devices(\n"
    "  job INTEGER NOT NULL REFERENCES print_jobs(id),\n"
    "  device TEXT NOT NULL COLLATE NOCASE,\n"
    "  PRIMARY KEY (job, device)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX print_job_devices_device ON print_job_devices(device, job);\n",
    /* 5: the home screen's counters in one table. Stock by state and
     * activity by day were two tables, so every scan wrote a page of each.
     * Here the day rows sort before the 'state' rows ('2…' < 's'), so the
     * rows a scan updates (today's and the states') share the last leaf:
     * one page fewer per committed scan, 12.5 → 11.5 on 1M devices. */
    "CREATE TABLE tallies(\n"
    "  scope TEXT NOT NULL,                   -- 'state', or a day YYYY-MM-DD (UTC) of events' hlc\n"
    "  key TEXT NOT NULL,                     -- a state, or an event kind\n"
    "  n INTEGER NOT NULL,\n"
    "  PRIMARY KEY (scope, key)\n"
    ") WITHOUT ROWID;\n"
    "INSERT INTO tallies(scope, key, n) SELECT day, kind, n FROM day_activity;\n"
    "INSERT INTO tallies(scope, key, n) SELECT 'state', state, n FROM state_counts;\n"
    "DROP TRIGGER devices_count_ai;\n"
    "DROP TRIGGER devices_count_ad;\n"
    "DROP TRIGGER devices_count_au;\n"
    "DROP TABLE day_activity;\n"
    "DROP TABLE state_counts;\n"
    "CREATE TRIGGER devices_count_ai AFTER INSERT ON devices BEGIN\n"
    "  INSERT INTO tallies(scope, key, n) VALUES ('state', new.state, 1)\n"
    "    ON CONFLICT(scope, key) DO UPDATE SET n = n + 1;\n"
    "END;\n"
    "CREATE TRIGGER devices_count_ad AFTER DELETE ON devices BEGIN\n"
    "  UPDATE tallies SET n = n - 1 WHERE scope = 'state' AND key = old.state;\n"
    "  DELETE FROM tallies WHERE scope = 'state' AND key = old.state AND n = 0;\n"
    "END;\n"
    "CREATE TRIGGER devices_count_au AFTER UPDATE OF state ON devices\n"
    "  WHEN old.state <> new.state BEGIN\n"
    "  UPDATE tallies SET n = n - 1 WHERE scope = 'state' AND key = old.state;\n"
    "  DELETE FROM tallies WHERE scope = 'state' AND key = old.state AND n = 0;\n"
    "  INSERT INTO tallies(scope, key, n) VALUES ('state', new.state, 1)\n"
    "    ON CONFLICT(scope, key) DO UPDATE SET n = n + 1;\n"
    "END;\n",
    /* 6: the unassigned wipes are listed a page at a time, in (hlc, key)
     * order (core/wipe/wipe.c, wipe_unassigned_page): the index gives that order
     * whole, so a page never sorts every unassigned wipe. */
    "DROP INDEX wipes_device;\n"
    "CREATE INDEX wipes_device ON wipes(device, hlc, key);\n",
    /* 7: search inside the codes. Technicians read the end of a sticker
     * ("XZB" for 5CG7301XZB), which the word-prefix index cannot find.
     * devices_codes indexes every 3 characters (trigrams, case folded) of
     * serial, donor tag and the number of the asset id (000412 of
     * GRE1-000412): a text of 3 characters or more is found anywhere in
     * them (core/stock/device.c). Not the asset id whole: its workshop code
     * and leading zeros are in every row, and a text made only of such
     * trigrams ("GRE1-000") made FTS5 step through a tenth of a million
     * rows (4 ms); the id's start is the word index's job. Make and model
     * stay in devices_fts only: words, found by prefix. External content,
     * the view devices_codes_src; written with devices_fts, in the same
     * batches (rows up to meta 'fts.upto'), so it starts with exactly the
     * rows devices_fts has; `boucle rebuild` rebuilds both. */
    "CREATE VIEW devices_codes_src AS\n"
    "  SELECT n, serial, donor_tag, substr(id, length(rtrim(id, '0123456789')) + 1) AS num FROM devices;\n"
    "CREATE VIRTUAL TABLE devices_codes USING fts5(\n"
    "  serial, donor_tag, num,\n"
    "  content='devices_codes_src', content_rowid='n',\n"
    "  tokenize='trigram'\n"
    ");\n"
    "INSERT INTO devices_codes(rowid, serial, donor_tag, num)\n"
    "  SELECT n, serial, donor_tag, num FROM devices_codes_src\n"
    "  WHERE n <= coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts.upto'), 0);\n"
    "INSERT INTO devices_codes(devices_codes) VALUES ('optimize');\n"
    "CREATE TRIGGER devices_codes_ad AFTER DELETE ON devices\n"
    "  WHEN old.n <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts.upto') BEGIN\n"
    "  INSERT INTO devices_codes(devices_codes, rowid, serial, donor_tag, num)\n"
    "  VALUES ('delete', old.n, old.serial, old.donor_tag, substr(old.id, length(rtrim(old.id, '0123456789')) + 1));\n"
    "END;\n"
    "CREATE TRIGGER devices_codes_au AFTER UPDATE OF id, serial, donor_tag ON devices\n"
    "  WHEN old.n <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts.upto') BEGIN\n"
    "  INSERT INTO devices_codes(devices_codes, rowid, serial, donor_tag, num)\n"
    "  VALUES ('delete', old.n, old.serial, old.donor_tag, substr(old.id, length(rtrim(old.id, '0123456789')) + 1));\n"
    "  INSERT INTO devices_codes(rowid, serial, donor_tag, num)\n"
    "  VALUES (new.n, new.serial, new.donor_tag, substr(new.id, length(rtrim(new.id, '0123456789')) + 1));\n"
    "END;\n",
    /* 8: a region, not a workshop (issue 10, doc/region.md). Every device,
     * lot and wipe record belongs to a workshop; the projections follow the
     * rules of ownership from the events alone (core/log/project.c):
     * - devices.workshop is the OWNER (the creator, then whoever accepted
     *   it in a transfer); offers holds the open transfer offers;
     * - wipes are keyed by (workshop, key): two workshops that import the
     *   same nwipe log each keep their own record; wipe_links holds each
     *   authorised link of a record to a device (import with a device,
     *   assignment), the latest one in clock order gives wipes.device;
     * - refused lists the events kept but without effect, with the reason;
     * - operators are per workshop; the tallies count per workshop (home
     *   counters are this workshop's).
     * All are projections: emptied and replayed at once (meta
     * rebuild.needed, run by ctx_open). */
    "DROP TABLE wipes;\n"
    "DROP TABLE wipe_assigns;\n"
    "CREATE TABLE wipes(\n"
    "  workshop TEXT NOT NULL,                -- the author of the record, its owner\n"
    "  key TEXT NOT NULL,                     -- nwipe drive key, or the event id\n"
    "  event_id TEXT NOT NULL,\n"
    "  hlc INTEGER NOT NULL,\n"
    "  device TEXT NOT NULL DEFAULT '',       -- '' while unassigned\n"
    "  serial TEXT NOT NULL DEFAULT '',\n"
    "  serial_key TEXT NOT NULL DEFAULT '',\n"
    "  status TEXT NOT NULL,                  -- success failed aborted\n"
    "  payload TEXT NOT NULL,                 -- the record (event payload)\n"
    "  PRIMARY KEY (workshop, key)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX wipes_device ON wipes(device, hlc, key);\n"
    "CREATE INDEX wipes_serial ON wipes(serial_key);\n"
    "CREATE INDEX wipes_unassigned ON wipes(workshop, hlc, key) WHERE device = '';\n"
    "CREATE TABLE wipe_links(\n"
    "  event_id TEXT PRIMARY KEY,             -- wipe.record with a device, or wipe.assign\n"
    "  workshop TEXT NOT NULL,                -- the record's owner (= the event's author)\n"
    "  key TEXT NOT NULL,\n"
    "  device TEXT NOT NULL,\n"
    "  hlc INTEGER NOT NULL\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX wipe_links_key ON wipe_links(workshop, key, hlc);\n"
    "CREATE INDEX wipe_links_device ON wipe_links(device);\n"
    "CREATE TABLE refused(\n"
    "  event_id TEXT PRIMARY KEY,\n"
    "  hlc INTEGER NOT NULL,\n"
    "  workshop TEXT NOT NULL,                -- the event's author\n"
    "  device TEXT NOT NULL DEFAULT '',\n"
    "  kind TEXT NOT NULL,\n"
    "  reason TEXT NOT NULL,                  -- a code (core/log/rights.h), put into words when shown\n"
    "  detail TEXT NOT NULL DEFAULT ''        -- the workshop or offer the reason names\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX refused_hlc ON refused(hlc);\n"
    "CREATE INDEX refused_device ON refused(device) WHERE device <> '';\n"
    "CREATE TABLE offers(\n"
    "  device TEXT PRIMARY KEY,               -- one open offer per device\n"
    "  event_id TEXT NOT NULL,                -- the device.offer event\n"
    "  hlc INTEGER NOT NULL,\n"
    "  from_ws TEXT NOT NULL,\n"
    "  to_ws TEXT NOT NULL,\n"
    "  note TEXT NOT NULL DEFAULT ''\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX offers_to ON offers(to_ws, hlc);\n"
    "CREATE INDEX offers_from ON offers(from_ws, hlc);\n"
    "DROP TABLE operators;\n"
    "CREATE TABLE operators(\n"
    "  workshop TEXT NOT NULL,\n"
    "  name TEXT NOT NULL COLLATE NOCASE,\n"
    "  created_hlc INTEGER NOT NULL,\n"
    "  PRIMARY KEY (workshop, name)\n"
    ") WITHOUT ROWID;\n"
    "DROP TRIGGER devices_count_ai;\n"
    "DROP TRIGGER devices_count_ad;\n"
    "DROP TRIGGER devices_count_au;\n"
    "CREATE TRIGGER devices_count_ai AFTER INSERT ON devices BEGIN\n"
    "  INSERT INTO tallies(scope, key, n) VALUES ('state/' || new.workshop, new.state, 1)\n"
    "    ON CONFLICT(scope, key) DO UPDATE SET n = n + 1;\n"
    "END;\n"
    "CREATE TRIGGER devices_count_ad AFTER DELETE ON devices BEGIN\n"
    "  UPDATE tallies SET n = n - 1 WHERE scope = 'state/' || old.workshop AND key = old.state;\n"
    "  DELETE FROM tallies WHERE scope = 'state/' || old.workshop AND key = old.state AND n = 0;\n"
    "END;\n"
    "CREATE TRIGGER devices_count_au AFTER UPDATE OF state, workshop ON devices\n"
    "  WHEN old.state <> new.state OR old.workshop <> new.workshop BEGIN\n"
    "  UPDATE tallies SET n = n - 1 WHERE scope = 'state/' || old.workshop AND key = old.state;\n"
    "  DELETE FROM tallies WHERE scope = 'state/' || old.workshop AND key = old.state AND n = 0;\n"
    "  INSERT INTO tallies(scope, key, n) VALUES ('state/' || new.workshop, new.state, 1)\n"
    "    ON CONFLICT(scope, key) DO UPDATE SET n = n + 1;\n"
    "END;\n"
    "INSERT INTO meta(key, value) VALUES ('rebuild.needed', '1')\n"
    "  ON CONFLICT(key) DO UPDATE SET value = '1';\n",
    /* 9: a workshop's own devices, newest first (the device list, `boucle
     * device list`: screens/devices.c). devices_workshop (workshop, state, n)
     * gives them in order only for one state: without a state filter SQLite
     * sorted all of a workshop's devices for each page, 1 s a page on a
     * million (bench/region.c). */
    "CREATE INDEX devices_owner ON devices(workshop, n);\n",
    /* 10: every event of the workshop in one chain, signed heads, anchors
     * at the hub (issue 11, core/log/chain.h, doc/security.md). The chain of
     * issue 3 (grading and wipe records only, a signature per row) is kept
     * as chain_v1: core/log/chain.c checks it once and then chains every
     * event of the workshop in its order (meta chain.upgrade). */
    "ALTER TABLE chain RENAME TO chain_v1;\n"
    "CREATE TABLE chain(\n"
    "  n INTEGER PRIMARY KEY,                 -- position: 1, 2, ...\n"
    "  seq INTEGER NOT NULL,                  -- events.seq of the record (grows with n: no index)\n"
    "  event_id TEXT NOT NULL,\n"
    "  hash BLOB NOT NULL                     -- SHA-256(hash of n-1 || record n)\n"
    ");\n"
    "CREATE TABLE chain_heads(\n"
    "  n INTEGER PRIMARY KEY,                 -- records covered\n"
    "  workshop TEXT NOT NULL,\n"
    "  hash BLOB NOT NULL,                    -- chain hash of record n\n"
    "  key BLOB NOT NULL,                     -- Ed25519 public key that signed\n"
    "  sig BLOB NOT NULL,\n"
    "  at_ms INTEGER NOT NULL                 -- wall clock of the signature\n"
    ");\n"
    "CREATE TABLE chain_anchors(\n"
    "  hub TEXT NOT NULL,                     -- where the head was anchored\n"
    "  n INTEGER NOT NULL,\n"
    "  hash BLOB NOT NULL,\n"
    "  at_ms INTEGER NOT NULL,\n"
    "  PRIMARY KEY (hub, n)\n"
    ") WITHOUT ROWID;\n"
    "INSERT INTO meta(key, value) VALUES ('chain.upgrade', '1')\n"
    "  ON CONFLICT(key) DO UPDATE SET value = '1';\n",
    /* 11: the devices a lot's donor announced in their inventory files
     * (issue 12, core/inventory/announce.h): one row per lot.announce
     * event, the newest of each (lot, akey). The payload stays in events;
     * this holds what intake looks up and reconciliation lists. */
    "CREATE TABLE announced(\n"
    "  lot TEXT NOT NULL,\n"
    "  akey TEXT NOT NULL,                    -- serial_key(serial), or 'tag:' || tag_key\n"
    "  serial TEXT NOT NULL DEFAULT '',\n"
    "  serial_key TEXT NOT NULL DEFAULT '',\n"
    "  donor_tag TEXT NOT NULL DEFAULT '',\n"
    "  tag_key TEXT NOT NULL DEFAULT '',\n"
    "  category TEXT NOT NULL DEFAULT '',\n"
    "  make TEXT NOT NULL DEFAULT '',\n"
    "  model TEXT NOT NULL DEFAULT '',\n"
    "  workshop TEXT NOT NULL,\n"
    "  event_id TEXT NOT NULL,                -- the lot.announce event\n"
    "  hlc INTEGER NOT NULL,\n"
    "  PRIMARY KEY (lot, akey)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX announced_serial ON announced(serial_key) WHERE serial_key <> '';\n"
    "CREATE INDEX announced_tag ON announced(tag_key) WHERE tag_key <> '';\n"
    "CREATE INDEX announced_event ON announced(event_id);\n",
    /* 12: parties, what became of devices, donors' commitments (issue 13).
     * parties: donors and takers, known everywhere by their code; a
     * person's row holds no name (core/stock/party.h, doc/privacy.md).
     * party_private and party_keys are this PC's own and never synced nor
     * rebuilt: a person's name and contact, sealed with a key of their own
     * that `party forget` destroys. */
    "CREATE TABLE parties(\n"
    "  code TEXT PRIMARY KEY COLLATE NOCASE,  -- <WORKSHOP>-P<NNNN>\n"
    "  workshop TEXT NOT NULL,                -- the workshop that made it\n"
    "  kind TEXT NOT NULL,                    -- association, business, public, person\n"
    "  name TEXT NOT NULL DEFAULT '',         -- always '' for a person\n"
    "  forgotten INTEGER NOT NULL DEFAULT 0,\n"
    "  created_hlc INTEGER NOT NULL,\n"
    "  updated_hlc INTEGER NOT NULL\n"
    ");\n"
    "CREATE INDEX parties_name ON parties(name COLLATE NOCASE) WHERE name <> '';\n"
    "CREATE TABLE party_private(\n"
    "  code TEXT PRIMARY KEY COLLATE NOCASE,\n"
    "  nonce BLOB NOT NULL,\n"
    "  box BLOB NOT NULL                      -- sealed JSON {name, contact}\n"
    ");\n"
    "CREATE TABLE party_keys(\n"
    "  code TEXT PRIMARY KEY COLLATE NOCASE,\n"
    "  key BLOB NOT NULL\n"
    ");\n"
    "ALTER TABLE lots ADD COLUMN donor_code TEXT NOT NULL DEFAULT '';\n"
    /* allocations: one row per reservation or allocation of a device to a
     * party (core/alloc/alloc.h), the newest state of each. */
    "CREATE TABLE allocations(\n"
    "  id TEXT PRIMARY KEY,                   -- the event that opened it\n"
    "  device TEXT NOT NULL,\n"
    "  workshop TEXT NOT NULL,\n"
    "  party TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL,                    -- reservation, donation, sale, loan\n"
    "  status TEXT NOT NULL,                  -- interested, confirmed, delivered, returned, cancelled\n"
    "  price_cents INTEGER NOT NULL DEFAULT -1,\n"
    "  until TEXT NOT NULL DEFAULT '',        -- reservation expiry or loan return date, YYYY-MM-DD\n"
    "  returned TEXT NOT NULL DEFAULT '',     -- the date a loan came back\n"
    "  created_hlc INTEGER NOT NULL,\n"
    "  updated_hlc INTEGER NOT NULL\n"
    ");\n"
    "CREATE INDEX allocations_device ON allocations(device, created_hlc);\n"
    "CREATE INDEX allocations_party ON allocations(party, created_hlc);\n"
    /* disposals: a device harvested for parts or sent to recycling. */
    "CREATE TABLE disposals(\n"
    "  device TEXT PRIMARY KEY,\n"
    "  kind TEXT NOT NULL,                    -- parts, recycled\n"
    "  channel TEXT NOT NULL DEFAULT '',\n"
    "  weight_g INTEGER NOT NULL DEFAULT -1,\n"
    "  hlc INTEGER NOT NULL\n"
    ");\n"
    /* lot_commitments: the taker's commitment to reuse, before (décret
     * 2023-266), the newest event of each lot. */
    "CREATE TABLE lot_commitments(\n"
    "  lot TEXT PRIMARY KEY COLLATE NOCASE,\n"
    "  committed INTEGER NOT NULL,\n"
    "  date TEXT NOT NULL DEFAULT '',\n"
    "  share INTEGER NOT NULL DEFAULT -1,     -- percent, -1 unknown\n"
    "  taker TEXT NOT NULL DEFAULT '',\n"
    "  event_id TEXT NOT NULL,\n"
    "  hlc INTEGER NOT NULL\n"
    ");\n",
    /* 13: the dashboard's counters (issue 14, core/stock/stats.h): one
     * table of sums kept by triggers on devices, lots and wipes, in the same
     * transaction as the event whose projection changes them, so the
     * dashboard reads a few hundred rows whatever the stock. Every sum is a
     * function of the rows as they are (never of the order events came in),
     * so `boucle rebuild` gives the same figures. Scopes, per owner workshop:
     *   sc  state|category of every device       sg  state|grade
     *   dn  the lot's donor                      in  day received
     *   out day of the last event of a device reused, in parts or recycled
     *   rr  whole days from receipt to first ready (devices.ready_hlc)
     *   wt  day received of a laptop, desktop, phone or tablet still
     *       received or in progress with no successful wipe
     *   wp  wipe records by status (the record's owner). */
    "ALTER TABLE devices ADD COLUMN ready_hlc INTEGER NOT NULL DEFAULT 0;\n"
    "CREATE TABLE stats(\n"
    "  scope TEXT NOT NULL,\n"
    "  ws TEXT NOT NULL,                      -- the owner workshop\n"
    "  key TEXT NOT NULL,\n"
    "  n INTEGER NOT NULL,\n"
    "  PRIMARY KEY (scope, ws, key)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX allocations_due ON allocations(workshop, kind, until)\n"
    "  WHERE status IN ('interested', 'confirmed', 'delivered') AND until <> '';\n"
    "CREATE TRIGGER stats_dev_ai AFTER INSERT ON devices BEGIN\n"
    STATS_ADD("new")
    STATS_OUT_ADD("new")
    "END;\n"
    /* a rebuild empties stats first (core/log/event.c): no decrement then */
    "CREATE TRIGGER stats_dev_ad AFTER DELETE ON devices WHEN EXISTS (SELECT 1 FROM stats) BEGIN\n"
    STATS_SUB("old")
    STATS_OUT_SUB("old")
    "END;\n"
    "CREATE TRIGGER stats_dev_au AFTER UPDATE OF workshop, lot, category, state, grade, received_hlc, ready_hlc ON devices\n"
    "  WHEN old.workshop IS NOT new.workshop OR old.lot IS NOT new.lot OR old.category IS NOT new.category\n"
    "    OR old.state IS NOT new.state OR old.grade IS NOT new.grade OR old.received_hlc IS NOT new.received_hlc\n"
    "    OR old.ready_hlc IS NOT new.ready_hlc BEGIN\n"
    STATS_SUB("old")
    STATS_ADD("new")
    "END;\n"
    "CREATE TRIGGER stats_dev_out AFTER UPDATE OF workshop, state, updated_hlc ON devices\n"
    "  WHEN (old.state IN " STATS_GONE " OR new.state IN " STATS_GONE ")\n"
    "    AND (old.workshop IS NOT new.workshop OR old.state IS NOT new.state OR old.updated_hlc IS NOT new.updated_hlc) BEGIN\n"
    STATS_OUT_SUB("old")
    STATS_OUT_ADD("new")
    "END;\n"
    /* a lot met after its devices (a pulled page): their donor was '' */
    "CREATE TRIGGER stats_lot_ai AFTER INSERT ON lots BEGIN\n"
    "  UPDATE stats SET n = n - (SELECT count(*) FROM devices d WHERE d.lot = new.id AND d.workshop = stats.ws)\n"
    "    WHERE scope = 'dn' AND key = '';\n"
    "  DELETE FROM stats WHERE scope = 'dn' AND key = '' AND n = 0;\n"
    "  INSERT INTO stats(scope, ws, key, n) SELECT 'dn', workshop, new.donor, count(*) FROM devices\n"
    "    WHERE lot = new.id GROUP BY workshop ON CONFLICT(scope, ws, key) DO UPDATE SET n = n + excluded.n;\n"
    "END;\n"
    "CREATE TRIGGER stats_wipe_ai AFTER INSERT ON wipes BEGIN\n"
    STATS_WIPE_ADD
    "END;\n"
    "CREATE TRIGGER stats_wipe_ad AFTER DELETE ON wipes WHEN EXISTS (SELECT 1 FROM stats) BEGIN\n"
    STATS_WIPE_SUB
    "END;\n"
    "CREATE TRIGGER stats_wipe_au AFTER UPDATE OF workshop, device, status ON wipes\n"
    "  WHEN old.workshop IS NOT new.workshop OR old.device IS NOT new.device OR old.status IS NOT new.status BEGIN\n"
    STATS_WIPE_SUB
    STATS_WIPE_ADD
    "END;\n"
    "INSERT INTO meta(key, value) VALUES ('rebuild.needed', '1')\n"
    "  ON CONFLICT(key) DO UPDATE SET value = '1';\n",
    /* 14: team goals, opt-in (issue 14, core/goals/goals.h). goals: the
     * newest workshop.goals event of each workshop. goal_marks: the first
     * time each device reached « ready » and « reused », by which workshop
     * and operator, and the local week (Monday, YYYY-MM-DD) it fell in;
     * goal_weeks sums them by week, operator and category (kept by the
     * triggers), so that the home screen reads a few rows, never a
     * million, for the team's figures as for an operator's own. Filled
     * from the events already there by a rebuild. */
    "CREATE TABLE goals(\n"
    "  workshop TEXT PRIMARY KEY,\n"
    "  enabled INTEGER NOT NULL,\n"
    "  ready INTEGER NOT NULL,                -- devices made ready a week, 0 no goal\n"
    "  co2_kg INTEGER NOT NULL,               -- kg CO2e avoided a week, 0 no goal\n"
    "  individual INTEGER NOT NULL,           -- each operator may see their own figure\n"
    "  event_id TEXT NOT NULL,\n"
    "  hlc INTEGER NOT NULL\n"
    ");\n"
    "CREATE TABLE goal_marks(\n"
    "  device TEXT NOT NULL,\n"
    "  mark TEXT NOT NULL,                    -- ready, reused\n"
    "  workshop TEXT NOT NULL,                -- of the event that made it\n"
    "  operator TEXT NOT NULL,\n"
    "  category TEXT NOT NULL,\n"
    "  week TEXT NOT NULL,                    -- the Monday of its local week\n"
    "  hlc INTEGER NOT NULL,\n"
    "  PRIMARY KEY (device, mark)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE goal_weeks(\n"
    "  workshop TEXT NOT NULL,\n"
    "  week TEXT NOT NULL,\n"
    "  operator TEXT NOT NULL,\n"
    "  mark TEXT NOT NULL,\n"
    "  category TEXT NOT NULL,\n"
    "  n INTEGER NOT NULL,\n"
    "  PRIMARY KEY (workshop, week, operator, mark, category)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TRIGGER goal_marks_ai AFTER INSERT ON goal_marks BEGIN\n"
    "  INSERT INTO goal_weeks(workshop, week, operator, mark, category, n)\n"
    "    VALUES (new.workshop, new.week, new.operator, new.mark, new.category, 1)\n"
    "    ON CONFLICT(workshop, week, operator, mark, category) DO UPDATE SET n = n + 1;\n"
    "END;\n"
    "CREATE TRIGGER goal_marks_ad AFTER DELETE ON goal_marks BEGIN\n"
    "  UPDATE goal_weeks SET n = n - 1 WHERE workshop = old.workshop AND week = old.week\n"
    "    AND operator = old.operator AND mark = old.mark AND category = old.category;\n"
    "  DELETE FROM goal_weeks WHERE workshop = old.workshop AND week = old.week\n"
    "    AND operator = old.operator AND mark = old.mark AND category = old.category AND n <= 0;\n"
    "END;\n"
    "INSERT INTO meta(key, value) VALUES ('rebuild.needed', '1')\n"
    "  ON CONFLICT(key) DO UPDATE SET value = '1';\n",
    /* 15: the IT purchases a party declares for a calendar year (issue 14,
     * the AGEC share of a public buyer's purchases made from reuse): the
     * newest party.purchases event of each (code, year), by its owner. */
    "CREATE TABLE party_purchases(\n"
    "  code TEXT NOT NULL COLLATE NOCASE,\n"
    "  year INTEGER NOT NULL,\n"
    "  total_cents INTEGER NOT NULL,          -- excluding tax, as the decree counts spending\n"
    "  hlc INTEGER NOT NULL,\n"
    "  PRIMARY KEY(code, year)\n"
    ");\n",
};


int schema_count(void) { return (int)(sizeof MIGRATIONS / sizeof MIGRATIONS[0]); }
const char *schema_migration(int i) { return (i >= 0 && i < schema_count()) ? MIGRATIONS[i] : NULL; }

/* Projection tables, emptied by `boucle rebuild` before replaying events.
 * Modules that add projection tables list them here too. */
static const char *const PROJECTIONS[] = {
    "workshops", "operators", "orgs", "lots", "devices", "tallies",
    "gradings", "media", "wipes", "wipe_links", "refused", "offers", "announced",
    "parties", "allocations", "disposals", "lot_commitments",
    "stats",
    "goals", "goal_marks", "goal_weeks",
    "party_purchases",
};

int schema_projection_count(void) { return (int)(sizeof PROJECTIONS / sizeof PROJECTIONS[0]); }
const char *schema_projection(int i) { return (i >= 0 && i < schema_projection_count()) ? PROJECTIONS[i] : NULL; }
