/*
 * sync.c — the sync screen and the sync part of the status bar.
 *
 * The work happens in core/sync/syncbg.c's thread; this file only shows a
 * snapshot of its state: progress of the running sync (events sent out of
 * those to send, changes received and, from the hub's "pending", those
 * still to come), documents per second, the time of the last success, what
 * is waiting, and the last errors. F5 / s asks for a sync now; F2 / h
 * opens the hub settings (hub_settings.c).
 *
 * scr_sync_tick() is the UI loop's idle hook: it compares the thread's `gen`
 * with the last one shown and, when the status-bar text changed, sets it
 * and asks for a repaint (at most once a second, so a long sync does not
 * repaint a 15-year-old PC's whole screen five times a second).
 */
#include "screens/screens.h"
#include "core/log/chain.h"
#include "core/log/refusal.h"
#include "screens/registry.h"
#include "core/sync/syncbg.h"
#include "tui/draw.h"
#include "tui/progress.h"
#include "tui/screen.h"
#include "tui/statusbar.h"
#include "util/i18n.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { REQ_SYNC_NOW = REQ_SCREEN, REQ_HUB, REQ_REFUSED };

typedef struct SyncView {
    unsigned gen;     /* the thread state last drawn */
    int was_running;  /* a sync ran at the last draw */
    int64_t start_ms; /* when this screen first saw it run (for the time left) */
} SyncView;

static char bar_text[64];     /* what the status bar shows now */
static time_t bar_time;       /* when it last changed */

static void hhmm(int64_t ms, char *out, size_t size)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(out, size, "%H:%M", &tm);
}

/* The status-bar text, short (the bar also holds the workshop and the
 * operator on 80 columns) and plain enough for the Linux console's font:
 * "Sync 12 · 10:42" (events to send, last success), then " ..." while a
 * sync runs or " !" after an error; "" when no hub is configured. */
static void bar_format(const SyncBgState *s, char *out, size_t size)
{
    if (!s->started || (!s->configured && !s->status.configured)) { out[0] = '\0'; return; }
    char last[16] = "--:--";
    if (s->status.last_ok_ms > 0) hhmm(s->status.last_ok_ms, last, sizeof last);
    const char *mark = s->running ? " ..." : (s->status.last_error[0] || s->status.rejected) ? " !" : "";
    snprintf(out, size, _("Sync %" PRId64 "%s · %s%s"), s->status.pending, s->status.pending_more ? "+" : "", last, mark);
}

int scr_sync_tick(void)
{
    SyncBgState s;
    syncbg_get(&s);
    char text[64];
    bar_format(&s, text, sizeof text);
    if (strcmp(text, bar_text) == 0) return 0;
    time_t now = time(NULL);
    if (now == bar_time && bar_text[0]) return 0;   /* once a second at most */
    snprintf(bar_text, sizeof bar_text, "%s", text);
    bar_time = now;
    statusbar_set_sync(bar_text);
    return 1;
}

static void line(WINDOW *w, int y, int cols, TermColor c, const char *text)
{
    wattrset(w, term_attr(c));
    draw_text(w, y, 2, text, cols - 4, 1);
    wattrset(w, A_NORMAL);
}

/* The rejected and kept-out documents, one row each, newest first, while
 * rows are left above the errors. */
typedef struct Rejects {
    WINDOW *w;
    int y, cols, last;       /* next row; columns; last row to use */
} Rejects;

static int draw_reject(void *arg, const char *dir, const char *id, const char *error, const char *reason, int attempts)
{
    Rejects *r = arg;
    char buf[512];
    (void)attempts;
    if (r->y > r->last) return 1;
    if (!strcmp(dir, "push"))
        snprintf(buf, sizeof buf, _("refused by the hub: %s — %s (%s)"), id, reason ? reason : "", error ? error : "");
    else
        snprintf(buf, sizeof buf, _("kept out here: %s — %s"), id, reason ? reason : "");
    line(r->w, r->y++, r->cols, CLR_DIM, buf);
    return 0;
}

/* What the region sent that the rules of ownership refused (kept in the
 * log without effect), when there is any: one line naming the key that
 * lists them. Returns the next row. */
static int refused_line(WINDOW *w, int y, int cols)
{
    char buf[512], key[32];
    int64_t nref = refused_count(app_ctx(), NULL);
    if (nref <= 0) return y;
    snprintf(buf, sizeof buf, ngettext("%lld event was refused (kept without effect): %s lists it.",
                                       "%lld events were refused (kept without effect): %s lists them.",
                                       (unsigned long)nref),
             (long long)nref, action_key_name(scr_sync_actions, REQ_REFUSED, key, sizeof key));
    line(w, y++, cols, CLR_WARN, buf);
    return y;
}

static void sync_draw(Screen *sc, WINDOW *w, int full)
{
    SyncView *v = sc->state;
    SyncBgState s;
    syncbg_get(&s);
    if (!full && s.gen == v->gen) return;
    v->gen = s.gen;
    int was_running = v->was_running;
    v->was_running = s.running;
    int cols = getmaxx(w), y = 1;
    char buf[512], last[16] = "--:--";
    werase(w);
    line(w, y++, cols, CLR_TITLE, _("Sync with the regional hub"));
    y++;
    if (!s.configured && !s.status.configured) {
        line(w, y++, cols, CLR_WARN, _("No hub is configured."));
        char key[32];
        snprintf(buf, sizeof buf, _("%s sets its address and this workshop's sign-in."),
                 action_key_name(scr_sync_actions, REQ_HUB, key, sizeof key));
        line(w, y++, cols, CLR_DIM, buf);
        refused_line(w, y + 1, cols);
        return;
    }
    if (s.status.last_ok_ms > 0) hhmm(s.status.last_ok_ms, last, sizeof last);
    snprintf(buf, sizeof buf, _("Events to send: %" PRId64 "%s    last success: %s"), s.status.pending,
             s.status.pending_more ? "+" : "", last);
    line(w, y++, cols, CLR_NORMAL, buf);
    const SyncProgress *p = &s.progress;
    if (s.running) {
        if (p->phase == SYNC_PHASE_PUSH)
            snprintf(buf, sizeof buf, ngettext("Sending: %" PRId64 " of %" PRId64 " event, %.0f per second",
                                               "Sending: %" PRId64 " of %" PRId64 " events, %.0f per second",
                                               (unsigned long)p->push_total),
                     p->push_done, p->push_total, p->docs_per_s);
        else if (p->phase == SYNC_PHASE_PULL && p->pull_pending >= 0)
            snprintf(buf, sizeof buf, ngettext("Receiving: %" PRId64 " change, still on the hub: %" PRId64 ", %.0f per second",
                                               "Receiving: %" PRId64 " changes, still on the hub: %" PRId64 ", %.0f per second",
                                               (unsigned long)p->pull_done),
                     p->pull_done, p->pull_pending, p->docs_per_s);
        else if (p->phase == SYNC_PHASE_PULL)
            snprintf(buf, sizeof buf, ngettext("Receiving: %" PRId64 " change, %.0f per second",
                                               "Receiving: %" PRId64 " changes, %.0f per second", (unsigned long)p->pull_done),
                     p->pull_done, p->docs_per_s);
        else
            snprintf(buf, sizeof buf, "%s", _("Connecting to the hub…"));
        line(w, y++, cols, CLR_OK, buf);
        /* a bar from what is known: sent of to send, received of received
         * + pending; the count and the time left at the rate so far */
        int64_t done = p->push_done + p->pull_done;
        int64_t total = p->push_total + p->pull_done + (p->pull_pending > 0 ? p->pull_pending : 0);
        if (!was_running) v->start_ms = progress_now_ms();
        if (total > 0 && cols > 20) {
            progress_line(buf, sizeof buf, cols - 4, done, total, progress_now_ms() - v->start_ms, 0);
            line(w, y, cols, CLR_OK, buf);
        }
        y++;
    } else if (s.last.seconds > 0) {
        snprintf(buf, sizeof buf, _("Last sync: %" PRId64 " sent, %" PRId64 " received, %" PRId64 " refused, %.1f s"),
                 s.last.pushed + s.last.already, s.last.pulled, s.last.rejected + s.last.deferred, s.last.seconds);
        line(w, y++, cols, CLR_NORMAL, buf);
        /* the chain's newest head the hub took (doc/security.md) */
        int64_t anchored = 0, records = 0;
        if (chain_anchored(app_ctx(), &anchored, &records, NULL) == 0 && anchored > 0) {
            snprintf(buf, sizeof buf, _("Chain anchored at the hub up to record %" PRId64 " of %" PRId64 "."), anchored,
                     records);
            line(w, y, cols, CLR_DIM, buf);
        }
        y++;
    } else {
        y += 2;
    }
    if (s.status.rejected || s.status.deferred) {
        snprintf(buf, sizeof buf, _("%" PRId64 " refused by the hub, %" PRId64 " kept out here:"),
                 s.status.rejected, s.status.deferred);
        line(w, y++, cols, CLR_WARN, buf);
        Rejects r = { .w = w, .y = y, .cols = cols, .last = getmaxy(w) - 5 };
        sync_rejects(app_ctx(), draw_reject, &r, NULL);
        y = r.y;
    }
    y = refused_line(w, y, cols);
    y++;
    line(w, y++, cols, CLR_TITLE, _("Last errors"));
    if (s.nerrors == 0) line(w, y++, cols, CLR_DIM, _("None."));
    for (int i = 0; i < s.nerrors && y < getmaxy(w) - 1; i++)
        y += draw_wrap(w, y, 2, cols - 4, 2, s.errors[i]);
}

static void sync_leave(Screen *sc) { free(sc->state); }

static int sync_run_req(Screen *sc, int req)
{
    (void)sc;
    if (req == REQ_HUB) {
        scr_hub_settings_open();
        return TUI_REDRAW;
    }
    if (req == REQ_REFUSED) {
        scr_refused_open();
        return TUI_REDRAW;
    }
    if (req != REQ_SYNC_NOW) return TUI_UNHANDLED;
    SyncBgState s;
    syncbg_get(&s);
    if (s.running) screen_flash(CLR_WARN, "%s", _("A sync is already running."));
    else {
        syncbg_now();
        screen_flash(CLR_OK, "%s", _("Sync started."));
    }
    return TUI_HANDLED;
}

const Action scr_sync_actions[] = {
    { REQ_HUB, { K_F(2), 'h' }, N_("Hub"), N_("Set the hub's address and this workshop's sign-in"), sync_run_req },
    { REQ_SYNC_NOW, { K_F(5), 's' }, N_("Sync now"), N_("Sync with the hub now"), sync_run_req },
    { REQ_REFUSED, { 'r', K_F(6) }, N_("Refused"), N_("The events that were refused, and why"), sync_run_req },
    { 0 }
};

void scr_sync_open(void)
{
    static const Screen tmpl = {
        .name = "sync", .title = N_("Sync"), .actions = scr_sync_actions, .draw = sync_draw, .leave = sync_leave,
    };
    SyncView *v = calloc(1, sizeof *v);
    if (!v) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    if (screen_push(&tmpl, v) < 0) free(v);
}
