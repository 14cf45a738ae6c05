/*
 * devices.c — the device list: search as you type (asset id, serial, donor
 * tag, make, model), filters by state, category and lot, keyset paging
 * through core's device_page() (newest first), Enter opens the detail.
 *
 * Every printable key goes to the search field; the list moves with
 * Up/Down/PgUp/PgDn/Home/End; filters are on function keys, each with a
 * Ctrl key for the consoles that do not send F5–F10 (a letter would go to
 * the search): F2/^T state and F3/^K category cycle, F5/^L picks the lot
 * from the lots list (a list opened from a lot starts filtered on it),
 * F4/^X clears them all.
 *
 * The list is this workshop's stock: the devices it owns (a pull brings
 * the whole region's, which are the regional view's, screens/region.c).
 * One exception, so that a label or a serial in hand is never « unknown »:
 * the device whose asset id, serial or donor tag is exactly what was typed
 * or scanned is listed whoever owns it, its workshop named, and opens
 * read-only.
 * State: the search field, the filters, the list (one page), that device.
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "core/stock/device.h"
#include "core/grading/grading.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/list.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REQ_OPEN = REQ_SCREEN, REQ_STATE, REQ_CATEGORY, REQ_CLEAR, REQ_LOT };

typedef struct Devices {
    FormField field;
    Form form;
    char search[FORM_TEXT_MAX * 4 + 1];
    int state;                  /* -1 = all */
    int category;               /* -1 = all */
    char lot[LOT_ID_MAX];       /* "" = all */
    char also[DEVICE_ID_MAX];   /* another workshop's device the search names exactly */
    ListCol cols[6];            /* dev_cols, the claim's as wide as its words */
    List list;
} Devices;

static int devices_fetch(void *ctx, const ListKey *anchor, ListDir dir, int n, ListRow *out, Err *e)
{
    Devices *d = ctx;
    DeviceQuery q = {
        .search = d->search, .state = d->state >= 0 ? state_key(d->state) : NULL,
        .category = d->category >= 0 ? category_key(d->category) : NULL, .lot = d->lot,
        .owner = app_ctx()->workshop, .also = d->also,
    };
    /* The list is newest first (n descending): "after" is older. */
    int64_t a;
    int way;
    if (dir == LIST_BEFORE) { way = -1; a = anchor ? anchor->i : 0; }
    else { way = 1; a = anchor ? anchor->i + (dir == LIST_FROM) : INT64_MAX; }
    DeviceRow *rows = malloc(sizeof *rows * (size_t)n);
    if (!rows) return err_set(e, ERR_INTERNAL, "%s", _("Out of memory."));
    int k = device_page(app_ctx(), &q, a, way, n, rows, e);
    for (int i = 0; i < k; i++) {
        /* device_page gives newer rows newest first: the list wants nearest first */
        const DeviceRow *r = way < 0 ? &rows[k - 1 - i] : &rows[i];
        ListRow *o = &out[i];
        o->key.i = r->n;
        snprintf(o->cells[0], LIST_CELL_MAX, "%s", r->d.id);
        snprintf(o->cells[1], LIST_CELL_MAX, "%s", r->d.serial);
        snprintf(o->cells[2], LIST_CELL_MAX, "%s", state_label(r->d.state));
        snprintf(o->cells[3], LIST_CELL_MAX, "%s", category_label(r->d.category));
        if (strcmp(r->d.workshop, app_ctx()->workshop) != 0) {
            /* TRANSLATORS: the workshop that owns the device, its make and model */
            snprintf(o->cells[5], LIST_CELL_MAX, _("workshop %s · %s %s"), r->d.workshop, r->d.make, r->d.model);
            o->color = CLR_DIM;
        } else {
            snprintf(o->cells[5], LIST_CELL_MAX, "%s %s", r->d.make, r->d.model);
        }
        Claim cl;   /* only a graded device can be « reconditionné »: ungraded ones cost nothing */
        if (r->d.grade[0] && device_claim(app_ctx(), &r->d, &cl, NULL) == 0)
            snprintf(o->cells[4], LIST_CELL_MAX, "%s", cl.reconditionne ? _("refurb.") : _("used"));
    }
    free(rows);
    return k;
}

static const ListCol dev_cols[] = {
    { N_("Asset id"), 12 }, { N_("Serial"), 16 }, { N_("State"), 11 }, { N_("Category"), 10 },
    { N_("Claim"), 8 }, { N_("Make and model"), 0 },
};

/* The width in cells of the widest of a column's title, the words of v
 * (when not NULL) and the words a and b (when not NULL). */
static int words_width(const Vocab *v, const char *title, const char *a, const char *b)
{
    int w = utf8_width(_(title));
    for (int i = 0; v && i < v->count; i++)
        if (utf8_width(vocab_label(v, i)) > w) w = utf8_width(vocab_label(v, i));
    if (a && utf8_width(a) > w) w = utf8_width(a);
    if (b && utf8_width(b) > w) w = utf8_width(b);
    return w;
}

static void devices_enter(Screen *s)
{
    Devices *d = s->state;
    list_reload(&d->list);
}

static void devices_leave(Screen *s)
{
    Devices *d = s->state;
    list_free(&d->list);
    free(d);
}

static void devices_draw(Screen *s, WINDOW *w, int full)
{
    Devices *d = s->state;
    int cols = getmaxx(w);
    char buf[256];
    if (full) werase(w);
    form_draw(&d->form, w, 0, 1);
    snprintf(buf, sizeof buf, _("State: %s   Category: %s   Lot: %s"),
             d->state >= 0 ? state_label(d->state) : _("all"),
             d->category >= 0 ? category_label(d->category) : _("all"),
             d->lot[0] ? d->lot : _("all"));
    wattrset(w, term_attr(CLR_DIM));
    draw_text(w, 1, 2, buf, cols - 3, 1);
    wattrset(w, A_NORMAL);
    list_draw(&d->list, w, 2, getmaxy(w) - 2, full);
}

/* The search text, and the device it names exactly (any owner). */
static void search_read(Devices *d)
{
    Device f;
    form_text(&d->form, 0, d->search, sizeof d->search);
    d->also[0] = '\0';
    if (d->search[0] && device_find(app_ctx(), d->search, &f, NULL) == 1)
        snprintf(d->also, sizeof d->also, "%s", f.id);
}

static void requery(Devices *d)
{
    search_read(d);
    list_home(&d->list);
}

static int devices_handle(Screen *s, Key k)
{
    Devices *d = s->state;
    int r = list_key(&d->list, k);
    if (r) return r;
    if (k == K_TAB || k == K_BTAB || k == K_ENTER) return TUI_UNHANDLED;
    r = form_handle(&d->form, k);
    if (r) {
        char now[sizeof d->search];
        form_text(&d->form, 0, now, sizeof now);
        if (strcmp(now, d->search) != 0) requery(d);
    }
    return r;
}

/* The lot picked in the lots list (scr_lot_pick_open). */
static void on_lot(void *ctx, const char *lot)
{
    Devices *d = ctx;
    snprintf(d->lot, sizeof d->lot, "%s", lot);
    requery(d);
}

static int devices_run(Screen *s, int req)
{
    Devices *d = s->state;
    switch (req) {
    case REQ_OPEN: {
        const ListRow *r = list_current(&d->list);
        if (!r) return TUI_HANDLED;
        scr_device_open(r->cells[0]);
        return TUI_REDRAW;
    }
    case REQ_STATE: d->state = d->state + 1 < ST__COUNT ? d->state + 1 : -1; break;
    case REQ_CATEGORY: d->category = d->category + 1 < CATEGORY_COUNT ? d->category + 1 : -1; break;
    case REQ_LOT: scr_lot_pick_open(on_lot, d); return TUI_REDRAW;
    case REQ_CLEAR:
        d->state = d->category = -1;
        d->lot[0] = '\0';
        form_set_text(&d->form, 0, "");
        break;
    }
    requery(d);
    return TUI_REDRAW;
}

const Action scr_devices_actions[] = {
    { REQ_OPEN,     { K_ENTER },              N_("Open"),     N_("Open the selected device"),        devices_run },
    { REQ_STATE,    { K_F(2), K_CTRL('t') },  N_("State"),    N_("Filter by the next state"),        devices_run },
    { REQ_CATEGORY, { K_F(3), K_CTRL('k') },  N_("Category"), N_("Filter by the next category"),     devices_run },
    { REQ_CLEAR,    { K_F(4), K_CTRL('x') },  N_("Clear"),    N_("Clear the search and filters"),    devices_run },
    { REQ_LOT,      { K_F(5), K_CTRL('l') },  N_("Lot"),      N_("Filter by a lot picked from the lots"), devices_run },
    { 0 }
};

void scr_devices_open(const char *search, const char *lot)
{
    static const Screen tmpl = {
        .name = "devices", .title = N_("Devices"), .actions = scr_devices_actions,
        .enter = devices_enter, .leave = devices_leave, .draw = devices_draw, .handle = devices_handle,
    };
    Devices *d = calloc(1, sizeof *d);
    if (!d) return;
    d->state = d->category = -1;
    snprintf(d->lot, sizeof d->lot, "%s", lot ? lot : "");
    d->field = (FormField){ .kind = FIELD_TEXT, .label = N_("Search"), .width = 40 };
    form_init(&d->form, &d->field, 1, NULL);
    if (search) form_set_text(&d->form, 0, search);
    search_read(d);
    /* State, category and claim are as wide as their longest word in this
     * language (« réemployé », "in progress", « d'occasion »), never cut;
     * make and model take what is left */
    memcpy(d->cols, dev_cols, sizeof d->cols);
    d->cols[2].width = words_width(&VOCAB_STATE, dev_cols[2].title, NULL, NULL);
    d->cols[3].width = words_width(&VOCAB_CATEGORY, dev_cols[3].title, NULL, NULL);
    d->cols[4].width = words_width(NULL, dev_cols[4].title, _("refurb."), _("used"));
    if (list_init(&d->list, d->cols, 6, devices_fetch, d, LINES > 10 ? LINES - 8 : 2) < 0) { free(d); return; }
    d->list.empty = _("No device matches.");
    if (screen_push(&tmpl, d) < 0) devices_leave(&(Screen){ .state = d });
}
