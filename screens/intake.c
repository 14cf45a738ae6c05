/*
 * intake.c — receiving a pallet into an open lot. Each serial, scanned or
 * typed, + Enter creates a device and shows its new asset id at once.
 * Category, make and model are optional and stay filled from one device to
 * the next, so a pallet of identical laptops costs one scan per device.
 * The donor's asset tag (from their inventory tool) is optional and belongs
 * to one device only: it is cleared with the serial after each device.
 * A scan here is always a new serial, whatever field has the focus. A
 * serial already known warns and offers to open that device; so does one
 * of our own labels scanned by mistake (an asset id is never a serial,
 * core/stock/device.c). A device beyond the count the lot announced is
 * received, and the line under the lot's title says how many too many.
 *
 * State: the lot, the form, and the last devices created (a small ring).
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "core/inventory/announce.h"
#include "core/stock/device.h"
#include "core/stock/lot.h"
#include "core/scan/scan.h"
#include "tui/dialog.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include "util/units.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { F_SERIAL, F_TAG, F_CATEGORY, F_MAKE, F_MODEL, F_N };
enum { REQ_DEVICES = REQ_SCREEN, REQ_CREATE, REQ_RECONCILE };

#define RECENT 8

typedef struct Intake {
    Lot lot;
    FormField fields[F_N];
    Form form;
    const char *cats[CATEGORY_COUNT + 1];      /* translated labels */
    char recent[RECENT][DEVICE_ID_MAX + SERIAL_MAX * 4 + 8]; /* newest first */
    int nrecent;
    int match[RECENT];                         /* IntakeMatch of each recent line */
    int64_t nannounced;                        /* devices the donor's files announced (-1: error) */
    char dup_id[DEVICE_ID_MAX];                /* the device a known serial names */
    char err[1024];
} Intake;

static void intake_enter(Screen *s)
{
    Intake *in = s->state;
    Err e = { 0 };
    if (lot_get(app_ctx(), in->lot.id, &in->lot, &e) < 0) snprintf(in->err, sizeof in->err, "%s", e.msg);
    in->nannounced = announce_count(app_ctx(), in->lot.id, NULL);
}

/* How many devices the lot should hold: what the donor's files announced
 * when there are any (they name each device), else the count typed when the
 * lot was created; -1 when neither is known. */
static long long intake_reference(const Intake *in)
{
    return in->nannounced > 0 ? (long long)in->nannounced : in->lot.expected >= 0 ? (long long)in->lot.expected : -1;
}

static void intake_draw(Screen *s, WINDOW *w, int full)
{
    Intake *in = s->state;
    int rows = getmaxy(w), cols = getmaxx(w);
    char buf[512];
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    long long ref = intake_reference(in);
    if (in->nannounced > 0)
        snprintf(buf, sizeof buf, ngettext("Lot %s · %s · %lld received of %lld announced",
                                           "Lot %s · %s · %lld received of %lld announced",
                                           (unsigned long)in->lot.received), in->lot.id, in->lot.donor,
                 (long long)in->lot.received, ref);
    else if (in->lot.expected >= 0)
        snprintf(buf, sizeof buf, ngettext("Lot %s · %s · %lld of %d received", "Lot %s · %s · %lld of %d received",
                                           (unsigned long)in->lot.received), in->lot.id, in->lot.donor,
                 (long long)in->lot.received, in->lot.expected);
    else
        snprintf(buf, sizeof buf, ngettext("Lot %s · %s · %lld received", "Lot %s · %s · %lld received",
                                           (unsigned long)in->lot.received), in->lot.id, in->lot.donor,
                 (long long)in->lot.received);
    draw_text(w, 0, 1, buf, cols - 2, 0);
    wattrset(w, A_NORMAL);
    if (ref >= 0 && in->lot.received > ref) {
        long long over = (long long)in->lot.received - ref;
        wattrset(w, term_attr(CLR_WARN));
        snprintf(buf, sizeof buf, ngettext("%lld device more than the lot announced: check the pallet.",
                                           "%lld devices more than the lot announced: check the pallet.", over), over);
        draw_text(w, 1, 1, buf, cols - 2, 0);
        wattrset(w, A_NORMAL);
    } else if (in->nannounced > 0) {
        char key[32];
        wattrset(w, term_attr(CLR_DIM));
        if (in->lot.expected >= 0 && in->lot.expected != in->nannounced)
            snprintf(buf, sizeof buf, _("The delivery note said %d · %s reconciles"),
                     in->lot.expected, action_key_name(scr_intake_actions, REQ_RECONCILE, key, sizeof key));
        else
            snprintf(buf, sizeof buf, ngettext("%lld device announced by the donor · %s reconciles",
                                               "%lld devices announced by the donor · %s reconciles",
                                               (unsigned long)in->nannounced),
                     (long long)in->nannounced, action_key_name(scr_intake_actions, REQ_RECONCILE, key, sizeof key));
        draw_text(w, 1, 1, buf, cols - 2, 0);
        wattrset(w, A_NORMAL);
    }
    form_draw(&in->form, w, 2, 1);
    int y = 2 + 2 * F_N;
    if (in->nrecent == 0) {
        wattrset(w, term_attr(CLR_DIM));
        draw_wrap(w, y, 2, cols - 4, 2, _("Scan or type a serial number, then Enter. Category, make and "
                                          "model carry over to the next device."));
        wattrset(w, A_NORMAL);
        return;
    }
    wattrset(w, term_attr(in->match[0] == INTAKE_ANNOUNCED || (in->match[0] == INTAKE_UNANNOUNCED && in->nannounced <= 0)
                          ? CLR_OK : CLR_WARN));
    snprintf(buf, sizeof buf, _("Created: %s"), in->recent[0]);
    draw_text(w, y, 2, buf, cols - 4, 0);
    wattrset(w, term_attr(CLR_DIM));
    for (int i = 1; i < in->nrecent && y + i < rows; i++)
        draw_text(w, y + i, 11, in->recent[i], cols - 13, 0);
    wattrset(w, A_NORMAL);
}

static void open_dup(void *ctx, int yes)
{
    Intake *in = ctx;
    if (yes) scr_device_open(in->dup_id);
}

/* Creates a device from the form; returns TUI_* flags. */
static int intake_submit(Intake *in)
{
    char serial[FORM_TEXT_MAX * 4 + 1], tag[FORM_TEXT_MAX * 4 + 1], make[512], model[512], id[DEVICE_ID_MAX];
    Err e = { 0 };
    form_text(&in->form, F_SERIAL, serial, sizeof serial);
    form_text(&in->form, F_TAG, tag, sizeof tag);
    form_text(&in->form, F_MAKE, make, sizeof make);
    form_text(&in->form, F_MODEL, model, sizeof model);
    DeviceNew d = {
        .lot = in->lot.id, .serial = serial, .donor_tag = tag,
        .category = category_key(in->fields[F_CATEGORY].choice),
        .make = make, .model = model,
    };
    in->dup_id[0] = '\0';
    /* One of our labels where the maker's serial was expected: never a new
     * device; the device it names is one key away. */
    if (device_label_as_serial(app_ctx(), serial, in->dup_id, NULL) == 1 && in->dup_id[0]) {
        char q[1024];
        snprintf(q, sizeof q, _("%s is the label of device %s, not a serial number: nothing was created. "
                                "Open that device?"), serial, in->dup_id);
        dialog_confirm(_("Asset id scanned"), q, open_dup, in);
        form_set_text(&in->form, F_SERIAL, "");
        form_focus(&in->form, F_SERIAL);
        return TUI_REDRAW;
    }
    IntakeMatch match;
    AnnounceHit *hit = malloc(sizeof *hit);
    if (!hit) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return TUI_REDRAW; }
    /* The donor's tag of a device announced without a serial, scanned
     * where the serial goes: it moves to the tag field, and the serial is
     * asked for (announce_receive would refuse it). */
    if (!tag[0] && announce_find(app_ctx(), in->lot.id, serial, hit, NULL) == 1 && hit->by_tag &&
        !hit->dev.serial[0]) {
        form_set_text(&in->form, F_TAG, serial);
        form_set_text(&in->form, F_SERIAL, "");
        form_focus(&in->form, F_SERIAL);
        char what[256];
        snprintf(what, sizeof what, "%s%s%s", hit->dev.make, hit->dev.make[0] ? " " : "", hit->dev.model);
        screen_flash(CLR_WARN, _("%s: the donor's tag of a device announced without a serial (%s). Now scan its serial."),
                     tag[0] ? tag : serial, what);
        free(hit);
        return TUI_REDRAW;
    }
    if (announce_receive(app_ctx(), &d, 0, id, in->dup_id, &match, hit, &e) < 0) {
        free(hit);
        if (e.code == ERR_EXISTS && in->dup_id[0]) {
            char q[1024];
            snprintf(q, sizeof q, _("The serial %s is already known: device %s. Open that device?"),
                     serial, in->dup_id);
            dialog_confirm(_("Serial already known"), q, open_dup, in);
            form_focus(&in->form, F_SERIAL);
        } else {
            /* the message goes under the field it is about */
            char clean[TAG_MAX * 4 + 1];
            int f = tag[0] && text_field_clean(tag, clean, sizeof clean, TAG_MAX, _("donor asset tag"), NULL) < 0
                    ? F_TAG : F_SERIAL;
            snprintf(in->fields[f].msg, sizeof in->fields[f].msg, "%s", e.msg);
            form_focus(&in->form, f);
        }
        return TUI_REDRAW;
    }
    memmove(in->recent[1], in->recent[0], sizeof in->recent[0] * (RECENT - 1));
    memmove(in->match + 1, in->match, sizeof in->match[0] * (RECENT - 1));
    in->match[0] = (int)match;
    /* what the donor's file said of it, on its line */
    char said[LOT_ID_MAX + 64];
    if (match == INTAKE_ANNOUNCED) snprintf(said, sizeof said, "%s", _("announced ✓"));
    else if (match == INTAKE_OTHER_LOT) snprintf(said, sizeof said, _("announced in lot %s"), hit->lot);
    else if (in->nannounced > 0) snprintf(said, sizeof said, "%s", _("not announced"));
    else said[0] = '\0';   /* a lot without an inventory: nothing to say */
    const char *shown = match != INTAKE_UNANNOUNCED && hit->dev.serial[0] ? hit->dev.serial : serial;
    snprintf(in->recent[0], sizeof in->recent[0], "%s  %s%s%s", id, shown, said[0] ? "  " : "", said);
    char what[640] = "";
    if (match != INTAKE_UNANNOUNCED) {
        const InvDevice *a = &hit->dev;
        if (a->make[0] || a->model[0]) snprintf(what, sizeof what, "%s%s%s", a->make, a->make[0] ? " " : "", a->model);
        if (a->ram_mb) {
            char ram[32];
            units_ram_mb(a->ram_mb, ram, sizeof ram);
            size_t o = strlen(what);
            snprintf(what + o, sizeof what - o, "%s%s %s", o ? ", " : "", _("RAM"), ram);
        }
        if (a->ndisks) {
            size_t o = strlen(what);
            snprintf(what + o, sizeof what - o, "%s", o ? ", " : "");
            o = strlen(what);
            snprintf(what + o, sizeof what - o, ngettext("%d disk", "%d disks", (unsigned long)a->ndisks), a->ndisks);
        }
    }
    char hit_lot[LOT_ID_MAX];
    snprintf(hit_lot, sizeof hit_lot, "%s", hit->lot);
    free(hit);
    if (in->nrecent < RECENT) in->nrecent++;
    form_set_text(&in->form, F_SERIAL, "");
    form_set_text(&in->form, F_TAG, "");     /* a tag names one device: never carried over */
    in->form.focus = F_SERIAL;
    in->lot.received++;
    if (intake_reference(in) >= 0 && in->lot.received > intake_reference(in))
        screen_flash(CLR_WARN, _("Device %s created: %lld received, the lot announced %lld."), id,
                     (long long)in->lot.received, intake_reference(in));
    else if (match == INTAKE_ANNOUNCED)
        screen_flash(CLR_OK, _("Device %s created, as announced: %s."), id, what[0] ? what : serial);
    else if (match == INTAKE_OTHER_LOT)
        screen_flash(CLR_WARN, _("Device %s created: it was announced in lot %s (%s)."), id, hit_lot,
                     what[0] ? what : serial);
    else if (in->nannounced > 0)
        screen_flash(CLR_WARN, _("Device %s created: the donor did not announce it."), id);
    else
        screen_flash(CLR_OK, _("Device %s created."), id);
    return TUI_REDRAW;
}

static int intake_handle(Screen *s, Key k)
{
    Intake *in = s->state;
    int r = form_handle(&in->form, k);
    if (r & FORM_SUBMIT) return intake_submit(in);
    return r ? TUI_HANDLED : TUI_UNHANDLED;
}

static void intake_leave(Screen *s) { free(s->state); }

static int intake_scan(Screen *s, const char *text)
{
    Intake *in = s->state;
    char serial[KEYS_SCAN_TEXT];
    scan_clean(text, serial, sizeof serial);
    form_set_text(&in->form, F_SERIAL, serial);
    return intake_submit(in);
}

static int intake_run(Screen *s, int req)
{
    Intake *in = s->state;
    if (req == REQ_CREATE) return form_submit(&in->form) & FORM_SUBMIT ? intake_submit(in) : TUI_REDRAW;
    if (req == REQ_RECONCILE) { scr_reconcile_open(in->lot.id); return TUI_REDRAW; }
    scr_devices_open(NULL, in->lot.id);
    return TUI_REDRAW;
}

/* The fields take every letter: the list of the lot is on a Ctrl key. */
const Action scr_intake_actions[] = {
    { REQ_CREATE, { K_ENTER, K_F(2) }, N_("Create"), N_("Create the device from the form (a scan does it at once)"), intake_run },
    { REQ_DEVICES, { K_F(3), K_CTRL('l') }, N_("Devices"), N_("List the devices of this lot"), intake_run },
    { REQ_RECONCILE, { K_F(4), K_CTRL('r') }, N_("Reconcile"), N_("Announced, received, missing: this lot against its donor's files"), intake_run },
    { 0 }
};

void scr_intake_open(const char *lot_id)
{
    static const Screen tmpl = {
        .name = "intake", .title = N_("Intake"), .actions = scr_intake_actions,
        .enter = intake_enter, .leave = intake_leave, .draw = intake_draw, .handle = intake_handle, .on_scan = intake_scan,
    };
    Lot lot;
    /* another workshop's lot (known from the region) is not received here */
    if (lot_get(app_ctx(), lot_id, &lot, NULL) == 1 && strcmp(lot.workshop, app_ctx()->workshop) != 0) {
        screen_flash(CLR_WARN, _("Lot %s belongs to workshop %s: devices are received into this workshop's lots."),
                     lot.id, lot.workshop);
        return;
    }
    Intake *in = calloc(1, sizeof *in);
    if (!in) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    snprintf(in->lot.id, sizeof in->lot.id, "%s", lot_id);
    for (int i = 0; i < CATEGORY_COUNT; i++) in->cats[i] = category_label(i);
    in->fields[F_SERIAL] = (FormField){ .kind = FIELD_TEXT, .label = N_("Serial number"), .width = 32, .required = 1 };
    in->fields[F_TAG] = (FormField){ .kind = FIELD_TEXT, .label = N_("Donor tag"), .width = 24 };
    in->fields[F_CATEGORY] = (FormField){ .kind = FIELD_CHOICE, .label = N_("Category"), .width = 20,
                                          .choices = in->cats, .choice = category_parse("other") };
    in->fields[F_MAKE] = (FormField){ .kind = FIELD_TEXT, .label = N_("Make"), .width = 24 };
    in->fields[F_MODEL] = (FormField){ .kind = FIELD_TEXT, .label = N_("Model"), .width = 32 };
    form_init(&in->form, in->fields, F_N, NULL);
    if (screen_push(&tmpl, in) < 0) { free(in); return; }
    if (!app_ctx()->operator[0]) scr_operator_open();
}
