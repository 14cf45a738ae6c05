/*
 * bench.h — small helpers shared by the benchmark programs (one program per bench .c file,
 * program each, see bench/run.sh): a monotonic clock, percentiles, peak RSS,
 * and the fixed data the generator writes and the benchmarks search for.
 *
 * Everything is static inline: each bench/<name>.c is its own program linked
 * only with libboucle.a, so there is no shared object file to put it in.
 * Output protocol: one line per figure, "RESULT <name> <value> <unit>", that
 * bench/run.sh collects into its table; anything else is commentary.
 */
#ifndef BOUCLE_BENCH_H
#define BOUCLE_BENCH_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

/* The workshop of every generated database: asset ids are GRE1-NNNNNN. */
#define BENCH_WORKSHOP "GRE1"
#define BENCH_WORKSHOP_NAME "Bench Grenoble"
#define BENCH_OPERATOR "Bench"

static inline double bench_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The p-th percentile (0..100) of v[0..n), nearest rank; sorts v. */
static inline double bench_percentile(double *v, size_t n, double p)
{
    if (n == 0) return 0;
    qsort(v, n, sizeof *v, bench_cmp_double);
    size_t rank = (size_t)(p / 100.0 * (double)n + 0.999999);
    if (rank < 1) rank = 1;
    if (rank > n) rank = n;
    return v[rank - 1];
}

/* Peak resident set size of this process so far, in KiB (Linux ru_maxrss). */
static inline long bench_peak_rss_kib(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0) return -1;
    return ru.ru_maxrss;
}

static inline void bench_result(const char *name, double value, const char *unit)
{
    printf("RESULT %s %.6g %s\n", name, value, unit);
    fflush(stdout);
}

/* Deterministic generator (splitmix64): the same N, the same database. */
static inline uint64_t bench_rand(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Models as they come in donations: make, model, category, and the shape of
 * the maker's serial numbers (a fixed prefix and how many characters follow
 * it). Pallets are mostly one model. */
typedef struct BenchModel {
    const char *category, *make, *model, *serial_prefix;
    int serial_len;   /* characters after the prefix (>= 6, see bench_serial) */
} BenchModel;

static const BenchModel BENCH_MODELS[] = {
    { "laptop", "Dell", "Latitude 5490", "", 7 },        /* service tag 7XK2QH2 */
    { "laptop", "Dell", "Latitude E7470", "", 7 },
    { "laptop", "Dell", "Latitude 7400", "", 7 },
    { "laptop", "Lenovo", "ThinkPad T470", "PF", 6 },    /* PF0A1B2C */
    { "laptop", "Lenovo", "ThinkPad X260", "PC", 6 },
    { "laptop", "HP", "EliteBook 840 G5", "5CG", 7 },    /* 5CG8123XYZ */
    { "laptop", "HP", "ProBook 450 G6", "5CD", 7 },
    { "laptop", "Apple", "MacBook Air 2017", "C02", 9 },
    { "desktop", "HP", "ProDesk 600 G3", "CZC", 7 },
    { "desktop", "Dell", "OptiPlex 7050", "", 7 },
    { "desktop", "Lenovo", "ThinkCentre M710q", "MJ", 6 },
    { "screen", "Dell", "P2419H", "CN0", 9 },
    { "screen", "Iiyama", "ProLite XU2493HS", "1183", 8 },
    { "phone", "Samsung", "Galaxy A52", "R58", 8 },
    { "phone", "Apple", "iPhone 8", "F17", 9 },
    { "tablet", "Apple", "iPad 6", "DMP", 9 },
    { "printer", "Brother", "HL-L2350DW", "E78", 12 },
    { "network", "Cisco", "Catalyst 2960", "FOC", 8 },
};
#define BENCH_NMODELS (sizeof BENCH_MODELS / sizeof BENCH_MODELS[0])

/* Serial number i of the run for model m: the maker's prefix, random
 * filler, and the last 6 characters a bijection of i in base 36 (i times a
 * prime modulo 36^6), so serials never repeat below 2 176 782 336 devices
 * yet look scattered, as real ones do. `salt` draws the filler. */
static inline void bench_serial(const BenchModel *m, uint64_t i, uint64_t *salt, char *out, size_t size)
{
    static const char B36[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const uint64_t M = 2176782336ULL;                 /* 36^6 */
    uint64_t v = (i * 1000003ULL + 7919ULL) % M;
    char tail[7], fill[16];
    for (int k = 5; k >= 0; k--) { tail[k] = B36[v % 36]; v /= 36; }
    tail[6] = '\0';
    int nfill = m->serial_len - 6;
    for (int k = 0; k < nfill && k < 15; k++) fill[k] = B36[bench_rand(salt) % 36];
    fill[nfill < 15 ? nfill : 15] = '\0';
    snprintf(out, size, "%s%s%s", m->serial_prefix, fill, tail);
}

#endif
