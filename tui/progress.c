/* progress.c (tui) — see progress.h. */
#include "tui/progress.h"
#include "tui/draw.h"
#include "tui/glyph.h"
#include "tui/keys.h"
#include "tui/term.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include <stdio.h>
#include <string.h>

/* the longest bar: wider says nothing more and moves the eye further */
#define BAR_MAX 40

char *progress_line(char *out, size_t n, int width, int64_t done, int64_t total, int64_t elapsed_ms, int bytes)
{
    char count[96], eta[96], text[256], widest[96], bar[3 * BAR_MAX + 1];
    progress_count_text(count, sizeof count, done, total, bytes);
    progress_eta_text(eta, sizeof eta, done, total, elapsed_ms);
    if (eta[0]) snprintf(text, sizeof text, "%s %s %s", count, glyph(GL_DOT), eta);
    else snprintf(text, sizeof text, "%s", count);
    /* room kept for the widest text this total gives, so that the bar does
     * not shrink when the time left appears */
    progress_count_text(widest, sizeof widest, total, total, bytes);
    int keep = utf8_width(widest) + 3 + utf8_width(_("%s left")) + 10;
    int tw = utf8_width(text);
    if (keep < tw) keep = tw;
    int bw = width - keep - 1;
    if (bw > BAR_MAX) bw = BAR_MAX;
    if (total <= 0 || bw < 5) {
        utf8_pad(out, n, text, width);
        return out;
    }
    glyph_bar(bar, sizeof bar, done, total, bw, 1);
    char right[300];
    utf8_pad(right, sizeof right, text, width - bw - 1);
    snprintf(out, n, "%s %s", bar, right);
    return out;
}

void tui_progress_begin(TuiProgress *p, WINDOW *w, int y, const char *label, int can_cancel)
{
    memset(p, 0, sizeof *p);
    p->win = w;
    p->y = y;
    p->can_cancel = can_cancel;
    snprintf(p->label, sizeof p->label, "%s", label ? label : "");
    progress_start(&p->m, progress_now_ms());
}

static void draw(TuiProgress *p, int64_t done, int64_t total, int64_t now)
{
    WINDOW *w = p->win;
    int cols = getmaxx(w) - 4;
    if (cols < 10 || p->y + 1 >= getmaxy(w)) return;
    char hint[128] = "", line[1024];
    if (p->can_cancel) snprintf(hint, sizeof hint, "%s", _("Esc: stop"));
    int hw = hint[0] ? utf8_width(hint) : 0;
    wmove(w, p->y, 0);
    wclrtoeol(w);
    wmove(w, p->y + 1, 0);
    wclrtoeol(w);
    wattrset(w, A_BOLD);
    draw_text_cut(w, p->y, 2, p->label, hw ? cols - hw - 2 : cols, 0);
    if (hw) {
        wattrset(w, term_attr(CLR_DIM));
        draw_text(w, p->y, 2 + cols - hw, hint, hw, 0);
    }
    wattrset(w, term_attr(CLR_OK));
    progress_line(line, sizeof line, cols, done, total, now - p->m.start_ms, p->bytes);
    draw_text(w, p->y + 1, 2, line, cols, 0);
    wattrset(w, A_NORMAL);
    wnoutrefresh(w);
    doupdate();
}

int tui_progress_step(TuiProgress *p, int64_t done, int64_t total)
{
    progress_test_delay();
    int64_t now = progress_now_ms();
    if (!progress_due(&p->m, now, done, total)) return p->cancelled;
    if (p->win) draw(p, done, total, now);
    /* the keys typed meanwhile: Esc stops, the rest would act on a screen
     * the user has not seen yet */
    KeyEvent ev;
    while (keys_read(&ev, 0) > 0)
        if (p->can_cancel && ev.kind == KEV_KEY && ev.key == K_ESC) p->cancelled = 1;
    return p->cancelled;
}
