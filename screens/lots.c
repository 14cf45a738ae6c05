/*
 * lots.c — the lots (one delivery from a donor each), newest first, in a
 * keyset list. Enter opens the intake of the selected lot, F2 creates one,
 * F3 lists its devices, F4 writes its proof of reuse (screens/proof.c). The
 * last lines say the carbon the selected lot's reuse avoided
 * (core/report/carbon.h) and its commitment to reuse
 * (core/stock/lot_commit.h); k records it (screens/lot_commit.c).
 *
 * core/ lists lots with a callback and no paging (a workshop receives a few
 * lots a week), so the fetch walks lot_list() to its anchor: fine for
 * thousands of lots, and the widget still holds one page only.
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "screens/label_screens.h"
#include "screens/wipe_screens.h"
#include "core/report/carbon.h"
#include "core/stock/lot.h"
#include "core/stock/lot_commit.h"
#include "tui/draw.h"
#include "tui/list.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REQ_NEW = REQ_SCREEN, REQ_INTAKE, REQ_DEVICES, REQ_PRINT_LOT, REQ_CERT, REQ_IMPORT, REQ_RECONCILE, REQ_PROOF, REQ_COMMIT };

typedef struct Walk {
    const ListKey *anchor;
    ListDir dir;
    int n, got, seen_anchor;
    ListRow *out;     /* AFTER/FROM: the rows; BEFORE: a ring of the last n */
    int total;        /* BEFORE: rows seen before the anchor */
} Walk;

static void fill(ListRow *r, const Lot *lot)
{
    snprintf(r->key.s, sizeof r->key.s, "%s", lot->id);
    snprintf(r->cells[0], LIST_CELL_MAX, "%s", lot->id);
    snprintf(r->cells[1], LIST_CELL_MAX, "%s", lot->date);
    if (lot->expected >= 0)
        snprintf(r->cells[2], LIST_CELL_MAX, "%lld/%d", (long long)lot->received, lot->expected);
    else
        snprintf(r->cells[2], LIST_CELL_MAX, "%lld", (long long)lot->received);
    snprintf(r->cells[3], LIST_CELL_MAX, "%s", lot->donor);
    snprintf(r->cells[4], LIST_CELL_MAX, "%s", lot->ref);
}

static int walk(void *arg, const Lot *lot)
{
    Walk *w = arg;
    int is_anchor = w->anchor && strcmp(lot->id, w->anchor->s) == 0;
    if (w->dir == LIST_BEFORE) {
        if (is_anchor) return 1;
        /* keep the last n rows seen, in a ring */
        fill(&w->out[w->total % w->n], lot);
        w->total++;
        return 0;
    }
    if (w->anchor && !w->seen_anchor) {
        if (!is_anchor) return 0;
        w->seen_anchor = 1;
        if (w->dir == LIST_AFTER) return 0;
    }
    fill(&w->out[w->got++], lot);
    return w->got == w->n;
}

static int lots_fetch(void *ctx, const ListKey *anchor, ListDir dir, int n, ListRow *out, Err *e)
{
    (void)ctx;
    Walk w = { .anchor = anchor, .dir = dir, .n = n, .out = out };
    if (dir == LIST_BEFORE) {
        w.out = calloc((size_t)n, sizeof *w.out);
        if (!w.out) return err_set(e, ERR_INTERNAL, "%s", _("Out of memory."));
    }
    if (lot_list(app_ctx(), walk, &w, e) < 0) {
        if (dir == LIST_BEFORE) free(w.out);
        return -1;
    }
    if (dir != LIST_BEFORE) return w.got;
    int k = w.total < n ? w.total : n;
    for (int i = 0; i < k; i++) out[i] = w.out[(w.total - 1 - i) % n]; /* nearest first */
    free(w.out);
    return k;
}

static const ListCol lot_cols[] = {
    { N_("Lot"), 11 }, { N_("Date"), 10 }, { N_("Devices"), 9 }, { N_("Donor"), 30 }, { N_("Reference"), 0 },
};

typedef struct Lots {
    List list;
    int foot;         /* 2: the last lines show the selected lot's carbon and commitment; 0: none */
    Profile prof;     /* the carbon factors (foot only) */
    int have_prof;
} Lots;

static void lots_enter(Screen *s)
{
    Lots *l = s->state;
    list_reload(&l->list);
}

static void lots_leave(Screen *s)
{
    Lots *l = s->state;
    list_free(&l->list);
    if (l->have_prof) profile_free(&l->prof);
    free(l);
}

static void lots_draw(Screen *s, WINDOW *w, int full)
{
    Lots *l = s->state;
    if (full) werase(w);
    list_draw(&l->list, w, 0, getmaxy(w) - l->foot, full);
    const ListRow *r = list_current(&l->list);
    if (!l->foot || !r) return;
    LotCommitment m;
    char text[600], line[700];
    if (lot_commitment_get(app_ctx(), r->key.s, &m, NULL) < 0) return;
    lot_commitment_text(&m, text, sizeof text);
    snprintf(line, sizeof line, _("Commitment to reuse: %s"), text);
    int y = getmaxy(w) - 1;
    wmove(w, y, 0);
    wclrtoeol(w);
    wattrset(w, term_attr(m.known && m.committed ? CLR_NORMAL : CLR_DIM));
    draw_text_cut(w, y, 1, line, getmaxx(w) - 2, 0);
    wattrset(w, A_NORMAL);
    /* what the lot's reuse avoided so far (core/report/carbon.h) */
    CarbonScope q = { .lot = r->key.s };
    CarbonSum cs;
    if (!l->have_prof || carbon_sum(app_ctx(), &l->prof, &q, &cs, NULL) < 0) return;
    char kg[32], more[32];
    carbon_kg_text(cs.g, kg);
    carbon_kg_text(cs.pending_g, more);
    snprintf(line, sizeof line, ngettext("Carbon avoided: %s kg CO2e (%lld device reused); %s kg more to come",
                                         "Carbon avoided: %s kg CO2e (%lld devices reused); %s kg more to come",
                                         (unsigned long)cs.reused), kg, cs.reused, more);
    wmove(w, y - 1, 0);
    wclrtoeol(w);
    draw_text_cut(w, y - 1, 1, line, getmaxx(w) - 2, 0);
}

static int lots_handle(Screen *s, Key k)
{
    Lots *l = s->state;
    return list_key(&l->list, k);
}

/* "No lot yet: press F2/n to create one.", the key from the table. */
static const char *no_lot(void)
{
    static char buf[256];
    char key[32];
    snprintf(buf, sizeof buf, _("No lot yet: press %s to create one."),
             action_key_name(scr_lots_actions, REQ_NEW, key, sizeof key));
    return buf;
}

static int lots_run(Screen *s, int req)
{
    Lots *l = s->state;
    const ListRow *r = list_current(&l->list);
    if (req == REQ_NEW) { scr_lot_new_open(); return TUI_REDRAW; }
    if (!r) { screen_flash(CLR_WARN, "%s", no_lot()); return TUI_HANDLED; }
    char id[LOT_ID_MAX];
    snprintf(id, sizeof id, "%s", r->key.s);
    if (req == REQ_INTAKE) scr_intake_open(id);
    else if (req == REQ_PRINT_LOT) scr_print_open(PRINT_LOT, id);
    else if (req == REQ_CERT) scr_cert_open(id);
    else if (req == REQ_IMPORT) scr_lot_import_open(id);
    else if (req == REQ_RECONCILE) scr_reconcile_open(id);
    else if (req == REQ_PROOF) scr_proof_open(id);
    else if (req == REQ_COMMIT) scr_lot_commit_open(id);
    else scr_devices_open(NULL, id);
    return TUI_REDRAW;
}

const Action scr_lots_actions[] = {
    { REQ_INTAKE,  { K_ENTER },       N_("Intake"),  N_("Receive devices into the selected lot"), lots_run },
    { REQ_NEW,     { K_F(2), 'n' },   N_("New"),     N_("Create a lot (a delivery from a donor)"), lots_run },
    { REQ_IMPORT,  { K_F(7), 'i' },   N_("Announce"), N_("Read the donor's inventory files into the selected lot"), lots_run },
    { REQ_RECONCILE, { K_F(8), 'r' }, N_("Reconcile"), N_("Announced, received, missing: the selected lot against its inventory"), lots_run },
    { REQ_DEVICES, { K_F(3), 'd' },   N_("Devices"), N_("List the devices of the selected lot"), lots_run },
    { REQ_PRINT_LOT, { K_F(5), 'p' }, N_("Labels"),  N_("Print the labels of the selected lot"), lots_run },
    { REQ_CERT,    { K_F(6), 'c' },   N_("Cert."),   N_("Write the certificate of sanitization of the selected lot"), lots_run },
    { REQ_PROOF,   { K_F(4), 'e' },   N_("Proof"),   N_("Write the proof of reuse of the selected lot for its donor (PDF and signed JSON)"), lots_run },
    /* no label: the bar stays as it was; the help lists it */
    { REQ_COMMIT,  { 'k' },           NULL,      N_("Record the taker's commitment to reuse the selected lot"), lots_run },
    { 0 }
};

/* ---- the same list as a picker (scr_lot_pick_open) ---------------------------
 * Its own state on the heap: it may be opened over the lots screen itself
 * (lots -> devices -> pick). */

typedef struct LotPick {
    List list;          /* first, as in Lots: lots_enter/draw/handle serve both */
    int foot;           /* as in Lots: always 0 here */
    void (*picked)(void *ctx, const char *lot);
    void *ctx;
} LotPick;

enum { REQ_PICK = REQ_SCREEN + 50 };

static void pick_leave(Screen *s)
{
    LotPick *p = s->state;
    list_free(&p->list);
    free(p);
}

static int pick_run(Screen *s, int req)
{
    LotPick *p = s->state;
    const ListRow *r = list_current(&p->list);
    (void)req;
    if (!r) return TUI_HANDLED;
    char id[LOT_ID_MAX];
    void (*picked)(void *, const char *) = p->picked;
    void *ctx = p->ctx;
    snprintf(id, sizeof id, "%s", r->key.s);
    screen_pop();          /* frees p */
    picked(ctx, id);
    return TUI_REDRAW;
}

const Action scr_lot_pick_actions[] = {
    { REQ_PICK, { K_ENTER }, N_("Pick"), N_("Filter on the selected lot"), pick_run },
    { 0 }
};

void scr_lot_pick_open(void (*picked)(void *ctx, const char *lot), void *ctx)
{
    static const Screen tmpl = {
        .name = "lot_pick", .title = N_("Pick a lot"), .actions = scr_lot_pick_actions,
        .enter = lots_enter, .leave = pick_leave, .draw = lots_draw, .handle = lots_handle,
    };
    LotPick *p = calloc(1, sizeof *p);
    if (!p) return;
    p->picked = picked;
    p->ctx = ctx;
    if (list_init(&p->list, lot_cols, 5, lots_fetch, NULL, LINES > 8 ? LINES - 6 : 2) < 0) { free(p); return; }
    p->list.empty = _("No lot yet.");
    if (screen_push(&tmpl, p) < 0) pick_leave(&(Screen){ .state = p });
}

void scr_lots_open(void)
{
    static const Screen tmpl = {
        .name = "lots", .title = N_("Lots"), .actions = scr_lots_actions,
        .enter = lots_enter, .leave = lots_leave, .draw = lots_draw, .handle = lots_handle,
    };
    Lots *l = calloc(1, sizeof *l);
    if (!l) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    l->foot = LINES > 9 ? 2 : 0;
    l->have_prof = carbon_profile(&l->prof, NULL) == 0;
    if (list_init(&l->list, lot_cols, 5, lots_fetch, NULL, LINES > 9 ? LINES - 8 : 2) < 0) {
        if (l->have_prof) profile_free(&l->prof);
        free(l);
        return;
    }
    l->list.empty = no_lot();
    if (screen_push(&tmpl, l) < 0) lots_leave(&(Screen){ .state = l });
}
