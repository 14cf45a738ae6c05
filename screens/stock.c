/*
 * stock.c — « Stock »: this workshop's devices ready to give, for the
 * coordinator who answers « a laptop with 8 GB for this family? ». Search
 * as you type (as the device list: asset id, serial, donor tag, make,
 * model), filters by category and cosmetic grade, newest first in keyset
 * pages (device_page); each row: asset id, category, grade, RAM, storage,
 * make, model and CPU. F5 shows the reserved ones instead, with whom each
 * is for and until when, an expired reservation marked (it no longer holds
 * the device: core/alloc/alloc.h). F8 is the region's ready stock
 * (screens/region.c).
 *
 * Giving: F6 opens the allocation form for the device under the cursor,
 * or for the selection. F7 starts a selection: every device scanned then
 * joins it (a scan of one already in it is said, not added twice; ^T adds
 * or removes the row under the cursor, for those without a scanner), the
 * bottom rows list it, and F6 reserves or allocates them all together —
 * all, or none when one is refused. Outside a selection a scan opens the
 * device, as everywhere.
 * State: the search field, the filters, the view, the list, the selection.
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "core/alloc/alloc.h"
#include "core/scan/scan.h"
#include "core/stock/device.h"
#include "core/vocab/vocab.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/list.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A selection is a trolley or a pallet: a few dozen devices at most. */
#define STOCK_SELECTION_MAX 200

enum { REQ_OPEN = REQ_SCREEN, REQ_CATEGORY, REQ_GRADE, REQ_CLEAR, REQ_VIEW, REQ_ALLOCATE, REQ_SELECT, REQ_TOGGLE,
       REQ_REGION };
enum { C_ID, C_CAT, C_GRADE, C_RAM, C_DISK, C_WHAT, C_FOR, C_N };

typedef struct Stock {
    FormField field;
    Form form;
    char search[FORM_TEXT_MAX * 4 + 1];
    int category;               /* -1 = all */
    int grade;                  /* -1 = all */
    int reserved;               /* 1: the reserved ones */
    int selecting;              /* scans join the selection */
    char (*sel)[DEVICE_ID_MAX];
    int nsel;
    int64_t counts[ST__COUNT];
    ListCol cols[C_N];
    List list;
} Stock;

static const ListCol stock_cols[C_N] = {
    { N_("Asset id"), 11 }, { N_("Category"), 9 }, { N_("Grade"), 5 }, { N_("Memory"), 6 }, { N_("Disk"), 6 },
    { N_("Make, model, CPU"), 0 }, { N_("Reserved for"), 0 },
};

static int stock_fetch(void *ctx, const ListKey *anchor, ListDir dir, int n, ListRow *out, Err *e)
{
    Stock *t = ctx;
    Ctx *c = app_ctx();
    DeviceQuery q = {
        .search = t->search, .owner = c->workshop, .state = state_key(t->reserved ? ST_RESERVED : ST_READY),
        .category = t->category >= 0 ? category_key(t->category) : NULL,
        .grade = t->grade >= 0 ? vocab_key(&VOCAB_COSMETIC, t->grade) : NULL,
    };
    int64_t a;
    int way;
    if (dir == LIST_BEFORE) { way = -1; a = anchor ? anchor->i : 0; }
    else { way = 1; a = anchor ? anchor->i + (dir == LIST_FROM) : INT64_MAX; }
    DeviceRow *rows = malloc(sizeof *rows * (size_t)n);
    if (!rows) return err_set(e, ERR_INTERNAL, "%s", _("Out of memory."));
    int k = device_page(c, &q, a, way, n, rows, e);
    char today[ALLOC_DATE_MAX];
    alloc_today(today);
    for (int i = 0; i < k; i++) {
        const DeviceRow *d = way < 0 ? &rows[k - 1 - i] : &rows[i];
        ListRow *o = &out[i];
        o->key.i = d->n;
        snprintf(o->cells[C_ID], LIST_CELL_MAX, "%s", d->d.id);
        snprintf(o->cells[C_CAT], LIST_CELL_MAX, "%s", category_label(d->d.category));
        snprintf(o->cells[C_GRADE], LIST_CELL_MAX, "%s", d->d.grade);
        scr_spec_cells(c, &d->d, o->cells[C_RAM], o->cells[C_DISK], o->cells[C_WHAT], LIST_CELL_MAX);
        Allocation al;
        if (t->reserved && alloc_current(c, d->d.id, &al, NULL) == 1 && al.status != AS_CANCELLED) {
            if (alloc_expired(&al, today)) {
                /* TRANSLATORS: a reservation whose day is past, in a column: « GRE1-P0003 expirée » */
                snprintf(o->cells[C_FOR], LIST_CELL_MAX, _("%s expired"), al.party);
                o->color = CLR_DIM;
            } else if (al.kind == AK_RESERVATION) {
                /* TRANSLATORS: « GRE1-P0003 → 2026-12-20 »: for whom, until when */
                snprintf(o->cells[C_FOR], LIST_CELL_MAX, _("%s → %s"), al.party, al.until);
            } else {
                snprintf(o->cells[C_FOR], LIST_CELL_MAX, "%s %s", al.party, vocab_label(&VOCAB_ALLOC_KIND, al.kind));
            }
        }
        for (int j = 0; j < t->nsel; j++)
            if (!strcmp(t->sel[j], d->d.id)) o->color = CLR_OK;   /* in the selection */
    }
    free(rows);
    return k;
}

/* The columns of the view: the reserved one ends with « Reserved for »,
 * the make and model cut shorter. */
static void set_columns(Stock *t)
{
    memcpy(t->cols, stock_cols, sizeof t->cols);
    scr_fit_columns(t->cols, C_WHAT, C_CAT);
    t->cols[C_WHAT].width = t->reserved ? 12 : 0;
    t->list.ncols = t->reserved ? C_N : C_N - 1;
}

static void requery(Stock *t)
{
    form_text(&t->form, 0, t->search, sizeof t->search);
    list_home(&t->list);
}

static void stock_enter(Screen *s)
{
    Stock *t = s->state;
    device_counts(app_ctx(), t->counts, NULL);
    list_reload(&t->list);
}

static void stock_leave(Screen *s)
{
    Stock *t = s->state;
    list_free(&t->list);
    free(t->sel);
    free(t);
}

static void stock_draw(Screen *s, WINDOW *w, int full)
{
    Stock *t = s->state;
    int cols = getmaxx(w), rows = getmaxy(w);
    char buf[1024];
    if (full) werase(w);
    form_draw(&t->form, w, 0, 1);
    snprintf(buf, sizeof buf, _("%s: %lld   Category: %s   Grade: %s"),
             t->reserved ? _("Reserved") : _("Ready"), (long long)t->counts[t->reserved ? ST_RESERVED : ST_READY],
             t->category >= 0 ? category_label(t->category) : _("all"),
             t->grade >= 0 ? vocab_key(&VOCAB_COSMETIC, t->grade) : _("all"));
    wattrset(w, term_attr(CLR_DIM));
    draw_text(w, 1, 2, buf, cols - 3, 1);
    wattrset(w, A_NORMAL);
    list_draw(&t->list, w, 2, rows - 4, full);
    /* the selection, or how to start one */
    if (t->selecting || t->nsel) {
        int n = snprintf(buf, sizeof buf, ngettext("Selection (%d): ", "Selection (%d): ", (unsigned long)t->nsel), t->nsel);
        for (int i = 0; i < t->nsel && n > 0 && (size_t)n < sizeof buf; i++)
            n += snprintf(buf + n, sizeof buf - (size_t)n, "%s%s", i ? " " : "", t->sel[i]);
        if (!t->nsel) snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s", _("scan the devices, then F6/^A."));
        wattrset(w, term_attr(CLR_OK));
    } else {
        snprintf(buf, sizeof buf, "%s", _("F7/^B: select devices by scanning them, then F6/^A allocates them together."));
        wattrset(w, term_attr(CLR_DIM));
    }
    draw_text(w, rows - 2, 0, "", cols, 1);
    draw_text(w, rows - 1, 0, "", cols, 1);
    draw_wrap(w, rows - 2, 2, cols - 4, 2, buf);
    wattrset(w, A_NORMAL);
}

static int stock_handle(Screen *s, Key k)
{
    Stock *t = s->state;
    return scr_search_handle(&t->list, &t->form, t->search, sizeof t->search, k);
}

/* Adds id to the selection, or removes it when remove_if_there. */
static void select_id(Stock *t, const char *id, int remove_if_there)
{
    for (int i = 0; i < t->nsel; i++)
        if (!strcmp(t->sel[i], id)) {
            if (!remove_if_there) {
                screen_flash(CLR_WARN, _("%s is in the selection already."), id);
                return;
            }
            memmove(t->sel[i], t->sel[i + 1], (size_t)(t->nsel - i - 1) * sizeof *t->sel);
            t->nsel--;
            return;
        }
    if (t->nsel == STOCK_SELECTION_MAX) {
        screen_flash(CLR_WARN, _("At most %d devices at a time."), STOCK_SELECTION_MAX);
        return;
    }
    snprintf(t->sel[t->nsel++], DEVICE_ID_MAX, "%s", id);
}

static int stock_scan(Screen *s, const char *text)
{
    Stock *t = s->state;
    if (!t->selecting) {
        Device d;
        Err e = { 0 };
        int r = scan_resolve(app_ctx(), text, &d, &e);
        if (r < 0) screen_flash(CLR_ERROR, "%s", e.msg);
        else if (r == 0) screen_flash(CLR_WARN, _("No device matches the scan \"%s\"."), text);
        else scr_device_open(d.id);
        return TUI_REDRAW;
    }
    Device d;
    Err e = { 0 };
    int r = scan_resolve(app_ctx(), text, &d, &e);
    if (r < 0) screen_flash(CLR_ERROR, "%s", e.msg);
    else if (r == 0) screen_flash(CLR_WARN, _("No device matches the scan \"%s\"."), text);
    else if (d.state != ST_READY && d.state != ST_RESERVED)   /* said at once, not at allocation */
        screen_flash(CLR_WARN, _("%s is not ready (it is « %s »): not added to the selection."), d.id,
                     state_label(d.state));
    else select_id(t, d.id, 0);
    list_reload(&t->list);
    return TUI_REDRAW;
}

static void selection_done(void *ctx)
{
    Stock *t = ctx;
    t->nsel = 0;
    t->selecting = 0;
}

static int stock_run(Screen *s, int req)
{
    Stock *t = s->state;
    const ListRow *row = list_current(&t->list);
    switch (req) {
    case REQ_OPEN:
        if (row) scr_device_open(row->cells[C_ID]);
        return TUI_REDRAW;
    case REQ_REGION: scr_region_open(); return TUI_REDRAW;
    case REQ_ALLOCATE:
        if (t->nsel) scr_alloc_open((const char (*)[DEVICE_ID_MAX])t->sel, t->nsel, AK_DONATION, selection_done, t);
        else if (row) {
            char one[1][DEVICE_ID_MAX];
            snprintf(one[0], sizeof one[0], "%s", row->cells[C_ID]);
            scr_alloc_open((const char (*)[DEVICE_ID_MAX])one, 1, AK_DONATION, NULL, NULL);
        }
        else screen_flash(CLR_WARN, "%s", _("No device to allocate: scan some, or search."));
        return TUI_REDRAW;
    case REQ_SELECT:
        if (t->selecting && t->nsel == 0) t->selecting = 0;
        else if (t->selecting) { t->nsel = 0; t->selecting = 0; screen_flash(CLR_WARN, "%s", _("Selection emptied.")); }
        else t->selecting = 1;
        list_reload(&t->list);
        return TUI_REDRAW;
    case REQ_TOGGLE:
        if (row) {
            t->selecting = 1;
            select_id(t, row->cells[C_ID], 1);
            list_reload(&t->list);
        }
        return TUI_REDRAW;
    case REQ_CATEGORY: t->category = t->category + 1 < CATEGORY_COUNT ? t->category + 1 : -1; break;
    case REQ_GRADE: t->grade = t->grade + 1 < VOCAB_COSMETIC.count ? t->grade + 1 : -1; break;
    case REQ_VIEW:
        t->reserved = !t->reserved;
        set_columns(t);
        break;
    case REQ_CLEAR:
        t->category = t->grade = -1;
        form_set_text(&t->form, 0, "");
        break;
    }
    requery(t);
    return TUI_REDRAW;
}

const Action scr_stock_actions[] = {
    { REQ_OPEN,     { K_ENTER },             N_("Open"),     N_("Open the selected device"), stock_run },
    { REQ_ALLOCATE, { K_F(6), K_CTRL('a') }, N_("Allocate"), N_("Reserve or allocate the selection, or the device under the cursor"), stock_run },
    { REQ_SELECT,   { K_F(7), K_CTRL('b') }, N_("Select"),   N_("Start a selection: every device scanned joins it (again: empty it)"), stock_run },
    { REQ_VIEW,     { K_F(5), K_CTRL('r') }, N_("Reserved"), N_("The reserved devices, for whom and until when (again: the ready ones)"), stock_run },
    { REQ_REGION,   { K_F(8), K_CTRL('o') }, N_("Region"),   N_("The devices the other workshops of the region have ready"), stock_run },
    { REQ_GRADE,    { K_F(2), K_CTRL('g') }, N_("Grade"),    N_("Filter by the next cosmetic grade"), stock_run },
    { REQ_CATEGORY, { K_F(3), K_CTRL('k') }, N_("Category"), N_("Filter by the next category"), stock_run },
    { REQ_CLEAR,    { K_F(4), K_CTRL('x') }, N_("Clear"),    N_("Clear the search and filters"), stock_run },
    { REQ_TOGGLE,   { K_F(9), K_CTRL('t') }, NULL,           N_("Add the device under the cursor to the selection, or take it out"), stock_run },
    { 0 }
};

void scr_stock_open(void)
{
    static const Screen tmpl = {
        .name = "stock", .title = N_("Stock"), .actions = scr_stock_actions,
        .enter = stock_enter, .leave = stock_leave, .draw = stock_draw, .handle = stock_handle, .on_scan = stock_scan,
    };
    Stock *t = calloc(1, sizeof *t);
    if (t) t->sel = calloc(STOCK_SELECTION_MAX, sizeof *t->sel);
    if (!t || !t->sel) { free(t); screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    t->category = t->grade = -1;
    t->field = (FormField){ .kind = FIELD_TEXT, .label = N_("Search"), .width = 40 };
    form_init(&t->form, &t->field, 1, NULL);
    form_text(&t->form, 0, t->search, sizeof t->search);
    memcpy(t->cols, stock_cols, sizeof t->cols);
    if (list_init(&t->list, t->cols, C_N, stock_fetch, t, LINES > 12 ? LINES - 10 : 2) < 0) {
        free(t->sel);
        free(t);
        return;
    }
    set_columns(t);
    t->list.empty = _("No device matches.");
    if (screen_push(&tmpl, t) < 0) stock_leave(&(Screen){ .state = t });
}
