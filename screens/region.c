/*
 * region.c — « Région »: the devices the other workshops of the region
 * have ready, for a technician looking for a machine (a laptop with 8 GB,
 * grade A) that another workshop has on its shelf. Search as you type, as
 * in the device list (asset id, serial, donor tag, make, model), filters by
 * category and cosmetic grade, newest first in keyset pages
 * (core/stock/region.h). Each row shows the workshop that owns the device,
 * its grade, RAM, storage (the size recorded, else its disks' sizes added)
 * and CPU (core/stock/specs.h) and its age: the
 * days since it was made ready (since it was received when no change to
 * ready is known). Read-only, from the local database: what the last pull
 * brought, offline too. Enter opens the device, read-only (screens/device.c).
 * State: the search field, the filters, the list (one page).
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "core/stock/region.h"
#include "core/stock/specs.h"
#include "core/wipe/media.h"
#include "core/vocab/vocab.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/list.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include "util/units.h"
#include "util/utf8.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REQ_OPEN = REQ_SCREEN, REQ_CATEGORY, REQ_GRADE, REQ_CLEAR, REQ_OPENDATA };
enum { C_WS, C_ID, C_CAT, C_GRADE, C_RAM, C_DISK, C_AGE, C_WHAT, C_N };

typedef struct Region {
    FormField field;
    Form form;
    char search[FORM_TEXT_MAX * 4 + 1];
    int category;               /* -1 = all */
    int grade;                  /* -1 = all */
    int64_t total;              /* ready devices of the other workshops */
    ListCol cols[C_N];
    List list;
} Region;

static const ListCol region_cols[C_N] = {
    { N_("Workshop"), 8 }, { N_("Asset id"), 11 }, { N_("Category"), 9 }, { N_("Grade"), 5 },
    { N_("Memory"), 6 }, { N_("Disk"), 6 }, { N_("Age"), 6 }, { N_("Make, model, CPU"), 0 },
};

void scr_fit_columns(ListCol *cols, int nfixed, int cat_col)
{
    for (int i = 0; i < nfixed; i++)
        if (utf8_width(_(cols[i].title)) > cols[i].width) cols[i].width = utf8_width(_(cols[i].title));
    for (int i = 0; i < CATEGORY_COUNT; i++)
        if (utf8_width(category_label(i)) > cols[cat_col].width) cols[cat_col].width = utf8_width(category_label(i));
}

void scr_spec_cells(Ctx *c, const Device *d, char *ram, char *disk, char *what, size_t size)
{
    DeviceSpecs sp;
    if (specs_get(c, d->id, &sp, NULL) < 0) memset(&sp, 0, sizeof sp);
    if (sp.ram_mb) units_ram_mb(sp.ram_mb, ram, size);
    if (!sp.storage_gb) {   /* no size recorded: the disks recorded one by one */
        MediaList ml;
        int64_t bytes = 0;
        if (media_list(c, d->id, &ml, NULL) == 0) {
            for (size_t j = 0; j < ml.n; j++) bytes += ml.items[j].bytes > 0 ? ml.items[j].bytes : 0;
            media_list_free(&ml);
        }
        /* as the device's history writes them: 256060514304 bytes are « 256 Go » */
        if (bytes > 0) units_bytes(bytes, disk, size);
    } else {
        units_storage_gb(sp.storage_gb, disk, size);
    }
    if (sp.cpu[0]) snprintf(what, size, "%s %s · %s", d->make, d->model, sp.cpu);
    else snprintf(what, size, "%s %s", d->make, d->model);
}

static int region_fetch(void *ctx, const ListKey *anchor, ListDir dir, int n, ListRow *out, Err *e)
{
    Region *r = ctx;
    Ctx *c = app_ctx();
    RegionQuery q = {
        .search = r->search, .category = r->category >= 0 ? category_key(r->category) : NULL,
        .grade = r->grade >= 0 ? vocab_key(&VOCAB_COSMETIC, r->grade) : NULL,
    };
    int64_t a;
    int way;
    if (dir == LIST_BEFORE) { way = -1; a = anchor ? anchor->i : 0; }
    else { way = 1; a = anchor ? anchor->i + (dir == LIST_FROM) : INT64_MAX; }
    DeviceRow *rows = malloc(sizeof *rows * (size_t)n);
    if (!rows) return err_set(e, ERR_INTERNAL, "%s", _("Out of memory."));
    int k = region_page(c, &q, a, way, n, rows, e);
    int64_t now = hlc_wall_ms();
    for (int i = 0; i < k; i++) {
        const DeviceRow *d = way < 0 ? &rows[k - 1 - i] : &rows[i];
        ListRow *o = &out[i];
        Hlc since;
        o->key.i = d->n;
        snprintf(o->cells[C_WS], LIST_CELL_MAX, "%s", d->d.workshop);
        snprintf(o->cells[C_ID], LIST_CELL_MAX, "%s", d->d.id);
        snprintf(o->cells[C_CAT], LIST_CELL_MAX, "%s", category_label(d->d.category));
        snprintf(o->cells[C_GRADE], LIST_CELL_MAX, "%s", d->d.grade);
        scr_spec_cells(c, &d->d, o->cells[C_RAM], o->cells[C_DISK], o->cells[C_WHAT], LIST_CELL_MAX);
        if (region_ready_since(c, &d->d, &since, NULL) == 0 && since) {
            long long days = (now - hlc_ms(since)) / 86400000;
            /* TRANSLATORS: an age in days, in a column 5 cells wide: "12 d" */
            snprintf(o->cells[C_AGE], LIST_CELL_MAX, _("%lld d"), days < 0 ? 0 : days);
        }
    }
    free(rows);
    return k;
}

static void requery(Region *r)
{
    form_text(&r->form, 0, r->search, sizeof r->search);
    list_home(&r->list);
}

static void region_enter(Screen *s)
{
    Region *r = s->state;
    r->total = region_ready_count(app_ctx(), NULL);
    list_reload(&r->list);
}

static void region_leave(Screen *s)
{
    Region *r = s->state;
    list_free(&r->list);
    free(r);
}

static void region_draw(Screen *s, WINDOW *w, int full)
{
    Region *r = s->state;
    int cols = getmaxx(w);
    char buf[512];
    if (full) werase(w);
    form_draw(&r->form, w, 0, 1);
    snprintf(buf, sizeof buf, _("Ready in the other workshops: %lld   Category: %s   Grade: %s"),
             (long long)(r->total > 0 ? r->total : 0), r->category >= 0 ? category_label(r->category) : _("all"),
             r->grade >= 0 ? vocab_key(&VOCAB_COSMETIC, r->grade) : _("all"));   /* "A", as in the column */
    wattrset(w, term_attr(CLR_DIM));
    draw_text(w, 1, 2, buf, cols - 3, 1);
    wattrset(w, A_NORMAL);
    list_draw(&r->list, w, 2, getmaxy(w) - 2, full);
}

int scr_search_handle(List *l, Form *f, char *search, size_t size, Key k)
{
    int rc = list_key(l, k);
    if (rc) return rc;
    if (k == K_TAB || k == K_BTAB || k == K_ENTER) return TUI_UNHANDLED;
    rc = form_handle(f, k);
    if (rc) {
        char now[FORM_TEXT_MAX * 4 + 1];
        form_text(f, 0, now, sizeof now);
        if (strcmp(now, search) != 0) {
            snprintf(search, size, "%s", now);
            list_home(l);
        }
    }
    return rc;
}

static int region_handle(Screen *s, Key k)
{
    Region *r = s->state;
    return scr_search_handle(&r->list, &r->form, r->search, sizeof r->search, k);
}

static int region_run(Screen *s, int req)
{
    Region *r = s->state;
    switch (req) {
    case REQ_OPEN: {
        const ListRow *row = list_current(&r->list);
        if (row) scr_device_open(row->cells[C_ID]);
        return TUI_REDRAW;
    }
    case REQ_CATEGORY: r->category = r->category + 1 < CATEGORY_COUNT ? r->category + 1 : -1; break;
    case REQ_GRADE: r->grade = r->grade + 1 < VOCAB_COSMETIC.count ? r->grade + 1 : -1; break;
    case REQ_OPENDATA: scr_opendata_open(1); return TUI_REDRAW;
    case REQ_CLEAR:
        r->category = r->grade = -1;
        form_set_text(&r->form, 0, "");
        break;
    }
    requery(r);
    return TUI_REDRAW;
}

const Action scr_region_actions[] = {
    { REQ_OPEN,     { K_ENTER },             N_("Open"),     N_("Open the selected device (read-only); Age: days since it was made ready"), region_run },
    { REQ_CATEGORY, { K_F(3), K_CTRL('k') }, N_("Category"), N_("Filter by the next category"),         region_run },
    { REQ_GRADE,    { K_F(2), K_CTRL('g') }, N_("Grade"),    N_("Filter by the next cosmetic grade"),   region_run },
    { REQ_CLEAR,    { K_F(4), K_CTRL('x') }, N_("Clear"),    N_("Clear the search and filters"),        region_run },
    { REQ_OPENDATA, { K_F(5), K_CTRL('o') }, N_("Export"),   N_("Open data: write the region's counts by week, workshop, category, grade and state, with the carbon avoided, into a folder"), region_run },
    { 0 }
};

void scr_region_open(void)
{
    static const Screen tmpl = {
        .name = "region", .title = N_("Region"), .actions = scr_region_actions,
        .enter = region_enter, .leave = region_leave, .draw = region_draw, .handle = region_handle,
    };
    Region *r = calloc(1, sizeof *r);
    if (!r) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    r->category = r->grade = -1;
    r->field = (FormField){ .kind = FIELD_TEXT, .label = N_("Search"), .width = 40 };
    form_init(&r->form, &r->field, 1, NULL);
    form_text(&r->form, 0, r->search, sizeof r->search);
    /* every column as wide as its title in this language, the category's
     * as its longest word (« imprimante »): make, model and CPU take the rest */
    memcpy(r->cols, region_cols, sizeof r->cols);
    scr_fit_columns(r->cols, C_WHAT, C_CAT);
    if (list_init(&r->list, r->cols, C_N, region_fetch, r, LINES > 10 ? LINES - 8 : 2) < 0) { free(r); return; }
    r->list.empty = _("No ready device in the other workshops matches (as of the last sync).");
    if (screen_push(&tmpl, r) < 0) region_leave(&(Screen){ .state = r });
}
