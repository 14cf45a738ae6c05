/*
 * gen.c — writes a benchmark database of N devices and their events.
 *
 *   gen PATH N      creates PATH (must not exist) with workshop GRE1
 *
 * Everything goes through core/ as a person's work would: workshop_init,
 * operator_add, lot_add (pallets of 20–80 devices from a handful of donors),
 * device_add (serials shaped like each maker's, see bench.h) and
 * device_set_state for the share of devices that moved on (about 60 %, some
 * twice). Only the transactions differ from the screens': one per
 * GEN_BATCH devices instead of one per device, so that a million devices
 * take minutes, not hours. Deterministic: the same N gives the same data.
 * bench/run.sh caches the result in $BUILD/bench/ keyed by N.
 */
#include "bench/bench.h"
#include "core/log/ctx.h"
#include "core/stock/device.h"
#include "core/stock/lot.h"
#include "core/stock/operator.h"
#include "core/stock/workshop.h"
#include <unistd.h>

/* Devices per transaction: large enough that commits cost nothing, small
 * enough that the WAL stays a few tens of MB between checkpoints. */
#define GEN_BATCH 10000

static const char *const DONORS[] = {
    "CHU Grenoble Alpes", "Université Grenoble Alpes", "Ville d'Échirolles",
    "Métropole de Lyon", "Schneider Electric", "Lycée Champollion",
    "Caisse d'Épargne Rhône Alpes", "STMicroelectronics", "Département de l'Isère",
};
#define NDONORS (sizeof DONORS / sizeof DONORS[0])

static int fail(const char *what, const Err *e)
{
    fprintf(stderr, "gen: %s: %s\n", what, e->msg);
    return 1;
}

/* The state a device ends in, and whether it went through in_progress. */
static int pick_state(uint64_t *s)
{
    unsigned r = (unsigned)(bench_rand(s) % 100);
    return r < 40 ? ST_RECEIVED : r < 55 ? ST_IN_PROGRESS : r < 70 ? ST_READY : r < 75 ? ST_RESERVED
         : r < 88 ? ST_REUSED : r < 95 ? ST_PARTS : ST_RECYCLED;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: gen PATH N\n");
        return 2;
    }
    const char *path = argv[1];
    long n = strtol(argv[2], NULL, 10);
    if (n <= 0) {
        fprintf(stderr, "gen: N must be a positive number\n");
        return 2;
    }
    if (access(path, F_OK) == 0) {
        fprintf(stderr, "gen: %s exists; refusing to add to it\n", path);
        return 2;
    }
    Ctx c;
    Err e = { 0 };
    if (ctx_open(&c, path, 0, &e) < 0) return fail("open", &e);
    if (workshop_init(&c, BENCH_WORKSHOP, BENCH_WORKSHOP_NAME, &e) < 0) return fail("init", &e);
    if (operator_add(&c, BENCH_OPERATOR, &e) < 0 || operator_choose(&c, BENCH_OPERATOR, &e) < 0)
        return fail("operator", &e);

    /* core/stock/device.c looks a serial up with "WHERE serial_key = ?1", which
     * cannot use the partial index devices_serial (WHERE serial_key <> ''):
     * every device_add scans the whole table, and a million devices would
     * take days. A plain index for the time of the generation makes that
     * lookup indexed; it is dropped at the end, so the benchmarks measure
     * the schema as it is (bench/run.sh reports the problem). */
    if (db_exec(c.db, "CREATE INDEX bench_gen_serial ON devices(serial_key)", &e) < 0) return fail("index", &e);

    uint64_t s = 2026;
    double t0 = bench_now_ms();
    long made = 0, events = 0, lots = 0;
    char lot[LOT_ID_MAX] = "";
    int left_in_lot = 0;
    size_t m = 0;
    if (db_begin(c.db, &e) < 0) return fail("begin", &e);
    while (made < n) {
        if (left_in_lot == 0) {
            char ref[32], date[16];
            left_in_lot = 20 + (int)(bench_rand(&s) % 61);
            snprintf(ref, sizeof ref, "BL-%04ld", lots + 1);
            snprintf(date, sizeof date, "2025-%02d-%02d", 1 + (int)(lots % 12), 1 + (int)(bench_rand(&s) % 28));
            if (lot_add(&c, DONORS[bench_rand(&s) % NDONORS], ref, left_in_lot, date, lot, &e) < 0)
                return fail("lot_add", &e);
            lots++;
            events++;
            m = bench_rand(&s) % BENCH_NMODELS;
        }
        if (bench_rand(&s) % 8 == 0) m = bench_rand(&s) % BENCH_NMODELS; /* a stray model */
        const BenchModel *bm = &BENCH_MODELS[m];
        char serial[64], tag[32], id[DEVICE_ID_MAX];
        bench_serial(bm, (uint64_t)made, &s, serial, sizeof serial);
        snprintf(tag, sizeof tag, "INV-%06ld", made + 1);
        DeviceNew dn = { lot, serial, bench_rand(&s) % 3 ? "" : tag, bm->category, bm->make, bm->model, NULL };
        if (device_add(&c, &dn, 0, id, NULL, &e) < 0) return fail("device_add", &e);
        events++;
        int st = pick_state(&s);
        if (st != ST_RECEIVED && st != ST_PARTS && st != ST_RECYCLED) {
            if (device_set_state(&c, id, state_key(ST_IN_PROGRESS), NULL, &e) < 0) return fail("state", &e);
            events++;
        }
        if (st != ST_RECEIVED && st != ST_IN_PROGRESS) {
            if (device_set_state(&c, id, state_key(st), NULL, &e) < 0) return fail("state", &e);
            events++;
        }
        made++;
        left_in_lot--;
        if (made % GEN_BATCH == 0) {
            if (db_commit(c.db, &e) < 0 || db_begin(c.db, &e) < 0) return fail("commit", &e);
            if (made % (GEN_BATCH * 10) == 0)
                fprintf(stderr, "gen: %ld devices, %.0f devices/s\n", made, made / ((bench_now_ms() - t0) / 1e3));
        }
    }
    if (db_commit(c.db, &e) < 0) return fail("commit", &e);
    /* Leave the file compact and the WAL empty: every benchmark starts alike. */
    if (db_exec(c.db, "DROP INDEX bench_gen_serial; PRAGMA wal_checkpoint(TRUNCATE);", &e) < 0)
        return fail("checkpoint", &e);
    double secs = (bench_now_ms() - t0) / 1e3;
    ctx_close(&c);
    printf("gen: %ld devices, %ld lots, %ld events in %.1f s (%.0f devices/s)\n",
           made, lots, events, secs, made / secs);
    bench_result("gen.devices_per_s", made / secs, "devices/s");
    return 0;
}
