/*
 * test_anchor.c — the chain's heads anchored at the hub (core/sync/anchor.c
 * and the design document of core/sync/hub.c), against real hubs: PouchDB
 * Server, then the 3-node Apache CouchDB 3.5 cluster (support_hub.h; cases
 * named "/pouchdb" and "/couchdb").
 *
 * a sync leaves key, anchor and head documents, the next one with new
 * records moves the head; the hub refuses an older or divergent head, a
 * changed or deleted anchor, another workshop's anchor; a pull over anchors
 * of two workshops stores and rejects nothing; anchor_verify finds a history
 * rewritten and re-signed with the workshop's key, re-signed with a new key,
 * cut at its tail — also once the local chain_anchors are wiped, when the
 * local chain alone looks intact — and passes an intact one.
 *
 * The insider's tools (rewrite, new_key, truncate) do what someone with the
 * database and the key file can do: drop the triggers, edit, recompute
 * every hash with chain_link/chain_genesis and sign the heads again.
 */
#include "core/log/chain.h"
#include "core/settings/config.h"
#include "core/stock/device.h"
#include "core/stock/lot.h"
#include "core/stock/workshop.h"
#include "core/sync/anchor.h"
#include "core/sync/hub.h"
#include "core/sync/sync.h"
#include "tests/unit/support_hub.h"
#include "tests/unit/support_ws.h"
#include "tests/unit/t.h"
#include <locale.h>
#include <sodium.h>
#include <unistd.h>

static TestHub hub;
static int hub_state = -1;
static char hub_why[256];
static char tmpdir[64];

#define NEED_HUB() do { if (hub_state == 1) SKIP("%s", hub_why); \
        CHECK_MSG(hub_state == 0, "hub: %s", hub_why); } while (0)

static Couch *admin(void) { return couch_new(hub.admin_url, NULL, NULL, NULL); }

/* A cluster applies _security and users on each node a moment later. */
static void hub_settle(const char *db)
{
    if (hub.kind != TEST_HUB_COUCHDB) return;
    char path[96];
    snprintf(path, sizeof path, "/%s", db);
    for (int i = 1; i <= (hub.external ? 1 : TEST_COUCH_NODES); i++) {
        char url[64];
        if (hub.external) snprintf(url, sizeof url, "%s", hub.url);
        else test_couch_node_url(&hub, i, url, sizeof url);
        const char *ws[] = { "GRE1", "LYO1" };
        for (int w = 0; w < 2; w++) {
            char pw[32];
            snprintf(pw, sizeof pw, "pw-%s-0", ws[w]);
            Couch *c = couch_new(url, ws[w], pw, NULL);
            couch_set_retries(c, 0, 1, 1);
            int t = 0;
            while (couch_request(c, "GET", path, NULL, NULL, NULL, NULL) < 0 && t++ < 100) usleep(100000);
            couch_free(c);
        }
    }
}

static int new_hub_db(char *name, size_t size)
{
    test_hub_db_name("anchor", name, size);
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

static int sync_as(Ctx *c, const char *db, SyncResult *res, Err *e)
{
    SyncConfig cfg;
    test_ws_config(&cfg, hub.url, db, c->workshop);
    SyncOpts o = { .retries = 2, .backoff_ms = 50 };
    return sync_run(c, &cfg, &o, res, e);
}

/* A document of the hub read as admin (NULL when absent). */
static json_t *hub_doc(const char *db, const char *id)
{
    Couch *a = admin();
    char path[256], esc[160];
    couch_escape(id, esc, sizeof esc);
    snprintf(path, sizeof path, "/%s/%s", db, esc);
    json_t *out = NULL;
    if (couch_request(a, "GET", path, NULL, NULL, &out, NULL) < 0) { json_decref(out); out = NULL; }
    couch_free(a);
    return out;
}

/* A PUT as a workshop user: the HTTP status (201 stored), *reason (may be
 * NULL) the hub's message. */
static long put_as(const char *db, const char *user, json_t *doc, char *reason, size_t rsize)
{
    char pw[32], path[256], esc[160];
    snprintf(pw, sizeof pw, "pw-%s-0", user);
    Couch *c = couch_new(hub.url, user, pw, NULL);
    couch_set_retries(c, 1, 50, 100);
    couch_escape(json_string_value(json_object_get(doc, "_id")), esc, sizeof esc);
    snprintf(path, sizeof path, "/%s/%s", db, esc);
    long status = 0;
    Err e = {0};
    json_t *out = NULL;
    if (couch_request(c, "PUT", path, doc, &status, &out, &e) == 0) status = 201;
    if (reason) snprintf(reason, rsize, "%s", e.msg);
    json_decref(out);
    couch_free(c);
    return status;
}

static long delete_as(const char *db, const char *user, const char *id, const char *rev, char *reason, size_t rsize)
{
    char pw[32], path[300], esc[160];
    snprintf(pw, sizeof pw, "pw-%s-0", user);
    Couch *c = couch_new(hub.url, user, pw, NULL);
    couch_escape(id, esc, sizeof esc);
    snprintf(path, sizeof path, "/%s/%s?rev=%s", db, esc, rev);
    long status = 0;
    Err e = {0};
    if (couch_request(c, "DELETE", path, NULL, &status, NULL, &e) == 0) status = 200;
    snprintf(reason, rsize, "%s", e.msg);
    couch_free(c);
    return status;
}

/* ---- the insider's tools ---- */

static int exec(Ctx *c, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db_handle(c->db), sql, NULL, NULL, &err) != SQLITE_OK) {
        printf("# %s: %s\n", sql, err ? err : "?");
        sqlite3_free(err);
        return -1;
    }
    return 0;
}

/* The secret key of the key in force, read from its file. */
static int secret_key(Ctx *c, unsigned char pk[32], unsigned char sk[64])
{
    char hex[200], path[4096], buf[200];
    if (db_meta_get(c->db, "chain.public", hex, sizeof hex) != 1) return -1;
    sodium_hex2bin(pk, 32, hex, 64, NULL, NULL, NULL);
    if (chain_key_path(hex, path, sizeof path) < 0) return -1;
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    return n >= 128 && sodium_hex2bin(sk, 64, buf, 128, NULL, NULL, NULL) == 0 ? 0 : -1;
}

/* Every hash of the chain recomputed from the origin (meta chain.genesis)
 * and every head signed again with (pk, sk): the chain looks intact. */
static int rehash_resign(Ctx *c, const unsigned char pk[32], const unsigned char sk[64])
{
    char g[200];
    if (db_meta_get(c->db, "chain.genesis", g, sizeof g) != 1) return -1;
    char *sp = strchr(g, ' ');
    unsigned char first[32], prev[32];
    *sp = '\0';
    sodium_hex2bin(first, 32, sp + 1, 64, NULL, NULL, NULL);
    chain_genesis(g, first, prev);
    sqlite3 *h = db_handle(c->db);
    sqlite3_stmt *st, *up;
    sqlite3_prepare_v2(h, "SELECT c.n, e.id, e.hlc, e.workshop, e.operator, e.device, e.kind, e.payload "
                          "FROM chain c JOIN events e ON e.seq = c.seq ORDER BY c.n", -1, &st, NULL);
    sqlite3_prepare_v2(h, "UPDATE chain SET hash = ?2 WHERE n = ?1", -1, &up, NULL);
    if (exec(c, "BEGIN") < 0) return -1;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *f[7];
        char hlc[24];
        for (int i = 0; i < 7; i++) f[i] = (const char *)sqlite3_column_text(st, i + 1);
        snprintf(hlc, sizeof hlc, "%lld", (long long)sqlite3_column_int64(st, 2));
        f[1] = hlc;
        unsigned char out[32];
        chain_link(prev, f, out);
        memcpy(prev, out, 32);
        sqlite3_bind_int64(up, 1, sqlite3_column_int64(st, 0));
        sqlite3_bind_blob(up, 2, out, 32, SQLITE_TRANSIENT);
        sqlite3_step(up);
        sqlite3_reset(up);
    }
    sqlite3_finalize(st);
    sqlite3_finalize(up);
    /* the heads: at each head's n, the new hash, signed */
    sqlite3_prepare_v2(h, "SELECT hd.n, hd.workshop, c.hash FROM chain_heads hd JOIN chain c ON c.n = hd.n", -1, &st, NULL);
    sqlite3_prepare_v2(h, "UPDATE chain_heads SET hash = ?2, key = ?3, sig = ?4 WHERE n = ?1", -1, &up, NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
        /* signed as chain.c signs (chain_head_sign) */
        ChainHead hd = { .n = sqlite3_column_int64(st, 0) };
        snprintf(hd.workshop, sizeof hd.workshop, "%s", (const char *)sqlite3_column_text(st, 1));
        memcpy(hd.hash, sqlite3_column_blob(st, 2), 32);
        chain_head_sign(&hd, sk);
        (void)pk;
        sqlite3_bind_int64(up, 1, hd.n);
        sqlite3_bind_blob(up, 2, hd.hash, 32, SQLITE_TRANSIENT);
        sqlite3_bind_blob(up, 3, hd.key, 32, SQLITE_TRANSIENT);
        sqlite3_bind_blob(up, 4, hd.sig, 64, SQLITE_TRANSIENT);
        sqlite3_step(up);
        sqlite3_reset(up);
    }
    sqlite3_finalize(st);
    sqlite3_finalize(up);
    return exec(c, "COMMIT");
}

/* The trigger that forbids it dropped, event seq's payload edited. */
static int edit_event(Ctx *c, int64_t n)
{
    char sql[300];
    snprintf(sql, sizeof sql,
             "DROP TRIGGER IF EXISTS events_no_update; UPDATE events SET payload = json_set(payload, '$.serial', 'FORGED') "
             "WHERE seq = (SELECT seq FROM chain WHERE n = %lld)", (long long)n);
    return exec(c, sql);
}

/* (a) record n rewritten, the chain re-signed with the workshop's key. */
static int rewrite(Ctx *c, int64_t n)
{
    unsigned char pk[32], sk[64];
    if (secret_key(c, pk, sk) < 0 || edit_event(c, n) < 0) return -1;
    return rehash_resign(c, pk, sk);
}

/* (b) the same with a new key, made the origin of the chain. */
static int rewrite_new_key(Ctx *c, int64_t n)
{
    unsigned char pk[32], sk[64];
    char hex[65], g[120];
    crypto_sign_keypair(pk, sk);
    sodium_bin2hex(hex, sizeof hex, pk, 32);
    snprintf(g, sizeof g, "%s %s", c->workshop, hex);
    Err e = {0};
    if (edit_event(c, n) < 0 || db_meta_set(c->db, "chain.genesis", g, &e) < 0 ||
        db_meta_set(c->db, "chain.public", hex, &e) < 0) return -1;
    return rehash_resign(c, pk, sk);
}

/* (c) the last k records cut: their events, chain rows and heads, and a
 * head signed at the new tip. */
static int truncate_tail(Ctx *c, int64_t k)
{
    unsigned char pk[32], sk[64];
    if (secret_key(c, pk, sk) < 0) return -1;
    int64_t n = test_ws_int(c, "SELECT max(n) FROM chain") - k;
    char sql[600];
    snprintf(sql, sizeof sql,
             "DROP TRIGGER IF EXISTS events_no_delete; "
             "DELETE FROM events WHERE seq IN (SELECT seq FROM chain WHERE n > %lld); "
             "DELETE FROM chain WHERE n > %lld; DELETE FROM chain_heads WHERE n > %lld; "
             "INSERT OR IGNORE INTO chain_heads(n, workshop, hash, key, sig, at_ms) "
             "SELECT n, '%s', hash, x'', x'', 0 FROM chain WHERE n = %lld",
             (long long)n, (long long)n, (long long)n, c->workshop, (long long)n);
    if (exec(c, sql) < 0) return -1;
    Err e = {0};
    if (event_rebuild(c, &e) < 0) { printf("# rebuild: %s\n", e.msg); return -1; }
    return rehash_resign(c, pk, sk);
}

/* A fresh report as chain_verify leaves an intact chain. */
static void fresh_report(Ctx *c, ChainReport *r)
{
    memset(r, 0, sizeof *r);
    r->ok = 1;
    r->records = test_ws_int(c, "SELECT count(*) FROM chain");
}

/* ---- cases ---- */

/* 1. A sync leaves the key, an anchor and the head; a sync without new
 * records adds nothing; one with new records moves the head forward. */
TEST(t01_sync_anchors)
{
    NEED_HUB();
    char db[64];
    CHECK(new_hub_db(db, sizeof db) == 0);
    Ctx c;
    CHECK(test_ws_open(&c, tmpdir, "GRE1") == 0);
    CHECK(test_ws_receive(&c, 5) == 0);
    SyncResult res;
    Err e = {0};
    CHECK_MSG(sync_as(&c, db, &res, &e) == 0, "%s", e.msg);
    int64_t n1 = test_ws_int(&c, "SELECT max(n) FROM chain");
    CHECK(n1 >= 6);
    CHECK_INT(res.anchored, n1);
    CHECK_INT(test_ws_int(&c, "SELECT count(*) FROM chain_anchors"), 1);
    CHECK_INT(test_ws_int(&c, "SELECT max(n) FROM chain_anchors"), n1);
    char id[128], pk[200];
    anchor_doc_id(id, sizeof id, "GRE1", n1);
    json_t *a = hub_doc(db, id), *h = hub_doc(db, "head:GRE1");
    CHECK(a != NULL && h != NULL);
    ChainHead ha, hh;
    CHECK(anchor_head_from_doc(a, &ha) == 1);
    CHECK(anchor_head_from_doc(h, &hh) == 1);
    CHECK(chain_head_valid(&ha));
    CHECK_INT(hh.n, n1);
    CHECK_STR(json_string_value(json_object_get(a, "type")), "anchor");
    json_decref(a);
    json_decref(h);
    CHECK(db_meta_get(c.db, "chain.public", pk, sizeof pk) == 1);
    snprintf(id, sizeof id, "key:GRE1:%s", pk);
    json_t *k = hub_doc(db, id);
    CHECK(k != NULL);
    CHECK_STR(json_string_value(json_object_get(k, "replaces")), "");
    json_decref(k);
    /* nothing new: no anchor */
    CHECK_MSG(sync_as(&c, db, &res, &e) == 0, "%s", e.msg);
    CHECK_INT(res.anchored, 0);
    /* new records: the head moves forward */
    CHECK(test_ws_receive(&c, 3) == 0);
    CHECK_MSG(sync_as(&c, db, &res, &e) == 0, "%s", e.msg);
    int64_t n2 = test_ws_int(&c, "SELECT max(n) FROM chain");
    CHECK(n2 > n1);
    CHECK_INT(res.anchored, n2);
    h = hub_doc(db, "head:GRE1");
    CHECK_INT(json_integer_value(json_object_get(h, "n")), n2);
    json_decref(h);
    CHECK_INT(test_ws_int(&c, "SELECT count(*) FROM chain_anchors"), 2);
    ctx_close(&c);
}

/* 2. The hub's rules: an older or divergent head, a changed or deleted
 * anchor, another workshop's anchor, a malformed one are refused. */
TEST(t02_hub_refuses)
{
    NEED_HUB();
    char db[64], why[512];
    CHECK(new_hub_db(db, sizeof db) == 0);
    Ctx c;
    CHECK(test_ws_open(&c, tmpdir, "GRE1") == 0);
    CHECK(test_ws_receive(&c, 4) == 0);
    SyncResult res;
    Err e = {0};
    CHECK_MSG(sync_as(&c, db, &res, &e) == 0, "%s", e.msg);
    int64_t n = res.anchored;
    CHECK(n > 2);
    json_t *head = hub_doc(db, "head:GRE1");
    CHECK(head != NULL);
    /* older head */
    json_t *d = json_deep_copy(head);
    json_object_set_new(d, "n", json_integer(n - 1));
    CHECK_INT(put_as(db, "GRE1", d, why, sizeof why), 403);
    CHECK_CONTAINS(why, "older head");
    json_decref(d);
    /* divergent head */
    d = json_deep_copy(head);
    json_object_set_new(d, "hash", json_string("00000000000000000000000000000000000000000000000000000000000000aa"));
    CHECK_INT(put_as(db, "GRE1", d, why, sizeof why), 403);
    CHECK_CONTAINS(why, "divergent head");
    json_decref(d);
    /* forward is fine (format only: the hub cannot check signatures) */
    d = json_deep_copy(head);
    json_object_set_new(d, "n", json_integer(n + 1));
    CHECK_INT(put_as(db, "GRE1", d, why, sizeof why), 201);
    json_decref(d);
    json_decref(head);
    /* a changed anchor */
    char id[128];
    anchor_doc_id(id, sizeof id, "GRE1", n);
    json_t *a = hub_doc(db, id);
    CHECK(a != NULL);
    d = json_deep_copy(a);
    json_object_set_new(d, "hash", json_string("00000000000000000000000000000000000000000000000000000000000000bb"));
    CHECK_INT(put_as(db, "GRE1", d, why, sizeof why), 403);
    CHECK_CONTAINS(why, "immutable");
    json_decref(d);
    /* deleted by its workshop */
    CHECK_INT(delete_as(db, "GRE1", id, json_string_value(json_object_get(a, "_rev")), why, sizeof why), 403);
    CHECK_CONTAINS(why, "never deleted");
    /* the same content again: let through (a re-push is harmless) */
    CHECK_INT(put_as(db, "GRE1", a, why, sizeof why), 201);
    /* another workshop writing GRE1's anchor, or GRE1's under its own id */
    d = json_deep_copy(a);
    json_object_del(d, "_rev");
    char id2[64];
    anchor_doc_id(id2, sizeof id2, "GRE1", n + 5);
    json_object_set_new(d, "_id", json_string(id2));
    json_object_set_new(d, "n", json_integer(n + 5));
    CHECK_INT(put_as(db, "LYO1", d, why, sizeof why), 403);
    CHECK_CONTAINS(why, "may not write anchors of workshop GRE1");
    anchor_doc_id(id2, sizeof id2, "LYO1", n + 5);
    json_object_set_new(d, "_id", json_string(id2));
    CHECK_INT(put_as(db, "LYO1", d, why, sizeof why), 403);
    CHECK_CONTAINS(why, "the id of this anchor must be");
    /* malformed: an extra field, a short signature */
    anchor_doc_id(id2, sizeof id2, "GRE1", n + 5);
    json_object_set_new(d, "_id", json_string(id2));
    json_object_set_new(d, "note", json_string("x"));
    CHECK_INT(put_as(db, "GRE1", d, why, sizeof why), 403);
    json_object_del(d, "note");
    json_object_set_new(d, "sig", json_string("abcd"));
    CHECK_INT(put_as(db, "GRE1", d, why, sizeof why), 403);
    CHECK_CONTAINS(why, "sig");
    json_decref(d);
    /* a key changed */
    char pk[200];
    db_meta_get(c.db, "chain.public", pk, sizeof pk);
    snprintf(id, sizeof id, "key:GRE1:%s", pk);
    json_t *k = hub_doc(db, id);
    CHECK(k != NULL);
    json_object_set_new(k, "replaces", json_string("abcd abcd abcd abcd abcd abcd abcd abcd"));
    CHECK_INT(put_as(db, "GRE1", k, why, sizeof why), 403);
    CHECK_CONTAINS(why, "immutable");
    json_decref(k);
    json_decref(a);
    ctx_close(&c);
}

/* 3. A pull over the anchors of two workshops: no bad document, no
 * anchor stored as an event. */
TEST(t03_pull_two_workshops)
{
    NEED_HUB();
    char db[64];
    CHECK(new_hub_db(db, sizeof db) == 0);
    Ctx a, b;
    CHECK(test_ws_open(&a, tmpdir, "GRE1") == 0);
    CHECK(test_ws_open(&b, tmpdir, "LYO1") == 0);
    CHECK(test_ws_receive(&a, 3) == 0);
    CHECK(test_ws_receive(&b, 4) == 0);
    SyncResult res;
    Err e = {0};
    CHECK_MSG(sync_as(&a, db, &res, &e) == 0, "%s", e.msg);
    CHECK_MSG(sync_as(&b, db, &res, &e) == 0, "%s", e.msg);
    CHECK(res.anchored > 0);
    CHECK_INT(res.deferred, 0);
    CHECK(test_ws_receive(&a, 2) == 0);
    CHECK_MSG(sync_as(&a, db, &res, &e) == 0, "%s", e.msg);
    CHECK_INT(res.deferred, 0);
    CHECK_MSG(sync_as(&b, db, &res, &e) == 0, "%s", e.msg);
    CHECK_INT(res.deferred, 0);
    CHECK_INT(test_ws_int(&a, "SELECT count(*) FROM sync_rejects"), 0);
    CHECK_INT(test_ws_int(&b, "SELECT count(*) FROM sync_rejects"), 0);
    CHECK_INT(test_ws_int(&a, "SELECT count(*) FROM events WHERE id LIKE '%:%'"), 0);
    CHECK_INT(test_ws_int(&b, "SELECT count(*) FROM events"), test_ws_int(&a, "SELECT count(*) FROM events"));
    ctx_close(&a);
    ctx_close(&b);
}

/* A workshop with two anchors at the hub: n1 (the first sync), n2 (the
 * second). */
static int anchored_ws(Ctx *c, char *db, size_t size, int64_t *n1, int64_t *n2)
{
    SyncResult res;
    Err e = {0};
    if (new_hub_db(db, size) < 0 || test_ws_open(c, tmpdir, "GRE1") < 0 || test_ws_receive(c, 4) < 0) return -1;
    if (sync_as(c, db, &res, &e) < 0) { printf("# sync: %s\n", e.msg); return -1; }
    *n1 = res.anchored;
    if (test_ws_receive(c, 3) < 0 || sync_as(c, db, &res, &e) < 0) { printf("# sync: %s\n", e.msg); return -1; }
    *n2 = res.anchored;
    return *n1 > 0 && *n2 > *n1 ? 0 : -1;
}

/* Verifies locally, then against the hub; the reason the hub gave. */
static void verify_both(Ctx *c, const char *db, int *local_ok, ChainReport *hubr, char *note, size_t nsize)
{
    ChainReport r;
    Err e = {0};
    if (chain_verify(c, &r, &e) < 0) printf("# chain_verify: %s\n", e.msg);
    *local_ok = r.ok;
    fresh_report(c, hubr);
    SyncConfig cfg;
    test_ws_config(&cfg, hub.url, db, "GRE1");
    if (anchor_verify_hub(c, &cfg, hubr, note, nsize, &e) < 0) printf("# anchor_verify: %s\n", e.msg);
}

/* 4. An intact chain passes, its anchors counted. */
TEST(t04_intact)
{
    NEED_HUB();
    char db[64], note[256];
    Ctx c;
    int64_t n1, n2;
    CHECK(anchored_ws(&c, db, sizeof db, &n1, &n2) == 0);
    ChainReport r;
    Err e = {0};
    CHECK(chain_verify(&c, &r, &e) == 0);
    CHECK_MSG(r.ok, "%s", r.reason);
    SyncConfig cfg;
    test_ws_config(&cfg, hub.url, db, "GRE1");
    CHECK(anchor_verify_hub(&c, &cfg, &r, note, sizeof note, &e) == 0);
    CHECK_MSG(r.ok, "%s", r.reason);
    CHECK_STR(note, "");
    CHECK_INT(r.anchors, 2 + 2 + 1);    /* 2 local, 2 at the hub, the head */
    CHECK_INT(r.anchored_n, n2);
    ctx_close(&c);
}

/* The three insiders' edits, each with and without the local anchors. */
typedef enum { T_REWRITE, T_NEW_KEY, T_TRUNCATE } Tamper;

static void tampered(Tamper how, int wipe)
{
    char db[64], note[256];
    Ctx c;
    int64_t n1, n2;
    CHECK(anchored_ws(&c, db, sizeof db, &n1, &n2) == 0);
    int rc = how == T_REWRITE ? rewrite(&c, 2) : how == T_NEW_KEY ? rewrite_new_key(&c, 2) : truncate_tail(&c, 3);
    CHECK(rc == 0);
    if (wipe) CHECK(exec(&c, "DELETE FROM chain_anchors") == 0);
    int local_ok;
    ChainReport r;
    verify_both(&c, db, &local_ok, &r, note, sizeof note);
    /* with the local anchors gone, the local chain alone looks intact */
    CHECK_INT(local_ok, wipe ? 1 : 0);
    CHECK_MSG(!r.ok, "the hub did not tell (note: %s)", note);
    if (how == T_REWRITE) CHECK_CONTAINS(r.reason, "the history was rewritten");
    if (how == T_NEW_KEY) CHECK_CONTAINS(r.reason, "signed by a key the hub never received");
    if (how == T_TRUNCATE) CHECK_CONTAINS(r.reason, "the history was cut");
    /* the next sync cannot hide it: the hub refuses the rewritten head */
    if (how != T_NEW_KEY) {
        SyncResult res;
        Err e = {0};
        CHECK(test_ws_receive(&c, 1) == 0);
        int s = sync_as(&c, db, &res, &e);
        if (how == T_TRUNCATE) {
            /* 3 records cut, 2 added: the chain ends one before the head */
            CHECK(s < 0);
            CHECK_CONTAINS(e.msg, "refused the head");
            CHECK_CONTAINS(e.msg, "older head");
        } else {
            /* rewritten, then grown: the hub takes the new head (it cannot
             * see the past changed) */
            CHECK_MSG(s == 0, "%s", e.msg);
        }
        /* and verify still tells */
        verify_both(&c, db, &local_ok, &r, note, sizeof note);
        CHECK(!r.ok);
    }
    ctx_close(&c);
}

/* 5a. Rewritten and re-signed with the workshop's own key. */
TEST(t05_rewritten_own_key) { NEED_HUB(); tampered(T_REWRITE, 0); }
TEST(t05_rewritten_own_key_local_anchors_wiped) { NEED_HUB(); tampered(T_REWRITE, 1); }
/* 5b. Re-signed with a new key. */
TEST(t06_resigned_new_key) { NEED_HUB(); tampered(T_NEW_KEY, 0); }
TEST(t06_resigned_new_key_local_anchors_wiped) { NEED_HUB(); tampered(T_NEW_KEY, 1); }
/* 5c. The tail cut. */
TEST(t07_truncated) { NEED_HUB(); tampered(T_TRUNCATE, 0); }
TEST(t07_truncated_local_anchors_wiped) { NEED_HUB(); tampered(T_TRUNCATE, 1); }

/* 8. A rewritten history cannot be anchored: the hub holds another anchor
 * at the same record. */
TEST(t08_rewritten_anchor_refused_at_sync)
{
    NEED_HUB();
    char db[64];
    Ctx c;
    int64_t n1, n2;
    CHECK(anchored_ws(&c, db, sizeof db, &n1, &n2) == 0);
    CHECK(rewrite(&c, 2) == 0);
    CHECK(exec(&c, "DELETE FROM chain_anchors") == 0);
    SyncResult res;
    Err e = {0};
    CHECK(sync_as(&c, db, &res, &e) < 0);
    char want[128];
    snprintf(want, sizeof want, "the hub holds another anchor at record %lld", (long long)n2);
    CHECK_CONTAINS(e.msg, want);
    CHECK_INT(test_ws_int(&c, "SELECT count(*) FROM chain_anchors"), 0);
    ctx_close(&c);
}

/* 9. No hub configured, or one that cannot be reached: a note, not a
 * failure. */
TEST(t09_no_hub_unreachable)
{
    Ctx c;
    CHECK(test_ws_open(&c, tmpdir, "GRE1") == 0);
    CHECK(test_ws_receive(&c, 1) == 0);
    ChainReport r;
    char note[256];
    Err e = {0};
    fresh_report(&c, &r);
    CHECK(anchor_verify(&c, &r, note, sizeof note, &e) == 0);
    CHECK(r.ok);
    CHECK_STR(note, "no hub configured: local anchors only");
    SyncConfig cfg;
    memset(&cfg, 0, sizeof cfg);
    snprintf(cfg.url, sizeof cfg.url, "http://127.0.0.1:%d", test_free_port());
    snprintf(cfg.db, sizeof cfg.db, "boucle");
    CHECK(anchor_verify_hub(&c, &cfg, &r, note, sizeof note, &e) == 0);
    CHECK(r.ok);
    CHECK_CONTAINS(note, "hub unreachable: ");
    /* the configured hub is the one read */
    CHECK(config_set(NULL, "hub.url", cfg.url, &e) == 0);
    CHECK(anchor_verify(&c, &r, note, sizeof note, &e) == 0);
    CHECK_CONTAINS(note, "hub unreachable: ");
    CHECK(config_set(NULL, "hub.url", "", &e) == 0);
    ctx_close(&c);
}

/* 10. A forged anchor at the hub (written by a hub admin, its signature
 * wrong) is reported. */
TEST(t10_forged_anchor_signature)
{
    NEED_HUB();
    char db[64], note[256];
    Ctx c;
    int64_t n1, n2;
    CHECK(anchored_ws(&c, db, sizeof db, &n1, &n2) == 0);
    char id[64];
    anchor_doc_id(id, sizeof id, "GRE1", n1);
    json_t *a = hub_doc(db, id);
    CHECK(a != NULL);
    Couch *ad = admin();
    char path[200];
    /* On the CouchDB cluster both writes wait for every copy (w=3): a read
     * of one copy of the shard must not see the anchor as it was. */
    const char *all = hub.kind == TEST_HUB_COUCHDB ? "w=3" : "";
    snprintf(path, sizeof path, "/%s/%s?rev=%s%s%s", db, id, json_string_value(json_object_get(a, "_rev")),
             *all ? "&" : "", all);
    Err e = {0};
    CHECK_MSG(couch_request(ad, "DELETE", path, NULL, NULL, NULL, &e) == 0, "%s", e.msg);
    json_object_del(a, "_rev");
    char sig[129];
    memset(sig, '0', 128);
    sig[128] = '\0';
    json_object_set_new(a, "sig", json_string(sig));
    snprintf(path, sizeof path, "/%s/%s%s%s", db, id, *all ? "?" : "", all);
    CHECK_MSG(couch_request(ad, "PUT", path, a, NULL, NULL, &e) == 0, "%s", e.msg);
    couch_free(ad);
    json_decref(a);
    int local_ok;
    ChainReport r;
    verify_both(&c, db, &local_ok, &r, note, sizeof note);
    CHECK(local_ok);
    CHECK(!r.ok);
    char want[128];
    snprintf(want, sizeof want, "the hub holds an anchor at record %lld whose signature is not valid", (long long)n1);
    CHECK_STR(r.reason, want);
    ctx_close(&c);
}

int main(void)
{
    setlocale(LC_ALL, "");
    snprintf(tmpdir, sizeof tmpdir, "/tmp/boucle-anchor.XXXXXX");
    if (!mkdtemp(tmpdir)) return 1;
    if (!getenv("XDG_CONFIG_HOME")) {
        char cfg[128];
        snprintf(cfg, sizeof cfg, "%s/config", tmpdir);
        setenv("XDG_CONFIG_HOME", cfg, 1);
    }
    if (sodium_init() < 0) return 1;
    RUN(t09_no_hub_unreachable);
    for (int k = 0; k < TEST_HUB_KINDS; k++) {
        hub_state = test_hub_start_kind(&hub, (TestHubKind)k, hub_why, sizeof hub_why);
        char tag[16];
        snprintf(tag, sizeof tag, "/%s", test_hub_tag(&hub));
        t_suffix = tag;
        RUN(t01_sync_anchors);
        RUN(t02_hub_refuses);
        RUN(t03_pull_two_workshops);
        RUN(t04_intact);
        RUN(t05_rewritten_own_key);
        RUN(t05_rewritten_own_key_local_anchors_wiped);
        RUN(t06_resigned_new_key);
        RUN(t06_resigned_new_key_local_anchors_wiped);
        RUN(t07_truncated);
        RUN(t07_truncated_local_anchors_wiped);
        RUN(t08_rewritten_anchor_refused_at_sync);
        RUN(t10_forged_anchor_signature);
        test_hub_stop(&hub);
        t_suffix = "";
    }
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) { /* harmless */ }
    return t_done();
}
