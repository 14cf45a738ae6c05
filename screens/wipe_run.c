/*
 * wipe_run.c — erasing a disk of this machine with nwipe for the open
 * device. The screen only asks and shows: the checks, the run, the
 * progress and the record are wipe_erase() (core/wipe/erase.h), the same
 * function `boucle wipe run` calls.
 *
 *   choose    the disks found in sysfs (core/wipe/probe.h) with Up/Down, or any
 *             block device path typed in the field (a loop device, a USB
 *             dock); Enter goes on once erase_check() accepts the disk (not
 *             mounted, not the system's, …: its message names the remedy)
 *   confirm   the disk's path, model, serial and size in full; the method
 *             and the verification (Left/Right), the rounds (1 to 9, 1 by
 *             default); the person types the last
 *             4 characters of the serial — or the disk's name (sdb, loop0)
 *             when it reports no serial — and Enter starts.
 *   running   wipe_erase() runs in a thread with a Ctx of its own (it blocks
 *             for the whole run and writes the record at the end); its
 *             progress callback copies the progress under a mutex, and the
 *             UI loop's idle hook repaints from it: a bar, the round and
 *             pass, the throughput, the time spent and left. Esc asks
 *             whether to stop (nwipe then records the drive as aborted);
 *             the screen cannot be left.
 *   done      the thread is joined in the UI thread, which shows nwipe's
 *             outcome, the device's claim before and after, and the log.
 *
 * The idle hook of the application is chained while this screen lives and
 * put back when it leaves. Only the UI thread touches app_ctx().
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "screens/wipe_screens.h"
#include "screens/disks.h"
#include "core/grading/grading.h"
#include "core/wipe/erase.h"
#include "core/wipe/probe.h"
#include "core/wipe/wipe.h"
#include "db/db.h"
#include "tui/dialog.h"
#include "tui/draw.h"
#include "util/units.h"
#include "tui/form.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include "util/path.h"
#include <stdatomic.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DISKS_MAX 32

enum { PH_CHOOSE, PH_CONFIRM, PH_RUNNING, PH_DONE };
enum { F_PATH, F_METHOD, F_VERIFY, F_ROUNDS, F_CONFIRM, F_N };
enum { REQ_NEXT = REQ_SCREEN, REQ_STOP };

typedef struct Run {
    Device d;
    ProbedMedium disks[DISKS_MAX];
    int ndisks, sel;
    FormField fields[F_N];
    Form path_form, confirm_form;
    BlockInfo bi;
    char expect[64];               /* what the person must type */
    char refused[512];             /* why the disk typed cannot be erased */
    int phase;
    /* the run: fixed while the thread lives */
    char dbpath[4096], oper[OPERATOR_MAX + 1], method[24], verify[8];
    EraseRequest rq;
    Claim before;
    int had_before;
    pthread_t thread;
    int thread_live;
    /* shared with the thread, under mu */
    pthread_mutex_t mu;
    EraseProgress prog;
    int finished, rc;
    atomic_int stop;               /* read by core between log lines too */
    EraseResult res;
    Err run_err;
    /* done */
    char result[2048];
    TermColor result_color;
    ScreenIdleFn prev_idle;
    void *prev_ctx;
} Run;

/* The one running screen the idle hook polls (one run at a time). */
static Run *active;

static int on_progress(void *arg, const EraseProgress *p)
{
    Run *r = arg;
    pthread_mutex_lock(&r->mu);
    r->prog = *p;
    pthread_mutex_unlock(&r->mu);
    return atomic_load(&r->stop);
}

/* The thread: its own connection to the database (a Ctx is used by one
 * thread at a time), the same operator as the screens. */
static void *run_thread(void *arg)
{
    Run *r = arg;
    Err e = { 0 };
    EraseResult res;
    Ctx c;
    int rc = ctx_open(&c, r->dbpath, DB_NOCREATE, &e);
    memset(&res, 0, sizeof res);
    if (rc == 0) {
        snprintf(c.operator, sizeof c.operator, "%s", r->oper);
        rc = wipe_erase(&c, &r->rq, on_progress, r, &res, &e);
        ctx_close(&c);
    }
    pthread_mutex_lock(&r->mu);
    r->rc = rc;
    r->res = res;
    r->run_err = e;
    r->finished = 1;
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

static void finish(Run *r)
{
    pthread_join(r->thread, NULL);
    r->thread_live = 0;
    r->phase = PH_DONE;
    if (r->rc < 0) {
        snprintf(r->result, sizeof r->result, "%s", r->run_err.msg);
        r->result_color = CLR_ERROR;
        return;
    }
    Claim after;
    device_get(app_ctx(), r->d.id, &r->d, NULL);
    char claim[512] = "";
    if (device_claim(app_ctx(), &r->d, &after, NULL) == 0) {
        if (r->had_before && r->before.reconditionne != after.reconditionne)
            snprintf(claim, sizeof claim, _("Claim: %s → %s"), claim_label(&r->before), claim_label(&after));
        else
            snprintf(claim, sizeof claim, _("Claim: %s%s%s"), claim_label(&after), after.nmissing ? " — " : "",
                     after.nmissing ? after.missing[0] : "");
    }
    snprintf(r->result, sizeof r->result, "%s\n%s\n%s",
             r->res.erased    ? _("Erased: the wipe is recorded on this device.")
             : r->res.stopped ? _("NOT erased: nwipe was stopped; the wipe is recorded as aborted.")
                              : _("NOT erased: nwipe failed; the wipe is recorded as such, see its log."),
             claim, "");
    size_t l = strlen(r->result);
    snprintf(r->result + l, sizeof r->result - l, _("nwipe log kept in %s"), r->res.logfile);
    r->result_color = r->res.erased ? CLR_OK : CLR_ERROR;
}

/* The idle hook: the application's first, then the run's progress. */
static int run_idle(void *arg)
{
    (void)arg;
    int full = 0;
    if (active && active->prev_idle) full = active->prev_idle(active->prev_ctx);
    if (!active || active->phase != PH_RUNNING) return full;
    pthread_mutex_lock(&active->mu);
    int done = active->finished;
    pthread_mutex_unlock(&active->mu);
    if (done) finish(active);
    return 1;
}

static int start(Run *r)
{
    char typed[64];
    int bad = form_validate(&r->confirm_form);
    if (bad >= 0 && bad != F_CONFIRM - F_METHOD) {
        form_focus(&r->confirm_form, bad);
        screen_flash(CLR_ERROR, "%s", _("Correct the form: nothing was erased."));
        return TUI_REDRAW;
    }
    form_text(&r->confirm_form, F_CONFIRM - F_METHOD, typed, sizeof typed);
    if (strcasecmp(typed, r->expect)) {
        screen_flash(CLR_ERROR, _("Type %s to confirm: nothing was erased."), r->expect);
        return TUI_REDRAW;
    }
    snprintf(r->method, sizeof r->method, "%s", ERASE_METHODS[r->fields[F_METHOD].choice]);
    snprintf(r->verify, sizeof r->verify, "%s", ERASE_VERIFS[r->fields[F_VERIFY].choice]);
    form_text(&r->confirm_form, F_ROUNDS - F_METHOD, typed, sizeof typed);
    r->rq = (EraseRequest){ .device = r->d.id, .target = r->bi.path, .method = r->method, .verify = r->verify,
                            .rounds = atoi(typed), .stop = &r->stop };
    snprintf(r->dbpath, sizeof r->dbpath, "%s", db_path(app_ctx()->db));
    snprintf(r->oper, sizeof r->oper, "%s", app_ctx()->operator);
    r->had_before = device_claim(app_ctx(), &r->d, &r->before, NULL) == 0;
    memset(&r->prog, 0, sizeof r->prog);
    r->prog.percent = -1;
    r->prog.eta = -1;
    atomic_store(&r->stop, 0);
    r->finished = 0;
    if (pthread_create(&r->thread, NULL, run_thread, r) != 0) {
        screen_flash(CLR_ERROR, "%s", _("Cannot start nwipe: no thread."));
        return TUI_REDRAW;
    }
    r->thread_live = 1;
    r->phase = PH_RUNNING;
    return TUI_REDRAW;
}

/* From the chosen path to the confirmation, after the safety checks. */
static int to_confirm(Run *r)
{
    char typed[FORM_TEXT_MAX * 4 + 1], path[1024];
    form_text(&r->path_form, 0, typed, sizeof typed);
    path_expand(typed, path, sizeof path);
    Err e = { 0 };
    /* in the screen, not the one-line flash: the remedy must show whole */
    if (erase_check(app_ctx(), path, &r->bi, &e) < 0) {
        snprintf(r->refused, sizeof r->refused, "%s", e.msg);
        return TUI_REDRAW;
    }
    r->refused[0] = '\0';
    size_t sl = strlen(r->bi.serial);
    const char *name = strrchr(r->bi.path, '/') ? strrchr(r->bi.path, '/') + 1 : r->bi.path;
    snprintf(r->expect, sizeof r->expect, "%s", sl >= 4 ? r->bi.serial + sl - 4 : name);
    form_set_text(&r->confirm_form, F_CONFIRM - F_METHOD, "");
    form_focus(&r->confirm_form, F_CONFIRM - F_METHOD);
    r->phase = PH_CONFIRM;
    return TUI_REDRAW;
}

static void stop_answer(void *ctx, int yes)
{
    Run *r = ctx;
    if (!yes || r != active || r->phase != PH_RUNNING) return;
    atomic_store(&r->stop, 1);
}

static void path_of_sel(Run *r)
{
    char p[64];
    snprintf(p, sizeof p, "/dev/%s", r->disks[r->sel].name);
    form_set_text(&r->path_form, 0, p);
}

static int run_handle(Screen *s, Key k)
{
    Run *r = s->state;
    switch (r->phase) {
    case PH_CHOOSE:
        if (k == K_DOWN && r->sel + 1 < r->ndisks) { r->sel++; r->refused[0] = '\0'; path_of_sel(r); return TUI_REDRAW; }
        if (k == K_UP && r->sel > 0) { r->sel--; r->refused[0] = '\0'; path_of_sel(r); return TUI_REDRAW; }
        {
            int f = form_handle(&r->path_form, k);
            if (f & FORM_SUBMIT) return to_confirm(r);
            if (f) r->refused[0] = '\0';
            return f ? TUI_REDRAW : TUI_UNHANDLED;
        }
    case PH_CONFIRM: {
        if (k == K_ESC) { r->phase = PH_CHOOSE; return TUI_REDRAW; }
        int f = form_handle(&r->confirm_form, k);
        if (f & FORM_SUBMIT) return start(r);
        return f ? TUI_REDRAW : TUI_UNHANDLED;
    }
    case PH_RUNNING:
        /* the run cannot be left: Esc asks to stop it, q does nothing */
        if (k == K_ESC || k == K_F(4)) {
            dialog_confirm(_("Stop nwipe"), _("Stop erasing? The disk will be recorded as NOT erased."), stop_answer, r);
            return TUI_REDRAW;
        }
        return k == 'q' || k == K_F(10) ? TUI_HANDLED : TUI_UNHANDLED;
    default:
        return TUI_UNHANDLED;
    }
}

static int run_run(Screen *s, int req)
{
    Run *r = s->state;
    if (req == REQ_STOP) return r->phase == PH_RUNNING ? run_handle(s, K_ESC) : TUI_UNHANDLED;
    if (r->phase == PH_CHOOSE) return form_submit(&r->path_form) & FORM_SUBMIT ? to_confirm(r) : TUI_REDRAW;
    if (r->phase == PH_CONFIRM) return start(r);
    return TUI_HANDLED;
}

static void draw_choose(Run *r, WINDOW *w, int rows, int cols)
{
    scr_disks_draw(w, 3, rows - 9, r->disks, r->ndisks, r->sel, NULL, NULL);
    wattrset(w, term_attr(CLR_DIM));
    if (!r->ndisks) draw_wrap(w, 3, 2, cols - 4, 2, _("No disk found in /sys/block: type the path of a block device."));
    wattrset(w, A_NORMAL);
    form_draw(&r->path_form, w, rows - 5, 2);
    wattrset(w, term_attr(r->refused[0] ? CLR_ERROR : CLR_DIM));
    draw_wrap(w, rows - 3, 2, cols - 4, 2,
              r->refused[0] ? r->refused : _("Up/Down choose a disk, or type a block device path; Enter goes on."));
    wattrset(w, A_NORMAL);
}

static void draw_confirm(Run *r, WINDOW *w, int cols)
{
    char buf[512], sz[32];
    wattrset(w, term_attr(CLR_ERROR) | A_BOLD);
    snprintf(buf, sizeof buf, _("ALL DATA on %s will be destroyed."), r->bi.path);
    draw_text(w, 2, 2, buf, cols - 4, 0);
    wattrset(w, A_NORMAL);
    snprintf(buf, sizeof buf, _("Model   %s"), r->bi.model[0] ? r->bi.model : "?");
    draw_text(w, 3, 4, buf, cols - 6, 0);
    snprintf(buf, sizeof buf, _("Serial  %s"), r->bi.serial[0] ? r->bi.serial : _("(none reported)"));
    draw_text(w, 4, 4, buf, cols - 6, 0);
    units_bytes(r->bi.bytes, sz, sizeof sz);
    snprintf(buf, sizeof buf, _("Size    %s (%lld bytes)"), sz, (long long)r->bi.bytes);
    draw_text(w, 5, 4, buf, cols - 6, 0);
    form_draw(&r->confirm_form, w, 7, 2);
    wattrset(w, term_attr(CLR_WARN));
    if (r->bi.serial[0] && strlen(r->bi.serial) >= 4)
        snprintf(buf, sizeof buf, _("To confirm, type the last 4 characters of the serial (%s) then Enter; Esc goes back."), r->expect);
    else
        snprintf(buf, sizeof buf, _("This disk reports no serial: to confirm, type its name (%s) then Enter; Esc goes back."), r->expect);
    draw_wrap(w, 7 + 2 * (F_N - 1), 2, cols - 4, 2, buf);
    wattrset(w, A_NORMAL);
}

/* "01:02:03", "--:--:--" when unknown */
static void hms(long s, char out[16])
{
    if (s < 0) snprintf(out, 16, "--:--:--");
    else snprintf(out, 16, "%02ld:%02ld:%02ld", s / 3600 % 100, s / 60 % 60, s % 60);
}

static void draw_running(Run *r, WINDOW *w, int rows, int cols)
{
    char buf[512], rate[32], el[16], eta[16];
    pthread_mutex_lock(&r->mu);
    EraseProgress p = r->prog;
    pthread_mutex_unlock(&r->mu);
    snprintf(buf, sizeof buf, _("Erasing %s: %s, verification: %s"), r->bi.path,
             _(ERASE_METHOD_LABELS[r->fields[F_METHOD].choice]), _(ERASE_VERIF_LABELS[r->fields[F_VERIFY].choice]));
    wattrset(w, term_attr(CLR_WARN) | A_BOLD);
    draw_wrap(w, 2, 2, cols - 4, 2, buf);
    wattrset(w, A_NORMAL);
    /* the bar: [#####.....]  42 % — ASCII, so that it reads on any terminal */
    int width = cols - 12 > 60 ? 60 : cols - 12;
    if (width > 4) {
        int fill = p.percent > 0 ? width * p.percent / 100 : 0;
        char bar[80];
        int k = 0;
        bar[k++] = '[';
        for (int i = 0; i < width; i++) bar[k++] = i < fill ? '#' : '.';
        bar[k++] = ']';
        bar[k] = '\0';
        draw_text(w, 5, 2, bar, cols - 4, 0);
        if (p.percent >= 0) snprintf(buf, sizeof buf, "%3d %%", p.percent);
        else snprintf(buf, sizeof buf, "  ? %%");
        draw_text(w, 5, 4 + width, buf, cols - 6 - width, 1);
    }
    const char *phase = p.blanking ? _("Blanking") : p.verifying ? _("Verifying") : _("Writing");
    if (p.rounds && p.passes)
        snprintf(buf, sizeof buf, _("%s — round %d of %d, pass %d of %d"), phase, p.round, p.rounds, p.pass, p.passes);
    else if (p.rounds)
        snprintf(buf, sizeof buf, _("%s — round %d of %d"), phase, p.round, p.rounds);
    else
        snprintf(buf, sizeof buf, "%s", phase);
    draw_text(w, 7, 2, buf, cols - 4, 1);
    units_bytes(p.rate, rate, sizeof rate);
    hms(p.elapsed, el);
    hms(p.eta, eta);
    if (p.rate > 0) snprintf(buf, sizeof buf, _("%s/s — elapsed %s — left about %s"), rate, el, eta);
    else snprintf(buf, sizeof buf, _("elapsed %s"), el);
    draw_text(w, 8, 2, buf, cols - 4, 1);
    wattrset(w, term_attr(CLR_DIM));
    draw_wrap(w, 10, 2, cols - 4, 2, p.last);
    if (p.errors) {
        wattrset(w, term_attr(CLR_ERROR));
        snprintf(buf, sizeof buf, ngettext("%d error line in nwipe's log", "%d error lines in nwipe's log", (unsigned long)p.errors),
                 p.errors);
        draw_text(w, 12, 2, buf, cols - 4, 1);
    }
    wattrset(w, term_attr(CLR_DIM));
    char key[32];
    snprintf(buf, sizeof buf, _("Esc or %s stops nwipe."), action_key_name(scr_wipe_run_actions, REQ_STOP, key, sizeof key));
    draw_text(w, rows - 3, 2, buf, cols - 4, 1);
    wattrset(w, A_NORMAL);
}

static void run_draw(Screen *s, WINDOW *w, int full)
{
    Run *r = s->state;
    int rows = getmaxy(w), cols = getmaxx(w);
    char buf[512];
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    snprintf(buf, sizeof buf, _("Erase a disk of %s with nwipe (%s %s)"), r->d.id, r->d.make, r->d.model);
    draw_text(w, 0, 1, buf, cols - 2, 0);
    wattrset(w, A_NORMAL);
    if (r->phase == PH_CHOOSE) draw_choose(r, w, rows, cols);
    else if (r->phase == PH_CONFIRM) draw_confirm(r, w, cols);
    else if (r->phase == PH_RUNNING) draw_running(r, w, rows, cols);
    else {
        wattrset(w, term_attr(r->result_color));
        draw_wrap(w, 2, 2, cols - 4, rows - 3, r->result);
        wattrset(w, A_NORMAL);
    }
}

static void run_leave(Screen *s)
{
    Run *r = s->state;
    if (r->thread_live) {   /* the UI is ending mid-run: stop nwipe, wait */
        atomic_store(&r->stop, 1);
        pthread_join(r->thread, NULL);
    }
    if (active == r) {
        screen_set_idle_handler(r->prev_idle, r->prev_ctx);
        active = NULL;
    }
    pthread_mutex_destroy(&r->mu);
    free(r);
}

/* The path and confirmation fields take every letter: Stop's other key is
 * a Ctrl key (and Esc, while nwipe runs). */
const Action scr_wipe_run_actions[] = {
    { REQ_NEXT, { K_ENTER, K_F(2) }, N_("Go on"), N_("Confirm the disk, then start erasing"), run_run },
    { REQ_STOP, { K_F(4), K_CTRL('x') }, N_("Stop"), N_("Stop nwipe (the disk is then recorded as not erased)"), run_run },
    { 0 }
};

void scr_wipe_run_open(const char *device)
{
    static const Screen tmpl = {
        .name = "wipe_run", .title = N_("Run nwipe"), .actions = scr_wipe_run_actions,
        .leave = run_leave, .draw = run_draw, .handle = run_handle,
    };
    if (active) { screen_flash(CLR_WARN, "%s", _("nwipe is already running.")); return; }
    Run *r = calloc(1, sizeof *r);
    if (!r) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    if (device_find(app_ctx(), device, &r->d, NULL) != 1) {
        free(r);
        screen_flash(CLR_ERROR, _("No device %s."), device);
        return;
    }
    pthread_mutex_init(&r->mu, NULL);
    Err e = { 0 };
    r->ndisks = probe_media(getenv("BOUCLE_SYSFS"), r->disks, DISKS_MAX, &e);
    if (r->ndisks < 0) r->ndisks = 0;
    r->fields[F_PATH] = (FormField){ .kind = FIELD_TEXT, .label = N_("Block device"), .width = 30, .required = 1 };
    r->fields[F_METHOD] = (FormField){ .kind = FIELD_CHOICE, .label = N_("Method"), .width = 30, .choices = ERASE_METHOD_LABELS };
    r->fields[F_VERIFY] = (FormField){ .kind = FIELD_CHOICE, .label = N_("Verification"), .width = 30, .choices = ERASE_VERIF_LABELS };
    r->fields[F_ROUNDS] = (FormField){ .kind = FIELD_NUMBER, .label = N_("Rounds"), .width = 3, .required = 1,
                                       .min = 1, .max = ERASE_ROUNDS_MAX };
    r->fields[F_CONFIRM] = (FormField){ .kind = FIELD_TEXT, .label = N_("Confirmation"), .width = 12, .required = 1 };
    form_init(&r->path_form, &r->fields[F_PATH], 1, NULL);
    /* method, verification, rounds, confirmation: the focus starts on the
     * last, so that typing goes to it; Up/Shift-Tab reach the others */
    form_init(&r->confirm_form, &r->fields[F_METHOD], F_N - F_METHOD, NULL);
    form_set_text(&r->confirm_form, F_ROUNDS - F_METHOD, "1");
    if (r->ndisks) path_of_sel(r);
    if (screen_push(&tmpl, r) < 0) { pthread_mutex_destroy(&r->mu); free(r); return; }
    active = r;
    r->prev_idle = screen_idle_handler(&r->prev_ctx);
    screen_set_idle_handler(run_idle, NULL);
}
