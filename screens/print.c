/*
 * print.c — the print screen: the labels of one device, of a lot, or of
 * every device made ready today, sent to a configured printer; and the
 * print queue (jobs waiting or interrupted) with retry, resend and cancel.
 *
 * Left/Right choose the printer (label.printers), r toggles "reprint"
 * (labels already printed are skipped otherwise), F2 (p) prints, F3 (i)
 * adds or changes a printer, F5 (t) retries the waiting jobs, F6 (e)
 * resends an interrupted job after a confirmation, F8 (c) cancels the
 * oldest unfinished job: every F-key has a letter, since F5–F10 do not
 * reach the program on some consoles. A preview of the first label (the QR in
 * half blocks and its text) is shown whole, or a line says the terminal is
 * too small for it: never a cut QR.
 *
 * The one exception to "handlers never draw": a batch renders and sends
 * synchronously (no background thread on a 1 GB PC), so its progress
 * callback repaints the progress row itself; nothing else is drawn there.
 */
#include "screens/label_screens.h"
#include "screens/screens.h"
#include "screens/registry.h"
#include "core/settings/config.h"
#include "core/label/label_device.h"
#include "core/label/print.h"
#include "tui/dialog.h"
#include "tui/draw.h"
#include "tui/progress.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REQ_PRINT = REQ_SCREEN, REQ_RETRY, REQ_RESEND, REQ_CANCEL, REQ_REPRINT, REQ_PRINTER };

#define PRINTERS_MAX 8
#define JOBS_SHOWN 6
#define PREVIEW_LINES 24

typedef struct PrintScr {
    int what;                            /* PRINT_DEVICE / PRINT_LOT / PRINT_READY */
    char arg[64];
    LabelIds ids;
    char printers[PRINTERS_MAX][64];
    int nprinters, printer;
    int reprint;
    char preview[PREVIEW_LINES][256];
    int npreview;
    PrintJob jobs[JOBS_SHOWN];
    int njobs;
    char msg[1024];
    TermColor msg_color;
    WINDOW *win;                         /* the body, for the progress row */
    TuiProgress prog;                    /* rendering the labels */
} PrintScr;

/* "No printer is configured: F3/i adds one.", the key from the table. */
static const char *no_printer(char *buf, size_t n)
{
    char key[32];
    snprintf(buf, n, _("No printer is configured: %s adds one."),
             action_key_name(scr_print_actions, REQ_PRINTER, key, sizeof key));
    return buf;
}

static int keep_job(void *arg, const PrintJob *j)
{
    PrintScr *p = arg;
    if (p->njobs < JOBS_SHOWN) p->jobs[p->njobs++] = *j;
    return p->njobs >= JOBS_SHOWN;
}

static void load_preview(PrintScr *p)
{
    p->npreview = 0;
    if (p->ids.n == 0) return;
    LabelIds one = { &p->ids.id[0], 1, 1 };
    LabelSettings s = { .code128 = -1 };
    Printer pr;
    if (p->nprinters && printer_lookup(NULL, p->printers[p->printer], &pr, NULL) == 0) {
        snprintf(s.template_name, sizeof s.template_name, "%s", pr.template_name);
        s.dpi = pr.dpi;
    }
    label_settings_load(NULL, &s);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    Err e = { 0 };
    int rc = f ? label_preview(app_ctx(), one.id[0], &s, f, &e) : -1;
    if (f) fclose(f);
    if (rc < 0) {
        snprintf(p->msg, sizeof p->msg, "%s", e.msg);
        p->msg_color = CLR_ERROR;
    } else {
        for (char *line = buf, *nl; line && *line && p->npreview < PREVIEW_LINES; line = nl ? nl + 1 : NULL) {
            nl = strchr(line, '\n');
            snprintf(p->preview[p->npreview++], sizeof p->preview[0], "%.*s",
                     (int)(nl ? nl - line : (long)strlen(line)), line);
        }
    }
    free(buf);
}

static void print_enter(Screen *s)
{
    PrintScr *p = s->state;
    Err e = { 0 };
    label_ids_free(&p->ids);
    int rc;
    if (p->what == PRINT_READY) {
        rc = label_ids_ready_today(app_ctx(), &p->ids, &e);
    } else {
        const char *key = p->arg;
        rc = label_ids_resolve(app_ctx(), &key, 1, &p->ids, &e);
    }
    if (rc < 0) {
        snprintf(p->msg, sizeof p->msg, "%s", e.msg);
        p->msg_color = CLR_ERROR;
    }
    p->nprinters = printer_names(NULL, p->printers, PRINTERS_MAX, NULL);
    char dflt[64];
    if (p->nprinters <= 0) {
        p->nprinters = 0;
        if (config_get(NULL, "label.printer", dflt, sizeof dflt, NULL) == 1) snprintf(p->printers[p->nprinters++], 64, "%s", dflt);
    }
    if (p->printer >= p->nprinters) p->printer = 0;
    p->njobs = 0;
    print_jobs(app_ctx(), 0, keep_job, p, NULL);
    load_preview(p);
}

static void print_leave(Screen *s)
{
    PrintScr *p = s->state;
    label_ids_free(&p->ids);
    free(p);
}

/* A bar with the count and the time left on the body's last two rows
 * (tui/progress.h); rendering a lot is not stopped half-way: it is one job. */
static void on_progress(void *arg, int done, int total)
{
    PrintScr *p = arg;
    tui_progress_step(&p->prog, done, total);
}

static void print_draw(Screen *s, WINDOW *w, int full)
{
    PrintScr *p = s->state;
    int cols = getmaxx(w), rows = getmaxy(w);
    char buf[512];
    (void)full;
    p->win = w;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    if (p->what == PRINT_READY)
        snprintf(buf, sizeof buf, ngettext("Labels of the %d device made ready today", "Labels of the %d devices made ready today",
                                           (unsigned long)p->ids.n), p->ids.n);
    else if (p->what == PRINT_LOT)
        snprintf(buf, sizeof buf, ngettext("Labels of the %d device of lot %s", "Labels of the %d devices of lot %s",
                                           (unsigned long)p->ids.n), p->ids.n, p->arg);
    else
        snprintf(buf, sizeof buf, _("Label of %s"), p->ids.n ? p->ids.id[0] : p->arg);
    draw_text(w, 0, 1, buf, cols - 2, 0);
    wattrset(w, A_NORMAL);
    if (p->nprinters)
        snprintf(buf, sizeof buf, _("Printer: ◀ %s ▶   Reprint labels already printed: %s"), p->printers[p->printer],
                 p->reprint ? _("yes") : _("no"));
    else
        no_printer(buf, sizeof buf);
    draw_text(w, 1, 1, buf, cols - 2, 0);
    /* The preview is whole or absent: a cut QR would look like a broken
     * label. Its room is what the queue (header and its rows) and the two
     * message rows leave; its width, that of the QR (its first row). */
    int y = 3;
    int queue = 2 + (p->njobs ? p->njobs : 1);
    if (p->npreview && (y + p->npreview + queue > rows - 2 || utf8_width(p->preview[0]) > cols - 4)) {
        wattrset(w, term_attr(CLR_DIM));
        y += draw_wrap(w, y, 2, cols - 4, 2, _("The window is too small to show the whole label: enlarge the terminal to see it."));
        wattrset(w, A_NORMAL);
    } else {
        for (int i = 0; i < p->npreview; i++, y++)
            draw_text(w, y, 2, p->preview[i], cols - 4, 0);
    }
    y++;
    wattrset(w, term_attr(CLR_HEADER));
    draw_text(w, y++, 0, _("Print queue (waiting or interrupted)"), cols, 1);
    wattrset(w, A_NORMAL);
    if (p->njobs == 0) {
        wattrset(w, term_attr(CLR_DIM));
        draw_text(w, y++, 2, _("Nothing waiting."), cols - 4, 0);
        wattrset(w, A_NORMAL);
    }
    for (int i = 0; i < p->njobs && y < rows - 2; i++) {
        const PrintJob *j = &p->jobs[i];
        snprintf(buf, sizeof buf, ngettext("job %lld  %s  %d label  %s  %s", "job %lld  %s  %d labels  %s  %s",
                                           (unsigned long)j->labels), (long long)j->id, j->printer, j->labels,
                 job_state_label(j->state), j->error);
        wattrset(w, term_attr(j->state == JOB_SENDING ? CLR_WARN : CLR_NORMAL));
        draw_text(w, y++, 2, buf, cols - 4, 0);
    }
    wattrset(w, A_NORMAL);
    if (p->msg[0]) {
        wattrset(w, term_attr(p->msg_color));
        draw_wrap(w, rows - 2, 1, cols - 2, 2, p->msg);
        wattrset(w, A_NORMAL);
    }
}

static void set_msg(PrintScr *p, TermColor c, const char *text)
{
    snprintf(p->msg, sizeof p->msg, "%s", text);
    p->msg_color = c;
}

static int do_print(PrintScr *p)
{
    Err e = { 0 };
    Printer pr;
    if (!p->nprinters || printer_lookup(NULL, p->printers[p->printer], &pr, &e) < 0) {
        char none[256];
        set_msg(p, CLR_ERROR, e.msg[0] ? e.msg : no_printer(none, sizeof none));
        return TUI_REDRAW;
    }
    if (p->ids.n == 0) { set_msg(p, CLR_WARN, _("No device to print.")); return TUI_REDRAW; }
    LabelSettings s = { .code128 = -1 };
    label_settings_load(NULL, &s);
    int skipped = 0;
    tui_progress_begin(&p->prog, p->win, p->win ? getmaxy(p->win) - 2 : 0, _("Rendering the labels"), 0);
    int64_t job = label_print_ids(app_ctx(), &pr, &p->ids, &s, p->reprint, &skipped, on_progress, p, &e);
    char buf[1024];
    if (job < 0) set_msg(p, CLR_ERROR, e.msg);
    else if (job == 0) {
        char key[32];
        snprintf(buf, sizeof buf, _("Every label was already printed or is waiting: press %s to reprint."),
                 action_key_name(scr_print_actions, REQ_REPRINT, key, sizeof key));
        set_msg(p, CLR_WARN, buf);
    }
    else if (print_send(app_ctx(), job, 0, NULL, NULL, &e) < 0) set_msg(p, CLR_ERROR, e.msg);
    else {
        snprintf(buf, sizeof buf, ngettext("Print job %lld: %d label sent to %s (skipped: %d).",
                                           "Print job %lld: %d labels sent to %s (skipped: %d).",
                                           (unsigned long)(p->ids.n - skipped)), (long long)job,
                 p->ids.n - skipped, pr.name, skipped);
        set_msg(p, CLR_OK, buf);
    }
    p->njobs = 0;
    print_jobs(app_ctx(), 0, keep_job, p, NULL);
    return TUI_REDRAW;
}

static const PrintJob *oldest(PrintScr *p, int want_state)
{
    for (int i = p->njobs - 1; i >= 0; i--)
        if (want_state < 0 || (int)p->jobs[i].state == want_state) return &p->jobs[i];
    return NULL;
}

static PrintScr *answering;   /* the screen a confirmation answers for */

static void resend_answer(void *ctx, int yes)
{
    PrintScr *p = answering;
    int64_t id = (int64_t)(intptr_t)ctx;
    if (!p || !yes) return;
    Err e = { 0 };
    if (print_send(app_ctx(), id, 1, NULL, NULL, &e) < 0) set_msg(p, CLR_ERROR, e.msg);
    else set_msg(p, CLR_OK, _("The interrupted job was sent again."));
    p->njobs = 0;
    print_jobs(app_ctx(), 0, keep_job, p, NULL);
}

static void cancel_answer(void *ctx, int yes)
{
    PrintScr *p = answering;
    int64_t id = (int64_t)(intptr_t)ctx;
    if (!p || !yes) return;
    Err e = { 0 };
    if (print_cancel(app_ctx(), id, &e) < 0) set_msg(p, CLR_ERROR, e.msg);
    else set_msg(p, CLR_OK, _("Print job cancelled."));
    p->njobs = 0;
    print_jobs(app_ctx(), 0, keep_job, p, NULL);
}

static int print_run(Screen *s, int req)
{
    PrintScr *p = s->state;
    Err e = { 0 };
    char buf[1024];
    const PrintJob *j;
    switch (req) {
    case REQ_PRINT: return do_print(p);
    case REQ_REPRINT: p->reprint = !p->reprint; return TUI_REDRAW;
    case REQ_PRINTER:
        /* what the message said (no printer, a printer's error) is about
         * the printer being changed: the saved one speaks for itself */
        p->msg[0] = '\0';
        scr_printer_settings_open(p->nprinters ? p->printers[p->printer] : NULL); return TUI_REDRAW;
    case REQ_RETRY: {
        int sent = 0, failed = 0;
        int rc = print_retry(app_ctx(), &sent, &failed, &e);
        snprintf(buf, sizeof buf, ngettext("%d job sent; still waiting: %d.", "%d jobs sent; still waiting: %d.", (unsigned long)sent),
                 sent, failed);
        set_msg(p, rc < 0 ? CLR_ERROR : CLR_OK, rc < 0 ? e.msg : buf);
        p->njobs = 0;
        print_jobs(app_ctx(), 0, keep_job, p, NULL);
        return TUI_REDRAW;
    }
    case REQ_RESEND:
        if (!(j = oldest(p, JOB_SENDING))) { set_msg(p, CLR_WARN, _("No interrupted job.")); return TUI_REDRAW; }
        answering = p;
        snprintf(buf, sizeof buf, _("Job %lld may have printed in part. Check the printer: send it again?"),
                 (long long)j->id);
        dialog_confirm(_("Resend"), buf, resend_answer, (void *)(intptr_t)j->id);
        return TUI_REDRAW;
    case REQ_CANCEL:
        if (!(j = oldest(p, -1))) { set_msg(p, CLR_WARN, _("Nothing waiting.")); return TUI_REDRAW; }
        answering = p;
        snprintf(buf, sizeof buf, _("Cancel print job %lld?"), (long long)j->id);
        dialog_confirm(_("Cancel"), buf, cancel_answer, (void *)(intptr_t)j->id);
        return TUI_REDRAW;
    }
    return TUI_UNHANDLED;
}

static int print_handle(Screen *s, Key k)
{
    PrintScr *p = s->state;
    if ((k == K_LEFT || k == K_RIGHT) && p->nprinters > 1) {
        p->printer = (p->printer + (k == K_RIGHT ? 1 : p->nprinters - 1)) % p->nprinters;
        load_preview(p);
        return TUI_REDRAW;
    }
    return TUI_UNHANDLED;
}

const Action scr_print_actions[] = {
    { REQ_PRINT,   { K_F(2), 'p' }, N_("Print"),  N_("Print the labels on the chosen printer"), print_run },
    { REQ_REPRINT, { 'r' },         N_("Reprint"), N_("Also print labels that were printed before"), print_run },
    { REQ_PRINTER, { K_F(3), 'i' }, N_("Printer"), N_("Add a label printer, or change the chosen one"), print_run },
    { REQ_RETRY,   { K_F(5), 't' }, N_("Retry"),  N_("Send the jobs waiting for a printer"), print_run },
    { REQ_RESEND,  { K_F(6), 'e' }, N_("Resend"), N_("Send an interrupted job again, after checking the printer"), print_run },
    { REQ_CANCEL,  { K_F(8), 'c' }, N_("Cancel"), N_("Cancel the oldest unfinished job"), print_run },
    { 0 }
};

void scr_print_open(int what, const char *arg)
{
    static const Screen tmpl = {
        .name = "print", .title = N_("Print labels"), .actions = scr_print_actions,
        .enter = print_enter, .leave = print_leave, .draw = print_draw, .handle = print_handle,
    };
    PrintScr *p = calloc(1, sizeof *p);
    if (!p) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    p->what = what;
    snprintf(p->arg, sizeof p->arg, "%s", arg ? arg : "");
    if (screen_push(&tmpl, p) < 0) print_leave(&(Screen){ .state = p });
}
