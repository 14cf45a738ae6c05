/*
 * progress.h (tui) — a long operation's progress drawn on a screen: two rows
 * of a window, what is being done (and « Échap : arrêter » when it can be
 * stopped) above a bar with the count and the time left:
 *
 *     Lecture de glpi.csv                              Échap : arrêter
 *     ████████████▍                 1 234 / 10 000 · reste 1 min 05 s
 *
 * The operation runs synchronously (no thread on a 1 GB PC): its progress
 * callback calls tui_progress_step(), which redraws at most every
 * PROGRESS_REDRAW_MS (util/progress.h) and, when the operation can be
 * stopped, looks for Esc without waiting. progress_line() is the bar's
 * text alone, pure, for the CLI's stderr line too.
 */
#ifndef BOUCLE_TUI_PROGRESS_H
#define BOUCLE_TUI_PROGRESS_H
#include "util/progress.h"
#include <curses.h>
#include <stddef.h>
#include <stdint.h>

/* The bar and its text in exactly `width` cells (glyph_bar, so '#' under
 * TERM=linux): "████▍      1 234 / 10 000 · reste 0 min 42 s". The bar
 * takes what the text leaves, at most 40 cells; with too little room only
 * the text. */
char *progress_line(char *out, size_t n, int width, int64_t done, int64_t total, int64_t elapsed_ms, int bytes);

typedef struct TuiProgress {
    WINDOW *win;                /* where it is drawn; NULL: nothing drawn */
    int y;                      /* the first of its two rows */
    char label[256];            /* what is being done, already translated */
    ProgressMeter m;
    int can_cancel;             /* 1: Esc stops the operation */
    int bytes;                  /* 1: done and total are bytes */
    int cancelled;              /* 1: Esc was pressed */
} TuiProgress;

/* Starts: rows y and y+1 of w show label and the bar. can_cancel: Esc
 * stops it (the hint is shown). */
void tui_progress_begin(TuiProgress *p, WINDOW *w, int y, const char *label, int can_cancel);
/* done out of total (total <= 0: unknown). Draws when due; reads the keys
 * typed meanwhile (Esc when it can be stopped, the others dropped). Returns
 * 1 once Esc was pressed, 0 otherwise. */
int tui_progress_step(TuiProgress *p, int64_t done, int64_t total);
#endif
