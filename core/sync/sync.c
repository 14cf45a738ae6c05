/*
 * sync.c — push, pull and checkpoints with the regional hub (see sync.h).
 *
 * sync_state row per hub:
 *   push_seq  local seq up to which events were looked at for pushing
 *   ack_seq   the value last written to the hub's _local checkpoint; the
 *             hub's copy can only be behind it when the hub lost data
 *   since     the hub's opaque _changes sequence, never parsed
 * Order of a push batch: _bulk_docs, then (every SYNC_CHECKPOINT_EVERY
 * batches and at the end) the hub checkpoint, then the local commit of
 * push_seq and ack_seq. A crash anywhere re-sends at most one batch
 * (harmless). Since documents always reach the hub before a checkpoint that
 * covers them, any copy of the hub (a backup) that holds checkpoint V holds
 * every event up to V: pushing again from V repairs it.
 */
#include "core/sync/sync.h"
#include "core/settings/config.h"
#include "core/sync/hub.h"
#include "core/stock/workshop.h"
#include "util/i18n.h"
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- configuration -------------------------------------------------------- */

static int conf_get(const char *path, const char *key, char *out, size_t size, Err *e)
{
    int r = config_get(path, key, out, size, e);
    if (r == 0) out[0] = '\0';
    return r < 0 ? -1 : 0;
}

int sync_config_load(const Ctx *c, const char *config_path, SyncConfig *cfg, Err *e)
{
    memset(cfg, 0, sizeof *cfg);
    char flag[16];
    if (conf_get(config_path, "hub.url", cfg->url, sizeof cfg->url, e) < 0 ||
        conf_get(config_path, "hub.db", cfg->db, sizeof cfg->db, e) < 0 ||
        conf_get(config_path, "hub.user", cfg->user, sizeof cfg->user, e) < 0 ||
        conf_get(config_path, "hub.password", cfg->password, sizeof cfg->password, e) < 0 ||
        conf_get(config_path, "hub.cafile", cfg->cainfo, sizeof cfg->cainfo, e) < 0 ||
        conf_get(config_path, "hub.insecure", flag, sizeof flag, e) < 0) {
        sync_config_clear(cfg);
        return -1;
    }
    const char *pw = getenv("BOUCLE_HUB_PASSWORD");
    if (pw && *pw) snprintf(cfg->password, sizeof cfg->password, "%s", pw);
    if (!cfg->db[0]) snprintf(cfg->db, sizeof cfg->db, "%s", HUB_DB_DEFAULT);
    if (!cfg->user[0] && c) snprintf(cfg->user, sizeof cfg->user, "%s", c->workshop);
    cfg->insecure = strcmp(flag, "yes") == 0 || strcmp(flag, "true") == 0 || strcmp(flag, "1") == 0;
    if (!cfg->url[0])
        return err_set(e, ERR_INPUT, _("no hub is configured: boucle config set hub.url URL"));
    return 0;
}

void sync_config_clear(SyncConfig *cfg)
{
    explicit_bzero(cfg->password, sizeof cfg->password);
}

/* ---- documents -------------------------------------------------------------- */

json_t *sync_event_doc(const Event *ev)
{
    /* event_to_json's fields, with the id as the document's _id */
    json_t *d = event_to_json(ev);
    json_object_set(d, "_id", json_object_get(d, "id"));
    json_object_del(d, "id");
    json_object_set_new(d, "type", json_string("event"));
    json_object_set_new(d, "v", json_integer(HUB_DOC_VERSION));
    return d;
}

static int copy_field(json_t *doc, const char *key, char *out, size_t size, int nullable,
                      const char *id, Err *e)
{
    json_t *v = json_object_get(doc, key);
    if (nullable && (!v || json_is_null(v))) { out[0] = '\0'; return 0; }
    if (!json_is_string(v) || json_string_length(v) >= size)
        return err_set(e, ERR_INPUT, _("hub document %s: field \"%s\" is missing or invalid"), id, key);
    memcpy(out, json_string_value(v), json_string_length(v) + 1);
    return 0;
}

int sync_doc_event(json_t *doc, Event *ev, Err *e)
{
    memset(ev, 0, sizeof *ev);
    const char *id = json_string_value(json_object_get(doc, "_id"));
    if (!id || strncmp(id, "_design/", 8) == 0) return 0;
    if (!json_is_string(json_object_get(doc, "type")) ||
        strcmp(json_string_value(json_object_get(doc, "type")), "event") != 0) return 0;
    json_t *v = json_object_get(doc, "v");
    if (!json_is_integer(v) || json_integer_value(v) < 1)
        return err_set(e, ERR_INPUT, _("hub document %s: no schema version"), id);
    if (json_integer_value(v) > HUB_DOC_VERSION)
        return err_set(e, ERR_INPUT, _("hub document %s was written by a newer boucle (format %" PRId64 "); it is kept until this one is updated"),
                       id, (int64_t)json_integer_value(v));
    char hex[17];
    if (copy_field(doc, "_id", ev->id, sizeof ev->id, 0, id, e) < 0 ||
        copy_field(doc, "hlc", hex, sizeof hex, 0, id, e) < 0 ||
        copy_field(doc, "workshop", ev->workshop, sizeof ev->workshop, 0, id, e) < 0 ||
        copy_field(doc, "operator", ev->operator, sizeof ev->operator, 0, id, e) < 0 ||
        copy_field(doc, "device", ev->device, sizeof ev->device, 1, id, e) < 0 ||
        copy_field(doc, "kind", ev->kind, sizeof ev->kind, 0, id, e) < 0)
        return -1;
    char *end;
    if (strlen(hex) != 16 || (ev->hlc = strtoull(hex, &end, 16), *end))
        return err_set(e, ERR_INPUT, _("hub document %s: field \"%s\" is missing or invalid"), id, "hlc");
    json_t *p = json_object_get(doc, "payload");
    if (!json_is_object(p))
        return err_set(e, ERR_INPUT, _("hub document %s: field \"%s\" is missing or invalid"), id, "payload");
    ev->payload = json_incref(p);
    return 1;
}

/* ---- local state ------------------------------------------------------------ */

typedef struct State {
    char hub[700];         /* url/db */
    int64_t push_seq, ack_seq;
    char since[1024];
    char local_rev[64];    /* _rev of the hub's _local checkpoint ("" none) */
} State;

static const char SQL_STATE_GET[] =
    "SELECT push_seq, ack_seq, since FROM sync_state WHERE hub = ?1";
static const char SQL_STATE_NEW[] =
    "INSERT INTO sync_state(hub) VALUES (?1) ON CONFLICT(hub) DO NOTHING";
static const char SQL_STATE_PUSH[] =
    "UPDATE sync_state SET push_seq = ?2, ack_seq = ?3 WHERE hub = ?1";
static const char SQL_STATE_SINCE[] =
    "UPDATE sync_state SET since = ?2 WHERE hub = ?1";
static const char SQL_STATE_RESET[] =
    "UPDATE sync_state SET push_seq = ?2, ack_seq = ?2, since = '0' WHERE hub = ?1";
static const char SQL_STATE_END[] =
    "UPDATE sync_state SET last_try_ms = ?2, last_ok_ms = CASE WHEN ?3 = '' THEN ?2 ELSE last_ok_ms END, "
    "last_error = ?3 WHERE hub = ?1";
static const char SQL_REJECT[] =
    "INSERT INTO sync_rejects(hub, direction, event_id, error, reason, doc, attempts, first_ms, last_ms) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?7) "
    "ON CONFLICT(hub, direction, event_id) DO UPDATE SET error = excluded.error, "
    "reason = excluded.reason, attempts = attempts + 1, last_ms = excluded.last_ms";
static const char SQL_REJECT_DONE[] =
    "DELETE FROM sync_rejects WHERE hub = ?1 AND direction = ?2 AND event_id = ?3";
static const char SQL_REJECT_RETRY_PUSH[] =
    "SELECT e.seq, e.id, e.hlc, e.workshop, e.operator, e.device, e.kind, e.payload "
    "FROM sync_rejects r JOIN events e ON e.id = r.event_id "
    "WHERE r.hub = ?1 AND r.direction = 'push' AND r.attempts < ?2 ORDER BY e.seq";
static const char SQL_REJECT_RETRY_PULL[] =
    "SELECT event_id, doc FROM sync_rejects WHERE hub = ?1 AND direction = 'pull' AND doc IS NOT NULL";
static const char SQL_KNOWN[] = "SELECT 1 FROM events WHERE id = ?1";
static const char SQL_PENDING[] =
    "SELECT count(*) FROM events WHERE seq > ?1 AND workshop = ?2";
/* The status bar asks often: it counts at most SYNC_PENDING_CAP rows (a
 * database never synced would otherwise be read whole, 2M rows in 0.4 s). */
static const char SQL_PENDING_CAPPED[] =
    "SELECT count(*) FROM (SELECT 1 FROM events WHERE seq > ?1 AND workshop = ?2 LIMIT ?3)";

static int step_done(Ctx *c, sqlite3_stmt *st, Err *e)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : db_error_rc(c->db, rc, e);
}

static int state_load(Ctx *c, State *s, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_STATE_NEW, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, s->hub, -1, SQLITE_STATIC);
    if (step_done(c, st, e) < 0) return -1;
    if (!(st = db_stmt(c->db, SQL_STATE_GET, e))) return -1;
    sqlite3_bind_text(st, 1, s->hub, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        s->push_seq = sqlite3_column_int64(st, 0);
        s->ack_seq = sqlite3_column_int64(st, 1);
        const unsigned char *since = sqlite3_column_text(st, 2);
        snprintf(s->since, sizeof s->since, "%s", since ? (const char *)since : "0");
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : db_error_rc(c->db, rc, e);
}

static int state_exec(Ctx *c, const char *sql, const char *hub, int64_t a, int64_t b,
                      const char *text, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, sql, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, hub, -1, SQLITE_STATIC);
    if (text) sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
    else sqlite3_bind_int64(st, 2, a);
    sqlite3_bind_int64(st, 3, b);
    return step_done(c, st, e);
}

static int reject_record(Ctx *c, const char *hub, const char *dir, const char *id,
                         const char *error, const char *reason, const char *doc, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_REJECT, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, hub, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, dir, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, error ? error : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, reason ? reason : "", -1, SQLITE_STATIC);
    if (doc) sqlite3_bind_text(st, 6, doc, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, 6);
    sqlite3_bind_int64(st, 7, hlc_wall_ms());
    return step_done(c, st, e);
}

static int reject_clear(Ctx *c, const char *hub, const char *dir, const char *id, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_REJECT_DONE, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, hub, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, dir, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, id, -1, SQLITE_STATIC);
    return step_done(c, st, e);
}

static int64_t count_pending_sql(Ctx *c, int64_t after, const char *sql)
{
    sqlite3_stmt *st = db_stmt(c->db, sql, NULL);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, after);
    sqlite3_bind_text(st, 2, c->workshop, -1, SQLITE_STATIC);
    if (sql == SQL_PENDING_CAPPED) sqlite3_bind_int64(st, 3, SYNC_PENDING_CAP);
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

static int64_t count_pending(Ctx *c, int64_t after)
{
    return count_pending_sql(c, after, SQL_PENDING);
}

/* ---- a run ------------------------------------------------------------------- */

typedef struct Run {
    Ctx *c;
    Couch *hub;
    State s;
    char dbpath[300];        /* "/<escaped db>" */
    char local_path[400];    /* "/<db>/_local/boucle-push-<WS>" */
    const SyncOpts *o;
    int batch, pull_batch;
    int push_limit;          /* current push batch: halved while the hub answers 413 */
    int too_large;           /* the last _bulk_docs was refused as too large */
    SyncResult *res;
    SyncProgress prog;
    struct timespec t0;
} Run;

static double elapsed(const Run *r)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - r->t0.tv_sec) + (double)(t.tv_nsec - r->t0.tv_nsec) / 1e9;
}

static void report(Run *r)
{
    double s = elapsed(r);
    r->prog.docs_per_s = s > 0 ? (double)(r->prog.push_done + r->prog.pull_done) / s : 0;
    r->prog.rejected = r->res->rejected;
    if (r->o && r->o->progress) r->o->progress(r->o->progress_arg, &r->prog);
}

static int cancelled(const Run *r, Err *e)
{
    if (r->o && r->o->cancel && *r->o->cancel) return err_set(e, ERR_IO, _("sync was cancelled")), 1;
    return 0;
}

/* Reads the hub's checkpoint; detects a hub that lost data. */
static int check_hub(Run *r, Err *e)
{
    long status = 0;
    json_t *db = NULL;
    if (couch_request(r->hub, "GET", r->dbpath, NULL, &status, &db, e) < 0) {
        json_decref(db);
        if (status == 404)
            return err_set(e, ERR_NOTFOUND, _("the hub has no database \"%s\"; run boucle hub init first"), r->dbpath + 1);
        return -1;
    }
    json_decref(db);
    json_t *ck = NULL;
    int64_t hub_seq = 0;
    int found = 0;
    if (couch_request(r->hub, "GET", r->local_path, NULL, &status, &ck, e) == 0) {
        found = 1;
        json_t *seq = json_object_get(ck, "seq");
        hub_seq = json_is_integer(seq) ? json_integer_value(seq) : 0;
        snprintf(r->s.local_rev, sizeof r->s.local_rev, "%s",
                 json_string_value(json_object_get(ck, "_rev")) ? json_string_value(json_object_get(ck, "_rev")) : "");
    } else if (status != 404) {
        json_decref(ck);
        return -1;
    }
    json_decref(ck);
    err_clear(e);
    if ((!found && r->s.ack_seq > 0) || hub_seq < r->s.ack_seq) {
        /* The hub is older than what we know it had: restored or replaced. */
        if (state_exec(r->c, SQL_STATE_RESET, r->s.hub, hub_seq, 0, NULL, e) < 0) return -1;
        r->s.push_seq = r->s.ack_seq = hub_seq;
        snprintf(r->s.since, sizeof r->s.since, "0");
        r->res->hub_reset = 1;
    }
    return 0;
}

typedef struct Batch {
    json_t *docs;
    int64_t last_seq;      /* last local seq looked at */
    int rows;
    const char *workshop;
} Batch;

static int collect(void *arg, const Event *ev)
{
    Batch *b = arg;
    b->last_seq = ev->seq;
    b->rows++;
    if (strcmp(ev->workshop, b->workshop) == 0)
        json_array_append_new(b->docs, sync_event_doc(ev));
    return 0;
}

/* Posts docs; sorts the answers into pushed / already / rejected (recorded
 * inside the caller's transaction). Answers are matched by id: PouchDB
 * Server does not keep the request's order. 0, or -1 (nothing counted). */
static int post_docs(Run *r, json_t *docs, int retry_pass, Err *e)
{
    json_t *body = json_pack("{s:O}", "docs", docs), *out = NULL;
    char path[320];
    snprintf(path, sizeof path, "%s/_bulk_docs", r->dbpath);
    long status = 0;
    int rc = couch_request(r->hub, "POST", path, body, &status, &out, e);
    json_decref(body);
    if (rc < 0) {
        json_decref(out);
        if (status == 413 && json_array_size(docs) == 1) {
            /* one event larger than the hub takes: refused, not retried */
            const char *id = json_string_value(json_object_get(json_array_get(docs, 0), "_id"));
            r->res->rejected++;
            r->prog.push_done++;
            return reject_record(r->c, r->s.hub, "push", id ? id : "?", "too_large", e->msg, NULL, e);
        }
        if (status == 413) r->too_large = 1;
        return -1;
    }
    if (!json_is_array(out)) {
        json_decref(out);
        return err_set(e, ERR_IO, _("the hub at %s answered invalid data: %s"), couch_url_public(r->hub), "_bulk_docs");
    }
    size_t i, n = json_array_size(docs);
    int64_t pushed = 0, already = 0, rejected = 0;
    json_t *res;
    /* An answer for every document, or the batch is not trusted. */
    size_t answered = 0;
    json_array_foreach(out, i, res) if (json_string_value(json_object_get(res, "id"))) answered++;
    if (answered < n) {
        json_decref(out);
        return err_set(e, ERR_IO, _("the hub at %s answered invalid data: %s"), couch_url_public(r->hub), "_bulk_docs");
    }
    json_array_foreach(out, i, res) {
        const char *id = json_string_value(json_object_get(res, "id"));
        const char *err = json_string_value(json_object_get(res, "error"));
        if (!err || strcmp(err, "conflict") == 0) {
            if (err) already++; else pushed++;
            if (retry_pass && reject_clear(r->c, r->s.hub, "push", id, e) < 0) goto fail;
            continue;
        }
        rejected++;
        if (reject_record(r->c, r->s.hub, "push", id, err,
                          json_string_value(json_object_get(res, "reason")), NULL, e) < 0) goto fail;
    }
    json_decref(out);
    r->res->pushed += pushed;
    r->res->already += already;
    r->res->rejected += rejected;
    r->prog.push_done += pushed + already + rejected;
    return 0;
fail:
    json_decref(out);
    return -1;
}

/* Writes the hub checkpoint (seq). */
static int put_checkpoint(Run *r, int64_t seq, Err *e)
{
    json_t *doc = json_pack("{s:I, s:s}", "seq", (json_int_t)seq, "workshop", r->c->workshop);
    if (r->s.local_rev[0]) json_object_set_new(doc, "_rev", json_string(r->s.local_rev));
    json_t *out = NULL;
    long status = 0;
    int rc = couch_request(r->hub, "PUT", r->local_path, doc, &status, &out, e);
    if (rc < 0 && status == 409) {
        /* someone else's rev (another boucle on the same workshop?): re-read */
        json_decref(out);
        out = NULL;
        json_t *cur = NULL;
        if (couch_request(r->hub, "GET", r->local_path, NULL, NULL, &cur, e) == 0) {
            json_object_set(doc, "_rev", json_object_get(cur, "_rev"));
            rc = couch_request(r->hub, "PUT", r->local_path, doc, NULL, &out, e);
        }
        json_decref(cur);
    }
    json_decref(doc);
    if (rc == 0) {
        const char *rev = json_string_value(json_object_get(out, "rev"));
        snprintf(r->s.local_rev, sizeof r->s.local_rev, "%s", rev ? rev : "");
    }
    json_decref(out);
    return rc;
}

/* Re-pushes documents refused by earlier syncs (bounded by SYNC_REJECT_TRIES). */
static int retry_rejected(Run *r, Err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_handle(r->c->db), SQL_REJECT_RETRY_PUSH, -1, &st, NULL) != SQLITE_OK)
        return db_error(r->c->db, e);
    sqlite3_bind_text(st, 1, r->s.hub, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, SYNC_REJECT_TRIES);
    json_t *docs = json_array();
    while (sqlite3_step(st) == SQLITE_ROW && json_array_size(docs) < (size_t)r->batch) {
        Event ev;
        event_from_row(st, &ev);
        json_array_append_new(docs, sync_event_doc(&ev));
        event_free(&ev);
    }
    sqlite3_finalize(st);
    int rc = 0;
    if (json_array_size(docs) > 0) {
        if (db_begin(r->c->db, e) < 0) rc = -1;
        else if (post_docs(r, docs, 1, e) < 0 || db_commit(r->c->db, e) < 0) {
            db_rollback(r->c->db);
            rc = -1;
        }
    }
    json_decref(docs);
    return rc;
}

static int push(Run *r, Err *e)
{
    r->prog.phase = SYNC_PHASE_PUSH;
    r->prog.push_total = count_pending(r->c, r->s.push_seq);
    report(r);
    if (retry_rejected(r, e) < 0) return -1;
    int dirty = 0, since_ck = 0;   /* batches posted after the last hub checkpoint */
    for (;;) {
        if (cancelled(r, e)) return -1;
        Batch b = { json_array(), r->s.push_seq, 0, r->c->workshop };
        if (event_since(r->c, r->s.push_seq, r->push_limit, collect, &b, e) < 0) {
            json_decref(b.docs);
            return -1;
        }
        if (b.rows == 0) { json_decref(b.docs); break; }
        int64_t ack = r->s.ack_seq;
        if (db_begin(r->c->db, e) < 0) { json_decref(b.docs); return -1; }
        int rc = 0;
        if (json_array_size(b.docs) > 0) {
            rc = post_docs(r, b.docs, 0, e);
            dirty = 1;
            since_ck++;
        }
        if (rc == 0 && dirty && since_ck >= SYNC_CHECKPOINT_EVERY) {
            rc = put_checkpoint(r, b.last_seq, e);
            if (rc == 0) { ack = b.last_seq; dirty = 0; since_ck = 0; }
        }
        if (rc == 0) rc = state_exec(r->c, SQL_STATE_PUSH, r->s.hub, b.last_seq, ack, NULL, e);
        if (rc < 0 || db_commit(r->c->db, e) < 0) {
            db_rollback(r->c->db);
            json_decref(b.docs);
            if (r->too_large && r->push_limit > 1) {
                /* a request too large for the hub: the same events in halves */
                r->too_large = 0;
                r->push_limit /= 2;
                err_clear(e);
                continue;
            }
            return -1;
        }
        json_decref(b.docs);
        if (r->push_limit < r->batch) r->push_limit *= 2;  /* back to full batches */
        if (r->push_limit > r->batch) r->push_limit = r->batch;
        r->s.push_seq = b.last_seq;
        r->s.ack_seq = ack;
        report(r);
    }
    if (!dirty) return 0;
    /* hub first, then here: the hub's copy is never behind ack_seq */
    if (put_checkpoint(r, r->s.push_seq, e) < 0) return -1;
    if (state_exec(r->c, SQL_STATE_PUSH, r->s.hub, r->s.push_seq, r->s.push_seq, NULL, e) < 0) return -1;
    r->s.ack_seq = r->s.push_seq;
    return 0;
}

/* Applies one pulled document inside the batch transaction. 0, or -1 on a
 * database error (the batch is abandoned). */
static int apply_doc(Run *r, json_t *row, json_t *doc, Err *e)
{
    Event ev;
    Err why = {0};
    const char *id = json_string_value(json_object_get(doc, "_id"));
    /* Known already (most often our own events coming back): nothing to do. */
    sqlite3_stmt *st = id ? db_stmt(r->c->db, SQL_KNOWN, e) : NULL;
    if (st) {
        sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
        int known = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_reset(st);
        if (known) { r->res->known++; return 0; }
    }
    /* measured by the fetch (fetch_page), on the other core */
    size_t size = (size_t)json_integer_value(json_object_get(row, "boucle_size"));
    if (size > SYNC_DOC_MAX) {
        err_set(&why, ERR_INPUT, _("hub document %s is too large (%zu bytes)"), id ? id : "?", size);
        r->res->deferred++;
        return reject_record(r->c, r->s.hub, "pull", id ? id : "?", "too_large", why.msg, NULL, e);
    }
    int k = sync_doc_event(doc, &ev, &why);
    if (k == 1) {
        int s = event_import(r->c, &ev, &why);
        event_free(&ev);
        if (s == 1) r->res->pulled++;
        else if (s == 0) r->res->known++;
        else if (why.code != ERR_INPUT) { *e = why; return -1; }
        else k = -1;
    }
    if (k >= 0) return 0;
    r->res->deferred++;
    char *text = json_dumps(doc, JSON_COMPACT);
    int rc = reject_record(r->c, r->s.hub, "pull", id ? id : "?", "invalid", why.msg, text, e);
    free(text);
    return rc;
}

/* Retries documents kept out by earlier pulls (this boucle may be newer). */
static int retry_deferred(Run *r, Err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_handle(r->c->db), SQL_REJECT_RETRY_PULL, -1, &st, NULL) != SQLITE_OK)
        return db_error(r->c->db, e);
    sqlite3_bind_text(st, 1, r->s.hub, -1, SQLITE_STATIC);
    json_t *docs = json_array();
    while (sqlite3_step(st) == SQLITE_ROW) {
        json_t *d = json_loads((const char *)sqlite3_column_text(st, 1), 0, NULL);
        if (d) json_array_append_new(docs, d);
    }
    sqlite3_finalize(st);
    size_t i;
    json_t *d;
    int rc = 0;
    json_array_foreach(docs, i, d) {
        Event ev;
        Err why = {0};
        if (sync_doc_event(d, &ev, &why) != 1) continue;
        int s = event_import(r->c, &ev, &why);
        event_free(&ev);
        if (s >= 0) {
            if (s == 1) r->res->pulled++;
            if (reject_clear(r->c, r->s.hub, "pull", json_string_value(json_object_get(d, "_id")), e) < 0) {
                rc = -1;
                break;
            }
        } else if (why.code != ERR_INPUT) {
            *e = why;
            rc = -1;
            break;
        }
    }
    json_decref(docs);
    return rc;
}

/* One _changes page, fetched either here or in the prefetch thread (which
 * then is the only user of the Couch until it is joined). */
typedef struct Fetch {
    Run *r;
    char since[1024];
    json_t *out;
    long status;
    int rc;
    Err e;
    pthread_t thread;
} Fetch;

static void fetch_page(Fetch *f)
{
    char since[3 * sizeof f->since], path[4096];
    f->out = NULL;
    f->status = 0;
    err_clear(&f->e);
    if (couch_escape(f->since, since, sizeof since) < 0) {
        f->rc = err_set(&f->e, ERR_INTERNAL, _("hub sequence too long"));
        return;
    }
    /* seq_interval: a CouchDB cluster computes the (costly) sequence only
     * once per page; only last_seq is used here. Others ignore it. */
    snprintf(path, sizeof path,
             "%s/_changes?style=main_only&include_docs=true&limit=%d&seq_interval=%d&since=%s",
             f->r->dbpath, f->r->pull_batch, f->r->pull_batch, since);
    f->rc = couch_request(f->r->hub, "GET", path, NULL, &f->status, &f->out, &f->e);
    /* Each document's size, so that the applying side need not serialise
     * every one (json_dumpb without a buffer only measures). */
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(f->out, "results"), i, row) {
        json_t *doc = json_object_get(row, "doc");
        if (json_is_object(doc))
            json_object_set_new(row, "boucle_size", json_integer((json_int_t)json_dumpb(doc, NULL, 0, JSON_COMPACT)));
    }
}

static void *fetch_main(void *arg)
{
    fetch_page(arg);
    return NULL;
}

/* Applies one page and stores its since, in one transaction. */
static int apply_page(Run *r, json_t *results, const char *next, Err *e)
{
    size_t i;
    json_t *row;
    int rc = db_begin(r->c->db, e);
    if (rc == 0) {
        json_array_foreach(results, i, row) {
            json_t *doc = json_object_get(row, "doc");
            if (json_is_true(json_object_get(row, "deleted")) || !json_is_object(doc)) continue;
            if ((rc = apply_doc(r, row, doc, e)) < 0) break;
        }
    }
    if (rc == 0) rc = state_exec(r->c, SQL_STATE_SINCE, r->s.hub, 0, 0, next, e);
    if (rc < 0 || db_commit(r->c->db, e) < 0) {
        db_rollback(r->c->db);
        return -1;
    }
    return 0;
}

/* Pages are fetched one ahead: while page k is applied to SQLite, page k+1
 * travels and is parsed on the other core. Nothing of page k+1 is applied
 * before page k is committed, so the since checkpoint keeps its meaning. */
static int pull(Run *r, Err *e)
{
    r->prog.phase = SYNC_PHASE_PULL;
    r->prog.pull_pending = -1;
    report(r);
    if (retry_deferred(r, e) < 0) return -1;
    Fetch *cur = calloc(2, sizeof *cur), *nxt = cur + 1;
    if (!cur) return err_set(e, ERR_INTERNAL, _("out of memory"));
    cur->r = nxt->r = r;
    snprintf(cur->since, sizeof cur->since, "%s", r->s.since);
    fetch_page(cur);
    int rc = 0;
    for (;;) {
        if (cancelled(r, e)) { rc = -1; break; }
        if (cur->rc < 0) {
            if (cur->status == 400 && strcmp(cur->since, "0") != 0) {
                /* The hub does not know our sequence (replaced): start over. */
                json_decref(cur->out);
                snprintf(cur->since, sizeof cur->since, "0");
                fetch_page(cur);
                continue;
            }
            *e = cur->e;
            rc = -1;
            break;
        }
        json_t *results = json_object_get(cur->out, "results"), *last = json_object_get(cur->out, "last_seq");
        if (!json_is_array(results) || !last) {
            rc = err_set(e, ERR_IO, _("the hub at %s answered invalid data: %s"), couch_url_public(r->hub), "_changes");
            break;
        }
        char next[sizeof r->s.since];
        if (json_is_string(last)) snprintf(next, sizeof next, "%s", json_string_value(last));
        else if (json_is_integer(last)) snprintf(next, sizeof next, "%" JSON_INTEGER_FORMAT, json_integer_value(last));
        else snprintf(next, sizeof next, "%s", cur->since);
        json_t *pending = json_object_get(cur->out, "pending");
        r->prog.pull_pending = json_is_integer(pending) ? json_integer_value(pending) : -1;
        size_t n = json_array_size(results);
        int more = !(n == 0 || r->prog.pull_pending == 0 ||
                     (r->prog.pull_pending < 0 && n < (size_t)r->pull_batch));
        int ahead = 0;
        if (more) {
            snprintf(nxt->since, sizeof nxt->since, "%s", next);
            ahead = pthread_create(&nxt->thread, NULL, fetch_main, nxt) == 0;
        }
        rc = apply_page(r, results, next, e);
        if (ahead) pthread_join(nxt->thread, NULL);
        else if (more && rc == 0) fetch_page(nxt);
        json_decref(cur->out);
        cur->out = NULL;
        if (rc < 0) { if (more) json_decref(nxt->out); nxt->out = NULL; break; }
        snprintf(r->s.since, sizeof r->s.since, "%s", next);
        r->prog.pull_done += (int64_t)n;
        report(r);
        if (!more) break;
        Fetch *t = cur; cur = nxt; nxt = t;
    }
    json_decref(cur->out);
    free(cur < nxt ? cur : nxt);
    return rc;
}

static void end_run(Run *r, const char *error)
{
    sqlite3_stmt *st = db_stmt(r->c->db, SQL_STATE_END, NULL);
    if (!st) return;
    sqlite3_bind_text(st, 1, r->s.hub, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, hlc_wall_ms());
    sqlite3_bind_text(st, 3, error, -1, SQLITE_STATIC);
    sqlite3_step(st);
    sqlite3_reset(st);
}

static void hub_key(const SyncConfig *cfg, char *out, size_t size)
{
    /* the URL without credentials: couch_new strips them the same way */
    Couch *tmp = couch_new(cfg->url, NULL, NULL, NULL);
    snprintf(out, size, "%s/%s", tmp ? couch_url_public(tmp) : cfg->url, cfg->db);
    couch_free(tmp);
}

int sync_run(Ctx *c, const SyncConfig *cfg, const SyncOpts *opts, SyncResult *res, Err *e)
{
    SyncResult local;
    if (!res) res = &local;
    memset(res, 0, sizeof *res);
    if (!ctx_has_workshop(c))
        return err_set(e, ERR_INPUT, _("this database has no workshop yet: run boucle init first"));
    if (!hub_db_name_valid(cfg->db))
        return err_set(e, ERR_INPUT, _("\"%s\" is not a valid hub database name (lower-case letters, digits and _$()+-/, starting with a letter)"), cfg->db);
    Run r;
    memset(&r, 0, sizeof r);
    r.c = c;
    r.o = opts;
    r.res = res;
    r.batch = opts && opts->batch > 0 ? opts->batch : SYNC_BATCH;
    r.push_limit = r.batch;
    r.pull_batch = opts && opts->batch > 0 ? 4 * opts->batch : SYNC_PULL_BATCH;
    clock_gettime(CLOCK_MONOTONIC, &r.t0);
    r.hub = couch_new(cfg->url, cfg->user, cfg->password, e);
    if (!r.hub) return -1;
    if (cfg->insecure) couch_set_insecure(r.hub, 1);
    if (cfg->cainfo[0]) couch_set_cainfo(r.hub, cfg->cainfo);
    if (opts) {
        couch_set_cancel(r.hub, opts->cancel);
        if (opts->retries >= 0 || opts->backoff_ms > 0)
            couch_set_retries(r.hub, opts->retries >= 0 ? opts->retries : 5,
                              opts->backoff_ms > 0 ? opts->backoff_ms : 250, 4000);
        if (opts->timeout_ms > 0) couch_set_timeout(r.hub, opts->timeout_ms);
    }
    hub_key(cfg, r.s.hub, sizeof r.s.hub);
    char esc[256];
    couch_escape(cfg->db, esc, sizeof esc);
    snprintf(r.dbpath, sizeof r.dbpath, "/%s", esc);
    snprintf(r.local_path, sizeof r.local_path, "/%s/_local/boucle-push-%s", esc, c->workshop);

    r.prog.phase = SYNC_PHASE_CHECK;
    report(&r);
    int rc = state_load(c, &r.s, e);
    if (rc == 0) rc = check_hub(&r, e);
    if (rc == 0 && !(opts && opts->skip_push)) rc = push(&r, e);
    if (rc == 0 && !(opts && opts->skip_pull)) rc = pull(&r, e);
    couch_stats(r.hub, &res->net);
    if (couch_clock_skew(r.hub, &res->clock_skew_ms)) {
        /* Trust the hub's clock over this PC's when they differ by more than
         * a few minutes (core/log/event.c stamps with the corrected time). */
        int64_t off = res->clock_skew_ms > SYNC_CLOCK_TRUST_MS || res->clock_skew_ms < -SYNC_CLOCK_TRUST_MS
                    ? -res->clock_skew_ms : 0;
        if (db_meta_get_int(c->db, "clock.offset_ms", 0) != off) db_meta_set_int(c->db, "clock.offset_ms", off, NULL);
    }
    couch_free(r.hub);
    res->seconds = elapsed(&r);
    end_run(&r, rc == 0 ? "" : (e ? e->msg : "error"));
    r.prog.phase = SYNC_PHASE_DONE;
    report(&r);
    return rc;
}

int sync_clock_warning(const SyncResult *res, char *out, size_t size)
{
    int64_t s = res->clock_skew_ms;
    long long days = (long long)((s < 0 ? -s : s) / (24LL * 3600 * 1000));
    if (s > SYNC_CLOCK_WARN_MS)
        snprintf(out, size, ngettext("this PC's clock is %lld day ahead of the hub's: set its date and time, or its work will be refused",
                                      "this PC's clock is %lld days ahead of the hub's: set its date and time, or its work will be refused",
                                      (unsigned long)days), days);
    else if (s < -SYNC_CLOCK_WARN_MS)
        snprintf(out, size, ngettext("this PC's clock is %lld day behind the hub's: set its date and time, or its changes will lose to older ones",
                                      "this PC's clock is %lld days behind the hub's: set its date and time, or its changes will lose to older ones",
                                      (unsigned long)days), days);
    else
        return 0;
    return 1;
}

/* ---- status ------------------------------------------------------------------ */

static const char SQL_STATUS[] =
    "SELECT push_seq, last_ok_ms, last_try_ms, last_error FROM sync_state "
    "WHERE (?1 IS NULL OR hub = ?1) ORDER BY last_try_ms DESC LIMIT 1";
static const char SQL_COUNT_REJECTS[] =
    "SELECT coalesce(sum(direction = 'push'), 0), coalesce(sum(direction = 'pull'), 0) FROM sync_rejects";

int sync_status(Ctx *c, const SyncConfig *cfg, SyncStatus *out, Err *e)
{
    memset(out, 0, sizeof *out);
    char hub[700];
    if (cfg) hub_key(cfg, hub, sizeof hub);
    sqlite3_stmt *st = db_stmt(c->db, SQL_STATUS, e);
    if (!st) return -1;
    if (cfg) sqlite3_bind_text(st, 1, hub, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, 1);
    int64_t push_seq = 0;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->configured = 1;
        push_seq = sqlite3_column_int64(st, 0);
        out->last_ok_ms = sqlite3_column_int64(st, 1);
        out->last_try_ms = sqlite3_column_int64(st, 2);
        const unsigned char *le = sqlite3_column_text(st, 3);
        snprintf(out->last_error, sizeof out->last_error, "%s", le ? (const char *)le : "");
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    out->pending = count_pending_sql(c, push_seq, SQL_PENDING_CAPPED);
    out->pending_more = out->pending >= SYNC_PENDING_CAP;
    if (!(st = db_stmt(c->db, SQL_COUNT_REJECTS, e))) return -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        out->rejected = sqlite3_column_int64(st, 0);
        out->deferred = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return 0;
}

static const char SQL_LIST_REJECTS[] =
    "SELECT direction, event_id, error, reason, attempts FROM sync_rejects ORDER BY last_ms DESC";

int sync_rejects(Ctx *c, SyncRejectCb cb, void *arg, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_LIST_REJECTS, e);
    if (!st) return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (cb(arg, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
               (const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3),
               sqlite3_column_int(st, 4)))
            break;
    }
    sqlite3_reset(st);
    return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? 0 : db_error_rc(c->db, rc, e);
}
