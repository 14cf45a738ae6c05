/*
 * project.c — event kinds and their projections (see project.h).
 *
 * To add a kind: write its apply and/or fold in the module that owns it and
 * add one row to PROJECTORS below.
 */
#include "core/log/project.h"
#include "core/stock/device.h"
#include "core/grading/grading.h"
#include "core/wipe/media.h"
#include "core/wipe/wipe.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers for payloads ---------------------------------------------- */

static const char *pstr(const Event *ev, const char *key)
{
    json_t *v = json_object_get(ev->payload, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static void set_field(char *dst, size_t size, const Event *ev, const char *key)
{
    const char *v = pstr(ev, key);
    if (v) snprintf(dst, size, "%s", v);
}

/* "GRE1-000123" → 123 when the code is ours, else -1. skip_l skips the 'L'
 * of lot ids. */
static long long own_number(const Ctx *c, const char *id, int skip_l)
{
    size_t n = strlen(c->workshop);
    if (!n || strncmp(id, c->workshop, n) != 0 || id[n] != '-') return -1;
    const char *p = id + n + 1;
    if (skip_l) {
        if (*p != 'L') return -1;
        p++;
    }
    char *end;
    long long v = strtoll(p, &end, 10);
    return (*end || end == p) ? -1 : v;
}

/* Keeps a per-workshop counter at least as high as a number seen, so ids are
 * never reused, also after a rebuild or a restore from the hub. */
static int bump_counter(Ctx *c, const char *key, long long v, Err *e)
{
    if (v < 0) return 0;
    if (db_meta_get_int(c->db, key, 0) >= v) return 0;
    return db_meta_set_int(c->db, key, v, e);
}

static int step_done(Ctx *c, sqlite3_stmt *st, Err *e)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : db_error_rc(c->db, rc, e);
}

/* ---- applies ------------------------------------------------------------ */

static const char SQL_WORKSHOP[] =
    "INSERT INTO workshops(code, name, created_hlc) VALUES (?1, ?2, ?3) "
    "ON CONFLICT(code) DO UPDATE SET name = excluded.name, created_hlc = excluded.created_hlc "
    "WHERE excluded.created_hlc > workshops.created_hlc";

static int apply_workshop_init(Ctx *c, const Event *ev, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_WORKSHOP, e);
    if (!st) return -1;
    const char *name = pstr(ev, "name");
    sqlite3_bind_text(st, 1, ev->workshop, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name ? name : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)ev->hlc);
    return step_done(c, st, e);
}

static const char SQL_OPERATOR[] =
    "INSERT INTO operators(name, created_hlc) VALUES (?1, ?2) "
    "ON CONFLICT(name) DO UPDATE SET created_hlc = min(created_hlc, excluded.created_hlc)";
static const char SQL_ORG[] =
    "INSERT INTO orgs(name, created_hlc) VALUES (?1, ?2) "
    "ON CONFLICT(name) DO UPDATE SET created_hlc = min(created_hlc, excluded.created_hlc)";

static int apply_named(Ctx *c, const Event *ev, const char *sql, Err *e)
{
    const char *name = pstr(ev, "name");
    if (!name || !*name) return 0;   /* nothing to record */
    sqlite3_stmt *st = db_stmt(c->db, sql, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)ev->hlc);
    return step_done(c, st, e);
}
static int apply_operator_add(Ctx *c, const Event *ev, Err *e) { return apply_named(c, ev, SQL_OPERATOR, e); }
static int apply_org_create(Ctx *c, const Event *ev, Err *e) { return apply_named(c, ev, SQL_ORG, e); }

static const char SQL_LOT[] =
    "INSERT INTO lots(id, workshop, donor, ref, expected, date, created_hlc) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(id) DO NOTHING";

static int apply_lot_create(Ctx *c, const Event *ev, Err *e)
{
    const char *id = pstr(ev, "lot"), *donor = pstr(ev, "donor"), *ref = pstr(ev, "ref"), *date = pstr(ev, "date");
    json_t *exp = json_object_get(ev->payload, "expected");
    if (!id || !donor) return err_set(e, ERR_INPUT, _("event %s: a lot needs an id and a donor"), ev->id);
    sqlite3_stmt *st = db_stmt(c->db, SQL_LOT, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, ev->workshop, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, donor, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, ref ? ref : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, json_is_integer(exp) ? json_integer_value(exp) : -1);
    sqlite3_bind_text(st, 6, date ? date : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)ev->hlc);
    if (step_done(c, st, e) < 0) return -1;
    return bump_counter(c, "seq.lot", own_number(c, id, 1), e);
}

static int apply_device_receive(Ctx *c, const Event *ev, Err *e)
{
    return bump_counter(c, "seq.device", own_number(c, ev->device, 0), e);
}

/* ---- folds -------------------------------------------------------------- */

static void fold_receive(DeviceState *d, const Event *ev)
{
    set_field(d->lot, sizeof d->lot, ev, "lot");
    set_field(d->serial, sizeof d->serial, ev, "serial");
    set_field(d->donor_tag, sizeof d->donor_tag, ev, "donor_tag");
    set_field(d->category, sizeof d->category, ev, "category");
    set_field(d->make, sizeof d->make, ev, "make");
    set_field(d->model, sizeof d->model, ev, "model");
    if (!d->received_hlc) d->received_hlc = ev->hlc;
    if (!d->state[0]) snprintf(d->state, sizeof d->state, "%s", state_key(ST_RECEIVED));
}

/* A correction: only the fields present in the payload change. */
static void fold_update(DeviceState *d, const Event *ev)
{
    set_field(d->serial, sizeof d->serial, ev, "serial");
    set_field(d->donor_tag, sizeof d->donor_tag, ev, "donor_tag");
    set_field(d->category, sizeof d->category, ev, "category");
    set_field(d->make, sizeof d->make, ev, "make");
    set_field(d->model, sizeof d->model, ev, "model");
    set_field(d->lot, sizeof d->lot, ev, "lot");
}

static void fold_state(DeviceState *d, const Event *ev)
{
    const char *s = pstr(ev, "state");
    if (s && state_parse(s) >= 0) snprintf(d->state, sizeof d->state, "%s", s);
}

static const Projector PROJECTORS[] = {
    { "workshop.init",  apply_workshop_init,  NULL, NP_("workshop created", "workshops created") },
    { "operator.add",   apply_operator_add,   NULL, NP_("operator added", "operators added") },
    { "org.create",     apply_org_create,     NULL, NP_("donor added", "donors added") },
    { "lot.create",     apply_lot_create,     NULL, NP_("lot created", "lots created") },
    { "device.receive", apply_device_receive, fold_receive, NP_("device received", "devices received") },
    { "device.update",  NULL,                 fold_update, NP_("device corrected", "devices corrected") },
    { "device.state",   NULL,                 fold_state, NP_("change of state", "changes of state") },
    { "device.grade",   grading_apply,        grading_fold, NP_("grading", "gradings") },
    { "device.specs",   NULL,                 NULL, NP_("specs recorded", "specs recorded") },   /* core/stock/specs.c */
    { "media.add",      media_apply,          NULL, NP_("storage medium added", "storage media added") },
    { "wipe.record",    wipe_record_apply,    NULL, NP_("wipe recorded", "wipes recorded") },
    { "wipe.assign",    wipe_assign_apply,    NULL, NP_("wipe assigned", "wipes assigned") },
};

const Projector *project_find(const char *kind)
{
    for (size_t i = 0; i < sizeof PROJECTORS / sizeof PROJECTORS[0]; i++)
        if (strcmp(PROJECTORS[i].kind, kind) == 0) return &PROJECTORS[i];
    return NULL;
}

const char *project_kind_label(const char *kind, long long n)
{
    const Projector *p = project_find(kind);
    if (!p || !p->label_one) return kind;
    return ngettext(p->label_one, p->label_many, (unsigned long)(n < 0 ? -n : n));
}

const char *project_kind_short(const char *kind)
{
    /* the kinds whose label is too long for the column in some language */
    static const char *const KINDS[] = { "device.specs", "media.add", "wipe.record", "wipe.assign" };
    /* translated here, one C_() each, so that xgettext sees the context */
    const char *const words[] = {
        C_("history", "specs"), C_("history", "disk added"), C_("history", "wipe"), C_("history", "wipe linked"),
    };
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (!strcmp(kind, KINDS[i])) return words[i];
    return project_kind_label(kind, 1);
}

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
    sqlite3_bind_text(st, 9, d->category[0] ? d->category : "other", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, d->make, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, d->model, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 12, d->state[0] ? d->state : state_key(ST_RECEIVED), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 13, d->grade, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 14, d->outcome, -1, SQLITE_STATIC);
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
        if (step_done(c, st, e) < 0) return -1;
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
    if (step_done(c, st, e) < 0) return -1;
    if (!text_changed) return 0;
    st = db_stmt(c->db, SQL_DEV_UPDATE_TEXT, e);
    if (!st) return -1;
    bind_device(st, d, n, skey, tkey);
    return step_done(c, st, e);
}

static void fold_one(DeviceState *d, const Event *ev)
{
    const Projector *p = project_find(ev->kind);
    if (p && p->fold) p->fold(d, ev);
    d->updated_hlc = ev->hlc;
    d->events++;
}

static void device_state_init(DeviceState *d, const char *id)
{
    memset(d, 0, sizeof *d);
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
    const Projector *p = project_find(ev->kind);
    if (!p) return err_set(e, ERR_INPUT, _("event %s: unknown kind \"%s\" (written by a newer boucle?)"), ev->id, ev->kind);
    if (p->apply && p->apply(c, ev, e) < 0) return -1;
    char iso[32];
    hlc_iso(ev->hlc, iso);
    iso[10] = '\0';
    sqlite3_stmt *st = db_stmt(c->db, SQL_DAY, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, iso, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, ev->kind, -1, SQLITE_STATIC);
    return step_done(c, st, e);
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
