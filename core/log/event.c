/*
 * event.c — the append-only event log (see event.h).
 *
 * Both paths that store an event — event_append() for local work and
 * event_import() for events from the hub — go through store_event(), which
 * inserts the row and runs the projections in the caller's transaction. The
 * clock (meta key "hlc") is read and advanced in the same transaction, so
 * two processes appending at once still get strictly increasing stamps.
 */
#include "core/log/event.h"
#include "core/log/project.h"
#include "core/log/kind.h"
#include "core/log/chain.h"
#include "core/log/search_index.h"
#include "db/schema.h"
#include "util/i18n.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_INSERT[] =
    "INSERT INTO events(id, hlc, workshop, operator, device, kind, payload) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(id) DO NOTHING";
static const char SQL_BY_DEVICE[] =
    "SELECT " EVENT_COLUMNS " FROM events WHERE device = ?1 ORDER BY hlc, workshop";
static const char SQL_SINCE[] =
    "SELECT " EVENT_COLUMNS " FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2";

void event_free(Event *ev)
{
    if (ev && ev->payload) {
        json_decref(ev->payload);
        ev->payload = NULL;
    }
}

static void copy_text(char *dst, size_t size, const unsigned char *src)
{
    snprintf(dst, size, "%s", src ? (const char *)src : "");
}

int event_from_row(sqlite3_stmt *st, Event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->seq = sqlite3_column_int64(st, 0);
    copy_text(ev->id, sizeof ev->id, sqlite3_column_text(st, 1));
    ev->hlc = (Hlc)sqlite3_column_int64(st, 2);
    copy_text(ev->workshop, sizeof ev->workshop, sqlite3_column_text(st, 3));
    copy_text(ev->operator, sizeof ev->operator, sqlite3_column_text(st, 4));
    copy_text(ev->device, sizeof ev->device, sqlite3_column_text(st, 5));
    copy_text(ev->kind, sizeof ev->kind, sqlite3_column_text(st, 6));
    const char *p = (const char *)sqlite3_column_text(st, 7);
    ev->payload = json_loads(p ? p : "{}", 0, NULL);
    if (!ev->payload) ev->payload = json_object();
    return 0;
}

json_t *event_to_json(const Event *ev)
{
    char hex[17], iso[32];
    hlc_format(ev->hlc, hex);
    hlc_iso(ev->hlc, iso);
    json_t *j = json_object();
    json_object_set_new(j, "id", json_string(ev->id));
    json_object_set_new(j, "hlc", json_string(hex));
    json_object_set_new(j, "time", json_string(iso));
    json_object_set_new(j, "workshop", json_string(ev->workshop));
    json_object_set_new(j, "operator", json_string(ev->operator));
    json_object_set_new(j, "device", ev->device[0] ? json_string(ev->device) : json_null());
    json_object_set_new(j, "kind", json_string(ev->kind));
    json_object_set_new(j, "payload", ev->payload ? json_deep_copy(ev->payload) : json_object());
    return j;
}

/* The wall clock, corrected by what the hub said of this PC's clock (sync
 * stores the offset in meta when it is larger than a few minutes): a PC
 * whose date is years off still stamps its work with the region's time. */
static int64_t corrected_wall(Ctx *c)
{
    return hlc_wall_ms() + db_meta_get_int(c->db, "clock.offset_ms", 0);
}

/* The last stamp, unless a wrong clock left it far in the future: carrying
 * it forward would stamp every later event in that future too. */
static Hlc last_stamp(Ctx *c, int64_t wall)
{
    Hlc last = (Hlc)db_meta_get_int(c->db, "hlc", 0);
    return hlc_ms(last) > wall + HLC_MAX_DRIFT_MS ? hlc_make(wall, 0) : last;
}

/* The stored form of a payload: compact, keys sorted, ASCII. */
#define PAYLOAD_FLAGS (JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII)

/* Inserts ev (id already set) and projects it. Returns 1 stored, 0 known.
 * text, when given, is ev's payload in its stored form (ev->payload may
 * then be NULL when the kind's projection does not read it). */
static int store_event_text(Ctx *c, Event *ev, const char *text, Err *e)
{
    Db *db = c->db;
    sqlite3_stmt *st = db_stmt(db, SQL_INSERT, e);
    if (!st) return -1;
    char *payload = text ? (char *)text : json_dumps(ev->payload, PAYLOAD_FLAGS);
    if (!payload) return err_set(e, ERR_INTERNAL, _("out of memory"));
    sqlite3_bind_text(st, 1, ev->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)ev->hlc);
    sqlite3_bind_text(st, 3, ev->workshop, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, ev->operator, -1, SQLITE_STATIC);
    if (ev->device[0]) sqlite3_bind_text(st, 5, ev->device, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, 5);
    sqlite3_bind_text(st, 6, ev->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, payload, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (payload != text) free(payload);
    /* a payload text from the hub that SQLite does not take for JSON: the
     * event is kept out (its reason recorded), the rest goes on */
    if (rc == SQLITE_CONSTRAINT && text)
        return err_set(e, ERR_INPUT, _("event %s: its payload is not a JSON object"), ev->id);
    if (rc != SQLITE_DONE) return db_error_rc(db, rc, e);
    if (sqlite3_changes(db_handle(db)) == 0) return 0;
    ev->seq = sqlite3_last_insert_rowid(db_handle(db));
    if (project_event(c, ev, e) < 0) return -1;
    /* Every event of the workshop is a record of its chain, in the
     * transaction that stores it (also when restored from the hub). */
    if (chain_append(c, ev, e) < 0) return -1;
    return 1;
}

static int store_event(Ctx *c, Event *ev, Err *e) { return store_event_text(c, ev, NULL, e); }

int event_append(Ctx *c, const char *kind, const char *device, json_t *payload,
                 Event *out, Err *e)
{
    Event ev;
    memset(&ev, 0, sizeof ev);
    ev.payload = payload ? payload : json_object();
    if (!json_is_object(ev.payload)) {
        json_decref(ev.payload);
        return err_set(e, ERR_INTERNAL, "event payload must be an object");
    }
    if (!c->workshop[0]) {
        json_decref(ev.payload);
        return err_set(e, ERR_INPUT, _("this database has no workshop yet: create it first (its code and name)"));
    }
    if (!kind_find(kind)) {
        json_decref(ev.payload);
        return err_set(e, ERR_INTERNAL, "unknown event kind %s", kind);
    }
    snprintf(ev.kind, sizeof ev.kind, "%s", kind);
    snprintf(ev.device, sizeof ev.device, "%s", device ? device : "");
    snprintf(ev.workshop, sizeof ev.workshop, "%s", c->workshop);
    snprintf(ev.operator, sizeof ev.operator, "%s", c->operator);

    if (db_begin(c->db, e) < 0) {
        json_decref(ev.payload);
        return -1;
    }
    /* the rules of ownership, up front: what the fold would refuse is not
     * written (doc/region.md) */
    if (project_check(c, &ev, e) < 0) {
        db_rollback(c->db);
        json_decref(ev.payload);
        return -1;
    }
    int64_t wall = corrected_wall(c);
    Hlc last = last_stamp(c, wall);
    int r;
    char hex[17];
    if (c->clock_ms > 0) {
        /* A stamp in the past (the demo's): its own ms, the first counter
         * no event of this workshop has there; the clock stays where it is. */
        ev.hlc = hlc_make(c->clock_ms < wall ? c->clock_ms : wall, 0);
        do {
            hlc_format(ev.hlc, hex);
            snprintf(ev.id, sizeof ev.id, "%s-%s", hex, ev.workshop);
        } while ((r = store_event(c, &ev, e)) == 0 && hlc_counter(ev.hlc++) < 0xffff);
        if (r == 0) r = err_set(e, ERR_INTERNAL, "no free stamp at %lld ms", (long long)hlc_ms(ev.hlc));
        if (r > 0 && ev.hlc > last) r = db_meta_set_int(c->db, "hlc", (int64_t)ev.hlc, e);
    } else {
        ev.hlc = hlc_next(last, wall);
        hlc_format(ev.hlc, hex);
        snprintf(ev.id, sizeof ev.id, "%s-%s", hex, ev.workshop);
        r = db_meta_set_int(c->db, "hlc", (int64_t)ev.hlc, e);
        if (r == 0) r = store_event(c, &ev, e);
    }
    if (r < 0 || db_commit(c->db, e) < 0) {
        db_rollback(c->db);
        json_decref(ev.payload);
        return -1;
    }
    if (out) *out = ev;
    else json_decref(ev.payload);
    return 0;
}

/* An asset id or lot id: CODE-… with a valid workshop code. */
static int device_id_valid(const char *s)
{
    const char *dash = strchr(s, '-');
    if (!dash || dash - s < 2 || dash - s > WORKSHOP_CODE_MAX) return 0;
    char code[WORKSHOP_CODE_MAX + 1];
    memcpy(code, s, (size_t)(dash - s));
    code[dash - s] = '\0';
    if (!workshop_code_valid(code)) return 0;
    if (!dash[1]) return 0;
    for (const char *p = dash + 1; *p; p++)
        if (!isdigit((unsigned char)*p)) return 0;
    return 1;
}

static int import_check(const Event *in, int payload_ok, Err *e)
{
    char hex[17], want[EVENT_ID_MAX];
    if (!workshop_code_valid(in->workshop))
        return err_set(e, ERR_INPUT, _("event %s: invalid workshop code"), in->id);
    hlc_format(in->hlc, hex);
    snprintf(want, sizeof want, "%s-%s", hex, in->workshop);
    if (strcmp(want, in->id) != 0)
        return err_set(e, ERR_INPUT, _("event %s: its id does not match its clock and workshop"), in->id);
    if (!kind_find(in->kind))
        return err_set(e, ERR_INPUT, _("event %s: unknown kind \"%s\" (written by a newer boucle?)"), in->id, in->kind);
    if (!payload_ok)
        return err_set(e, ERR_INPUT, _("event %s: its payload is not a JSON object"), in->id);
    if (in->device[0] && !device_id_valid(in->device))
        return err_set(e, ERR_INPUT, _("event %s: invalid device id"), in->id);
    return 0;
}

int event_import(Ctx *c, const Event *in, Err *e)
{
    return event_import_text(c, in, NULL, e);
}

int event_import_text(Ctx *c, const Event *in, const char *text, Err *e)
{
    if (import_check(in, text ? text[0] == '{' : json_is_object(in->payload), e) < 0) return -1;
    Event ev = *in;
    /* The projections of most kinds read the payload from the log when
     * they fold; a kind with an apply reads it now, as do the chain's
     * signatures of this workshop's own events restored from the hub. */
    const EventKind *k = kind_find(in->kind);
    if (text && !in->payload && ((k && k->apply) || !strcmp(in->workshop, c->workshop))) {
        ev.payload = json_loads(text, 0, NULL);
        if (!json_is_object(ev.payload)) {
            json_decref(ev.payload);
            return err_set(e, ERR_INPUT, _("event %s: its payload is not a JSON object"), in->id);
        }
    } else {
        ev.payload = json_incref(in->payload);
    }
    if (db_begin(c->db, e) < 0) {
        json_decref(ev.payload);
        return -1;
    }
    /* A payload that was parsed here is stored in its canonical form
     * (this workshop's own events sign it); another workshop's is kept as
     * the hub gave it: its values are what the projections read. */
    int r = store_event_text(c, &ev, ev.payload ? NULL : text, e);
    if (r == 1 && c->defer_devices) {
        if (ev.hlc > c->deferred_hlc) c->deferred_hlc = ev.hlc;   /* the clock moves once, at flush */
    } else if (r == 1) {
        int64_t wall = corrected_wall(c);
        if (db_meta_set_int(c->db, "hlc", (int64_t)hlc_recv(last_stamp(c, wall), ev.hlc, wall), e) < 0) r = -1;
    }
    if (r < 0 || db_commit(c->db, e) < 0) {
        db_rollback(c->db);
        json_decref(ev.payload);
        return -1;
    }
    json_decref(ev.payload);
    return r;
}

void event_defer_begin(Ctx *c)
{
    c->defer_devices = 1;
    c->n_deferred = 0;
    c->deferred_hlc = 0;
}

int event_defer_flush(Ctx *c, Err *e)
{
    c->defer_devices = 0;
    if (c->deferred_hlc) {
        int64_t wall = corrected_wall(c);
        Hlc h = hlc_recv(last_stamp(c, wall), (Hlc)c->deferred_hlc, wall);
        c->deferred_hlc = 0;
        if (db_meta_set_int(c->db, "hlc", (int64_t)h, e) < 0) return -1;
    }
    return project_deferred(c, e);
}

static int iterate(Ctx *c, sqlite3_stmt *st, EventCb cb, void *arg, Err *e)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        Event ev;
        event_from_row(st, &ev);
        int stop = cb(arg, &ev);
        event_free(&ev);
        if (stop) break;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    return 0;
}

int event_for_device(Ctx *c, const char *device, EventCb cb, void *arg, Err *e)
{
    /* The cached statement, unless a caller up the stack is still iterating
     * it (a callback that re-enters): then a private one. Preparing it on
     * every call cost 13 % of a pull from the hub. */
    sqlite3_stmt *st = db_stmt_if_idle(c->db, SQL_BY_DEVICE, e);
    int own = 0;
    if (!st) {
        if (sqlite3_prepare_v2(db_handle(c->db), SQL_BY_DEVICE, -1, &st, NULL) != SQLITE_OK) return db_error(c->db, e);
        own = 1;
    }
    sqlite3_bind_text(st, 1, device, -1, SQLITE_TRANSIENT);
    int r = iterate(c, st, cb, arg, e);
    if (own) sqlite3_finalize(st);
    return r;
}

int event_since(Ctx *c, int64_t after_seq, int limit, EventCb cb, void *arg, Err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_handle(c->db), SQL_SINCE, -1, &st, NULL) != SQLITE_OK) return db_error(c->db, e);
    sqlite3_bind_int64(st, 1, after_seq);
    sqlite3_bind_int(st, 2, limit > 0 ? limit : -1);
    int r = iterate(c, st, cb, arg, e);
    sqlite3_finalize(st);
    return r;
}

/* The replay: projections emptied, every event folded again, the search
 * index rebuilt when index; in the caller's transaction. */
static int rebuild_body(Ctx *c, int index, Err *e)
{
    /* The search index is rebuilt whole at the end: with the mark at 0 its
     * triggers leave it alone while the devices are deleted and replayed
     * (1M devices: 57 s row by row, in batches). */
    if (db_meta_set_int(c->db, "fts.upto", 0, e) < 0) return -1;
    /* The dashboard's sums first: their triggers then skip the decrements
     * of every row deleted below (db/schema.c, migration 13). */
    if (db_exec(c->db, "DELETE FROM stats", e) < 0) return -1;
    char sql[128];
    for (int i = 0; i < schema_projection_count(); i++) {
        snprintf(sql, sizeof sql, "DELETE FROM %s", schema_projection(i));
        if (db_exec(c->db, sql, e) < 0) return -1;
    }
    c->index_deferred = 1;
    int r = project_replay_all(c, e);
    c->index_deferred = 0;
    if (r < 0 || (index && device_index_rebuild(c, e) < 0)) return -1;
    return 0;
}

int event_rebuild(Ctx *c, Err *e)
{
    /* temporaries in files for the time of the replay, when it can be
     * switched (outside a transaction; project_temp_files) */
    int files = db_in_transaction(c->db) ? 0 : project_temp_files(c, 1, e);
    if (files < 0) return -1;
    int r = db_begin(c->db, e);
    if (r == 0 && rebuild_body(c, 1, e) < 0) {
        db_rollback(c->db);
        r = -1;
    }
    if (r == 0) r = db_commit(c->db, e);
    Err ignore = { 0 };
    if (files && project_temp_files(c, 0, r < 0 ? &ignore : e) < 0) r = -1;
    return r;
}

int event_rebuild_unsaved(Ctx *c, Err *e)
{
    if (!db_in_transaction(c->db))
        return err_set(e, ERR_INTERNAL, "event_rebuild_unsaved: outside a transaction");
    return rebuild_body(c, 0, e);
}
