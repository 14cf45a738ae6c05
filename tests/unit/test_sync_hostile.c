/*
 * test_sync_hostile.c — one workshop (or one broken hub) cannot stop the
 * region. Each case was reported with the hub's own rules in place:
 *   h01 the design document refuses what would break a reader (a payload
 *       3 000 levels deep, a 2 MB document, unknown kinds and formats, a
 *       clock before 2020, another workshop's device or lot ids);
 *   h02 a deep / huge / unreadable document that is on the hub anyway (a
 *       hub admin wrote it) is kept aside and the rest of the page applied,
 *       and the next sync still works;
 *   h03 sequences of 1 100+ bytes (a big CouchDB cluster's) are stored
 *       whole: a sync completes in a few requests, no restart loop;
 *   h04 a hub that answers 400 to every since: an error, never a loop;
 *   h05 another workshop overwrites our _local checkpoint with its own
 *       credentials: no full re-push, nothing lost;
 *   h06 the hub replaced by an empty one / restored from an older backup,
 *       with a forged checkpoint that claims all is there: found, the
 *       missing events pushed again, nothing doubled.
 * Against PouchDB Server, then against one Apache CouchDB 3.5 node started
 * here (ports 26000–26099) when /var/tmp/couchdb is built; SKIP otherwise.
 */
#include "core/stock/device.h"
#include "core/stock/lot.h"
#include "core/stock/workshop.h"
#include "core/sync/hub.h"
#include "core/sync/sync.h"
#include "tests/unit/support_hub.h"
#include "tests/unit/support_ws.h"
#include "tests/unit/t.h"
#include <locale.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef HUB_PAYLOAD_DEPTH_MAX
#define HUB_PAYLOAD_DEPTH_MAX 16
#endif

typedef struct Hub {
    const char *name;      /* "pouchdb", "couchdb" */
    int state;             /* 0 up, 1 not available (why), -1 failed */
    char why[256];
    int port;
    char url[64];
    char admin_url[160];
} Hub;

static Hub *H;
static char tmpdir[64];
static int hub_db_counter;

#define NEED_HUB() do { if (H->state == 1) SKIP("%s: %s", H->name, H->why); \
        CHECK_MSG(H->state == 0, "%s: %s", H->name, H->why); } while (0)

static Couch *admin(void) { return couch_new(H->admin_url, NULL, NULL, NULL); }

static int new_hub_db(char *name, size_t size)
{
    snprintf(name, size, "hostile%d", ++hub_db_counter);
    Couch *a = admin();
    Err e = {0};
    int rc = hub_init(a, name, NULL, &e);
    if (rc == 0) rc = hub_add_workshop(a, "GRE1", "pw-GRE1-0", NULL, &e);
    if (rc == 0) rc = hub_add_workshop(a, "LYO1", "pw-LYO1-0", NULL, &e);
    if (rc < 0) printf("# hub setup: %s\n", e.msg);
    couch_free(a);
    return rc;
}

static int64_t hub_events(const char *db)
{
    Couch *a = admin();
    char path[128];
    snprintf(path, sizeof path, "/%s/_all_docs", db);
    json_t *out = NULL, *row;
    int64_t n = -1;
    size_t i;
    if (couch_request(a, "GET", path, NULL, NULL, &out, NULL) == 0) {
        n = 0;
        json_array_foreach(json_object_get(out, "rows"), i, row)
            if (json_string_value(json_object_get(row, "id"))[0] != '_' &&
                !strchr(json_string_value(json_object_get(row, "id")), ':')) n++;   /* not anchors */
    }
    json_decref(out);
    couch_free(a);
    return n;
}

/* ---- raw documents ------------------------------------------------------- */

typedef struct Text { char *p; size_t len, cap; } Text;

static void put(Text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        while (t->len + n + 1 > t->cap) t->cap = t->cap ? t->cap * 2 : 4096;
        t->p = realloc(t->p, t->cap);
    }
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = '\0';
}
static void puts_(Text *t, const char *s) { put(t, s, strlen(s)); }

/* A payload nested `depth` levels ({} is 1), as text. */
static void nested(Text *t, int depth)
{
    for (int i = 1; i < depth; i++) puts_(t, "{\"a\":");
    puts_(t, "{}");
    for (int i = 1; i < depth; i++) puts_(t, "}");
}

/* An event document as text; payload is JSON text. ms: the stamp. */
static void event_text(Text *t, int64_t ms, int counter, const char *ws, const char *kind,
                       const char *device, int v, const char *payload, char id_out[40])
{
    char hlc[17], head[512];
    snprintf(hlc, sizeof hlc, "%016llx", (unsigned long long)((ms << 16) | (unsigned)counter));
    snprintf(id_out, 40, "%s-%s", hlc, ws);
    char dev[64];
    if (device) snprintf(dev, sizeof dev, "\"%s\"", device);
    else snprintf(dev, sizeof dev, "null");
    snprintf(head, sizeof head,
             "{\"_id\":\"%s\",\"type\":\"event\",\"v\":%d,\"hlc\":\"%s\",\"time\":\"2026-01-01T00:00:00Z\","
             "\"workshop\":\"%s\",\"operator\":\"Ana\",\"device\":%s,\"kind\":\"%s\",\"payload\":",
             id_out, v, hlc, ws, dev, kind);
    puts_(t, head);
    puts_(t, payload);
    puts_(t, "}");
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* POSTs {"docs":[…]} (text) to db as `user` (NULL: admin). The answer. */
static json_t *bulk_text(const char *db, const char *user, const Text *docs, Err *e)
{
    Couch *c;
    if (user) {
        char pw[32];
        snprintf(pw, sizeof pw, "pw-%s-0", user);
        c = couch_new(H->url, user, pw, e);
    } else {
        c = admin();
    }
    couch_set_retries(c, 1, 5, 10);
    char path[128];
    snprintf(path, sizeof path, "/%s/_bulk_docs", db);
    Text body = {0};
    puts_(&body, "{\"docs\":[");
    put(&body, docs->p, docs->len);
    puts_(&body, "]}");
    json_t *out = NULL;
    if (couch_request_raw(c, "POST", path, body.p, body.len, NULL, &out, e) < 0) {
        json_decref(out);
        out = NULL;
    }
    free(body.p);
    couch_free(c);
    return out;
}

/* The answer of the bulk for id: "" stored, else error: reason. */
static const char *answer_for(json_t *out, const char *id, char *buf, size_t size)
{
    size_t i;
    json_t *r;
    snprintf(buf, size, "(no answer)");
    json_array_foreach(out, i, r) {
        const char *rid = json_string_value(json_object_get(r, "id"));
        if (!rid || strcmp(rid, id) != 0) continue;
        const char *err = json_string_value(json_object_get(r, "error"));
        const char *reason = json_string_value(json_object_get(r, "reason"));
        if (!err) snprintf(buf, size, "%s", "");
        else snprintf(buf, size, "%s: %s", err, reason ? reason : "");
    }
    return buf;
}

/* ---- a watchdog: a sync that would loop is cancelled ---------------------- */

typedef struct Watch { volatile int flag; int seconds; pthread_t t; int done; } Watch;

static void *watch_main(void *arg)
{
    Watch *w = arg;
    for (int i = 0; i < w->seconds * 10 && !w->done; i++) {
        struct timespec ts = { 0, 100000000L };
        nanosleep(&ts, NULL);
    }
    if (!w->done) w->flag = 1;
    return NULL;
}

static int sync_bounded(Ctx *c, const SyncConfig *cfg, SyncOpts *o, SyncResult *r, Err *e, int seconds)
{
    Watch w = { 0, seconds, 0, 0 };
    o->cancel = &w.flag;
    pthread_create(&w.t, NULL, watch_main, &w);
    int rc = sync_run(c, cfg, o, r, e);
    w.done = 1;
    pthread_join(w.t, NULL);
    o->cancel = NULL;
    if (w.flag) printf("# the sync was cancelled by the watchdog after %d s\n", seconds);
    return rc;
}

/* ---- cases --------------------------------------------------------------- */

/* h01: what a workshop may store is bounded by the design document. */
TEST(h01_design_refuses_hostile_documents)
{
    NEED_HUB();
    char db[32];
    CHECK(new_hub_db(db, sizeof db) == 0);
    int64_t ms = now_ms() - 60000;
    struct { const char *kind, *device; int v; int64_t ms; const char *payload; int depth; size_t big;
             const char *expect; } c[] = {
        { "operator.add", NULL, 1, 0, NULL, 3000, 0, "nested deeper than 16" },
        { "operator.add", NULL, 1, 0, NULL, HUB_PAYLOAD_DEPTH_MAX + 1, 0, "nested deeper than 16" },
        { "operator.add", NULL, 1, 0, NULL, HUB_PAYLOAD_DEPTH_MAX, 0, "" },
        { "operator.add", NULL, 1, 0, NULL, 0, 2u << 20, "larger than" },
        { "device.teleport", "GRE1-000009", 1, 0, "{}", 0, 0, "unknown event kind" },
        { "operator.add", NULL, 2, 0, "{\"name\":\"x\"}", 0, 0, "unknown document format" },
        { "operator.add", NULL, 1, 1546300800000LL, "{\"name\":\"x\"}", 0, 0, "years behind" },
        { "device.receive", "LYO1-000001", 1, 0, "{\"lot\":\"GRE1-L0001\"}", 0, 0, "starting with GRE1-" },
        { "lot.create", NULL, 1, 0, "{\"lot\":\"LYO1-L0001\",\"donor\":\"x\"}", 0, 0, "starting with GRE1-" },
        { "device.receive", "GRE1-000001", 1, 0, "{\"lot\":\"GRE1-L0001\"}", 0, 0, "" },
        { "lot.create", NULL, 1, 0, "{\"lot\":\"GRE1-L0001\",\"donor\":\"x\"}", 0, 0, "" },
        { "device.offer", "GRE1-000001", 1, 0, "{\"to\":\"LYO1\"}", 0, 0, "" },
    };
    size_t n = sizeof c / sizeof c[0];
    char ids[16][40];
    Text docs = {0};
    for (size_t i = 0; i < n; i++) {
        Text p = {0};
        if (c[i].depth) nested(&p, c[i].depth);
        else if (c[i].big) {
            puts_(&p, "{\"name\":\"");
            char *x = malloc(c[i].big + 1);
            memset(x, 'x', c[i].big);
            x[c[i].big] = '\0';
            puts_(&p, x);
            free(x);
            puts_(&p, "\"}");
        } else puts_(&p, c[i].payload);
        if (i) puts_(&docs, ",");
        event_text(&docs, c[i].ms ? c[i].ms : ms, (int)i, "GRE1", c[i].kind, c[i].device, c[i].v, p.p, ids[i]);
        free(p.p);
    }
    Err e = {0};
    json_t *out = bulk_text(db, "GRE1", &docs, &e);
    free(docs.p);
    CHECK_MSG(out != NULL, "%s", e.msg);
    for (size_t i = 0; i < n; i++) {
        char buf[512];
        const char *a = answer_for(out, ids[i], buf, sizeof buf);
        if (!c[i].expect[0]) { CHECK_MSG(a[0] == '\0', "case %zu (%s) refused: %s", i, c[i].kind, a); }
        else CHECK_MSG(strstr(a, "forbidden") && strstr(a, c[i].expect), "case %zu: %s", i, a);
    }
    json_decref(out);
    /* the same rules leave a hub admin free (repairs, tests) */
    Text adm = {0};
    Text p = {0};
    nested(&p, 40);
    char id[40];
    event_text(&adm, ms, 99, "GRE1", "operator.add", NULL, 1, p.p, id);
    free(p.p);
    out = bulk_text(db, NULL, &adm, &e);
    free(adm.p);
    CHECK_MSG(out != NULL, "%s", e.msg);
    char buf[512];
    CHECK_STR(answer_for(out, id, buf, sizeof buf), "");
    json_decref(out);
}

/* Counts pull rejections by error. */
static int64_t rejects(Ctx *c, const char *error)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM sync_rejects WHERE direction = 'pull' AND error = '%s'", error);
    return test_ws_int(c, sql);
}

/* h02: documents that got onto the hub anyway do not stop the others. */
TEST(h02_bad_document_kept_aside_page_applied)
{
    NEED_HUB();
    char db[32];
    CHECK(new_hub_db(db, sizeof db) == 0);
    Ctx a, b;
    CHECK(test_ws_open(&a, tmpdir, "GRE1") == 0);
    CHECK(test_ws_open(&b, tmpdir, "LYO1") == 0);
    CHECK(test_ws_receive(&a, 10) == 0);
    SyncConfig ca, cb;
    test_ws_config(&ca, H->url, db, "GRE1");
    test_ws_config(&cb, H->url, db, "LYO1");
    SyncOpts o = { .retries = 1, .backoff_ms = 5 };
    SyncResult r;
    Err e = {0};
    CHECK_MSG(sync_run(&a, &ca, &o, &r, &e) == 0, "%s", e.msg);
    int64_t good = r.pushed;
    /* written by a hub admin (validation lets admins through) */
    int64_t ms = now_ms() - 30000;
    Text docs = {0}, p = {0};
    char id[4][40];
    nested(&p, 3000);
    event_text(&docs, ms, 1, "GRE1", "operator.add", NULL, 1, p.p, id[0]);
    p.len = 0;
    nested(&p, 40);
    puts_(&docs, ",");
    event_text(&docs, ms, 2, "GRE1", "operator.add", NULL, 1, p.p, id[1]);
    p.len = 0;
    puts_(&p, "{\"name\":\"");
    {
        size_t big = 2u << 20;
        char *x = malloc(big + 1);
        memset(x, 'x', big);
        x[big] = '\0';
        puts_(&p, x);
        free(x);
    }
    puts_(&p, "\"}");   /* 2 MB */
    puts_(&docs, ",");
    event_text(&docs, ms, 3, "GRE1", "operator.add", NULL, 1, p.p, id[2]);
    puts_(&docs, ",");   /* a NUL inside a string: JSON, but not for jansson's default */
    event_text(&docs, ms, 4, "GRE1", "operator.add", NULL, 1, "{\"name\":\"a\\u0000b\"}", id[3]);
    free(p.p);
    json_t *out = bulk_text(db, NULL, &docs, &e);
    free(docs.p);
    CHECK_MSG(out != NULL, "%s", e.msg);
    for (int i = 0; i < 4; i++) {
        char buf[512];
        const char *ans = answer_for(out, id[i], buf, sizeof buf);
        if (ans[0]) printf("# %s: document %d not stored by the hub: %s\n", H->name, i, ans);
    }
    json_decref(out);
    CHECK_INT(hub_events(db), good + 4);
    /* more good events after the bad ones, on the same page */
    CHECK(test_ws_receive(&a, 3) == 0);
    CHECK(sync_run(&a, &ca, &o, &r, &e) == 0);
    good += r.pushed;
    CHECK_MSG(sync_run(&b, &cb, &o, &r, &e) == 0, "%s", e.msg);
    CHECK_INT(r.pulled, good);
    CHECK_INT(r.deferred, 4);
    CHECK_INT(rejects(&b, "too_deep"), 2);
    CHECK_INT(rejects(&b, "too_large"), 1);
    CHECK_INT(rejects(&b, "unparsable"), 1);
    CHECK_INT(test_ws_int(&b, "SELECT count(*) FROM events WHERE workshop = 'GRE1'"), good);
    /* the next sync works and takes what came since */
    CHECK(test_ws_receive(&a, 2) == 0);
    CHECK(sync_run(&a, &ca, &o, &r, &e) == 0);
    int64_t more = r.pushed;
    CHECK_MSG(sync_run(&b, &cb, &o, &r, &e) == 0, "%s", e.msg);
    CHECK_INT(r.pulled, more);
    CHECK_INT(r.deferred, 0);
    ctx_close(&a);
    ctx_close(&b);
}

/* h03: 1 100-byte sequences go through whole. */
TEST(h03_long_sequences_stored_whole)
{
    NEED_HUB();
    TestProxy px;
    char why[256];
    int prc = test_proxy_start(&px, H->port, why, sizeof why);
    if (prc == 1) SKIP("%s", why);
    CHECK_MSG(prc == 0, "%s", why);
    test_proxy_plan(&px, "seqlong=1100");
    char db[32];
    CHECK(new_hub_db(db, sizeof db) == 0);
    Ctx a, b;
    CHECK(test_ws_open(&a, tmpdir, "GRE1") == 0);
    CHECK(test_ws_open(&b, tmpdir, "LYO1") == 0);
    CHECK(test_ws_receive(&a, 150) == 0);
    SyncConfig ca, cb;
    test_ws_config(&ca, H->url, db, "GRE1");
    test_ws_config(&cb, px.url, db, "LYO1");
    SyncOpts o = { .batch = 25, .retries = 1, .backoff_ms = 5 };   /* pull pages of 100 */
    SyncResult r;
    Err e = {0};
    CHECK_MSG(sync_run(&a, &ca, &o, &r, &e) == 0, "%s", e.msg);
    int64_t n = r.pushed;
    int rc = sync_bounded(&b, &cb, &o, &r, &e, 30);
    printf("# %s: pulled %lld in %llu requests\n", H->name, (long long)r.pulled, (unsigned long long)r.net.requests);
    CHECK_MSG(rc == 0, "%s", e.msg);
    CHECK_INT(r.pulled, n);
    /* GET db, _all_docs, the pages (n/100 + 1), the anchor of LYO1's own
     * first records (key, anchor, head read and written: 4) and nothing else */
    CHECK_MSG(r.net.requests <= (uint64_t)(n / 100 + 4 + 4), "%llu requests", (unsigned long long)r.net.requests);
    CHECK(test_ws_int(&b, "SELECT min(length(since)) FROM sync_state") >= 1100);
    /* the stored sequence is taken back by the hub: nothing again, few requests */
    rc = sync_bounded(&b, &cb, &o, &r, &e, 30);
    CHECK_MSG(rc == 0, "%s", e.msg);
    CHECK_INT(r.pulled, 0);
    CHECK_INT(r.known, 0);
    CHECK_MSG(r.net.requests <= 4, "%llu requests", (unsigned long long)r.net.requests);
    test_proxy_stop(&px);
    ctx_close(&a);
    ctx_close(&b);
}

/* h04: a hub that refuses every since but 0: one restart, then an error. */
TEST(h04_since_refused_never_loops)
{
    NEED_HUB();
    TestProxy px;
    char why[256];
    int prc = test_proxy_start(&px, H->port, why, sizeof why);
    if (prc == 1) SKIP("%s", why);
    CHECK_MSG(prc == 0, "%s", why);
    char db[32];
    CHECK(new_hub_db(db, sizeof db) == 0);
    Ctx a, b;
    CHECK(test_ws_open(&a, tmpdir, "GRE1") == 0);
    CHECK(test_ws_open(&b, tmpdir, "LYO1") == 0);
    CHECK(test_ws_receive(&a, 150) == 0);
    SyncConfig ca, cb;
    test_ws_config(&ca, H->url, db, "GRE1");
    test_ws_config(&cb, px.url, db, "LYO1");
    SyncOpts o = { .batch = 25, .retries = 1, .backoff_ms = 5 };
    SyncResult r;
    Err e = {0};
    CHECK_MSG(sync_run(&a, &ca, &o, &r, &e) == 0, "%s", e.msg);
    CHECK_MSG(sync_run(&b, &cb, &o, &r, &e) == 0, "%s", e.msg);   /* since is past 0 now */
    CHECK(test_ws_receive(&a, 150) == 0);
    CHECK(sync_run(&a, &ca, &o, &r, &e) == 0);
    test_proxy_plan(&px, "since400=1");
    int rc = sync_bounded(&b, &cb, &o, &r, &e, 30);
    printf("# %s: %llu requests, rc %d: %s\n", H->name, (unsigned long long)r.net.requests, rc, rc ? e.msg : "");
    CHECK(rc < 0);
    CHECK_CONTAINS(e.msg, "400");
    CHECK_MSG(r.net.requests <= 6, "%llu requests", (unsigned long long)r.net.requests);
    /* what the page from 0 brought is kept; a working hub finishes the job */
    test_proxy_plan(&px, "seed=1");
    CHECK_MSG(sync_run(&b, &cb, &o, &r, &e) == 0, "%s", e.msg);
    CHECK_INT(test_ws_int(&b, "SELECT count(*) FROM events WHERE workshop = 'GRE1'"),
              test_ws_int(&a, "SELECT count(*) FROM events WHERE workshop = 'GRE1'"));
    test_proxy_stop(&px);
    ctx_close(&a);
    ctx_close(&b);
}

/* Writes doc at the hub's _local/boucle-push-GRE1 as LYO1 (its own
 * credentials, nothing else). */
static int forge_checkpoint(const char *db, int64_t seq, Err *e)
{
    Couch *c = couch_new(H->url, "LYO1", "pw-LYO1-0", e);
    char path[128];
    snprintf(path, sizeof path, "/%s/_local/boucle-push-GRE1", db);
    json_t *cur = NULL, *doc = json_pack("{s:I, s:s}", "seq", (json_int_t)seq, "workshop", "GRE1");
    long status = 0;
    if (couch_request(c, "GET", path, NULL, &status, &cur, e) == 0)
        json_object_set(doc, "_rev", json_object_get(cur, "_rev"));
    json_decref(cur);
    int rc = couch_request(c, "PUT", path, doc, NULL, NULL, e);
    json_decref(doc);
    couch_free(c);
    return rc;
}

/* h05: another workshop overwrites our checkpoint: no full re-push. */
TEST(h05_forged_checkpoint_no_full_repush)
{
    NEED_HUB();
    char db[32];
    CHECK(new_hub_db(db, sizeof db) == 0);
    Ctx a;
    CHECK(test_ws_open(&a, tmpdir, "GRE1") == 0);
    CHECK(test_ws_receive(&a, 120) == 0);
    SyncConfig ca;
    test_ws_config(&ca, H->url, db, "GRE1");
    SyncOpts o = { .batch = 50, .retries = 1, .backoff_ms = 5 };
    SyncResult r;
    Err e = {0};
    CHECK_MSG(sync_run(&a, &ca, &o, &r, &e) == 0, "%s", e.msg);
    int64_t n = r.pushed;
    CHECK_MSG(forge_checkpoint(db, 0, &e) == 0, "LYO1 could not write the checkpoint: %s", e.msg);
    CHECK(test_ws_receive(&a, 2) == 0);
    CHECK_MSG(sync_run(&a, &ca, &o, &r, &e) == 0, "%s", e.msg);
    printf("# %s: after the forged checkpoint: %lld pushed, %lld already, %llu requests\n", H->name,
           (long long)r.pushed, (long long)r.already, (unsigned long long)r.net.requests);
    CHECK_INT(r.hub_reset, 0);
    CHECK_INT(r.pushed, 3);         /* a lot and two devices */
    CHECK_INT(r.already, 0);
    /* 5, and the anchor of the 3 new records (anchor, head read and written) */
    CHECK_MSG(r.net.requests <= 5 + 3, "%llu requests", (unsigned long long)r.net.requests);
    CHECK_INT(hub_events(db), n + 3);
    ctx_close(&a);
}

static void post_events_upto(Ctx *a, const char *db, int64_t seq, Err *e)
{
    Couch *ad = admin();
    json_t *docs = json_array();
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db_handle(a->db), "SELECT " EVENT_COLUMNS " FROM events WHERE seq <= ?1 ORDER BY seq", -1, &st, NULL);
    sqlite3_bind_int64(st, 1, seq);
    while (sqlite3_step(st) == SQLITE_ROW) {
        Event ev;
        event_from_row(st, &ev);
        json_array_append_new(docs, sync_event_doc(&ev));
        event_free(&ev);
    }
    sqlite3_finalize(st);
    json_t *body = json_pack("{s:o}", "docs", docs);
    char path[64];
    snprintf(path, sizeof path, "/%s/_bulk_docs", db);
    couch_request(ad, "POST", path, body, NULL, NULL, e);
    json_decref(body);
    couch_free(ad);
}

static int recreate(const char *db, Err *e)
{
    Couch *ad = admin();
    char path[64];
    snprintf(path, sizeof path, "/%s", db);
    int rc = couch_request(ad, "DELETE", path, NULL, NULL, NULL, e);
    if (rc == 0) rc = hub_init(ad, db, NULL, e);
    couch_free(ad);
    return rc;
}

/* h06: a real loss is found although a checkpoint says all is there. */
TEST(h06_hub_loss_found_despite_forged_checkpoint)
{
    NEED_HUB();
    char db[32];
    CHECK(new_hub_db(db, sizeof db) == 0);
    Ctx a, b;
    CHECK(test_ws_open(&a, tmpdir, "GRE1") == 0);
    CHECK(test_ws_open(&b, tmpdir, "LYO1") == 0);
    CHECK(test_ws_receive(&a, 60) == 0);
    SyncConfig ca, cb;
    test_ws_config(&ca, H->url, db, "GRE1");
    test_ws_config(&cb, H->url, db, "LYO1");
    SyncOpts o = { .batch = 20, .retries = 1, .backoff_ms = 5 };
    SyncResult r;
    Err e = {0};
    CHECK_MSG(sync_run(&a, &ca, &o, &r, &e) == 0, "%s", e.msg);
    int64_t n = test_ws_int(&a, "SELECT count(*) FROM events");
    /* replaced by an empty hub; LYO1 claims GRE1's events are all there */
    CHECK_MSG(recreate(db, &e) == 0, "%s", e.msg);
    Couch *ad = admin();
    CHECK(hub_add_workshop(ad, "GRE1", "pw-GRE1-0", NULL, &e) == 0);
    CHECK(hub_add_workshop(ad, "LYO1", "pw-LYO1-0", NULL, &e) == 0);
    couch_free(ad);
    CHECK_MSG(forge_checkpoint(db, 1000000, &e) == 0, "%s", e.msg);
    CHECK_MSG(sync_run(&a, &ca, &o, &r, &e) == 0, "%s", e.msg);
    CHECK_INT(r.hub_reset, 1);
    CHECK_INT(r.pushed, n);
    CHECK_INT(hub_events(db), n);
    /* restored from an older backup: only the first 25 events */
    CHECK(test_ws_receive(&a, 10) == 0);
    CHECK(sync_run(&a, &ca, &o, &r, &e) == 0);
    int64_t total = test_ws_int(&a, "SELECT count(*) FROM events");
    CHECK_MSG(recreate(db, &e) == 0, "%s", e.msg);
    post_events_upto(&a, db, 25, &e);
    CHECK_MSG(forge_checkpoint(db, 1000000, &e) == 0, "%s", e.msg);
    CHECK_INT(hub_events(db), 25);
    CHECK_MSG(sync_run(&a, &ca, &o, &r, &e) == 0, "%s", e.msg);
    printf("# %s: restored backup: %lld pushed, %lld already there\n", H->name, (long long)r.pushed, (long long)r.already);
    CHECK_INT(r.hub_reset, 1);
    CHECK_INT(r.pushed, total - 25);
    CHECK_INT(hub_events(db), total);
    /* nothing doubled: LYO1 gets each event once */
    CHECK_MSG(sync_run(&b, &cb, &o, &r, &e) == 0, "%s", e.msg);
    CHECK_INT(test_ws_int(&b, "SELECT count(*) FROM events WHERE workshop = 'GRE1'"), total);
    CHECK_INT(r.deferred, 0);
    /* a sync after the repair: nothing to do */
    CHECK(sync_run(&a, &ca, &o, &r, &e) == 0);
    CHECK_INT(r.hub_reset, 0);
    CHECK_INT(r.pushed, 0);
    ctx_close(&a);
    ctx_close(&b);
}

/* RUN with the hub's name in the case's name. */
#define RUN_ON(fn) do { \
        static char n_[96]; \
        snprintf(n_, sizeof n_, "%s_%s", #fn, H->name); \
        t_case_name = n_; t_case_failed = 0; t_case_skipped = 0; \
        fn(); \
        if (t_case_failed) t_failed_cases++; \
        else if (!t_case_skipped) { printf("PASS %s\n", n_); fflush(stdout); } \
    } while (0)

static void run_all(void)
{
    RUN_ON(h01_design_refuses_hostile_documents);
    RUN_ON(h02_bad_document_kept_aside_page_applied);
    RUN_ON(h03_long_sequences_stored_whole);
    RUN_ON(h04_since_refused_never_loops);
    RUN_ON(h05_forged_checkpoint_no_full_repush);
    RUN_ON(h06_hub_loss_found_despite_forged_checkpoint);
}

/* ---- Apache CouchDB, one node, ports 26000–26099 ------------------------- */

static char couch_run[64];
static char couch_script[1024];

static int couchdb_start(Hub *h)
{
    const char *dir = getenv("BOUCLE_COUCHDB_DIR");
    if (!dir || !*dir) dir = "/var/tmp/couchdb";
    char bin[512];
    snprintf(bin, sizeof bin, "%s/rel/couchdb/bin/couchdb", dir);
    if (access(bin, X_OK) != 0) {
        snprintf(h->why, sizeof h->why, "Apache CouchDB is not built in %s (../shared/couchdb/couchdb build %s)", dir, dir);
        return 1;
    }
    const char *top = getenv("BOUCLE_TOP");
    snprintf(couch_script, sizeof couch_script, "%s/../shared/couchdb/couchdb", top && *top ? top : ".");
    if (access(couch_script, R_OK) != 0) {
        snprintf(h->why, sizeof h->why, "%s is missing", couch_script);
        return 1;
    }
    snprintf(couch_run, sizeof couch_run, "/tmp/boucle-couch.XXXXXX");
    if (!mkdtemp(couch_run)) { snprintf(h->why, sizeof h->why, "mkdtemp failed"); return -1; }
    const char *p = getenv("BOUCLE_COUCHDB_PORT");
    h->port = p && *p ? atoi(p) : 26010;
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "sh '%s' start '%s' '%s/run' %d 1 >'%s/start.log' 2>&1",
             couch_script, dir, couch_run, h->port, couch_run);
    if (system(cmd) != 0) {
        snprintf(h->why, sizeof h->why, "CouchDB did not start (see %s/start.log)", couch_run);
        return -1;
    }
    const char *pw = getenv("COUCHDB_ADMIN_PW");
    snprintf(h->url, sizeof h->url, "http://127.0.0.1:%d", h->port);
    snprintf(h->admin_url, sizeof h->admin_url, "http://admin:%s@127.0.0.1:%d", pw && *pw ? pw : "boucle-test", h->port);
    return 0;
}

static void couchdb_stop(void)
{
    if (!couch_run[0]) return;
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "sh '%s' stop '%s/run' >/dev/null 2>&1; rm -rf '%s'", couch_script, couch_run, couch_run);
    if (system(cmd) != 0) { /* a leftover folder is harmless */ }
}

int main(void)
{
    setlocale(LC_ALL, "");
    snprintf(tmpdir, sizeof tmpdir, "/tmp/boucle-hostile.XXXXXX");
    if (!mkdtemp(tmpdir)) return 1;

    TestHub pouch;
    Hub ph = { .name = "pouchdb" };
    ph.state = test_hub_start(&pouch, 1, ph.why, sizeof ph.why);
    ph.port = pouch.port;
    snprintf(ph.url, sizeof ph.url, "%s", pouch.url);
    snprintf(ph.admin_url, sizeof ph.admin_url, "%s", pouch.admin_url);
    H = &ph;
    run_all();
    test_hub_stop(&pouch);

    Hub ch = { .name = "couchdb" };
    ch.state = couchdb_start(&ch);
    H = &ch;
    run_all();
    couchdb_stop();

    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) { /* harmless */ }
    return t_done();
}
