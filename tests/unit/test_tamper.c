/* test_tamper.c — the tamper suite (issue 11): each case edits a copy of a
 * workshop's database as an attacker with the file would (its triggers
 * dropped first), then `verify`'s functions must say what and where.
 *
 * The base database: workshop GRE1, 1 100 devices received in commits of
 * 100 (so that the chain has heads in two blocks), then a laptop
 * GRE1-000001 graded, a disk added, a FAILED nwipe run imported, a change
 * of state — 1 100 + a few records. */
#include "tests/unit/t.h"
#include <stdlib.h>
#include "db/db.h"
#include "tests/unit/support.h"
#include "core/cert/cert.h"
#include "core/grading/grading.h"
#include "core/grading/state_change.h"
#include "core/label/label_device.h"
#include "core/log/chain.h"
#include "core/log/verify.h"
#include "core/settings/lang.h"
#include "core/stock/lot.h"
#include "core/wipe/media.h"
#include "core/wipe/wipe.h"
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

static Profile prof;
static char base[600];

static int build_base(void)
{
    Ctx c;
    Err e = { 0 };
    char lot[LOT_ID_MAX], id[DEVICE_ID_MAX], log[1024];
    snprintf(base, sizeof base, "%s/base.db", support_tmpdir());
    if (support_ctx(&c, "base.db", "GRE1") < 0) return -1;
    if (lot_add(&c, "Ville de Grenoble", "BL-7", -1, NULL, lot, &e) < 0) goto fail;
    for (int i = 0; i < 11; i++) {
        if (db_begin(c.db, &e) < 0) goto fail;
        for (int k = 0; k < 100; k++) {
            char serial[32];
            snprintf(serial, sizeof serial, "PF%04d", i * 100 + k);
            DeviceNew d = { .lot = lot, .serial = serial, .category = "laptop", .make = "Lenovo", .model = "T480" };
            if (device_add(&c, &d, 0, id, NULL, &e) < 0) goto fail;
        }
        if (db_commit(c.db, &e) < 0) goto fail;
    }
    GradeInput in = { .cosmetic = "A", .outcome = "reuse", .all_pass = 1, .has_battery = 1, .battery = 85 };
    if (grade_device(&c, &prof, "GRE1-000001", &in, NULL, &e) < 0) goto fail;
    const char *fx = getenv("BOUCLE_FIXTURES");
    snprintf(log, sizeof log, "%s/nwipe/nwipe-verify-zero-fails.log", fx ? fx : "../shared/fixtures");
    WipeImport wi = { 0 };
    if (wipe_import_path(&c, "GRE1-000001", log, &wi, &e) < 0) goto fail;
    if (device_change_state(&c, "GRE1-000002", "parts", "", &e) < 0) goto fail;
    ctx_close(&c);
    return 0;
fail:
    printf("# base: %s\n", e.msg);
    ctx_close(&c);
    return -1;
}

/* A copy of the base, open, its triggers dropped. */
static int attacker(Ctx *c, const char *name)
{
    char path[700], cmd[1600];
    Err e = { 0 };
    snprintf(path, sizeof path, "%s/%s", support_tmpdir(), name);
    snprintf(cmd, sizeof cmd, "cp '%s' '%s' && rm -f '%s-wal' '%s-shm'", base, path, path, path);
    if (system(cmd) != 0) return -1;
    if (ctx_open(c, path, 0, &e) < 0) return printf("# %s\n", e.msg), -1;
    snprintf(c->operator, sizeof c->operator, "Test");
    return sqlite3_exec(db_handle(c->db), "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete",
                        NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int sql(Ctx *c, const char *s)
{
    char *err = NULL;
    int rc = sqlite3_exec(db_handle(c->db), s, NULL, NULL, &err);
    if (rc != SQLITE_OK) printf("# sql: %s\n", err ? err : "?");
    sqlite3_free(err);
    return rc == SQLITE_OK ? 0 : -1;
}

static int64_t num(Ctx *c, const char *q) { return atoll(support_query(c, q)); }

TEST(intact_chain_verifies)
{
    Ctx c;
    Err e = { 0 };
    ChainReport r;
    CHECK(attacker(&c, "intact.db") == 0);
    CHECK(chain_verify(&c, &r, &e) == 0);
    CHECK_MSG(r.ok, "%s", r.reason);
    CHECK_INT(r.records, num(&c, "SELECT count(*) FROM events WHERE workshop = 'GRE1'"));
    CHECK(r.records > 1100);
    CHECK_INT(r.heads, num(&c, "SELECT count(*) FROM chain_heads"));
    CHECK(r.heads >= 2);
    /* the projections are what the events give */
    CHECK(verify_all(&c, &r, 1, &e) == 0);
    CHECK_MSG(r.ok, "%s", r.reason);
    char why[400];
    CHECK_INT(verify_device(&c, "GRE1-000001", why, sizeof why, &e), 1);
    /* a rebuild changes no record and signs nothing */
    CHECK(event_rebuild(&c, &e) == 0);
    CHECK(chain_verify(&c, &r, &e) == 0);
    CHECK(r.ok);
    ctx_close(&c);
}

/* One edit, then verify names the first bad record (its chain position as
 * an SQL query run BEFORE the edit) and why. */
typedef struct Case {
    const char *name, *edit, *bad_n_sql, *reason;
} Case;

static const Case CASES[] = {
    { "payload: a failed wipe turned into a success",
      "UPDATE events SET payload = json_set(payload, '$.status', 'success') WHERE kind = 'wipe.record'",
      "SELECT ch.n FROM chain ch JOIN events e ON e.seq = ch.seq WHERE e.kind = 'wipe.record'", "altered" },
    { "hlc", "UPDATE events SET hlc = hlc + 1 WHERE kind = 'device.grade'",
      "SELECT ch.n FROM chain ch JOIN events e ON e.seq = ch.seq WHERE e.kind = 'device.grade'", "altered" },
    { "kind", "UPDATE events SET kind = 'device.update' WHERE kind = 'device.state'",
      "SELECT ch.n FROM chain ch JOIN events e ON e.seq = ch.seq WHERE e.kind = 'device.state'", "altered" },
    { "operator", "UPDATE events SET operator = 'Mallory' WHERE kind = 'device.grade'",
      "SELECT ch.n FROM chain ch JOIN events e ON e.seq = ch.seq WHERE e.kind = 'device.grade'", "altered" },
    { "device", "UPDATE events SET device = 'GRE1-000003' WHERE kind = 'device.grade'",
      "SELECT ch.n FROM chain ch JOIN events e ON e.seq = ch.seq WHERE e.kind = 'device.grade'", "altered" },
    { "receipt: its serial", "UPDATE events SET payload = json_set(payload, '$.serial', 'XX1') "
      "WHERE kind = 'device.receive' AND device = 'GRE1-000500'",
      "SELECT ch.n FROM chain ch JOIN events e ON e.seq = ch.seq WHERE e.device = 'GRE1-000500'", "altered" },
    { "workshop: records given to ZZZ1 from the grading on",
      "UPDATE events SET workshop = 'ZZZ1' WHERE seq >= (SELECT seq FROM events WHERE kind = 'device.grade')",
      "SELECT ch.n FROM chain ch JOIN events e ON e.seq = ch.seq WHERE e.kind = 'device.grade'",
      "another workshop" },
    { "event deleted, its record kept", "DELETE FROM events WHERE kind = 'device.grade'",
      "SELECT ch.n FROM chain ch JOIN events e ON e.seq = ch.seq WHERE e.kind = 'device.grade'", "missing" },
    { "event and its record deleted",
      "DELETE FROM chain WHERE seq = (SELECT seq FROM events WHERE kind = 'device.grade'); "
      "DELETE FROM events WHERE kind = 'device.grade'",
      "SELECT ch.n + 1 FROM chain ch JOIN events e ON e.seq = ch.seq WHERE e.kind = 'device.grade'", "removed" },
    { "event inserted",
      "INSERT INTO events(id, hlc, workshop, operator, device, kind, payload) SELECT '0000000000000001-GRE1', 1, "
      "'GRE1', 'Test', 'GRE1-000001', 'wipe.record', json_set(payload, '$.status', 'success', '$.key', 'k2') "
      "FROM events WHERE kind = 'wipe.record'", "SELECT 0", "not in the chain" },
    { "event duplicated under another id",
      "INSERT INTO events(id, hlc, workshop, operator, device, kind, payload) SELECT substr(id, 1, 15) || 'f-GRE1', "
      "hlc + 1, workshop, operator, device, kind, payload FROM events WHERE kind = 'device.grade'",
      "SELECT 0", "not in the chain" },
    { "events reordered: two receipts swap places in the log",
      "CREATE TEMP TABLE sw AS SELECT device, seq FROM events WHERE kind = 'device.receive' AND device IN "
      "('GRE1-000010', 'GRE1-000011'); UPDATE events SET seq = -seq WHERE seq IN (SELECT seq FROM sw); "
      "UPDATE events SET seq = (SELECT s.seq FROM sw s WHERE s.device <> events.device) WHERE seq < 0",
      "SELECT ch.n FROM chain ch JOIN events e ON e.seq = ch.seq WHERE e.device = 'GRE1-000010'", "replaced" },
    { "records reordered: two chain rows swap events",
      "CREATE TEMP TABLE sw AS SELECT n, seq, event_id FROM chain WHERE n IN (100, 101); "
      "UPDATE chain SET seq = -seq WHERE n IN (100, 101); "
      "UPDATE chain SET seq = (SELECT s.seq FROM sw s WHERE s.n <> chain.n), "
      "event_id = (SELECT s.event_id FROM sw s WHERE s.n <> chain.n) WHERE n IN (100, 101)",
      "SELECT 0", "not in the chain" },
    { "chain rows deleted at the end, events kept", "DELETE FROM chain WHERE n > (SELECT max(n) - 3 FROM chain)",
      "SELECT 0", "not in the chain" },
    { "signatures swapped between two heads",
      "UPDATE chain_heads SET sig = CASE n WHEN (SELECT min(n) FROM chain_heads) THEN "
      "(SELECT sig FROM chain_heads ORDER BY n DESC LIMIT 1) ELSE (SELECT sig FROM chain_heads ORDER BY n LIMIT 1) "
      "END WHERE n IN ((SELECT min(n) FROM chain_heads), (SELECT max(n) FROM chain_heads))",
      "SELECT min(n) FROM chain_heads", "signature" },
    { "truncated tail: the last 3 events and their records",
      "DELETE FROM events WHERE seq IN (SELECT seq FROM chain WHERE n > (SELECT max(n) - 3 FROM chain)); "
      "DELETE FROM chain WHERE n > (SELECT max(n) - 3 FROM chain)",
      "SELECT max(n) - 2 FROM chain", "removed" },
    { "truncated tail and its head",
      "DELETE FROM events WHERE seq IN (SELECT seq FROM chain WHERE n > (SELECT max(n) - 3 FROM chain)); "
      "DELETE FROM chain WHERE n > (SELECT max(n) - 3 FROM chain); "
      "DELETE FROM chain_heads WHERE n = (SELECT max(n) FROM chain_heads)",
      "SELECT max(n) + 1 FROM chain_heads WHERE n < (SELECT max(n) FROM chain_heads)", "not covered" },
    { "every head deleted", "DELETE FROM chain_heads", "SELECT 1", "not covered" },
    { "workshop code changed in meta", "UPDATE meta SET value = 'ZZZ1' WHERE key = 'workshop.code'", "SELECT 0",
      "workshop code" },
    { "origin of the chain deleted", "DELETE FROM meta WHERE key = 'chain.genesis'", "SELECT 0", "origin" },
};

TEST(tamper_cases)
{
    char name[64];
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        const Case *k = &CASES[i];
        Ctx c;
        Err e = { 0 };
        ChainReport r;
        snprintf(name, sizeof name, "case%zu.db", i);
        CHECK(attacker(&c, name) == 0);
        int64_t expect = num(&c, k->bad_n_sql);
        CHECK_MSG(sql(&c, k->edit) == 0, "case %s: the edit failed", k->name);
        /* the workshop code is read at open: reopen for that case */
        if (strstr(k->edit, "workshop.code")) {
            char path[700];
            snprintf(path, sizeof path, "%s", db_path(c.db));
            ctx_close(&c);
            CHECK(ctx_open(&c, path, 0, &e) == 0);
        }
        CHECK(chain_verify(&c, &r, &e) == 0);
        CHECK_MSG(!r.ok, "case «%s» was not detected", k->name);
        CHECK_MSG(r.bad_n == expect, "case «%s»: first bad record %lld, expected %lld (%s)", k->name,
                  (long long)r.bad_n, (long long)expect, r.reason);
        CHECK_MSG(strstr(r.reason, k->reason), "case «%s»: reason «%s» does not say «%s»", k->name, r.reason, k->reason);
        printf("# %-55s record %lld: %s\n", k->name, (long long)r.bad_n, r.reason);
        ctx_close(&c);
    }
}

/* Recomputes every hash of the chain from the events as they now are,
 * as someone who read chain.h would. */
static int rehash(Ctx *c, const unsigned char first_key[32])
{
    unsigned char prev[32];
    chain_genesis("GRE1", first_key, prev);
    sqlite3_stmt *st, *up;
    sqlite3_prepare_v2(db_handle(c->db), "SELECT ch.n, e.id, e.hlc, e.workshop, e.operator, e.device, e.kind, "
                       "e.payload FROM chain ch JOIN events e ON e.seq = ch.seq ORDER BY ch.n", -1, &st, NULL);
    sqlite3_prepare_v2(db_handle(c->db), "UPDATE chain SET hash = ?1 WHERE n = ?2", -1, &up, NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *f[7];
        for (int i = 0; i < 7; i++) f[i] = (const char *)sqlite3_column_text(st, i + 1);
        chain_link(prev, f, prev);
        sqlite3_bind_blob(up, 1, prev, 32, SQLITE_TRANSIENT);
        sqlite3_bind_int64(up, 2, sqlite3_column_int64(st, 0));
        sqlite3_step(up);
        sqlite3_reset(up);
    }
    sqlite3_finalize(st);
    sqlite3_finalize(up);
    return 0;
}

/* Re-signs every head with sk (what an insider holding a key does). */
static void resign(Ctx *c, const unsigned char sk[64])
{
    sqlite3_stmt *st, *up;
    sqlite3_prepare_v2(db_handle(c->db), "SELECT h.n, c.hash FROM chain_heads h JOIN chain c ON c.n = h.n", -1, &st,
                       NULL);
    sqlite3_prepare_v2(db_handle(c->db), "UPDATE chain_heads SET hash = ?1, key = ?2, sig = ?3 WHERE n = ?4", -1, &up,
                       NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
        ChainHead h = { .workshop = "GRE1" };
        h.n = sqlite3_column_int64(st, 0);
        memcpy(h.hash, sqlite3_column_blob(st, 1), 32);
        chain_head_sign(&h, sk);
        sqlite3_bind_blob(up, 1, h.hash, 32, SQLITE_TRANSIENT);
        sqlite3_bind_blob(up, 2, h.key, 32, SQLITE_TRANSIENT);
        sqlite3_bind_blob(up, 3, h.sig, 64, SQLITE_TRANSIENT);
        sqlite3_bind_int64(up, 4, h.n);
        sqlite3_step(up);
        sqlite3_reset(up);
    }
    sqlite3_finalize(st);
    sqlite3_finalize(up);
}

static int local_key(Ctx *c, unsigned char pk[32], unsigned char sk[64])
{
    char hex[100], path[4096], buf[200];
    snprintf(hex, sizeof hex, "%s", support_query(c, "SELECT value FROM meta WHERE key = 'chain.public'"));
    if (sodium_hex2bin(pk, 32, hex, 64, NULL, NULL, NULL) != 0 || chain_key_path(hex, path, sizeof path) < 0) return -1;
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return n >= 128 && sodium_hex2bin(sk, 64, buf, 128, NULL, NULL, NULL) == 0 ? 0 : -1;
}

/* An edit re-hashed without the key: the first head after it no longer
 * matches, and the records between the last good head and it are named. */
TEST(rehashed_without_key)
{
    Ctx c;
    Err e = { 0 };
    ChainReport r;
    unsigned char pk[32], sk[64];
    CHECK(attacker(&c, "rehash.db") == 0);
    CHECK(local_key(&c, pk, sk) == 0);
    CHECK(sql(&c, "UPDATE events SET payload = json_set(payload, '$.status', 'success') WHERE kind = 'wipe.record'") == 0);
    CHECK(rehash(&c, pk) == 0);
    CHECK(chain_verify(&c, &r, &e) == 0);
    CHECK(!r.ok);
    CHECK_INT(r.bad_n, num(&c, "SELECT max(n) FROM chain_heads"));
    CHECK_CONTAINS(r.reason, "no longer matches");
    ctx_close(&c);
}

/* Re-signed with the workshop's own key, or with a new one: the file alone
 * cannot tell (doc/security.md); the anchors can. */
static void resigned(int new_key)
{
    Ctx c;
    Err e = { 0 };
    ChainReport r;
    unsigned char pk[32], sk[64];
    CHECK(attacker(&c, new_key ? "resign-new.db" : "resign-local.db") == 0);
    CHECK(local_key(&c, pk, sk) == 0);
    /* the hub took the head before the edit */
    ChainHead h;
    CHECK_INT(chain_head_latest(&c, &h, &e), 1);
    CHECK(chain_anchor_record(&c, "http://hub.test/region", h.n, h.hash, &e) == 0);
    CHECK(sql(&c, "UPDATE events SET payload = json_set(payload, '$.status', 'success') WHERE kind = 'wipe.record'") == 0);
    if (new_key) {
        char hex[65], g[200];
        crypto_sign_keypair(pk, sk);
        sodium_bin2hex(hex, sizeof hex, pk, 32);
        snprintf(g, sizeof g, "UPDATE meta SET value = 'GRE1 %s' WHERE key = 'chain.genesis'", hex);
        CHECK(sql(&c, g) == 0);
        snprintf(g, sizeof g, "UPDATE meta SET value = '%s' WHERE key = 'chain.public'", hex);
        CHECK(sql(&c, g) == 0);
    }
    CHECK(rehash(&c, pk) == 0);
    resign(&c, sk);
    /* without the anchor, the file is consistent: that is why heads go to the hub */
    CHECK(sql(&c, "SAVEPOINT s; DELETE FROM chain_anchors") == 0);
    CHECK(chain_verify(&c, &r, &e) == 0);
    CHECK_MSG(r.ok, "%s", r.reason);
    CHECK(sql(&c, "ROLLBACK TO s; RELEASE s") == 0);
    CHECK(chain_verify(&c, &r, &e) == 0);
    CHECK(!r.ok);
    CHECK_INT(r.bad_n, h.n);
    CHECK_CONTAINS(r.reason, "rewritten");
    CHECK_CONTAINS(r.reason, "hub.test");
    ctx_close(&c);
}

TEST(resigned_with_local_key) { resigned(0); }
TEST(resigned_with_new_key) { resigned(1); }

TEST(truncated_below_an_anchor)
{
    Ctx c;
    Err e = { 0 };
    ChainReport r;
    unsigned char pk[32], sk[64];
    CHECK(attacker(&c, "cut.db") == 0);
    CHECK(local_key(&c, pk, sk) == 0);
    ChainHead h;
    CHECK_INT(chain_head_latest(&c, &h, &e), 1);
    CHECK(chain_anchor_record(&c, "http://hub.test/region", h.n, h.hash, &e) == 0);
    /* cut the last 3 records and sign the shorter chain with the key */
    CHECK(sql(&c, "DELETE FROM events WHERE seq IN (SELECT seq FROM chain WHERE n > (SELECT max(n) - 3 FROM chain)); "
                  "DELETE FROM chain WHERE n > (SELECT max(n) - 3 FROM chain); "
                  "UPDATE chain_heads SET n = (SELECT max(n) FROM chain) WHERE n = (SELECT max(n) FROM chain_heads)") == 0);
    resign(&c, sk);
    CHECK(chain_verify(&c, &r, &e) == 0);
    CHECK(!r.ok);
    CHECK_INT(r.bad_n, h.n);
    CHECK_CONTAINS(r.reason, "cut");
    ctx_close(&c);
}

/* Projections edited directly: the chain holds, the documents do not. */
TEST(projections_edited)
{
    static const struct { const char *edit, *table; } P[] = {
        { "UPDATE wipes SET status = 'success', payload = json_set(payload, '$.status', 'success')", "wipes" },
        { "UPDATE gradings SET cosmetic = 'A', tests_passed = tests_total + 0, outcome = 'reuse' "
          "WHERE device = 'GRE1-000001'; UPDATE gradings SET cosmetic = 'B'", "gradings" },
        { "UPDATE devices SET state = 'ready' WHERE id = 'GRE1-000001'", "devices" },
        { "DELETE FROM media WHERE device = 'GRE1-000001'", "media" },
        { "INSERT INTO wipes(workshop, key, event_id, hlc, device, serial, serial_key, status, payload) "
          "SELECT workshop, 'forged', event_id, hlc, device, serial, serial_key, 'success', payload FROM wipes", "wipes" },
    };
    for (size_t i = 0; i < sizeof P / sizeof P[0]; i++) {
        Ctx c;
        Err e = { 0 };
        ChainReport r;
        char name[32], why[400];
        snprintf(name, sizeof name, "proj%zu.db", i);
        CHECK(attacker(&c, name) == 0);
        CHECK(sql(&c, P[i].edit) == 0);
        CHECK(chain_verify(&c, &r, &e) == 0);
        CHECK(r.ok);                                      /* the events are intact */
        CHECK(verify_all(&c, &r, 1, &e) == 0);
        CHECK_MSG(!r.ok, "edit %zu of %s not detected", i, P[i].table);
        CHECK_CONTAINS(r.reason, P[i].table);
        CHECK_INT(verify_device(&c, "GRE1-000001", why, sizeof why, &e), 0);
        CHECK_CONTAINS(why, P[i].table);
        /* the database is as the attacker left it: verify wrote nothing */
        CHECK(verify_device(&c, "GRE1-000001", why, sizeof why, &e) == 0);
        /* and no certificate rests on it */
        e = (Err){ 0 };
        json_t *cert = cert_build(&c, "GRE1-000001", &e);
        CHECK_MSG(!cert, "a certificate was built on edited records");
        CHECK_CONTAINS(e.msg, "could not be verified");
        /* nor a label's wipe status and claim */
        Device d;
        LabelFacts lf;
        CHECK(device_get(&c, "GRE1-000001", &d, &e) == 1);
        e = (Err){ 0 };
        CHECK(label_facts(&c, &d, &lf, &e) < 0);
        CHECK_CONTAINS(e.msg, "Label refused");
        printf("# %s: %s\n", P[i].table, why);
        /* the same on a database that can only be read (a read-only file
         * system): recomputed in temporary tables, the file untouched */
        char path[700];
        snprintf(path, sizeof path, "%s", db_path(c.db));
        ctx_close(&c);
        CHECK(ctx_open(&c, path, DB_READONLY, &e) == 0);
        CHECK(sqlite3_db_readonly(db_handle(c.db), "main") == 1);
        CHECK_INT(verify_device(&c, "GRE1-000001", why, sizeof why, &e), 0);
        CHECK_CONTAINS(why, P[i].table);
        CHECK_INT(verify_device(&c, "GRE1-000002", why, sizeof why, &e), 1);
        CHECK_STR(support_query(&c, "SELECT count(*) FROM temp.sqlite_master WHERE name = 'wipes'"), "0");
        ctx_close(&c);
    }
}

/* A lost key: the next write says what to do; a new key, announced in the
 * chain, signs from then on and the chain verifies. */
TEST(lost_key_replaced)
{
    Ctx c;
    Err e = { 0 };
    ChainReport r;
    unsigned char pk[32], sk[64];
    char hex[65], path[4096], old_fpr[CHAIN_FPR], fpr[CHAIN_FPR];
    CHECK(attacker(&c, "lost.db") == 0);
    CHECK(local_key(&c, pk, sk) == 0);
    sodium_bin2hex(hex, sizeof hex, pk, 32);
    CHECK(chain_key_path(hex, path, sizeof path) == 0);
    char saved[4200];
    snprintf(saved, sizeof saved, "%s.saved", path);
    CHECK(rename(path, saved) == 0);
    CHECK(chain_fingerprint(&c, old_fpr, &e) == 1);
    CHECK(device_change_state(&c, "GRE1-000003", "parts", "", &e) < 0);
    CHECK_CONTAINS(e.msg, "boucle key new");
    e = (Err){ 0 };
    int64_t before = num(&c, "SELECT count(*) FROM events");
    CHECK_INT(num(&c, "SELECT count(*) FROM events"), before);
    CHECK_MSG(chain_key_new(&c, "lost", &e) == 0, "%s", e.msg);
    CHECK(chain_fingerprint(&c, fpr, &e) == 1);
    CHECK(strcmp(fpr, old_fpr) != 0);
    CHECK_MSG(device_change_state(&c, "GRE1-000003", "parts", "", &e) == 0, "%s", e.msg);
    CHECK(chain_verify(&c, &r, &e) == 0);
    CHECK_MSG(r.ok, "%s", r.reason);
    CHECK_INT(r.keys, 1);
    CHECK_STR(support_query(&c, "SELECT json_extract(payload, '$.replaces') FROM events WHERE kind = 'workshop.key'"),
              old_fpr);
    /* a head after the announcement signed with the OLD key is refused */
    ChainHead h;
    CHECK_INT(chain_head_latest(&c, &h, &e), 1);
    chain_head_sign(&h, sk);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db_handle(c.db), "UPDATE chain_heads SET key = ?1, sig = ?2 WHERE n = ?3", -1, &st, NULL);
    sqlite3_bind_blob(st, 1, h.key, 32, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 2, h.sig, 64, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, h.n);
    CHECK(sqlite3_step(st) == SQLITE_DONE);
    sqlite3_finalize(st);
    CHECK(chain_verify(&c, &r, &e) == 0);
    CHECK(!r.ok);
    CHECK_CONTAINS(r.reason, "never announced");
    rename(saved, path);
    ctx_close(&c);
}

/* A document after another walks only the records added since; an older
 * record changed meanwhile is found by the next full walk, and a cut below
 * where the last walk ended makes the next one start from the origin. */
TEST(incremental_walk)
{
    Ctx c;
    Err e = { 0 };
    ChainReport r;
    const char *ids[1] = { "GRE1-000001" };
    CHECK(attacker(&c, "incr.db") == 0);
    CHECK_MSG(verify_for_document(&c, ids, 1, &r, &e) == 0, "%s", e.msg);
    int64_t n = r.records;
    CHECK_INT(n, num(&c, "SELECT max(n) FROM chain"));
    CHECK(device_change_state(&c, "GRE1-000004", "parts", "", &e) == 0);
    CHECK(verify_for_document(&c, ids, 1, &r, &e) == 0);
    CHECK_INT(r.records, n + 1);
    CHECK(sql(&c, "UPDATE events SET operator = 'Mallory' WHERE kind = 'device.grade'") == 0);
    CHECK(verify_for_document(&c, ids, 1, &r, &e) == 0);         /* not walked again */
    CHECK(chain_verify(&c, &r, &e) == 0);
    CHECK(!r.ok);
    CHECK_CONTAINS(r.reason, "altered");
    CHECK(verify_for_document(&c, ids, 1, &r, &e) < 0);           /* the full walk failed: from the origin */
    CHECK_CONTAINS(e.msg, "could not be verified");
    ctx_close(&c);
}

/* The key is never in the database, and the file is the owner's alone. */
TEST(key_outside_the_database)
{
    Ctx c;
    unsigned char pk[32], sk[64];
    char hex[129], path[4096], cmd[5000];
    CHECK(attacker(&c, "keyfile.db") == 0);
    CHECK_STR(support_query(&c, "SELECT count(*) FROM meta WHERE key LIKE '%secret%'"), "0");
    CHECK(local_key(&c, pk, sk) == 0);
    sodium_bin2hex(hex, sizeof hex, sk, 64);
    /* no trace of the secret anywhere in the file */
    snprintf(cmd, sizeof cmd, "grep -c -a '%.32s' '%s' >/dev/null", hex, db_path(c.db));
    CHECK(system(cmd) != 0);
    sodium_bin2hex(hex, sizeof hex, pk, 32);
    CHECK(chain_key_path(hex, path, sizeof path) == 0);
    struct stat sb;
    CHECK(stat(path, &sb) == 0);
    CHECK_INT(sb.st_mode & 0777, 0600);
    ctx_close(&c);
}

/* A database written by the boucle of issue 10 (schema 9: tests/unit/data/
 * v9-gre1.db — init, a lot, 2 laptops, a grading, 2 nwipe runs, a change of
 * state; its secret key in meta). At its first open: issue 3's chain is
 * checked (its verdict kept), the key goes to its file and out of the
 * database, every event of the workshop becomes a record. */
static int legacy_copy(Ctx *c, const char *name, const char *edit)
{
    char path[700], cmd[2000];
    Err e = { 0 };
    const char *top = getenv("BOUCLE_TOP") ? getenv("BOUCLE_TOP") : ".";
    snprintf(path, sizeof path, "%s/%s", support_tmpdir(), name);
    snprintf(cmd, sizeof cmd, "cp '%s/tests/unit/data/v9-gre1.db' '%s' && chmod 600 '%s'", top, path, path);
    if (system(cmd) != 0) return -1;
    if (edit) {
        sqlite3 *h;
        if (sqlite3_open(path, &h) != SQLITE_OK || sqlite3_exec(h, edit, NULL, NULL, NULL) != SQLITE_OK) return -1;
        sqlite3_close(h);
    }
    if (ctx_open(c, path, 0, &e) < 0) return printf("# %s\n", e.msg), -1;
    return 0;
}

TEST(upgrade_from_issue_3)
{
    Ctx c;
    Err e = { 0 };
    ChainReport r;
    CHECK(legacy_copy(&c, "v9.db", NULL) == 0);
    CHECK_INT(atoi(support_query(&c, "PRAGMA user_version")), db_schema_version());
    CHECK_STR(support_query(&c, "SELECT count(*) FROM meta WHERE key = 'chain.secret'"), "0");
    CHECK_STR(support_query(&c, "SELECT value FROM meta WHERE key = 'chain.v1'"),
              support_query(&c, "SELECT 'intact 5 ' || hash FROM chain_v1 ORDER BY n DESC LIMIT 1"));
    CHECK_STR(support_query(&c, "SELECT (SELECT count(*) FROM chain) = (SELECT count(*) FROM events WHERE "
                                "workshop = 'GRE1') AND (SELECT count(*) FROM chain) = 12"), "1");
    CHECK(chain_verify(&c, &r, &e) == 0);
    CHECK_MSG(r.ok, "%s", r.reason);
    unsigned char pk[32], sk[64];
    CHECK(local_key(&c, pk, sk) == 0);          /* the same key, now in its file */
    CHECK_STR(support_query(&c, "SELECT value FROM meta WHERE key = 'chain.genesis'"),
              support_query(&c, "SELECT 'GRE1 ' || value FROM meta WHERE key = 'chain.public'"));
    /* work goes on, signed */
    CHECK_MSG(device_change_state(&c, "GRE1-000001", "parts", "", &e) == 0, "%s", e.msg);
    CHECK(chain_verify(&c, &r, &e) == 0);
    CHECK_MSG(r.ok, "%s", r.reason);
    CHECK_INT(r.records, 13);
    ctx_close(&c);
    /* a record of issue 3's chain altered before the upgrade stays reported */
    CHECK(legacy_copy(&c, "v9-bad.db", "DROP TRIGGER events_no_update; UPDATE events SET payload = "
                      "json_set(payload, '$.status', 'success') WHERE kind = 'wipe.record' AND "
                      "json_extract(payload, '$.status') <> 'success'") == 0);
    CHECK(chain_verify(&c, &r, &e) == 0);
    CHECK(!r.ok);
    CHECK_CONTAINS(r.reason, "before the upgrade");
    CHECK_CONTAINS(r.reason, "hash does not match");
    ctx_close(&c);
}

/* A key protected by a passphrase: the file holds no secret in clear; a
 * wrong passphrase records nothing; the right one is asked once. */
static const char *test_pass;
static int asked;
static int ask(const char *question, char *out, size_t size)
{
    (void)question;
    asked++;
    if (!test_pass) return -1;
    snprintf(out, size, "%s", test_pass);
    return 0;
}

TEST(key_behind_a_passphrase)
{
    Ctx c;
    Err e = { 0 };
    ChainReport r;
    unsigned char pk[32], sk[64];
    char hex[129], path[4096], pk_hex[65], cmd[5000];
    CHECK(attacker(&c, "pass.db") == 0);
    CHECK(local_key(&c, pk, sk) == 0);
    sodium_bin2hex(pk_hex, sizeof pk_hex, pk, 32);
    CHECK(chain_key_path(pk_hex, path, sizeof path) == 0);
    chain_set_passphrase_asker(ask);
    CHECK_MSG(chain_key_protect(&c, "correct horse battery", &e) == 0, "%s", e.msg);
    CHECK_INT(chain_key_protected(&c), 1);
    sodium_bin2hex(hex, sizeof hex, sk, 64);
    snprintf(cmd, sizeof cmd, "grep -q '%.24s' '%s'", hex, path);
    CHECK(system(cmd) != 0);                          /* not in clear */
    char dbp[700];
    snprintf(dbp, sizeof dbp, "%s", db_path(c.db));
    ctx_close(&c);
    /* a fresh process's connection: the key must be unlocked */
    CHECK(ctx_open(&c, dbp, 0, &e) == 0);
    snprintf(c.operator, sizeof c.operator, "Test");
    int64_t before = num(&c, "SELECT count(*) FROM events");
    test_pass = "wrong horse";
    asked = 0;
    CHECK(device_change_state(&c, "GRE1-000005", "parts", "", &e) < 0);
    CHECK_CONTAINS(e.msg, "Wrong passphrase");
    CHECK_INT(asked, 1);
    CHECK_INT(num(&c, "SELECT count(*) FROM events"), before);       /* nothing recorded */
    test_pass = "correct horse battery";
    e = (Err){ 0 };
    CHECK_MSG(device_change_state(&c, "GRE1-000005", "parts", "", &e) == 0, "%s", e.msg);
    CHECK_MSG(device_change_state(&c, "GRE1-000006", "parts", "", &e) == 0, "%s", e.msg);
    CHECK_INT(asked, 2);                              /* asked once more, then kept */
    CHECK(chain_verify(&c, &r, &e) == 0);
    CHECK_MSG(r.ok, "%s", r.reason);
    /* back to a plain file */
    CHECK(chain_key_protect(&c, "", &e) == 0);
    CHECK_INT(chain_key_protected(&c), 0);
    chain_set_passphrase_asker(NULL);
    ctx_close(&c);
}

int main(void)
{
    char dir[1024];
    Err e = { 0 };
    if (sodium_init() < 0) return 1;
    snprintf(dir, sizeof dir, "%s/data/profiles/default.ini", getenv("BOUCLE_TOP") ? getenv("BOUCLE_TOP") : ".");
    if (profile_load(dir, &prof, &e) < 0) { printf("FAIL setup: %s\n", e.msg); return 1; }
    if (getenv("BUILD") && !getenv("BOUCLE_LOCALEDIR")) {
        snprintf(dir, sizeof dir, "%s/locale", getenv("BUILD"));
        setenv("BOUCLE_LOCALEDIR", dir, 1);
    }
    lang_init("en", NULL);
    if (build_base() < 0) { printf("FAIL setup: the base database\n"); return 1; }
    RUN(intact_chain_verifies);
    RUN(tamper_cases);
    RUN(rehashed_without_key);
    RUN(resigned_with_local_key);
    RUN(resigned_with_new_key);
    RUN(truncated_below_an_anchor);
    RUN(projections_edited);
    RUN(lost_key_replaced);
    RUN(incremental_walk);
    RUN(upgrade_from_issue_3);
    RUN(key_outside_the_database);
    RUN(key_behind_a_passphrase);
    profile_free(&prof);
    cert_release_fonts();
    return t_done();
}
