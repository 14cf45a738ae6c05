/*
 * device.c — one device: its fields and its full event history (who,
 * when, what). Up/Down/PgUp/PgDn scroll the history.
 *
 * The history is newest first, as in a log: at the bench the question is
 * "what was last done to this one?" (graded? wiped? by whom?), and the
 * answer must be on the first line without scrolling; the device's
 * reception, which the fields above already summarise, is the last line.
 * Each line names the event in words (kind_short) and puts its payload in
 * words (kind_describe: new state, grade and outcome, wipe status…), never
 * raw JSON.
 *
 * Nothing that matters is cut at the 80th column: a long donor or
 * outcome wraps in its half of the screen, the claim lists every reason it
 * is not « reconditionné » on its own rows, and a history line's summary
 * wraps under its own column (PgUp/PgDn move by the lines shown).
 *
 * t changes its state (screens/state.c), m opens its disks, o offers it to
 * another workshop of the region (screens/transfer.c) or withdraws the
 * open offer, i probes the machine boucle runs on into it (core/inventory/
 * found.h: DMI, RAM, CPU, disks, battery, as `boucle probe ID --add`) and
 * says what differs from what its donor announced.
 *
 * Under the fields, when known: the hardware (RAM, processor, battery with
 * its wear) and the differences of the newest device.discrepancy event,
 * one per row (« – mémoire vive : annoncé 8 Go, trouvé 4 Go »).
 *
 * A device another workshop owns (opened from the regional view, a search
 * or a transfer) is read-only here: a line under the title says whose it
 * is, the table has only the transfer's answers (a accepts, x declines an
 * offer made to this workshop), and the keys of the others (grade, state,
 * disks…) say « this device belongs to workshop X » instead of failing
 * late. An event the region sent that was refused (core/log/refusal.h)
 * shows in the history as refused, with its reason.
 *
 * State: the device and the history as display lines, loaded on enter
 * (again when a screen opened from here closes).
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "screens/label_screens.h"
#include "screens/grade.h"
#include "screens/media.h"
#include "screens/state.h"
#include "screens/wipe_screens.h"
#include "core/wipe/media.h"
#include "core/alloc/alloc.h"
#include "core/report/carbon.h"
#include "util/units.h"
#include "core/inventory/found.h"
#include "core/stock/specs.h"
#include "core/grading/grading.h"
#include "core/stock/device.h"
#include "core/log/event.h"
#include "core/log/kind.h"
#include "core/stock/lot.h"
#include "core/stock/transfer.h"
#include "core/log/refusal.h"
#include "tui/dialog.h"
#include "tui/draw.h"
#include "tui/screen.h"
#include "util/units.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HISTORY_MAX 500   /* lines kept (the newest); a device has tens of events */

/* One line of the history: the fixed columns (when, who, what kind) and
 * the event's payload in words, which wraps under its own column. */
typedef struct HistLine {
    char head[160];       /* "2026-11-22 10:41  Élodie      graded           " */
    char what[512];
    int refused;          /* kept without effect: what says why */
} HistLine;

#define REFUSED_MAX 64    /* refused events of one device marked in its history */

typedef struct Detail {
    Device d;
    char donor[256];
    HistLine *lines;      /* a ring of HISTORY_MAX lines, in stored order */
    int n, top;           /* lines kept; first line shown (0 = newest) */
    int shown;            /* lines the last draw showed: a page, as they wrap */
    long long total;      /* events seen (more than n when the ring wrapped) */
    int foreign;          /* another workshop owns it: read-only here */
    int offered;          /* an open transfer offer: offer */
    Offer offer;
    char refused_id[REFUSED_MAX][EVENT_ID_MAX];
    char refused_why[REFUSED_MAX][256];
    int nrefused;
    char hardware[512];   /* RAM · CPU · battery, "" when nothing is known */
    char carbon[512];     /* the CO2e its reuse avoids, or would (core/report/carbon.h) */
    char fate[512];       /* "state — reserved for GRE1-P0003 until …": its state and what it went to */
    FoundDiff diffs[FOUND_DIFFS_MAX];
    int ndiffs;
    InvDevice probed;     /* what i read, kept while the dialog asks */
    char err[1024];
} Detail;

/* The i-th line shown: newest first. */
static const HistLine *history_line(const Detail *t, int i)
{
    long long k = t->total - 1 - i;   /* index in stored order */
    return &t->lines[k % HISTORY_MAX];
}

static int add_event(void *arg, const Event *ev)
{
    Detail *t = arg;
    json_t *j = event_to_json(ev);
    const char *when = json_string_value(json_object_get(j, "time"));
    HistLine *l = &t->lines[t->total % HISTORY_MAX];
    kind_describe(ev, l->what, sizeof l->what);
    l->refused = 0;
    for (int i = 0; i < t->nrefused; i++)
        if (!strcmp(t->refused_id[i], ev->id)) {
            char what[sizeof l->what];
            snprintf(what, sizeof what, "%s", l->what);
            /* TRANSLATORS: a refused event in a device's history: its summary, then why */
            snprintf(l->what, sizeof l->what, _("REFUSED (%s) — %s"), t->refused_why[i], what);
            l->refused = 1;
        }
    /* "2026-11-22 10:41  Élodie  graded  grade B, reuse, 11/12": time to
     * the minute, as people read it */
    char day[20];
    snprintf(day, sizeof day, "%.16s", when ? when : "");
    if (day[10] == 'T') day[10] = ' ';
    char op[OPERATOR_MAX * 4 + 16], kind[128];
    /* 80 columns leave ~30 for the summary, which wraps when longer */
    utf8_pad(op, sizeof op, ev->operator[0] ? ev->operator : "-", 10);
    utf8_pad(kind, sizeof kind, kind_short(ev->kind), 17);
    snprintf(l->head, sizeof l->head, "%-16s  %s  %s  ", day, op, kind);
    t->total++;
    if (t->n < HISTORY_MAX) t->n++;
    json_decref(j);
    return 0;
}

static int add_refused(void *arg, const Refused *r)
{
    Detail *t = arg;
    if (t->nrefused == REFUSED_MAX) return 1;
    snprintf(t->refused_id[t->nrefused], sizeof t->refused_id[0], "%s", r->event_id);
    snprintf(t->refused_why[t->nrefused++], sizeof t->refused_why[0], "%s", r->why);
    return 0;
}

/* "RAM 8 GB · Intel Core i5-8350U · battery 31.1 of 46.3 Wh (33 % wear)" */
static void hardware_text(const DeviceSpecs *sp, char *out, size_t size)
{
    char ram[32], part[160];
    out[0] = '\0';
    if (sp->ram_mb) {
        units_ram_mb(sp->ram_mb, ram, sizeof ram);
        snprintf(part, sizeof part, _("RAM %s"), ram);
        snprintf(out, size, "%s", part);
    }
    if (sp->cpu[0]) snprintf(out + strlen(out), size - strlen(out), "%s%s", out[0] ? " · " : "", sp->cpu);
    if (sp->battery_design_mwh > 0 && sp->battery_full_mwh > 0) {
        int64_t wear = 100 - sp->battery_full_mwh * 100 / sp->battery_design_mwh;
        char wf[48], wd[48];
        units_number((double)sp->battery_full_mwh / 1000.0, wf, sizeof wf);
        units_number((double)sp->battery_design_mwh / 1000.0, wd, sizeof wd);
        snprintf(part, sizeof part, _("battery %s of %s Wh (%lld %% wear)"), wf, wd, (long long)(wear > 0 ? wear : 0));
    } else if (sp->battery_design_mwh > 0 || sp->battery_full_mwh > 0) {
        char wh[48];
        units_number((double)(sp->battery_full_mwh ? sp->battery_full_mwh : sp->battery_design_mwh) / 1000.0, wh,
                     sizeof wh);
        snprintf(part, sizeof part, _("battery %s Wh"), wh);
    } else part[0] = '\0';
    if (part[0]) snprintf(out + strlen(out), size - strlen(out), "%s%s", out[0] ? " · " : "", part);
}

/* The state, and for a device given or on its way out, to whom and how
 * (core/alloc/alloc.h); for parts or recycling, the channel and weight. */
static void fate_text(Detail *t)
{
    Fate f;
    char words[400] = "";
    snprintf(t->fate, sizeof t->fate, "%s", state_label(t->d.state));
    if (alloc_fate(app_ctx(), t->d.id, &f, NULL) < 0) return;
    if ((f.fate == FATE_RESERVED || f.fate == FATE_ALLOCATED) && (t->d.state == ST_RESERVED || t->d.state == ST_REUSED))
        alloc_describe(&f.alloc, NULL, words, sizeof words);
    else if (f.fate == FATE_RECYCLED && t->d.state == ST_RECYCLED) {
        char kg[32] = "";
        if (f.weight_g >= 0) units_amount((double)f.weight_g / 1000.0, _("kg"), kg, sizeof kg);
        snprintf(words, sizeof words, "%s%s%s", f.channel, kg[0] ? ", " : "", kg);
    }
    if (f.fate == FATE_RESERVED && words[0]) snprintf(t->fate, sizeof t->fate, "%s", words);   /* « réservé pour … » */
    else if (words[0]) snprintf(t->fate + strlen(t->fate), sizeof t->fate - strlen(t->fate), " — %s", words);
}

static void detail_enter(Screen *s)
{
    Detail *t = s->state;
    Err e = { 0 };
    Lot lot;
    t->n = 0;
    t->total = 0;
    t->err[0] = '\0';
    t->nrefused = 0;
    int r = device_get(app_ctx(), t->d.id, &t->d, &e);
    if (r == 0) snprintf(t->err, sizeof t->err, _("Unknown device %s."), t->d.id);
    else if (r < 0 || refused_list(app_ctx(), t->d.id, add_refused, t, &e) < 0 ||
             event_for_device(app_ctx(), t->d.id, add_event, t, &e) < 0)
        snprintf(t->err, sizeof t->err, "%s", e.msg);
    t->foreign = r == 1 && strcmp(t->d.workshop, app_ctx()->workshop) != 0;
    t->offered = r == 1 && transfer_get(app_ctx(), t->d.id, &t->offer, NULL) == 1;
    s->actions = !t->foreign ? scr_device_actions
               : t->offered && !strcmp(t->offer.to, app_ctx()->workshop) ? scr_device_foreign_actions
               : scr_device_readonly_actions;
    if (lot_get(app_ctx(), t->d.lot, &lot, NULL) == 1) snprintf(t->donor, sizeof t->donor, "%s", lot.donor);
    DeviceSpecs sp;
    t->hardware[0] = '\0';
    if (r == 1 && specs_get(app_ctx(), t->d.id, &sp, NULL) == 0) hardware_text(&sp, t->hardware, sizeof t->hardware);
    fate_text(t);
    Profile prof;
    t->carbon[0] = '\0';
    if (r == 1 && carbon_profile(&prof, NULL) == 0) {
        carbon_device_text(&prof, t->d.category, t->d.state, t->carbon, sizeof t->carbon);
        profile_free(&prof);
    }
    t->ndiffs = r == 1 ? found_discrepancies(app_ctx(), t->d.id, t->diffs, FOUND_DIFFS_MAX, NULL, &e) : 0;
    if (t->ndiffs < 0) t->ndiffs = 0;
}

static void detail_leave(Screen *s)
{
    Detail *t = s->state;
    free(t->lines);
    free(t);
}

/* A label and its value, the value wrapped in its column (at most `max`
 * rows: a donor's long name, « à reconditionner (pièce nécessaire) »);
 * labels take lw columns (at least 12, more when a translation is longer:
 * "Étiquette donateur"). w == NULL only counts. Returns the rows used. */
static int field(WINDOW *w, int y, int x, int width, int lw, int max, const char *label, const char *value)
{
    if (w) {
        wattrset(w, term_attr(CLR_DIM));
        draw_text(w, y, x, label, lw, 0);
        wattrset(w, A_NORMAL);
    }
    int n = draw_wrap(w, y, x + lw + 1, width - lw - 1, max, value[0] ? value : "—");
    return n > 0 ? n : 1;
}

/* Two fields side by side; returns the rows of the taller. */
static int field_pair(WINDOW *w, int y, const int geo[4], const char *const lab[2], const char *l, const char *r)
{
    int half = geo[0], cols = geo[1], lw = geo[2], rw = geo[3];
    int a = field(w, y, 2, half - 3, lw, 3, lab[0], l);
    int b = field(w, y, half, cols - half - 1, rw, 3, lab[1], r);
    return a > b ? a : b;
}

/* The width in cells of the longest of n labels, between 12 and max. */
static int label_width(const char *const *labels, int n, int max)
{
    int lw = 12;
    for (int i = 0; i < n; i++) {
        int l = utf8_width(labels[i]);
        if (l > lw) lw = l;
    }
    return lw < max ? lw : max;
}

/* The claim, then every reason it is not « reconditionné », each on its
 * own rows under it ("– disk S/N … not erased"), wrapped, never cut: this
 * is what the technician must do next. At most max rows. */
static int claim_rows(WINDOW *w, int y, int x, int width, int max, const Claim *cl)
{
    if (w) wattrset(w, term_attr(cl->reconditionne ? CLR_OK : CLR_WARN));
    int n = draw_wrap(w, y, x, width, max, claim_label(cl));
    for (int i = 0; i < cl->nmissing && n < max; i++) {
        if (w) draw_text(w, y + n, x, "–", 1, 0);
        n += draw_wrap(w, y + n, x + 2, width - 2, max - n, cl->missing[i]);
    }
    if (w) wattrset(w, A_NORMAL);
    return n;
}

static void detail_draw(Screen *s, WINDOW *w, int full)
{
    Detail *t = s->state;
    const Device *d = &t->d;
    int rows = getmaxy(w), cols = getmaxx(w), half = cols / 2;
    char buf[512];
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    snprintf(buf, sizeof buf, "%s  %s %s", d->id, d->make, d->model);
    draw_text(w, 0, 1, buf, cols - 2, 0);
    wattrset(w, A_NORMAL);
    int y = 1;
    if (t->foreign || t->offered) {
        const char *me = app_ctx()->workshop;
        if (t->offered && !strcmp(t->offer.to, me))
            snprintf(buf, sizeof buf, _("Offered to this workshop by workshop %s%s%s: a accepts it, x declines."),
                     t->offer.from, t->offer.note[0] ? " · " : "", t->offer.note);
        else if (t->offered && !t->foreign)
            snprintf(buf, sizeof buf, _("Offered to workshop %s, which has not accepted yet (o withdraws the offer)."),
                     t->offer.to);
        else if (t->offered)
            snprintf(buf, sizeof buf, _("Belongs to workshop %s, offered to workshop %s: read-only here."),
                     d->workshop, t->offer.to);
        else
            snprintf(buf, sizeof buf, _("Belongs to workshop %s: read-only here."), d->workshop);
        wattrset(w, term_attr(CLR_WARN));
        y += draw_wrap(w, y, 2, cols - 4, 2, buf);
        wattrset(w, A_NORMAL);
    }
    const char *left[] = { _("Serial"), _("State"), _("Lot"), _("Grade"), _("Claim") };
    const char *right[] = { _("Donor tag"), _("Category"), _("Donor"), _("Outcome") };
    int lw = label_width(left, 5, (half - 2) / 2), rw = label_width(right, 4, (half - 1) / 2);
    const int geo[4] = { half, cols, lw, rw };
    y += field_pair(w, y, geo, (const char *[]){ left[0], right[0] }, d->serial, d->donor_tag);
    y += field_pair(w, y, geo, (const char *[]){ left[1], right[1] }, t->fate, category_label(d->category));
    y += field_pair(w, y, geo, (const char *[]){ left[2], right[2] }, d->lot, t->donor);
    y += field_pair(w, y, geo, (const char *[]){ left[3], right[3] }, d->grade,
                    d->outcome >= 0 ? vocab_label(&VOCAB_OUTCOME, d->outcome) : "");
    if (t->hardware[0])
        y += field(w, y, 2, cols - 3, lw, 2, _("Hardware"), t->hardware);
    if (t->carbon[0])
        y += field(w, y, 2, cols - 3, lw, 1, _("Carbon"), t->carbon);   /* one row: the history keeps its own */
    if (t->ndiffs) {   /* what was found is not what the donor announced */
        int max = rows - y - 6, n = 0;
        wattrset(w, term_attr(CLR_DIM));
        draw_text(w, y, 2, _("Differences"), lw, 0);
        wattrset(w, term_attr(CLR_WARN));
        for (int i = 0; i < t->ndiffs && n < (max > 1 ? max : 1); i++) {
            draw_text(w, y + n, 2 + lw + 1, "–", 1, 0);
            n += draw_wrap(w, y + n, 2 + lw + 3, cols - lw - 6, (max > 1 ? max : 1) - n, t->diffs[i].text);
        }
        wattrset(w, A_NORMAL);
        y += n;
    }
    Claim cl;   /* the « reconditionné » claim and what it still needs */
    if (device_claim(app_ctx(), d, &cl, NULL) == 0) {
        int max = rows - y - 4;   /* the history keeps a few rows */
        wattrset(w, term_attr(CLR_DIM));
        draw_text(w, y, 2, left[4], lw, 0);
        wattrset(w, A_NORMAL);
        y += claim_rows(w, y, 2 + lw + 1, cols - lw - 4, max > 1 ? max : 1, &cl);
    }
    wattrset(w, term_attr(CLR_HEADER));
    snprintf(buf, sizeof buf, ngettext("History (%d event)", "History (%d events)", (unsigned long)d->events), d->events);
    draw_text(w, y, 0, buf, cols, 1);
    wattrset(w, A_NORMAL);
    y++;
    if (t->err[0]) {
        wattrset(w, term_attr(CLR_ERROR));
        draw_wrap(w, y, 1, cols - 2, rows - y, t->err);
        wattrset(w, A_NORMAL);
        return;
    }
    /* a line's summary wraps under its own column; a terminal too narrow
     * for that cuts the line instead */
    t->shown = 0;
    for (int i = t->top; y < rows && i < t->n; i++, t->shown++) {
        const HistLine *l = history_line(t, i);
        int hw = utf8_width(l->head);
        if (cols - 2 - hw < 20) {
            snprintf(buf, sizeof buf, "%s%s", l->head, l->what);
            draw_text(w, y++, 1, buf, cols - 2, 0);
            continue;
        }
        draw_text(w, y, 1, l->head, hw, 0);
        if (l->refused) wattrset(w, term_attr(CLR_WARN));
        y += draw_wrap(w, y, 1 + hw, cols - 2 - hw, rows - y, l->what);
        wattrset(w, A_NORMAL);
    }
}

static int detail_handle(Screen *s, Key k)
{
    Detail *t = s->state;
    int page = t->shown > 2 ? t->shown - 1 : 1;   /* the last may be cut: it comes first */
    if (k == K_DOWN) t->top++;
    else if (k == K_UP) t->top--;
    else if (k == K_PGDN) t->top += page;
    else if (k == K_PGUP) t->top -= page;
    else if (k == K_HOME) t->top = 0;
    else if (k == K_END) t->top = t->n - 1;
    else if (t->foreign && action_find(scr_device_actions, k)) {
        /* what the owner does here: say whose it is rather than nothing */
        screen_flash(CLR_WARN, _("This device belongs to workshop %s: only that workshop can change it."), t->d.workshop);
        return TUI_REDRAW;
    } else return TUI_UNHANDLED;
    if (t->top > t->n - 1) t->top = t->n - 1;
    if (t->top < 0) t->top = 0;
    return TUI_HANDLED;
}

enum { REQ_PRINT_LABEL = REQ_SCREEN, REQ_GRADE, REQ_WIPE_IMPORT, REQ_CERT, REQ_NWIPE, REQ_MEDIA, REQ_STATE,
       REQ_OFFER, REQ_ACCEPT, REQ_DECLINE, REQ_PROBE, REQ_RESERVE, REQ_ALLOCATE, REQ_NEXT, REQ_CANCEL_ALLOC,
       REQ_RETURN, REQ_PARTS, REQ_RECYCLE };

/* Records what i read (t->probed) into the device and says what it found. */
static void probe_record(Detail *t)
{
    FoundReport r;
    Err e = { 0 };
    if (found_record(app_ctx(), t->d.id, &t->probed, "probe", &r, &e) < 0) {
        screen_flash(CLR_ERROR, "%s", e.msg);
        return;
    }
    char what[640] = "";
    if (r.ndiffs) {
        /* TRANSLATORS: then the first difference, the others are on the screen */
        snprintf(what, sizeof what, ngettext("%d difference with the announcement: %s", "%d differences with the announcement: %s",
                                             (unsigned long)r.ndiffs),
                 r.ndiffs, r.diffs[0].text);
        screen_flash(CLR_WARN, "%s", what);
    } else if (!r.specs_recorded && !r.disks_added) {
        screen_flash(CLR_OK, "%s", r.announced ? _("Probed: nothing new, as announced.") : _("Probed: nothing new."));
    } else {
        snprintf(what, sizeof what, ngettext("Probed: %d disk added", "Probed: %d disks added", (unsigned long)r.disks_added),
                 r.disks_added);
        if (r.specs_recorded) snprintf(what + strlen(what), sizeof what - strlen(what), "%s", _(", hardware recorded"));
        snprintf(what + strlen(what), sizeof what - strlen(what), "%s",
                 r.announced ? _("; as announced.") : _("; nothing was announced to compare with."));
        screen_flash(CLR_OK, "%s", what);
    }
}

static void probe_answer(void *ctx, int yes)
{
    if (!yes) return;
    probe_record(ctx);
    detail_enter(screen_top());   /* the dialog is gone: this screen is on top */
}

/* i: this machine, read and recorded into the device. A machine whose
 * serial is another's asks first: the technician is probably at the wrong
 * bench. */
static int probe_run(Screen *s, int req)
{
    (void)req;
    Detail *t = s->state;
    Err e = { 0 };
    if (inv_probe_machine(getenv("BOUCLE_SYSFS"), getenv("BOUCLE_PROCFS"), &t->probed, NULL, &e) < 0) {
        screen_flash(CLR_ERROR, "%s", e.msg);
        return TUI_REDRAW;
    }
    if (t->probed.serial[0] && !inv_same_key(t->probed.serial, t->d.serial)) {
        char q[512];
        snprintf(q, sizeof q, _("This machine's serial is %s, not %s's (%s). Record what it says into %s anyway?"),
                 t->probed.serial, t->d.id, t->d.serial, t->d.id);
        dialog_confirm(_("Probe"), q, probe_answer, t);
        return TUI_REDRAW;
    }
    if (!t->probed.serial[0]) {
        /* nothing tells that boucle runs on this device: ask */
        char q[512];
        snprintf(q, sizeof q, _("This machine has no readable serial number: is it %s (%s)? Record what it says into it?"),
                 t->d.id, t->d.serial);
        dialog_confirm(_("Probe"), q, probe_answer, t);
        return TUI_REDRAW;
    }
    probe_record(t);
    detail_enter(s);
    return TUI_REDRAW;
}

static void withdraw_answer(void *ctx, int yes)
{
    Detail *t = ctx;
    Err e = { 0 };
    if (!yes) return;
    if (transfer_cancel(app_ctx(), t->d.id, NULL, &e) < 0) { screen_flash(CLR_ERROR, "%s", e.msg); return; }
    screen_flash(CLR_OK, _("Offer of %s withdrawn."), t->d.id);
    detail_enter(screen_top());   /* the dialog is gone: this screen is on top */
}

static void decline_answer(void *ctx, int yes)
{
    Detail *t = ctx;
    Err e = { 0 };
    if (!yes) return;
    if (transfer_cancel(app_ctx(), t->d.id, NULL, &e) < 0) { screen_flash(CLR_ERROR, "%s", e.msg); return; }
    screen_flash(CLR_OK, _("Offer of %s declined."), t->d.id);
    detail_enter(screen_top());   /* the dialog is gone: this screen is on top */
}

/* o, a, x: the transfer of this device (core/stock/transfer.h). */
static int transfer_run(Screen *s, int req)
{
    Detail *t = s->state;
    const char *me = app_ctx()->workshop;
    Err e = { 0 };
    char q[512];
    int to_me = t->offered && !strcmp(t->offer.to, me);
    if (req == REQ_OFFER && t->offered) {
        snprintf(q, sizeof q, _("Withdraw the offer of %s to workshop %s?"), t->d.id, t->offer.to);
        dialog_confirm(_("Withdraw"), q, withdraw_answer, t);
    } else if (req == REQ_OFFER) {
        scr_offer_open(t->d.id);
    } else if (!to_me) {
        screen_flash(CLR_WARN, _("No offer of this device to this workshop is open."));
    } else if (req == REQ_ACCEPT) {
        if (transfer_accept(app_ctx(), t->d.id, &e) < 0) screen_flash(CLR_ERROR, "%s", e.msg);
        else {
            screen_flash(CLR_OK, _("%s accepted: the device is this workshop's now."), t->d.id);
            detail_enter(s);
        }
    } else {
        snprintf(q, sizeof q, _("Decline the offer of %s from workshop %s?"), t->d.id, t->offer.from);
        dialog_confirm(_("Decline"), q, decline_answer, t);
    }
    return TUI_REDRAW;
}

static int detail_run(Screen *s, int req)
{
    Detail *t = s->state;
    if (req == REQ_PRINT_LABEL) scr_print_open(PRINT_DEVICE, t->d.id);
    if (req == REQ_GRADE) scr_grade_open(t->d.id);
    if (req == REQ_WIPE_IMPORT) scr_wipe_import_open(t->d.id);
    if (req == REQ_CERT) scr_cert_open(t->d.id);
    if (req == REQ_NWIPE) scr_wipe_run_open(t->d.id);
    if (req == REQ_MEDIA) scr_media_open(t->d.id);
    if (req == REQ_STATE) scr_state_open(t->d.id);
    return TUI_REDRAW;
}

/* r, a, n, x, b, h, y: what becomes of it (screens/alloc.c). */
static int alloc_run(Screen *s, int req)
{
    Detail *t = s->state;
    char one[1][DEVICE_ID_MAX];
    snprintf(one[0], sizeof one[0], "%s", t->d.id);
    switch (req) {
    case REQ_RESERVE: scr_alloc_open((const char (*)[DEVICE_ID_MAX])one, 1, AK_RESERVATION, NULL, NULL); break;
    case REQ_ALLOCATE: scr_alloc_open((const char (*)[DEVICE_ID_MAX])one, 1, AK_DONATION, NULL, NULL); break;
    case REQ_NEXT: scr_alloc_step(t->d.id, ALLOC_STEP_NEXT); break;
    case REQ_CANCEL_ALLOC: scr_alloc_step(t->d.id, ALLOC_STEP_CANCEL); break;
    case REQ_RETURN: scr_alloc_step(t->d.id, ALLOC_STEP_RETURN); break;
    case REQ_PARTS: scr_alloc_step(t->d.id, ALLOC_STEP_PARTS); break;
    case REQ_RECYCLE: scr_recycle_open(t->d.id); break;
    }
    return TUI_REDRAW;
}

/* Letters first: the bar shows an action's first key, and with its
 * F-keys it no longer fitted 80 columns in French (F5…F9 still work). */
const Action scr_device_actions[] = {
    { REQ_PRINT_LABEL, { 'p', K_F(5) }, N_("Label"), N_("Print this device's label"), detail_run },
    { REQ_GRADE, { 'g', K_F(6) }, N_("Grade"), N_("Grade this device (checklist, cosmetic grade, outcome)"), detail_run },
    { REQ_WIPE_IMPORT, { 'w', K_F(7) }, N_("Wipes"), N_("Import nwipe logs into this device"), detail_run },
    { REQ_CERT, { 'c', K_F(8) }, N_("Cert."), N_("Write this device's certificate of sanitization"), detail_run },
    { REQ_NWIPE, { 'e', K_F(9) }, N_("nwipe"), N_("Erase a disk of this machine with nwipe for this device"), detail_run },
    { REQ_MEDIA, { 'm' }, N_("Disks"), N_("Storage media: add, probe, record a wipe by hand"), detail_run },
    { REQ_STATE, { 't' }, N_("State"), N_("Change this device's state: the changes allowed now, and why the others are not"), detail_run },
    { REQ_OFFER, { 'o' }, N_("Transfer"), N_("Offer this device to another workshop of the region, or withdraw the offer"), transfer_run },
    { REQ_PROBE, { 'i' }, N_("Probe"), N_("Read this machine (RAM, processor, disks, battery) into this device and show what differs from the announcement"), probe_run },
    { REQ_RESERVE, { 'r' }, NULL, N_("Reserve this device for a party, until a date"), alloc_run },
    { REQ_ALLOCATE, { 'a' }, NULL, N_("Allocate this device: donation, sale or loan"), alloc_run },
    { REQ_NEXT, { 'n' }, NULL, N_("Move its allocation on: confirmed, then delivered"), alloc_run },
    { REQ_CANCEL_ALLOC, { 'x' }, NULL, N_("Cancel its reservation or allocation: it is ready again"), alloc_run },
    { REQ_RETURN, { 'b' }, NULL, N_("The loan came back: it is ready again"), alloc_run },
    { REQ_PARTS, { 'h' }, NULL, N_("Harvest it for parts"), alloc_run },
    { REQ_RECYCLE, { 'y' }, NULL, N_("Send it to recycling (channel, weight)"), alloc_run },
    { 0 }
};

/* A device another workshop owns: nothing to do here (the owner's keys say
 * whose it is: detail_handle), or the answers to an offer made to this
 * workshop. */
const Action scr_device_readonly_actions[] = { { 0 } };

const Action scr_device_foreign_actions[] = {
    { REQ_ACCEPT, { 'a' }, N_("Accept"), N_("Accept the offer of this device made to this workshop"), transfer_run },
    { REQ_DECLINE, { 'x' }, N_("Decline"), N_("Decline the offer of this device made to this workshop"), transfer_run },
    { 0 }
};

int scr_device_open(const char *id)
{
    static const Screen tmpl = {
        .name = "device", .title = N_("Device"), .actions = scr_device_actions,
        .enter = detail_enter, .leave = detail_leave, .draw = detail_draw, .handle = detail_handle,
    };
    Detail *t = calloc(1, sizeof *t);
    if (t) t->lines = calloc(HISTORY_MAX, sizeof *t->lines);
    if (!t || !t->lines) { free(t); screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return -1; }
    snprintf(t->d.id, sizeof t->d.id, "%s", id);
    if (screen_push(&tmpl, t) < 0) { detail_leave(&(Screen){ .state = t }); return -1; }
    return 0;
}
