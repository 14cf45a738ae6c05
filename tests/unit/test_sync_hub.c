/*
 * test_sync_hub.c — the CouchDB client (core/sync/couch.c) and hub setup
 * (core/sync/hub.c) against real hubs — PouchDB Server, then a 3-node Apache
 * CouchDB 3.5 cluster (tests/unit/support_hub.h): the cases that need a hub
 * run once per backend, named "/pouchdb" and "/couchdb" — and the
 * fault-injecting proxy: errors are clear, transient faults are retried,
 * the design document refuses a forged author and changed events.
 */
#include "core/sync/couch.h"
#include "core/sync/hub.h"
#include "tests/unit/support_hub.h"
#include "tests/unit/t.h"
#include <locale.h>
#include <time.h>

static TestHub hub;
static int hub_state = -1;   /* 0 running, 1 unavailable, -1 failed */
static char hub_why[256];
static char hdb[64];         /* this backend's hub database */

#define NEED_HUB() do { if (hub_state == 1) SKIP("%s", hub_why); \
        CHECK_MSG(hub_state == 0, "hub: %s", hub_why); } while (0)

#define NEED_PROXY(p) do { char why_[256]; \
        int rc_ = test_proxy_start(&(p), hub.port, why_, sizeof why_); \
        if (rc_ == 1) SKIP("%s", why_); \
        CHECK_MSG(rc_ == 0, "%s", why_); } while (0)

static Couch *admin(void)
{
    return couch_new(hub.admin_url, NULL, NULL, NULL);
}

/* 1. Bad URLs are refused before any request; credentials never show. */
TEST(t01_url_and_credentials)
{
    Err e = {0};
    CHECK(couch_new("ftp://x", NULL, NULL, &e) == NULL);
    CHECK_CONTAINS(e.msg, "http");
    Couch *c = couch_new("http://u:secretpw@127.0.0.1:1/", NULL, NULL, &e);
    CHECK(c != NULL);
    CHECK_STR(couch_url_public(c), "http://127.0.0.1:1");
    couch_set_retries(c, 0, 1, 1);
    CHECK(couch_request(c, "GET", "/", NULL, NULL, NULL, &e) < 0);
    CHECK_CONTAINS(e.msg, "cannot be reached");
    CHECK(strstr(e.msg, "secretpw") == NULL);
    couch_free(c);
    /* several servers (the nodes of a cluster): credentials out of each */
    c = couch_new("http://u:secretpw@127.0.0.1:1/  https://127.0.0.1:2 http://u:otherpw@127.0.0.1:3", NULL, NULL, &e);
    CHECK(c != NULL);
    CHECK_INT(couch_url_count(c), 3);
    CHECK_STR(couch_url_public(c), "http://127.0.0.1:1");
    couch_free(c);
    CHECK(couch_new("http://127.0.0.1:1 ftp://x", NULL, NULL, &e) == NULL);
}

/* 10. Several URLs: a server that cannot be reached hands the request to
 * the next one at once (no retry, no backoff), and the client stays there;
 * the hub keeps the first URL as its name. */
TEST(t10_failover_to_next_url)
{
    NEED_HUB();
    char urls[256];
    snprintf(urls, sizeof urls, "http://127.0.0.1:%d http://127.0.0.1:%d %s",
             test_free_port(), test_free_port(), hub.url);
    Err e = {0};
    Couch *c = couch_new(urls, NULL, NULL, &e);
    CHECK(c != NULL);
    couch_set_retries(c, 0, 1000, 1000);
    int r = couch_request(c, "GET", "/", NULL, NULL, NULL, &e);
    CouchStats st;
    couch_stats(c, &st);
    char cur[64];
    snprintf(cur, sizeof cur, "%s", couch_url_current(c));
    int r2 = couch_request(c, "GET", "/", NULL, NULL, NULL, &e);
    CouchStats st2;
    couch_stats(c, &st2);
    couch_free(c);
    CHECK_MSG(r == 0, "%s", e.msg);
    CHECK_INT(st.failovers, 2);
    CHECK_INT(st.retries, 0);
    CHECK_STR(cur, hub.url);
    CHECK_INT(r2, 0);
    CHECK_INT(st2.requests, st.requests + 1);   /* stayed on the one that answered */
}

/* 2. A hub that is down: retried with backoff, then a clear error. */
TEST(t02_down_retries_with_backoff)
{
    int port = test_free_port();
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
    Err e = {0};
    Couch *c = couch_new(url, NULL, NULL, &e);
    couch_set_retries(c, 3, 20, 80);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    CHECK(couch_request(c, "GET", "/", NULL, NULL, NULL, &e) < 0);
    clock_gettime(CLOCK_MONOTONIC, &b);
    CouchStats st;
    couch_stats(c, &st);
    couch_free(c);
    CHECK_INT(st.requests, 4);
    CHECK_INT(st.retries, 3);
    long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    /* waits 20, 40, 80 ms each ±50 %: at least 70 ms in all */
    CHECK_MSG(ms >= 70 && ms < 2000, "took %ld ms", ms);
    CHECK_CONTAINS(e.msg, url);
}

/* 3. hub init is idempotent and creates the database, design and security. */
TEST(t03_hub_init)
{
    NEED_HUB();
    Err e = {0};
    Couch *c = admin();
    HubInfo info;
    CHECK_MSG(hub_init(c, hdb, &info, &e) == 0, "%s", e.msg);
    CHECK_CONTAINS(info.vendor, hub.kind == TEST_HUB_COUCHDB ? "CouchDB 3" : "PouchDB");
    CHECK_INT(info.created_db, 1);
    CHECK_INT(info.design_changed, 1);
    CHECK_MSG(hub_init(c, hdb, &info, &e) == 0, "%s", e.msg);
    CHECK_INT(info.created_db, 0);
    CHECK_INT(info.design_changed, 0);
    json_t *sec = NULL;
    char path[128];
    snprintf(path, sizeof path, "/%s/_security", hdb);
    CHECK(couch_request(c, "GET", path, NULL, NULL, &sec, &e) == 0);
    CHECK_STR(json_string_value(json_array_get(json_object_get(json_object_get(sec, "members"), "roles"), 0)), "boucle");
    json_decref(sec);
    /* _users exists (CouchDB: created by hub init or the cluster setup) */
    CHECK(couch_request(c, "GET", "/_users", NULL, NULL, NULL, &e) == 0);
    if (hub.kind == TEST_HUB_COUCHDB && !hub.external) {
        /* the design document runs in QuickJS, on every node */
        for (int i = 1; i <= TEST_COUCH_NODES; i++) {
            char p2[96];
            snprintf(p2, sizeof p2, "/_node/couchdb%d@127.0.0.1/_config/couchdb/js_engine", hub.port + i - 1);
            json_t *eng = NULL;
            CHECK_MSG(couch_request(c, "GET", p2, NULL, NULL, &eng, &e) == 0, "%s", e.msg);
            CHECK_STR(json_string_value(eng), "quickjs");
            json_decref(eng);
        }
    }
    CHECK(hub_init(c, "Bad Name", NULL, &e) < 0);
    CHECK_CONTAINS(e.msg, "Bad Name");
    couch_free(c);
}

static json_t *event_doc(const char *hlc, const char *ws, const char *kind)
{
    char id[64];
    snprintf(id, sizeof id, "%s-%s", hlc, ws);
    return json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:n, s:s, s:{s:s}}",
                     "_id", id, "type", "event", "v", 1, "hlc", hlc, "time", "2026-01-01T00:00:00Z",
                     "workshop", ws, "operator", "Ana", "device", "kind", kind,
                     "payload", "name", "x");
}

static json_t *bulk(Couch *c, json_t *docs, Err *e)
{
    json_t *body = json_pack("{s:o}", "docs", docs), *out = NULL;
    char path[128];
    snprintf(path, sizeof path, "/%s/_bulk_docs", hdb);
    int rc = couch_request(c, "POST", path, body, NULL, &out, e);
    json_decref(body);
    return rc == 0 ? out : NULL;
}

/* 4. Workshop users: wrong password is a clear 401; a forged author, a
 * changed event, a bad id and a non-event are refused per document; a
 * re-push of the same event is only a conflict. */
TEST(t04_validation)
{
    NEED_HUB();
    Err e = {0};
    Couch *a = admin();
    CHECK(hub_init(a, hdb, NULL, &e) == 0);
    int created = -1;
    CHECK_MSG(hub_add_workshop(a, "GRE1", "password-gre1", &created, &e) == 0, "%s", e.msg);
    CHECK_INT(created, !hub.external);
    CHECK(hub_add_workshop(a, "GRE1", "password-gre1", &created, &e) == 0);
    CHECK_INT(created, 0);
    CHECK(hub_add_workshop(a, "gre1", "password-gre1", NULL, &e) < 0);
    CHECK(hub_add_workshop(a, "LYO1", "short", NULL, &e) < 0);
    couch_free(a);

    Couch *bad = couch_new(hub.url, "GRE1", "wrong-password", &e);
    couch_set_retries(bad, 0, 1, 1);
    char dbpath[80];
    snprintf(dbpath, sizeof dbpath, "/%s", hdb);
    CHECK(couch_request(bad, "GET", dbpath, NULL, NULL, NULL, &e) < 0);
    CHECK_CONTAINS(e.msg, "user name or password");
    CHECK(strstr(e.msg, "wrong-password") == NULL);
    couch_free(bad);

    Couch *c = couch_new(hub.url, "GRE1", "password-gre1", &e);
    json_t *docs = json_array();
    json_array_append_new(docs, event_doc("0195000000010000", "GRE1", "operator.add"));
    json_array_append_new(docs, event_doc("0195000000020000", "LYO1", "operator.add"));
    json_t *badid = event_doc("0195000000030000", "GRE1", "operator.add");
    json_object_set_new(badid, "_id", json_string("0195000000099999-GRE1"));
    json_array_append_new(docs, badid);
    json_t *notev = event_doc("0195000000040000", "GRE1", "operator.add");
    json_object_set_new(notev, "type", json_string("other"));
    json_array_append_new(docs, notev);
    json_t *out = bulk(c, docs, &e);
    CHECK_MSG(out != NULL, "%s", e.msg);
    CHECK_INT(json_array_size(out), 4);
    int ok = 0, forbidden = 0;
    size_t i;
    json_t *r;
    json_array_foreach(out, i, r) {
        if (json_is_true(json_object_get(r, "ok"))) ok++;
        else if (strcmp(json_string_value(json_object_get(r, "error")), "forbidden") == 0) forbidden++;
    }
    /* PouchDB Server answers in its own order (CouchDB keeps the request's):
     * results are matched by id. */
    int forged_reason = 0;
    if (hub.kind == TEST_HUB_COUCHDB) {   /* CouchDB keeps the request's order */
        CHECK_STR(json_string_value(json_object_get(json_array_get(out, 0), "id")), "0195000000010000-GRE1");
        CHECK_STR(json_string_value(json_object_get(json_array_get(out, 1), "id")), "0195000000020000-LYO1");
    }
    json_array_foreach(out, i, r) {
        const char *id = json_string_value(json_object_get(r, "id"));
        const char *reason = json_string_value(json_object_get(r, "reason"));
        if (id && strcmp(id, "0195000000020000-LYO1") == 0 && reason && strstr(reason, "LYO1"))
            forged_reason = 1;
    }
    json_decref(out);
    CHECK_INT(ok, 1);
    CHECK_INT(forbidden, 3);
    CHECK(forged_reason);

    /* same content again: a conflict, not a rejection */
    docs = json_array();
    json_array_append_new(docs, event_doc("0195000000010000", "GRE1", "operator.add"));
    json_t *changed = event_doc("0195000000010000", "GRE1", "operator.add");
    json_object_set_new(changed, "operator", json_string("Mallory"));
    json_array_append_new(docs, changed);
    out = bulk(c, docs, &e);
    CHECK(out != NULL);
    /* both answers carry the same id: the changed one is forbidden (PouchDB)
     * or a conflict (CouchDB); the same content is a conflict on both. */
    int conflicts = 0, refused = 0;
    json_array_foreach(out, i, r) {
        const char *err = json_string_value(json_object_get(r, "error"));
        if (err && strcmp(err, "conflict") == 0) conflicts++;
        else if (err) refused++;
    }
    json_decref(out);
    CHECK_INT(conflicts + refused, 2);
    CHECK(conflicts >= 1);
    couch_free(c);
}

/* 5. Faults from the proxy: 503 and truncated answers are retried until they
 * pass; an HTML page and garbage JSON give clear messages. */
TEST(t05_faults)
{
    NEED_HUB();
    TestProxy p;
    NEED_PROXY(p);
    Err e = {0};
    Couch *c = couch_new(p.url, "admin", "admin-test-pw", &e);
    couch_set_retries(c, 5, 5, 40);

    char dbpath[80];
    snprintf(dbpath, sizeof dbpath, "/%s", hdb);
    Couch *ad = admin();
    hub_init(ad, hdb, NULL, NULL);
    couch_free(ad);
    test_proxy_plan(&p, "seed=1 s503=1 max_faults=3");
    json_t *out = NULL;
    int r = couch_request(c, "GET", dbpath, NULL, NULL, &out, &e);
    CouchStats st;
    couch_stats(c, &st);
    json_decref(out);
    test_proxy_plan(&p, "seed=2 drop_mid=1 max_faults=2");
    int r2 = couch_request(c, "GET", dbpath, NULL, NULL, NULL, &e);
    test_proxy_plan(&p, "seed=3 html=1");
    int r3 = couch_request(c, "GET", dbpath, NULL, NULL, NULL, &e);
    char html_msg[1024];
    snprintf(html_msg, sizeof html_msg, "%s", e.msg);
    test_proxy_plan(&p, "seed=4 garbage=1");
    int r4 = couch_request(c, "GET", dbpath, NULL, NULL, NULL, &e);
    char garbage_msg[1024];
    snprintf(garbage_msg, sizeof garbage_msg, "%s", e.msg);
    test_proxy_plan(&p, "seed=5 s500=1");
    long status = 0;
    int r5 = couch_request(c, "GET", dbpath, NULL, &status, NULL, &e);
    couch_free(c);
    test_proxy_stop(&p);
    CHECK_INT(r, 0);
    CHECK_INT(st.retries, 3);
    CHECK_INT(r2, 0);
    CHECK(r3 < 0);
    CHECK_CONTAINS(html_msg, "web page");
    CHECK(r4 < 0);
    CHECK_CONTAINS(garbage_msg, "invalid data");
    CHECK(r5 < 0);
    CHECK_INT(status, 500);
    CHECK_CONTAINS(e.msg, "HTTP 500");
}

/* 6. A slow hub: the timeout cuts it and says so. */
TEST(t06_slow)
{
    NEED_HUB();
    TestProxy p;
    NEED_PROXY(p);
    test_proxy_plan(&p, "seed=1 delay=1 delay_ms=1500");
    Err e = {0};
    Couch *c = couch_new(p.url, NULL, NULL, &e);
    couch_set_retries(c, 1, 5, 5);
    couch_set_timeout(c, 300);
    int r = couch_request(c, "GET", "/", NULL, NULL, NULL, &e);
    couch_free(c);
    test_proxy_stop(&p);
    CHECK(r < 0);
    CHECK_CONTAINS(e.msg, "in time");
}

/* 7. TLS is verified by default: a TLS request to a plain HTTP port fails
 * fast without retry and says it is a secure-connection problem. */
TEST(t07_tls_verified)
{
    NEED_HUB();
    char url[64];
    snprintf(url, sizeof url, "https://127.0.0.1:%d", hub.port);
    Err e = {0};
    Couch *c = couch_new(url, NULL, NULL, &e);
    couch_set_retries(c, 3, 5, 5);
    int r = couch_request(c, "GET", "/", NULL, NULL, NULL, &e);
    CouchStats st;
    couch_stats(c, &st);
    couch_free(c);
    CHECK(r < 0);
    CHECK_INT(st.retries, 0);
    CHECK_CONTAINS(e.msg, "ecure");
}

/* 9. An expired certificate: refused without retry, and the message says
 * the certificate cannot be trusted and why (curl's detail: expired). */
TEST(t09_expired_certificate)
{
    TestTls t;
    char why[256];
    int rc = test_tls_expired_start(&t, why, sizeof why);
    if (rc == 1) SKIP("%s", why);
    CHECK_MSG(rc == 0, "%s", why);
    Err e = {0};
    Couch *c = couch_new(t.url, NULL, NULL, &e);
    couch_set_cainfo(c, t.cafile);
    couch_set_retries(c, 3, 5, 5);
    int r = couch_request(c, "GET", "/", NULL, NULL, NULL, &e);
    CouchStats st;
    couch_stats(c, &st);
    /* the same server, verification off (hub.insecure): it answers */
    couch_set_insecure(c, 1);
    int r2 = couch_request(c, "GET", "/", NULL, NULL, NULL, NULL);
    couch_free(c);
    test_tls_stop(&t);
    CHECK(r < 0);
    CHECK_INT(st.retries, 0);
    CHECK_CONTAINS(e.msg, "certificate");
    CHECK_CONTAINS(e.msg, "expired");
    CHECK_INT(r2, 0);
}

/* 8. Generated passwords: right length, allowed letters, not repeated. */
TEST(t08_password)
{
    char a[32], b[32];
    CHECK(hub_gen_password(a, sizeof a, 20, NULL) == 0);
    CHECK(hub_gen_password(b, sizeof b, 20, NULL) == 0);
    CHECK_INT(strlen(a), 20);
    CHECK(strcmp(a, b) != 0);
    CHECK(strpbrk(a, "0O1lI") == NULL);
    CHECK(hub_gen_password(a, 10, 20, NULL) < 0);
}

int main(void)
{
    setlocale(LC_ALL, "");
    RUN(t01_url_and_credentials);
    RUN(t02_down_retries_with_backoff);
    RUN(t08_password);
    RUN(t09_expired_certificate);
    /* the cases that talk to a hub, once per backend */
    for (int k = 0; k < TEST_HUB_KINDS; k++) {
        hub_state = test_hub_start_kind(&hub, (TestHubKind)k, hub_why, sizeof hub_why);
        char tag[16];
        snprintf(tag, sizeof tag, "/%s", test_hub_tag(&hub));
        t_suffix = tag;
        test_hub_db_name("boucle", hdb, sizeof hdb);
        RUN(t03_hub_init);
        RUN(t04_validation);
        RUN(t05_faults);
        RUN(t06_slow);
        RUN(t07_tls_verified);
        RUN(t10_failover_to_next_url);
        test_hub_stop(&hub);
        t_suffix = "";
    }
    return t_done();
}
