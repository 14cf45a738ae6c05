/*
 * reconcile.c — a lot's announced devices against what arrived (see
 * announce.h).
 *
 * An announced row (table `announced`, one per (lot, akey)) is received
 * when some device has its serial's key — or, for a row the file gave no
 * serial, its tag's key — in this lot or in any other (then other_lot
 * says which); it is missing otherwise. The lot's own devices that match
 * no announced row of the lot are "not announced" (other_lot: a lot that
 * announced them instead). So announced = received + missing, and a device
 * counts at most once whichever way its row is reached.
 *
 * Two statements, each a walk of the lot with one index probe per row and
 * no scan of another table: announced rows by their primary key (lot, …),
 * each looking its device up in devices_serial or devices_tag; the lot's
 * devices by devices_lot (lot, n), each probing announced's primary key
 * (lot, akey) — akey is the serial's key, or "tag:" and the tag's key —
 * and, for the note, announced_serial / announced_tag. A lot of 100 000
 * devices reconciles in a fraction of a second (bench/reconcile.c).
 */
#include "core/inventory/announce.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

/* The announced rows in file order (hlc, then event id for a tie), each with
 * the device that has its key: this lot's first, else the earliest (an
 * index on one column keeps its rows in rowid order: LIMIT 1 is the
 * earliest). Two probes rather than one "ORDER BY x.lot <> ?1": that sort
 * cost more than the lookups. The unary + keeps devices_lot out of the
 * first probe, which must stay on devices_serial / devices_tag. */
static const char SQL_ANNOUNCED[] =
    "SELECT a.serial, a.donor_tag, a.category, a.make, a.model, d.id, d.lot FROM ("
    "  SELECT a.serial, a.donor_tag, a.category, a.make, a.model, a.hlc, a.event_id,"
    "   CASE WHEN a.serial_key <> '' THEN COALESCE("
    "    (SELECT x.n FROM devices x WHERE x.serial_key = a.serial_key AND x.serial_key <> '' AND +x.lot = ?1 LIMIT 1),"
    "    (SELECT x.n FROM devices x WHERE x.serial_key = a.serial_key AND x.serial_key <> '' LIMIT 1))"
    "   ELSE COALESCE("
    "    (SELECT x.n FROM devices x WHERE x.tag_key = a.tag_key AND x.tag_key <> '' AND +x.lot = ?1 LIMIT 1),"
    "    (SELECT x.n FROM devices x WHERE x.tag_key = a.tag_key AND x.tag_key <> '' LIMIT 1))"
    "   END AS dn"
    "  FROM announced a WHERE a.lot = ?1) a "
    "LEFT JOIN devices d ON d.n = a.dn "
    "ORDER BY a.hlc, a.event_id";

/* The lot's devices that no announced row of the lot names, in intake
 * order, with the newest other lot that announced them ('' when none). */
static const char SQL_UNANNOUNCED[] =
    "SELECT d.serial, d.donor_tag, d.category, d.make, d.model, d.id,"
    " COALESCE((SELECT o.lot FROM announced o WHERE o.serial_key = d.serial_key AND o.serial_key <> ''"
    "            AND o.lot <> ?1 ORDER BY o.hlc DESC LIMIT 1),"
    "          (SELECT o.lot FROM announced o WHERE o.tag_key = d.tag_key AND o.tag_key <> ''"
    "            AND o.serial_key = '' AND o.lot <> ?1 ORDER BY o.hlc DESC LIMIT 1), '') "
    "FROM devices d WHERE d.lot = ?1"
    " AND NOT (d.serial_key <> '' AND EXISTS (SELECT 1 FROM announced a WHERE a.lot = ?1 AND a.akey = d.serial_key))"
    " AND NOT (d.tag_key <> '' AND EXISTS (SELECT 1 FROM announced a WHERE a.lot = ?1 AND a.akey = 'tag:' || d.tag_key)) "
    "ORDER BY d.n";

static void col(sqlite3_stmt *st, int i, char *out, size_t size)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    snprintf(out, size, "%s", t ? (const char *)t : "");
}

/* Runs one of the two statements; *stop set when cb asked to stop. */
static int walk(Ctx *c, const char *sql, const char *lot, int announced_side, Reconcile *out,
                ReconcileCb cb, void *arg, int *stop, Err *e)
{
    sqlite3_stmt *st;
    /* prepared here, not cached: cb may call back into the database */
    if (sqlite3_prepare_v2(db_handle(c->db), sql, -1, &st, NULL) != SQLITE_OK) return db_error(c->db, e);
    sqlite3_bind_text(st, 1, lot, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        ReconcileKind k;
        ReconcileRow row;
        col(st, 5, row.device_id, sizeof row.device_id);
        if (announced_side) {
            out->announced++;
            if (row.device_id[0]) { k = REC_RECEIVED; out->received++; }
            else { k = REC_MISSING; out->missing++; }
        } else {
            k = REC_UNANNOUNCED;
            out->unannounced++;
        }
        if (!cb || *stop) continue;
        col(st, 0, row.serial, sizeof row.serial);
        col(st, 1, row.tag, sizeof row.tag);
        col(st, 2, row.category, sizeof row.category);
        col(st, 3, row.make, sizeof row.make);
        col(st, 4, row.model, sizeof row.model);
        col(st, 6, row.other_lot, sizeof row.other_lot);
        if (announced_side && !strcmp(row.other_lot, lot)) row.other_lot[0] = '\0';
        if (cb(arg, k, &row)) *stop = 1;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : db_error_rc(c->db, rc, e);
}

int lot_reconcile(Ctx *c, const char *lot, Reconcile *out, ReconcileCb cb, void *arg, Err *e)
{
    Lot l;
    memset(out, 0, sizeof *out);
    int f = lot_get(c, lot, &l, e);
    if (f < 0) return -1;
    if (!f) return err_set(e, ERR_NOTFOUND, _("No lot %s."), lot);
    if (strcmp(l.workshop, c->workshop) != 0)
        return err_set(e, ERR_INPUT, _("Lot %s belongs to workshop %s: only its workshop can reconcile it."),
                       l.id, l.workshop);
    snprintf(out->lot, sizeof out->lot, "%s", l.id);
    int stop = 0;
    /* the counts are whole even when cb stops early: the walk goes on, without cb */
    if (walk(c, SQL_ANNOUNCED, l.id, 1, out, cb, arg, &stop, e) < 0) return -1;
    return walk(c, SQL_UNANNOUNCED, l.id, 0, out, cb, arg, &stop, e);
}
