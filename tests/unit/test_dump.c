/*
 * test_dump.c — the canonical dump of the projections (dump_write) and the
 * rebuild check (dump_check), core/log/dump.c.
 */
#include "tests/unit/t.h"
#include "tests/unit/support.h"
#include "core/log/dump.h"
#include "core/log/event.h"
#include "core/stock/device.h"
#include "core/stock/lot.h"
#include "core/stock/operator.h"
#include <stdlib.h>
#include <string.h>

/* The dump of c in a malloc'd string. */
static char *dump_text(Ctx *c)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    Err e = { 0 };
    if (!f) return NULL;
    int r = dump_write(c, f, &e);
    fclose(f);
    if (r < 0) {
        printf("# dump_write: %s\n", e.msg);
        free(s);
        return NULL;
    }
    return s;
}

/* A lot and two devices, one moved to in_progress. */
static int some_work(Ctx *c, const char *serial_prefix)
{
    Err e = { 0 };
    char lot[LOT_ID_MAX], id[DEVICE_ID_MAX], serial[32];
    if (lot_add(c, "Mairie", "BL-7", 2, "2026-11-30", lot, &e) < 0) return -1;
    for (int i = 0; i < 2; i++) {
        snprintf(serial, sizeof serial, "%s%d", serial_prefix, i);
        DeviceNew dn = { lot, serial, NULL, "laptop", "Dell", "Latitude 5490", NULL };
        if (device_add(c, &dn, 0, id, NULL, &e) < 0) return -1;
    }
    return device_set_state(c, id, "in_progress", NULL, &e);
}

typedef struct Copy {
    Ctx *to;
    int n;
} Copy;

static int copy_one(void *arg, const Event *ev)
{
    Copy *cp = arg;
    Err e = { 0 };
    if (event_import(cp->to, ev, &e) < 0) {
        printf("# event_import: %s\n", e.msg);
        return 1;
    }
    cp->n++;
    return 0;
}

/* Copies every event of from into to (in from's order). */
static int copy_events(Ctx *from, Ctx *to)
{
    Copy cp = { to, 0 };
    Err e = { 0 };
    return event_since(from, 0, -1, copy_one, &cp, &e) < 0 ? -1 : cp.n;
}

TEST(dump_of_two_replicas_is_the_same_bytes_whatever_the_order)
{
    Ctx a, b;
    CHECK(support_ctx(&a, "rep-a.db", "AAA1") == 0);
    CHECK(support_ctx(&b, "rep-b.db", "BBB1") == 0);
    CHECK(some_work(&a, "SA") == 0);
    CHECK(some_work(&b, "SB") == 0);
    /* a gets b's events after its own, b gets a's after its own: devices.n
     * differs between them, nothing else may. */
    CHECK(copy_events(&b, &a) > 0);
    CHECK(copy_events(&a, &b) > 0);
    CHECK_STR(support_query(&a, "SELECT count(*) FROM devices"), "4");
    const char *na = support_query(&a, "SELECT group_concat(n) FROM (SELECT n FROM devices ORDER BY id)");
    char na_copy[128];
    snprintf(na_copy, sizeof na_copy, "%s", na);
    CHECK(strcmp(na_copy, support_query(&b, "SELECT group_concat(n) FROM (SELECT n FROM devices ORDER BY id)")) != 0);
    char *da = dump_text(&a), *db = dump_text(&b);
    CHECK(da && db);
    CHECK_STR(da, db);
    CHECK_CONTAINS(da, "[devices]\tid\tworkshop\tlot\t");
    CHECK(!strstr(da, "[devices]\tn\t"));
    CHECK_CONTAINS(da, "\"AAA1-000002\"\t\"AAA1\"\t\"AAA1-L0001\"\t\"SA1\"");
    /* tables in schema order, every projection present */
    char *w = strstr(da, "[workshops]"), *o = strstr(da, "[operators]"), *d = strstr(da, "[devices]");
    char *t = strstr(da, "[wipe_links]");
    CHECK(w && o && d && t && w < o && o < d && d < t);
    free(da);
    free(db);
    ctx_close(&a);
    ctx_close(&b);
}

TEST(dump_escapes_values_and_sorts_rows_bytewise)
{
    Ctx c;
    Err e = { 0 };
    CHECK(support_ctx(&c, "esc.db", "ESC1") == 0);
    /* Straight into the projection: the dump's form is what is tested. */
    CHECK(db_exec(c.db, "INSERT INTO orgs(name, created_hlc) VALUES "
                        "('tab\tnl\ncr\rq\"bs\\' || char(1) || 'é', 5), ('Zed', 7), ('abc', 6)", &e) == 0);
    CHECK(db_exec(c.db, "INSERT INTO tallies(scope, key, n) VALUES ('x', 'real', 2.5), "
                        "('x', 'blob', x'00ff'), ('x', 'int', 3.0)", &e) == 0);
    char *s = dump_text(&c);
    CHECK(s);
    /* 'Zed' < 'abc' < 'tab…' bytewise (NOCASE would put abc first) */
    CHECK_CONTAINS(s, "[orgs]\tname\tcreated_hlc\n\"Zed\"\t7\n\"abc\"\t6\n"
                      "\"tab\\tnl\\ncr\\rq\\\"bs\\\\\\x01é\"\t5\n[lots]");
    CHECK_CONTAINS(s, "\"x\"\t\"blob\"\tx'00ff'\n");
    CHECK_CONTAINS(s, "\"x\"\t\"int\"\t3\n");     /* INTEGER affinity: 3.0 is stored as 3 */
    CHECK_CONTAINS(s, "\"x\"\t\"real\"\t2.5\n");
    free(s);
    CHECK_INT(dump_column_is_local("devices", "n"), 1);
    CHECK_INT(dump_column_is_local("devices", "id"), 0);
    CHECK_INT(dump_column_is_local("lots", "n"), 0);
    ctx_close(&c);
}

TEST(check_is_clean_after_work_and_after_imports)
{
    Ctx a, b;
    Err e = { 0 };
    DumpDiff d[4];
    CHECK(support_ctx(&a, "chk-a.db", "AAA1") == 0);
    CHECK(support_ctx(&b, "chk-b.db", "BBB1") == 0);
    CHECK(some_work(&a, "CA") == 0);
    CHECK(some_work(&b, "CB") == 0);
    CHECK(copy_events(&b, &a) > 0);
    CHECK_INT(dump_check(&a, d, 4, &e), 0);
    CHECK_INT(dump_check(&b, d, 4, &e), 0);
    ctx_close(&a);
    ctx_close(&b);
}

TEST(check_names_each_difference_and_leaves_the_database_alone)
{
    Ctx c;
    Err e = { 0 };
    DumpDiff d[8];
    CHECK(support_ctx(&c, "tamper.db", "TAM1") == 0);
    CHECK(some_work(&c, "T") == 0);
    CHECK(db_exec(c.db, "UPDATE devices SET make = 'HP' WHERE id = 'TAM1-000001';"
                        "UPDATE devices SET n = n + 100 WHERE id = 'TAM1-000002';"
                        "DELETE FROM lots;"
                        "INSERT INTO orgs(name, created_hlc) VALUES ('Ghost', 1);", &e) == 0);
    char *before = dump_text(&c);
    CHECK(before);
    int n = dump_check(&c, d, 8, &e);
    CHECK_MSG(n == 4, "%d differences (%s)", n, e.msg);
    /* table order (orgs, lots, devices), then key order */
    CHECK(d[0].kind == DUMP_DIFF_ONLY_STORED);
    CHECK_STR(d[0].table, "orgs");
    CHECK_STR(d[0].key, "name=\"Ghost\"");
    CHECK_STR(d[0].stored, "name=\"Ghost\" created_hlc=1");
    CHECK(d[1].kind == DUMP_DIFF_ONLY_REBUILT);
    CHECK_STR(d[1].table, "lots");
    CHECK_STR(d[1].key, "id=\"TAM1-L0001\"");
    CHECK_CONTAINS(d[1].rebuilt, "donor=\"Mairie\" ref=\"BL-7\" expected=2 date=\"2026-11-30\"");
    CHECK(d[2].kind == DUMP_DIFF_VALUE);
    CHECK_STR(d[2].table, "devices");
    CHECK_STR(d[2].key, "id=\"TAM1-000001\"");
    CHECK_STR(d[2].column, "make");
    CHECK_STR(d[2].stored, "\"HP\"");
    CHECK_STR(d[2].rebuilt, "\"Dell\"");
    CHECK(d[3].kind == DUMP_DIFF_VALUE);
    CHECK_STR(d[3].key, "id=\"TAM1-000002\"");
    CHECK_STR(d[3].column, "n");     /* local, yet a rebuild of the same database gives it back */
    /* untouched: the same dump, the tampered rows still there, no temp table left */
    char *after = dump_text(&c);
    CHECK(after);
    CHECK_STR(after, before);
    CHECK_STR(support_query(&c, "SELECT make FROM devices WHERE id = 'TAM1-000001'"), "HP");
    /* (temp.relink is the projector's own, made at open) */
    CHECK_STR(support_query(&c, "SELECT count(*) FROM temp.sqlite_master WHERE name <> 'relink'"), "0");
    CHECK_INT(db_in_transaction(c.db), 0);
    /* more differences than room: all counted, the first ones kept */
    CHECK_INT(dump_check(&c, d, 1, &e), 4);
    CHECK_STR(d[0].table, "orgs");
    free(before);
    free(after);
    ctx_close(&c);
}

TEST(check_refuses_to_run_inside_a_transaction)
{
    Ctx c;
    Err e = { 0 };
    DumpDiff d[1];
    CHECK(support_ctx(&c, "tx.db", "TX1") == 0);
    CHECK(db_begin(c.db, &e) == 0);
    CHECK_INT(dump_check(&c, d, 1, &e), -1);
    CHECK(e.code == ERR_INTERNAL);
    db_rollback(c.db);
    ctx_close(&c);
}

/* SQLite's heap at its highest during dump_check on n devices (a lot per
 * 40, half of them moved on), above what it held before, with a page
 * cache of 256 KiB per connection. */
static long long check_heap_growth(const char *name, int n)
{
    Ctx c;
    Err e = { 0 };
    DumpDiff d[1];
    if (support_ctx(&c, name, "MEM1") < 0) return -1;
    char lot[LOT_ID_MAX] = "", id[DEVICE_ID_MAX], serial[32];
    if (db_begin(c.db, &e) < 0) return -1;
    for (int i = 0; i < n; i++) {
        if (i % 40 == 0 && lot_add(&c, "Mairie", "BL-7", 40, "2026-11-30", lot, &e) < 0) break;
        snprintf(serial, sizeof serial, "MEM%06d", i);
        DeviceNew dn = { lot, serial, NULL, "laptop", "Dell", "Latitude 5490", NULL };
        if (device_add(&c, &dn, 0, id, NULL, &e) < 0) break;
        if (i % 2 && device_set_state(&c, id, "in_progress", NULL, &e) < 0) break;
    }
    if (e.code || db_commit(c.db, &e) < 0) {
        printf("# %s: %s\n", name, e.msg);
        ctx_close(&c);
        return -1;
    }
    db_set_cache_kib(c.db, 256);
    sqlite3_int64 before, high;
    sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &before, &high, 1);   /* the mark from here */
    int k = dump_check(&c, d, 1, &e);
    sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &before, &high, 0);
    ctx_close(&c);
    if (k != 0) {
        printf("# %s: dump_check gave %d (%s)\n", name, k, e.msg);
        return -1;
    }
    return (long long)high - (long long)before;
}

/* The check reads both sides through their indexes and keeps no copy, so
 * its memory is the page caches, whatever the size of the tables: 8 times
 * the devices may not take twice the memory. (It once copied every table
 * into temp tables, and replayed inside a savepoint whose sub-journal
 * held the former content of every page: both in memory under
 * temp_store = MEMORY, 0.7 KB per device.) */
TEST(check_memory_does_not_grow_with_the_tables)
{
    long long small = check_heap_growth("mem-small.db", 500), big = check_heap_growth("mem-big.db", 4000);
    if (small == 0 && big == 0) SKIP("this SQLite keeps no memory statistics (SQLITE_CONFIG_MEMSTATUS)");
    printf("# heap growth during dump_check: %lld KiB at 500 devices, %lld KiB at 4000\n", small / 1024, big / 1024);
    CHECK(small > 0 && big > 0);
    CHECK_MSG(big < 2 * small, "%lld KiB at 4000 devices against %lld KiB at 500", big / 1024, small / 1024);
}

int main(void)
{
    /* SQLite's heap statistics (off in some builds), before its first use */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 1);
    RUN(dump_of_two_replicas_is_the_same_bytes_whatever_the_order);
    RUN(dump_escapes_values_and_sorts_rows_bytewise);
    RUN(check_is_clean_after_work_and_after_imports);
    RUN(check_names_each_difference_and_leaves_the_database_alone);
    RUN(check_refuses_to_run_inside_a_transaction);
    RUN(check_memory_does_not_grow_with_the_tables);
    return t_done();
}
