/*
 * reconcile.c — issue 12 item 3: reconciling a big lot, and a small fixed
 * database for the end-to-end tests.
 *
 *   reconcile make PATH N   creates PATH (must not exist), workshop GRE1:
 *                           lot GRE1-L0001 with N announced devices, of
 *                           which 97 % received in it, 1 % received in lot
 *                           GRE1-L0002 and 2 % missing, plus N/50 devices
 *                           received in it that nobody announced.
 *   reconcile time PATH LOT lot_reconcile() 5 times counts only and 5
 *                           times with every row to a callback: the medians
 *                           (RESULT lines), and the four counts.
 *   reconcile demo PATH     a small fixed database (tests/e2e/reconcile.sh):
 *                           GRE1-L0001 of 6 announced devices (2 received
 *                           by serial, one written otherwise, 1 by its tag
 *                           alone, 1 received in GRE1-L0002, 2 missing, one
 *                           with ';' and quotes in its model) and 2 not
 *                           announced (one announced in GRE1-L0002); and
 *                           LYO1-L0001, another workshop's lot from the hub.
 *
 * Everything goes through core/ (event_append for the announcements,
 * device_add for intake), in batches of one transaction per BATCH events.
 */
#include "bench/bench.h"
#include "core/inventory/announce.h"
#include "core/log/event.h"
#include "core/log/hlc.h"
#include "core/stock/operator.h"
#include "core/stock/workshop.h"
#include <unistd.h>

#define BATCH 10000

static int fail(const char *what, const Err *e)
{
    fprintf(stderr, "reconcile: %s: %s\n", what, e->msg);
    return 1;
}

static int open_new(Ctx *c, const char *path, Err *e)
{
    if (access(path, F_OK) == 0) {
        fprintf(stderr, "reconcile: %s exists; refusing to add to it\n", path);
        return -1;
    }
    if (ctx_open(c, path, 0, e) < 0 || workshop_init(c, BENCH_WORKSHOP, "Atelier de Grenoble", e) < 0
        || operator_add(c, BENCH_OPERATOR, e) < 0 || operator_choose(c, BENCH_OPERATOR, e) < 0)
        return -1;
    return 0;
}

static int announce(Ctx *c, const char *lot, const char *serial, const char *tag, const char *cat,
                    const char *make, const char *model, Err *e)
{
    json_t *p = json_pack("{s:s}", "lot", lot);
    if (serial) json_object_set_new(p, "serial", json_string(serial));
    if (tag) json_object_set_new(p, "tag", json_string(tag));
    if (cat) json_object_set_new(p, "category", json_string(cat));
    if (make) json_object_set_new(p, "make", json_string(make));
    if (model) json_object_set_new(p, "model", json_string(model));
    return event_append(c, "lot.announce", NULL, p, NULL, e);
}

static int receive(Ctx *c, const char *lot, const char *serial, const char *tag, const char *cat,
                   const char *make, const char *model, Err *e)
{
    char id[DEVICE_ID_MAX];
    DeviceNew dn = { lot, serial, tag, cat, make, model, NULL };
    return device_add(c, &dn, 0, id, NULL, e);
}

static int make_big(const char *path, long n)
{
    Ctx c;
    Err e = { 0 };
    char l1[LOT_ID_MAX], l2[LOT_ID_MAX], serial[64];
    if (open_new(&c, path, &e) < 0) return fail("open", &e);
    /* as bench/gen.c: device_add's serial lookup cannot use the partial
     * index devices_serial; a plain one for the time of the generation */
    if (db_exec(c.db, "CREATE INDEX bench_rec_serial ON devices(serial_key)", &e) < 0) return fail("index", &e);
    if (lot_add(&c, "CHU Grenoble Alpes", "BL-2026-114", (int)n, "2026-03-02", l1, &e) < 0
        || lot_add(&c, "Université Grenoble Alpes", "BL-2026-115", -1, "2026-03-03", l2, &e) < 0)
        return fail("lot_add", &e);
    double t0 = bench_now_ms();
    if (db_begin(c.db, &e) < 0) return fail("begin", &e);
    long events = 0;
    for (long i = 0; i < n; i++) {
        snprintf(serial, sizeof serial, "5CG%07ldX", i);
        if (announce(&c, l1, serial, NULL, "laptop", "HP", "EliteBook 840 G5", &e) < 0) return fail("announce", &e);
        if (++events % BATCH == 0 && (db_commit(c.db, &e) < 0 || db_begin(c.db, &e) < 0)) return fail("commit", &e);
    }
    for (long i = 0; i < n; i++) {
        long r = i % 100;
        if (r >= 98) continue;                        /* 2 %: missing */
        snprintf(serial, sizeof serial, "5CG%07ldX", i);
        if (receive(&c, r == 97 ? l2 : l1, serial, NULL, "laptop", "HP", "EliteBook 840 G5", &e) < 0)
            return fail("device_add", &e);
        if (++events % BATCH == 0 && (db_commit(c.db, &e) < 0 || db_begin(c.db, &e) < 0)) return fail("commit", &e);
        if (i % 50 == 0) {                            /* not announced */
            snprintf(serial, sizeof serial, "PF%08ldZ", i);
            if (receive(&c, l1, serial, NULL, "desktop", "Lenovo", "ThinkCentre M720q", &e) < 0)
                return fail("device_add", &e);
            events++;
        }
    }
    if (db_commit(c.db, &e) < 0) return fail("commit", &e);
    if (db_exec(c.db, "DROP INDEX bench_rec_serial; PRAGMA wal_checkpoint(TRUNCATE);", &e) < 0)
        return fail("checkpoint", &e);
    double ms = bench_now_ms() - t0;
    printf("made %s: %ld events in %.1f s (%s announced %ld)\n", path, events, ms / 1e3, l1, n);
    ctx_close(&c);
    return 0;
}

static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int count_row(void *arg, ReconcileKind k, const ReconcileRow *row)
{
    int64_t *sum = arg;
    *sum += (int64_t)k + (int64_t)strlen(row->serial);
    return 0;
}

static int time_lot(const char *path, const char *lot)
{
    Ctx c;
    Err e = { 0 };
    Reconcile r;
    if (ctx_open(&c, path, 0, &e) < 0) return fail("open", &e);
    double counts[5], rows[5], cpu[5];
    int64_t sink = 0;
    for (int i = 0; i < 5; i++) {
        double t0 = bench_now_ms(), c0 = cpu_ms();
        if (lot_reconcile(&c, lot, &r, NULL, NULL, &e) < 0) return fail("reconcile", &e);
        counts[i] = bench_now_ms() - t0;
        cpu[i] = cpu_ms() - c0;
        t0 = bench_now_ms();
        if (lot_reconcile(&c, lot, &r, count_row, &sink, &e) < 0) return fail("reconcile", &e);
        rows[i] = bench_now_ms() - t0;
    }
    printf("%s: announced %lld, received %lld, missing %lld, not announced %lld\n", r.lot,
           (long long)r.announced, (long long)r.received, (long long)r.missing, (long long)r.unannounced);
    printf("COUNTS %lld %lld %lld %lld\n", (long long)r.announced, (long long)r.received, (long long)r.missing,
           (long long)r.unannounced);
    bench_result("reconcile.counts_ms", bench_percentile(counts, 5, 50), "ms");
    bench_result("reconcile.rows_ms", bench_percentile(rows, 5, 50), "ms");
    /* the machine is shared: the CPU time says what the wall time hides */
    bench_result("reconcile.counts_cpu_ms", bench_percentile(cpu, 5, 50), "ms");
    ctx_close(&c);
    return sink < 0;
}

/* A lot.create of another workshop's, as a sync would bring it. */
static int foreign_lot(Ctx *c, Err *e)
{
    Event ev;
    memset(&ev, 0, sizeof ev);
    ev.hlc = hlc_make(1767225600000LL, 0);
    snprintf(ev.workshop, sizeof ev.workshop, "LYO1");
    char hex[17];
    hlc_format(ev.hlc, hex);
    snprintf(ev.id, sizeof ev.id, "%s-LYO1", hex);
    snprintf(ev.kind, sizeof ev.kind, "lot.create");
    ev.payload = json_pack("{s:s, s:s, s:s, s:s}", "lot", "LYO1-L0001", "donor", "Métropole de Lyon", "ref", "",
                           "date", "2026-01-01");
    int r = event_import(c, &ev, e);
    json_decref(ev.payload);
    return r < 0 ? -1 : 0;
}

static int make_demo(const char *path)
{
    Ctx c;
    Err e = { 0 };
    char l1[LOT_ID_MAX], l2[LOT_ID_MAX];
    if (open_new(&c, path, &e) < 0) return fail("open", &e);
    if (lot_add(&c, "CHU Grenoble Alpes", "BL-2026-114", 6, "2026-03-02", l1, &e) < 0
        || lot_add(&c, "Université Grenoble Alpes", "BL-2026-115", 1, "2026-03-03", l2, &e) < 0)
        return fail("lot_add", &e);
    if (announce(&c, l1, "5CG7301XYZ", "INV-0040", "laptop", "HP", "EliteBook 840 G5", &e) < 0
        || announce(&c, l1, "PF0ABC12", NULL, "laptop", "Lenovo", "ThinkPad T480", &e) < 0
        || announce(&c, l1, NULL, "INV-0042", "desktop", "Dell", "OptiPlex 7050", &e) < 0
        || announce(&c, l1, "C02XK1ZZJGH5", NULL, "laptop", "Apple", "MacBook Pro 13\"", &e) < 0
        || announce(&c, l1, "8CC9112QRT", NULL, "desktop", "HP", "ProDesk 400; \"G4\"", &e) < 0
        || announce(&c, l1, "JH4KA7560MC", NULL, "desktop", "Lenovo", "ThinkCentre M720q", &e) < 0
        || announce(&c, l2, "CN0H5T2K", NULL, "laptop", "Dell", "Latitude 5490", &e) < 0)
        return fail("announce", &e);
    if (receive(&c, l1, "5cg 7301xyz", "INV-0040", "laptop", "HP", "EliteBook 840 G5", &e) < 0
        || receive(&c, l1, "PF0ABC12", NULL, "laptop", "Lenovo", "ThinkPad T480", &e) < 0
        || receive(&c, l1, "CZC4401ABC", "inv-0042", "desktop", "Dell", "OptiPlex 7050", &e) < 0
        || receive(&c, l2, "C02XK1ZZJGH5", NULL, "laptop", "Apple", "MacBook Pro 13\"", &e) < 0
        || receive(&c, l1, "7XQ2M13", NULL, "laptop", "Dell", "Latitude 7490", &e) < 0
        || receive(&c, l1, "CN0H5T2K", NULL, "laptop", "Dell", "Latitude 5490", &e) < 0)
        return fail("device_add", &e);
    if (foreign_lot(&c, &e) < 0) return fail("foreign lot", &e);
    ctx_close(&c);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "make")) return make_big(argv[2], atol(argv[3]));
    if (argc == 4 && !strcmp(argv[1], "time")) return time_lot(argv[2], argv[3]);
    if (argc == 3 && !strcmp(argv[1], "demo")) return make_demo(argv[2]);
    fprintf(stderr, "usage: reconcile make PATH N | time PATH LOT | demo PATH\n");
    return 2;
}
