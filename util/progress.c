/* progress.c — see progress.h. */
#include "util/progress.h"
#include "util/i18n.h"
#include "util/units.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The test hook's delay (ms) and its clock: -1 not read yet, 0 off. */
#ifdef BOUCLE_TEST_HOOKS
static int test_ms = -1;
#endif
static int64_t test_clock;

static int test_delay_ms(void)
{
#ifdef BOUCLE_TEST_HOOKS
    if (test_ms < 0) {
        const char *v = getenv("BOUCLE_TEST_PROGRESS_MS");
        test_ms = v && *v ? atoi(v) : 0;
        if (test_ms < 0) test_ms = 0;
    }
    return test_ms;
#else
    return 0;
#endif
}

int64_t progress_now_ms(void)
{
    /* under the test hook time is what the hook slept, exactly, so that a
     * screen caught half-way shows the same time left every run */
    if (test_delay_ms() > 0) return test_clock;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void progress_start(ProgressMeter *m, int64_t now_ms)
{
    m->start_ms = now_ms;
    m->last_ms = -1;
}

int progress_due(ProgressMeter *m, int64_t now_ms, int64_t done, int64_t total)
{
    if (m->last_ms >= 0 && now_ms - m->last_ms < PROGRESS_REDRAW_MS && !(total > 0 && done >= total)) return 0;
    m->last_ms = now_ms;
    return 1;
}

int64_t progress_eta_s(int64_t done, int64_t total, int64_t elapsed_ms)
{
    if (total <= 0 || done <= 0 || done >= total || elapsed_ms < PROGRESS_ETA_AFTER_MS) return -1;
    if (done * 1000 < total * PROGRESS_ETA_AFTER_PERMILLE) return -1;
    /* left = elapsed × (total − done) / done, rounded up: « 0 s » only at the end */
    double left_ms = (double)elapsed_ms * (double)(total - done) / (double)done;
    return (int64_t)((left_ms + 999) / 1000);
}

char *progress_count(char *out, size_t n, int64_t v)
{
    char digits[32], buf[64];
    int neg = v < 0;
    snprintf(digits, sizeof digits, "%lld", (long long)(neg ? -v : v));
    /* the thousands separator of the language: a space in French */
    const char *sep = C_("number", ",");
    size_t len = strlen(digits), k = 0, sl = strlen(sep);
    if (neg) buf[k++] = '-';
    for (size_t i = 0; i < len && k + sl + 2 < sizeof buf; i++) {
        if (i > 0 && (len - i) % 3 == 0) {
            memcpy(buf + k, sep, sl);
            k += sl;
        }
        buf[k++] = digits[i];
    }
    buf[k] = '\0';
    snprintf(out, n, "%s", buf);
    return out;
}

char *progress_duration(char *out, size_t n, int64_t secs)
{
    if (secs < 0) secs = 0;
    if (secs < 60)
        snprintf(out, n, _("%d s"), (int)secs);
    else if (secs < 3600)
        snprintf(out, n, _("%d min %02d s"), (int)(secs / 60), (int)(secs % 60));
    else
        snprintf(out, n, _("%lld h %02d min"), (long long)(secs / 3600), (int)(secs % 3600 / 60));
    return out;
}

char *progress_count_text(char *out, size_t n, int64_t done, int64_t total, int bytes)
{
    char a[64], b[64];
    if (bytes) units_bytes(done, a, sizeof a);
    else progress_count(a, sizeof a, done);
    if (bytes && total > 0) units_bytes(total, b, sizeof b);
    else if (total > 0) progress_count(b, sizeof b, total);
    if (total > 0)
        /* TRANSLATORS: done out of total: « 1 234 / 10 000 » */
        snprintf(out, n, _("%s / %s"), a, b);
    else
        snprintf(out, n, "%s", a);
    return out;
}

char *progress_eta_text(char *out, size_t n, int64_t done, int64_t total, int64_t elapsed_ms)
{
    int64_t s = progress_eta_s(done, total, elapsed_ms);
    if (s < 0) {
        if (n) out[0] = '\0';
        return out;
    }
    char d[64];
    /* TRANSLATORS: the time an operation has left: « reste 1 min 05 s » */
    snprintf(out, n, _("%s left"), progress_duration(d, sizeof d, s));
    return out;
}

void progress_test_delay(void)
{
    int ms = test_delay_ms();
    if (ms <= 0) return;
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
    test_clock += ms;
}
