/*
 * label.c — label templates and layout (see label.h).
 *
 * Layout works in printer dots: every box of the template is rounded to
 * whole dots, the QR module is a whole number of dots (so no module is ever
 * resampled), and text is measured with cairo using the same font and
 * font options the renderers use (metrics unhinted, so the measure does not
 * depend on the output surface).
 */
#include "core/label/label.h"
#include "core/label/code128.h"
#include "util/path.h"
#include "util/i18n.h"
#include <cairo.h>
#include <errno.h>
#include <math.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const ELEM_KEYS[LE__COUNT] = {
    "qr", "id", "model", "specs", "status", "workshop", "barcode"
};

const char *label_elem_key(LabelElem el)
{
    return el >= 0 && el < LE__COUNT ? ELEM_KEYS[el] : "?";
}

/* Built-in stock. Boxes in mm: the QR on the left over the full height, the
 * text to its right, the barcode (when there is room for one) under the text.
 * 62x29: Brother QL continuous 62 mm tape cut at 29 mm, 300 dpi.
 * 50x25: Zebra 2"x1" direct thermal, 203 dpi.
 * 57x32: Dymo 11354, 300 dpi. */
typedef struct Builtin {
    const char *name;
    double w, h;
    int dpi;
    double box[LE__COUNT][4];   /* x y w h; w == 0: element absent */
} Builtin;

static const Builtin BUILTINS[] = {
    { "62x29", 62, 29, 300, {
        [LE_QR] = { 1, 1, 27, 27 },
        [LE_ID] = { 28.5, 1.2, 32.5, 5 },
        [LE_MODEL] = { 28.5, 6.4, 32.5, 4.6 },
        [LE_SPECS] = { 28.5, 11.2, 32.5, 3.4 },
        [LE_STATUS] = { 28.5, 14.8, 32.5, 3.4 },
        [LE_WORKSHOP] = { 28.5, 18.4, 32.5, 3 },
        [LE_BARCODE] = { 28, 21.8, 33.5, 6.2 } } },
    /* 2"x1" is small: facts may take two lines each, the workshop is left off */
    { "50x25", 50, 25, 203, {
        [LE_QR] = { 0.5, 0.5, 24, 24 },
        [LE_ID] = { 24.8, 0.5, 24.7, 4.4 },
        [LE_MODEL] = { 24.8, 5.1, 24.7, 6.3 },
        [LE_SPECS] = { 24.8, 11.6, 24.7, 6.3 },
        [LE_STATUS] = { 24.8, 18.1, 24.7, 6.3 } } },
    { "57x32", 57, 32, 300, {
        [LE_QR] = { 1, 1, 26, 26 },
        [LE_ID] = { 27.5, 1.2, 28.5, 5 },
        [LE_MODEL] = { 27.5, 6.4, 28.5, 4.6 },
        [LE_SPECS] = { 27.5, 11.2, 28.5, 4.4 },
        [LE_STATUS] = { 27.5, 15.8, 28.5, 4.4 },
        [LE_WORKSHOP] = { 27.5, 20.4, 28.5, 3.2 },
        [LE_BARCODE] = { 1, 25, 55, 6.5 } } },
};
#define NBUILTIN ((int)(sizeof BUILTINS / sizeof BUILTINS[0]))

const char *label_template_builtin_name(int i)
{
    return i >= 0 && i < NBUILTIN ? BUILTINS[i].name : NULL;
}

int label_template_builtin(const char *name, LabelTemplate *out)
{
    char norm[64];
    size_t n = 0;
    if (!name) return 0;
    /* "62×29" (U+00D7) and "62X29" are the same stock as "62x29". */
    for (const char *p = name; *p && n + 1 < sizeof norm; p++) {
        if ((unsigned char)p[0] == 0xC3 && (unsigned char)p[1] == 0x97) { norm[n++] = 'x'; p++; }
        else norm[n++] = *p == 'X' ? 'x' : *p;
    }
    norm[n] = '\0';
    for (int i = 0; i < NBUILTIN; i++) {
        const Builtin *b = &BUILTINS[i];
        if (strcmp(norm, b->name) != 0) continue;
        memset(out, 0, sizeof *out);
        snprintf(out->name, sizeof out->name, "%s", b->name);
        out->width_mm = b->w;
        out->height_mm = b->h;
        out->dpi = b->dpi;
        for (int el = 0; el < LE__COUNT; el++) {
            if (b->box[el][2] <= 0) continue;
            out->box[el] = (LabelBox){ 1, b->box[el][0], b->box[el][1], b->box[el][2], b->box[el][3] };
        }
        return 1;
    }
    return 0;
}

/* ---- template files ---------------------------------------------------- */

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) s[--n] = '\0';
    return s;
}

/* Reads up to max numbers from s; returns how many, or -1 on garbage. */
static int numbers(const char *s, double *v, int max)
{
    int n = 0;
    for (;;) {
        while (*s == ' ' || *s == '\t') s++;
        if (!*s) return n;
        if (n == max) return -1;
        char *end;
        errno = 0;
        double d = strtod(s, &end);
        if (end == s || errno || !isfinite(d)) return -1;
        v[n++] = d;
        s = end;
    }
}

int label_template_parse(const char *text, const char *origin, LabelTemplate *out, Err *e)
{
    memset(out, 0, sizeof *out);
    out->dpi = 203;
    int have_size = 0, lineno = 0;
    const char *p = text;
    char line[512];
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        lineno++;
        if (len >= sizeof line)
            return err_set(e, ERR_INPUT, _("%s, line %d: line too long"), origin, lineno);
        memcpy(line, p, len);
        line[len] = '\0';
        p += len + (nl ? 1 : 0);
        char *hash = strchr(line, '#');
        if (hash) *hash = '\0';
        char *s = trim(line);
        if (!*s) continue;
        char *eq = strchr(s, '=');
        if (!eq)
            return err_set(e, ERR_INPUT, _("%s, line %d: expected “key = value”"), origin, lineno);
        *eq = '\0';
        char *key = trim(s), *val = trim(eq + 1);
        double v[4];
        int nv;
        if (strcmp(key, "name") == 0) {
            snprintf(out->name, sizeof out->name, "%s", val);
            continue;
        }
        nv = numbers(val, v, 4);
        if (strcmp(key, "size") == 0) {
            if (nv != 2 || v[0] < 10 || v[0] > 300 || v[1] < 10 || v[1] > 300)
                return err_set(e, ERR_INPUT, _("%s, line %d: size must be two numbers in mm, between 10 and 300"),
                               origin, lineno);
            out->width_mm = v[0];
            out->height_mm = v[1];
            have_size = 1;
            continue;
        }
        if (strcmp(key, "dpi") == 0) {
            if (nv != 1 || v[0] < 100 || v[0] > 1200 || v[0] != floor(v[0]))
                return err_set(e, ERR_INPUT, _("%s, line %d: dpi must be a whole number between 100 and 1200"),
                               origin, lineno);
            out->dpi = (int)v[0];
            continue;
        }
        int el = -1;
        for (int i = 0; i < LE__COUNT; i++)
            if (strcmp(key, ELEM_KEYS[i]) == 0) el = i;
        if (el < 0)
            return err_set(e, ERR_INPUT, _("%s, line %d: unknown key “%s”"), origin, lineno, key);
        if (el == LE_QR && nv == 3) { v[3] = v[2]; nv = 4; }
        if (nv != 4 || v[2] <= 0 || v[3] <= 0 || v[0] < 0 || v[1] < 0)
            return err_set(e, ERR_INPUT,
                           el == LE_QR ? _("%s, line %d: qr needs “x y size” in mm")
                                       : _("%s, line %d: an element needs “x y width height” in mm"),
                           origin, lineno);
        if (el == LE_QR && v[2] != v[3])
            return err_set(e, ERR_INPUT, _("%s, line %d: the QR box must be square"), origin, lineno);
        out->box[el] = (LabelBox){ 1, v[0], v[1], v[2], v[3] };
    }
    if (!have_size)
        return err_set(e, ERR_INPUT, _("%s: the template gives no size (e.g. “size = 62 29”)"), origin);
    if (!out->box[LE_QR].on || !out->box[LE_ID].on)
        return err_set(e, ERR_INPUT, _("%s: the template must place at least “qr” and “id”"), origin);
    for (int el = 0; el < LE__COUNT; el++) {
        const LabelBox *b = &out->box[el];
        if (b->on && (b->x + b->w > out->width_mm + 1e-9 || b->y + b->h > out->height_mm + 1e-9))
            return err_set(e, ERR_INPUT, _("%s: the “%s” box goes past the edge of the label"),
                           origin, ELEM_KEYS[el]);
    }
    if (!out->name[0]) snprintf(out->name, sizeof out->name, "%s", origin);
    return 0;
}

/* Template files are small; anything over this is not one. */
#define TEMPLATE_FILE_MAX 65536

int label_template_load(const char *path, LabelTemplate *out, Err *e)
{
    Err pe = { 0 };
    FILE *f = path_fopen_file(path, &pe);
    if (!f && pe.code) {
        if (e) *e = pe;
        return -1;
    }
    if (!f)
        return err_set(e, ERR_INPUT, _("cannot open the label template %s: %s"), path, strerror(errno));
    char *buf = malloc(TEMPLATE_FILE_MAX + 1);
    if (!buf) { fclose(f); return err_set(e, ERR_INTERNAL, _("out of memory")); }
    size_t n = fread(buf, 1, TEMPLATE_FILE_MAX + 1, f);
    int bad = ferror(f);
    fclose(f);
    int rc;
    if (bad) rc = err_set(e, ERR_IO, _("cannot read the label template %s"), path);
    else if (n > TEMPLATE_FILE_MAX) rc = err_set(e, ERR_INPUT, _("%s is too big to be a label template"), path);
    else if (memchr(buf, '\0', n)) rc = err_set(e, ERR_INPUT, _("%s is not a label template (binary data)"), path);
    else {
        buf[n] = '\0';
        rc = label_template_parse(buf, path, out, e);
    }
    free(buf);
    return rc;
}

int label_template_find(const char *name, LabelTemplate *out, Err *e)
{
    if (!name || !*name) name = BUILTINS[0].name;
    if (label_template_builtin(name, out)) return 0;
    if (!strchr(name, '/') && !strstr(name, ".tpl") && !strstr(name, ".conf")) {
        char names[128] = "";
        for (int i = 0; i < NBUILTIN; i++) {
            if (i) strcat(names, ", ");
            strcat(names, BUILTINS[i].name);
        }
        return err_set(e, ERR_INPUT, _("unknown label template “%s” (built in: %s; or give a template file path)"),
                       name, names);
    }
    return label_template_load(name, out, e);
}

/* ---- layout ------------------------------------------------------------ */

int label_payload(const char *asset_id, const char *url_prefix, char *out, size_t size, Err *e)
{
    size_t need = strlen(asset_id) + (url_prefix ? strlen(url_prefix) : 0);
    if (need + 1 > size || need + 1 > LABEL_PAYLOAD_MAX)
        return err_set(e, ERR_INPUT, _("the QR payload for %s is too long (%zu characters)"), asset_id, need);
    snprintf(out, size, "%s%s", url_prefix ? url_prefix : "", asset_id);
    return 0;
}

static int mm2dots(double mm, int dpi) { return (int)lround(mm * dpi / 25.4); }

/* A box in dots, inside the label: its corner and its size are each rounded
 * to the nearest dot, so a box that ends on the label's edge in mm could end
 * one dot past it (found by fuzz_label: 2 + 28 mm of 30 at 201 dpi are 16 +
 * 222 dots of 237); it is cut to the edge instead. */
static void box_dots(const Label *l, const LabelBox *b, int *x, int *y, int *w, int *h)
{
    *x = mm2dots(b->x, l->t.dpi);
    *y = mm2dots(b->y, l->t.dpi);
    *w = mm2dots(b->w, l->t.dpi);
    *h = mm2dots(b->h, l->t.dpi);
    if (*x + *w > l->width_dots) *w = l->width_dots - *x;
    if (*y + *h > l->height_dots) *h = l->height_dots - *y;
}

static int nonempty(const char *s) { return s && *s; }

/* Joins the non-empty parts with " · ". */
static void join(char *out, size_t size, const char *const *parts, int n)
{
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (!nonempty(parts[i])) continue;
        size_t len = strlen(out);
        snprintf(out + len, size - len, "%s%s", len ? " · " : "", parts[i]);
    }
}

/* Advance of text[from, to) at font size px. */
static double advance(cairo_t *cr, const char *text, size_t from, size_t to, double px)
{
    char buf[LABEL_TEXT_MAX];
    size_t n = to - from < sizeof buf ? to - from : sizeof buf - 1;
    memcpy(buf, text + from, n);
    buf[n] = '\0';
    cairo_text_extents_t ext;
    cairo_set_font_size(cr, px);
    cairo_text_extents(cr, buf, &ext);
    return ext.x_advance;
}

/* The largest whole em size ≤ px_max at which every line fits the width. */
static double fit_lines(cairo_t *cr, const LabelText *t, double px_max)
{
    size_t len = strlen(t->text);
    double px = floor(px_max);
    /* unhinted advances scale linearly: one measure gives the size, the loop
     * absorbs rounding */
    double a1 = advance(cr, t->text, 0, t->split ? (size_t)t->split - 1 : len, 100);
    double a2 = t->split ? advance(cr, t->text, (size_t)t->split, len, 100) : 0;
    double widest = a1 > a2 ? a1 : a2;
    if (widest > 0 && widest * px / 100 > t->w) px = floor(t->w * 100 / widest);
    while (px > 1 && (advance(cr, t->text, 0, t->split ? (size_t)t->split - 1 : len, px) > t->w ||
                      (t->split && advance(cr, t->text, (size_t)t->split, len, px) > t->w)))
        px -= 1;
    return px;
}

/* Line height of the label font, in em (ascent + descent). */
static double line_em(cairo_t *cr)
{
    cairo_font_extents_t fe;
    cairo_set_font_size(cr, 100);
    cairo_font_extents(cr, &fe);
    return (fe.ascent + fe.descent) / 100;
}

/* Fits text in its box: on one line at the largest size up to the box
 * height, else (when the box is tall enough) on two lines split at a space,
 * choosing the split that allows the largest size. -1 when no way reaches
 * min_px. */
static int fit_text(cairo_t *cr, LabelText *t, double min_px)
{
    cairo_select_font_face(cr, LABEL_FONT, CAIRO_FONT_SLANT_NORMAL,
                           t->bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    double lem = line_em(cr);
    t->split = 0;
    double px = fit_lines(cr, t, t->h / lem);
    if (px < min_px && t->h / 2 / lem >= min_px) {
        double best = 0;
        int best_split = 0;
        /* first between facts (after " ·"), then at any space */
        for (int pass = 0; pass < 2 && best < min_px; pass++) {
            for (int i = 1; t->text[i]; i++) {
                if (t->text[i] != ' ') continue;
                if (pass == 0 && (i < 2 || (unsigned char)t->text[i - 1] != 0xB7)) continue;
                t->split = i + 1;
                double p2 = fit_lines(cr, t, t->h / 2 / lem);
                if (p2 > best) { best = p2; best_split = i + 1; }
            }
        }
        if (best > px) { px = best; t->split = best_split; }
        else t->split = 0;
    }
    if (px < min_px) return -1;
    cairo_font_extents_t fe;
    cairo_set_font_size(cr, px);
    cairo_font_extents(cr, &fe);
    t->font_px = px;
    double line = fe.ascent + fe.descent, lines = t->split ? 2 : 1;
    t->baseline = t->y + (t->h - line * lines) / 2 + fe.ascent;
    t->baseline2 = t->baseline + line;
    return 0;
}

static int add_text(Label *l, cairo_t *cr, LabelElem el, const char *text, int bold, Err *e)
{
    const LabelBox *b = &l->t.box[el];
    if (!b->on || !nonempty(text)) return 0;
    int dpi = l->t.dpi;
    LabelText *t = &l->text[l->ntext];
    memset(t, 0, sizeof *t);
    t->elem = el;
    t->bold = bold;
    int bx, by, bw, bh;
    box_dots(l, b, &bx, &by, &bw, &bh);
    t->x = bx;
    t->y = by;
    t->w = bw;
    t->h = bh;
    snprintf(t->text, sizeof t->text, "%s", text);
    double min_px = ceil(LABEL_MIN_TEXT_PT * dpi / 72.0);
    if (fit_text(cr, t, min_px) < 0)
        return err_set(e, ERR_INPUT,
                       _("label %s: “%s” does not fit in the %s area of template %s (%.1f mm wide at the smallest "
                         "legible size); use a larger template"),
                       l->asset_id, text, ELEM_KEYS[el], l->t.name, b->w);
    l->ntext++;
    return 0;
}

static int layout_qr(Label *l, Err *e)
{
    QRcode *q = QRcode_encodeString(l->payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q)
        return err_set(e, ERR_INPUT, _("the QR payload “%s” cannot be encoded"), l->payload);
    if (q->version > LABEL_QR_MAX_VERSION) {
        int v = q->version;
        QRcode_free(q);
        return err_set(e, ERR_INPUT,
                       _("the QR payload “%s” is too long: it needs a version %d symbol, at most %d stays legible on "
                         "a small label; shorten the URL prefix"),
                       l->payload, v, LABEL_QR_MAX_VERSION);
    }
    l->qr_version = q->version;
    l->qr_width = q->width;
    l->qr = malloc((size_t)q->width * q->width);
    if (!l->qr) { QRcode_free(q); return err_set(e, ERR_INTERNAL, _("out of memory")); }
    for (int i = 0; i < q->width * q->width; i++) l->qr[i] = q->data[i] & 1;
    QRcode_free(q);

    int bx, by, bw, bh;
    box_dots(l, &l->t.box[LE_QR], &bx, &by, &bw, &bh);
    int box = bw < bh ? bw : bh;
    int total = l->qr_width + 2 * LABEL_QR_QUIET;
    l->qr_module = box / total;
    if (l->qr_module < LABEL_MIN_MODULE_DOTS)
        return err_set(e, ERR_INPUT,
                       ngettext("template %s: a QR module would be %d printer dot wide at %d dpi, at least %d are needed "
                                "to scan; use a larger QR box or a higher resolution",
                                "template %s: a QR module would be %d printer dots wide at %d dpi, at least %d are needed "
                                "to scan; use a larger QR box or a higher resolution", (unsigned long)l->qr_module),
                       l->t.name, l->qr_module, l->t.dpi, LABEL_MIN_MODULE_DOTS);
    int side = total * l->qr_module;
    l->qr_x = bx + (box - side) / 2;
    l->qr_y = by + (box - side) / 2;
    return 0;
}

static int layout_barcode(Label *l, const char *serial, Err *e)
{
    const LabelBox *b = &l->t.box[LE_BARCODE];
    if (!b->on)
        return err_set(e, ERR_INPUT, _("template %s has no place for the serial barcode"), l->t.name);
    int modules = 0;
    int n = code128_encode(serial, l->bars, sizeof l->bars, &modules);
    if (n < 0)
        return err_set(e, ERR_INPUT,
                       _("the serial “%s” cannot be printed as Code 128 (only printable ASCII, at most 120 characters)"),
                       serial);
    int bx, by, w, bh;
    box_dots(l, b, &bx, &by, &w, &bh);
    int total = modules + 2 * LABEL_BAR_QUIET;
    int m = w / total;
    /* bh < 1: a box lower than half a dot (found by fuzz_label: height
     * 7.1e-9 mm) would print no bar at all */
    if (m < LABEL_MIN_MODULE_DOTS || bh < 1)
        return err_set(e, ERR_INPUT,
                       _("label %s: the serial barcode for “%s” does not fit in template %s (%.1f mm); leave it off "
                         "or use a larger template"),
                       l->asset_id, serial, l->t.name, b->w);
    l->bar_count = n;
    l->bar_module = m;
    l->bar_x = bx + (w - modules * m) / 2;
    l->bar_y = by;
    l->bar_h = bh;
    return 0;
}

int label_build(const LabelData *d, const LabelTemplate *t, const LabelOptions *o, Label *out, Err *e)
{
    static const LabelOptions dflt = { NULL, 0 };
    if (!o) o = &dflt;
    memset(out, 0, sizeof *out);
    out->t = *t;
    if (!d || !nonempty(d->asset_id))
        return err_set(e, ERR_INPUT, _("a label needs an asset id"));
    snprintf(out->asset_id, sizeof out->asset_id, "%s", d->asset_id);
    out->width_dots = mm2dots(t->width_mm, t->dpi);
    out->height_dots = mm2dots(t->height_mm, t->dpi);
    if (label_payload(d->asset_id, o->url_prefix, out->payload, sizeof out->payload, e) < 0) return -1;
    if (layout_qr(out, e) < 0) goto fail;
    if (o->code128) {
        if (!nonempty(d->serial)) {
            err_set(e, ERR_INPUT, _("label %s: the device has no serial to print as a barcode"), d->asset_id);
            goto fail;
        }
        if (layout_barcode(out, d->serial, e) < 0) goto fail;
    }

    char model[LABEL_TEXT_MAX], specs[LABEL_TEXT_MAX], status[LABEL_TEXT_MAX];
    char grade[64] = "", ram[96] = "";
    char makemodel[LABEL_TEXT_MAX];
    snprintf(makemodel, sizeof makemodel, "%s%s%s", nonempty(d->make) ? d->make : "",
             nonempty(d->make) && nonempty(d->model) ? " " : "", nonempty(d->model) ? d->model : "");
    /* "Portable · Lenovo ThinkPad": facts joined with a middle dot, not a sentence. */
    const char *cm[] = { d->category, makemodel };
    join(model, sizeof model, cm, 2);
    if (nonempty(d->grade)) snprintf(grade, sizeof grade, _("Grade %s"), d->grade);
    if (nonempty(d->ram)) snprintf(ram, sizeof ram, _("RAM %s"), d->ram);
    const char *sp[] = { grade, ram, d->storage };
    join(specs, sizeof specs, sp, 3);
    char specs_short[LABEL_TEXT_MAX] = "";
    if (nonempty(d->storage_short)) {
        const char *sp2[] = { grade, ram, d->storage_short };
        join(specs_short, sizeof specs_short, sp2, 3);
    }
    const char *st[] = { d->wipe, d->claim };
    join(status, sizeof status, st, 2);

    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
    cairo_t *cr = cairo_create(s);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_set_font_options(cr, fo);
    cairo_font_options_destroy(fo);
    int rc = 0;
    if (add_text(out, cr, LE_ID, d->asset_id, 1, e) < 0 || add_text(out, cr, LE_MODEL, model, 0, e) < 0 ||
        (add_text(out, cr, LE_SPECS, specs, 0, e) < 0 &&
         (!specs_short[0] || add_text(out, cr, LE_SPECS, specs_short, 0, e) < 0)) ||
        add_text(out, cr, LE_STATUS, status, 0, e) < 0 ||
        add_text(out, cr, LE_WORKSHOP, d->workshop, 0, e) < 0)
        rc = -1;
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    if (rc == 0) return 0;
fail:
    label_free(out);
    return -1;
}

void label_free(Label *l)
{
    if (!l) return;
    free(l->qr);
    l->qr = NULL;
}
