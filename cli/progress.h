/*
 * progress.h (cli) — a long command's progress on one line of stderr, when
 * stderr is a terminal: « glpi.csv ████▍   1 234 / 10 000 · reste 42 s »,
 * rewritten in place (\r) at most every PROGRESS_REDRAW_MS and cleared at the
 * end, so that what the command prints afterwards starts on a clean line.
 * When stderr is not a terminal (a pipe, a file, the tests) nothing at all
 * is written: scripts see the output they always saw.
 */
#ifndef BOUCLE_CLI_PROGRESS_H
#define BOUCLE_CLI_PROGRESS_H
#include "util/progress.h"
#include <stdint.h>

typedef struct CliProgress {
    int on;                     /* 1: stderr is a terminal (and not turned off) */
    int shown;                  /* 1: a line is on screen, to clear at the end */
    int bytes;                  /* 1: counts are bytes */
    char label[256];            /* what is being done */
    ProgressMeter m;
} CliProgress;

/* Starts; on: 0 turns it off whatever stderr is (--json, --quiet). */
void cli_progress_begin(CliProgress *p, const char *label, int bytes, int on);
/* Changes the label (the next file) and restarts the clock. */
void cli_progress_label(CliProgress *p, const char *label);
/* done out of total: rewrites the line when due. */
void cli_progress_step(CliProgress *p, int64_t done, int64_t total);
/* Clears the line if one was drawn. */
void cli_progress_end(CliProgress *p);
/* A ProgressFn whose arg is a CliProgress. */
void cli_progress_fn(void *arg, int64_t done, int64_t total);
#endif
