/*
 * project.c — the devices table and the daily tallies, folded from the
 * events through the table of kinds (core/log/kind.h).
 */
#include "core/log/project.h"
#include "core/log/kind.h"
#include "core/log/search_index.h"
#include "core/log/apply.h"
#include "util/text.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the devices row ---------------------------------------------------- */

static const char SQL_DEV_TEXT[] = "SELECT serial, donor_tag, make, model, id FROM devices WHERE id = ?1";
static const char SQL_DEV_INSERT[] =
    "INSERT INTO devices(n, id, workshop, lot, serial, serial_key, donor_tag, tag_key, category, make, model, "
    "state, grade, outcome, received_hlc, updated_hlc, ready_hlc) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";
static const char SQL_DEV_UPDATE[] =
    "UPDATE devices SET workshop = ?3, lot = ?4, serial_key = ?6, tag_key = ?8, category = ?9, "
    "state = ?12, grade = ?13, outcome = ?14, received_hlc = ?15, updated_hlc = ?16, ready_hlc = ?17 WHERE id = ?2";
/* Separate so that the search index (triggers on these columns) is only
 * touched when the searchable text really changed. */
static const char SQL_DEV_UPDATE_TEXT[] =
    "UPDATE devices SET serial = ?5, donor_tag = ?7, make = ?10, model = ?11 WHERE id = ?2";

static void bind_device(sqlite3_stmt *st, const DeviceState *d, int64_t n, char *skey, char *tkey)
{
    sqlite3_bind_int64(st, 1, n);
    sqlite3_bind_text(st, 2, d->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, d->workshop, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, d->lot, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, d->serial, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, skey, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, d->donor_tag, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, tkey, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, category_key(d->category), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, d->make, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, d->model, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 12, state_key(d->state), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 13, d->grade, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 14, vocab_key(&VOCAB_OUTCOME, d->outcome), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 15, (sqlite3_int64)d->received_hlc);
    sqlite3_bind_int64(st, 16, (sqlite3_int64)d->updated_hlc);
    sqlite3_bind_int64(st, 17, (sqlite3_int64)d->ready_hlc);
}

/* Writes the folded state; n is used when the row is new. fresh: the row
 * is known not to exist (a rebuild, a device first met in a pulled page). */
static int device_store(Ctx *c, const DeviceState *d, int64_t n, int fresh, Err *e)
{
    char skey[sizeof d->serial], tkey[sizeof d->donor_tag];
    serial_key(d->serial, skey, sizeof skey);
    serial_key(d->donor_tag, tkey, sizeof tkey);
    sqlite3_stmt *st = NULL;
    int rc = SQLITE_DONE;
    if (!fresh) {
        if (!(st = db_stmt(c->db, SQL_DEV_TEXT, e))) return -1;
        sqlite3_bind_text(st, 1, d->id, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
    }
    if (rc == SQLITE_DONE) {
        if (st) sqlite3_reset(st);
        st = db_stmt(c->db, SQL_DEV_INSERT, e);
        if (!st) return -1;
        bind_device(st, d, n, skey, tkey);
        if (db_step_done(c->db, st, e) < 0) return -1;
        return device_index_maybe_flush(c, e);
    }
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return db_error_rc(c->db, rc, e);
    }
    int text_changed = strcmp((const char *)sqlite3_column_text(st, 0), d->serial) != 0
        || strcmp((const char *)sqlite3_column_text(st, 1), d->donor_tag) != 0
        || strcmp((const char *)sqlite3_column_text(st, 2), d->make) != 0
        || strcmp((const char *)sqlite3_column_text(st, 3), d->model) != 0;
    sqlite3_reset(st);
    st = db_stmt(c->db, SQL_DEV_UPDATE, e);
    if (!st) return -1;
    bind_device(st, d, n, skey, tkey);
    if (db_step_done(c->db, st, e) < 0) return -1;
    if (!text_changed) return 0;
    st = db_stmt(c->db, SQL_DEV_UPDATE_TEXT, e);
    if (!st) return -1;
    bind_device(st, d, n, skey, tkey);
    return db_step_done(c->db, st, e);
}

/* ---- ownership (doc/region.md) ------------------------------------------
 *
 * A device's events are folded in (hlc, workshop) order, and each one is
 * first checked against the rights its author had at that point of the
 * device's history: the workshop of the id's prefix creates it and owns it
 * until it accepts to give it (device.offer by the owner, device.accept by
 * the workshop offered to). An event its author had no right to make is
 * kept in the log, listed in `refused` with the reason, and has no effect:
 * neither on the row nor on the side tables (gradings, media, wipe links,
 * offers), which are therefore recomputed with the row. Everything here
 * reads only the device's events, so every replica that holds the same
 * events computes the same rows, whatever order they arrived in. */

#define ACCEPTED_MAX 8
_Static_assert(sizeof *((Ctx *)0)->deferred == DEVICE_ID_MAX, "Ctx.deferred holds device ids");

typedef struct Fold {
    DeviceState d;
    int64_t min_seq;
    int created;                        /* its device.receive was accepted */
    char offer_id[EVENT_ID_MAX];        /* the open offer, "" when none */
    char offer_from[WORKSHOP_CODE_MAX + 1], offer_to[WORKSHOP_CODE_MAX + 1], offer_note[256];
    Hlc offer_hlc;
    char accepted[ACCEPTED_MAX][EVENT_ID_MAX];   /* the last offers accepted */
    int n_accepted;
    int links;                          /* wipe links were written */
} Fold;

static void fold_init(Fold *f, const char *id)
{
    memset(f, 0, sizeof *f);
    DeviceState *d = &f->d;
    d->state = ST_RECEIVED;
    d->category = CAT_OTHER;
    d->outcome = OUT_NONE;
    snprintf(d->id, sizeof d->id, "%s", id);
    apply_id_prefix(id, d->workshop);
}

typedef struct Verdict {
    RefusalId why;      /* REF_NONE: allowed */
    char detail[64];
} Verdict;

static Verdict refuse(RefusalId why, const char *detail)
{
    Verdict v = { why, "" };
    snprintf(v.detail, sizeof v.detail, "%s", detail ? detail : "");
    return v;
}

/* A lot named in a receipt or a correction: the author's own, or the lot
 * the device is in already. */
static Verdict check_lot(const Fold *f, const Event *ev)
{
    const char *lot = apply_str(ev, "lot");
    if (!lot || !*lot || !strcmp(lot, f->d.lot)) return refuse(REF_NONE, NULL);
    char owner[WORKSHOP_CODE_MAX + 1];
    apply_id_prefix(lot, owner);
    return strcmp(owner, ev->workshop) ? refuse(REF_LOT_NOT_OWNED, lot) : refuse(REF_NONE, NULL);
}

static int was_accepted(const Fold *f, const char *offer)
{
    for (int i = 0; i < f->n_accepted; i++)
        if (!strcmp(f->accepted[i], offer)) return 1;
    return 0;
}

static Verdict judge(const Fold *f, const Event *ev)
{
    const char *k = ev->kind;
    const DeviceState *d = &f->d;
    if (!f->created) {
        if (strcmp(k, "device.receive") != 0) return refuse(REF_NOT_RECEIVED, NULL);
        char creator[WORKSHOP_CODE_MAX + 1];
        apply_id_prefix(ev->device, creator);
        if (strcmp(creator, ev->workshop)) return refuse(REF_NOT_CREATOR, creator);
        return check_lot(f, ev);
    }
    if (!strcmp(k, "device.accept") || !strcmp(k, "device.cancel")) {
        const char *offer = apply_str0(ev, "offer");
        if (!f->offer_id[0] || strcmp(offer, f->offer_id)) {
            if (was_accepted(f, offer)) return refuse(REF_OFFER_ACCEPTED, NULL);
            return refuse(REF_NO_OFFER, NULL);
        }
        if (!strcmp(k, "device.accept"))
            return strcmp(ev->workshop, f->offer_to) ? refuse(REF_OFFER_OTHER, f->offer_to) : refuse(REF_NONE, NULL);
        return strcmp(ev->workshop, f->offer_to) && strcmp(ev->workshop, f->offer_from)
            ? refuse(REF_NOT_OWNER, d->workshop) : refuse(REF_NONE, NULL);
    }
    if (strcmp(ev->workshop, d->workshop)) return refuse(REF_NOT_OWNER, d->workshop);
    if (!strcmp(k, "device.offer")) {
        const char *to = apply_str0(ev, "to");
        if (!workshop_code_valid(to) || !strcmp(to, d->workshop)) return refuse(REF_OFFER_INVALID, to);
        return refuse(REF_NONE, NULL);
    }
    if (!strcmp(k, "device.receive") || !strcmp(k, "device.update")) return check_lot(f, ev);
    return refuse(REF_NONE, NULL);
}

/* What an allowed transfer event does to the fold. */
static void fold_transfer(Fold *f, const Event *ev)
{
    if (!strcmp(ev->kind, "device.offer")) {
        snprintf(f->offer_id, sizeof f->offer_id, "%s", ev->id);
        snprintf(f->offer_from, sizeof f->offer_from, "%s", f->d.workshop);
        snprintf(f->offer_to, sizeof f->offer_to, "%s", apply_str0(ev, "to"));
        snprintf(f->offer_note, sizeof f->offer_note, "%s", apply_str0(ev, "note"));
        f->offer_hlc = ev->hlc;
    } else if (!strcmp(ev->kind, "device.accept")) {
        snprintf(f->d.workshop, sizeof f->d.workshop, "%s", ev->workshop);
        int slot = f->n_accepted < ACCEPTED_MAX ? f->n_accepted++ : (int)(ev->hlc % ACCEPTED_MAX);
        snprintf(f->accepted[slot], sizeof f->accepted[slot], "%s", f->offer_id);
        f->offer_id[0] = '\0';
    } else if (!strcmp(ev->kind, "device.cancel")) {
        f->offer_id[0] = '\0';
    }
}

/* ---- the same rules, up front -------------------------------------------- */

static const char SQL_CHECK_DEV[] = "SELECT workshop, lot FROM devices WHERE id = ?1";
static const char SQL_CHECK_OFFER[] = "SELECT event_id, from_ws, to_ws FROM offers WHERE device = ?1";

int project_check(Ctx *c, const Event *ev, Err *e)
{
    if (!ev->device[0]) return 0;
    Fold *f = calloc(1, sizeof *f);
    if (!f) return err_set(e, ERR_INTERNAL, "%s", _("out of memory"));
    fold_init(f, ev->device);
    int r = 0;
    sqlite3_stmt *st = db_stmt(c->db, SQL_CHECK_DEV, e);
    if (!st) { free(f); return -1; }
    sqlite3_bind_text(st, 1, ev->device, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        f->created = 1;
        snprintf(f->d.workshop, sizeof f->d.workshop, "%s", (const char *)sqlite3_column_text(st, 0));
        snprintf(f->d.lot, sizeof f->d.lot, "%s", (const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) r = db_error_rc(c->db, rc, e);
    if (!r && (st = db_stmt(c->db, SQL_CHECK_OFFER, e)) == NULL) r = -1;
    if (!r) {
        sqlite3_bind_text(st, 1, ev->device, -1, SQLITE_STATIC);
        if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            snprintf(f->offer_id, sizeof f->offer_id, "%s", (const char *)sqlite3_column_text(st, 0));
            snprintf(f->offer_from, sizeof f->offer_from, "%s", (const char *)sqlite3_column_text(st, 1));
            snprintf(f->offer_to, sizeof f->offer_to, "%s", (const char *)sqlite3_column_text(st, 2));
        }
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) r = db_error_rc(c->db, rc, e);
    }
    if (!r) {
        Verdict v = judge(f, ev);
        if (v.why != REF_NONE) {
            char why[256];
            refusal_describe(refusal_key(v.why), v.detail, why, sizeof why);
            r = err_set(e, ERR_INPUT, _("Device %s: refused, %s."), ev->device, why);
        }
    }
    free(f);
    return r;
}

static const char SQL_REFUSED[] =
    "INSERT INTO refused(event_id, hlc, workshop, device, kind, reason, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT(event_id) DO UPDATE SET reason = excluded.reason, detail = excluded.detail";

int project_refuse(Ctx *c, const Event *ev, RefusalId why, const char *detail, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_REFUSED, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, ev->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)ev->hlc);
    sqlite3_bind_text(st, 3, ev->workshop, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, ev->device, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, ev->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, refusal_key(why), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, detail ? detail : "", -1, SQLITE_STATIC);
    return db_step_done(c->db, st, e);
}

/* One event of the device, in order: judged, then folded and its side rows
 * written (emit) when allowed. */
static int fold_step(Ctx *c, Fold *f, const Event *ev, Err *e)
{
    if (!f->min_seq || ev->seq < f->min_seq) f->min_seq = ev->seq;
    f->d.events++;
    Verdict v = judge(f, ev);
    if (v.why != REF_NONE) return project_refuse(c, ev, v.why, v.detail, e);
    if (!strcmp(ev->kind, "device.receive")) f->created = 1;
    const EventKind *k = kind_find(ev->kind);
    StateId before = f->d.state;
    if (k && k->fold) k->fold(&f->d, ev);
    fold_transfer(f, ev);
    f->d.updated_hlc = ev->hlc;
    if (!f->d.ready_hlc && (f->d.state == ST_READY || f->d.state == ST_RESERVED || f->d.state == ST_REUSED))
        f->d.ready_hlc = ev->hlc;   /* first time ready to give (the dashboard's receipt → ready) */
    if (k && k->emit == emit_wipe_link) f->links = 1;
    if (goals_fold_mark(c, &f->d, before, ev, e) < 0) return -1;   /* team goals (apply_goals.c) */
    return k && k->emit ? k->emit(c, ev, e) : 0;
}

static const char SQL_OFFER[] =
    "INSERT INTO offers(device, event_id, hlc, from_ws, to_ws, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_DEV_DELETE[] = "DELETE FROM devices WHERE id = ?1";

/* The end of a device's events: its row (none while it has not been
 * received) and its open offer. */
static int fold_finish(Ctx *c, Fold *f, int fresh, Err *e)
{
    if (f->offer_id[0]) {
        sqlite3_stmt *st = db_stmt(c->db, SQL_OFFER, e);
        if (!st) return -1;
        sqlite3_bind_text(st, 1, f->d.id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, f->offer_id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)f->offer_hlc);
        sqlite3_bind_text(st, 4, f->offer_from, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, f->offer_to, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, f->offer_note, -1, SQLITE_STATIC);
        if (db_step_done(c->db, st, e) < 0) return -1;
    }
    if (f->created) return device_store(c, &f->d, f->min_seq, fresh, e);
    if (fresh) return 0;
    sqlite3_stmt *st = db_stmt(c->db, SQL_DEV_DELETE, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, f->d.id, -1, SQLITE_STATIC);
    return db_step_done(c->db, st, e);
}

/* The device's side rows, before they are folded again. The wipe records
 * linked to it are remembered: their device is recomputed after. */
static const char *const SQL_CLEAR[] = {
    "DELETE FROM refused WHERE device = ?1",
    "DELETE FROM gradings WHERE device = ?1",
    "DELETE FROM media WHERE device = ?1",
    "DELETE FROM offers WHERE device = ?1",
    "DELETE FROM wipe_links WHERE device = ?1",
    "DELETE FROM allocations WHERE device = ?1",
    "DELETE FROM disposals WHERE device = ?1",
    "DELETE FROM goal_marks WHERE device = ?1",
};
static const char SQL_LINKED[] =
    "INSERT OR IGNORE INTO temp.relink(workshop, key) SELECT workshop, key FROM wipe_links WHERE device = ?1";
static const char SQL_RELINK[] =
    "UPDATE wipes SET device = coalesce((SELECT l.device FROM wipe_links l WHERE l.workshop = wipes.workshop "
    "AND l.key = wipes.key ORDER BY l.hlc DESC, l.event_id DESC LIMIT 1), '') "
    "WHERE (workshop, key) IN (SELECT workshop, key FROM temp.relink)";

static int bind_exec(Ctx *c, const char *sql, const char *device, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, sql, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, device, -1, SQLITE_TRANSIENT);
    return db_step_done(c->db, st, e);
}

/* temp.relink (this connection's, created by project_open): the wipe
 * records whose links a fold may have changed. */
static const char SQL_RELINK_CLEAR[] = "DELETE FROM temp.relink";

int project_open(Ctx *c, Err *e)
{
    return db_exec(c->db, "CREATE TEMP TABLE IF NOT EXISTS relink(workshop TEXT, key TEXT, "
                          "PRIMARY KEY (workshop, key)) WITHOUT ROWID", e);
}

static const char SQL_TEMP_OTHERS[] = "SELECT count(*) FROM temp.sqlite_schema WHERE tbl_name <> 'relink'";

int project_temp_files(Ctx *c, int files, Err *e)
{
    if (files) {
        sqlite3_stmt *st = db_stmt(c->db, SQL_TEMP_OTHERS, e);
        if (!st) return -1;
        int rc = sqlite3_step(st), others = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
        sqlite3_reset(st);
        if (rc != SQLITE_ROW) return db_error_rc(c->db, rc, e);
        if (others) return 0;
    }
    if (db_exec(c->db, files ? "PRAGMA temp_store = FILE" : "PRAGMA temp_store = MEMORY", e) < 0) return -1;
    /* the change dropped temp.relink with the rest of temp */
    return project_open(c, e) < 0 ? -1 : 1;
}

static int relink_begin(Ctx *c, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_RELINK_CLEAR, e);
    return st ? db_step_done(c->db, st, e) : -1;
}

static int relink_end(Ctx *c, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_RELINK, e);
    if (!st || db_step_done(c->db, st, e) < 0) return -1;
    return relink_begin(c, e);
}

static int fold_cb(void *arg, const Event *ev)
{
    void **a = arg;
    Ctx *c = a[0];
    Fold *f = a[1];
    Err *e = a[2];
    if (fold_step(c, f, ev, e) < 0) {
        a[3] = (void *)1;
        return 1;
    }
    return 0;
}

/* Re-folds one device (its rows cleared first); the caller then relinks. */
/* Whether the device has rows to clear: side rows exist only beside its
 * row, but for refused events (a device met first in a pulled page has
 * none: one probe instead of seven statements). */
static const char SQL_HAS_ROWS[] =
    "SELECT EXISTS (SELECT 1 FROM devices WHERE id = ?1) OR EXISTS (SELECT 1 FROM refused WHERE device = ?1)";

static int refold_device(Ctx *c, const char *device, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_HAS_ROWS, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, device, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st), has = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW) return db_error_rc(c->db, rc, e);
    if (has && bind_exec(c, SQL_LINKED, device, e) < 0) return -1;
    for (size_t i = 0; has && i < sizeof SQL_CLEAR / sizeof SQL_CLEAR[0]; i++)
        if (bind_exec(c, SQL_CLEAR[i], device, e) < 0) return -1;
    Fold *f = malloc(sizeof *f);
    if (!f) return err_set(e, ERR_INTERNAL, "%s", _("out of memory"));
    fold_init(f, device);
    void *arg[4] = { c, f, e, NULL };
    int r = event_for_device(c, device, fold_cb, arg, e);
    if (r == 0 && arg[3]) r = -1;
    if (r == 0 && f->d.events) r = fold_finish(c, f, !has, e);
    if (r == 0 && f->links && bind_exec(c, SQL_LINKED, device, e) < 0) r = -1;
    free(f);
    return r;
}

int project_device(Ctx *c, const char *device, Err *e)
{
    if (relink_begin(c, e) < 0 || refold_device(c, device, e) < 0) return -1;
    return relink_end(c, e);
}

static int cmp_id(const void *a, const void *b) { return strcmp(a, b); }

static int tallies_flush(Ctx *c, Err *e);

int project_deferred(Ctx *c, Err *e)
{
    if (tallies_flush(c, e) < 0) return -1;
    size_t n = c->n_deferred;
    c->n_deferred = 0;
    if (!n) return 0;
    qsort(c->deferred, n, sizeof *c->deferred, cmp_id);
    if (relink_begin(c, e) < 0) return -1;
    for (size_t i = 0; i < n; i++)
        if ((i == 0 || strcmp(c->deferred[i], c->deferred[i - 1])) && refold_device(c, c->deferred[i], e) < 0)
            return -1;
    return relink_end(c, e);
}

static const char SQL_DAY[] =
    "INSERT INTO tallies(scope, key, n) VALUES (?1, ?2, ?3) "
    "ON CONFLICT(scope, key) DO UPDATE SET n = n + excluded.n";

/* A tally counted during a pulled page (c->defer_devices), written once
 * at the end of the page: a page holds a handful of (day, kind) pairs. */
struct DeferredTally {
    char scope[32 + WORKSHOP_CODE_MAX];
    char kind[EVENT_KIND_MAX];
    int64_t n;
};

static int tally_write(Ctx *c, const char *scope, const char *kind, int64_t n, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_DAY, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, scope, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, n);
    return db_step_done(c->db, st, e);
}

static int tally_defer(Ctx *c, const char *scope, const char *kind, Err *e)
{
    for (size_t i = c->n_tallies; i-- > 0;)
        if (!strcmp(c->tallies[i].kind, kind) && !strcmp(c->tallies[i].scope, scope)) {
            c->tallies[i].n++;
            return 0;
        }
    if (c->n_tallies == c->cap_tallies) {
        size_t cap = c->cap_tallies ? c->cap_tallies * 2 : 16;
        struct DeferredTally *v = realloc(c->tallies, cap * sizeof *v);
        if (!v) return err_set(e, ERR_INTERNAL, "%s", _("out of memory"));
        c->tallies = v;
        c->cap_tallies = cap;
    }
    struct DeferredTally *t = &c->tallies[c->n_tallies++];
    snprintf(t->scope, sizeof t->scope, "%s", scope);
    snprintf(t->kind, sizeof t->kind, "%s", kind);
    t->n = 1;
    return 0;
}

static int tallies_flush(Ctx *c, Err *e)
{
    size_t nt = c->n_tallies;
    c->n_tallies = 0;
    for (size_t i = 0; i < nt; i++)
        if (tally_write(c, c->tallies[i].scope, c->tallies[i].kind, c->tallies[i].n, e) < 0) return -1;
    return 0;
}

static int apply_common(Ctx *c, const Event *ev, Err *e)
{
    const EventKind *k = kind_find(ev->kind);
    if (!k) return err_set(e, ERR_INPUT, _("event %s: unknown kind \"%s\" (written by a newer boucle?)"), ev->id, ev->kind);
    if (k->apply && k->apply(c, ev, e) < 0) return -1;
    /* the day's tally of each workshop: "YYYY-MM-DD/GRE1" */
    char iso[32 + WORKSHOP_CODE_MAX];
    hlc_iso(ev->hlc, iso);
    snprintf(iso + 10, sizeof iso - 10, "/%s", ev->workshop);
    if (c->defer_devices) return tally_defer(c, iso, ev->kind, e);
    return tally_write(c, iso, ev->kind, 1, e);
}

int project_event(Ctx *c, const Event *ev, Err *e)
{
    if (apply_common(c, ev, e) < 0) return -1;
    if (!ev->device[0]) return 0;
    if (!c->defer_devices) return project_device(c, ev->device, e);
    if (c->n_deferred == c->cap_deferred) {
        size_t cap = c->cap_deferred ? c->cap_deferred * 2 : 256;
        char (*v)[DEVICE_ID_MAX] = realloc(c->deferred, cap * sizeof *v);
        if (!v) return err_set(e, ERR_INTERNAL, "%s", _("out of memory"));
        c->deferred = v;
        c->cap_deferred = cap;
    }
    snprintf(c->deferred[c->n_deferred++], DEVICE_ID_MAX, "%s", ev->device);
    return 0;
}

/* Rebuild: one pass over all events, grouped by device and in clock order
 * within a device, folding as it goes (the tables are empty: nothing to
 * clear), then every wipe record's device from its links. The events of
 * no device come first, in clock order; only their seq is sorted (the
 * sort is held in memory under temp_store = MEMORY: sorting whole rows,
 * payloads included, cost memory in the size of the log). Those of a
 * device follow in the order of their index (events_device): no sort. */
static const char SQL_NODEVICE[] = "SELECT seq FROM events WHERE device IS NULL ORDER BY hlc, workshop";
static const char SQL_BY_SEQ[] = "SELECT " EVENT_COLUMNS " FROM events WHERE seq = ?1";
static const char SQL_DEVICES[] =
    "SELECT " EVENT_COLUMNS " FROM events WHERE device IS NOT NULL ORDER BY device, hlc, workshop";

/* One event of the replay: applied, and folded into its device's state
 * (*have: f holds a device's fold, written when the device changes). */
static int replay_one(Ctx *c, Fold *f, int *have, const Event *ev, Err *e)
{
    if (apply_common(c, ev, e) < 0) return -1;
    if (!ev->device[0]) return 0;
    if (*have && strcmp(f->d.id, ev->device) != 0) {
        *have = 0;
        if (fold_finish(c, f, 1, e) < 0) return -1;
    }
    if (!*have) {
        fold_init(f, ev->device);
        *have = 1;
    }
    return fold_step(c, f, ev, e);
}

int project_replay_all(Ctx *c, Err *e)
{
    sqlite3 *h = db_handle(c->db);
    sqlite3_stmt *seqs = NULL, *one = NULL, *all = NULL;
    Fold *f = malloc(sizeof *f);
    if (!f) return err_set(e, ERR_INTERNAL, "%s", _("out of memory"));
    int have = 0, rc = SQLITE_DONE, r = 0;
    if (sqlite3_prepare_v2(h, SQL_NODEVICE, -1, &seqs, NULL) != SQLITE_OK
        || sqlite3_prepare_v2(h, SQL_BY_SEQ, -1, &one, NULL) != SQLITE_OK
        || sqlite3_prepare_v2(h, SQL_DEVICES, -1, &all, NULL) != SQLITE_OK)
        r = db_error(c->db, e);
    while (!r && (rc = sqlite3_step(seqs)) == SQLITE_ROW) {
        sqlite3_bind_int64(one, 1, sqlite3_column_int64(seqs, 0));
        if ((rc = sqlite3_step(one)) != SQLITE_ROW) break;
        Event ev;
        event_from_row(one, &ev);
        r = replay_one(c, f, &have, &ev, e);
        event_free(&ev);
        sqlite3_reset(one);
    }
    if (!r && rc != SQLITE_DONE) r = db_error_rc(c->db, rc, e);
    while (!r && (rc = sqlite3_step(all)) == SQLITE_ROW) {
        Event ev;
        event_from_row(all, &ev);
        r = replay_one(c, f, &have, &ev, e);
        event_free(&ev);
    }
    if (!r && rc != SQLITE_DONE) r = db_error_rc(c->db, rc, e);
    sqlite3_finalize(seqs);
    sqlite3_finalize(one);
    sqlite3_finalize(all);
    if (!r && have) r = fold_finish(c, f, 1, e);
    free(f);
    if (!r) r = db_exec(c->db, "UPDATE wipes SET device = coalesce((SELECT l.device FROM wipe_links l "
                                "WHERE l.workshop = wipes.workshop AND l.key = wipes.key "
                                "ORDER BY l.hlc DESC, l.event_id DESC LIMIT 1), '')", e);
    return r;
}
