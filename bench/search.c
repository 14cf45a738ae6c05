/*
 * search.c — the device list and intake benchmarks, through core/ exactly
 * as the screens call it (screens/devices.c, screens/intake.c).
 *
 *   search keys   DB [PEER.sql]   search as you type: device_page(search =
 *                                 each growing prefix, limit = one screen);
 *                                 kinds: a serial from its start, an asset
 *                                 id, a model word, a serial from its 4th
 *                                 character (infix: what a technician
 *                                 reads off the end of a sticker) and an
 *                                 asset id's number (asset_infix)
 *   search page   DB [PEER.sql]   page through the whole list, newest first
 *   search intake DB [PEER.sql]   scanned serials -> device_add, one
 *                                 transaction per device, as the screen does
 *
 * Each prints RESULT lines (bench.h) and its peak RSS. With PEER.sql it also
 * writes the same SQL, parameters written out, for the sqlite3 command-line
 * shell, which bench/run.sh runs on the same database as the raw peer.
 *
 * The keystrokes are timed twice: wall clock (what the user waits) and
 * the process's CPU time, which is what the peer's figure is (the shell's
 * ".timer on"): on a loaded machine only the CPU figures compare like for
 * like.
 *
 * Environment: BENCH_REPS (repetitions per keystroke, default 50),
 * BENCH_KEYS_TRACE (set: every keystroke sample on stderr),
 * BENCH_INTAKE (devices to take in, default 10000), BENCH_INTAKE_SECS (stop
 * the intake after this long, default 60: a slow path must not hang
 * `make bench`; the figure then says how many were done).
 */
#include "bench/bench.h"
#include "core/stock/operator.h"
#include <ctype.h>
#include "core/log/ctx.h"
#include "core/stock/device.h"
#include "core/stock/lot.h"
#include "core/scan/scan.h"

/* Rows of the device list on an 80x24 terminal (title, header, status and
 * function bar take the rest). */
#define PAGE_ROWS 20
/* A keystroke is repeated until BENCH_REPS samples or this many ms spent on
 * it, whichever comes first (at least KEY_MIN_REPS): a pathological prefix
 * costs seconds, not minutes. */
#define KEY_BUDGET_MS 3000.0
#define KEY_MIN_REPS 5

/* The SELECT of device_page() with a search, dir > 0 (core/stock/device.c). */
#define PEER_SELECT "SELECT d.n, d.id, d.workshop, d.lot, d.serial, d.donor_tag, d.category, " \
    "d.make, d.model, d.state, d.grade, d.outcome, d.received_hlc, d.updated_hlc FROM "

static long env_long(const char *name, long dflt)
{
    const char *v = getenv(name);
    long n = v && *v ? strtol(v, NULL, 10) : 0;
    return n > 0 ? n : dflt;
}

static int die(const char *what, const Err *e)
{
    fprintf(stderr, "search: %s: %s\n", what, e->msg);
    return 1;
}

/* The text typed, as one FTS5 phrase prefix query, as an SQL string
 * literal: what one would write for the shell. device_page() runs the same
 * query for a single word (a serial, the infix kinds); for several words or
 * a long letter word (asset id, model) it asks the index for less and
 * checks the rest on each row with its own SQL function word_prefix()
 * (search_query in core/stock/device.c), which the shell does not have: for
 * those kinds the peer runs the plain query, not the same statement. */
static void peer_match(FILE *f, const char *word)
{
    fputs("'\"", f);
    for (const char *p = word; *p; p++) {
        if (*p == '"') fputc('"', f);
        if (*p == '\'') fputc('\'', f);
        fputc(*p, f);
    }
    fputs("\"*'", f);
}

/* The codes index query device_page() adds for a text of 3 characters or
 * more without blanks (infix_query in device.c), as an SQL string literal;
 * the bench's texts are ASCII, without quotes. */
static void peer_codes(FILE *f, const char *text)
{
    fputs("'\"", f);
    for (const char *p = text; *p; p++) {
        if (*p == '"') fputc('"', f);
        if (*p == '\'') fputc('\'', f);
        fputc(*p, f);
    }
    fputs("\"'", f);
}

/* ---- keys ---------------------------------------------------------------- */

typedef struct KeyRun {
    const char *name;     /* serial, asset, model */
    char text[64];        /* what is typed, one character at a time */
} KeyRun;

static double *samples, *cpu_samples;
static size_t nsamples, capsamples;

/* The CPU time of this process (user + system), ms: what the sqlite3
 * shell's ".timer on" reports for the peer (getrusage), so that a figure
 * beside the peer's is not also the time other programs had the core. */
static double cpu_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void add_sample2(double ms, double cpu_ms)
{
    if (nsamples == capsamples) {
        capsamples = capsamples ? capsamples * 2 : 1024;
        samples = realloc(samples, capsamples * sizeof *samples);
        cpu_samples = realloc(cpu_samples, capsamples * sizeof *cpu_samples);
        if (!samples || !cpu_samples) { perror("search"); exit(1); }
    }
    cpu_samples[nsamples] = cpu_ms;
    samples[nsamples++] = ms;
}

static void add_sample(double ms) { add_sample2(ms, 0); }

static int bench_keys(Ctx *c, FILE *peer)
{
    long reps = env_long("BENCH_REPS", 50);
    int trace = getenv("BENCH_KEYS_TRACE") != NULL;   /* every sample on stderr */
    Err e = { 0 };
    /* The serial of a device in the middle of the stock: typing it goes
     * through every prefix from "matches a maker's whole range" to one. */
    int64_t total[ST__COUNT];
    if (device_counts(c, total, &e) < 0) return die("counts", &e);
    int64_t n = 0;
    for (int i = 0; i < ST__COUNT; i++) n += total[i];
    char mid[DEVICE_ID_MAX];
    snprintf(mid, sizeof mid, "%s-%06lld", BENCH_WORKSHOP, (long long)(n / 2 + 1));
    Device d;
    if (device_get(c, mid, &d, &e) != 1) return die("middle device", &e);
    KeyRun runs[] = { { "serial", "" }, { "asset", "GRE1-0004" }, { "model", "latitude" },
                      { "infix", "" }, { "asset_infix", "" } };
    enum { NRUNS = sizeof runs / sizeof runs[0] };
    snprintf(runs[0].text, sizeof runs[0].text, "%s", d.serial);
    snprintf(runs[3].text, sizeof runs[3].text, "%s", d.serial + (strlen(d.serial) > 3 ? 3 : 0));
    snprintf(runs[4].text, sizeof runs[4].text, "%s", strchr(mid, '-') + 1);
    printf("keys: %lld devices; typing serial %s, asset id %s, model %s, inside serial %s, asset number %s; "
           "%ld repetitions, %d rows\n", (long long)n, runs[0].text, runs[1].text, runs[2].text,
           runs[3].text, runs[4].text, reps, PAGE_ROWS);

    DeviceRow rows[PAGE_ROWS];
    double *all = NULL, *all_cpu = NULL;
    size_t nall = 0;
    if (peer) fputs(".timer on\n", peer);
    for (int r = 0; r < NRUNS; r++) {
        KeyRun *k = &runs[r];
        size_t len = strlen(k->text);
        nsamples = 0;
        double worst_med = 0;
        char worst_prefix[64] = "";
        for (size_t l = 1; l <= len; l++) {
            char prefix[64];
            snprintf(prefix, sizeof prefix, "%.*s", (int)l, k->text);
            DeviceQuery q = { .search = prefix };
            size_t first = nsamples;
            int got = 0;
            double spent = 0;
            for (long i = 0; i < reps && (i < KEY_MIN_REPS || spent < KEY_BUDGET_MS); i++) {
                double t0 = bench_now_ms(), c0 = cpu_now_ms();
                got = device_page(c, &q, INT64_MAX, 1, PAGE_ROWS, rows, &e);
                double dt = bench_now_ms() - t0, dc = cpu_now_ms() - c0;
                if (got < 0) return die("device_page", &e);
                add_sample2(dt, dc);
                if (trace) fprintf(stderr, "key %s %s %ld wall %.3f cpu %.3f\n", k->name, prefix, i, dt, dc);
                spent += dt;
            }
            /* median of this prefix, for the commentary */
            size_t m = nsamples - first;
            double *tmp = malloc(m * sizeof *tmp);
            if (!tmp) return 1;
            memcpy(tmp, samples + first, m * sizeof *tmp);
            double med = bench_percentile(tmp, m, 50);
            free(tmp);
            printf("  %-6s %-16s %2d rows  median %8.3f ms  (%zu runs)\n", k->name, prefix, got, med, m);
            if (med > worst_med) { worst_med = med; snprintf(worst_prefix, sizeof worst_prefix, "%s", prefix); }
            if (peer) {
                /* the same statement, as many times as we ran it */
                for (size_t i = 0; i < m; i++) {
                    fprintf(peer, ".output stdout\n.print KEY %s\n.output /dev/null\n%sdevices_fts f JOIN devices d ON d.n = f.rowid "
                            "WHERE devices_fts MATCH ", k->name, PEER_SELECT);
                    peer_match(peer, prefix);
                    fprintf(peer, " AND f.rowid < %lld ORDER BY f.rowid DESC LIMIT %d;\n",
                            (long long)INT64_MAX, PAGE_ROWS);
                    /* and the codes index, from 3 characters (one sample:
                     * bench/devices.sh adds the times of a KEY's statements) */
                    if (l >= 3) {
                        char up[64];
                        for (size_t u = 0; u <= l; u++) up[u] = (char)toupper((unsigned char)prefix[u]);
                        fprintf(peer, "%sdevices_codes f JOIN devices d ON d.n = f.rowid WHERE devices_codes MATCH ",
                                PEER_SELECT);
                        peer_codes(peer, prefix + (l > 3));   /* from 4 characters: without the first */
                        fprintf(peer, " AND f.rowid < %lld AND (instr(upper(d.serial), '%s') OR instr(upper(d.donor_tag), '%s') "
                                "OR instr(substr(d.id, length(rtrim(d.id, '0123456789')) + 1), '%s')) "
                                "ORDER BY f.rowid DESC LIMIT %d;\n", (long long)INT64_MAX, up, up, up, PAGE_ROWS);
                    }
                }
            }
        }
        all = realloc(all, (nall + nsamples) * sizeof *all);
        all_cpu = realloc(all_cpu, (nall + nsamples) * sizeof *all_cpu);
        if (!all || !all_cpu) return 1;
        memcpy(all + nall, samples, nsamples * sizeof *all);
        memcpy(all_cpu + nall, cpu_samples, nsamples * sizeof *all_cpu);
        nall += nsamples;
        char name[64];
        snprintf(name, sizeof name, "keys.%s.median_ms", k->name);
        bench_result(name, bench_percentile(samples, nsamples, 50), "ms");
        snprintf(name, sizeof name, "keys.%s.p99_ms", k->name);
        bench_result(name, bench_percentile(samples, nsamples, 99), "ms");
        snprintf(name, sizeof name, "keys.%s.cpu_median_ms", k->name);
        bench_result(name, bench_percentile(cpu_samples, nsamples, 50), "ms");
        snprintf(name, sizeof name, "keys.%s.cpu_p99_ms", k->name);
        bench_result(name, bench_percentile(cpu_samples, nsamples, 99), "ms");
        printf("  %s: slowest keystroke \"%s\" (median %.3f ms)\n", k->name, worst_prefix, worst_med);
    }
    bench_result("keys.all.median_ms", bench_percentile(all, nall, 50), "ms");
    bench_result("keys.all.p99_ms", bench_percentile(all, nall, 99), "ms");
    bench_result("keys.all.cpu_median_ms", bench_percentile(all_cpu, nall, 50), "ms");
    bench_result("keys.all.cpu_p99_ms", bench_percentile(all_cpu, nall, 99), "ms");
    free(all);
    free(all_cpu);
    return 0;
}

/* ---- page ---------------------------------------------------------------- */

static int bench_page(Ctx *c, FILE *peer)
{
    Err e = { 0 };
    DeviceRow rows[PAGE_ROWS];
    DeviceQuery q = { 0 };
    int64_t anchor = INT64_MAX, total = 0;
    nsamples = 0;
    double t0 = bench_now_ms();
    for (;;) {
        double t = bench_now_ms();
        int got = device_page(c, &q, anchor, 1, PAGE_ROWS, rows, &e);
        if (got < 0) return die("device_page", &e);
        add_sample(bench_now_ms() - t);
        if (peer)
            fprintf(peer, "%sdevices d WHERE d.n < %lld ORDER BY d.n DESC LIMIT %d;\n",
                    PEER_SELECT, (long long)anchor, PAGE_ROWS);
        if (got == 0) break;
        total += got;
        anchor = rows[got - 1].n;
    }
    double secs = (bench_now_ms() - t0) / 1e3;
    printf("page: %lld rows in %zu pages of %d, %.2f s\n", (long long)total, nsamples, PAGE_ROWS, secs);
    bench_result("page.total_s", secs, "s");
    bench_result("page.rows_per_s", total / secs, "rows/s");
    bench_result("page.median_ms", bench_percentile(samples, nsamples, 50), "ms");
    bench_result("page.p99_ms", bench_percentile(samples, nsamples, 99), "ms");
    return total > 0 ? 0 : 1;
}

/* ---- intake -------------------------------------------------------------- */

/* The statements device_add() runs for one new device (core/stock/device.c,
 * core/log/event.c, core/log/project.c), values written out: the raw peer. */
static void peer_intake(FILE *f, long k, const char *lot, const char *skey, const char *serial,
                        const BenchModel *m)
{
    char id[32], ev[48];
    long long h = 0x7000000000000000LL + k;   /* its hlc, 64 bits on i386 too */
    snprintf(id, sizeof id, "PEER-%06ld", k + 1);
    snprintf(ev, sizeof ev, "%016llx-PEER", (unsigned long long)h);
    fprintf(f,
        "BEGIN IMMEDIATE;\n"
        "SELECT id FROM lots WHERE id = '%s';\n"
        "SELECT " DEVICE_COLUMNS " FROM devices WHERE serial_key = '%s' AND serial_key <> '' ORDER BY n LIMIT 1;\n"
        "SELECT value FROM meta WHERE key = 'seq.device';\n"
        "SELECT 1 FROM devices WHERE id = '%s';\n"
        "SELECT value FROM meta WHERE key = 'hlc';\n"
        "INSERT INTO meta(key, value) VALUES ('hlc', '%lld') ON CONFLICT(key) DO UPDATE SET value = excluded.value;\n"
        "INSERT INTO events(id, hlc, workshop, operator, device, kind, payload) VALUES ('%s', %lld, 'PEER', '', '%s', "
        "'device.receive', json_object('category', '%s', 'donor_tag', '', 'lot', '%s', 'make', '%s', 'model', '%s', 'serial', '%s')) "
        "ON CONFLICT(id) DO NOTHING;\n"
        "INSERT INTO tallies(scope, key, n) VALUES (date('now'), 'device.receive', 1) "
        "ON CONFLICT(scope, key) DO UPDATE SET n = n + 1;\n"
        "INSERT INTO meta(key, value) VALUES ('seq.peer', '%ld') ON CONFLICT(key) DO UPDATE SET value = excluded.value;\n"
        "SELECT seq, id, hlc, workshop, operator, device, kind, payload FROM events WHERE device = '%s' ORDER BY hlc, workshop;\n"
        "SELECT serial, donor_tag, make, model, id FROM devices WHERE id = '%s';\n"
        "INSERT INTO devices(n, id, workshop, lot, serial, serial_key, donor_tag, tag_key, category, make, model, "
        "state, grade, outcome, received_hlc, updated_hlc) VALUES ((SELECT seq FROM events WHERE id = '%s'), "
        "'%s', 'PEER', '%s', '%s', '%s', '', '', '%s', '%s', '%s', 'received', '', '', %lld, %lld);\n"
        "SELECT count(*), max(n) FROM devices WHERE n > coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts.upto'), 0);\n"
        "%s"
        "COMMIT;\n",
        lot, skey, id, h, ev, h, id, m->category, lot,
        m->make, m->model, serial, k + 1, id, id, ev, id, lot, serial, skey, m->category, m->make, m->model,
        h, h,
        /* the search index in batches, as device_index_maybe_flush() does */
        (k + 1) % DEVICE_INDEX_BATCH ? "" :
        "INSERT INTO devices_fts(rowid, id, serial, donor_tag, make, model) SELECT n, id, serial, donor_tag, make, model "
        "FROM devices WHERE n > coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts.upto'), 0);\n"
        "INSERT OR REPLACE INTO meta(key, value) SELECT 'fts.upto', max(n) FROM devices;\n");
}

static int bench_intake(Ctx *c, FILE *peer)
{
    long want = env_long("BENCH_INTAKE", 10000);
    double budget = (double)env_long("BENCH_INTAKE_SECS", 60) * 1e3;
    Err e = { 0 };
    char lot[LOT_ID_MAX];
    if (lot_add(c, "Bench donor", "BENCH-INTAKE", (int)want, NULL, lot, &e) < 0) return die("lot_add", &e);
    /* as the UI does (screens/app.c): checkpoints off the scanning thread */
    if (!getenv("BENCH_NO_CHECKPOINTER") && db_checkpointer_start(c->db, &e) < 0) return die("checkpointer", &e);
    int64_t base[ST__COUNT], n = 0;
    if (device_counts(c, base, &e) < 0) return die("counts", &e);
    for (int i = 0; i < ST__COUNT; i++) n += base[i];
    uint64_t salt = 42;
    const BenchModel *m = &BENCH_MODELS[0];
    nsamples = 0;
    double t0 = bench_now_ms(), peer_ms = 0;
    long done = 0;
    for (; done < want && bench_now_ms() - t0 < budget; done++) {
        char raw[80], serial[80], id[DEVICE_ID_MAX], dup[DEVICE_ID_MAX];
        /* serial numbers after the generator's: never known yet */
        char made[64];
        bench_serial(m, (uint64_t)(n + done), &salt, made, sizeof made);
        /* a Code 128 symbology prefix, as a USB scanner may send it */
        snprintf(raw, sizeof raw, "]C0%s", made);
        double t = bench_now_ms();
        scan_clean(raw, serial, sizeof serial);
        DeviceNew dn = { lot, serial, "", m->category, m->make, m->model, NULL };
        if (device_add(c, &dn, 0, id, dup, &e) < 0) return die("device_add", &e);
        add_sample(bench_now_ms() - t);
        if (strcmp(serial, made) != 0) {
            fprintf(stderr, "search: scan_clean made %s of %s\n", serial, raw);
            return 1;
        }
        if (peer) {
            /* the peer's statements are written out here, off the clock */
            double tp = bench_now_ms();
            char skey[80], pserial[80];
            bench_serial(&BENCH_MODELS[2], (uint64_t)(n + want + done), &salt, pserial, sizeof pserial);
            serial_key(pserial, skey, sizeof skey);
            peer_intake(peer, done, lot, skey, pserial, &BENCH_MODELS[2]);
            peer_ms += bench_now_ms() - tp;
        }
    }
    double secs = (bench_now_ms() - t0 - peer_ms) / 1e3;
    printf("intake: %ld of %ld devices in %.2f s%s\n", done, want, secs,
           done < want ? " (stopped: time budget BENCH_INTAKE_SECS)" : "");
    bench_result("intake.devices", (double)done, "devices");
    bench_result("intake.devices_per_s", done / secs, "devices/s");
    bench_result("intake.median_ms", bench_percentile(samples, nsamples, 50), "ms");
    bench_result("intake.p99_ms", bench_percentile(samples, nsamples, 99), "ms");
    return done > 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: search keys|page|intake DB [PEER.sql]\n");
        return 2;
    }
    const char *mode = argv[1];
    Ctx c;
    Err e = { 0 };
    if (ctx_open(&c, argv[2], DB_NOCREATE, &e) < 0) return die("open", &e);
    if (!c.operator[0]) operator_choose(&c, BENCH_OPERATOR, NULL);
    FILE *peer = NULL;
    if (argc == 4 && !(peer = fopen(argv[3], "w"))) {
        perror(argv[3]);
        return 1;
    }
    /* the connection as db_open() sets it up (db/db.c), so that only the
     * statements differ */
    if (peer)
        fputs(".output /dev/null\nPRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; "
              "PRAGMA cache_size = -2048; PRAGMA temp_store = MEMORY;\n", peer);
    int r;
    if (strcmp(mode, "keys") == 0) r = bench_keys(&c, peer);
    else if (strcmp(mode, "page") == 0) r = bench_page(&c, peer);
    else if (strcmp(mode, "intake") == 0) r = bench_intake(&c, peer);
    else {
        fprintf(stderr, "search: unknown mode %s\n", mode);
        r = 2;
    }
    if (peer) fclose(peer);
    if (getenv("SAVE_WAL")) { char cmd[512]; snprintf(cmd, sizeof cmd, "cp %s-wal %s", argv[2], getenv("SAVE_WAL")); if (system(cmd)) {} }
    ctx_close(&c);
    char name[64];
    snprintf(name, sizeof name, "%s.peak_rss_kib", mode);
    bench_result(name, (double)bench_peak_rss_kib(), "KiB");
    free(samples);
    free(cpu_samples);
    return r;
}
