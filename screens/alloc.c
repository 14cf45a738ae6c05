/*
 * alloc.c — giving devices away from the screens (core/alloc/alloc.h):
 * the allocation form (one device, or the selection scanned on the stock
 * screen), the recycling form, and the one-key steps of the device screen
 * (next step of an allocation, cancel, a loan's return, parts), each asked
 * first in a dialog.
 *
 * The form: the party's code (its name and kind are shown under it as it
 * is typed), the kind (reservation, donation, sale, loan), the price (a
 * sale), the date (a reservation's expiry, a loan's return), the status an
 * allocation starts in. A refusal is shown in the form, in full, and
 * nothing is written; the devices stay as they were (all, or none).
 * State: the device ids, the fields, the last refusal.
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "core/alloc/alloc.h"
#include "core/stock/device.h"
#include "tui/dialog.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { A_PARTY, A_KIND, A_PRICE, A_UNTIL, A_STATUS, A_N };

typedef struct AllocForm {
    char (*ids)[DEVICE_ID_MAX];
    int n;
    void (*done)(void *ctx);        /* after a success (the stock screen empties its selection) */
    void *ctx;
    const char *statuses[4];        /* interested, confirmed, delivered */
    FormField fields[A_N];
    Form form;
    char err[1024];
} AllocForm;

static void alloc_form_draw(Screen *s, WINDOW *w, int full)
{
    AllocForm *f = s->state;
    int cols = getmaxx(w);
    char buf[512], code[FORM_TEXT_MAX * 4 + 1];
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    if (f->n == 1) snprintf(buf, sizeof buf, _("Reserve or allocate %s"), f->ids[0]);
    else snprintf(buf, sizeof buf, ngettext("Reserve or allocate %d device together", "Reserve or allocate %d devices together",
                                            (unsigned long)f->n), f->n);
    draw_text(w, 0, 2, buf, cols - 4, 1);
    wattrset(w, term_attr(CLR_DIM));
    buf[0] = '\0';
    for (int i = 0; i < f->n && strlen(buf) + DEVICE_ID_MAX + 2 < sizeof buf; i++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? " " : "", f->ids[i]);
    if (f->n > 1) draw_wrap(w, 1, 2, cols - 4, 1, buf);
    wattrset(w, A_NORMAL);
    form_draw(&f->form, w, 2, 2);
    /* whom the code names, as it is typed */
    Party p;
    form_text(&f->form, A_PARTY, code, sizeof code);
    int y = 2 + 2 * A_N;
    if (code[0] && party_code_like(code) && party_get(app_ctx(), code, &p, NULL) == 1) {
        snprintf(buf, sizeof buf, "%s%s%s (%s)", p.code, p.name[0] ? " — " : "", p.name, party_kind_label(p.kind));
        wattrset(w, term_attr(CLR_OK));
    } else {
        snprintf(buf, sizeof buf, _("A party's code, e.g. %s-P0001."), app_ctx()->workshop);
        wattrset(w, term_attr(CLR_DIM));
    }
    draw_text(w, y++, 2, buf, cols - 4, 0);
    if (f->err[0]) {
        wattrset(w, term_attr(CLR_ERROR));
        draw_wrap(w, y, 2, cols - 4, getmaxy(w) - y, f->err);
    } else {
        wattrset(w, term_attr(CLR_DIM));
        draw_wrap(w, y, 2, cols - 4, getmaxy(w) - y,
                  _("Left/Right choose the kind and the status. A sale needs its price; a loan the date it comes "
                    "back; a reservation without a date holds 14 days."));
    }
    wattrset(w, A_NORMAL);
}

static int alloc_form_save(Screen *s)
{
    AllocForm *f = s->state;
    char party[FORM_TEXT_MAX * 4 + 1], price[64], until[64];
    Err e = { 0 };
    form_text(&f->form, A_PARTY, party, sizeof party);
    form_text(&f->form, A_PRICE, price, sizeof price);
    form_text(&f->form, A_UNTIL, until, sizeof until);
    AllocRequest r = { .kind = (AllocKindId)f->fields[A_KIND].choice, .party = party,
                       .status = (AllocStatusId)f->fields[A_STATUS].choice, .price_cents = -1,
                       .until = until[0] ? until : NULL };
    f->err[0] = '\0';
    if (price[0] && alloc_price_parse(price, &r.price_cents, &e) < 0) {
        snprintf(f->err, sizeof f->err, "%s", e.msg);
        return TUI_REDRAW;
    }
    const char **ids = malloc(sizeof *ids * (size_t)f->n);
    if (!ids) return TUI_REDRAW;
    for (int i = 0; i < f->n; i++) ids[i] = f->ids[i];
    int rc = alloc_devices(app_ctx(), ids, (size_t)f->n, &r, NULL, &e);
    free(ids);
    if (rc < 0) {
        snprintf(f->err, sizeof f->err, "%s", e.msg);
        return TUI_REDRAW;
    }
    int n = f->n;
    void (*done)(void *) = f->done;
    void *ctx = f->ctx;
    screen_pop();   /* frees f */
    if (done) done(ctx);
    if (r.kind == AK_RESERVATION)
        screen_flash(CLR_OK, ngettext("%d device reserved for %s.", "%d devices reserved for %s.", (unsigned long)n), n, party);
    else
        screen_flash(CLR_OK, ngettext("%d device allocated to %s.", "%d devices allocated to %s.", (unsigned long)n), n, party);
    return TUI_REDRAW;
}

static int alloc_form_handle(Screen *s, Key k)
{
    AllocForm *f = s->state;
    int r = form_handle(&f->form, k);
    if (r & FORM_SUBMIT) return alloc_form_save(s);
    return r ? TUI_REDRAW : TUI_UNHANDLED;
}

enum { REQ_SAVE = REQ_SCREEN };

static int alloc_form_run(Screen *s, int req)
{
    AllocForm *f = s->state;
    (void)req;
    return form_submit(&f->form) & FORM_SUBMIT ? alloc_form_save(s) : TUI_REDRAW;
}

static void alloc_form_leave(Screen *s)
{
    AllocForm *f = s->state;
    free(f->ids);
    free(f);
}

const Action scr_alloc_actions[] = {
    { REQ_SAVE, { K_ENTER, K_F(2) }, N_("Save"), N_("Reserve or allocate the devices as the form says (all, or none)"), alloc_form_run },
    { 0 }
};

void scr_alloc_open(const char (*ids)[DEVICE_ID_MAX], int n, int kind, void (*done)(void *ctx), void *ctx)
{
    static const Screen tmpl = {
        .name = "alloc", .title = N_("Allocate"), .actions = scr_alloc_actions,
        .leave = alloc_form_leave, .draw = alloc_form_draw, .handle = alloc_form_handle,
    };
    if (n <= 0) return;
    AllocForm *f = calloc(1, sizeof *f);
    if (f) f->ids = calloc((size_t)n, sizeof *f->ids);
    if (!f || !f->ids) {
        if (f) free(f);
        screen_flash(CLR_ERROR, "%s", _("Out of memory."));
        return;
    }
    memcpy(f->ids, ids, (size_t)n * sizeof *ids);
    f->n = n;
    f->done = done;
    f->ctx = ctx;
    const char *const *st = vocab_msgids(&VOCAB_ALLOC_STATUS);
    for (int i = 0; i < 3; i++) f->statuses[i] = st[i];   /* interested, confirmed, delivered */
    f->fields[A_PARTY] = (FormField){ .kind = FIELD_TEXT, .label = N_("Party"), .width = 24, .required = 1 };
    f->fields[A_KIND] = (FormField){ .kind = FIELD_CHOICE, .label = N_("As"), .width = 24,
                                     .choices = vocab_msgids(&VOCAB_ALLOC_KIND) };
    f->fields[A_PRICE] = (FormField){ .kind = FIELD_TEXT, .label = N_("Price (€)"), .width = 12 };
    f->fields[A_UNTIL] = (FormField){ .kind = FIELD_TEXT, .label = N_("Until (YYYY-MM-DD)"), .width = 12 };
    f->fields[A_STATUS] = (FormField){ .kind = FIELD_CHOICE, .label = N_("Status"), .width = 24, .choices = f->statuses };
    form_init(&f->form, f->fields, A_N, NULL);
    f->fields[A_KIND].choice = kind >= 0 && kind < AK__COUNT ? kind : AK_DONATION;
    f->fields[A_STATUS].choice = AS_DELIVERED;
    if (screen_push(&tmpl, f) < 0) alloc_form_leave(&(Screen){ .state = f });
}

/* ---- recycling ----------------------------------------------------------- */

enum { R_CHANNEL, R_WEIGHT, R_N };

typedef struct RecycleForm {
    char id[DEVICE_ID_MAX];
    FormField fields[R_N];
    Form form;
    char err[1024];
} RecycleForm;

static void recycle_draw(Screen *s, WINDOW *w, int full)
{
    RecycleForm *f = s->state;
    char buf[256];
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    snprintf(buf, sizeof buf, _("Send %s to recycling"), f->id);
    draw_text(w, 0, 2, buf, getmaxx(w) - 4, 1);
    wattrset(w, A_NORMAL);
    form_draw(&f->form, w, 2, 2);
    wattrset(w, term_attr(f->err[0] ? CLR_ERROR : CLR_DIM));
    draw_wrap(w, 2 + 2 * R_N, 2, getmaxx(w) - 4, 4, f->err[0] ? f->err :
              _("The channel: the eco-organism or the collector it goes to (Ecosystem, Ecologic…). The weight in "
                "kilograms, when weighed."));
    wattrset(w, A_NORMAL);
}

static int recycle_save(Screen *s)
{
    RecycleForm *f = s->state;
    char channel[FORM_TEXT_MAX * 4 + 1], weight[64], id[DEVICE_ID_MAX];
    long long g = -1;
    Err e = { 0 };
    form_text(&f->form, R_CHANNEL, channel, sizeof channel);
    form_text(&f->form, R_WEIGHT, weight, sizeof weight);
    if ((weight[0] && alloc_weight_parse(weight, &g, &e) < 0) || alloc_recycle(app_ctx(), f->id, channel, g, &e) < 0) {
        snprintf(f->err, sizeof f->err, "%s", e.msg);
        return TUI_REDRAW;
    }
    snprintf(id, sizeof id, "%s", f->id);
    screen_pop();
    screen_flash(CLR_OK, _("%s sent to recycling."), id);
    return TUI_REDRAW;
}

static int recycle_handle(Screen *s, Key k)
{
    RecycleForm *f = s->state;
    int r = form_handle(&f->form, k);
    if (r & FORM_SUBMIT) return recycle_save(s);
    return r ? TUI_REDRAW : TUI_UNHANDLED;
}

static int recycle_run(Screen *s, int req)
{
    RecycleForm *f = s->state;
    (void)req;
    return form_submit(&f->form) & FORM_SUBMIT ? recycle_save(s) : TUI_REDRAW;
}

static void recycle_leave(Screen *s) { free(s->state); }

const Action scr_recycle_actions[] = {
    { REQ_SAVE, { K_ENTER, K_F(2) }, N_("Save"), N_("Record that the device goes to recycling"), recycle_run },
    { 0 }
};

void scr_recycle_open(const char *id)
{
    static const Screen tmpl = {
        .name = "recycle", .title = N_("Recycling"), .actions = scr_recycle_actions,
        .leave = recycle_leave, .draw = recycle_draw, .handle = recycle_handle,
    };
    RecycleForm *f = calloc(1, sizeof *f);
    if (!f) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    snprintf(f->id, sizeof f->id, "%s", id);
    f->fields[R_CHANNEL] = (FormField){ .kind = FIELD_TEXT, .label = N_("Channel"), .width = 40, .required = 1 };
    f->fields[R_WEIGHT] = (FormField){ .kind = FIELD_TEXT, .label = N_("Weight (kg)"), .width = 10 };
    form_init(&f->form, f->fields, R_N, NULL);
    if (screen_push(&tmpl, f) < 0) free(f);
}

/* ---- one-key steps, asked first ------------------------------------------ */

typedef struct Step {
    char id[DEVICE_ID_MAX];
    int what;
} Step;

static void step_answer(void *ctx, int yes)
{
    Step *st = ctx;
    Err e = { 0 };
    int r = 0;
    if (yes) {
        switch (st->what) {
        case ALLOC_STEP_CONFIRM: r = alloc_advance(app_ctx(), st->id, AS_CONFIRMED, NULL, &e); break;
        case ALLOC_STEP_DELIVER: r = alloc_advance(app_ctx(), st->id, AS_DELIVERED, NULL, &e); break;
        case ALLOC_STEP_CANCEL: r = alloc_advance(app_ctx(), st->id, AS_CANCELLED, NULL, &e); break;
        case ALLOC_STEP_RETURN: r = alloc_return(app_ctx(), st->id, &e); break;
        case ALLOC_STEP_PARTS: r = alloc_parts(app_ctx(), st->id, NULL, &e); break;
        }
        if (r < 0) dialog_message(CLR_ERROR, C_("dialog", "Refused"), e.msg);
        else {
            Screen *top = screen_top();   /* uncovered before the change: read it again */
            if (top && top->enter) top->enter(top);
            screen_flash(CLR_OK, "%s", _("Recorded."));
        }
    }
    free(st);
}

void scr_alloc_step(const char *id, int what)
{
    Allocation a;
    Err e = { 0 };
    char q[512], words[256] = "";
    int f = alloc_current(app_ctx(), id, &a, &e);
    if (f < 0) { screen_flash(CLR_ERROR, "%s", e.msg); return; }
    if (what == ALLOC_STEP_NEXT) {   /* interested → confirmed → delivered */
        if (!f || (a.status != AS_INTERESTED && a.status != AS_CONFIRMED) || a.kind == AK_RESERVATION) {
            /* nothing to move on: the refusal says why, in the core's words */
            int r = alloc_advance(app_ctx(), id, AS_DELIVERED, NULL, &e);
            if (r < 0) dialog_message(CLR_ERROR, C_("dialog", "Refused"), e.msg);
            return;
        }
        what = a.status == AS_INTERESTED ? ALLOC_STEP_CONFIRM : ALLOC_STEP_DELIVER;
    }
    /* nothing to cancel or to return: the core refuses it in its words, and writes nothing */
    int open = f && (a.status == AS_INTERESTED || a.status == AS_CONFIRMED);
    if ((what == ALLOC_STEP_CANCEL && !open) || (what == ALLOC_STEP_RETURN && !(f && a.kind == AK_LOAN && a.status == AS_DELIVERED))) {
        int r = what == ALLOC_STEP_CANCEL ? alloc_advance(app_ctx(), id, AS_CANCELLED, NULL, &e) : alloc_return(app_ctx(), id, &e);
        if (r < 0) dialog_message(CLR_ERROR, C_("dialog", "Refused"), e.msg);
        return;
    }
    if (what == ALLOC_STEP_PARTS && alloc_may_dispose(app_ctx(), id, ST_PARTS, &e) < 0) {
        dialog_message(CLR_ERROR, C_("dialog", "Refused"), e.msg);   /* refused before asking */
        return;
    }
    if (f && a.status != AS_CANCELLED) alloc_describe(&a, NULL, words, sizeof words);
    switch (what) {
    case ALLOC_STEP_CONFIRM: snprintf(q, sizeof q, _("%s: %s. Mark it confirmed?"), id, words); break;
    case ALLOC_STEP_DELIVER: snprintf(q, sizeof q, _("%s: %s. Mark it delivered (it leaves the workshop)?"), id, words); break;
    case ALLOC_STEP_CANCEL: snprintf(q, sizeof q, _("%s: %s. Cancel it (the device is ready again)?"), id, words[0] ? words : "—"); break;
    case ALLOC_STEP_RETURN: snprintf(q, sizeof q, _("%s: %s. Has it come back?"), id, words[0] ? words : "—"); break;
    default: snprintf(q, sizeof q, _("Harvest %s for parts?"), id); break;
    }
    Step *st = calloc(1, sizeof *st);
    if (!st) return;
    snprintf(st->id, sizeof st->id, "%s", id);
    st->what = what;
    /* parts cannot be undone: only the yes key answers */
    if ((what == ALLOC_STEP_PARTS ? dialog_confirm_danger : dialog_confirm)(_("Confirm"), q, step_answer, st) < 0) free(st);
}
