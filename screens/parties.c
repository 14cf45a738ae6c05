/*
 * parties.c — « Partenaires »: this workshop's donors and takers
 * (associations, businesses, public bodies, people), searched as you type
 * (every word, in the code, the name, the contact or the kind), filtered
 * by kind; a form adds one or changes one; a person is forgotten after a
 * confirmation (core/stock/party.h, doc/privacy.md).
 *
 * Every printable key goes to the search field, so the actions are on
 * function keys, each with a Ctrl key for the consoles that do not send
 * F5–F10. A workshop has tens or hundreds of parties, not millions: the
 * matching ones are read into one array at each change of the search (a
 * person's name is only readable once unsealed, so SQL cannot filter it),
 * and the list pages through that array by index. Names read from the
 * private store are wiped from memory when the screen closes.
 * State: the search field, the kind filter, the rows, the list (one page).
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "core/report/carbon.h"
#include "core/report/quota.h"
#include "core/stock/party.h"
#include "core/stock/party_purchases.h"
#include "tui/dialog.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/list.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { REQ_EDIT = REQ_SCREEN, REQ_NEW, REQ_KIND, REQ_CLEAR, REQ_FORGET, REQ_QUOTA };
enum { C_CODE, C_KIND, C_NAME, C_CONTACT, C_N };

/* One party as listed: what the columns show, cut to a cell. */
typedef struct PartyRow {
    char code[PARTY_CODE_MAX];
    PartyKind kind;
    int forgotten;
    char name[LIST_CELL_MAX];
    char contact[LIST_CELL_MAX];
} PartyRow;

typedef struct Parties {
    FormField field;
    Form form;
    char search[FORM_TEXT_MAX * 4 + 1];
    int kind;                   /* -1 = all */
    PartyRow *rows;
    int n, cap;
    char err[1024];
    ListCol cols[C_N];
    List list;
} Parties;

static const ListCol party_cols[C_N] = {
    { N_("Code"), 10 }, { N_("Kind"), 12 }, { N_("Name"), 30 }, { N_("Contact"), 0 },
};

static int add_row(void *arg, const Party *p)
{
    Parties *s = arg;
    if (s->n == s->cap) {
        int cap = s->cap ? s->cap * 2 : 64;
        PartyRow *r = realloc(s->rows, (size_t)cap * sizeof *r);
        if (!r) return 1;
        s->rows = r;
        s->cap = cap;
    }
    PartyRow *r = &s->rows[s->n++];
    snprintf(r->code, sizeof r->code, "%s", p->code);
    r->kind = p->kind;
    r->forgotten = p->forgotten;
    snprintf(r->name, sizeof r->name, "%s", p->name);
    snprintf(r->contact, sizeof r->contact, "%s", p->contact);
    return 0;
}

static void rows_wipe(Parties *s)
{
    if (s->rows) memset(s->rows, 0, (size_t)s->cap * sizeof *s->rows);
    s->n = 0;
}

/* Reads the matching parties again. */
static void reload(Parties *s)
{
    Err e = { 0 };
    PartyQuery q = { .all = 0, .kind = s->kind, .search = s->search };
    rows_wipe(s);
    s->err[0] = '\0';
    if (party_list(app_ctx(), &q, add_row, s, &e) < 0) snprintf(s->err, sizeof s->err, "%s", e.msg);
}

static void fill(ListRow *o, const PartyRow *r, int i)
{
    o->key.i = i;
    snprintf(o->key.s, sizeof o->key.s, "%s", r->code);
    snprintf(o->cells[C_CODE], LIST_CELL_MAX, "%s", r->code);
    snprintf(o->cells[C_KIND], LIST_CELL_MAX, "%s", party_kind_label(r->kind));
    snprintf(o->cells[C_NAME], LIST_CELL_MAX, "%s", r->forgotten ? _("(forgotten)") : r->name);
    snprintf(o->cells[C_CONTACT], LIST_CELL_MAX, "%s", r->contact);
    o->color = r->forgotten ? CLR_DIM : CLR_NORMAL;
}

static int parties_fetch(void *ctx, const ListKey *anchor, ListDir dir, int n, ListRow *out, Err *e)
{
    Parties *s = ctx;
    int k = 0;
    if (s->err[0]) return err_set(e, ERR_DB, "%s", s->err);
    if (dir == LIST_BEFORE) {
        for (int i = (anchor ? (int)anchor->i : s->n) - 1; i >= 0 && k < n; i--) fill(&out[k++], &s->rows[i], i);
        return k;
    }
    int from = anchor ? (int)anchor->i + (dir == LIST_AFTER) : 0;
    for (int i = from < 0 ? 0 : from; i < s->n && k < n; i++) fill(&out[k++], &s->rows[i], i);
    return k;
}

static void requery(Parties *s)
{
    form_text(&s->form, 0, s->search, sizeof s->search);
    reload(s);
    list_home(&s->list);
}

static void parties_enter(Screen *sc)
{
    Parties *s = sc->state;
    reload(s);
    list_reload(&s->list);
}

static void parties_leave(Screen *sc)
{
    Parties *s = sc->state;
    list_free(&s->list);
    rows_wipe(s);
    free(s->rows);
    free(s);
}

static void parties_draw(Screen *sc, WINDOW *w, int full)
{
    Parties *s = sc->state;
    char buf[512];
    if (full) werase(w);
    form_draw(&s->form, w, 0, 1);
    snprintf(buf, sizeof buf, ngettext("%d party   Kind: %s", "%d parties   Kind: %s", (unsigned long)s->n), s->n,
             s->kind >= 0 ? party_kind_label(s->kind) : _("all"));
    wattrset(w, term_attr(CLR_DIM));
    draw_text(w, 1, 2, buf, getmaxx(w) - 3, 1);
    wattrset(w, A_NORMAL);
    list_draw(&s->list, w, 2, getmaxy(w) - 2, full);
}

static int parties_handle(Screen *sc, Key k)
{
    Parties *s = sc->state;
    int rc = list_key(&s->list, k);
    if (rc) return rc;
    if (k == K_TAB || k == K_BTAB || k == K_ENTER) return TUI_UNHANDLED;
    rc = form_handle(&s->form, k);
    if (rc) {
        char now[sizeof s->search];
        form_text(&s->form, 0, now, sizeof now);
        if (strcmp(now, s->search) != 0) requery(s);
    }
    return rc;
}

/* ---- forgetting ------------------------------------------------------------ */

typedef struct ForgetAsk {
    Parties *s;                 /* the list, under the dialog */
    char code[PARTY_CODE_MAX];
} ForgetAsk;

static void forget_answer(void *ctx, int yes)
{
    ForgetAsk *a = ctx;
    Err e = { 0 };
    if (yes) {
        int r = party_forget(app_ctx(), a->code, &e);
        if (r < 0) screen_flash(CLR_ERROR, "%s", e.msg);
        else if (r == 1) screen_flash(CLR_WARN, "%s", e.msg);
        else screen_flash(CLR_OK, _("%s is forgotten: name and contact destroyed."), a->code);
        /* the search now names the code: a name searched for is gone,
         * and the row shows what is left, « (forgotten) » */
        if (r >= 0) form_set_text(&a->s->form, 0, a->code);
        requery(a->s);   /* the dialog's pop reloaded before the answer */
    }
    free(a);
}

static void forget_ask(Parties *s, const PartyRow *r)
{
    char q[512];
    if (r->kind != PARTY_PERSON) {
        screen_flash(CLR_WARN, _("%s is not a person: only a person is forgotten."), r->code);
        return;
    }
    if (r->forgotten) {
        screen_flash(CLR_WARN, _("%s was forgotten already."), r->code);
        return;
    }
    if (r->name[0])
        snprintf(q, sizeof q, _("Forget %s (%s)? Their name and contact will be destroyed on this computer, for good. "
                                "Their code stays in the records."), r->code, r->name);
    else
        snprintf(q, sizeof q, _("Forget %s? Their name and contact will be destroyed on this computer, for good. "
                                "Their code stays in the records."), r->code);
    ForgetAsk *a = calloc(1, sizeof *a);
    if (!a) return;
    a->s = s;
    snprintf(a->code, sizeof a->code, "%s", r->code);
    if (dialog_confirm_danger(_("Forget a person"), q, forget_answer, a) < 0) free(a);
}

static int parties_run(Screen *sc, int req)
{
    Parties *s = sc->state;
    const ListRow *row = list_current(&s->list);
    const PartyRow *r = row && row->key.i >= 0 && row->key.i < s->n ? &s->rows[row->key.i] : NULL;
    switch (req) {
    case REQ_NEW: scr_party_form_open(NULL); return TUI_REDRAW;
    case REQ_EDIT:
    case REQ_FORGET:
    case REQ_QUOTA:
        if (!r) {
            screen_flash(CLR_WARN, "%s", s->list.empty);
            return TUI_HANDLED;
        }
        if (req == REQ_FORGET) forget_ask(s, r);
        else if (req == REQ_QUOTA && r->kind != PARTY_PUBLIC)
            screen_flash(CLR_WARN, _("%s is not a public body: the reuse quotas are those of public bodies."), r->code);
        else if (req == REQ_QUOTA) scr_quota_open(r->code);
        else if (r->forgotten) screen_flash(CLR_WARN, _("%s was forgotten: there is nothing left to change."), r->code);
        else scr_party_form_open(r->code);
        return TUI_REDRAW;
    case REQ_KIND: s->kind = s->kind + 1 < PARTY__COUNT ? s->kind + 1 : -1; break;
    case REQ_CLEAR:
        s->kind = -1;
        form_set_text(&s->form, 0, "");
        break;
    }
    requery(s);
    return TUI_REDRAW;
}

const Action scr_parties_actions[] = {
    { REQ_EDIT,   { K_ENTER },             N_("Change"), N_("Change the selected party"), parties_run },
    { REQ_NEW,    { K_F(2), K_CTRL('n') }, N_("New"),    N_("Add a party: association, business, public body or person"), parties_run },
    { REQ_KIND,   { K_F(3), K_CTRL('k') }, N_("Kind"),   N_("Show the next kind only"), parties_run },
    { REQ_CLEAR,  { K_F(4), K_CTRL('x') }, N_("Clear"),  N_("Clear the search and the kind"), parties_run },
    { REQ_FORGET, { K_F(8), K_CTRL('f') }, N_("Forget"), N_("Forget the selected person: their name and contact destroyed on this computer"), parties_run },
    { REQ_QUOTA,  { K_F(5), K_CTRL('r') }, N_("Quotas"), N_("Write the yearly statement of the selected public body's reuse quotas (PDF, CSV)"), parties_run },
    { 0 }
};

void scr_parties_open(void)
{
    static const Screen tmpl = {
        .name = "parties", .title = N_("Parties"), .actions = scr_parties_actions,
        .enter = parties_enter, .leave = parties_leave, .draw = parties_draw, .handle = parties_handle,
    };
    Parties *s = calloc(1, sizeof *s);
    if (!s) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    s->kind = -1;
    s->field = (FormField){ .kind = FIELD_TEXT, .label = N_("Search"), .width = 40 };
    form_init(&s->form, &s->field, 1, NULL);
    /* the kind's column as wide as its longest word in this language */
    memcpy(s->cols, party_cols, sizeof s->cols);
    for (int i = 0; i < PARTY__COUNT; i++)
        if (utf8_width(party_kind_label(i)) > s->cols[C_KIND].width) s->cols[C_KIND].width = utf8_width(party_kind_label(i));
    if (list_init(&s->list, s->cols, C_N, parties_fetch, s, LINES > 10 ? LINES - 8 : 2) < 0) { free(s); return; }
    static char empty[256];
    char key[32];
    snprintf(empty, sizeof empty, _("No party matches: %s adds one."),
             action_key_name(scr_parties_actions, REQ_NEW, key, sizeof key));
    s->list.empty = empty;
    if (screen_push(&tmpl, s) < 0) parties_leave(&(Screen){ .state = s });
}

/* ---- the form: add or change one ------------------------------------------ */

enum { F_KIND, F_NAME, F_CONTACT, F_YEAR, F_PURCHASES, F_N };

typedef struct PartyForm {
    char code[PARTY_CODE_MAX];   /* "" for a new party */
    FormField fields[F_N];
    Form form;
    char declared[32];           /* the purchases declared for the year shown, as typed back ("" none) */
    int year;                    /* the year they were read for */
    char carbon[300];            /* what the devices it gave avoided ("" for a new party) */
    char quota[1400];            /* a public body: this year's quotas in one sentence */
} PartyForm;

static void form_screen_draw(Screen *sc, WINDOW *w, int full)
{
    PartyForm *f = sc->state;
    char title[256];
    int cols = getmaxx(w);
    (void)full;
    werase(w);
    if (f->code[0]) snprintf(title, sizeof title, _("Party %s"), f->code);
    else snprintf(title, sizeof title, "%s", _("New party: a donor or a taker"));
    wattrset(w, term_attr(CLR_TITLE));
    draw_text(w, 1, 2, title, cols - 4, 0);
    wattrset(w, A_NORMAL);
    form_draw(&f->form, w, 3, 2);
    int y = 3 + 2 * F_N;
    wattrset(w, term_attr(CLR_DIM));
    y += draw_wrap(w, y, 2, cols - 4, 4, f->fields[F_KIND].choice == PARTY_PERSON
              ? _("A person's name and contact stay on this computer, sealed with a key of their own; the hub and "
                  "the other workshops know them by their code only. The name may stay empty.")
              : _("The name is shared with the region; the contact stays on this computer. A public body's IT "
                  "purchases of a year (excluding tax; the year left empty is this one) give its AGEC share of "
                  "purchases made from reuse."));
    wattrset(w, A_NORMAL);
    if (f->carbon[0]) y += draw_wrap(w, y, 2, cols - 4, 2, f->carbon);
    if (f->quota[0]) draw_wrap(w, y, 2, cols - 4, getmaxy(w) - y, f->quota);
}

/* The year typed (this one when the field is empty), or -1. */
static int form_year(PartyForm *f)
{
    char y[32];
    form_text(&f->form, F_YEAR, y, sizeof y);
    if (!y[0]) {
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        return tm.tm_year + 1900;
    }
    return strlen(y) == 4 && strspn(y, "0123456789") == 4 ? atoi(y) : -1;
}

/* Reads what the form shows beside the fields: the purchases declared for
 * the year, the carbon of what it gave, this year's quotas. */
static void form_info(PartyForm *f, int set_field)
{
    long long cents;
    f->declared[0] = '\0';
    f->year = form_year(f);
    if (f->code[0] && f->year > 0 && party_purchases_get(app_ctx(), f->code, f->year, &cents, NULL) == 1)
        snprintf(f->declared, sizeof f->declared, cents % 100 ? "%lld,%02lld" : "%lld", cents / 100, cents % 100);
    if (set_field) form_set_text(&f->form, F_PURCHASES, f->declared);
    f->carbon[0] = f->quota[0] = '\0';
    Profile prof;
    if (!f->code[0] || carbon_profile(&prof, NULL) < 0) return;
    CarbonScope q = { .donor = f->code };
    CarbonSum cs;
    if (carbon_sum(app_ctx(), &prof, &q, &cs, NULL) == 0 && cs.devices) {
        char kg[32];
        carbon_kg_text(cs.g, kg);
        snprintf(f->carbon, sizeof f->carbon, ngettext("Carbon avoided by what it gave: %s kg CO2e (%lld device reused).",
                                                       "Carbon avoided by what it gave: %s kg CO2e (%lld devices reused).",
                                                       (unsigned long)cs.reused), kg, cs.reused);
    }
    json_t *doc = f->fields[F_KIND].choice == PARTY_PUBLIC && f->year > 0
                ? quota_build(app_ctx(), &prof, f->code, f->year, NULL) : NULL;
    if (doc) quota_summary_text(doc, f->quota, sizeof f->quota);
    json_decref(doc);
    profile_free(&prof);
}

static int form_save(PartyForm *f)
{
    char name[FORM_TEXT_MAX * 4 + 1], contact[FORM_TEXT_MAX * 4 + 1], code[PARTY_CODE_MAX];
    Err e = { 0 };
    int kind = f->fields[F_KIND].choice, r;
    form_text(&f->form, F_NAME, name, sizeof name);
    form_text(&f->form, F_CONTACT, contact, sizeof contact);
    /* the purchases declared, checked before anything is written */
    char typed[64];
    long long cents = -1;
    int year = form_year(f);
    form_text(&f->form, F_PURCHASES, typed, sizeof typed);
    int declare = typed[0] && (year != f->year || strcmp(typed, f->declared) != 0);
    if (declare && year < 0) {
        form_text(&f->form, F_YEAR, typed, sizeof typed);
        screen_flash(CLR_ERROR, _("year: \"%s\" is not a year (YYYY)"), typed);
        return TUI_REDRAW;
    }
    if (declare && (cents = party_euros_parse(typed)) < 0) {
        screen_flash(CLR_ERROR, _("total: \"%s\" is not an amount in euros (120000 or 1234,50)"), typed);
        return TUI_REDRAW;
    }
    if (declare && kind == PARTY_PERSON) {
        screen_flash(CLR_ERROR, "%s", _("A person declares no IT purchases: leave the field empty."));
        return TUI_REDRAW;
    }
    if (f->code[0]) {
        r = party_edit(app_ctx(), f->code, kind, name, contact, &e);
        snprintf(code, sizeof code, "%s", f->code);
    } else {
        r = party_add(app_ctx(), (PartyKind)kind, name, contact, code, &e);
    }
    memset(name, 0, sizeof name);
    memset(contact, 0, sizeof contact);
    if (r == 0 && declare) r = party_purchases_set(app_ctx(), code, year, cents, &e);
    if (r < 0) {
        screen_flash(CLR_ERROR, "%s", e.msg);
        return TUI_REDRAW;
    }
    int added = !f->code[0];
    screen_pop();   /* frees f */
    screen_flash(CLR_OK, added ? _("Party %s added.") : _("Party %s changed."), code);
    return TUI_REDRAW;
}

static int form_screen_handle(Screen *sc, Key k)
{
    PartyForm *f = sc->state;
    int r = form_handle(&f->form, k);
    if (r & FORM_SUBMIT) return form_save(f);
    if (r && form_year(f) != f->year && form_year(f) > 0) form_info(f, 1);   /* another year: its purchases */
    return r ? TUI_REDRAW : TUI_UNHANDLED;
}

enum { REQ_SAVE = REQ_SCREEN };

static int form_screen_run(Screen *sc, int req)
{
    PartyForm *f = sc->state;
    (void)req;
    return form_submit(&f->form) & FORM_SUBMIT ? form_save(f) : TUI_REDRAW;
}

static void form_screen_leave(Screen *sc)
{
    PartyForm *f = sc->state;
    memset(f, 0, sizeof *f);   /* the name typed or unsealed */
    free(f);
}

const Action scr_party_form_actions[] = {
    { REQ_SAVE, { K_ENTER, K_F(2) }, N_("Save"), N_("Save the party"), form_screen_run },
    { 0 }
};

void scr_party_form_open(const char *code)
{
    static const Screen tmpl = {
        .name = "party_form", .title = N_("Party"), .actions = scr_party_form_actions,
        .leave = form_screen_leave, .draw = form_screen_draw, .handle = form_screen_handle,
    };
    Party p;
    Err e = { 0 };
    if (code && party_get(app_ctx(), code, &p, &e) != 1) {
        screen_flash(CLR_ERROR, "%s", e.msg[0] ? e.msg : _("This party is not known here."));
        return;
    }
    PartyForm *f = calloc(1, sizeof *f);
    if (!f) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    f->fields[F_KIND] = (FormField){ .kind = FIELD_CHOICE, .label = N_("Kind"), .width = 22,
                                     .choices = vocab_msgids(&VOCAB_PARTY_KIND) };
    f->fields[F_NAME] = (FormField){ .kind = FIELD_TEXT, .label = N_("Name"), .width = 40 };
    f->fields[F_CONTACT] = (FormField){ .kind = FIELD_TEXT, .label = N_("Contact"), .width = 40 };
    f->fields[F_YEAR] = (FormField){ .kind = FIELD_TEXT, .label = N_("Year"), .width = 6 };
    f->fields[F_PURCHASES] = (FormField){ .kind = FIELD_TEXT, .label = N_("IT purchases (€)"), .width = 16 };
    form_init(&f->form, f->fields, F_N, NULL);   /* the year left empty: this one */
    if (code) {
        snprintf(f->code, sizeof f->code, "%s", p.code);
        f->fields[F_KIND].choice = (int)p.kind;
        form_set_text(&f->form, F_NAME, p.name);
        form_set_text(&f->form, F_CONTACT, p.contact);
        memset(&p, 0, sizeof p);
    }
    form_info(f, 1);
    if (screen_push(&tmpl, f) < 0) free(f);
}
