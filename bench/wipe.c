/*
 * wipe.c — benchmarks of issue 3, through core/ as the CLI calls it.
 *
 *   wipe import DIR N     writes N distinct nwipe logs (from the fixture
 *                         template, each with its own serial and times) into
 *                         DIR, then imports the folder into a fresh database
 *                         (wipe_import_path): logs/s
 *   wipe chain DB N OUT   builds a database whose chain holds N events
 *                         with signed heads (inserted directly: building is
 *                         not what is measured), then runs chain_verify 5
 *                         times: median records/s.
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
#include <stdlib.h>
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

/* The bytes chain.h hashes for one record: 4-byte little-endian length
 * then the bytes of each field, the hlc as 8 bytes. */
static void put_field(FILE *f, const char *s)
{
    uint32_t n = (uint32_t)strlen(s);
    unsigned char l[4] = { (unsigned char)n, (unsigned char)(n >> 8), (unsigned char)(n >> 16), (unsigned char)(n >> 24) };
    fwrite(l, 1, 4, f);
    fwrite(s, 1, n, f);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* N events like an intake's receipts (stored directly: building is not
 * what is measured), chained with chain_link and a head signed every 1000
 * records as commits would (one kept per block of CHAIN_BLOCK); then
 * chain_verify — what `boucle verify` runs — 5 times: the median. */
static int bench_chain(const char *db, long n, const char *out)
{
    Ctx c;
    Err e = { 0 };
    unlink(db);
    if (ctx_open(&c, db, 0, &e) < 0 || workshop_init(&c, BENCH_WORKSHOP, BENCH_WORKSHOP_NAME, &e) < 0) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    char hex[200], path[4096], buf[200];
    unsigned char sk[64], prev[32];
    db_meta_get(c.db, "chain.public", hex, sizeof hex);
    chain_key_path(hex, path, sizeof path);
    FILE *kf = fopen(path, "r");
    if (!kf || fread(buf, 1, 128, kf) != 128) { fprintf(stderr, "no key file %s\n", path); return 1; }
    fclose(kf);
    sodium_hex2bin(sk, 64, buf, 128, NULL, NULL, NULL);
    ChainHead h;
    chain_head_latest(&c, &h, &e);
    memcpy(prev, h.hash, 32);
    int64_t base_n = h.n;
    FILE *bytes = fopen(out, "wb");
    sqlite3 *s = db_handle(c.db);
    sqlite3_stmt *ie, *ic, *ih;
    sqlite3_exec(s, "BEGIN", NULL, NULL, NULL);
    sqlite3_prepare_v2(s, "INSERT INTO events(id, hlc, workshop, operator, device, kind, payload) VALUES (?1, ?2, 'GRE1', 'Bench', ?3, 'device.receive', ?4)", -1, &ie, NULL);
    sqlite3_prepare_v2(s, "INSERT INTO chain(n, seq, event_id, hash) VALUES (?1, last_insert_rowid(), ?2, ?3)", -1, &ic, NULL);
    sqlite3_prepare_v2(s, "INSERT OR REPLACE INTO chain_heads(n, workshop, hash, key, sig, at_ms) VALUES (?1, 'GRE1', ?2, ?3, ?4, 0)", -1, &ih, NULL);
    double t0 = bench_now_ms();
    int64_t last_head = base_n;
    for (long i = 0; i < n; i++) {
        char id[40], hlc[24], dev[24], pl[400];
        uint64_t hv = ((uint64_t)(1700000000000LL + i) << 16);
        snprintf(id, sizeof id, "%016llx-GRE1", (unsigned long long)hv);
        snprintf(hlc, sizeof hlc, "%lld", (long long)hv);
        snprintf(dev, sizeof dev, "GRE1-%06ld", i + 1);
        snprintf(pl, sizeof pl, "{\"category\":\"laptop\",\"donor_tag\":\"INV-%05ld\",\"lot\":\"GRE1-L%04ld\","
                 "\"make\":\"Lenovo\",\"model\":\"ThinkPad T480\",\"serial\":\"PF1%07ld\"}", i % 100000, i / 200, i);
        const char *f[7] = { id, hlc, "GRE1", "Bench", dev, "device.receive", pl };
        fwrite(prev, 1, 32, bytes);
        put_field(bytes, id);
        for (int k = 0; k < 8; k++) fputc((int)((hv >> (8 * k)) & 0xff), bytes);
        for (int k = 2; k < 7; k++) put_field(bytes, f[k]);
        chain_link(prev, f, prev);
        sqlite3_bind_text(ie, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(ie, 2, (sqlite3_int64)hv);
        sqlite3_bind_text(ie, 3, dev, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ie, 4, pl, -1, SQLITE_TRANSIENT);
        sqlite3_step(ie);
        sqlite3_reset(ie);
        int64_t nn = base_n + i + 1;
        sqlite3_bind_int64(ic, 1, nn);
        sqlite3_bind_text(ic, 2, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_blob(ic, 3, prev, 32, SQLITE_TRANSIENT);
        sqlite3_step(ic);
        sqlite3_reset(ic);
        if ((i + 1) % 1000 == 0 || i == n - 1) {          /* a commit: its head */
            ChainHead hd = { .workshop = "GRE1", .n = nn };
            memcpy(hd.hash, prev, 32);
            chain_head_sign(&hd, sk);
            if (last_head && (last_head - 1) / CHAIN_BLOCK == (nn - 1) / CHAIN_BLOCK) {
                char del[80];
                snprintf(del, sizeof del, "DELETE FROM chain_heads WHERE n = %lld", (long long)last_head);
                sqlite3_exec(s, del, NULL, NULL, NULL);
            }
            sqlite3_bind_int64(ih, 1, nn);
            sqlite3_bind_blob(ih, 2, hd.hash, 32, SQLITE_TRANSIENT);
            sqlite3_bind_blob(ih, 3, hd.key, 32, SQLITE_TRANSIENT);
            sqlite3_bind_blob(ih, 4, hd.sig, 64, SQLITE_TRANSIENT);
            sqlite3_step(ih);
            sqlite3_reset(ih);
            last_head = nn;
        }
    }
    sqlite3_finalize(ie);
    sqlite3_finalize(ic);
    sqlite3_finalize(ih);
    sqlite3_exec(s, "COMMIT", NULL, NULL, NULL);
    /* as a workshop's database is (the UI checkpoints in the background):
     * the records in the database file, not in a 300 MB write-ahead log */
    sqlite3_exec(s, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    sodium_memzero(sk, sizeof sk);
    fclose(bytes);
    printf("built %ld chained records in %.0f ms\n", n, bench_now_ms() - t0);
    ctx_close(&c);
    if (ctx_open(&c, db, DB_READONLY, &e) < 0) { fprintf(stderr, "%s\n", e.msg); return 1; }
    ChainReport r;
    double ms[5];
    for (int k = 0; k < 5; k++) {
        t0 = bench_now_ms();
        if (chain_verify(&c, &r, &e) < 0) { fprintf(stderr, "%s\n", e.msg); return 1; }
        ms[k] = bench_now_ms() - t0;
        printf("verified %lld records (%lld heads) in %.0f ms: %s\n", (long long)r.records, (long long)r.heads, ms[k],
               r.ok ? "intact" : r.reason);
    }
    qsort(ms, 5, sizeof ms[0], cmp_double);
    bench_result("chain_verify_records_per_s", r.records / (ms[2] / 1000.0), "records/s");
    bench_result("chain_verify_ms", ms[2], "ms");
    bench_result("chain_verify_peak_rss", (double)bench_peak_rss_kib(), "KiB");
    ctx_close(&c);
    return r.ok && r.records == n + base_n ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (sodium_init() < 0) return 1;
    if (argc == 4 && !strcmp(argv[1], "import")) return bench_import(argv[2], atol(argv[3]));
    if (argc == 5 && !strcmp(argv[1], "chain")) return bench_chain(argv[2], atol(argv[3]), argv[4]);
    fprintf(stderr, "usage: wipe import DIR N | wipe chain DB N BYTES\n");
    return 2;
}
