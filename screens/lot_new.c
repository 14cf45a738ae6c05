/*
 * lot_new.c — create a lot: donor, date, reference, expected count. On
 * Enter the lot is created and its intake opens at once: the pallet is on
 * the dock.
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "core/stock/lot.h"
#include "core/stock/party.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { F_DONOR, F_DATE, F_REF, F_EXPECTED, F_KIND, F_N };

/* The kind of a donor this lot makes known (a donor already known keeps
 * its own): choice i is party kind KIND_OF[i]. */
static const char *const KINDS[] = { N_("business"), N_("public body"), N_("association"), N_("person"), NULL };
static const int KIND_OF[] = { PARTY_BUSINESS, PARTY_PUBLIC, PARTY_ASSOCIATION, PARTY_PERSON };

typedef struct LotNew {
    FormField fields[F_N];
    Form form;
} LotNew;

static const char *check_date(const char *v, void *ctx)
{
    struct tm tm;
    (void)ctx;
    if (!v[0]) return NULL;
    memset(&tm, 0, sizeof tm);
    const char *end = strptime(v, "%Y-%m-%d", &tm);
    if (!end || *end || strlen(v) != 10) return _("A date like 2025-03-31.");
    return NULL;
}

static void lot_new_draw(Screen *s, WINDOW *w, int full)
{
    LotNew *l = s->state;
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    draw_text(w, 1, 2, _("New lot: one delivery from a donor"), getmaxx(w) - 4, 0);
    wattrset(w, A_NORMAL);
    form_draw(&l->form, w, 3, 2);
    wattrset(w, term_attr(CLR_DIM));
    draw_wrap(w, 3 + 2 * F_N, 2, getmaxx(w) - 4, 2,
              _("A donor already known keeps its kind; a new one takes the kind chosen (a public body's devices "
                "are sold at no more than the solidarity price)."));
    draw_text(w, 6 + 2 * F_N, 2, _("Enter creates the lot and opens its intake."), getmaxx(w) - 4, 0);
    wattrset(w, A_NORMAL);
}

/* Creates the lot and opens its intake. */
static int lot_new_save(LotNew *l)
{
    char donor[512], date[32], ref[512], id[LOT_ID_MAX];
    Err e = { 0 };
    form_text(&l->form, F_DONOR, donor, sizeof donor);
    form_text(&l->form, F_DATE, date, sizeof date);
    form_text(&l->form, F_REF, ref, sizeof ref);
    int expected = l->fields[F_EXPECTED].len ? (int)form_number(&l->form, F_EXPECTED) : -1;
    int kind = KIND_OF[l->fields[F_KIND].choice];
    if (lot_add_as(app_ctx(), donor, kind, ref, expected, date[0] ? date : NULL, id, &e) < 0) {
        screen_flash(CLR_ERROR, "%s", e.msg);
        return TUI_REDRAW;
    }
    screen_pop();
    scr_intake_open(id);
    screen_flash(CLR_OK, _("Lot %s created."), id);
    return TUI_REDRAW;
}

static int lot_new_handle(Screen *s, Key k)
{
    LotNew *l = s->state;
    int r = form_handle(&l->form, k);
    if (r & FORM_SUBMIT) return lot_new_save(l);
    return r ? TUI_REDRAW : TUI_UNHANDLED;
}

enum { REQ_SAVE = REQ_SCREEN };

static int lot_new_run(Screen *s, int req)
{
    LotNew *l = s->state;
    (void)req;
    return form_submit(&l->form) & FORM_SUBMIT ? lot_new_save(l) : TUI_REDRAW;
}

static void lot_new_leave(Screen *s) { free(s->state); }

const Action scr_lot_new_actions[] = {
    { REQ_SAVE, { K_ENTER, K_F(2) }, N_("Create"), N_("Create the lot and open its intake"), lot_new_run },
    { 0 }
};

void scr_lot_new_open(void)
{
    static const Screen tmpl = {
        .name = "lot_new", .title = N_("New lot"), .actions = scr_lot_new_actions,
        .leave = lot_new_leave, .draw = lot_new_draw, .handle = lot_new_handle,
    };
    char today[16];
    time_t t = time(NULL);
    struct tm tm;
    strftime(today, sizeof today, "%Y-%m-%d", localtime_r(&t, &tm));
    LotNew *l = calloc(1, sizeof *l);
    if (!l) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    l->fields[F_DONOR] = (FormField){ .kind = FIELD_TEXT, .label = N_("Donor"), .width = 40, .required = 1 };
    l->fields[F_KIND] = (FormField){ .kind = FIELD_CHOICE, .label = N_("Kind, if new"), .width = 22, .choices = KINDS };
    l->fields[F_DATE] = (FormField){ .kind = FIELD_TEXT, .label = N_("Date"), .width = 12, .validate = check_date };
    l->fields[F_REF] = (FormField){ .kind = FIELD_TEXT, .label = N_("Reference"), .width = 30 };
    l->fields[F_EXPECTED] = (FormField){ .kind = FIELD_NUMBER, .label = N_("Expected devices"),
                                         .width = 8, .min = 0, .max = 1000000 };
    form_init(&l->form, l->fields, F_N, NULL);
    form_set_text(&l->form, F_DATE, today);
    if (screen_push(&tmpl, l) < 0) free(l);
}
