/*
 * region.c — the regional view and the own-device list on a big database,
 * through core/ as the screens call them (screens/region.c,
 * screens/devices.c).
 *
 *   region DB       (the bench database: one workshop, GRE1, a million
 *                   devices) seen twice: as GRE1, whose region holds no
 *                   other workshop (the regional view must not walk GRE1's
 *                   own million), and as a workshop LYO1 for which all of
 *                   GRE1's ready devices are the region's (the search
 *                   indexes' way). For each: the first page, then search as
 *                   you type ("d", "de", "del", "dell", "dell l"…, a serial's
 *                   end), then paging down 50 pages; and GRE1's own device
 *                   list's first page and 50 pages.
 *
 * Prints RESULT lines (bench.h): the median and the worst of a keystroke.
 * The database is opened as it is (migrated first if it is older).
 */
#include "bench/bench.h"
#include "core/log/ctx.h"
#include "core/stock/device.h"
#include "core/stock/region.h"

#define PAGE_ROWS 20
#define REPS 9

static double one_region(Ctx *c, const char *search, int pages)
{
    RegionQuery q = { .search = search };
    DeviceRow rows[PAGE_ROWS];
    Err e = { 0 };
    double t0 = bench_now_ms();
    int64_t anchor = INT64_MAX;
    for (int p = 0; p < pages; p++) {
        int n = region_page(c, &q, anchor, 1, PAGE_ROWS, rows, &e);
        if (n < 0) { fprintf(stderr, "region_page: %s\n", e.msg); exit(1); }
        if (n < PAGE_ROWS) break;
        anchor = rows[n - 1].n;
    }
    return bench_now_ms() - t0;
}

static double one_own(Ctx *c, const char *search, int pages)
{
    DeviceQuery q = { .search = search, .owner = c->workshop };
    DeviceRow rows[PAGE_ROWS];
    Err e = { 0 };
    double t0 = bench_now_ms();
    int64_t anchor = INT64_MAX;
    for (int p = 0; p < pages; p++) {
        int n = device_page(c, &q, anchor, 1, PAGE_ROWS, rows, &e);
        if (n < 0) { fprintf(stderr, "device_page: %s\n", e.msg); exit(1); }
        if (n < PAGE_ROWS) break;
        anchor = rows[n - 1].n;
    }
    return bench_now_ms() - t0;
}

static void measure(Ctx *c, const char *who, const char *what, const char *search, int pages, int own)
{
    double v[REPS];
    for (int i = 0; i < REPS; i++) v[i] = own ? one_own(c, search, pages) : one_region(c, search, pages);
    char name[256];
    snprintf(name, sizeof name, "%s_%s_median", who, what);
    bench_result(name, bench_percentile(v, REPS, 50), "ms");
    snprintf(name, sizeof name, "%s_%s_max", who, what);
    bench_result(name, bench_percentile(v, REPS, 100), "ms");
}

static void keystrokes(Ctx *c, const char *who, const char *text)
{
    char prefix[64], what[96];
    double worst = 0;
    for (size_t n = 1; n <= strlen(text) && n < sizeof prefix; n++) {
        memcpy(prefix, text, n);
        prefix[n] = '\0';
        double v[REPS];
        for (int i = 0; i < REPS; i++) v[i] = one_region(c, prefix, 1);
        double m = bench_percentile(v, REPS, 50);
        if (m > worst) worst = m;
    }
    snprintf(what, sizeof what, "region_keystroke_worst_median[%s]", text);
    char name[160];
    snprintf(name, sizeof name, "%s_%s", who, what);
    bench_result(name, worst, "ms");
}

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: region DB\n"); return 2; }
    Ctx c;
    Err e = { 0 };
    if (ctx_open(&c, argv[1], 0, &e) < 0) { fprintf(stderr, "%s\n", e.msg); return 1; }
    char own[sizeof c.workshop];
    snprintf(own, sizeof own, "%s", c.workshop);
    const char *texts[] = { "dell lat", "thinkpad", "XZB", "zzzz" };
    for (int as = 0; as < 2; as++) {
        const char *who = as ? "as_other" : "as_owner";
        if (as) snprintf(c.workshop, sizeof c.workshop, "%s", "LYO1");   /* GRE1's stock is the region's */
        measure(&c, who, "region_first_page", "", 1, 0);
        measure(&c, who, "region_50_pages", "", 50, 0);
        for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) keystrokes(&c, who, texts[i]);
    }
    snprintf(c.workshop, sizeof c.workshop, "%s", own);
    measure(&c, "own", "devices_first_page", "", 1, 1);
    measure(&c, "own", "devices_50_pages", "", 50, 1);
    measure(&c, "own", "devices_search_dell", "dell", 1, 1);
    printf("peak RSS %ld KiB\n", bench_peak_rss_kib());
    ctx_close(&c);
    return 0;
}
