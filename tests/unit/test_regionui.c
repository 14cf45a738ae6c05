/*
 * test_regionui.c — what one workshop sees of the region's data that a pull
 * brought into its database: its own lots, labels, unassigned wipes, nwipe
 * matches and device list only; the other workshops' ready stock through
 * region_page (core/stock/region.h), keyset-paged and searched; the
 * workshops known here.
 *
 * Two or three workshops exchange their events in process (event_since
 * then event_import), as a hub would bring them.
 */
#include "core/label/label_device.h"
#include "core/log/event.h"
#include "core/stock/device.h"
#include "core/stock/lot.h"
#include "core/stock/region.h"
#include "core/stock/workshop.h"
#include "core/wipe/media.h"
#include "core/wipe/wipe.h"
#include "tests/unit/support.h"
#include "tests/unit/t.h"
#include <locale.h>
#include <stdint.h>

static int open_ws(Ctx *c, const char *code)
{
    static int n;
    char name[32];
    snprintf(name, sizeof name, "ui%d-%s.db", ++n, code);
    return support_ctx(c, name, code);
}

static int import_one(void *arg, const Event *ev)
{
    Err e = { 0 };
    if (event_import(arg, ev, &e) < 0) {
        printf("# import %s: %s\n", ev->id, e.msg);
        return 1;
    }
    return 0;
}

/* Every event of from into to (already known ones change nothing). */
static int pull_into(Ctx *to, Ctx *from)
{
    Err e = { 0 };
    return event_since(from, 0, -1, import_one, to, &e);
}

static const char *fixture(const char *name)
{
    static char p[1024];
    const char *d = getenv("BOUCLE_FIXTURES");
    snprintf(p, sizeof p, "%s/nwipe/%s", d ? d : "../shared/fixtures", name);
    return p;
}

/* n devices in a new lot of c (serials PREFIX-1…), the even ones made ready. */
static int stock(Ctx *c, const char *prefix, const char *make, const char *model, int n, char lot[LOT_ID_MAX],
                 char first[DEVICE_ID_MAX])
{
    Err e = { 0 };
    if (lot_add(c, "Hospital", "", n, NULL, lot, &e) < 0) return -1;
    for (int i = 1; i <= n; i++) {
        char serial[64], id[DEVICE_ID_MAX];
        snprintf(serial, sizeof serial, "%s-%d", prefix, i);
        DeviceNew d = { .lot = lot, .serial = serial, .category = "laptop", .make = make, .model = model };
        if (device_add(c, &d, 0, id, NULL, &e) < 0 || (i % 2 == 0 && device_set_state(c, id, "ready", NULL, &e) < 0)) {
            printf("# stock: %s\n", e.msg);
            return -1;
        }
        if (i == 1 && first) snprintf(first, DEVICE_ID_MAX, "%s", id);
    }
    return 0;
}

static int count_lot(void *arg, const Lot *l) { (void)l; ++*(int *)arg; return 0; }

/* GRE1 pulled LYO1's events: every list of its own work is its own. */
TEST(own_records_only)
{
    Ctx g, l;
    Err e = { 0 };
    CHECK(open_ws(&g, "GRE1") == 0);
    CHECK(open_ws(&l, "LYO1") == 0);
    char glot[LOT_ID_MAX], llot[LOT_ID_MAX], gdev[DEVICE_ID_MAX], ldev[DEVICE_ID_MAX];
    CHECK(stock(&g, "GSN", "Dell", "Latitude", 2, glot, gdev) == 0);
    CHECK(stock(&l, "LSN", "HP", "EliteBook", 4, llot, ldev) == 0);
    MediaNew m = { .serial = "DISK-LYO", .type = "ssd", .bytes = -1 };
    CHECK_MSG(media_add(&l, ldev, &m, NULL, &e) == 0, "%s", e.msg);
    WipeImport wl = { 0 }, wg = { 0 };
    CHECK_MSG(wipe_import_path(&l, NULL, fixture("nwipe-verify-zero-fails.log"), &wl, &e) == 0, "%s", e.msg);
    CHECK_MSG(wipe_import_path(&g, NULL, fixture("nwipe-zero-verify-last.log"), &wg, &e) == 0, "%s", e.msg);
    CHECK_INT(wl.unassigned, 1);
    CHECK(pull_into(&g, &l) == 0);
    CHECK(pull_into(&l, &g) == 0);

    /* lots: GRE1's only; LYO1's is found by its id, never listed */
    int nlots = 0;
    CHECK(lot_list(&g, count_lot, &nlots, &e) == 0);
    CHECK_INT(nlots, 1);
    Lot lot;
    CHECK_INT(lot_get(&g, llot, &lot, &e), 1);
    CHECK_STR(lot.workshop, "LYO1");

    /* unassigned wipes: GRE1's own record, not LYO1's */
    CHECK_INT(wipe_unassigned_count(&g, &e), 1);
    CHECK_INT(wipe_unassigned_count(&l, &e), 1);
    WipeRow rows[8];
    CHECK_INT(wipe_unassigned_page(&g, NULL, 1, 0, 8, rows, &e), 1);
    CHECK_INT(wipe_unassigned_page(&g, NULL, -1, 0, 8, rows, &e), 1);
    json_t *un = wipes_json(&g, "", &e);
    CHECK(un && json_array_size(un) == 1);
    json_decref(un);
    /* LYO1's record is not GRE1's to assign */
    char lkey[96];
    CHECK_INT(wipe_unassigned_page(&l, NULL, 1, 0, 8, rows, &e), 1);
    snprintf(lkey, sizeof lkey, "%s", rows[0].key);
    CHECK_INT(wipe_unassigned_page(&g, NULL, 1, 0, 8, rows, &e), 1);
    CHECK(strcmp(rows[0].key, lkey) != 0);
    CHECK_INT(wipe_assign(&g, lkey, gdev, NULL, &e), -1);
    CHECK_INT(e.code, ERR_NOTFOUND);

    /* a disk seen in LYO1's device is not matched by GRE1's imports */
    char owner[DEVICE_ID_MAX];
    CHECK_INT(media_owner(&g, "DISK-LYO", owner, &e), 0);
    CHECK_INT(media_owner(&l, "DISK-LYO", owner, &e), 1);
    CHECK_STR(owner, ldev);

    /* the device list: GRE1's; plus the one a search names exactly */
    DeviceRow dr[16];
    DeviceQuery mine = { .owner = "GRE1" };
    CHECK_INT(device_page(&g, &mine, INT64_MAX, 1, 16, dr, &e), 2);
    DeviceQuery named = { .search = "LSN-1", .owner = "GRE1", .also = ldev };
    CHECK_INT(device_page(&g, &named, INT64_MAX, 1, 16, dr, &e), 1);
    CHECK_STR(dr[0].d.id, ldev);
    DeviceQuery all = { 0 };
    CHECK_INT(device_page(&g, &all, INT64_MAX, 1, 16, dr, &e), 6);

    /* today's labels: GRE1's ready devices, never LYO1's (2 of them) */
    LabelIds ids;
    CHECK(label_ids_ready_today(&g, &ids, &e) == 0);
    CHECK_INT(ids.n, 1);
    CHECK(strncmp(ids.id[0], "GRE1-", 5) == 0);
    label_ids_free(&ids);
    /* a lot's labels: only those GRE1 owns (LYO1's lot: none of them) */
    const char *keys[] = { llot };
    CHECK(label_ids_resolve(&g, keys, 1, &ids, &e) == 0);
    CHECK_INT(ids.n, 0);
    label_ids_free(&ids);
    ctx_close(&g);
    ctx_close(&l);
}

static int add_code(void *arg, const char *code, const char *name)
{
    (void)name;
    strcat(arg, code);
    strcat(arg, " ");
    return 0;
}

/* The other workshops' ready devices, newest first, whole pages and one
 * row at a time both ways, searched, filtered; never this workshop's. */
TEST(region_pages_and_search)
{
    Ctx g, l, n;
    Err e = { 0 };
    CHECK(open_ws(&g, "GRE1") == 0);
    CHECK(open_ws(&l, "LYO1") == 0);
    CHECK(open_ws(&n, "NAN1") == 0);
    char lot[LOT_ID_MAX];
    CHECK(stock(&g, "GSN", "Dell", "Latitude", 6, lot, NULL) == 0);
    CHECK(stock(&l, "LSN", "HP", "EliteBook", 10, lot, NULL) == 0);
    CHECK(stock(&n, "NSN", "Dell", "Latitude", 8, lot, NULL) == 0);
    CHECK(pull_into(&g, &l) == 0);
    CHECK(pull_into(&g, &n) == 0);
    char codes[128] = "";
    CHECK(workshop_list(&g, add_code, codes, &e) == 0);
    CHECK_STR(codes, "GRE1 LYO1 NAN1 ");
    CHECK_INT(region_ready_count(&g, &e), 9);

    RegionQuery all = { 0 };
    DeviceRow r[32], one[1];
    int k = region_page(&g, &all, INT64_MAX, 1, 32, r, &e);
    CHECK_INT(k, 9);
    for (int i = 0; i < k; i++) {
        CHECK(strcmp(r[i].d.workshop, "GRE1") != 0);
        CHECK_STR(state_key(r[i].d.state), "ready");
        if (i) CHECK(r[i].n < r[i - 1].n);
    }
    /* one row at a time, down then up: the same rows */
    int64_t anchor = INT64_MAX;
    for (int i = 0; i < k; i++) {
        CHECK_INT(region_page(&g, &all, anchor, 1, 1, one, &e), 1);
        CHECK_STR(one[0].d.id, r[i].d.id);
        anchor = one[0].n;
    }
    CHECK_INT(region_page(&g, &all, anchor, 1, 1, one, &e), 0);
    for (int i = k - 2; i >= 0; i--) {
        CHECK_INT(region_page(&g, &all, anchor, -1, 1, one, &e), 1);
        CHECK_STR(one[0].d.id, r[i].d.id);
        anchor = one[0].n;
    }
    /* a page up returns newest first, as device_page */
    CHECK_INT(region_page(&g, &all, r[k - 1].n, -1, 3, r + 16, &e), 3);
    CHECK_STR(r[16].d.id, r[k - 4].d.id);
    CHECK_STR(r[18].d.id, r[k - 2].d.id);

    /* search: words (make, model), inside a serial, nothing of GRE1 */
    RegionQuery dell = { .search = "dell lat" };
    CHECK_INT(region_page(&g, &dell, INT64_MAX, 1, 32, r, &e), 4);
    for (int i = 0; i < 4; i++) CHECK_STR(r[i].d.workshop, "NAN1");
    RegionQuery code = { .search = "sn-1" };     /* LSN-10, NSN-… */
    k = region_page(&g, &code, INT64_MAX, 1, 32, r, &e);
    CHECK_INT(k, 1);
    CHECK_STR(r[0].d.serial, "LSN-10");
    RegionQuery none = { .search = "GSN" };
    CHECK_INT(region_page(&g, &none, INT64_MAX, 1, 32, r, &e), 0);
    RegionQuery punct = { .search = "\"*(" };
    CHECK_INT(region_page(&g, &punct, INT64_MAX, 1, 32, r, &e), 0);
    /* filters */
    RegionQuery desk = { .category = "desktop" };
    CHECK_INT(region_page(&g, &desk, INT64_MAX, 1, 32, r, &e), 0);
    RegionQuery graded = { .grade = "A" };
    CHECK_INT(region_page(&g, &graded, INT64_MAX, 1, 32, r, &e), 0);
    /* the search indexes' way (many candidates): the same rows */
    DeviceQuery fts = { .search = "dell lat", .state = "ready", .not_owner = "GRE1" };
    CHECK_INT(device_page(&g, &fts, INT64_MAX, 1, 32, r, &e), 4);
    /* LYO1 sees GRE1's and NAN1's */
    CHECK(pull_into(&l, &g) == 0);
    CHECK(pull_into(&l, &n) == 0);
    CHECK_INT(region_ready_count(&l, &e), 7);
    CHECK_INT(region_page(&l, &dell, INT64_MAX, 1, 32, r, &e), 7);
    /* ages: since made ready */
    Hlc since;
    CHECK(region_ready_since(&l, &r[0].d, &since, &e) == 0);
    CHECK(since >= r[0].d.received_hlc);
    ctx_close(&g);
    ctx_close(&l);
    ctx_close(&n);
}

/* The own-device list's page (device_page with owner, no state: the
 * device list's first screen) is an index range in n order: no sort of
 * all of a workshop's devices (1 s a page on a million before migration
 * 9, bench/region.c). The query is device_page's BY_LIST one. */
TEST(own_list_is_an_index_range)
{
    Ctx g;
    CHECK(open_ws(&g, "GRE1") == 0);
    sqlite3_stmt *st;
    CHECK(sqlite3_prepare_v2(db_handle(g.db), "EXPLAIN QUERY PLAN SELECT d.n, d.id FROM devices d "
                             "WHERE d.n < ?2 AND d.workshop = ?20 ORDER BY d.n DESC LIMIT ?6", -1, &st, NULL) == SQLITE_OK);
    char plan[1024] = "";
    while (sqlite3_step(st) == SQLITE_ROW) {
        strncat(plan, (const char *)sqlite3_column_text(st, 3), sizeof plan - strlen(plan) - 2);
        strcat(plan, ";");
    }
    sqlite3_finalize(st);
    CHECK_MSG(!strstr(plan, "TEMP B-TREE"), "plan: %s", plan);
    CHECK_CONTAINS(plan, "devices_owner");
    ctx_close(&g);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    RUN(own_records_only);
    RUN(region_pages_and_search);
    RUN(own_list_is_an_index_range);
    return t_done();
}
