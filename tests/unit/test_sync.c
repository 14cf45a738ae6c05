/*
 * test_sync.c — core/sync/sync.c against real hubs, PouchDB Server then a
 * 3-node Apache CouchDB 3.5 cluster (tests/unit/support_hub.h; the cases run
 * once per backend, named "/pouchdb" and "/couchdb"):
 * two workshops converge, a re-push is harmless, a refused document is
 * reported and not retried forever, a hub that lost data gets it back, a
 * pulled document of a newer format is kept aside, and syncing through the
 * fault-injecting proxy loses and doubles nothing.
 */
#include "core/stock/device.h"
#include "core/stock/transfer.h"
#include "core/sync/hub.h"
#include "core/stock/lot.h"
#include "core/sync/sync.h"
#include "core/stock/workshop.h"
#include "tests/unit/support_hub.h"
#include "tests/unit/t.h"
#include <locale.h>
#include <unistd.h>

static TestHub hub;
static int hub_state = -1;
static char hub_why[256];
static char tmpdir[64];
static int db_counter;
static int hub_db_counter;   /* each case gets its own hub database */

#define NEED_HUB() do { if (hub_state == 1) SKIP("%s", hub_why); \
        CHECK_MSG(hub_state == 0, "hub: %s", hub_why); } while (0)

static Couch *admin(void) { return couch_new(hub.admin_url, NULL, NULL, NULL); }

/* A CouchDB cluster applies a new database's _security (and new users) on
 * each node a moment later: until then a workshop may be refused (403) by
 * the node it asks. Waits (bounded) until GRE1 may read db on every node, as
 * a hub admin waits after `hub init` before handing out the passwords. */
static void hub_gone(const char *db)
{
    if (hub.kind != TEST_HUB_COUCHDB || hub.external) return;
    char path[96];
    snprintf(path, sizeof path, "/%s", db);
    for (int i = 1; i <= TEST_COUCH_NODES; i++) {
        char url[128];
        snprintf(url, sizeof url, "http://admin:admin-test-pw@127.0.0.1:%d", hub.port + i - 1);
        Couch *c = couch_new(url, NULL, NULL, NULL);
        couch_set_retries(c, 0, 1, 1);
        long status = 0;
        int t = 0;
        while (couch_request(c, "GET", path, NULL, &status, NULL, NULL) == 0 || status != 404) {
            if (t++ > 100) break;
            usleep(100000);
        }
        couch_free(c);
    }
}

static void hub_settle(const char *db)
{
    if (hub.kind != TEST_HUB_COUCHDB) return;
    char path[96];
    snprintf(path, sizeof path, "/%s", db);
    for (int i = 1; i <= (hub.external ? 1 : TEST_COUCH_NODES); i++) {
        char url[64];
        if (hub.external) snprintf(url, sizeof url, "%s", hub.url);
        else test_couch_node_url(&hub, i, url, sizeof url);
        Couch *c = couch_new(url, "GRE1", "pw-GRE1-0", NULL);
        couch_set_retries(c, 0, 1, 1);
        int t = 0;
        while (couch_request(c, "GET", path, NULL, NULL, NULL, NULL) < 0 && t++ < 100) usleep(100000);
        if (t > 0) printf("# node %d let GRE1 in after %d tries\n", i, t);
        couch_free(c);
    }
}

/* A fresh hub database with users GRE1 and LYO1 (passwords "pw-<code>-0"). */
static int new_hub_db(char *name, size_t size)
{
    (void)hub_db_counter;
    test_hub_db_name("boucle", name, size);
    Couch *a = admin();
    Err e = {0};
    int rc = hub_init(a, name, NULL, &e);
    if (rc == 0) rc = hub_add_workshop(a, "GRE1", "pw-GRE1-0", NULL, &e);
    if (rc == 0) rc = hub_add_workshop(a, "LYO1", "pw-LYO1-0", NULL, &e);
    if (rc < 0) printf("# hub setup: %s\n", e.msg);
    couch_free(a);
    if (rc == 0) hub_settle(name);
    return rc;
}

static void config_for(SyncConfig *cfg, const char *url, const char *db, const char *user)
{
    memset(cfg, 0, sizeof *cfg);
    snprintf(cfg->url, sizeof cfg->url, "%s", url);
    snprintf(cfg->db, sizeof cfg->db, "%s", db);
    snprintf(cfg->user, sizeof cfg->user, "%s", user);
    snprintf(cfg->password, sizeof cfg->password, "pw-%s-0", user);
}

static int open_ws(Ctx *c, const char *code)
{
    char path[128];
    snprintf(path, sizeof path, "%s/ws%d-%s.db", tmpdir, ++db_counter, code);
    Err e = {0};
    if (ctx_open(c, path, 0, &e) < 0 || workshop_init(c, code, code, &e) < 0) {
        printf("# open_ws: %s\n", e.msg);
        return -1;
    }
    return 0;
}

/* n devices in a new lot; the last id goes to last (optional). */
static int receive(Ctx *c, int n, char last[DEVICE_ID_MAX])
{
    Err e = {0};
    static int serial_no;
    char lot[LOT_ID_MAX], id[DEVICE_ID_MAX], serial[32];
    if (lot_add(c, "Hospital", "ref", n, NULL, lot, &e) < 0) return -1;
    for (int i = 0; i < n; i++) {
        snprintf(serial, sizeof serial, "SN-%s-%d", c->workshop, ++serial_no);
        DeviceNew d = { .lot = lot, .serial = serial, .category = "laptop", .make = "Dell", .model = "E7450" };
        if (device_add(c, &d, 0, id, NULL, &e) < 0) { printf("# device_add: %s\n", e.msg); return -1; }
    }
    if (last) snprintf(last, DEVICE_ID_MAX, "%s", id);
    return 0;
}

/* The projections that must be equal everywhere, as one text. */
static char *dump(Ctx *c)
{
    static const char *const q[] = {
        "SELECT id, workshop, lot, serial, category, make, model, state, grade, outcome, "
        "received_hlc, updated_hlc FROM devices ORDER BY id",
        "SELECT id, workshop, donor, ref, created_hlc FROM lots ORDER BY id",
        "SELECT id, hlc, workshop, operator, device, kind, payload FROM events ORDER BY id",
    };
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    for (size_t k = 0; k < sizeof q / sizeof q[0]; k++) {
        sqlite3_stmt *st;
        sqlite3_prepare_v2(db_handle(c->db), q[k], -1, &st, NULL);
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int i = 0; i < sqlite3_column_count(st); i++) {
                const char *t = (const char *)sqlite3_column_text(st, i);
                size_t l = t ? strlen(t) : 0;
                while (len + l + 2 >= cap) out = realloc(out, cap *= 2);
                memcpy(out + len, t ? t : "", l);
                len += l;
                out[len++] = i + 1 < sqlite3_column_count(st) ? '|' : '\n';
                out[len] = '\0';
            }
        }
        sqlite3_finalize(st);
    }
    return out;
}

static int64_t q_int(Ctx *c, const char *sql)
{
    sqlite3_stmt *st;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db_handle(c->db), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Event documents on the hub database (design documents excluded). A
 * CouchDB cluster may answer 200 and then end the rows with an error (a
 * shard that did not answer): that answer is not a count, it is asked
 * again (and shown). */
static int64_t hub_events(const char *db)
{
    Couch *a = admin();
    char path[128];
    snprintf(path, sizeof path, "/%s/_all_docs", db);
    int64_t n = -1;
    for (int attempt = 0; attempt < 20 && n < 0; attempt++) {
        json_t *out = NULL, *row;
        size_t i;
        if (couch_request(a, "GET", path, NULL, NULL, &out, NULL) == 0) {
            json_t *rows = json_object_get(out, "rows");
            if (json_is_array(rows) && !json_object_get(out, "error")) {
                n = 0;
                json_array_foreach(rows, i, row) {
                    const char *id = json_string_value(json_object_get(row, "id"));
                    if (id && id[0] != '_' && !strchr(id, ':')) n++;   /* not anchors (anchor.h) */
                }
            } else {
                char *txt = json_dumps(out, JSON_COMPACT);
                printf("# _all_docs answered %.300s\n", txt ? txt : "?");
                free(txt);
            }
        }
        json_decref(out);
        if (n < 0) usleep(250000);
    }
    couch_free(a);
    return n;
}

/* The same, once it equals want (at most 15 s): a cluster acknowledges a
 * write when 2 of the 3 copies have it, and _all_docs reads one copy of each
 * shard range, so a count right after a push may be short for a moment
 * (seen: one range's events missing on a freshly created database). The
 * number the hub ends with is what must be right. */
static int64_t hub_events_settled(const char *db, int64_t want)
{
    int64_t n = hub_events(db);
    for (int t = 0; t < 60 && n != want && hub.kind == TEST_HUB_COUCHDB; t++) {
        usleep(250000);
        n = hub_events(db);
        if (n == want) printf("# the hub's count settled after %d ms\n", (t + 1) * 250);
    }
    return n;
}

static SyncOpts fast = { .retries = 5, .backoff_ms = 5 };

/* 1. Two workshops through the hub end with identical projections; a
 * device received in one and changed in the other shows both. */
TEST(t01_two_workshops_converge)
{
    NEED_HUB();
    char db[32], dev[DEVICE_ID_MAX];
    CHECK(new_hub_db(db, sizeof db) == 0);
    Ctx a, b;
    CHECK(open_ws(&a, "GRE1") == 0);
    CHECK(open_ws(&b, "LYO1") == 0);
    CHECK(receive(&a, 30, dev) == 0);
    CHECK(receive(&b, 20, NULL) == 0);
    SyncConfig ca, cb;
    config_for(&ca, hub.url, db, "GRE1");
    config_for(&cb, hub.url, db, "LYO1");
    SyncResult r;
    Err e = {0};
    CHECK_MSG(sync_run(&a, &ca, &fast, &r, &e) == 0, "%s", e.msg);
    int64_t a_events = q_int(&a, "SELECT count(*) FROM events");
    CHECK_INT(r.pushed, a_events);
    CHECK_MSG(sync_run(&b, &cb, &fast, &r, &e) == 0, "%s", e.msg);
    CHECK_INT(r.pulled, a_events);
    /* the pulled devices are in the search index when the sync returns
     * (built after the pages, in batches) */
    CHECK_INT(q_int(&b, "SELECT count(*) FROM devices WHERE n > coalesce((SELECT CAST(value AS INTEGER) "
                        "FROM meta WHERE key = 'fts.upto'), 0)"), 0);
    CHECK_INT(q_int(&b, "SELECT count(*) FROM devices_fts WHERE devices_fts MATCH 'id:GRE1*'"), 30);
    /* LYO1 may not change a device received by GRE1 (doc/region.md)… */
    CHECK(device_set_state(&b, dev, "ready", "tested in Lyon", &e) < 0);
    CHECK_STR(e.msg, "Device GRE1-000030: refused, the device belongs to workshop GRE1.");
    err_clear(&e);
    /* …until GRE1 gives it: offer (once LYO1 is known there), sync, accept,
     * then LYO1's change shows in GRE1 */
    CHECK(transfer_offer(&a, dev, "LYO1", "for Lyon", &e) < 0);
    CHECK_STR(e.msg, "No workshop LYO1 is known here: sync with the hub first, or check the code.");
    err_clear(&e);
    CHECK(sync_run(&a, &ca, &fast, &r, &e) == 0);
    CHECK_MSG(transfer_offer(&a, dev, "LYO1", "for Lyon", &e) == 0, "%s", e.msg);
    CHECK(sync_run(&a, &ca, &fast, &r, &e) == 0);
    CHECK(sync_run(&b, &cb, &fast, &r, &e) == 0);
    CHECK_MSG(transfer_accept(&b, dev, &e) == 0, "%s", e.msg);
    CHECK_MSG(device_set_state(&b, dev, "ready", "tested in Lyon", &e) == 0, "%s", e.msg);
    CHECK(sync_run(&b, &cb, &fast, &r, &e) == 0);
    /* A cluster's _changes reads one copy of each shard: a write that two
     * of the three copies acknowledged may reach this reader one sync
     * later. PouchDB Server shows it at once. */
    Device d;
    int syncs = 0;
    do {
        if (syncs) usleep(200000);
        CHECK(sync_run(&a, &ca, &fast, &r, &e) == 0);
        CHECK_INT(r.rejected, 0);
        CHECK(device_get(&a, dev, &d, &e) == 1);
    } while (d.state != ST_READY && ++syncs < 10);
    if (syncs) printf("# the change arrived after %d more syncs\n", syncs);
    CHECK(hub.kind == TEST_HUB_COUCHDB || syncs == 0);
    CHECK(d.state == ST_READY);
    CHECK_STR(d.workshop, "LYO1");
    char *da = dump(&a), *dbb = dump(&b);
    int same = strcmp(da, dbb) == 0;
    free(da);
    free(dbb);
    CHECK(same);
    CHECK_INT(hub_events_settled(db, q_int(&a, "SELECT count(*) FROM events")), q_int(&a, "SELECT count(*) FROM events"));
    SyncStatus s;
    CHECK(sync_status(&a, &ca, &s, &e) == 0);
    CHECK_INT(s.pending, 0);
    CHECK(s.last_ok_ms > 0);
    CHECK_STR(s.last_error, "");
    ctx_close(&a);
    ctx_close(&b);
}

/* 2. Re-pushing everything (local state lost) is harmless: nothing new on
 * the hub, every event answered "already there". */
TEST(t02_repush_harmless)
{
    NEED_HUB();
    char db[32];
    CHECK(new_hub_db(db, sizeof db) == 0);
    Ctx a;
    CHECK(open_ws(&a, "GRE1") == 0);
    CHECK(receive(&a, 40, NULL) == 0);
    SyncConfig ca;
    config_for(&ca, hub.url, db, "GRE1");
    SyncResult r;
    Err e = {0};
    CHECK(sync_run(&a, &ca, &fast, &r, &e) == 0);
    int64_t n = r.pushed;
    CHECK(db_exec(a.db, "DELETE FROM sync_state", &e) == 0);
    /* the hub checkpoint is ahead of us now: not a hub loss */
    CHECK_MSG(sync_run(&a, &ca, &fast, &r, &e) == 0, "%s", e.msg);
    CHECK_INT(r.pushed, 0);
    CHECK_INT(r.already, n);
    CHECK_INT(r.rejected, 0);
    CHECK_INT(r.hub_reset, 0);
    CHECK_INT(hub_events_settled(db, n), n);
    ctx_close(&a);
}

static int count_rejects(void *arg, const char *dir, const char *id, const char *error,
                         const char *reason, int attempts)
{
    (void)id; (void)error;
    int *n = arg;
    if (strcmp(dir, "push") == 0 && strstr(reason, "GRE1") && attempts >= 1) (*n)++;
    return 0;
}

/* 3. A forged author is refused by the hub (GRE1's events sent with LYO1's
 * login): reported with the reason, retried SYNC_REJECT_TRIES times over
 * syncs, then left alone; sync goes on with the rest. */
TEST(t03_forged_author_refused)
{
    NEED_HUB();
    char db[32];
    CHECK(new_hub_db(db, sizeof db) == 0);
    Ctx a;
    CHECK(open_ws(&a, "GRE1") == 0);
    CHECK(receive(&a, 3, NULL) == 0);
    int64_t n = q_int(&a, "SELECT count(*) FROM events");
    SyncConfig forged;
    config_for(&forged, hub.url, db, "LYO1");
    SyncResult r;
    Err e = {0};
    CHECK_MSG(sync_run(&a, &forged, &fast, &r, &e) == 0, "%s", e.msg);
    CHECK_INT(r.pushed, 0);
    CHECK_INT(r.rejected, n);
    int listed = 0;
    CHECK(sync_rejects(&a, count_rejects, &listed, &e) == 0);
    CHECK_INT(listed, n);
    CHECK_INT(hub_events_settled(db, 0), 0);
    /* two more tries, then none */
    CHECK(sync_run(&a, &forged, &fast, &r, &e) == 0);
    CHECK_INT(r.rejected, n);
    CHECK(sync_run(&a, &forged, &fast, &r, &e) == 0);
    CHECK_INT(r.rejected, n);
    CHECK(sync_run(&a, &forged, &fast, &r, &e) == 0);
    CHECK_INT(r.rejected, 0);
    CHECK_INT(q_int(&a, "SELECT max(attempts) FROM sync_rejects"), SYNC_REJECT_TRIES);
    SyncStatus s;
    CHECK(sync_status(&a, &forged, &s, &e) == 0);
    CHECK_INT(s.rejected, n);
    ctx_close(&a);
}

/* 4. A hub replaced by an empty one at the same URL gets everything pushed
 * again; a hub restored from an older backup gets what it lost. */
TEST(t04_hub_lost_data)
{
    NEED_HUB();
    char db[32];
    CHECK(new_hub_db(db, sizeof db) == 0);
    Ctx a;
    CHECK(open_ws(&a, "GRE1") == 0);
    CHECK(receive(&a, 25, NULL) == 0);
    SyncConfig ca;
    config_for(&ca, hub.url, db, "GRE1");
    SyncResult r;
    Err e = {0};
    CHECK(sync_run(&a, &ca, &fast, &r, &e) == 0);
    int64_t n = q_int(&a, "SELECT count(*) FROM events");
    /* replaced by an empty hub */
    Couch *ad = admin();
    char path[64];
    snprintf(path, sizeof path, "/%s", db);
    CHECK(couch_request(ad, "DELETE", path, NULL, NULL, NULL, &e) == 0);
    hub_gone(db);
    CHECK(hub_init(ad, db, NULL, &e) == 0);
    hub_settle(db);
    CHECK_INT(hub_events_settled(db, 0), 0);
    CHECK_MSG(sync_run(&a, &ca, &fast, &r, &e) == 0, "%s", e.msg);
    CHECK_INT(r.hub_reset, 1);
    CHECK_INT(r.pushed, n);
    CHECK_INT(hub_events_settled(db, n), n);
    /* restored from an older backup: the checkpoint goes back to 10 and the
     * events after it are gone */
    CHECK(receive(&a, 5, NULL) == 0);
    CHECK(sync_run(&a, &ca, &fast, &r, &e) == 0);
    int64_t total = q_int(&a, "SELECT count(*) FROM events");
    snprintf(path, sizeof path, "/%s", db);
    CHECK(couch_request(ad, "DELETE", path, NULL, NULL, NULL, &e) == 0);
    hub_gone(db);
    CHECK(hub_init(ad, db, NULL, &e) == 0);
    hub_settle(db);
    /* the "backup": the first 10 events and a checkpoint at seq 10 */
    json_t *docs = json_array();
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db_handle(a.db), "SELECT " EVENT_COLUMNS " FROM events WHERE seq <= 10 ORDER BY seq", -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
        Event ev;
        event_from_row(st, &ev);
        json_array_append_new(docs, sync_event_doc(&ev));
        event_free(&ev);
    }
    sqlite3_finalize(st);
    json_t *body = json_pack("{s:o}", "docs", docs);
    snprintf(path, sizeof path, "/%s/_bulk_docs", db);
    CHECK(couch_request(ad, "POST", path, body, NULL, NULL, &e) == 0);
    json_decref(body);
    json_t *ck = json_pack("{s:i, s:s}", "seq", 10, "workshop", "GRE1");
    snprintf(path, sizeof path, "/%s/_local/boucle-push-GRE1", db);
    CHECK(couch_request(ad, "PUT", path, ck, NULL, NULL, &e) == 0);
    json_decref(ck);
    couch_free(ad);
    CHECK_INT(hub_events_settled(db, 10), 10);
    CHECK_MSG(sync_run(&a, &ca, &fast, &r, &e) == 0, "%s", e.msg);
    CHECK_INT(r.hub_reset, 1);
    CHECK_INT(r.pushed, total - 10);
    CHECK_INT(hub_events_settled(db, total), total);
    ctx_close(&a);
}

/* 5. Pulled documents this boucle cannot take (newer format, unknown kind,
 * broken fields, huge) are kept out of the database, reported, and the rest
 * goes through; the since moves on. */
TEST(t05_bad_documents_kept_out)
{
    NEED_HUB();
    char db[32];
    CHECK(new_hub_db(db, sizeof db) == 0);
    Ctx a, b;
    CHECK(open_ws(&a, "GRE1") == 0);
    CHECK(open_ws(&b, "LYO1") == 0);
    CHECK(receive(&a, 5, NULL) == 0);
    SyncConfig ca, cb;
    config_for(&ca, hub.url, db, "GRE1");
    config_for(&cb, hub.url, db, "LYO1");
    SyncResult r;
    Err e = {0};
    CHECK(sync_run(&a, &ca, &fast, &r, &e) == 0);
    int64_t good = r.pushed;
    /* written by "a newer boucle" and odd writers, as admin */
    Couch *ad = admin();
    json_t *docs = json_array();
    const char *kinds[] = { "device.teleport", "operator.add", "operator.add" };
    for (int i = 0; i < 3; i++) {
        char hlc[17], id[40];
        snprintf(hlc, sizeof hlc, "%016llx", (unsigned long long)(0x100000000000ULL + (unsigned)i));
        snprintf(id, sizeof id, "%s-GRE1", hlc);
        json_t *d = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:n, s:s, s:{s:s}}",
                              "_id", id, "type", "event", "v", i == 1 ? 99 : 1, "hlc", hlc,
                              "time", "2004-01-01T00:00:00Z", "workshop", "GRE1", "operator", "x",
                              "device", "kind", kinds[i], "payload", "name", "n");
        if (i == 2) {   /* huge payload: validation lets admins through */
            char *big = malloc(SYNC_DOC_MAX + 10);
            memset(big, 'x', SYNC_DOC_MAX + 9);
            big[SYNC_DOC_MAX + 9] = '\0';
            json_object_set_new(json_object_get(d, "payload"), "name", json_string(big));
            free(big);
        }
        json_array_append_new(docs, d);
    }
    json_t *body = json_pack("{s:o}", "docs", docs);
    char path[64];
    snprintf(path, sizeof path, "/%s/_bulk_docs", db);
    CHECK(couch_request(ad, "POST", path, body, NULL, NULL, &e) == 0);
    json_decref(body);
    couch_free(ad);
    CHECK_MSG(sync_run(&b, &cb, &fast, &r, &e) == 0, "%s", e.msg);
    CHECK_INT(r.pulled, good);
    CHECK_INT(r.deferred, 3);
    CHECK_INT(q_int(&b, "SELECT count(*) FROM events WHERE workshop = 'GRE1'"), good);
    CHECK_INT(q_int(&b, "SELECT count(*) FROM sync_rejects WHERE direction = 'pull'"), 3);
    CHECK_INT(q_int(&b, "SELECT count(*) FROM sync_rejects WHERE reason LIKE '%(format 99)%'"), 1);
    /* the next sync does not fetch them again; the newer one is retried
     * from the local copy and still kept out */
    CHECK(sync_run(&b, &cb, &fast, &r, &e) == 0);
    CHECK_INT(r.pulled, 0);
    CHECK_INT(r.deferred, 0);
    ctx_close(&a);
    ctx_close(&b);
}

/* 6. Through the fault proxy (cut mid-batch, dropped answers, resets,
 * 500/503, HTML, garbage, delays): syncs are repeated until one goes
 * through (bounded); then both sides hold every event exactly once. */
TEST(t06_faults_lose_nothing)
{
    NEED_HUB();
    TestProxy p;
    char why[256];
    int prc = test_proxy_start(&p, hub.port, why, sizeof why);
    if (prc == 1) SKIP("%s", why);
    CHECK_MSG(prc == 0, "%s", why);
    char db[32];
    CHECK(new_hub_db(db, sizeof db) == 0);
    Ctx a, b;
    CHECK(open_ws(&a, "GRE1") == 0);
    CHECK(open_ws(&b, "LYO1") == 0);
    CHECK(receive(&a, 300, NULL) == 0);
    CHECK(receive(&b, 200, NULL) == 0);
    SyncConfig ca, cb;
    config_for(&ca, p.url, db, "GRE1");
    config_for(&cb, p.url, db, "LYO1");
    test_proxy_plan(&p, "seed=11 max_faults=60 reset=0.08 s503=0.08 s500=0.05 html=0.03 "
                        "drop_req=0.1 drop_mid=0.1 garbage=0.05 delay=0.1 delay_ms=50");
    SyncOpts o = { .batch = 50, .retries = 1, .backoff_ms = 2 };
    int ok_a = 0, ok_b = 0, tries = 0, failures = 0;
    Err e = {0};
    SyncResult r;
    for (; tries < 60 && !(ok_a && ok_b); tries++) {
        int ra = sync_run(&a, &ca, &o, &r, &e) == 0 && r.rejected == 0;
        int rb = sync_run(&b, &cb, &o, &r, &e) == 0 && r.rejected == 0;
        failures += !ra + !rb;
        /* once both went through, one more round carries b's events to a */
        if (ra && rb && ok_a && ok_b) break;
        ok_a = ra;
        ok_b = rb;
    }
    test_proxy_plan(&p, "seed=1");
    CHECK(sync_run(&a, &ca, &o, &r, &e) == 0);
    CHECK(sync_run(&b, &cb, &o, &r, &e) == 0);
    CHECK(sync_run(&a, &ca, &o, &r, &e) == 0);
    test_proxy_stop(&p);
    printf("# %d sync runs failed on injected faults, %d rounds\n", failures, tries);
    CHECK_MSG(failures > 0, "the proxy injected no failure");
    int64_t na = q_int(&a, "SELECT count(*) FROM events WHERE workshop = 'GRE1'");
    int64_t nb = q_int(&b, "SELECT count(*) FROM events WHERE workshop = 'LYO1'");
    CHECK_INT(q_int(&a, "SELECT count(*) FROM events"), na + nb);
    CHECK_INT(q_int(&b, "SELECT count(*) FROM events"), na + nb);
    CHECK_INT(hub_events_settled(db, na + nb), na + nb);
    CHECK_INT(q_int(&a, "SELECT count(*) FROM sync_rejects"), 0);
    char *da = dump(&a), *dbb = dump(&b);
    int same = strcmp(da, dbb) == 0;
    free(da);
    free(dbb);
    CHECK(same);
    ctx_close(&a);
    ctx_close(&b);
}

/* 7. A hub that is down or refuses the password: a clear error, the local
 * database untouched, and the status keeps the error. */
TEST(t07_down_and_wrong_password)
{
    NEED_HUB();
    char db[32];
    CHECK(new_hub_db(db, sizeof db) == 0);
    Ctx a;
    CHECK(open_ws(&a, "GRE1") == 0);
    CHECK(receive(&a, 2, NULL) == 0);
    char *before = dump(&a);
    SyncConfig bad;
    config_for(&bad, hub.url, db, "GRE1");
    snprintf(bad.password, sizeof bad.password, "not-the-password");
    SyncResult r;
    Err e = {0};
    int rc = sync_run(&a, &bad, &fast, &r, &e);
    char *after = dump(&a);
    int same = strcmp(before, after) == 0;
    free(before);
    free(after);
    CHECK(rc < 0);
    CHECK_CONTAINS(e.msg, "password");
    CHECK(same);
    SyncStatus s;
    CHECK(sync_status(&a, &bad, &s, &e) == 0);
    CHECK_CONTAINS(s.last_error, "password");
    CHECK(s.pending > 0);
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", test_free_port());
    SyncConfig down;
    config_for(&down, url, db, "GRE1");
    SyncOpts o = { .retries = 1, .backoff_ms = 1 };
    CHECK(sync_run(&a, &down, &o, &r, &e) < 0);
    CHECK_CONTAINS(e.msg, "cannot be reached");
    ctx_close(&a);
}

/* 8. An event larger than the hub accepts (HTTP 413): the batch is split
 * until that one event is alone, which is refused with the reason; all the
 * others go through. */
TEST(t08_too_large_for_the_hub)
{
    NEED_HUB();
    char db[32];
    CHECK(new_hub_db(db, sizeof db) == 0);
    Ctx a;
    CHECK(open_ws(&a, "GRE1") == 0);
    CHECK(receive(&a, 30, NULL) == 0);
    Err e = {0};
    char *big = malloc(300001);
    memset(big, 'x', 300000);
    big[300000] = '\0';
    CHECK(event_append(&a, "operator.add", NULL, json_pack("{s:s}", "name", big), NULL, &e) == 0);
    free(big);
    CHECK(receive(&a, 30, NULL) == 0);
    int64_t n = q_int(&a, "SELECT count(*) FROM events");
    Couch *ad = admin();
    json_t *small = json_string("200000"), *dflt = json_string("67108864");
    /* CouchDB 3 has the configuration per node, PouchDB Server at /_config */
    const char *cfgpath = hub.kind == TEST_HUB_COUCHDB ? "/_node/_local/_config/couchdb/max_document_size"
                                                       : "/_config/couchdb/max_document_size";
    if (hub.kind == TEST_HUB_COUCHDB && hub.external) SKIP("does not change the configuration of a hub it did not start");
    int set = couch_request(ad, "PUT", cfgpath, small, NULL, NULL, &e);
    json_decref(small);
    CHECK_MSG(set == 0, "%s", e.msg);
    SyncConfig ca;
    config_for(&ca, hub.url, db, "GRE1");
    SyncResult r;
    int rc = sync_run(&a, &ca, &fast, &r, &e);
    couch_request(ad, "PUT", cfgpath, dflt, NULL, NULL, NULL);
    json_decref(dflt);
    couch_free(ad);
    CHECK_MSG(rc == 0, "%s", e.msg);
    CHECK_INT(r.rejected, 1);
    CHECK_INT(r.pushed, n - 1);
    CHECK_INT(hub_events_settled(db, n - 1), n - 1);
    CHECK_INT(q_int(&a, "SELECT count(*) FROM sync_rejects WHERE error = 'too_large'"), 1);
    ctx_close(&a);
}


static int replicate(const char *from, const char *to)
{
    char src[256], dst[256];
    snprintf(src, sizeof src, "%s/%s", hub.admin_url, from);
    snprintf(dst, sizeof dst, "%s/%s", hub.admin_url, to);
    json_t *body = json_pack("{s:s, s:s, s:b}", "source", src, "target", dst, "create_target", 1);
    Couch *a = admin();
    couch_set_timeout(a, 120000);
    Err e = {0};
    json_t *out = NULL;
    int rc = couch_request(a, "POST", "/_replicate", body, NULL, &out, &e);
    if (rc < 0) printf("# _replicate %s -> %s: %s\n", from, to, e.msg);
    else if (!json_is_true(json_object_get(out, "ok"))) rc = -1;
    json_decref(out);
    json_decref(body);
    couch_free(a);
    return rc;
}

/* 11. The hub restored from a backup: the database replicated to a backup
 * (events and design; _local checkpoints and _security do not travel),
 * more syncs, then the database deleted and restored from the backup. The
 * next syncs push again what the backup lacks; nothing is lost or doubled
 * anywhere, and both workshops end equal. */
TEST(t11_restored_from_backup)
{
    NEED_HUB();
    char db[32], bak[40];
    CHECK(new_hub_db(db, sizeof db) == 0);
    snprintf(bak, sizeof bak, "%sbak", db);
    Ctx a, b;
    CHECK(open_ws(&a, "GRE1") == 0);
    CHECK(open_ws(&b, "LYO1") == 0);
    CHECK(receive(&a, 20, NULL) == 0);
    CHECK(receive(&b, 10, NULL) == 0);
    SyncConfig ca, cb;
    config_for(&ca, hub.url, db, "GRE1");
    config_for(&cb, hub.url, db, "LYO1");
    SyncResult r;
    Err e = {0};
    CHECK_MSG(sync_run(&a, &ca, &fast, &r, &e) == 0, "%s", e.msg);
    CHECK_MSG(sync_run(&b, &cb, &fast, &r, &e) == 0, "%s", e.msg);
    CHECK_MSG(replicate(db, bak) == 0, "the backup failed");
    int64_t a_before = q_int(&a, "SELECT count(*) FROM events WHERE workshop = 'GRE1'");
    int64_t b_before = q_int(&b, "SELECT count(*) FROM events WHERE workshop = 'LYO1'");
    CHECK(receive(&a, 15, NULL) == 0);
    CHECK(receive(&b, 5, NULL) == 0);
    CHECK(sync_run(&a, &ca, &fast, &r, &e) == 0);
    CHECK(sync_run(&b, &cb, &fast, &r, &e) == 0);
    CHECK(sync_run(&a, &ca, &fast, &r, &e) == 0);
    /* the hub is lost and restored from the backup */
    Couch *ad = admin();
    char path[64];
    snprintf(path, sizeof path, "/%s", db);
    CHECK(couch_request(ad, "DELETE", path, NULL, NULL, NULL, &e) == 0);
    hub_gone(db);
    CHECK_MSG(replicate(bak, db) == 0, "the restore failed");
    CHECK_MSG(hub_init(ad, db, NULL, &e) == 0, "%s", e.msg);   /* _security */
    couch_free(ad);
    hub_settle(db);
    CHECK_INT(hub_events_settled(db, a_before + b_before), a_before + b_before);
    for (int round = 0; round < 2; round++) {
        CHECK_MSG(sync_run(&a, &ca, &fast, &r, &e) == 0, "%s", e.msg);
        if (round == 0) {
            printf("# GRE1 after the restore: %lld pushed, %lld already there, hub_reset %d\n",
                   (long long)r.pushed, (long long)r.already, r.hub_reset);
            CHECK_INT(r.pushed, q_int(&a, "SELECT count(*) FROM events WHERE workshop = 'GRE1'") - a_before);
        }
        CHECK_MSG(sync_run(&b, &cb, &fast, &r, &e) == 0, "%s", e.msg);
    }
    int64_t total = q_int(&a, "SELECT count(*) FROM events");
    CHECK_INT(q_int(&a, "SELECT count(DISTINCT id) FROM events"), total);
    CHECK_INT(q_int(&b, "SELECT count(*) FROM events"), total);
    CHECK_INT(hub_events_settled(db, total), total);
    char *da = dump(&a), *dbb = dump(&b);
    int same = strcmp(da, dbb) == 0;
    free(da);
    free(dbb);
    CHECK(same);
    ctx_close(&a);
    ctx_close(&b);
}

/* n devices in one transaction (20 000 events in a few seconds). */
static int receive_many(Ctx *c, int n)
{
    Err e = {0};
    if (db_exec(c->db, "CREATE INDEX IF NOT EXISTS t_serial ON devices(serial_key)", &e) < 0 ||
        db_begin(c->db, &e) < 0) return -1;
    for (int done = 0; done < n; done += 500)
        if (receive(c, n - done < 500 ? n - done : 500, NULL) < 0) return -1;
    return db_commit(c->db, &e);
}

/* kill -9 of a node from inside the sync's progress callback, once the sync
 * has moved that many documents: so the node dies in the middle of the
 * sync, never before or after it. */
typedef struct Killer {
    int node;
    int64_t at;
    int killed;
    int64_t done_at_kill;
} Killer;

static void kill_midway(void *arg, const SyncProgress *p)
{
    Killer *k = arg;
    int64_t done = p->phase == SYNC_PHASE_PUSH ? p->push_done : p->pull_done;
    if (!k->killed && done >= k->at &&
        (p->phase == SYNC_PHASE_PUSH || p->phase == SYNC_PHASE_PULL)) {
        k->killed = test_couch_node_kill(&hub, k->node) == 0;
        k->done_at_kill = done;
    }
}

/* $BOUCLE_TEST_KILL_EVENTS overrides it (a quicker run). */
#define KILL_EVENTS (getenv("BOUCLE_TEST_KILL_EVENTS") ? atoi(getenv("BOUCLE_TEST_KILL_EVENTS")) : 20000)
#if defined(__SANITIZE_ADDRESS__)
#define T_SANITIZED 1
#else
#define T_SANITIZED 0
#endif


/* Pushes ws to db through url with node `node` killed mid-push; then pulls
 * everything into a fresh workshop with node `node2` killed mid-pull. The
 * nodes are restarted after each run. same_run: the sync must finish in
 * the run that lost its node; else a later run (after the restart) must. */
static void kill_case(const char *push_url, int node, int push_same_run,
                      const char *pull_url, int node2, int pull_same_run)
{
    char db[32];
    CHECK(new_hub_db(db, sizeof db) == 0);
    Ctx a, b;
    CHECK(open_ws(&a, "GRE1") == 0);
    CHECK(receive_many(&a, KILL_EVENTS) == 0);
    int64_t n = q_int(&a, "SELECT count(*) FROM events");
    SyncConfig ca, cb;
    config_for(&ca, push_url, db, "GRE1");
    Killer k = { .node = node, .at = n / 4 };
    SyncOpts o = { .retries = 5, .backoff_ms = 200, .progress = kill_midway, .progress_arg = &k };
    SyncResult r;
    Err e = {0};
    int rc = sync_run(&a, &ca, &o, &r, &e);
    printf("# push: node %d killed after %lld of %lld: %s, %lld pushed, %llu retries, %llu failovers\n",
           node, (long long)k.done_at_kill, (long long)n, rc == 0 ? "finished" : e.msg,
           (long long)r.pushed, (unsigned long long)r.net.retries, (unsigned long long)r.net.failovers);
    CHECK_MSG(k.killed && k.done_at_kill < n, "the node was not killed mid-push");
    if (push_same_run) CHECK_MSG(rc == 0, "%s", e.msg);
    CHECK(test_couch_node_restart(&hub, node) == 0);
    if (rc != 0 || r.pushed + r.already < n) {
        o.progress = NULL;
        CHECK_MSG(sync_run(&a, &ca, &o, &r, &e) == 0, "%s", e.msg);
    }
    CHECK_INT(q_int(&a, "SELECT count(*) FROM sync_rejects"), 0);
    CHECK_INT(hub_events_settled(db, n), n);
    SyncStatus st;
    CHECK(sync_status(&a, &ca, &st, &e) == 0);
    CHECK_INT(st.pending, 0);

    CHECK(open_ws(&b, "LYO1") == 0);
    config_for(&cb, pull_url, db, "LYO1");
    Killer k2 = { .node = node2, .at = n / 4 };
    SyncOpts o2 = { .retries = 5, .backoff_ms = 200, .batch = 500, .progress = kill_midway, .progress_arg = &k2 };
    rc = sync_run(&b, &cb, &o2, &r, &e);
    printf("# pull: node %d killed after %lld of %lld: %s, %lld pulled, %llu retries, %llu failovers\n",
           node2, (long long)k2.done_at_kill, (long long)n, rc == 0 ? "finished" : e.msg,
           (long long)r.pulled, (unsigned long long)r.net.retries, (unsigned long long)r.net.failovers);
    CHECK_MSG(k2.killed && k2.done_at_kill < n, "the node was not killed mid-pull");
    if (pull_same_run) CHECK_MSG(rc == 0, "%s", e.msg);
    else CHECK_MSG(rc < 0, "the pull went on without its only node");
    CHECK(test_couch_node_restart(&hub, node2) == 0);
    o2.progress = NULL;
    CHECK_MSG(sync_run(&b, &cb, &o2, &r, &e) == 0, "%s", e.msg);
    CHECK_INT(q_int(&b, "SELECT count(*) FROM events WHERE workshop = 'GRE1'"), n);
    CHECK_INT(q_int(&b, "SELECT count(DISTINCT id) FROM events"), q_int(&b, "SELECT count(*) FROM events"));
    CHECK_INT(q_int(&b, "SELECT count(*) FROM devices"), q_int(&a, "SELECT count(*) FROM devices"));
    CHECK_INT(hub_events_settled(db, n + q_int(&b, "SELECT count(*) FROM events WHERE workshop = 'LYO1'")), n + q_int(&b, "SELECT count(*) FROM events WHERE workshop = 'LYO1'"));
    ctx_close(&a);
    ctx_close(&b);
}

#define NEED_OWN_CLUSTER() do { NEED_HUB(); \
        if (hub.kind != TEST_HUB_COUCHDB) SKIP("PouchDB Server is one process: no node to kill"); \
        if (hub.external) SKIP("$BOUCLE_TEST_COUCHDB: the test kills only nodes it started"); \
        if (T_SANITIZED) SKIP("run in the plain pass only (2 x 20 000 events: minutes under ASan)"); \
    } while (0)

/* 9. kill -9 of a node the client does not talk to (it talks to node 1),
 * mid-push then mid-pull: the cluster goes on with two copies and the same
 * run finishes; nothing lost, nothing doubled once the node is back. */
TEST(t09_kill_other_node)
{
    NEED_OWN_CLUSTER();
    char n1[64];
    test_couch_node_url(&hub, 1, n1, sizeof n1);
    kill_case(n1, 3, 1, n1, 2, 1);
}

/* 10. kill -9 of the node the client talks to: mid-push with hub.url
 * listing the three nodes, it fails over and the same run finishes;
 * mid-pull with only that node's URL the run fails, and the next run after
 * the restart finishes. Nothing lost, nothing doubled. */
TEST(t10_kill_own_node)
{
    NEED_OWN_CLUSTER();
    char all[256], n1[64], u2[64], u3[64];
    test_couch_node_url(&hub, 1, n1, sizeof n1);
    test_couch_node_url(&hub, 2, u2, sizeof u2);
    test_couch_node_url(&hub, 3, u3, sizeof u3);
    snprintf(all, sizeof all, "%s %s %s", n1, u2, u3);
    kill_case(all, 1, 1, n1, 1, 0);
}

int main(void)
{
    setlocale(LC_ALL, "");
    snprintf(tmpdir, sizeof tmpdir, "/tmp/boucle-sync.XXXXXX");
    if (!mkdtemp(tmpdir)) return 1;
    for (int k = 0; k < TEST_HUB_KINDS; k++) {
        hub_state = test_hub_start_kind(&hub, (TestHubKind)k, hub_why, sizeof hub_why);
        char tag[16];
        snprintf(tag, sizeof tag, "/%s", test_hub_tag(&hub));
        t_suffix = tag;
        RUN(t01_two_workshops_converge);
        RUN(t02_repush_harmless);
        RUN(t03_forged_author_refused);
        RUN(t04_hub_lost_data);
        RUN(t05_bad_documents_kept_out);
        RUN(t06_faults_lose_nothing);
        RUN(t07_down_and_wrong_password);
        RUN(t08_too_large_for_the_hub);
        RUN(t11_restored_from_backup);
        RUN(t09_kill_other_node);
        RUN(t10_kill_own_node);
        test_hub_stop(&hub);
        t_suffix = "";
    }
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) { /* harmless */ }
    return t_done();
}
