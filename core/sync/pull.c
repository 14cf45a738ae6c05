/*
 * pull.c — the hub's _changes into the local log: pages fetched by a
 * second thread while the previous page is applied, each document checked
 * and imported (event_import), deferred ones retried.
 */
#include "core/sync/sync.h"
#include "core/sync/sync_run.h"
#include "core/settings/config.h"
#include "core/sync/hub.h"
#include "core/sync/jscan.h"
#include "core/log/search_index.h"
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
static int apply_doc(Run *r, json_t *doc, Err *e)
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

/* An event read by the fetch (compact form): imported unless known. */
static int apply_event(Run *r, const Event *ev, const char *text, Err *e)
{
    sqlite3_stmt *st = db_stmt(r->c->db, SQL_KNOWN, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, ev->id, -1, SQLITE_STATIC);
    int known = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    if (known) { r->res->known++; return 0; }
    Err why = {0};
    int s = event_import_text(r->c, ev, text, &why);
    if (s == 1) r->res->pulled++;
    else if (s == 0) r->res->known++;
    if (s >= 0) return 0;
    if (why.code != ERR_INPUT) { *e = why; return -1; }
    r->res->deferred++;
    /* kept with its document, rebuilt from the event, for a newer boucle */
    Event full = *ev;
    full.payload = json_loads(text, 0, NULL);
    json_t *doc = full.payload ? sync_event_doc(&full) : NULL;
    char *dtext = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
    int rc = sync_reject_record(r->c, r->s.hub, "pull", ev->id, "invalid", why.msg, dtext, e);
    free(dtext);
    json_decref(doc);
    json_decref(full.payload);
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

/* One change of a page, read on its own (in the fetching thread). An
 * event is kept in its compact form (fields + payload text), so that a page
 * waiting to be applied holds no JSON tree: 2 000 trees took 10 MB. */
typedef struct Change {
    Event ev;              /* the event, without its payload tree */
    char *text;            /* its payload in stored form; NULL when not an event */
    json_t *row;           /* the parsed change when it is not an event (invalid, other type) */
    char *id;              /* its document id, NULL when it has none */
    const char *error;     /* NULL, or why it is kept out: too_large, too_deep, unparsable */
    char *reason;          /* the translated reason (heap) */
} Change;

/* One _changes page, fetched either here or in the prefetch thread (which
 * then is the only user of the Couch until it is joined). */
typedef struct Fetch {
    Run *r;
    char *since;           /* heap: sequences have no length limit */
    char *next;            /* the page's last_seq as text, NULL when absent */
    Change *ch;
    size_t n;
    int64_t pending;       /* -1 unknown */
    long status;
    int rc;
    Err e;
    pthread_t thread;
} Fetch;

static void fetch_clear(Fetch *f)
{
    for (size_t i = 0; i < f->n; i++) {
        json_decref(f->ch[i].row);
        free(f->ch[i].text);
        free(f->ch[i].id);
        free(f->ch[i].reason);
    }
    free(f->ch);
    f->ch = NULL;
    f->n = 0;
    free(f->next);
    f->next = NULL;
}

static int set_since(Fetch *f, const char *since)
{
    char *s = strdup(since);
    if (!s) return -1;
    free(f->since);
    f->since = s;
    return 0;
}

static char *span_dup(const char *text, JSpan sp)
{
    char *s = malloc(sp.len + 1);
    if (s) { memcpy(s, text + sp.off, sp.len); s[sp.len] = '\0'; }
    return s;
}

/* Reads one element of "results" on its own: a deep, huge or broken
 * document is marked, never parsed with the others. */
static void read_change(const char *text, JSpan sp, Change *c)
{
    const char *el = text + sp.off;
    JSpan v;
    Err why = {0};
    if (jscan_member(el, sp.len, "id", &v) == 1) c->id = jscan_string(el, v, NULL);
    if (jscan_member(el, sp.len, "deleted", &v) == 1 && v.len == 4 && memcmp(el + v.off, "true", 4) == 0)
        return;
    int has_doc = jscan_member(el, sp.len, "doc", &v);
    if (has_doc == 1 && el[v.off] != '{') return;        /* no document: nothing to import */
    if (has_doc == 0) return;
    /* the chain anchors of every workshop (core/sync/anchor.h): not events,
     * nothing to store */
    if (has_doc == 1 && sync_doc_chain_type(el + v.off, v.len)) return;
    const char *id = c->id ? c->id : "?";
    if (has_doc < 0) {
        c->error = "unparsable";
        err_set(&why, ERR_INPUT, _("hub document %s could not be read: %s"), id, _("not JSON"));
        c->reason = strdup(why.msg);
        return;
    }
    if (v.len > SYNC_DOC_MAX) {
        c->error = "too_large";
        err_set(&why, ERR_INPUT, _("hub document %s is too large (%zu bytes)"), id, v.len);
        c->reason = strdup(why.msg);
        return;
    }
    size_t pos = v.off, depth = 0;
    if (jscan_value(el, v.off + v.len, &pos, NULL, &depth) == 0 && depth > SYNC_DOC_DEPTH_MAX) {
        c->error = "too_deep";
        err_set(&why, ERR_INPUT, _("hub document %s is nested too deeply (%zu levels, at most %d)"),
                id, depth, SYNC_DOC_DEPTH_MAX);
        c->reason = strdup(why.msg);
        return;
    }
    if (sync_doc_event_text(el + v.off, v.len, &c->ev, &c->text) == 1) {
        if (!c->id) c->id = strdup(c->ev.id);
        return;
    }
    json_error_t jerr;
    c->row = json_loadb(el, sp.len, 0, &jerr);
    if (!c->row) {
        c->error = "unparsable";
        err_set(&why, ERR_INPUT, _("hub document %s could not be read: %s"), id, jerr.text);
        c->reason = strdup(why.msg);
        return;
    }
    /* an event: its compact form, the tree freed; anything else (invalid,
     * another type) keeps its tree for apply_doc to judge and record */
    json_t *doc = json_object_get(c->row, "doc");
    if (!json_is_object(doc) || sync_doc_event(doc, &c->ev, &why) != 1) return;
    c->text = json_dumps(c->ev.payload, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
    event_free(&c->ev);
    if (c->text) {
        json_decref(c->row);
        c->row = NULL;
    }
}

static void fetch_page(Fetch *f)
{
    fetch_clear(f);
    f->status = 0;
    f->pending = -1;
    err_clear(&f->e);
    size_t elen = 3 * strlen(f->since) + 1;
    char *since = malloc(elen), *path = NULL, *text = NULL;
    size_t len = 0;
    JChanges pg;
    memset(&pg, 0, sizeof pg);
    if (!since || couch_escape(f->since, since, elen) < 0 ||
        !(path = malloc(strlen(f->r->dbpath) + elen + 160))) {
        f->rc = err_set(&f->e, ERR_INTERNAL, _("out of memory"));
        goto done;
    }
    /* seq_interval: a CouchDB cluster computes the (costly) sequence only
     * once per page; only last_seq is used here. Others ignore it. */
    sprintf(path, "%s/_changes?style=main_only&include_docs=true&limit=%d&seq_interval=%d&since=%s",
            f->r->dbpath, f->r->pull_batch, f->r->pull_batch, since);
    f->rc = couch_request_text(f->r->hub, "GET", path, NULL, &f->status, &text, &len, NULL, &f->e);
    if (f->rc < 0) goto done;
    /* The page is split without a depth limit; each change is parsed on its
     * own (on this thread, the other core) so one bad document stays one. */
    if (jscan_changes(text, len, &pg) < 0 || !pg.has_results) {
        f->rc = err_set(&f->e, ERR_IO, _("the hub at %s answered invalid data: %s"),
                        couch_url_public(f->r->hub), "_changes");
        goto done;
    }
    if (pg.has_last_seq) {
        f->next = text[pg.last_seq.off] == '"' ? jscan_string(text, pg.last_seq, NULL)
                                               : span_dup(text, pg.last_seq);
        if (f->next && strcmp(f->next, "null") == 0) { free(f->next); f->next = NULL; }
    }
    if (pg.has_pending && text[pg.pending.off] >= '0' && text[pg.pending.off] <= '9')
        f->pending = strtoll(text + pg.pending.off, NULL, 10);
    f->ch = calloc(pg.n ? pg.n : 1, sizeof *f->ch);
    if (!f->ch) { f->rc = err_set(&f->e, ERR_INTERNAL, _("out of memory")); goto done; }
    f->n = pg.n;
    for (size_t i = 0; i < pg.n; i++) read_change(text, pg.results[i], &f->ch[i]);
done:
    jscan_changes_free(&pg);
    free(text);
    free(path);
    free(since);
}

static void *fetch_main(void *arg)
{
    fetch_page(arg);
    return NULL;
}

/* Applies one page and stores its since, in one transaction. A change kept
 * out by the fetch is recorded (sync_rejects, pull) and the page goes on. */
static int apply_page(Run *r, const Fetch *f, const char *next, Err *e)
{
    int rc = db_begin(r->c->db, e);
    if (rc == 0) event_defer_begin(r->c);   /* each device of the page folded once, at the end */
    for (size_t i = 0; rc == 0 && i < f->n; i++) {
        const Change *c = &f->ch[i];
        if (c->error) {
            r->res->deferred++;
            rc = sync_reject_record(r->c, r->s.hub, "pull", c->id ? c->id : "?", c->error,
                                    c->reason ? c->reason : c->error, NULL, e);
            continue;
        }
        if (c->text) {
            rc = apply_event(r, &c->ev, c->text, e);
            continue;
        }
        json_t *doc = json_object_get(c->row, "doc");
        if (!c->row || json_is_true(json_object_get(c->row, "deleted")) || !json_is_object(doc)) continue;
        rc = apply_doc(r, doc, e);
    }
    if (event_defer_flush(r->c, e) < 0) rc = -1;
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
static int pull_pages(Run *r, Err *e)
{
    r->prog.phase = SYNC_PHASE_PULL;
    r->prog.pull_pending = -1;
    sync_report(r);
    if (retry_deferred(r, e) < 0) return -1;
    db_exec(r->c->db, "PRAGMA cache_size = -512", NULL);   /* EXPERIMENT */
    r->c->index_deferred = 1; /* EXPERIMENT2 */
    Fetch *cur = calloc(2, sizeof *cur), *nxt = cur + 1;
    if (!cur) return err_set(e, ERR_INTERNAL, _("out of memory"));
    Fetch *base = cur;
    cur->r = nxt->r = r;
    int rc = 0, restarted = 0;
    if (set_since(cur, r->s.since) < 0) { rc = err_set(e, ERR_INTERNAL, _("out of memory")); goto out; }
    fetch_page(cur);
    for (;;) {
        if (sync_cancelled(r, e)) { rc = -1; break; }
        if (cur->rc < 0) {
            if (cur->status == 400 && !restarted && strcmp(cur->since, "0") != 0) {
                /* The hub does not know our sequence (replaced): start over,
                 * once per run; a hub that refuses its own sequences again
                 * is an error, never a loop. */
                restarted = 1;
                if (set_since(cur, "0") < 0) { rc = err_set(e, ERR_INTERNAL, _("out of memory")); break; }
                fetch_page(cur);
                continue;
            }
            *e = cur->e;
            rc = -1;
            break;
        }
        const char *next = cur->next ? cur->next : cur->since;
        r->prog.pull_pending = cur->pending;
        size_t n = cur->n;
        int more = !(n == 0 || r->prog.pull_pending == 0 ||
                     (r->prog.pull_pending < 0 && n < (size_t)r->pull_batch));
        int ahead = 0;
        if (more) {
            if (set_since(nxt, next) < 0) { rc = err_set(e, ERR_INTERNAL, _("out of memory")); break; }
            ahead = pthread_create(&nxt->thread, NULL, fetch_main, nxt) == 0;
        }
        rc = apply_page(r, cur, next, e);
        if (ahead) pthread_join(nxt->thread, NULL);
        else if (more && rc == 0) fetch_page(nxt);
        if (rc == 0 && sync_state_since(&r->s, next) < 0) rc = err_set(e, ERR_INTERNAL, _("out of memory"));
        fetch_clear(cur);
        if (rc < 0) break;
        r->prog.pull_done += (int64_t)n;
        sync_report(r);
        if (!more) break;
        Fetch *t = cur; cur = nxt; nxt = t;
    }
out:
    for (int i = 0; i < 2; i++) {
        fetch_clear(&base[i]);
        free(base[i].since);
    }
    free(base);
    return rc;
}

/* A pull keeps to a small footprint (issue 10: under 16 MB on 100 000
 * events): a small page cache (each row it writes is written once), and
 * the search index of the devices it brings is built after the pages, in
 * batches, rather than beside them (the index's own buffers then never add
 * to the pages'). A search meanwhile (the screens) indexes what waits
 * first, as ever. */
int sync_pull(Run *r, Err *e)
{
    db_set_cache_kib(r->c->db, SYNC_PULL_CACHE_KIB);
    int was = r->c->index_deferred;
    r->c->index_deferred = 1;
    int rc = pull_pages(r, e);
    r->c->index_deferred = was;
    db_set_cache_kib(r->c->db, 0);
    Err ie = {0};
    int n;
    while (!was && (n = device_index_flush_batch(r->c, SYNC_INDEX_BATCH, &ie)) > 0) {}
    if (!was && n < 0 && rc == 0) { *e = ie; rc = -1; }
    return rc;
}
