/*
 * dash.c — issue 14 item 1: opening the dashboard on a big database.
 *
 *   dash PATH [REPS]   times stats_load() — the function the dashboard
 *                      screen calls on open and `boucle stats` prints —
 *                      for this workshop and for the region, REPS times
 *                      each (default 200): median and p99, then the
 *                      process's peak RSS, as RESULT lines; and the
 *                      figures, so that bench/dash.sh can check them
 *                      against the sqlite3 shell's count over the raw tables.
 */
#include "bench/bench.h"
#include "core/log/hlc.h"
#include "core/stats/stats.h"

static int fail(const char *what, const Err *e)
{
    fprintf(stderr, "dash: %s: %s\n", what, e->msg);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: dash PATH [REPS]\n");
        return 2;
    }
    int reps = argc > 2 ? atoi(argv[2]) : 200;
    if (reps < 1) reps = 1;
    Ctx c;
    Err e = { 0 };
    double t0 = bench_now_ms();
    if (ctx_open(&c, argv[1], 0, &e) < 0) return fail("open", &e);
    printf("opened in %.0f ms (a migration runs its rebuild here, once)\n", bench_now_ms() - t0);
    double *ms = calloc((size_t)reps, sizeof *ms);
    if (!ms) return 1;
    Stats s;
    for (int region = 0; region < 2; region++) {
        for (int i = 0; i < reps; i++) {
            double a = bench_now_ms();
            if (stats_load(&c, region, hlc_wall_ms(), &s, &e) < 0) return fail("stats", &e);
            ms[i] = bench_now_ms() - a;
        }
        char name[64];
        snprintf(name, sizeof name, "dash.open_%s_median_ms", region ? "region" : "workshop");
        bench_result(name, bench_percentile(ms, (size_t)reps, 50), "ms");
        snprintf(name, sizeof name, "dash.open_%s_p99_ms", region ? "region" : "workshop");
        bench_result(name, bench_percentile(ms, (size_t)reps, 99), "ms");
    }
    stats_load(&c, 0, hlc_wall_ms(), &s, &e);
    int64_t states[ST__COUNT] = { 0 };
    for (int st = 0; st < ST__COUNT; st++)
        for (int ci = 0; ci < CAT__COUNT; ci++) states[st] += s.stock[st][ci];
    printf("figures: devices %lld; received %lld, ready %lld, reused %lld; wipes ok %lld; median receipt-ready %lld d; "
           "waiting for a wipe > a week %lld; top donor %s %lld\n",
           (long long)s.total, (long long)states[ST_RECEIVED], (long long)states[ST_READY], (long long)states[ST_REUSED],
           (long long)s.wipes[WS_SUCCESS], (long long)s.ready_median_days, (long long)s.wipe_waiting,
           s.ndonors ? s.donors[0].name : "-", s.ndonors ? (long long)s.donors[0].n : 0LL);
    bench_result("dash.peak_rss_kib", (double)bench_peak_rss_kib(), "KiB");
    free(ms);
    ctx_close(&c);
    return 0;
}
