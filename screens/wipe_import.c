/*
 * wipe_import.c — importing nwipe logs from the UI: type or paste a file or
 * folder path ("~/" expanded), Enter imports it (core/wipe/wipe.h). The field
 * starts on the configured folder (`wipe.log_dir`), else /var/log/nwipe
 * when it exists, else the current folder.
 *
 * Opened from a device detail, every drive of the log goes to that device;
 * F3 (^T) switches to matching drives by serial (as from the home menu). After an
 * import, one row per drive: the device it went to, nwipe's status, the
 * method, and the device's claim before → after.
 *
 * State: the path field, the target device ("" = by serial), the rows of
 * the last import (claims "before" read when core announces each drive,
 * before its record is written; "after" once the import is committed).
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "screens/wipe_screens.h"
#include "core/grading/grading.h"
#include "core/wipe/erase.h"
#include "core/wipe/wipe.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/progress.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include "util/path.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define IMPORT_ROWS 200   /* drives shown; a folder of logs rarely holds more */

enum { REQ_IMPORT = REQ_SCREEN, REQ_TARGET, REQ_UNASSIGNED };

typedef struct ImportRow {
    char device[DEVICE_ID_MAX];
    char serial[64];
    char status[16];
    char method[40];
    int added;
    int before, after;     /* claim: 1 refurbished, 0 used, -1 none */
} ImportRow;

typedef struct WipeImportScreen {
    FormField field;
    Form form;
    char device[DEVICE_ID_MAX];   /* given when opened; "" from the home menu */
    int into;                     /* 1: every drive goes to device */
    ImportRow *rows;
    int n, more, top;
    char msg[1024];
    TermColor msg_color;
    WINDOW *win;                  /* the body, where progress is drawn */
    TuiProgress prog;             /* over the files of a folder */
} WipeImportScreen;

static int claim_of(const char *id)
{
    Device d;
    Claim cl;
    if (!id[0] || device_get(app_ctx(), id, &d, NULL) != 1 || device_claim(app_ctx(), &d, &cl, NULL) < 0) return -1;
    return cl.reconditionne;
}

/* Called by core for each drive, before its record is written. */
static void on_drive(void *arg, const WipeDriveResult *r)
{
    WipeImportScreen *t = arg;
    if (t->n == IMPORT_ROWS) { t->more++; return; }
    ImportRow *row = &t->rows[t->n++];
    memset(row, 0, sizeof *row);
    snprintf(row->device, sizeof row->device, "%s", r->device);
    snprintf(row->serial, sizeof row->serial, "%s", r->serial);
    snprintf(row->status, sizeof row->status, "%s", r->status);
    snprintf(row->method, sizeof row->method, "%s", r->drive->method);
    row->added = r->added;
    row->before = -1;
    /* the first row of a device keeps its claim before this import */
    for (int i = 0; i < t->n - 1; i++)
        if (!strcmp(t->rows[i].device, row->device)) { row->before = t->rows[i].before; return; }
    row->before = claim_of(row->device);
}

static const char *status_label(const char *s)
{
    if (!strcmp(s, "success")) return _("erased");
    if (!strcmp(s, "failed")) return _("FAILED");
    return _("aborted");
}

static const char *claim_text(int c)
{
    return c < 0 ? "—" : c ? _("refurbished") : _("used");
}

/* Progress over a folder's logs; Esc stops before the next file. */
static void on_progress(void *arg, int64_t done, int64_t total)
{
    WipeImport *r = arg;
    WipeImportScreen *t = r->arg;
    if (tui_progress_step(&t->prog, done, total)) r->stop = 1;
}

static int do_import(WipeImportScreen *t)
{
    char typed[4096], path[4096];
    form_text(&t->form, 0, typed, sizeof typed);
    path_expand(typed, path, sizeof path);
    Err e = { 0 };
    WipeImport r = { .on_drive = on_drive, .arg = t, .progress = on_progress };
    r.parg = &r;
    t->n = t->more = t->top = 0;
    const char *base = strrchr(path, '/') && strrchr(path, '/')[1] ? strrchr(path, '/') + 1 : path;
    char label[512];
    snprintf(label, sizeof label, _("Importing %s"), base);
    tui_progress_begin(&t->prog, t->win, t->win ? getmaxy(t->win) - 2 : 0, label, 1);
    if (wipe_import_path(app_ctx(), t->into ? t->device : NULL, path, &r, &e) < 0) {
        t->n = 0;   /* rolled back: nothing of it was written */
        snprintf(t->msg, sizeof t->msg, "%s", e.msg);
        t->msg_color = CLR_ERROR;
        return TUI_REDRAW;
    }
    for (int i = 0; i < t->n; i++) t->rows[i].after = claim_of(t->rows[i].device);
    wipe_import_summary(&r, t->msg, sizeof t->msg);
    t->msg_color = r.drives == 0 ? CLR_WARN : r.unassigned ? CLR_WARN : CLR_OK;
    if (r.stopped) {
        snprintf(t->msg, sizeof t->msg,
                 ngettext("Import stopped: %d log imported whole (the drives below); the other files were not read.",
                          "Import stopped: %d logs imported whole (the drives below); the other files were not read.",
                          (unsigned long)r.files), r.files);
        t->msg_color = CLR_WARN;
        return TUI_REDRAW;
    }
    if (r.files == 0) {
        snprintf(t->msg, sizeof t->msg, ngettext("No nwipe log in %s (%d file skipped).", "No nwipe log in %s (%d files skipped).",
                                                   (unsigned long)r.skipped_files), path, r.skipped_files);
        t->msg_color = CLR_WARN;
    }
    return TUI_REDRAW;
}

static void import_draw(Screen *s, WINDOW *w, int full)
{
    WipeImportScreen *t = s->state;
    int rows = getmaxy(w), cols = getmaxx(w);
    char buf[512];
    (void)full;
    t->win = w;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    if (t->into) snprintf(buf, sizeof buf, _("Import nwipe logs into device %s"), t->device);
    else snprintf(buf, sizeof buf, "%s", _("Import nwipe logs (drives matched to devices by serial)"));
    draw_wrap(w, 0, 1, cols - 2, 2, buf);   /* rows 0–1: the form is on row 2 */
    wattrset(w, A_NORMAL);
    form_draw(&t->form, w, 2, 2);
    wattrset(w, term_attr(CLR_DIM));
    /* the hint wraps (a second row in French) and the table follows it */
    int top = 4 + draw_wrap(w, 4, 2, cols - 4, 2, _("A log file or a folder of logs; ~/ is your home. Enter imports."));
    /* columns in terminal cells: « N° de série » is 11 cells, 12 bytes */
    static const int X[] = { 1, 14, 35, 44, 63 };
    const char *head[] = { _("Device"), _("Serial"), _("Status"), _("Method"), _("Claim") };
    wattrset(w, term_attr(CLR_HEADER));
    draw_text(w, top, 0, "", cols, 1);
    for (int c = 0; c < 5; c++) draw_cell(w, top, X[c], head[c], c < 4 ? X[c + 1] - X[c] - 1 : cols);
    wattrset(w, A_NORMAL);
    int y = top + 1;
    for (int i = t->top; i < t->n && y < rows - 2; i++, y++) {
        const ImportRow *r = &t->rows[i];
        char claim[128];
        if (r->before == r->after) snprintf(claim, sizeof claim, "%s%s", claim_text(r->after), r->added ? "" : _(" (already imported)"));
        else snprintf(claim, sizeof claim, "%s → %s%s", claim_text(r->before), claim_text(r->after),
                      r->added ? "" : _(" (already imported)"));
        const char *cell[] = { r->device[0] ? r->device : _("unassigned"), r->serial, status_label(r->status), r->method, claim };
        wattrset(w, term_attr(!strcmp(r->status, "success") ? CLR_NORMAL : CLR_WARN));
        draw_text(w, y, 0, "", cols, 1);
        for (int c = 0; c < 5; c++) draw_cell(w, y, X[c], cell[c], c < 4 ? X[c + 1] - X[c] - 1 : cols);
    }
    if (t->more) {
        wattrset(w, term_attr(CLR_DIM));
        snprintf(buf, sizeof buf, ngettext("… and %d more drive", "… and %d more drives", (unsigned long)t->more), t->more);
        draw_text(w, y, 1, buf, cols - 2, 0);
    }
    if (t->msg[0]) {
        wattrset(w, term_attr(t->msg_color));
        draw_wrap(w, rows - 2, 1, cols - 2, 2, t->msg);
    }
    wattrset(w, A_NORMAL);
}

static int import_handle(Screen *s, Key k)
{
    WipeImportScreen *t = s->state;
    if (k == K_DOWN && t->top + 1 < t->n) { t->top++; return TUI_REDRAW; }
    if (k == K_UP && t->top > 0) { t->top--; return TUI_REDRAW; }
    int r = form_handle(&t->form, k);
    if (r & FORM_SUBMIT) return do_import(t);
    return r ? TUI_REDRAW : TUI_UNHANDLED;
}

static int import_run(Screen *s, int req)
{
    WipeImportScreen *t = s->state;
    if (req == REQ_IMPORT) return form_submit(&t->form) & FORM_SUBMIT ? do_import(t) : TUI_REDRAW;
    if (req == REQ_UNASSIGNED) { scr_wipe_unassigned_open(); return TUI_REDRAW; }
    if (!t->device[0]) {
        screen_flash(CLR_WARN, "%s", _("Open the import from a device to send every drive to it."));
        return TUI_HANDLED;
    }
    t->into = !t->into;
    return TUI_REDRAW;
}

static void import_leave(Screen *s)
{
    WipeImportScreen *t = s->state;
    free(t->rows);
    free(t);
}

/* The path field takes every letter: Ctrl keys beside the F-keys. */
const Action scr_wipe_import_actions[] = {
    { REQ_IMPORT, { K_ENTER, K_F(2) }, N_("Import"), N_("Import the log file or folder"), import_run },
    { REQ_TARGET, { K_F(3), K_CTRL('t') }, N_("Target"), N_("Send every drive to this device, or match drives by serial"), import_run },
    { REQ_UNASSIGNED, { K_F(4), K_CTRL('n') }, N_("Unassigned"), N_("The wipes that matched no device"), import_run },
    { 0 }
};

/* The folder the field starts on. */
static void default_dir(char *out, size_t n)
{
    if (wipe_log_dir(out, n)[0]) return;
    if (path_is_dir("/var/log/nwipe")) snprintf(out, n, "/var/log/nwipe");
    else if (!getcwd(out, n)) snprintf(out, n, ".");
}

void scr_wipe_import_open(const char *device)
{
    static const Screen tmpl = {
        .name = "wipe_import", .title = N_("Import nwipe logs"), .actions = scr_wipe_import_actions,
        .leave = import_leave, .draw = import_draw, .handle = import_handle,
    };
    WipeImportScreen *t = calloc(1, sizeof *t);
    if (t) t->rows = calloc(IMPORT_ROWS, sizeof *t->rows);
    if (!t || !t->rows) { free(t); screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    snprintf(t->device, sizeof t->device, "%s", device ? device : "");
    t->into = t->device[0] != '\0';
    t->field = (FormField){ .kind = FIELD_TEXT, .label = N_("Log file or folder"), .width = 50, .required = 1 };
    form_init(&t->form, &t->field, 1, NULL);
    char dir[1024];
    default_dir(dir, sizeof dir);
    form_set_text(&t->form, 0, dir);
    if (screen_push(&tmpl, t) < 0) import_leave(&(Screen){ .state = t });
}
