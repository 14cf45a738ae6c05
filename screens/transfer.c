/*
 * transfer.c — moving devices between the workshops of the region
 * (core/stock/transfer.h): « Transferts », the open offers made to this
 * workshop (Enter accepts: the device becomes ours; x declines) and those
 * it made (x withdraws), and the offer form opened from a device's screen
 * (the workshop chosen among those known here, a note).
 *
 * Offers are few (a workshop has a handful open at a time): the screen
 * reads them all on enter, at most TRANSFER_ROWS, and draws them itself.
 * State: the offers and the cursor; the form's fields.
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "core/stock/transfer.h"
#include "core/stock/workshop.h"
#include "tui/dialog.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRANSFER_ROWS 500

typedef struct OfferRow {
    Offer o;
    int incoming;
} OfferRow;

typedef struct Transfers {
    OfferRow *rows;
    int n, nin, cur, top;
    char err[1024];
} Transfers;

static int add_offer(void *arg, const Offer *o, int incoming)
{
    Transfers *t = arg;
    if (t->n == TRANSFER_ROWS) return 1;
    t->rows[t->n].o = *o;
    t->rows[t->n++].incoming = incoming;
    return 0;
}
static int add_in(void *arg, const Offer *o) { return add_offer(arg, o, 1); }
static int add_out(void *arg, const Offer *o) { return add_offer(arg, o, 0); }

static void transfers_enter(Screen *s)
{
    Transfers *t = s->state;
    Err e = { 0 };
    t->n = 0;
    t->err[0] = '\0';
    if (transfer_list(app_ctx(), 1, add_in, t, &e) < 0) snprintf(t->err, sizeof t->err, "%s", e.msg);
    t->nin = t->n;
    if (!t->err[0] && transfer_list(app_ctx(), 0, add_out, t, &e) < 0) snprintf(t->err, sizeof t->err, "%s", e.msg);
    if (t->cur >= t->n) t->cur = t->n > 0 ? t->n - 1 : 0;
}

static void transfers_leave(Screen *s)
{
    Transfers *t = s->state;
    free(t->rows);
    free(t);
}

/* One offer on one row: device, the other workshop, what it is, the note. */
static void offer_line(const OfferRow *r, char *out, size_t size)
{
    char dev[DEVICE_ID_MAX + 4], ws[WORKSHOP_CODE_MAX + 8];
    utf8_pad(dev, sizeof dev, r->o.device, 12);
    utf8_pad(ws, sizeof ws, r->incoming ? r->o.from : r->o.to, 8);
    snprintf(out, size, "%s %s %s %s %s%s%s", dev, ws, category_label(r->o.category), r->o.make, r->o.model,
             r->o.note[0] ? " · " : "", r->o.note);
}

static void transfers_draw(Screen *s, WINDOW *w, int full)
{
    Transfers *t = s->state;
    int rows = getmaxy(w), cols = getmaxx(w);
    char buf[1024];
    (void)full;
    werase(w);
    if (t->err[0]) {
        wattrset(w, term_attr(CLR_ERROR));
        draw_wrap(w, 1, 2, cols - 4, rows - 2, t->err);
        wattrset(w, A_NORMAL);
        return;
    }
    /* two sections, each with its title; the rows before `top` scrolled
     * away so that the cursor's row stays in view */
    int y = 0, avail = rows - 5 > 1 ? rows - 5 : 1;
    if (t->cur < t->top) t->top = t->cur;
    if (t->cur >= t->top + avail) t->top = t->cur - avail + 1;
    for (int sec = 0; sec < 2; sec++) {
        int from = sec ? t->nin : 0, to = sec ? t->n : t->nin;
        wattrset(w, term_attr(CLR_TITLE));
        snprintf(buf, sizeof buf, sec ? ngettext("Offered by this workshop (%d), waiting for the other to accept",
                                                 "Offered by this workshop (%d), waiting for the others to accept",
                                                 (unsigned long)(to - from))
                                      : _("Offered to this workshop (%d)"), to - from);
        if (y < rows) draw_text(w, y++, 1, buf, cols - 2, 1);
        wattrset(w, A_NORMAL);
        if (from == to && y < rows) {
            wattrset(w, term_attr(CLR_DIM));
            draw_text(w, y++, 3, sec ? _("No offer waiting. A device is offered from its own screen (o).")
                                     : _("No offer to accept."), cols - 4, 1);
            wattrset(w, A_NORMAL);
        }
        for (int i = from; i < to; i++) {
            if (i < t->top) continue;
            if (y >= rows) break;
            offer_line(&t->rows[i], buf, sizeof buf);
            wattrset(w, term_attr(i == t->cur ? CLR_SELECTION : CLR_NORMAL));
            draw_text(w, y++, 2, buf, cols - 3, 1);
        }
        wattrset(w, A_NORMAL);
        y++;
    }
}

static int transfers_handle(Screen *s, Key k)
{
    Transfers *t = s->state;
    if (k == K_DOWN && t->cur + 1 < t->n) t->cur++;
    else if (k == K_UP && t->cur > 0) t->cur--;
    else if (k == K_HOME) t->cur = 0;
    else if (k == K_END) t->cur = t->n > 0 ? t->n - 1 : 0;
    else if (k != K_DOWN && k != K_UP) return TUI_UNHANDLED;
    return TUI_REDRAW;
}

enum { REQ_ACCEPT = REQ_SCREEN, REQ_CANCEL, REQ_OPEN };

static void cancel_answer(void *ctx, int yes)
{
    Transfers *t = ctx;
    if (!yes || t->cur >= t->n) return;
    OfferRow r = t->rows[t->cur];
    Err e = { 0 };
    if (transfer_cancel(app_ctx(), r.o.device, NULL, &e) < 0) { screen_flash(CLR_ERROR, "%s", e.msg); return; }
    transfers_enter(screen_top());
    if (r.incoming) screen_flash(CLR_OK, _("Offer of %s declined."), r.o.device);
    else screen_flash(CLR_OK, _("Offer of %s withdrawn."), r.o.device);
}

static int transfers_run(Screen *s, int req)
{
    Transfers *t = s->state;
    if (t->cur >= t->n) {
        screen_flash(CLR_WARN, "%s", _("No offer selected."));
        return TUI_REDRAW;
    }
    const OfferRow *r = &t->rows[t->cur];
    Err e = { 0 };
    char q[512];
    switch (req) {
    case REQ_ACCEPT:
        if (!r->incoming) {
            screen_flash(CLR_WARN, _("Workshop %s accepts this offer, not this workshop."), r->o.to);
            break;
        }
        if (transfer_accept(app_ctx(), r->o.device, &e) < 0) { screen_flash(CLR_ERROR, "%s", e.msg); break; }
        screen_flash(CLR_OK, _("%s accepted: the device is this workshop's now."), r->o.device);
        transfers_enter(s);
        break;
    case REQ_CANCEL:
        if (r->incoming) snprintf(q, sizeof q, _("Decline the offer of %s from workshop %s?"), r->o.device, r->o.from);
        else snprintf(q, sizeof q, _("Withdraw the offer of %s to workshop %s?"), r->o.device, r->o.to);
        dialog_confirm(r->incoming ? _("Decline") : _("Withdraw"), q, cancel_answer, t);
        break;
    case REQ_OPEN: scr_device_open(r->o.device); break;
    }
    return TUI_REDRAW;
}

const Action scr_transfers_actions[] = {
    { REQ_ACCEPT, { K_ENTER },      N_("Accept"),   N_("Accept the offer made to this workshop: the device becomes this workshop's"), transfers_run },
    { REQ_CANCEL, { 'x', K_F(8) },  N_("Decline/withdraw"), N_("Decline an offer made to this workshop, or withdraw one it made"), transfers_run },
    { REQ_OPEN,   { 'v', K_F(3) },  N_("Device"),   N_("Open the device of the selected offer"), transfers_run },
    { 0 }
};

void scr_transfers_open(void)
{
    static const Screen tmpl = {
        .name = "transfers", .title = N_("Transfers"), .actions = scr_transfers_actions,
        .enter = transfers_enter, .leave = transfers_leave, .draw = transfers_draw, .handle = transfers_handle,
    };
    Transfers *t = calloc(1, sizeof *t);
    if (t) t->rows = calloc(TRANSFER_ROWS, sizeof *t->rows);
    if (!t || !t->rows) { free(t); screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    if (screen_push(&tmpl, t) < 0) transfers_leave(&(Screen){ .state = t });
}

/* ---- the offer form ------------------------------------------------------ */

#define OFFER_WS_MAX 64

enum { F_TO, F_NOTE, F_N };

typedef struct OfferForm {
    char device[DEVICE_ID_MAX];
    char codes[OFFER_WS_MAX][WORKSHOP_CODE_MAX + 1];
    char labels[OFFER_WS_MAX][WORKSHOP_CODE_MAX + 300];
    const char *choices[OFFER_WS_MAX + 1];
    int nws;
    FormField fields[F_N];
    Form form;
} OfferForm;

static int add_ws(void *arg, const char *code, const char *name)
{
    OfferForm *f = arg;
    if (!strcmp(code, app_ctx()->workshop)) return 0;
    if (f->nws == OFFER_WS_MAX) return 1;
    snprintf(f->codes[f->nws], sizeof f->codes[0], "%s", code);
    snprintf(f->labels[f->nws], sizeof f->labels[0], "%s %s", code, name);
    f->choices[f->nws] = f->labels[f->nws];
    f->nws++;
    return 0;
}

static void offer_draw(Screen *s, WINDOW *w, int full)
{
    OfferForm *f = s->state;
    char buf[256];
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    snprintf(buf, sizeof buf, _("Offer %s to another workshop of the region"), f->device);
    draw_text(w, 1, 2, buf, getmaxx(w) - 4, 1);
    wattrset(w, A_NORMAL);
    form_draw(&f->form, w, 3, 2);
    wattrset(w, term_attr(CLR_DIM));
    draw_wrap(w, 3 + 2 * F_N, 2, getmaxx(w) - 4, 4,
              _("Left/Right choose the workshop. The device stays this workshop's until that workshop accepts "
                "the offer; until then either side may cancel it (Transfers, from the home screen)."));
    wattrset(w, A_NORMAL);
}

static int offer_save(OfferForm *f)
{
    char note[1024];
    Err e = { 0 };
    form_text(&f->form, F_NOTE, note, sizeof note);
    char to[WORKSHOP_CODE_MAX + 1], device[DEVICE_ID_MAX];
    snprintf(to, sizeof to, "%s", f->codes[f->fields[F_TO].choice]);
    snprintf(device, sizeof device, "%s", f->device);
    if (transfer_offer(app_ctx(), device, to, note, &e) < 0) {
        screen_flash(CLR_ERROR, "%s", e.msg);
        return TUI_REDRAW;
    }
    screen_pop();   /* frees f */
    screen_flash(CLR_OK, _("%s offered to workshop %s: it is theirs once they accept."), device, to);
    return TUI_REDRAW;
}

static int offer_handle(Screen *s, Key k)
{
    OfferForm *f = s->state;
    int r = form_handle(&f->form, k);
    if (r & FORM_SUBMIT) return offer_save(f);
    return r ? TUI_REDRAW : TUI_UNHANDLED;
}

enum { REQ_SAVE = REQ_SCREEN };

static int offer_run(Screen *s, int req)
{
    OfferForm *f = s->state;
    (void)req;
    return form_submit(&f->form) & FORM_SUBMIT ? offer_save(f) : TUI_REDRAW;
}

static void offer_leave(Screen *s) { free(s->state); }

const Action scr_offer_actions[] = {
    { REQ_SAVE, { K_ENTER, K_F(2) }, N_("Offer"), N_("Offer the device to the workshop chosen"), offer_run },
    { 0 }
};

void scr_offer_open(const char *device)
{
    static const Screen tmpl = {
        .name = "offer", .title = N_("Transfer"), .actions = scr_offer_actions,
        .leave = offer_leave, .draw = offer_draw, .handle = offer_handle,
    };
    OfferForm *f = calloc(1, sizeof *f);
    Err e = { 0 };
    if (!f) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    snprintf(f->device, sizeof f->device, "%s", device);
    if (workshop_list(app_ctx(), add_ws, f, &e) < 0) {
        screen_flash(CLR_ERROR, "%s", e.msg);
        free(f);
        return;
    }
    if (!f->nws) {
        screen_flash(CLR_WARN, "%s", _("No other workshop is known here yet: sync with the hub first."));
        free(f);
        return;
    }
    f->fields[F_TO] = (FormField){ .kind = FIELD_CHOICE, .label = N_("To workshop"), .width = 40,
                                   .choices = f->choices };
    f->fields[F_NOTE] = (FormField){ .kind = FIELD_TEXT, .label = N_("Note"), .width = 40 };
    form_init(&f->form, f->fields, F_N, NULL);
    if (screen_push(&tmpl, f) < 0) free(f);
}
