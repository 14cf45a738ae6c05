/*
 * scan_image.c — "scan from an image or the webcam": type the path of a
 * photo (of a serial sticker, of a label) and press Enter, or F3 (^W) to
 * read from the webcam (zbar's video processor, when /dev/video* exists).
 * Every code found is listed with the device it names; Up/Down choose,
 * F2 (^O) opens the device. The path field takes every letter: the other
 * keys of F2 and F3 are Ctrl keys.
 */
#include "screens/label_screens.h"
#include "screens/screens.h"
#include "screens/registry.h"
#include "core/scan/barcode_scan.h"
#include "core/scan/scan.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REQ_OPEN_DEVICE = REQ_SCREEN, REQ_WEBCAM, REQ_READ };
#define FOUND_MAX 32
/* Long enough to hold a label in front of the camera, short enough that a
 * forgotten scan does not freeze the screen for long. */
#define WEBCAM_TIMEOUT_MS 10000

typedef struct Found {
    char sym[32];
    char data[128];
    char device[DEVICE_ID_MAX];   /* "" when none */
    char what[256];
} Found;

typedef struct ScanImg {
    FormField fields[1];
    Form form;
    Found found[FOUND_MAX];
    int n, sel;
    char msg[1024];
    TermColor msg_color;
} ScanImg;

static int on_code(void *arg, const char *sym, const char *data, size_t len)
{
    ScanImg *t = arg;
    if (t->n >= FOUND_MAX) return 1;
    Found *f = &t->found[t->n++];
    memset(f, 0, sizeof *f);
    snprintf(f->sym, sizeof f->sym, "%s", sym);
    snprintf(f->data, sizeof f->data, "%s", data);
    Device d;
    if (strlen(data) == len && scan_resolve(app_ctx(), data, &d, NULL) == 1) {
        snprintf(f->device, sizeof f->device, "%s", d.id);
        snprintf(f->what, sizeof f->what, "%s %s", d.make, d.model);
    }
    return 0;
}

static void scan_draw(Screen *s, WINDOW *w, int full)
{
    ScanImg *t = s->state;
    int cols = getmaxx(w), rows = getmaxy(w);
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    draw_text(w, 0, 1, _("Read the codes of a photo or of the webcam"), cols - 2, 0);
    wattrset(w, A_NORMAL);
    form_draw(&t->form, w, 2, 2);
    wattrset(w, term_attr(CLR_DIM));
    char hint[256], key[32];
    snprintf(hint, sizeof hint, _("Enter reads the image (PNG, JPEG or PNM); %s reads from the webcam."),
             action_key_name(scr_scan_image_actions, REQ_WEBCAM, key, sizeof key));
    draw_text(w, 4, 2, hint, cols - 4, 0);
    wattrset(w, A_NORMAL);
    for (int i = 0, y = 6; i < t->n && y < rows - 2; i++, y++) {
        char buf[512], sym[64], data[256];
        const Found *f = &t->found[i];
        /* padded in terminal cells: a code may hold any text */
        int dw = utf8_width(f->data);
        utf8_pad(sym, sizeof sym, f->sym, 10);
        utf8_pad(data, sizeof data, f->data, dw > 24 ? dw : 24);
        if (f->device[0])
            snprintf(buf, sizeof buf, "%s %s → %s  %s", sym, data, f->device, f->what);
        else
            snprintf(buf, sizeof buf, "%s %s → %s", sym, data, _("no device"));
        wattrset(w, i == t->sel ? term_attr(CLR_SELECTION) : A_NORMAL);
        draw_text(w, y, 2, buf, cols - 4, 1);
    }
    wattrset(w, A_NORMAL);
    if (t->msg[0]) {
        wattrset(w, term_attr(t->msg_color));
        draw_wrap(w, rows - 2, 1, cols - 2, 2, t->msg);
        wattrset(w, A_NORMAL);
    }
}

static void report(ScanImg *t, int n, const Err *e)
{
    if (n < 0) {
        snprintf(t->msg, sizeof t->msg, "%s", e->msg);
        t->msg_color = CLR_ERROR;
        return;
    }
    int known = 0;
    for (int i = 0; i < t->n; i++) known += t->found[i].device[0] != 0;
    snprintf(t->msg, sizeof t->msg, ngettext("%d code read, %d of them naming a device.", "%d codes read, %d of them naming a device.",
                                               (unsigned long)t->n), t->n, known);
    t->msg_color = known ? CLR_OK : CLR_WARN;
}

/* Reads the image whose path is in the field. */
static int read_image(ScanImg *t)
{
    char path[1024];
    form_text(&t->form, 0, path, sizeof path);
    t->n = t->sel = 0;
    Err e = { 0 };
    report(t, barcode_scan_file(path, on_code, t, &e), &e);
    return TUI_REDRAW;
}

static int scan_handle(Screen *s, Key k)
{
    ScanImg *t = s->state;
    if (k == K_DOWN && t->n) { if (t->sel + 1 < t->n) t->sel++; return TUI_REDRAW; }
    if (k == K_UP && t->n) { if (t->sel > 0) t->sel--; return TUI_REDRAW; }
    int r = form_handle(&t->form, k);
    if (r & FORM_SUBMIT) return read_image(t);
    return r ? TUI_REDRAW : TUI_UNHANDLED;
}

static int scan_run(Screen *s, int req)
{
    ScanImg *t = s->state;
    if (req == REQ_READ) return form_submit(&t->form) & FORM_SUBMIT ? read_image(t) : TUI_REDRAW;
    if (req == REQ_OPEN_DEVICE) {
        if (t->n && t->found[t->sel].device[0]) scr_device_open(t->found[t->sel].device);
        return TUI_REDRAW;
    }
    if (req == REQ_WEBCAM) {
        char dev[64];
        Err e = { 0 };
        t->n = t->sel = 0;
        if (!barcode_webcam_find(dev, sizeof dev)) {
            report(t, err_set(&e, ERR_NOTFOUND, _("no webcam found (no /dev/video* device)")), &e);
            return TUI_REDRAW;
        }
        screen_flash(CLR_WARN, _("Hold the code in front of the webcam (%d s)…"), WEBCAM_TIMEOUT_MS / 1000);
        report(t, barcode_scan_webcam(dev, WEBCAM_TIMEOUT_MS, on_code, t, &e), &e);
        return TUI_REDRAW;
    }
    return TUI_UNHANDLED;
}

static void scan_leave(Screen *s) { free(s->state); }

const Action scr_scan_image_actions[] = {
    { REQ_READ,        { K_ENTER },              N_("Read"),   N_("Read the codes of the image file"),     scan_run },
    { REQ_OPEN_DEVICE, { K_F(2), K_CTRL('o') },  N_("Device"), N_("Open the device of the selected code"), scan_run },
    { REQ_WEBCAM,      { K_F(3), K_CTRL('w') },  N_("Webcam"), N_("Read a code from the webcam"),          scan_run },
    { 0 }
};

void scr_scan_image_open(void)
{
    static const Screen tmpl = {
        .name = "scan_image", .title = N_("Scan from an image"), .actions = scr_scan_image_actions,
        .leave = scan_leave, .draw = scan_draw, .handle = scan_handle,
    };
    ScanImg *t = calloc(1, sizeof *t);
    if (!t) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    t->fields[0] = (FormField){ .kind = FIELD_TEXT, .label = N_("Image file"), .width = 50, .required = 1 };
    form_init(&t->form, t->fields, 1, NULL);
    if (screen_push(&tmpl, t) < 0) free(t);
}
