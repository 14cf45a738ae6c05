/*
 * apply_alloc.c — folds, side rows and descriptions of what becomes of a
 * device once it is ready (core/alloc/alloc.h decides what may be written;
 * this file only records it):
 *
 *   alloc.reserve  {party, until?}                   ready → reserved
 *   alloc.allocate {party, as, status, price_cents?, until?}
 *                  interested/confirmed → reserved, delivered → reused
 *   alloc.status   {allocation, status}              delivered → reused,
 *                                                    cancelled → ready
 *   alloc.return   {allocation}                      a loan back → ready
 *   device.parts   {note?}                           → parts
 *   device.recycle {channel, weight_g?}              → recycled
 *
 * Side rows (emit, written while the device is folded, so a rebuild or a
 * sync gives the same rows): one allocations row per reservation or
 * allocation, keyed by the event that opened it. An allocation to the
 * party a reservation was for takes over that reservation's row (it keeps
 * its id); any other open reservation is closed as cancelled (superseded:
 * alloc.c allows it only once expired). disposals holds the newest of
 * parts / recycled.
 */
#include "core/log/apply.h"
#include "util/i18n.h"
#include "util/units.h"
#include <stdio.h>
#include <string.h>

/* ---- folds -------------------------------------------------------------- */

void fold_alloc_reserve(DeviceState *d, const Event *ev)
{
    (void)ev;
    d->state = ST_RESERVED;
}

void fold_alloc_allocate(DeviceState *d, const Event *ev)
{
    d->state = vocab_find(&VOCAB_ALLOC_STATUS, apply_str(ev, "status")) == AS_DELIVERED ? ST_REUSED : ST_RESERVED;
}

void fold_alloc_status(DeviceState *d, const Event *ev)
{
    int s = vocab_find(&VOCAB_ALLOC_STATUS, apply_str(ev, "status"));
    if (s == AS_DELIVERED) d->state = ST_REUSED;
    else if (s == AS_CANCELLED) d->state = ST_READY;
}

void fold_alloc_return(DeviceState *d, const Event *ev)
{
    (void)ev;
    d->state = ST_READY;
}

void fold_device_parts(DeviceState *d, const Event *ev)
{
    (void)ev;
    d->state = ST_PARTS;
}

void fold_device_recycle(DeviceState *d, const Event *ev)
{
    (void)ev;
    d->state = ST_RECYCLED;
}

/* ---- side rows ---------------------------------------------------------- */

static const char SQL_TAKE_OVER[] =
    "UPDATE allocations SET kind = ?3, status = ?4, price_cents = ?5, until = ?6, updated_hlc = ?7 "
    "WHERE id = (SELECT id FROM allocations WHERE device = ?1 AND kind = 'reservation' AND status = 'interested' "
    "AND party = ?2 COLLATE NOCASE ORDER BY created_hlc DESC LIMIT 1)";
static const char SQL_SUPERSEDE[] =
    "UPDATE allocations SET status = 'cancelled', updated_hlc = ?2 "
    "WHERE device = ?1 AND kind = 'reservation' AND status = 'interested'";
static const char SQL_OPEN[] =
    "INSERT OR REPLACE INTO allocations(id, device, workshop, party, kind, status, price_cents, until, returned, "
    "created_hlc, updated_hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, '', ?9, ?9)";
static const char SQL_STATUS[] =
    "UPDATE allocations SET status = ?3, returned = ?4, updated_hlc = ?5 WHERE id = ?1 AND device = ?2";
static const char SQL_DISPOSAL[] =
    "INSERT OR REPLACE INTO disposals(device, kind, channel, weight_g, hlc) VALUES (?1, ?2, ?3, ?4, ?5)";

static long long int_or(const Event *ev, const char *key, long long dflt)
{
    json_t *v = json_object_get(ev->payload, key);
    return json_is_integer(v) ? (long long)json_integer_value(v) : dflt;
}

static int supersede(Ctx *c, const Event *ev, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_SUPERSEDE, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, ev->device, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)ev->hlc);
    return db_step_done(c->db, st, e);
}

/* A new row for ev: kind as given, status, price, until. */
static int open_row(Ctx *c, const Event *ev, const char *kind, const char *status, Err *e)
{
    if (supersede(c, ev, e) < 0) return -1;
    sqlite3_stmt *st = db_stmt(c->db, SQL_OPEN, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, ev->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, ev->device, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, ev->workshop, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, apply_str0(ev, "party"), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, status, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, int_or(ev, "price_cents", -1));
    sqlite3_bind_text(st, 8, apply_str0(ev, "until"), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 9, (sqlite3_int64)ev->hlc);
    return db_step_done(c->db, st, e);
}

int emit_alloc_reserve(Ctx *c, const Event *ev, Err *e)
{
    return open_row(c, ev, "reservation", "interested", e);
}

int emit_alloc_allocate(Ctx *c, const Event *ev, Err *e)
{
    const char *as = apply_str0(ev, "as"), *status = apply_str0(ev, "status");
    sqlite3_stmt *st = db_stmt(c->db, SQL_TAKE_OVER, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, ev->device, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, apply_str0(ev, "party"), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, as, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, status, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, int_or(ev, "price_cents", -1));
    sqlite3_bind_text(st, 6, apply_str0(ev, "until"), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)ev->hlc);
    if (db_step_done(c->db, st, e) < 0) return -1;
    if (sqlite3_changes(db_handle(c->db)) > 0) return 0;
    return open_row(c, ev, as, status, e);
}

static int set_status(Ctx *c, const Event *ev, const char *status, const char *returned, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_STATUS, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, apply_str0(ev, "allocation"), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, ev->device, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, status, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, returned, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)ev->hlc);
    return db_step_done(c->db, st, e);
}

int emit_alloc_status(Ctx *c, const Event *ev, Err *e)
{
    return set_status(c, ev, apply_str0(ev, "status"), "", e);
}

int emit_alloc_return(Ctx *c, const Event *ev, Err *e)
{
    char day[32];
    hlc_iso(ev->hlc, day);
    day[10] = '\0';
    return set_status(c, ev, "returned", day, e);
}

static int disposal(Ctx *c, const Event *ev, const char *kind, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_DISPOSAL, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, ev->device, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, apply_str0(ev, "channel"), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, int_or(ev, "weight_g", -1));
    sqlite3_bind_int64(st, 5, (sqlite3_int64)ev->hlc);
    return db_step_done(c->db, st, e);
}

int emit_device_parts(Ctx *c, const Event *ev, Err *e) { return disposal(c, ev, "parts", e); }
int emit_device_recycle(Ctx *c, const Event *ev, Err *e) { return disposal(c, ev, "recycled", e); }

/* ---- descriptions ------------------------------------------------------- */

void describe_alloc_reserve(const Event *ev, char *out, size_t size)
{
    const char *until = apply_str0(ev, "until");
    if (*until) snprintf(out, size, _("reserved for %s until %s"), apply_str0(ev, "party"), until);
    else snprintf(out, size, _("reserved for %s"), apply_str0(ev, "party"));
}

void describe_alloc_allocate(const Event *ev, char *out, size_t size)
{
    int as = vocab_find(&VOCAB_ALLOC_KIND, apply_str(ev, "as"));
    /* TRANSLATORS: « don à GRE1-P0003 » */
    snprintf(out, size, _("%s to %s"), as >= 0 ? vocab_label(&VOCAB_ALLOC_KIND, as) : apply_str0(ev, "as"),
             apply_str0(ev, "party"));
    long long cents = int_or(ev, "price_cents", -1);
    if (cents >= 0) {
        char p[32];
        units_euros(cents, p, sizeof p);
        apply_item(out, size, "%s", p);
    }
    if (*apply_str0(ev, "until")) apply_item(out, size, _("until %s"), apply_str0(ev, "until"));
    apply_item(out, size, "%s", vocab_label_of(&VOCAB_ALLOC_STATUS, apply_str0(ev, "status")));
}

void describe_alloc_status(const Event *ev, char *out, size_t size)
{
    snprintf(out, size, "%s", vocab_label_of(&VOCAB_ALLOC_STATUS, apply_str0(ev, "status")));
}

void describe_alloc_return(const Event *ev, char *out, size_t size)
{
    (void)ev;
    snprintf(out, size, "%s", _("the loan came back"));
}

void describe_device_parts(const Event *ev, char *out, size_t size)
{
    snprintf(out, size, "%s", _("taken apart for its parts"));
    if (*apply_str0(ev, "note")) apply_cat(out, size, " — %s", apply_str0(ev, "note"));
}

void describe_device_recycle(const Event *ev, char *out, size_t size)
{
    long long g = int_or(ev, "weight_g", -1);
    snprintf(out, size, _("recycled through %s"), apply_str0(ev, "channel"));
    char kg[32];
    units_amount((double)g / 1000.0, _("kg"), kg, sizeof kg);
    if (g >= 0) apply_item(out, size, "%s", kg);
}
