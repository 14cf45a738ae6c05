/*
 * lot_commit.c — the taker's commitment to reuse a lot's devices, from the
 * lots screen (k): committed beforehand or not, when, for what share of
 * the devices, and who committed (décret 2023-266). Enter records it
 * through lot_commit() (core/stock/lot_commit.h), as `boucle lot commit`
 * does, and goes back to the lots screen, whose last line then shows it.
 *
 * The form opens with the lot's current commitment, or empty with today's
 * date. With « No », the date, share and taker are neither required nor
 * kept (they stay on the form, in case the answer was a slip). A bad value
 * is refused under its field, before anything is written; what core/
 * still refuses (a lot gone, the database) is flashed, nothing changed.
 * Another workshop's lot does not open the form: only its workshop
 * records its commitment.
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "core/stock/lot.h"
#include "core/stock/lot_commit.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/screen.h"
#include "util/date.h"
#include "util/i18n.h"
#include "util/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { F_COMMITTED, F_DATE, F_SHARE, F_TAKER, F_N };

/* The answers of F_COMMITTED, in this order: choice 0 is « committed ». */
static const char *const ANSWERS[] = { N_("Yes"), N_("No"), NULL };

typedef struct Commit {
    Lot lot;
    FormField fields[F_N];
    Form form;
    char msg[512];       /* a validator's message, until the form copies it */
} Commit;

static int yes(const Commit *c) { return c->fields[F_COMMITTED].choice == 0; }

/* The fields after the answer matter only with « Yes »: they are required
 * (the form shows their star) and the share is 1..100; with « No » their
 * old messages go. */
static void sync_answer(Commit *c)
{
    int y = yes(c);
    for (int i = F_DATE; i < F_N; i++) {
        c->fields[i].required = y;
        if (!y) c->fields[i].msg[0] = '\0';
    }
    c->fields[F_SHARE].min = y ? 1 : 0;
    c->fields[F_SHARE].max = y ? 100 : 0;
}

static const char *check_date(const char *v, void *ctx)
{
    const Commit *c = ctx;
    if (!yes(c) || !v[0] || date_valid(v)) return NULL;  /* empty: the form says it is required */
    return _("A date like 2025-03-31.");
}

/* The same cleaning lot_commit() applies: its refusal, under the field. */
static const char *check_taker(const char *v, void *ctx)
{
    Commit *c = ctx;
    char clean[LOT_TAKER_MAX * 4 + 1];
    Err e = { 0 };
    if (!yes(c) || !v[0]) return NULL;
    if (text_field_clean(v, clean, sizeof clean, LOT_TAKER_MAX, _("taker"), &e) == 0) {
        if (clean[0]) return NULL;
        snprintf(c->msg, sizeof c->msg, "%s", _("This field is required."));
    } else snprintf(c->msg, sizeof c->msg, "%s", e.msg);
    return c->msg;
}

static void commit_draw(Screen *s, WINDOW *w, int full)
{
    Commit *c = s->state;
    int cols = getmaxx(w);
    char buf[1024];
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    snprintf(buf, sizeof buf, _("Commitment to reuse, lot %s (%s)"), c->lot.id, c->lot.donor);
    draw_text_cut(w, 1, 2, buf, cols - 4, 0);
    wattrset(w, term_attr(CLR_DIM));
    draw_wrap(w, 2, 2, cols - 4, 2,
              _("Décret 2023-266: a device counts as reused only if its taker committed beforehand to reuse it."));
    wattrset(w, A_NORMAL);
    form_draw(&c->form, w, 5, 2);
    wattrset(w, term_attr(CLR_DIM));
    draw_wrap(w, 5 + 2 * F_N, 2, cols - 4, 2,
              yes(c) ? _("Enter records the commitment; the lots screen then shows it on its last line.")
                     : _("Enter records that the taker did not commit beforehand: date, share and taker are not kept."));
    wattrset(w, A_NORMAL);
}

/* Records the commitment and goes back to the lots screen. */
static int commit_save(Commit *c)
{
    char date[64], taker[FORM_TEXT_MAX * 4 + 1], lot[LOT_ID_MAX];
    int y = yes(c);
    Err e = { 0 };
    form_text(&c->form, F_DATE, date, sizeof date);
    form_text(&c->form, F_TAKER, taker, sizeof taker);
    if (lot_commit(app_ctx(), c->lot.id, y, y ? date : NULL, y ? (int)form_number(&c->form, F_SHARE) : -1,
                   y ? taker : NULL, &e) < 0) {
        screen_flash(CLR_ERROR, "%s", e.msg);
        return TUI_REDRAW;
    }
    snprintf(lot, sizeof lot, "%s", c->lot.id);
    screen_pop();          /* frees c */
    screen_flash(CLR_OK, _("Lot %s: commitment to reuse recorded."), lot);
    return TUI_REDRAW;
}

static int commit_handle(Screen *s, Key k)
{
    Commit *c = s->state;
    int r = form_handle(&c->form, k);
    sync_answer(c);
    if (r & FORM_SUBMIT) return commit_save(c);
    return r ? TUI_REDRAW : TUI_UNHANDLED;
}

enum { REQ_SAVE = REQ_SCREEN };

static int commit_run(Screen *s, int req)
{
    Commit *c = s->state;
    (void)req;
    return form_submit(&c->form) & FORM_SUBMIT ? commit_save(c) : TUI_REDRAW;
}

static void commit_leave(Screen *s) { free(s->state); }

const Action scr_lot_commit_actions[] = {
    { REQ_SAVE, { K_ENTER, K_F(2) }, N_("Record"), N_("Record the commitment and go back to the lots"), commit_run },
    { 0 }
};

void scr_lot_commit_open(const char *lot_id)
{
    static const Screen tmpl = {
        .name = "lot_commit", .title = N_("Commitment to reuse"), .actions = scr_lot_commit_actions,
        .leave = commit_leave, .draw = commit_draw, .handle = commit_handle,
    };
    Lot lot;
    LotCommitment m;
    Err e = { 0 };
    int g = lot_get(app_ctx(), lot_id, &lot, &e);
    if (g < 0) { screen_flash(CLR_ERROR, "%s", e.msg); return; }
    if (!g) { screen_flash(CLR_ERROR, _("no lot %s"), lot_id); return; }
    if (strcmp(lot.workshop, app_ctx()->workshop) != 0) {
        screen_flash(CLR_WARN, _("Lot %s belongs to workshop %s: only its workshop records its commitment."),
                     lot.id, lot.workshop);
        return;
    }
    if (lot_commitment_get(app_ctx(), lot.id, &m, &e) < 0) { screen_flash(CLR_ERROR, "%s", e.msg); return; }
    Commit *c = calloc(1, sizeof *c);
    if (!c) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    c->lot = lot;
    c->fields[F_COMMITTED] = (FormField){ .kind = FIELD_CHOICE, .label = N_("Committed beforehand"), .width = 8,
                                          .choices = ANSWERS };
    c->fields[F_DATE] = (FormField){ .kind = FIELD_TEXT, .label = N_("Date"), .width = 12, .validate = check_date };
    c->fields[F_SHARE] = (FormField){ .kind = FIELD_NUMBER, .label = N_("Share of the devices (%)"), .width = 5 };
    c->fields[F_TAKER] = (FormField){ .kind = FIELD_TEXT, .label = N_("Taker"), .width = 40,
                                      .validate = check_taker };
    form_init(&c->form, c->fields, F_N, c);
    if (m.known && m.committed) {
        char share[16];
        snprintf(share, sizeof share, "%d", m.share);
        form_set_text(&c->form, F_DATE, m.date);
        form_set_text(&c->form, F_SHARE, share);
        form_set_text(&c->form, F_TAKER, m.taker);
    } else {
        char today[16];
        time_t t = time(NULL);
        struct tm tm;
        strftime(today, sizeof today, "%Y-%m-%d", localtime_r(&t, &tm));
        form_set_text(&c->form, F_DATE, today);
        c->fields[F_COMMITTED].choice = m.known;    /* recorded as none: « No » */
    }
    sync_answer(c);
    if (screen_push(&tmpl, c) < 0) free(c);
}
