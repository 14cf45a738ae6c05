/*
 * progress.h — how far a long operation is, and how long it has left.
 *
 * A core function that takes long (an import, a report, an export, a sync,
 * printing a lot) takes a ProgressFn and calls it now and then with how much
 * is done out of how much (items, bytes: the caller's unit; total <= 0 when
 * it is not known). Whoever shows it (a screen's message line, the CLI's
 * stderr) keeps a ProgressMeter: it says when to draw again (at most every
 * PROGRESS_REDRAW_MS, not per item) and measures the time elapsed, from which
 * the texts below estimate the time left at the rate so far.
 *
 * Pure functions of their arguments (times are passed in, in milliseconds),
 * apart from progress_now_ms() and progress_test_delay(); texts in the user's
 * language: « 1 234 / 10 000 », « reste 1 min 05 s ».
 */
#ifndef BOUCLE_UTIL_PROGRESS_H
#define BOUCLE_UTIL_PROGRESS_H
#include <stddef.h>
#include <stdint.h>

/* Called by a long operation with done out of total (total <= 0: unknown). */
typedef void (*ProgressFn)(void *arg, int64_t done, int64_t total);

/* A redraw at most this often: ten a second looks live, and 100 000 items
 * never cost 100 000 redraws. */
#define PROGRESS_REDRAW_MS 100
/* The time left is shown once this much time has passed and ... */
#define PROGRESS_ETA_AFTER_MS 1000
/* ... this share (per mille) of the work is done: an estimate from the
 * first few items (opening files, warming caches) is mostly noise. */
#define PROGRESS_ETA_AFTER_PERMILLE 10

typedef struct ProgressMeter {
    int64_t start_ms;           /* when the operation began */
    int64_t last_ms;            /* when it was last drawn; -1 never */
} ProgressMeter;

/* A monotonic clock in milliseconds. */
int64_t progress_now_ms(void);
/* Starts measuring at now_ms. */
void progress_start(ProgressMeter *m, int64_t now_ms);
/* 1 when it is time to draw: the first call, PROGRESS_REDRAW_MS after the
 * last draw, or the end (done >= total > 0); it then counts as drawn. */
int progress_due(ProgressMeter *m, int64_t now_ms, int64_t done, int64_t total);

/* Seconds left at the rate so far, or -1 when it is too early to say (see
 * above), nothing is done yet, the total is unknown or everything is done. */
int64_t progress_eta_s(int64_t done, int64_t total, int64_t elapsed_ms);

/* An integer with the language's thousands separator: "1 234" in French,
 * "1,234" in English. Returns out. */
char *progress_count(char *out, size_t n, int64_t v);
/* A duration as people say it: "42 s", "1 min 05 s", "2 h 03 min". */
char *progress_duration(char *out, size_t n, int64_t secs);
/* « 1 234 / 10 000 », or « 1 234 » when the total is unknown; bytes: the
 * counts are sizes (« 4,2 Mo / 12 Mo », util/units.h). */
char *progress_count_text(char *out, size_t n, int64_t done, int64_t total, int bytes);
/* « reste 1 min 05 s » / "1 min 05 s left", or "" when progress_eta_s()
 * says it is too early. */
char *progress_eta_text(char *out, size_t n, int64_t done, int64_t total, int64_t elapsed_ms);

/* Test hook: when the environment has BOUCLE_TEST_PROGRESS_MS=N, sleeps N
 * milliseconds (read once) each time it is called, so that a test can catch
 * a bar half-way through an operation otherwise too fast to see; and
 * progress_now_ms() then counts only those sleeps (N ms per report, from 0),
 * so that the time left shown is the same on every run. Called by the code
 * that draws progress (tui/progress.c, cli/progress.c), never by core/.
 * Compiled in only with -DBOUCLE_TEST_HOOKS (the default build;
 * `make TEST_HOOKS=0` leaves it out). */
void progress_test_delay(void);
#endif
