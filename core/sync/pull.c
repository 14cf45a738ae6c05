/*
 * pull.c — the hub's _changes into the local log: pages fetched by a
 * second thread while the previous page is applied, each document checked
 * and imported (event_import), deferred ones retried.
 */
#include "core/sync/sync.h"
#include "core/sync/sync_run.h"
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

static const char SQL_KNOWN[] = "SELECT 1 FROM events WHERE id = ?1";
static const char SQL_REJECT_RETRY_PULL[] =
    "SELECT event_id, doc FROM sync_rejects WHERE hub = ?1 AND direction = 'pull' AND doc IS NOT NULL";
static const char SQL_STATE_SINCE[] =
    "UPDATE sync_state SET since = ?2 WHERE hub = ?1";
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
        return sync_reject_record(r->c, r->s.hub, "pull", id ? id : "?", "too_large", why.msg, NULL, e);
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
    int rc = sync_reject_record(r->c, r->s.hub, "pull", id ? id : "?", "invalid", why.msg, text, e);
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
            if (sync_reject_clear(r->c, r->s.hub, "pull", json_string_value(json_object_get(d, "_id")), e) < 0) {
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
        event_defer_begin(r->c);   /* each device of the page folded once, at the end */
        json_array_foreach(results, i, row) {
            json_t *doc = json_object_get(row, "doc");
            if (json_is_true(json_object_get(row, "deleted")) || !json_is_object(doc)) continue;
            if ((rc = apply_doc(r, row, doc, e)) < 0) break;
        }
        if (event_defer_flush(r->c, e) < 0) rc = -1;
    }
    if (rc == 0) rc = sync_state_exec(r->c, SQL_STATE_SINCE, r->s.hub, 0, 0, next, e);
    if (rc < 0 || db_commit(r->c->db, e) < 0) {
        db_rollback(r->c->db);
        return -1;
    }
    return 0;
}

/* Pages are fetched one ahead: while page k is applied to SQLite, page k+1
 * travels and is parsed on the other core. Nothing of page k+1 is applied
 * before page k is committed, so the since checkpoint keeps its meaning. */
int sync_pull(Run *r, Err *e)
{
    r->prog.phase = SYNC_PHASE_PULL;
    r->prog.pull_pending = -1;
    sync_report(r);
    if (retry_deferred(r, e) < 0) return -1;
    Fetch *cur = calloc(2, sizeof *cur), *nxt = cur + 1;
    if (!cur) return err_set(e, ERR_INTERNAL, _("out of memory"));
    cur->r = nxt->r = r;
    snprintf(cur->since, sizeof cur->since, "%s", r->s.since);
    fetch_page(cur);
    int rc = 0;
    for (;;) {
        if (sync_cancelled(r, e)) { rc = -1; break; }
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
        sync_report(r);
        if (!more) break;
        Fetch *t = cur; cur = nxt; nxt = t;
    }
    json_decref(cur->out);
    free(cur < nxt ? cur : nxt);
    return rc;
}
