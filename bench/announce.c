/*
 * announce.c — the intake of announced devices (issue 12), through core/
 * exactly as screens/intake.c calls it.
 *
 *   announce DB     on DB (a copy: it is written to): a new lot, whose
 *                   donor announces BENCH_ANNOUNCE devices (default 10 000)
 *                   with RAM, processor, battery and one or two disks each;
 *                   then BENCH_RECEIVE (default 2 000) of them scanned in a
 *                   shuffled order, interleaved with as many scans of
 *                   serials nobody announced (the peer: the plain intake,
 *                   same function, same lot, same database, same moment)
 *                   and as many through device_add() alone (the intake as
 *                   it was before issue 12: what the lookup of the
 *                   announcements costs a device nobody announced).
 *
 * A scan is timed as the screen makes it (intake_submit): the label check
 * (device_label_as_serial) and announce_receive(), one transaction per
 * device. The announcements are lot.announce events written by
 * event_append() in one transaction, as announce_import() writes a file's
 * (its parsing is measured by the import section of bench/inventory.sh).
 * After the scans the program checks that each announced device got its
 * device.specs and media.add events and each unannounced one none, so the
 * figure is of the whole path; a count that differs fails the run.
 *
 * Prints RESULT lines (bench.h). Environment: BENCH_ANNOUNCE,
 * BENCH_RECEIVE, BENCH_NO_CHECKPOINTER (as bench/search.c).
 */
#include "bench/bench.h"
#include "core/inventory/announce.h"
#include "core/log/ctx.h"
#include "core/log/event.h"
#include "core/scan/scan.h"
#include "core/stock/device.h"
#include "core/stock/lot.h"
#include "core/stock/operator.h"

static long env_long(const char *name, long dflt)
{
    const char *v = getenv(name);
    long n = v && *v ? strtol(v, NULL, 10) : 0;
    return n > 0 ? n : dflt;
}

static int die(const char *what, const Err *e)
{
    fprintf(stderr, "announce: %s: %s\n", what, e->msg);
    return 1;
}

/* What a donor's GLPI says of its laptops: processors, RAM, disks as the
 * makers name them (the serial is made per disk, see disk_serial). */
static const char *const CPUS[] = {
    "Intel(R) Core(TM) i5-8350U CPU @ 1.70GHz", "Intel(R) Core(TM) i5-6300U CPU @ 2.40GHz",
    "Intel(R) Core(TM) i7-8650U CPU @ 1.90GHz", "Intel(R) Core(TM) i5-8265U CPU @ 1.60GHz",
    "Intel(R) Core(TM) i3-7100U CPU @ 2.40GHz", "AMD Ryzen 5 PRO 3500U w/ Radeon Vega Mobile Gfx",
};
static const int RAM_MB[] = { 4096, 8192, 8192, 8192, 16384, 16384, 32768 };

typedef struct BenchDisk {
    const char *model, *type, *prefix;
    int64_t bytes;
} BenchDisk;

static const BenchDisk DISKS[] = {
    { "SAMSUNG MZ7LN256HAJQ-000H1", "ssd", "S3TV", 256060514304LL },
    { "SAMSUNG MZVLB512HBJQ-000L7", "nvme", "S4EN", 512110190592LL },
    { "SK hynix SC311 SATA 128GB", "ssd", "MI7", 128035676160LL },
    { "TOSHIBA MQ01ACF050", "hdd", "Y7N", 500107862016LL },
    { "HGST HTS725050A7E630", "hdd", "TF0", 500107862016LL },
    { "KXG50ZNV256G NVMe TOSHIBA 256GB", "nvme", "Y8D", 256060514304LL },
    { "ST1000LM035-1RK172", "hdd", "WDE", 1000204886016LL },
};
#define NDISKS (sizeof DISKS / sizeof DISKS[0])

/* Disk serial j of device k: the maker's prefix and 8 base-36 characters,
 * a bijection of (k, j) (so no two disks share one). */
static void disk_serial(const BenchDisk *d, uint64_t k, int j, char *out, size_t size)
{
    static const char B36[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const uint64_t M = 2821109907456ULL;                 /* 36^8 */
    uint64_t v = ((k * 2 + (uint64_t)j) * 1000033ULL + 104729ULL) % M;
    char tail[9];
    for (int i = 7; i >= 0; i--) { tail[i] = B36[v % 36]; v /= 36; }
    tail[8] = '\0';
    snprintf(out, size, "%s%s", d->prefix, tail);
}

/* The laptops among the models (bench.h): announced devices all have a
 * battery. */
static const BenchModel *laptop(uint64_t r)
{
    const BenchModel *l[BENCH_NMODELS];
    size_t n = 0;
    for (size_t i = 0; i < BENCH_NMODELS; i++)
        if (!strcmp(BENCH_MODELS[i].category, "laptop")) l[n++] = &BENCH_MODELS[i];
    return l[r % n];
}

typedef struct Planned {
    char serial[40];
    int ndisks;
} Planned;

static int64_t count_events(Ctx *c, const char *kind, const char *lot, Err *e)
{
    static const char SQL[] =
        "SELECT count(*) FROM events WHERE kind = ?1 AND device IN (SELECT id FROM devices WHERE lot = ?2)";
    sqlite3_stmt *st = db_stmt(c->db, SQL, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, lot, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW) db_error_rc(c->db, rc, e);
    return n;
}

/* One scan as intake_submit() makes it; its time in ms, < 0 on error.
 * plain: device_add() in place of announce_receive(), as the intake was
 * before issue 12 (a second reference: what looking up the announcements
 * adds to a device nobody announced). */
static double scan(Ctx *c, const char *lot, const char *raw, const BenchModel *typed, int plain,
                   IntakeMatch *match, AnnounceHit *hit, Err *e)
{
    char serial[80], id[DEVICE_ID_MAX], dup[DEVICE_ID_MAX];
    double t = bench_now_ms();
    scan_clean(raw, serial, sizeof serial);
    /* the form: the category chosen for the lot; make and model typed only
     * when nothing was announced (typed != NULL) */
    DeviceNew dn = { lot, serial, "", "laptop", typed ? typed->make : "", typed ? typed->model : "", NULL };
    int l = device_label_as_serial(c, serial, dup, e);
    if (l != 0) {
        if (l > 0) err_set(e, ERR_INPUT, "%s taken for an asset id", serial);
        return -1;
    }
    if (plain) {
        if (device_add(c, &dn, 0, id, dup, e) < 0) return -1;
        *match = INTAKE_UNANNOUNCED;
    } else if (announce_receive(c, &dn, 0, id, dup, match, hit, e) < 0) {
        return -1;
    }
    return bench_now_ms() - t;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: announce DB\n");
        return 2;
    }
    long nann = env_long("BENCH_ANNOUNCE", 10000), nrecv = env_long("BENCH_RECEIVE", 2000);
    if (nrecv > nann) nrecv = nann;
    Ctx c;
    Err e = { 0 };
    if (ctx_open(&c, argv[1], DB_NOCREATE, &e) < 0) return die("open", &e);
    if (!c.operator[0]) operator_choose(&c, BENCH_OPERATOR, NULL);
    int64_t counts[ST__COUNT], ndev = 0;
    if (device_counts(&c, counts, &e) < 0) return die("counts", &e);
    for (int i = 0; i < ST__COUNT; i++) ndev += counts[i];
    char lot[LOT_ID_MAX];
    if (lot_add(&c, "CHU Grenoble Alpes", "BENCH-ANNOUNCE", (int)nann, NULL, lot, &e) < 0) return die("lot_add", &e);

    /* ---- the donor's file: nann lot.announce events, one transaction */
    Planned *plan = calloc((size_t)nann, sizeof *plan);
    if (!plan) return 1;
    uint64_t s = 12;
    int64_t want_disks = 0;
    double t0 = bench_now_ms();
    if (db_begin(c.db, &e) < 0) return die("begin", &e);
    for (long k = 0; k < nann; k++) {
        const BenchModel *m = laptop(bench_rand(&s));
        /* serials after the generator's and the unannounced ones' */
        bench_serial(m, (uint64_t)(ndev + 2 * nrecv + k), &s, plan[k].serial, sizeof plan[k].serial);
        InvDevice d;
        memset(&d, 0, sizeof d);
        snprintf(d.serial, sizeof d.serial, "%s", plan[k].serial);
        snprintf(d.tag, sizeof d.tag, "CHU-%06ld", 100000 + k);
        snprintf(d.make, sizeof d.make, "%s", m->make);
        snprintf(d.model, sizeof d.model, "%s", m->model);
        snprintf(d.category, sizeof d.category, "laptop");
        snprintf(d.chassis, sizeof d.chassis, "Notebook");
        d.ram_mb = RAM_MB[bench_rand(&s) % (sizeof RAM_MB / sizeof RAM_MB[0])];
        snprintf(d.cpu, sizeof d.cpu, "%s", CPUS[bench_rand(&s) % (sizeof CPUS / sizeof CPUS[0])]);
        d.ndisks = bench_rand(&s) % 4 == 0 ? 2 : 1;     /* a quarter with a second disk */
        for (int j = 0; j < d.ndisks; j++) {
            const BenchDisk *b = &DISKS[bench_rand(&s) % NDISKS];
            disk_serial(b, (uint64_t)k, j, d.disks[j].serial, sizeof d.disks[j].serial);
            snprintf(d.disks[j].model, sizeof d.disks[j].model, "%s", b->model);
            snprintf(d.disks[j].type, sizeof d.disks[j].type, "%s", b->type);
            d.disks[j].bytes = b->bytes;
        }
        d.battery_design_mwh = 45000 + (int64_t)(bench_rand(&s) % 4) * 5000;
        d.battery_full_mwh = d.battery_design_mwh * (50 + (int64_t)(bench_rand(&s) % 50)) / 100;
        snprintf(d.where, sizeof d.where, "line %ld", k + 2);
        plan[k].ndisks = d.ndisks;
        json_t *p = announce_to_json(&d);
        json_object_set_new(p, "lot", json_string(lot));
        json_object_set_new(p, "src", json_pack("{s:s, s:s, s:s, s:s}", "file", "parc-chu.csv", "sha256",
                                                "0000000000000000000000000000000000000000000000000000000000000000",
                                                "format", "boucle-csv", "where", d.where));
        if (event_append(&c, "lot.announce", NULL, p, NULL, &e) < 0) { db_rollback(c.db); return die("announce", &e); }
    }
    if (db_commit(c.db, &e) < 0) return die("commit", &e);
    double ann_s = (bench_now_ms() - t0) / 1e3;
    int64_t announced = announce_count(&c, lot, &e);
    if (announced != nann) {
        fprintf(stderr, "announce: %lld announced in %s, %ld expected\n", (long long)announced, lot, nann);
        return 1;
    }
    printf("announce: %lld devices in the database; lot %s: %ld devices announced (lot.announce events, "
           "one transaction) in %.2f s\n", (long long)ndev, lot, nann, ann_s);

    /* ---- the intake: nrecv announced serials in a shuffled order,
     * interleaved with nrecv serials nobody announced */
    long *order = malloc((size_t)nann * sizeof *order);
    double *ann = malloc((size_t)nrecv * sizeof *ann), *unann = malloc((size_t)nrecv * sizeof *unann);
    double *plain = malloc((size_t)nrecv * sizeof *plain);
    AnnounceHit *hit = malloc(sizeof *hit);
    if (!order || !ann || !unann || !plain || !hit) return 1;
    for (long k = 0; k < nann; k++) order[k] = k;
    for (long k = nann - 1; k > 0; k--) {
        long j = (long)(bench_rand(&s) % (uint64_t)(k + 1)), t = order[k];
        order[k] = order[j];
        order[j] = t;
    }
    /* as the UI does (screens/app.c): checkpoints off the scanning thread */
    if (!getenv("BENCH_NO_CHECKPOINTER") && db_checkpointer_start(c.db, &e) < 0) return die("checkpointer", &e);
    int64_t want_specs = 0;
    t0 = bench_now_ms();
    for (long i = 0; i < nrecv; i++) {
        /* the three scans of a round in a random order: the search index
         * flush every DEVICE_INDEX_BATCH devices, the checkpoints and the
         * machine's hiccups fall on any of them */
        int first = (int)(bench_rand(&s) % 3), turn = bench_rand(&s) % 2 ? 1 : 2;
        for (int j = 0; j < 3; j++) {
            int kind = (first + j * turn) % 3;
            char raw[80];
            IntakeMatch match;
            double ms;
            if (kind == 0) {
                const Planned *p = &plan[order[i]];
                /* a Code 128 symbology prefix, as a USB scanner may send it */
                snprintf(raw, sizeof raw, "]C0%s", p->serial);
                if ((ms = scan(&c, lot, raw, NULL, 0, &match, hit, &e)) < 0) return die(p->serial, &e);
                if (match != INTAKE_ANNOUNCED || strcmp(hit->dev.serial, p->serial) != 0) {
                    fprintf(stderr, "announce: %s was announced in %s, intake found %d\n", p->serial, lot, (int)match);
                    return 1;
                }
                ann[i] = ms;
                want_specs++;
                want_disks += p->ndisks;
            } else {
                /* a device nobody announced, make and model typed */
                const BenchModel *m = laptop(bench_rand(&s));
                char made[64];
                bench_serial(m, (uint64_t)(ndev + 2 * i + (kind - 1)), &s, made, sizeof made);
                snprintf(raw, sizeof raw, "]C0%s", made);
                if ((ms = scan(&c, lot, raw, m, kind == 2, &match, hit, &e)) < 0) return die(made, &e);
                if (match != INTAKE_UNANNOUNCED) {
                    fprintf(stderr, "announce: %s was not announced, intake found %d\n", made, (int)match);
                    return 1;
                }
                (kind == 1 ? unann : plain)[i] = ms;
            }
        }
    }
    double secs = (bench_now_ms() - t0) / 1e3;
    int64_t specs = count_events(&c, "device.specs", lot, &e);
    int64_t media = count_events(&c, "media.add", lot, &e);
    int64_t received = count_events(&c, "device.receive", lot, &e);
    if (specs < 0 || media < 0 || received < 0) return die("count", &e);
    printf("intake: %ld rounds of 3 scans (announced, unannounced, unannounced by device_add) in %.2f s; stored: "
           "%lld devices, %lld device.specs (%lld expected), %lld media.add (%lld expected)\n", nrecv, secs,
           (long long)received, (long long)specs, (long long)want_specs, (long long)media, (long long)want_disks);
    if (specs != want_specs || media != want_disks || received != 3 * nrecv) {
        fprintf(stderr, "announce: the announced devices were not stored whole\n");
        return 1;
    }
    double amed = bench_percentile(ann, (size_t)nrecv, 50), ap99 = bench_percentile(ann, (size_t)nrecv, 99);
    double pmed = bench_percentile(unann, (size_t)nrecv, 50), pp99 = bench_percentile(unann, (size_t)nrecv, 99);
    double dmed = bench_percentile(plain, (size_t)nrecv, 50), dp99 = bench_percentile(plain, (size_t)nrecv, 99);
    bench_result("announce.devices", (double)ndev, "devices");
    bench_result("announce.announced", (double)nann, "devices");
    bench_result("announce.announce_s", ann_s, "s");
    bench_result("announce.scans", (double)nrecv, "scans");
    bench_result("announce.specs_events", (double)specs, "events");
    bench_result("announce.media_events", (double)media, "events");
    bench_result("announce.announced.median_ms", amed, "ms");
    bench_result("announce.announced.p99_ms", ap99, "ms");
    bench_result("announce.unannounced.median_ms", pmed, "ms");
    bench_result("announce.unannounced.p99_ms", pp99, "ms");
    bench_result("announce.device_add.median_ms", dmed, "ms");
    bench_result("announce.device_add.p99_ms", dp99, "ms");
    bench_result("announce.ratio_median", pmed > 0 ? amed / pmed : 0, "x");
    bench_result("announce.ratio_p99", pp99 > 0 ? ap99 / pp99 : 0, "x");
    free(plan);
    free(order);
    free(ann);
    free(unann);
    free(plain);
    free(hit);
    ctx_close(&c);
    bench_result("announce.peak_rss_kib", (double)bench_peak_rss_kib(), "KiB");
    return 0;
}
