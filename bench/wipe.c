/*
 * wipe.c — benchmarks of issue 3, through core/ as the CLI calls it.
 *
 *   wipe import DIR N     writes N distinct nwipe logs (from the fixture
 *                         template, each with its own serial and times) into
 *                         DIR, then imports the folder into a fresh database
 *                         (wipe_import_path): logs/s
 *   wipe chain DB N OUT   builds a database whose chain holds N signed
 *                         records (inserted directly: building is not what
 *                         is measured), then runs chain_verify: records/s.
 *                         OUT receives the bytes the chain hashes, so that
 *                         bench/wipe.sh can time sha256sum on the same bytes.
 *
 * Prints RESULT lines (bench.h).
 */
#include "bench/bench.h"
#include "core/log/chain.h"
#include "core/log/ctx.h"
#include "core/wipe/wipe.h"
#include "core/stock/workshop.h"
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

static int bench_import(const char *dir, long n)
{
    const char *fx = getenv("BOUCLE_FIXTURES");
    char path[4096];
    snprintf(path, sizeof path, "%s/nwipe/nwipe-zero-verify-last.log", fx ? fx : "../shared/fixtures");
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "no fixture %s\n", path); return 1; }
    static char tpl[65536];
    size_t len = fread(tpl, 1, sizeof tpl - 1, f);
    tpl[len] = '\0';
    fclose(f);
    mkdir(dir, 0700);
    for (long i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/log-%06ld.log", dir, i);
        FILE *o = fopen(path, "wb");
        char serial[32], ts[8];
        snprintf(serial, sizeof serial, "WD-WCC%08ld", i);
        snprintf(ts, sizeof ts, "%02ld:%02ld", (i / 60) % 60, i % 60);
        /* the serial after "S/N=" and the minutes:seconds of every stamp */
        for (const char *p = tpl; *p;) {
            if (!strncmp(p, "S/N= ", 5)) {
                fprintf(o, "S/N=%s", serial);
                p = strchr(p, '\n');
            } else if (!strncmp(p, "/ ", 2) && strchr(p, '\n')) {
                fprintf(o, "/%s", serial);
                p = strchr(p, '\n');
            } else if (*p == '[' && p[20] == ']' && p[14] == ':') {
                fwrite(p, 1, 15, o);
                fputs(ts, o);
                p += 20;
            } else {
                fputc(*p++, o);
            }
        }
        fclose(o);
    }
    char db[4200];
    snprintf(db, sizeof db, "%s.db", dir);
    unlink(db);
    Ctx c;
    Err e = { 0 };
    if (ctx_open(&c, db, 0, &e) < 0 || workshop_init(&c, BENCH_WORKSHOP, BENCH_WORKSHOP_NAME, &e) < 0) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    WipeImport r = { 0 };
    double t0 = bench_now_ms();
    if (wipe_import_path(&c, NULL, dir, &r, &e) < 0) { fprintf(stderr, "%s\n", e.msg); return 1; }
    double ms = bench_now_ms() - t0;
    printf("imported %d logs, %d records in %.0f ms\n", r.files, r.added, ms);
    bench_result("wipe_import_logs_per_s", r.files / (ms / 1000.0), "logs/s");
    memset(&r, 0, sizeof r);
    t0 = bench_now_ms();
    wipe_import_path(&c, NULL, dir, &r, &e);
    ms = bench_now_ms() - t0;
    bench_result("wipe_reimport_logs_per_s", r.files / (ms / 1000.0), "logs/s");
    bench_result("wipe_import_peak_rss", (double)bench_peak_rss_kib(), "KiB");
    ctx_close(&c);
    return r.added == 0 ? 0 : 1;
}

static int bench_chain(const char *db, long n, const char *out)
{
    Ctx c;
    Err e = { 0 };
    unlink(db);
    if (ctx_open(&c, db, 0, &e) < 0 || workshop_init(&c, BENCH_WORKSHOP, BENCH_WORKSHOP_NAME, &e) < 0) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    char hex[200];
    unsigned char sk[64], prev[32] = { 0 }, h[32], sig[64];
    db_meta_get(c.db, "chain.secret", hex, sizeof hex);
    sodium_hex2bin(sk, 64, hex, strlen(hex), NULL, NULL, NULL);
    FILE *bytes = fopen(out, "wb");
    sqlite3 *s = db_handle(c.db);
    sqlite3_stmt *ie, *ic;
    sqlite3_exec(s, "BEGIN", NULL, NULL, NULL);
    sqlite3_prepare_v2(s, "INSERT INTO events(id, hlc, workshop, operator, device, kind, payload) VALUES (?1, ?2, 'GRE1', 'Bench', ?3, 'wipe.record', ?4)", -1, &ie, NULL);
    sqlite3_prepare_v2(s, "INSERT INTO chain(workshop, event_id, hash, sig) VALUES ('GRE1', ?1, ?2, ?3)", -1, &ic, NULL);
    double t0 = bench_now_ms();
    for (long i = 0; i < n; i++) {
        char id[40], hlc[24], dev[24], pl[400], hh[65], sh[129];
        uint64_t hv = ((uint64_t)(1700000000000LL + i) << 16);
        snprintf(id, sizeof id, "%016llx-GRE1", (unsigned long long)hv);
        snprintf(hlc, sizeof hlc, "%lld", (long long)hv);
        snprintf(dev, sizeof dev, "GRE1-%06ld", i / 2 + 1);
        snprintf(pl, sizeof pl, "{\"category\":\"clear\",\"serial\":\"WD-WCC%08ld\",\"status\":\"success\","
                 "\"technique\":\"overwrite\",\"tool\":\"nwipe\",\"tool_version\":\"0.33\",\"verification\":\"full\"}", i);
        const char *f[7] = { id, hlc, "GRE1", "Bench", dev, "wipe.record", pl };
        chain_link(prev, f, h);
        fwrite(prev, 1, 32, bytes);
        for (int k = 0; k < 7; k++) fwrite(f[k], 1, strlen(f[k]) + (k < 6), bytes);
        crypto_sign_detached(sig, NULL, h, 32, sk);
        memcpy(prev, h, 32);
        sodium_bin2hex(hh, sizeof hh, h, 32);
        sodium_bin2hex(sh, sizeof sh, sig, 64);
        sqlite3_bind_text(ie, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(ie, 2, (sqlite3_int64)hv);
        sqlite3_bind_text(ie, 3, dev, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ie, 4, pl, -1, SQLITE_TRANSIENT);
        sqlite3_step(ie);
        sqlite3_reset(ie);
        sqlite3_bind_text(ic, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ic, 2, hh, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ic, 3, sh, -1, SQLITE_TRANSIENT);
        sqlite3_step(ic);
        sqlite3_reset(ic);
    }
    sqlite3_finalize(ie);
    sqlite3_finalize(ic);
    sqlite3_exec(s, "COMMIT", NULL, NULL, NULL);
    fclose(bytes);
    printf("built %ld signed records in %.0f ms\n", n, bench_now_ms() - t0);
    ChainReport r;
    t0 = bench_now_ms();
    if (chain_verify(&c, &r, &e) < 0) { fprintf(stderr, "%s\n", e.msg); return 1; }
    double ms = bench_now_ms() - t0;
    printf("verified %lld records in %.0f ms: %s\n", (long long)r.records, ms, r.ok ? "intact" : r.reason);
    bench_result("chain_verify_records_per_s", r.records / (ms / 1000.0), "records/s");
    bench_result("chain_verify_ms", ms, "ms");
    ctx_close(&c);
    return r.ok && r.records == n ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (sodium_init() < 0) return 1;
    if (argc == 4 && !strcmp(argv[1], "import")) return bench_import(argv[2], atol(argv[3]));
    if (argc == 5 && !strcmp(argv[1], "chain")) return bench_chain(argv[2], atol(argv[3]), argv[4]);
    fprintf(stderr, "usage: wipe import DIR N | wipe chain DB N BYTES\n");
    return 2;
}
