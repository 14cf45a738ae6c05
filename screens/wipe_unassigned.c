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
 * State: the list (reloaded on enter and after each link), the field, the
 * chosen device.
 */
#include "screens/screens.h"
#include "screens/wipe_screens.h"
#include "core/grading.h"
#include "core/scan.h"
#include "core/wipe.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REQ_ASSIGN = REQ_SCREEN, REQ_IMPORT };

typedef struct Unassigned {
    json_t *wipes;                 /* array from wipes_json(c, "") */
    int cur, top;
    FormField field;
    Form form;
    Device target;                 /* chosen device; id "" = none */
    char msg[1024];
    TermColor msg_color;
} Unassigned;

static const char *str(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

static void reload(Unassigned *u)
{
    Err e = { 0 };
    json_decref(u->wipes);
    u->wipes = wipes_json(app_ctx(), "", &e);
    if (!u->wipes) {
        snprintf(u->msg, sizeof u->msg, "%s", e.msg);
        u->msg_color = CLR_ERROR;
        u->wipes = json_array();
    }
    int n = (int)json_array_size(u->wipes);
    if (u->cur >= n) u->cur = n ? n - 1 : 0;
}

static void un_enter(Screen *s) { reload(s->state); }

static void un_leave(Screen *s)
{
    Unassigned *u = s->state;
    json_decref(u->wipes);
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
    json_t *w = json_array_get(u->wipes, (size_t)u->cur);
    if (!w) {
        screen_flash(CLR_WARN, "%s", _("No unassigned wipe."));
        return TUI_REDRAW;
    }
    Err e = { 0 };
    Claim before, after;
    int had = device_claim(app_ctx(), &u->target, &before, NULL) == 0;
    char serial[128];
    snprintf(serial, sizeof serial, "%s", str(w, "serial"));
    if (wipe_assign(app_ctx(), str(w, "key"), u->target.id, &e) < 0) {
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
    int rows = getmaxy(w), cols = getmaxx(w), n = (int)json_array_size(u->wipes);
    char buf[512];
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    snprintf(buf, sizeof buf, _("Wipes that matched no device: %d"), n);
    draw_text(w, 0, 1, buf, cols - 2, 0);
    wattrset(w, A_NORMAL);
    form_draw(&u->form, w, 1, 2);
    wattrset(w, term_attr(CLR_DIM));
    if (u->target.id[0])
        snprintf(buf, sizeof buf, _("→ %s  %s %s (serial %s)"), u->target.id, u->target.make, u->target.model,
                 u->target.serial);
    else
        snprintf(buf, sizeof buf, "%s", _("Scan a device's label, or type its asset id; Enter links the selected wipe."));
    draw_text(w, 3, 2, buf, cols - 4, 1);
    wattrset(w, term_attr(CLR_HEADER));
    snprintf(buf, sizeof buf, "%-24s %-22s %-8s %-19s %s", _("Serial"), _("Model"), _("Status"), _("Started"), _("Tool"));
    draw_text(w, 4, 0, buf, cols, 1);
    int h = rows - 7;
    if (h < 1) h = 1;
    if (u->cur < u->top) u->top = u->cur;
    if (u->cur >= u->top + h) u->top = u->cur - h + 1;
    for (int i = u->top, y = 5; i < n && y < 5 + h; i++, y++) {
        json_t *o = json_array_get(u->wipes, (size_t)i);
        snprintf(buf, sizeof buf, "%-24.24s %-22.22s %-8s %-19.19s %s", str(o, "serial"), str(o, "model"),
                 str(o, "status"), str(o, "started"), str(o, "tool"));
        wattrset(w, i == u->cur ? term_attr(CLR_SELECTION) : A_NORMAL);
        draw_text(w, y, 1, buf, cols - 2, 1);
    }
    wattrset(w, term_attr(CLR_DIM));
    if (!n) draw_text(w, 5, 2, _("Every wipe record belongs to a device."), cols - 4, 0);
    if (u->msg[0]) {
        wattrset(w, term_attr(u->msg_color));
        draw_wrap(w, rows - 2, 1, cols - 2, 2, u->msg);
    }
    wattrset(w, A_NORMAL);
}

static int un_handle(Screen *s, Key k)
{
    Unassigned *u = s->state;
    int n = (int)json_array_size(u->wipes);
    if (k == K_DOWN) { if (u->cur + 1 < n) u->cur++; return TUI_REDRAW; }
    if (k == K_UP) { if (u->cur > 0) u->cur--; return TUI_REDRAW; }
    if (k == K_PGDN) { u->cur = u->cur + 10 < n ? u->cur + 10 : (n ? n - 1 : 0); return TUI_REDRAW; }
    if (k == K_PGUP) { u->cur = u->cur > 10 ? u->cur - 10 : 0; return TUI_REDRAW; }
    if (k == K_TAB || k == K_BTAB) return TUI_UNHANDLED;
    int r = form_handle(&u->form, k);
    if (r & FORM_SUBMIT) return assign(u);
    return r ? TUI_REDRAW : TUI_UNHANDLED;
}

static int un_run(Screen *s, int req)
{
    if (req == REQ_IMPORT) { wipe_import_open(NULL); return TUI_REDRAW; }
    return assign(s->state);
}

static const Action un_actions[] = {
    { REQ_ASSIGN, { K_F(2) }, N_("Link"), N_("Link the selected wipe to the chosen device"), un_run },
    { REQ_IMPORT, { K_F(3) }, N_("Import"), N_("Import nwipe logs"), un_run },
    { 0 }
};

void wipe_unassigned_open(void)
{
    static const Screen tmpl = {
        .name = "wipe_unassigned", .title = N_("Unassigned wipes"), .actions = un_actions,
        .enter = un_enter, .leave = un_leave, .draw = un_draw, .handle = un_handle, .on_scan = un_scan,
    };
    Unassigned *u = calloc(1, sizeof *u);
    if (!u) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    u->field = (FormField){ .kind = FIELD_TEXT, .label = N_("Device"), .width = 24 };
    form_init(&u->form, &u->field, 1, NULL);
    if (screen_push(&tmpl, u) < 0) un_leave(&(Screen){ .state = u });
}
