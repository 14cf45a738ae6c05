/* support_ws.c — see support_ws.h. */
#include "tests/unit/support_ws.h"
#include "core/stock/device.h"
#include "core/stock/lot.h"
#include "core/stock/workshop.h"
#include <stdio.h>
#include <string.h>

void test_ws_config(SyncConfig *cfg, const char *url, const char *db, const char *user)
{
    memset(cfg, 0, sizeof *cfg);
    snprintf(cfg->url, sizeof cfg->url, "%s", url);
    snprintf(cfg->db, sizeof cfg->db, "%s", db);
    snprintf(cfg->user, sizeof cfg->user, "%s", user);
    snprintf(cfg->password, sizeof cfg->password, "pw-%s-0", user);
}

int test_ws_open(Ctx *c, const char *dir, const char *code)
{
    static int counter;
    char path[512];
    snprintf(path, sizeof path, "%s/ws%d-%s.db", dir, ++counter, code);
    Err e = { 0 };
    if (ctx_open(c, path, 0, &e) < 0 || workshop_init(c, code, code, &e) < 0) {
        printf("# open_ws: %s\n", e.msg);
        return -1;
    }
    return 0;
}

int test_ws_receive(Ctx *c, int n)
{
    Err e = { 0 };
    static int serial_no;
    char lot[LOT_ID_MAX], id[DEVICE_ID_MAX], serial[32];
    if (lot_add(c, "Hospital", "ref", n, NULL, lot, &e) < 0) return -1;
    for (int i = 0; i < n; i++) {
        snprintf(serial, sizeof serial, "SN-%s-%d", c->workshop, ++serial_no);
        DeviceNew d = { .lot = lot, .serial = serial, .category = "laptop", .make = "Dell", .model = "E7450" };
        if (device_add(c, &d, 0, id, NULL, &e) < 0) { printf("# device_add: %s\n", e.msg); return -1; }
    }
    return 0;
}

int64_t test_ws_int(Ctx *c, const char *sql)
{
    sqlite3_stmt *st;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db_handle(c->db), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}
