/*
 * wipe_unassigned.c — the wipes that matched no device (an nwipe drive
 * whose serial is on no device, or on several, or an anonymised log), and
 * linking one by hand: Up/Down choose the wipe; scanning a device's label
 * (or typing its asset id or serial in the field) chooses the device; Enter
 * (F2) links the wipe to it (core wipe_assign: the medium is added to the
 * device when missing, and its claim may change).
 *
 * A scan here selects the device and never opens it: this screen takes
 * scans with its own on_scan. The device stays chosen after a link, as the
 * next wipe is often another disk of the same machine.
 *
 * State: the list (a keyset-paged tui/list over core
 * wipe_unassigned_page: two screens of rows at most, however many wipes
 * wait; reloaded on enter and after each link), the field, the chosen
 * device.
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "screens/wipe_screens.h"
#include "core/grading/grading.h"
#include "core/scan/scan.h"
#include "core/wipe/wipe.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/list.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REQ_ASSIGN = REQ_SCREEN, REQ_IMPORT };

typedef struct Unassigned {
    List list;                     /* key: (hlc, wipes.key) */
    int64_t count;
    FormField field;
    Form form;
    Device target;                 /* chosen device; id "" = none */
    char msg[1024];
    TermColor msg_color;
} Unassigned;

static const char *status_label(const char *key)
{
    if (!strcmp(key, "success")) return _("success");
    if (!strcmp(key, "failed")) return _("failed");
    if (!strcmp(key, "aborted")) return _("aborted");
    return key;
}

static int un_fetch(void *ctx, const ListKey *anchor, ListDir dir, int n, ListRow *out, Err *e)
{
    (void)ctx;
    WipeRow a, *rows = malloc(sizeof *rows * (size_t)n);
    if (!rows) return err_set(e, ERR_INTERNAL, "%s", _("Out of memory."));
    if (anchor) {
        a.hlc = anchor->i;
        snprintf(a.key, sizeof a.key, "%s", anchor->s);
    }
    int k = wipe_unassigned_page(app_ctx(), anchor ? &a : NULL, dir == LIST_BEFORE ? -1 : 1, dir == LIST_FROM, n,
                                 rows, e);
    for (int i = 0; i < k; i++) {
        const WipeRow *r = &rows[i];
        ListRow *o = &out[i];
        o->key.i = r->hlc;
        snprintf(o->key.s, sizeof o->key.s, "%s", r->key);
        snprintf(o->cells[0], LIST_CELL_MAX, "%s", r->serial);
        snprintf(o->cells[1], LIST_CELL_MAX, "%s", r->model);
        snprintf(o->cells[2], LIST_CELL_MAX, "%s", status_label(r->status));
        snprintf(o->cells[3], LIST_CELL_MAX, "%.19s", r->started);
        snprintf(o->cells[4], LIST_CELL_MAX, "%s", r->tool);
        o->color = strcmp(r->status, "success") ? CLR_WARN : CLR_NORMAL;
    }
    free(rows);
    return k;
}

static const ListCol un_cols[] = {
    { N_("Serial"), 24 }, { N_("Model"), 22 }, { N_("Status"), 9 }, { N_("Started"), 19 }, { N_("Tool"), 0 },
};

static void reload(Unassigned *u)
{
    Err e = { 0 };
    u->count = wipe_unassigned_count(app_ctx(), &e);
    if (u->count < 0) {
        snprintf(u->msg, sizeof u->msg, "%s", e.msg);
        u->msg_color = CLR_ERROR;
        u->count = 0;
    }
    list_reload(&u->list);
}

static void un_enter(Screen *s) { reload(s->state); }

static void un_leave(Screen *s)
{
    Unassigned *u = s->state;
    list_free(&u->list);
    free(u);
}

/* Chooses the device a scan or the field names. 1 found, 0 not. */
static int choose(Unassigned *u, const char *text)
{
    Err e = { 0 };
    int r = scan_resolve(app_ctx(), text, &u->target, &e);
    if (r == 1) {
        form_set_text(&u->form, 0, u->target.id);
        snprintf(u->msg, sizeof u->msg, _("Device %s chosen: Enter links the selected wipe to it."), u->target.id);
        u->msg_color = CLR_OK;
        return 1;
    }
    u->target.id[0] = '\0';
    if (r < 0) snprintf(u->msg, sizeof u->msg, "%s", e.msg);
    else snprintf(u->msg, sizeof u->msg, _("No device matches \"%s\"."), text);
    u->msg_color = r < 0 ? CLR_ERROR : CLR_WARN;
    return 0;
}

static int assign(Unassigned *u)
{
    char typed[FORM_TEXT_MAX * 4 + 1];
    form_text(&u->form, 0, typed, sizeof typed);
    if ((!u->target.id[0] || strcmp(typed, u->target.id)) && (!typed[0] || !choose(u, typed))) {
        if (!typed[0]) {
            snprintf(u->msg, sizeof u->msg, "%s", _("Scan the device's label or type its asset id first."));
            u->msg_color = CLR_WARN;
        }
        return TUI_REDRAW;
    }
    const ListRow *w = list_current(&u->list);
    if (!w) {
        screen_flash(CLR_WARN, "%s", _("No unassigned wipe."));
        return TUI_REDRAW;
    }
    Err e = { 0 };
    Claim before, after;
    int had = device_claim(app_ctx(), &u->target, &before, NULL) == 0;
    char serial[128];
    snprintf(serial, sizeof serial, "%s", w->cells[0]);
    if (wipe_assign(app_ctx(), w->key.s, u->target.id, NULL, &e) < 0) {
        snprintf(u->msg, sizeof u->msg, "%s", e.msg);
        u->msg_color = CLR_ERROR;
        return TUI_REDRAW;
    }
    Device d;
    if (device_get(app_ctx(), u->target.id, &d, NULL) == 1) u->target = d;
    if (had && device_claim(app_ctx(), &u->target, &after, NULL) == 0 && before.reconditionne != after.reconditionne)
        snprintf(u->msg, sizeof u->msg, _("Wipe of %s linked to %s; claim: %s → %s."), serial, u->target.id,
                 claim_label(&before), claim_label(&after));
    else
        snprintf(u->msg, sizeof u->msg, _("Wipe of %s linked to %s."), serial, u->target.id);
    u->msg_color = CLR_OK;
    reload(u);
    return TUI_REDRAW;
}

static int un_scan(Screen *s, const char *text)
{
    choose(s->state, text);
    return TUI_REDRAW;
}

static void un_draw(Screen *s, WINDOW *w, int full)
{
    Unassigned *u = s->state;
    int rows = getmaxy(w), cols = getmaxx(w);
    char buf[512];
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    snprintf(buf, sizeof buf, _("Wipes that matched no device: %lld"), (long long)u->count);
    draw_text(w, 0, 1, buf, cols - 2, 0);
    wattrset(w, A_NORMAL);
    form_draw(&u->form, w, 1, 2);
    wattrset(w, term_attr(CLR_DIM));
    if (u->target.id[0])
        snprintf(buf, sizeof buf, _("→ %s  %s %s (serial %s)"), u->target.id, u->target.make, u->target.model,
                 u->target.serial);
    else
        snprintf(buf, sizeof buf, "%s", _("Scan a device's label, or type its asset id; Enter links the selected wipe."));
    int top = 3 + draw_wrap(w, 3, 2, cols - 4, 2, buf);   /* the hint wraps, the list follows */
    wattrset(w, A_NORMAL);
    list_draw(&u->list, w, top, rows - top - 2 > 2 ? rows - top - 2 : 2, 1);
    if (u->msg[0]) {
        wattrset(w, term_attr(u->msg_color));
        draw_wrap(w, rows - 2, 1, cols - 2, 2, u->msg);
    }
    wattrset(w, A_NORMAL);
}

static int un_handle(Screen *s, Key k)
{
    Unassigned *u = s->state;
    int r = list_key(&u->list, k);
    if (r) return r;
    if (k == K_TAB || k == K_BTAB) return TUI_UNHANDLED;
    r = form_handle(&u->form, k);
    if (r & FORM_SUBMIT) return assign(u);
    return r ? TUI_REDRAW : TUI_UNHANDLED;
}

static int un_run(Screen *s, int req)
{
    if (req == REQ_IMPORT) { scr_wipe_import_open(NULL); return TUI_REDRAW; }
    return assign(s->state);
}

/* The device field takes every letter: Import's other key is a Ctrl key. */
const Action scr_wipe_unassigned_actions[] = {
    { REQ_ASSIGN, { K_ENTER, K_F(2) }, N_("Link"), N_("Link the selected wipe to the chosen device"), un_run },
    { REQ_IMPORT, { K_F(3), K_CTRL('o') }, N_("Import"), N_("Import nwipe logs"), un_run },
    { 0 }
};

void scr_wipe_unassigned_open(void)
{
    static const Screen tmpl = {
        .name = "wipe_unassigned", .title = N_("Unassigned wipes"), .actions = scr_wipe_unassigned_actions,
        .enter = un_enter, .leave = un_leave, .draw = un_draw, .handle = un_handle, .on_scan = un_scan,
    };
    Unassigned *u = calloc(1, sizeof *u);
    if (!u) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    u->field = (FormField){ .kind = FIELD_TEXT, .label = N_("Device"), .width = 24 };
    form_init(&u->form, &u->field, 1, NULL);
    if (list_init(&u->list, un_cols, 5, un_fetch, u, LINES > 10 ? LINES - 10 : 2) < 0) {
        free(u);
        screen_flash(CLR_ERROR, "%s", _("Out of memory."));
        return;
    }
    u->list.empty = _("Every wipe record belongs to a device.");
    if (screen_push(&tmpl, u) < 0) un_leave(&(Screen){ .state = u });
}
