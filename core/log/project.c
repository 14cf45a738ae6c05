/*
 * project.c — the devices table and the daily tallies, folded from the
 * events through the table of kinds (core/log/kind.h).
 */
#include "core/log/project.h"
#include "core/log/kind.h"
#include "core/log/search_index.h"
#include "util/text.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the devices row ---------------------------------------------------- */

static const char SQL_DEV_TEXT[] = "SELECT serial, donor_tag, make, model, id FROM devices WHERE id = ?1";
static const char SQL_DEV_INSERT[] =
    "INSERT INTO devices(n, id, workshop, lot, serial, serial_key, donor_tag, tag_key, category, make, model, "
    "state, grade, outcome, received_hlc, updated_hlc) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";
static const char SQL_DEV_UPDATE[] =
    "UPDATE devices SET workshop = ?3, lot = ?4, serial_key = ?6, tag_key = ?8, category = ?9, "
    "state = ?12, grade = ?13, outcome = ?14, received_hlc = ?15, updated_hlc = ?16 WHERE id = ?2";
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
}

/* Writes the folded state; n is used when the row is new. */
static int device_store(Ctx *c, const DeviceState *d, int64_t n, Err *e)
{
    char skey[sizeof d->serial], tkey[sizeof d->donor_tag];
    serial_key(d->serial, skey, sizeof skey);
    serial_key(d->donor_tag, tkey, sizeof tkey);
    sqlite3_stmt *st = db_stmt(c->db, SQL_DEV_TEXT, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, d->id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(st);
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

static void fold_one(DeviceState *d, const Event *ev)
{
    const EventKind *k = kind_find(ev->kind);
    if (k && k->fold) k->fold(d, ev);
    d->updated_hlc = ev->hlc;
    d->events++;
}

static void device_state_init(DeviceState *d, const char *id)
{
    memset(d, 0, sizeof *d);
    d->state = ST_RECEIVED;
    d->category = CAT_OTHER;
    d->outcome = OUT_NONE;
    snprintf(d->id, sizeof d->id, "%s", id);
    const char *dash = strchr(id, '-');
    size_t n = dash ? (size_t)(dash - id) : 0;
    if (n > WORKSHOP_CODE_MAX) n = WORKSHOP_CODE_MAX;
    memcpy(d->workshop, id, n);
    d->workshop[n] = '\0';
}

typedef struct FoldCtx {
    DeviceState d;
    int64_t min_seq;
} FoldCtx;

static int fold_cb(void *arg, const Event *ev)
{
    FoldCtx *f = arg;
    fold_one(&f->d, ev);
    if (!f->min_seq || ev->seq < f->min_seq) f->min_seq = ev->seq;
    return 0;
}

int project_device(Ctx *c, const char *device, Err *e)
{
    FoldCtx f;
    device_state_init(&f.d, device);
    f.min_seq = 0;
    if (event_for_device(c, device, fold_cb, &f, e) < 0) return -1;
    if (!f.d.events) return 0;
    return device_store(c, &f.d, f.min_seq, e);
}

static const char SQL_DAY[] =
    "INSERT INTO tallies(scope, key, n) VALUES (?1, ?2, 1) "
    "ON CONFLICT(scope, key) DO UPDATE SET n = n + 1";

static int apply_common(Ctx *c, const Event *ev, Err *e)
{
    const EventKind *k = kind_find(ev->kind);
    if (!k) return err_set(e, ERR_INPUT, _("event %s: unknown kind \"%s\" (written by a newer boucle?)"), ev->id, ev->kind);
    if (k->apply && k->apply(c, ev, e) < 0) return -1;
    char iso[32];
    hlc_iso(ev->hlc, iso);
    iso[10] = '\0';
    sqlite3_stmt *st = db_stmt(c->db, SQL_DAY, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, iso, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, ev->kind, -1, SQLITE_STATIC);
    return db_step_done(c->db, st, e);
}

int project_event(Ctx *c, const Event *ev, Err *e)
{
    if (apply_common(c, ev, e) < 0) return -1;
    return ev->device[0] ? project_device(c, ev->device, e) : 0;
}

/* Rebuild: one pass over all events, grouped by device and in clock order
 * within a device, folding as it goes. */
static const char SQL_ALL[] =
    "SELECT " EVENT_COLUMNS " FROM events ORDER BY device IS NOT NULL, device, hlc, workshop";

int project_replay_all(Ctx *c, Err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_handle(c->db), SQL_ALL, -1, &st, NULL) != SQLITE_OK) return db_error(c->db, e);
    FoldCtx f;
    int have = 0, rc, r = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        Event ev;
        event_from_row(st, &ev);
        if (apply_common(c, &ev, e) < 0) r = -1;
        if (!r && ev.device[0]) {
            if (have && strcmp(f.d.id, ev.device) != 0) {
                if (device_store(c, &f.d, f.min_seq, e) < 0) r = -1;
                have = 0;
            }
            if (!have) {
                device_state_init(&f.d, ev.device);
                f.min_seq = 0;
                have = 1;
            }
            fold_cb(&f, &ev);
        }
        event_free(&ev);
        if (r) break;
    }
    if (!r && rc != SQLITE_ROW && rc != SQLITE_DONE) r = db_error_rc(c->db, rc, e);
    sqlite3_finalize(st);
    if (!r && have) r = device_store(c, &f.d, f.min_seq, e);
    return r;
}
