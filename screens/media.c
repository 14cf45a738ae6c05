/*
 * media.c — the storage media of one device (issue 3, items 4 and 5),
 * opened from the device detail with m. The list shows every disk with its
 * serial, model, type, capacity and wipe status, under the device's claim;
 * from it the technician
 *   F2  (^N) adds a disk by hand: serial, model, type, capacity ("500G",
 *       "1T", "256 GB" or bytes, core media_bytes_parse); a barcode scan
 *       anywhere on this screen fills the serial (the disk's sticker) and
 *       never opens another device;
 *   F3  (^P) probes this machine (core/probe: sysfs and smartctl) and adds
 *       the disks chosen with Space (Enter adds them, or the one under the
 *       cursor when none is chosen);
 *   F4  (^W, or Enter) records a wipe of the selected disk by hand through
 *       wipe_add(), the call behind `boucle wipe add`; its validation
 *       messages show under the form, which keeps what was typed;
 *   n   declares, after a confirmation, that the device holds no storage
 *       (media_declare_none(), as `boucle media none`): what the claim asks
 *       for when no disk is recorded; refused when one is.
 * The forms take every letter, so the F-keys' other keys are Ctrl keys.
 * After each addition the message line tells the claim before → after: an
 * unwiped disk turns a « reconditionné » device back to « d'occasion », its
 * successful wipe turns it back.
 *
 * Modes: LIST, ADD (form), PROBE (chooser), WIPE (form); each has its
 * own action table (the bar shows what Enter does there: add, add the
 * chosen, record); Esc in a mode goes back to the list, Esc in the list
 * leaves. The wipe form keeps its values
 * from one disk to the next (the next disk is often wiped the same way); the
 * add form keeps only the type.
 *
 * State: the device, its media and each one's latest wipe status (reloaded
 * on enter and after every change), the two forms, the probed disks.
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "screens/media.h"
#include "screens/disks.h"
#include "core/grading/grading.h"
#include "core/wipe/media.h"
#include "core/wipe/probe.h"
#include "core/wipe/wipe.h"
#include "tui/dialog.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MODE_LIST, MODE_ADD, MODE_PROBE, MODE_WIPE };
enum { REQ_ADD = REQ_SCREEN, REQ_PROBE, REQ_WIPE, REQ_NONE_DECLARE, REQ_SAVE, REQ_PICK };
enum { A_SERIAL, A_MODEL, A_TYPE, A_CAPACITY, A_FIELDS };
enum { W_CATEGORY, W_TECHNIQUE, W_TOOL, W_VERSION, W_VERIFICATION, W_RESULT, W_STATUS, W_FIELDS };

#define PROBE_MAX 32      /* disks of one machine: a server has a few dozen at most */
#define LIST_TOP 4        /* body row of the first disk / form field: title, claim (2 rows), header */

typedef struct MediaScreen {
    Device d;
    MediaList media;
    char (*last)[16];              /* per medium: its latest wipe status, "" = none */
    Claim claim;
    int claim_ok;                  /* claim computed */
    int none;                      /* declared without storage */
    int mode, cur, top;
    FormField add_f[A_FIELDS];
    Form add;
    FormField wipe_f[W_FIELDS];
    Form wipe;
    char cap_msg[256];             /* the capacity validator's message */
    ProbedMedium probed[PROBE_MAX];
    int nprobed, pcur;
    unsigned char picked[PROBE_MAX], present[PROBE_MAX];
    char msg[1024];
    TermColor msg_color;
} MediaScreen;

static void say(MediaScreen *t, TermColor c, const char *text)
{
    snprintf(t->msg, sizeof t->msg, "%s", text);
    t->msg_color = c;
}

/* Reloads the device, its claim, its media and their latest wipe status. */
static void reload(MediaScreen *t)
{
    Err e = { 0 };
    media_list_free(&t->media);
    free(t->last);
    t->last = NULL;
    t->claim_ok = 0;
    if (device_get(app_ctx(), t->d.id, &t->d, &e) != 1 || media_list(app_ctx(), t->d.id, &t->media, &e) < 0) {
        say(t, CLR_ERROR, e.msg[0] ? e.msg : _("Unknown device."));
        if (t->mode == MODE_WIPE) t->mode = MODE_LIST;
        return;
    }
    t->claim_ok = device_claim(app_ctx(), &t->d, &t->claim, NULL) == 0;
    t->none = media_none_declared(app_ctx(), t->d.id, NULL) == 1;
    t->last = calloc(t->media.n ? t->media.n : 1, sizeof *t->last);
    json_t *wipes = t->last ? wipes_json(app_ctx(), t->d.id, NULL) : NULL;
    size_t i;
    json_t *w;
    json_array_foreach(wipes, i, w) {   /* oldest first: the last one wins */
        char key[SERIAL_MAX * 4 + 1];
        const char *st = json_string_value(json_object_get(w, "status"));
        const char *serial = json_string_value(json_object_get(w, "serial"));
        serial_key(serial ? serial : "", key, sizeof key);
        for (size_t m = 0; st && m < t->media.n; m++)
            if (!strcmp(t->media.items[m].key, key)) snprintf(t->last[m], sizeof t->last[m], "%s", st);
    }
    json_decref(wipes);
    if (t->cur >= (int)t->media.n) t->cur = t->media.n ? (int)t->media.n - 1 : 0;
    if (!t->media.n && t->mode == MODE_WIPE) t->mode = MODE_LIST;   /* no disk to wipe */
}

/* The table of the mode the screen is in: the bar follows the mode. */
static int show_mode(Screen *s, int r)
{
    static const Action *const TABLES[] = {
        [MODE_LIST] = scr_media_actions, [MODE_ADD] = scr_media_add_actions,
        [MODE_PROBE] = scr_media_probe_actions, [MODE_WIPE] = scr_media_wipe_actions,
    };
    MediaScreen *t = s->state;
    s->actions = TABLES[t->mode];
    return r;
}

static void media_enter(Screen *s)
{
    reload(s->state);
    show_mode(s, 0);
}

static void media_leave(Screen *s)
{
    MediaScreen *t = s->state;
    media_list_free(&t->media);
    free(t->last);
    free(t);
}

/* The claim now, for the before → after message; -1 when unknown. */
static int claim_now(MediaScreen *t, Claim *cl)
{
    Device d;
    if (device_get(app_ctx(), t->d.id, &d, NULL) != 1 || device_claim(app_ctx(), &d, cl, NULL) < 0) return -1;
    return cl->reconditionne;
}

/* The claim's words for a message: *a the label now ("—" when unknown);
 * returns 1 when it changed since before (then *b is the label before). */
static int claim_words(int before, const Claim *bc, int after, const Claim *ac, const char **b, const char **a)
{
    *b = before >= 0 ? claim_label(bc) : "—";
    *a = after >= 0 ? claim_label(ac) : "—";
    return before >= 0 && after >= 0 && before != after;
}

/* ---- adding a disk by hand ---------------------------------------------- */

static const char *validate_capacity(const char *value, void *ctx)
{
    MediaScreen *t = ctx;
    int64_t b;
    Err e = { 0 };
    if (media_bytes_parse(value, &b, &e) == 0) return NULL;
    snprintf(t->cap_msg, sizeof t->cap_msg, "%s", e.msg);
    return t->cap_msg;
}

static void open_add(MediaScreen *t, const char *serial)
{
    for (int i = 0; i < A_FIELDS; i++)
        if (i != A_TYPE) form_set_text(&t->add, i, "");
    if (serial) form_set_text(&t->add, A_SERIAL, serial);
    t->add.focus = serial ? A_MODEL : A_SERIAL;
    t->mode = MODE_ADD;
}

static int save_add(MediaScreen *t)
{
    char serial[FORM_TEXT_MAX * 4 + 1], model[FORM_TEXT_MAX * 4 + 1], cap[FORM_TEXT_MAX * 4 + 1];
    MediaNew m = { .serial = form_text(&t->add, A_SERIAL, serial, sizeof serial),
                   .model = form_text(&t->add, A_MODEL, model, sizeof model),
                   .type = vocab_key(&VOCAB_MEDIA_TYPE, t->add_f[A_TYPE].choice), .bytes = -1 };
    Err e = { 0 };
    Claim before, after;
    const char *cb, *ca;
    int bad = form_validate(&t->add);
    if (bad >= 0) { t->add.focus = bad; return TUI_REDRAW; }
    int b = claim_now(t, &before);
    if (media_bytes_parse(form_text(&t->add, A_CAPACITY, cap, sizeof cap), &m.bytes, &e) < 0 ||
        media_add(app_ctx(), t->d.id, &m, NULL, &e) < 0) {
        say(t, CLR_ERROR, e.msg);
        return TUI_REDRAW;
    }
    int a = claim_now(t, &after);
    if (claim_words(b, &before, a, &after, &cb, &ca))
        snprintf(t->msg, sizeof t->msg, _("Disk %s added; claim: %s → %s."), serial, cb, ca);
    else
        snprintf(t->msg, sizeof t->msg, _("Disk %s added; claim: %s."), serial, ca);
    t->msg_color = CLR_OK;
    t->mode = MODE_LIST;
    reload(t);
    t->cur = t->media.n ? (int)t->media.n - 1 : 0;   /* the new one, listed last */
    return TUI_REDRAW;
}

/* ---- probing this machine ----------------------------------------------- */

static const char *probed_serial(const ProbedMedium *p) { return p->serial[0] ? p->serial : p->name; }

static int has_serial(const MediaScreen *t, const char *serial)
{
    char key[SERIAL_MAX * 4 + 1];
    serial_key(serial, key, sizeof key);
    for (size_t i = 0; i < t->media.n; i++)
        if (!strcmp(t->media.items[i].key, key)) return 1;
    return 0;
}

static int open_probe(MediaScreen *t)
{
    Err e = { 0 };
    int n = probe_media(getenv("BOUCLE_SYSFS"), t->probed, PROBE_MAX, &e);
    if (n < 0) { say(t, CLR_ERROR, e.msg); return TUI_REDRAW; }
    t->nprobed = n;
    t->pcur = 0;
    for (int i = 0; i < n; i++) {
        t->present[i] = (unsigned char)has_serial(t, probed_serial(&t->probed[i]));
        t->picked[i] = 0;
    }
    if (!n) { say(t, CLR_WARN, _("This machine shows no disk (loop, RAM and optical devices are not media).")); return TUI_REDRAW; }
    say(t, CLR_NORMAL, _("Space chooses disks, Enter adds them (or the one under the cursor); [=] is already in this device."));
    t->mode = MODE_PROBE;
    return TUI_REDRAW;
}

static int save_probe(MediaScreen *t)
{
    int any = 0, added = 0;
    Claim before, after;
    const char *cb, *ca;
    Err e = { 0 };
    for (int i = 0; i < t->nprobed; i++) any |= t->picked[i];
    if (!any && t->nprobed) t->picked[t->pcur] = 1;
    int b = claim_now(t, &before);
    for (int i = 0; i < t->nprobed; i++) {
        const ProbedMedium *p = &t->probed[i];
        if (!t->picked[i] || t->present[i]) continue;
        /* a tool's serial, as `boucle probe --add` records it */
        MediaNew m = { .serial = probed_serial(p), .model = p->model, .type = p->type, .bytes = p->bytes };
        if (media_ensure(app_ctx(), t->d.id, &m, &e) < 0) break;
        added++;
        t->present[i] = 1;
    }
    int a = claim_now(t, &after), changed = claim_words(b, &before, a, &after, &cb, &ca);
    if (e.msg[0]) snprintf(t->msg, sizeof t->msg, ngettext("%d disk added, then: %s", "%d disks added, then: %s", (unsigned long)added),
                               added, e.msg);
    else if (!added) snprintf(t->msg, sizeof t->msg, "%s", _("These disks are already in this device."));
    else if (changed) snprintf(t->msg, sizeof t->msg, ngettext("%d disk added; claim: %s → %s.", "%d disks added; claim: %s → %s.",
                                                        (unsigned long)added), added, cb, ca);
    else snprintf(t->msg, sizeof t->msg, ngettext("%d disk added; claim: %s.", "%d disks added; claim: %s.", (unsigned long)added),
                       added, ca);
    t->msg_color = e.msg[0] ? CLR_ERROR : added ? CLR_OK : CLR_WARN;
    if (!e.msg[0]) t->mode = MODE_LIST;
    reload(t);
    return TUI_REDRAW;
}

/* ---- recording a wipe by hand ------------------------------------------- */

static int open_wipe(MediaScreen *t)
{
    if (!t->media.n) {
        char add[32], probe[32], buf[512];
        snprintf(buf, sizeof buf, _("Add the disk first: %s by hand or by scanning its serial, %s from this machine."),
                 action_key_name(scr_media_actions, REQ_ADD, add, sizeof add),
                 action_key_name(scr_media_actions, REQ_PROBE, probe, sizeof probe));
        say(t, CLR_WARN, buf);
        return TUI_REDRAW;
    }
    for (int i = 0; i < W_FIELDS; i++) t->wipe_f[i].msg[0] = '\0';
    t->wipe.focus = W_CATEGORY;   /* values stay from the last wipe; the walk starts over */
    t->msg[0] = '\0';
    t->mode = MODE_WIPE;
    return TUI_REDRAW;
}

static int save_wipe(MediaScreen *t)
{
    const Medium *m = &t->media.items[t->cur];
    char tool[FORM_TEXT_MAX * 4 + 1], ver[FORM_TEXT_MAX * 4 + 1], serial[sizeof m->serial];
    const char *cb, *ca;
    int bad = form_validate(&t->wipe);
    if (bad >= 0) { t->wipe.focus = bad; return TUI_REDRAW; }
    snprintf(serial, sizeof serial, "%s", m->serial);
    WipeNew w = {
        .media = serial, .passes = -1,
        .category = vocab_key(&VOCAB_WIPE_CATEGORY, t->wipe_f[W_CATEGORY].choice),
        .technique = vocab_key(&VOCAB_TECHNIQUE, t->wipe_f[W_TECHNIQUE].choice),
        .tool = form_text(&t->wipe, W_TOOL, tool, sizeof tool),
        .tool_version = form_text(&t->wipe, W_VERSION, ver, sizeof ver),
        .verification = vocab_key(&VOCAB_VERIFICATION, t->wipe_f[W_VERIFICATION].choice),
        .verification_result = vocab_key(&VOCAB_VERIF_RESULT, t->wipe_f[W_RESULT].choice),
        .status = vocab_key(&VOCAB_WIPE_STATUS, t->wipe_f[W_STATUS].choice),
    };
    Err e = { 0 };
    Claim before, after;
    int b = claim_now(t, &before);
    if (wipe_add(app_ctx(), t->d.id, &w, NULL, &e) < 0) {
        say(t, CLR_ERROR, e.msg);   /* shown under the form, which stays */
        return TUI_REDRAW;
    }
    int a = claim_now(t, &after);
    const char *st = vocab_label(&VOCAB_WIPE_STATUS, t->wipe_f[W_STATUS].choice);
    if (claim_words(b, &before, a, &after, &cb, &ca))
        snprintf(t->msg, sizeof t->msg, _("Wipe of disk %s recorded (%s); claim: %s → %s."), serial, st, cb, ca);
    else
        snprintf(t->msg, sizeof t->msg, _("Wipe of disk %s recorded (%s); claim: %s."), serial, st, ca);
    t->msg_color = strcmp(w.status, "success") ? CLR_WARN : CLR_OK;
    t->mode = MODE_LIST;
    reload(t);
    return TUI_REDRAW;
}

/* ---- declaring no storage ---------------------------------------------- */

static void declare_none(MediaScreen *t)
{
    Err e = { 0 };
    Claim before, after;
    const char *cb, *ca;
    int b = claim_now(t, &before);
    if (media_declare_none(app_ctx(), t->d.id, NULL, &e) < 0) {
        say(t, CLR_ERROR, e.msg);
        return;
    }
    int a = claim_now(t, &after);
    if (claim_words(b, &before, a, &after, &cb, &ca))
        snprintf(t->msg, sizeof t->msg, _("%s declared without storage; claim: %s → %s."), t->d.id, cb, ca);
    else
        snprintf(t->msg, sizeof t->msg, _("%s declared without storage; claim: %s."), t->d.id, ca);
    t->msg_color = CLR_OK;
    reload(t);
}

static void declare_none_answer(void *ctx, int yes)
{
    MediaScreen *t = ctx;
    if (yes) declare_none(t);
    else say(t, CLR_NORMAL, _("Nothing declared."));
}

/* With disks recorded, core refuses at once and says which; else ask. */
static int open_none(MediaScreen *t)
{
    char text[512];
    if (t->none) {
        say(t, CLR_NORMAL, _("This device is already declared without storage."));
        return TUI_REDRAW;
    }
    if (t->media.n) {
        declare_none(t);
        return TUI_REDRAW;
    }
    snprintf(text, sizeof text, _("Declare that %s holds no disk, SSD or eMMC? Its claim and its states will no longer wait for a disk to be erased."),
             t->d.id);
    t->msg[0] = '\0';
    dialog_confirm(_("Declare without storage"), text, declare_none_answer, t);
    return TUI_REDRAW;
}

/* ---- keys and scans ----------------------------------------------------- */

/* A scan fills the serial of the add form (the disk's sticker); in the
 * wipe form it chooses the disk. The device's own label or serial sticker,
 * scanned by mistake, is refused. */
static int media_scan_mode(Screen *s, const char *text)
{
    MediaScreen *t = s->state;
    char key[SERIAL_MAX * 4 + 1], own[SERIAL_MAX * 4 + 1], id[SERIAL_MAX * 4 + 1];
    serial_key(text, key, sizeof key);
    serial_key(t->d.serial, own, sizeof own);
    serial_key(t->d.id, id, sizeof id);
    if (!strcmp(key, id) || (own[0] && !strcmp(key, own)) || strstr(text, t->d.id)) {
        snprintf(t->msg, sizeof t->msg, _("%s is this device's own label or serial: scan the disk's sticker."), text);
        t->msg_color = CLR_WARN;
        return TUI_REDRAW;
    }
    if (t->mode == MODE_WIPE) {
        for (size_t i = 0; i < t->media.n; i++)
            if (!strcmp(t->media.items[i].key, key)) {
                t->cur = (int)i;
                t->msg[0] = '\0';
                return TUI_REDRAW;
            }
        char add[32];
        snprintf(t->msg, sizeof t->msg, _("Device %s has no disk %s: add it first (%s)."), t->d.id, text,
                 action_key_name(scr_media_actions, REQ_ADD, add, sizeof add));
        t->msg_color = CLR_WARN;
        return TUI_REDRAW;
    }
    if (t->mode != MODE_ADD) open_add(t, text);
    else { form_set_text(&t->add, A_SERIAL, text); form_focus(&t->add, A_MODEL); }
    snprintf(t->msg, sizeof t->msg, _("Serial %s scanned: complete the disk, Enter adds it."), text);
    t->msg_color = CLR_OK;
    return TUI_REDRAW;
}

static int media_scan(Screen *s, const char *text) { return show_mode(s, media_scan_mode(s, text)); }

static int cursor_key(int *cur, int n, Key k)
{
    int c = *cur;
    if (k == K_DOWN) c++;
    else if (k == K_UP) c--;
    else if (k == K_PGDN) c += 10;
    else if (k == K_PGUP) c -= 10;
    else if (k == K_HOME) c = 0;
    else if (k == K_END) c = n - 1;
    else return 0;
    if (c > n - 1) c = n - 1;
    if (c < 0) c = 0;
    *cur = c;
    return 1;
}

static int pick(MediaScreen *t)
{
    if (t->nprobed && !t->present[t->pcur]) {
        t->picked[t->pcur] ^= 1;
        if (t->pcur + 1 < t->nprobed) t->pcur++;
    }
    return TUI_REDRAW;
}

static int media_handle_mode(Screen *s, Key k)
{
    MediaScreen *t = s->state;
    if (k == K_ESC && t->mode != MODE_LIST) { t->mode = MODE_LIST; t->msg[0] = '\0'; return TUI_REDRAW; }
    switch (t->mode) {
    case MODE_LIST:
        return cursor_key(&t->cur, (int)t->media.n, k) ? TUI_REDRAW : TUI_UNHANDLED;
    case MODE_PROBE:
        if (cursor_key(&t->pcur, t->nprobed, k)) return TUI_REDRAW;
        return TUI_UNHANDLED;   /* Space and Enter are in its table */
    case MODE_ADD: {
        int r = form_handle(&t->add, k);
        if (r & FORM_SUBMIT) return save_add(t);
        return r ? TUI_REDRAW : TUI_UNHANDLED;
    }
    default: {
        int r = form_handle(&t->wipe, k);
        if (r & FORM_SUBMIT) return save_wipe(t);
        return r ? TUI_REDRAW : TUI_UNHANDLED;
    }
    }
}

static int media_handle(Screen *s, Key k) { return show_mode(s, media_handle_mode(s, k)); }

/* F2/F3/F4 open their mode from the list and the other modes; in a mode,
 * its own F-key (and Enter) confirms it: REQ_SAVE of its table. */
static int media_run_mode(MediaScreen *t, int req)
{
    switch (req) {
    case REQ_ADD: open_add(t, NULL); t->msg[0] = '\0'; return TUI_REDRAW;
    case REQ_PROBE: return open_probe(t);
    case REQ_WIPE: return open_wipe(t);
    case REQ_NONE_DECLARE: return open_none(t);
    case REQ_PICK: return pick(t);
    case REQ_SAVE:
        if (t->mode == MODE_ADD) return form_submit(&t->add) & FORM_SUBMIT ? save_add(t) : TUI_REDRAW;
        if (t->mode == MODE_PROBE) return save_probe(t);
        if (t->mode == MODE_WIPE) return form_submit(&t->wipe) & FORM_SUBMIT ? save_wipe(t) : TUI_REDRAW;
    }
    return TUI_UNHANDLED;
}

static int media_run(Screen *s, int req) { return show_mode(s, media_run_mode(s->state, req)); }

/* ---- drawing ------------------------------------------------------------ */

static const char *wipe_word(const Medium *m, const char *last)
{
    if (m->erased) return _("erased");
    if (!strcmp(last, "failed")) return _("FAILED");
    if (!strcmp(last, "aborted")) return _("aborted");
    return _("not erased");
}

/* Draws the fields of f that fit in `rows` rows from row y, the focused one
 * always among them (a 16-row terminal cannot show the whole wipe form). */
static void draw_form(Form *f, WINDOW *w, int y, int rows)
{
    int fit = rows / 2 < 1 ? 1 : rows / 2, first = 0;
    if (f->n > fit && f->focus >= fit) first = f->focus - fit + 1;
    Form view = *f;
    view.fields = f->fields + first;
    view.n = f->n - first < fit ? f->n - first : fit;
    view.focus = f->focus - first;
    form_draw(&view, w, y, 2);
}

/* Draws one cell of a row: from column x, at most `width` columns, never
 * past the window's last column (narrow terminals lose the right columns). */
static void draw_list(MediaScreen *t, WINDOW *w, int rows, int cols)
{
    char cap[32];
    /* serial 24, model 24 (less on a narrow terminal, so that the wipe
     * status, what this screen is for, stays in sight), type 5, capacity 8 */
    int mw = cols - 55 < 6 ? 6 : cols - 55 > 24 ? 24 : cols - 55;
    const int X[] = { 1, 26, 27 + mw, 33 + mw, 42 + mw };
    static const char *const HEAD[] = { N_("Serial"), N_("Model"), N_("Type"), N_("Capacity"), N_("Wipe") };
    wattrset(w, term_attr(CLR_HEADER));
    draw_text(w, LIST_TOP - 1, 0, "", cols, 1);
    for (int i = 0; i < 5; i++) draw_cell(w, LIST_TOP - 1, X[i], _(HEAD[i]), (i < 4 ? X[i + 1] - 1 : cols) - X[i]);
    int h = rows - LIST_TOP - 2, n = (int)t->media.n;
    if (h < 1) h = 1;
    if (t->cur < t->top) t->top = t->cur;
    if (t->cur >= t->top + h) t->top = t->cur - h + 1;
    for (int i = t->top, y = LIST_TOP; i < n && y < LIST_TOP + h; i++, y++) {
        const Medium *m = &t->media.items[i];
        media_bytes_text(m->bytes, cap, sizeof cap);
        char serial[64], model[64], type[32], capc[32];
        /* columns by display width: accents and "—" count as one */
        snprintf(serial, sizeof serial, "%s", m->serial);
        snprintf(model, sizeof model, "%s", m->model[0] ? m->model : "—");
        snprintf(type, sizeof type, "%s", media_type_label(m->type));
        snprintf(capc, sizeof capc, "%s", cap);
        wattrset(w, i == t->cur ? term_attr(CLR_SELECTION) : term_attr(m->erased ? CLR_NORMAL : CLR_WARN));
        draw_text(w, y, 1, "", cols - 2, 1);
        draw_cell(w, y, X[0], serial, 24);
        draw_cell(w, y, X[1], model, mw);
        draw_cell(w, y, X[2], type, 5);
        draw_cell(w, y, X[3], capc, 8);
        draw_cell(w, y, X[4], wipe_word(m, t->last ? t->last[i] : ""), cols);
    }
    wattrset(w, term_attr(CLR_DIM));
    if (!n && t->none) draw_wrap(w, LIST_TOP, 2, cols - 4, 2, _("No disk: this device is declared without storage."));
    else if (!n) {
        char add[32], probe[32], none[32], buf[512];
        snprintf(buf, sizeof buf, _("No disk recorded. %s adds one by hand (or scan its serial), %s finds those of this "
                                    "machine, %s declares it without storage."),
                 action_key_name(scr_media_actions, REQ_ADD, add, sizeof add),
                 action_key_name(scr_media_actions, REQ_PROBE, probe, sizeof probe),
                 action_key_name(scr_media_actions, REQ_NONE_DECLARE, none, sizeof none));
        draw_wrap(w, LIST_TOP, 2, cols - 4, 2, buf);
    }
}

/* "[=]" a disk already recorded (dimmed), "[x]" chosen, "[ ]" not. */
static const char *probe_mark(void *arg, int i, int *dim)
{
    MediaScreen *t = arg;
    *dim = t->present[i];
    return t->present[i] ? "[=]" : t->picked[i] ? "[x]" : "[ ]";
}

static void draw_probe(MediaScreen *t, WINDOW *w, int rows)
{
    scr_disks_draw(w, LIST_TOP, rows - LIST_TOP - 2, t->probed, t->nprobed, t->pcur, probe_mark, t);
}

static void media_draw(Screen *s, WINDOW *w, int full)
{
    MediaScreen *t = s->state;
    int rows = getmaxy(w), cols = getmaxx(w);
    char buf[CLAIM_MISSING_MAX * 260 + 256];
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    snprintf(buf, sizeof buf, _("Storage media of %s  %s %s"), t->d.id, t->d.make, t->d.model);
    draw_text(w, 0, 1, buf, cols - 2, 0);
    if (t->claim_ok) {
        /* every reason, not only the first: « not graded yet » must not
         * hide the disk that is not erased, on the disks' own screen */
        char why[CLAIM_MISSING_MAX * 260] = "";
        for (int i = 0; i < t->claim.nmissing; i++)
            snprintf(why + strlen(why), sizeof why - strlen(why), " — %s", t->claim.missing[i]);
        snprintf(buf, sizeof buf, _("Claim: %s%s%s"), claim_label(&t->claim), "", why);
        wattrset(w, term_attr(t->claim.reconditionne ? CLR_OK : CLR_WARN));
        draw_wrap(w, 1, 2, cols - 4, 2, buf);
    }
    wattrset(w, A_NORMAL);
    int body = rows - LIST_TOP - 2;   /* the last two rows are the message's */
    switch (t->mode) {
    case MODE_LIST: draw_list(t, w, rows, cols); break;
    case MODE_PROBE: draw_probe(t, w, rows); break;
    case MODE_ADD:
        wattrset(w, term_attr(CLR_HEADER));
        draw_text(w, LIST_TOP - 1, 0, _("Add a disk: scan its serial or type it; Enter adds it, Esc goes back."), cols, 1);
        draw_form(&t->add, w, LIST_TOP, body);
        break;
    default: {
        const Medium *m = &t->media.items[t->cur];
        char cap[32];
        media_bytes_text(m->bytes, cap, sizeof cap);
        /* the keys are in the bar (Entrée Enregistrer, Échap Retour); a long
         * model is cut with « … » rather than pushing the header past the
         * row */
        snprintf(buf, sizeof buf, _("Wipe of disk %s (%s %s, %s)"), m->serial, media_type_label(m->type), m->model, cap);
        wattrset(w, term_attr(CLR_HEADER));
        draw_text_cut(w, LIST_TOP - 1, 0, buf, cols, 1);
        draw_form(&t->wipe, w, LIST_TOP, body);
    }
    }
    if (t->msg[0]) {
        wattrset(w, term_attr(t->msg_color));
        draw_wrap(w, rows - 2, 1, cols - 2, 2, t->msg);
    }
    wattrset(w, A_NORMAL);
}

/* The list. */
const Action scr_media_actions[] = {
    { REQ_ADD, { K_F(2), K_CTRL('n') }, N_("Add disk"), N_("Add a disk by hand (a scan fills its serial)"), media_run },
    { REQ_PROBE, { K_F(3), K_CTRL('p') }, N_("Probe"), N_("Find the disks of this machine (sysfs, smartctl), to add the chosen ones"), media_run },
    { REQ_WIPE, { K_F(4), K_CTRL('w'), K_ENTER }, N_("Wipe"), N_("Record a wipe of the selected disk by hand (hdparm, nvme-cli, a tool, destruction)"), media_run },
    { REQ_NONE_DECLARE, { 'n' }, N_("No disk"), N_("Declare that this device holds no storage medium (asks first)"), media_run },
    { 0 }
};

/* The add form: F2 again (or Enter) adds. */
const Action scr_media_add_actions[] = {
    { REQ_SAVE, { K_ENTER, K_F(2) }, N_("Add"), N_("Add the disk of the form"), media_run },
    { REQ_PROBE, { K_F(3), K_CTRL('p') }, N_("Probe"), N_("Find the disks of this machine (sysfs, smartctl), to add the chosen ones"), media_run },
    { 0 }
};

/* The disks of this machine: Space chooses, F3 again (or Enter) adds. */
const Action scr_media_probe_actions[] = {
    { REQ_SAVE, { K_ENTER, K_F(3) }, N_("Add chosen"), N_("Add the chosen disks, or the one under the cursor when none is"), media_run },
    { REQ_PICK, { ' ' }, N_("Choose"), N_("Choose the disk under the cursor, or no longer"), media_run },
    { REQ_ADD, { K_F(2), K_CTRL('n') }, N_("Add disk"), N_("Add a disk by hand (a scan fills its serial)"), media_run },
    { 0 }
};

/* The wipe form: F4 again (or Enter) records. */
const Action scr_media_wipe_actions[] = {
    { REQ_SAVE, { K_ENTER, K_F(4) }, N_("Record"), N_("Record the wipe of the form"), media_run },
    { REQ_ADD, { K_F(2), K_CTRL('n') }, N_("Add disk"), N_("Add a disk by hand (a scan fills its serial)"), media_run },
    { REQ_PROBE, { K_F(3), K_CTRL('p') }, N_("Probe"), N_("Find the disks of this machine (sysfs, smartctl), to add the chosen ones"), media_run },
    { 0 }
};

void scr_media_open(const char *device)
{
    static const Screen tmpl = {
        .name = "media", .title = N_("Storage media"), .actions = scr_media_actions,
        .enter = media_enter, .leave = media_leave, .draw = media_draw, .handle = media_handle,
        .on_scan = media_scan,
    };
    MediaScreen *t = calloc(1, sizeof *t);
    if (!t) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    snprintf(t->d.id, sizeof t->d.id, "%s", device);
    t->add_f[A_SERIAL] = (FormField){ .kind = FIELD_TEXT, .label = N_("Serial"), .width = 30, .required = 1 };
    t->add_f[A_MODEL] = (FormField){ .kind = FIELD_TEXT, .label = N_("Model"), .width = 30 };
    t->add_f[A_TYPE] = (FormField){ .kind = FIELD_CHOICE, .label = N_("Type"), .width = 12, .choices = vocab_msgids(&VOCAB_MEDIA_TYPE) };
    t->add_f[A_CAPACITY] = (FormField){ .kind = FIELD_TEXT, .label = N_("Capacity"), .width = 14,
                                        .validate = validate_capacity };
    form_init(&t->add, t->add_f, A_FIELDS, t);
    t->wipe_f[W_CATEGORY] = (FormField){ .kind = FIELD_CHOICE, .label = N_("Category"), .width = 50, .choices = vocab_msgids(&VOCAB_WIPE_CATEGORY) };
    t->wipe_f[W_TECHNIQUE] = (FormField){ .kind = FIELD_CHOICE, .label = N_("Technique"), .width = 34, .choices = vocab_msgids(&VOCAB_TECHNIQUE) };
    t->wipe_f[W_TOOL] = (FormField){ .kind = FIELD_TEXT, .label = N_("Tool"), .width = 30, .required = 1 };
    t->wipe_f[W_VERSION] = (FormField){ .kind = FIELD_TEXT, .label = N_("Tool version"), .width = 16 };
    t->wipe_f[W_VERIFICATION] = (FormField){ .kind = FIELD_CHOICE, .label = N_("Verification"), .width = 24, .choices = vocab_msgids(&VOCAB_VERIFICATION) };
    t->wipe_f[W_RESULT] = (FormField){ .kind = FIELD_CHOICE, .label = N_("Result"), .width = 24, .choices = vocab_msgids(&VOCAB_VERIF_RESULT) };
    t->wipe_f[W_STATUS] = (FormField){ .kind = FIELD_CHOICE, .label = N_("Status"), .width = 24, .choices = vocab_msgids(&VOCAB_WIPE_STATUS) };
    form_init(&t->wipe, t->wipe_f, W_FIELDS, t);
    t->add_f[A_TYPE].choice = MT_OTHER;   /* "other", as core defaults */
    if (screen_push(&tmpl, t) < 0) media_leave(&(Screen){ .state = t });
}

