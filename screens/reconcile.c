/*
 * reconcile.c — a lot against its donor's inventory (opened from the lots
 * screen): the four counts at the top, then every device in one list —
 * missing first, then not announced, then received — and the forms that
 * write the reconciliation for the donor, PDF or CSV, in French or English.
 *
 * The rows are loaded once per entry (core/inventory/reconcile_doc.h: one
 * walk, compact rows), so the list's fetch only indexes an array: a lot of
 * 100 000 devices scrolls as a lot of ten does. Enter opens the device of
 * the row (received or not announced); a missing row has none.
 *
 * The document's language may differ from the screen's: the form switches
 * gettext's language for the time of the writing (core/settings/lang.h)
 * and back.
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "core/cert/cert.h"
#include "core/inventory/reconcile_doc.h"
#include "core/settings/lang.h"
#include "core/vocab/vocab.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/progress.h"
#include "tui/list.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include "util/path.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REQ_OPEN = REQ_SCREEN, REQ_PDF, REQ_CSV };
enum { HEAD_ROWS = 5 };   /* donor, counts, the two summaries, blank; then the list */

typedef struct Rec {
    List list;            /* first: the list's rows index set.items */
    char lot[LOT_ID_MAX];
    ReconcileSet set;
    char err[1024];       /* the load failed: why */
} Rec;

static const ListCol rec_cols[] = {
    { N_("Status"), 13 }, { N_("Serial number"), 12 }, { N_("Tag"), 9 },
    { N_("Asset id"), 11 }, { N_("Other lot"), 10 }, { N_("Make and model"), 0 },
};

static void fill(const Rec *r, size_t i, ListRow *out)
{
    const ReconcileSet *s = &r->set;
    ReconcileKind k = s->items[i].kind;
    out->key.i = (int64_t)i;
    snprintf(out->cells[0], LIST_CELL_MAX, "%s", reconcile_kind_label(k));
    snprintf(out->cells[1], LIST_CELL_MAX, "%s", reconcile_field(s, i, REC_F_SERIAL));
    snprintf(out->cells[2], LIST_CELL_MAX, "%s", reconcile_field(s, i, REC_F_TAG));
    const char *make = reconcile_field(s, i, REC_F_MAKE), *model = reconcile_field(s, i, REC_F_MODEL);
    snprintf(out->cells[3], LIST_CELL_MAX, "%s", reconcile_field(s, i, REC_F_DEVICE));
    snprintf(out->cells[4], LIST_CELL_MAX, "%s", reconcile_field(s, i, REC_F_OTHER_LOT));
    snprintf(out->cells[5], LIST_CELL_MAX, "%s%s%s", make, *make && *model ? " " : "", model);
    out->color = k == REC_MISSING ? CLR_ERROR : k == REC_UNANNOUNCED ? CLR_WARN : CLR_NORMAL;
}

static int rec_fetch(void *ctx, const ListKey *anchor, ListDir dir, int n, ListRow *out, Err *e)
{
    const Rec *r = ctx;
    int64_t total = (int64_t)r->set.n, got = 0;
    (void)e;
    if (dir == LIST_BEFORE) {
        for (int64_t i = (anchor ? anchor->i : total) - 1; i >= 0 && got < n; i--) fill(r, (size_t)i, &out[got++]);
    } else {
        int64_t from = !anchor ? 0 : dir == LIST_FROM ? anchor->i : anchor->i + 1;
        for (int64_t i = from < 0 ? 0 : from; i < total && got < n; i++) fill(r, (size_t)i, &out[got++]);
    }
    return (int)got;
}

static void rec_enter(Screen *s)
{
    Rec *r = s->state;
    Err e = { 0 };
    reconcile_set_free(&r->set);
    r->err[0] = '\0';
    if (reconcile_load(app_ctx(), r->lot, &r->set, &e) < 0) snprintf(r->err, sizeof r->err, "%s", e.msg);
    list_reload(&r->list);
}

static void rec_leave(Screen *s)
{
    Rec *r = s->state;
    list_free(&r->list);
    reconcile_set_free(&r->set);
    free(r);
}

static void rec_draw(Screen *s, WINDOW *w, int full)
{
    Rec *r = s->state;
    int cols = getmaxx(w);
    if (full) {
        char buf[1024];
        werase(w);
        if (r->err[0]) {
            wattrset(w, term_attr(CLR_ERROR));
            draw_wrap(w, 1, 1, cols - 2, 4, r->err);
            wattrset(w, A_NORMAL);
            return;
        }
        const Lot *l = &r->set.lot;
        wattrset(w, term_attr(CLR_TITLE));
        snprintf(buf, sizeof buf, "%s — %s%s%s", r->set.sum.lot, l->donor, l->ref[0] ? ", " : "", l->ref);
        draw_text_cut(w, 0, 1, buf, cols - 2, 0);
        wattrset(w, A_NORMAL);
        snprintf(buf, sizeof buf, _("Announced %lld   Received %lld   Missing %lld   Not announced %lld"),
                 (long long)r->set.sum.announced, (long long)r->set.sum.received, (long long)r->set.sum.missing,
                 (long long)r->set.sum.unannounced);
        draw_text_cut(w, 1, 1, buf, cols - 2, 0);
        reconcile_summary(&r->set, buf, sizeof buf);
        wattrset(w, term_attr(r->set.sum.missing ? CLR_WARN : CLR_OK));
        draw_text_cut(w, 2, 1, buf, cols - 2, 0);
        reconcile_summary_unannounced(&r->set, buf, sizeof buf);
        wattrset(w, term_attr(CLR_WARN));
        draw_text_cut(w, 3, 1, buf, cols - 2, 0);
        wattrset(w, A_NORMAL);
    }
    if (!r->err[0]) list_draw(&r->list, w, HEAD_ROWS, getmaxy(w) - HEAD_ROWS, full);
}

static int rec_handle(Screen *s, Key k)
{
    Rec *r = s->state;
    return list_key(&r->list, k);
}

static void doc_open(const char *lot, ReconcileSet *set, int csv);

static int rec_run(Screen *s, int req)
{
    Rec *r = s->state;
    if (r->err[0]) return TUI_HANDLED;
    if (req == REQ_PDF || req == REQ_CSV) { doc_open(r->lot, &r->set, req == REQ_CSV); return TUI_REDRAW; }
    const ListRow *row = list_current(&r->list);
    if (!row) return TUI_HANDLED;
    const char *id = reconcile_field(&r->set, (size_t)row->key.i, REC_F_DEVICE);
    if (!*id) {
        screen_flash(CLR_WARN, "%s", _("Announced but not received: there is no device to open."));
        return TUI_HANDLED;
    }
    char dev[DEVICE_ID_MAX];
    snprintf(dev, sizeof dev, "%s", id);
    scr_device_open(dev);
    return TUI_REDRAW;
}

const Action scr_reconcile_actions[] = {
    { REQ_OPEN, { K_ENTER },     N_("Open"), N_("Open the device of the selected row"), rec_run },
    { REQ_PDF,  { K_F(5), 'p' }, N_("PDF"),  N_("Write the reconciliation as a PDF for the donor"), rec_run },
    { REQ_CSV,  { K_F(6), 'v' }, N_("CSV"),  N_("Write the reconciliation as a CSV file for the donor"), rec_run },
    { 0 }
};

void scr_reconcile_open(const char *lot_id)
{
    static const Screen tmpl = {
        .name = "reconcile", .title = N_("Reconciliation"), .actions = scr_reconcile_actions,
        .enter = rec_enter, .leave = rec_leave, .draw = rec_draw, .handle = rec_handle,
    };
    Rec *r = calloc(1, sizeof *r);
    if (!r) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    snprintf(r->lot, sizeof r->lot, "%s", lot_id);
    int rows = LINES > HEAD_ROWS + 6 ? LINES - 4 - HEAD_ROWS - 1 : 2;
    if (list_init(&r->list, rec_cols, 6, rec_fetch, r, rows) < 0) { free(r); return; }
    r->list.empty = _("Nothing announced and nothing received in this lot.");
    if (screen_push(&tmpl, r) < 0) rec_leave(&(Screen){ .state = r });
}

/* ---- the document form: a path and a language --------------------------------- */

enum { REQ_WRITE = REQ_SCREEN + 10 };

static const char *const LANGS[] = { N_("Français"), N_("English"), NULL };

typedef struct Doc {
    int csv;
    char lot[LOT_ID_MAX];
    ReconcileSet *set;    /* the reconciliation screen's, below this one */
    FormField fields[2];
    Form form;
    char msg[2048];
    TermColor msg_color;
    WINDOW *win;          /* the body, where progress is drawn */
    TuiProgress prog;     /* writing the PDF (not stopped half-way: no file is left half-written) */
} Doc;

static void doc_progress(void *arg, int64_t done, int64_t total)
{
    Doc *d = arg;
    tui_progress_step(&d->prog, done, total);
}

static int doc_write(Doc *d)
{
    char typed[4096], path[4096];
    form_text(&d->form, 0, typed, sizeof typed);
    path_expand(typed, path, sizeof path);
    if (path_is_dir(path)) {
        char name[4200];
        snprintf(name, sizeof name, d->csv ? _("%s/reconciliation-%s.csv") : _("%s/reconciliation-%s.pdf"), path, d->lot);
        snprintf(path, sizeof path, "%s", name);
    }
    char ui[4];
    snprintf(ui, sizeof ui, "%s", lang_current());
    Err e = { 0 };
    lang_init(d->fields[1].choice == 1 ? "en" : "fr", NULL);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char label[512];
    snprintf(label, sizeof label, _("Writing %s"), base);
    tui_progress_begin(&d->prog, d->win, d->win ? getmaxy(d->win) - 2 : 0, label, 0);
    d->set->progress = doc_progress;
    d->set->parg = d;
    int r = d->csv ? reconcile_csv(d->set, path, &e) : reconcile_pdf(app_ctx(), d->set, path, &e);
    d->set->progress = NULL;
    lang_init(ui, NULL);
    if (r < 0) {
        snprintf(d->msg, sizeof d->msg, "%s", e.msg);
        d->msg_color = CLR_ERROR;
    } else {
        snprintf(d->msg, sizeof d->msg, _("Written: %s"), path);
        d->msg_color = CLR_OK;
        form_set_text(&d->form, 0, path);
    }
    return TUI_REDRAW;
}

static void doc_draw(Screen *s, WINDOW *w, int full)
{
    Doc *d = s->state;
    int rows = getmaxy(w), cols = getmaxx(w);
    char buf[512];
    (void)full;
    d->win = w;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    snprintf(buf, sizeof buf, d->csv ? _("Reconciliation of lot %s as CSV") : _("Reconciliation of lot %s as PDF"), d->lot);
    draw_text(w, 0, 1, buf, cols - 2, 0);
    wattrset(w, A_NORMAL);
    form_draw(&d->form, w, 2, 2);
    wattrset(w, term_attr(CLR_DIM));
    draw_wrap(w, 7, 2, cols - 4, 3,
              d->csv ? _("Enter writes the file there: UTF-8, fields separated by ';', for a spreadsheet.")
                     : _("Enter writes the file there, to send to the donor."));
    if (d->msg[0]) {
        wattrset(w, term_attr(d->msg_color));
        draw_wrap(w, 10, 2, cols - 4, rows - 11, d->msg);
    }
    wattrset(w, A_NORMAL);
}

static int doc_handle(Screen *s, Key k)
{
    Doc *d = s->state;
    int r = form_handle(&d->form, k);
    if (r & FORM_SUBMIT) return doc_write(d);
    return r ? TUI_REDRAW : TUI_UNHANDLED;
}

static int doc_run(Screen *s, int req)
{
    Doc *d = s->state;
    (void)req;
    return form_submit(&d->form) & FORM_SUBMIT ? doc_write(d) : TUI_REDRAW;
}

static void doc_leave(Screen *s)
{
    free(s->state);
    cert_release_fonts();
}

const Action scr_reconcile_doc_actions[] = {
    { REQ_WRITE, { K_ENTER, K_F(2) }, N_("Write"), N_("Write the file"), doc_run },
    { 0 }
};

static void doc_open(const char *lot, ReconcileSet *set, int csv)
{
    static const Screen tmpl = {
        .name = "reconcile_doc", .title = N_("Reconciliation for the donor"), .actions = scr_reconcile_doc_actions,
        .leave = doc_leave, .draw = doc_draw, .handle = doc_handle,
    };
    Doc *d = calloc(1, sizeof *d);
    if (!d) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    d->csv = csv;
    d->set = set;
    snprintf(d->lot, sizeof d->lot, "%s", lot);
    d->fields[0] = (FormField){ .kind = FIELD_TEXT, .label = csv ? N_("CSV file") : N_("PDF file"), .width = 52, .required = 1 };
    d->fields[1] = (FormField){ .kind = FIELD_CHOICE, .label = N_("Language"), .width = 12, .choices = LANGS };
    form_init(&d->form, d->fields, 2, NULL);
    d->fields[1].choice = strcmp(lang_current(), "en") == 0;
    char dir[2048], path[4200];
    path_documents_dir(dir, sizeof dir);
    snprintf(path, sizeof path, csv ? _("%s/reconciliation-%s.csv") : _("%s/reconciliation-%s.pdf"), dir, lot);
    form_set_text(&d->form, 0, path);
    if (screen_push(&tmpl, d) < 0) free(d);
}
