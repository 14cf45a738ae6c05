/*
 * test_label.c — label layout, legibility checks, templates, and the round
 * trip of every output: what boucle writes is read back with zbar and must
 * give the exact payload.
 *   1-3   Code 128 table and encoder (decoded by zbar)
 *   4-8   templates: built in, files, broken files
 *   9-12  legibility: payload too long, module too small, text too long
 *   13-19 outputs: PNG, ZPL 203/300, PDF (multi-page), SVG, text, Code 128
 *   20    a batch of PNG labels: 1-bit grey, the raster's pixels, read by zbarimg
 */
#include "tests/unit/t.h"
#include "tests/unit/support_label.h"
#include "core/label/code128.h"
#include "core/label/label.h"
#include "core/label/label_render.h"
#include "util/utf8.h"
#include <cairo.h>
#include <stdio.h>
#include <stdint.h>

static const LabelData SAMPLE = {
    .asset_id = "GRE1-000123", .category = "Portable", .make = "Lenovo", .model = "ThinkPad T480",
    .grade = "B", .ram = "8 GB", .storage = "256 GB SSD", .wipe = "effacé (purge)",
    .claim = "reconditionné", .workshop = "Atelier Grenoble", .serial = "PF1ABC23",
};

static char path_buf[512];
static const char *tmp(const char *name)
{
    snprintf(path_buf, sizeof path_buf, "%s/%s", sl_tmpdir(), name);
    return path_buf;
}

static int write_labels(const Label *ls, int n, LabelFormat f, const char *path, Err *e)
{
    FILE *out = fopen(path, "wb");
    if (!out) return -1;
    int rc = label_write(ls, n, f, out, e);
    fclose(out);
    return rc;
}

/* Draws Code 128 widths into a gray image with 3-pixel modules. */
static unsigned char *bars_image(const unsigned char *w, int n, int modules, int *W, int *H)
{
    int m = 3, quiet = 12;
    *W = (modules + 2 * quiet) * m;
    *H = 60;
    unsigned char *g = malloc((size_t)*W * *H);
    memset(g, 255, (size_t)*W * *H);
    int x = quiet * m;
    for (int i = 0; i < n; i++) {
        if (i % 2 == 0)
            for (int y = 5; y < *H - 5; y++) memset(g + (size_t)y * *W + x, 0, (size_t)w[i] * m);
        x += w[i] * m;
    }
    return g;
}

/* 1 */
TEST(code128_table)
{
    for (int v = 0; v <= 106; v++) {
        const char *p = code128_pattern(v);
        CHECK(p);
        int sum = 0, bars = 0;
        for (int i = 0; p[i]; i++) {
            sum += p[i] - '0';
            if (i % 2 == 0) bars += p[i] - '0';
        }
        CHECK_INT(sum, v == 106 ? 13 : 11);
        CHECK_MSG(bars % 2 == 0, "pattern %d has odd bar parity", v);  /* Code 128 bars are even */
        for (int u = 0; u < v; u++) CHECK_MSG(strcmp(p, code128_pattern(u)) != 0, "%d == %d", u, v);
    }
    CHECK(code128_pattern(107) == NULL);
}

/* 2 */
TEST(code128_roundtrip)
{
    const char *cases[] = { "PF1ABC23", "1234567890", "12345", "SN-0001-A", "ab c!~", "R9-00012345678",
                            "0", "X1234567", "  lead", "99" };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned char w[512];
        int modules = 0;
        int n = code128_encode(cases[i], w, sizeof w, &modules);
        CHECK_MSG(n > 0, "cannot encode %s", cases[i]);
        int W, H;
        unsigned char *g = bars_image(w, n, modules, &W, &H);
        SlCodes c;
        sl_decode_gray(g, W, H, &c);
        free(g);
        CHECK_MSG(sl_has(&c, "CODE-128", cases[i]), "\"%s\" decoded as \"%s\" (%d codes)", cases[i],
                  c.n ? c.data[0] : "", c.n);
    }
}

/* 3: code set C makes numeric serials shorter; bad input refused. */
TEST(code128_sets_and_refusals)
{
    unsigned char w[512];
    int mb = 0, mc = 0;
    CHECK(code128_encode("ABCDEFGHIJKL", w, sizeof w, &mb) > 0);
    CHECK(code128_encode("123456789012", w, sizeof w, &mc) > 0);
    CHECK_MSG(mc < mb, "numeric %d modules, alpha %d", mc, mb);
    CHECK_INT(code128_encode("", w, sizeof w, NULL), -1);
    CHECK_INT(code128_encode("caf\xc3\xa9", w, sizeof w, NULL), -1);
    CHECK_INT(code128_encode("a\tb", w, sizeof w, NULL), -1);
    CHECK_INT(code128_encode("ABCDEFGH", w, 10, NULL), -1);
}

/* 4 */
TEST(builtin_templates)
{
    LabelTemplate t;
    int n = 0;
    for (int i = 0; label_template_builtin_name(i); i++, n++) {
        CHECK(label_template_builtin(label_template_builtin_name(i), &t) == 1);
        CHECK(t.box[LE_QR].on && t.box[LE_ID].on);
        for (int el = 0; el < LE__COUNT; el++)
            if (t.box[el].on)
                CHECK_MSG(t.box[el].x + t.box[el].w <= t.width_mm && t.box[el].y + t.box[el].h <= t.height_mm,
                          "%s: %s outside", t.name, label_elem_key(el));
    }
    CHECK_INT(n, 3);
    CHECK(label_template_builtin("62×29", &t) == 1);
    CHECK_INT((int)t.width_mm, 62);
    CHECK(label_template_builtin("50X25", &t) == 1);
    CHECK_INT(t.dpi, 203);
    CHECK(label_template_builtin("99x99", &t) == 0);
    Err e = { 0 };
    CHECK_INT(label_template_find("99x99", &t, &e), -1);
    CHECK_CONTAINS(e.msg, "62x29");
}

/* 5 */
TEST(template_file)
{
    const char *text =
        "# a 70x30 label\n"
        "name = big70\n"
        "size = 70 30   # mm\n"
        "dpi = 300\r\n"
        "qr = 1 1 28\n"
        "id = 30 2 38 6\n"
        "model = 30 9 38 4\n"
        "barcode = 30 22 39 7\n";
    const char *p = tmp("big70.tpl");
    FILE *f = fopen(p, "w");
    fputs(text, f);
    fclose(f);
    LabelTemplate t;
    Err e = { 0 };
    CHECK_MSG(label_template_find(p, &t, &e) == 0, "%s", e.msg);
    CHECK_STR(t.name, "big70");
    CHECK_INT(t.dpi, 300);
    CHECK(t.box[LE_QR].on && t.box[LE_QR].w == 28 && t.box[LE_QR].h == 28);
    CHECK(t.box[LE_BARCODE].on && !t.box[LE_SPECS].on);
    Label l;
    LabelOptions o = { NULL, 1 };
    CHECK_MSG(label_build(&SAMPLE, &t, &o, &l, &e) == 0, "%s", e.msg);
    CHECK_INT(l.width_dots, 827);   /* 70 mm at 300 dpi */
    CHECK_INT(l.ntext, 2);
    label_free(&l);
}

/* 6: broken template files, each with a message naming the problem. */
TEST(template_broken)
{
    struct { const char *text, *want; } cases[] = {
        { "qr = 1 1 20\nid = 22 1 20 5\n", "size" },
        { "size = 62 29\nid = 22 1 20 5\n", "qr" },
        { "size = 62 29\nqr = 1 1 20\nid = 22 1 50 5\n", "edge" },
        { "size = 62 29\nqr = 1 1 20\nid = 22 1 20 5\nfoo = 1\n", "foo" },
        { "size = 62 29\nqr = 1 1 20\nid = 22 1 twenty 5\n", "line 3" },
        { "size = 62\n", "size" },
        { "size = 62 29\ndpi = 12\n", "dpi" },
        { "size = 62 29\nqr = 1 1 20 10\n", "square" },
        { "size = 62 29\njust words\n", "line 2" },
        { "size = 1e999 29\n", "size" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        LabelTemplate t;
        Err e = { 0 };
        CHECK_MSG(label_template_parse(cases[i].text, "t.tpl", &t, &e) == -1, "case %zu accepted", i);
        CHECK_INT(e.code, ERR_INPUT);
        CHECK_CONTAINS(e.msg, cases[i].want);
        CHECK_CONTAINS(e.msg, "t.tpl");
    }
}

/* 7 */
TEST(template_file_errors)
{
    LabelTemplate t;
    Err e = { 0 };
    CHECK_INT(label_template_load(tmp("missing.tpl"), &t, &e), -1);
    CHECK_CONTAINS(e.msg, "missing.tpl");
    const char *p = tmp("bin.tpl");
    FILE *f = fopen(p, "wb");
    fwrite("size = 1\0\x01\x02", 1, 11, f);
    fclose(f);
    CHECK_INT(label_template_load(p, &t, &e), -1);
    CHECK_CONTAINS(e.msg, "binary");
    p = tmp("huge.tpl");
    f = fopen(p, "w");
    for (int i = 0; i < 20000; i++) fputs("# padding\n", f);
    fclose(f);
    CHECK_INT(label_template_load(p, &t, &e), -1);
    CHECK_CONTAINS(e.msg, "too big");
}

/* 8: the layout keeps every element in its box, modules on whole dots. */
TEST(layout_invariants)
{
    for (int i = 0; label_template_builtin_name(i); i++) {
        LabelTemplate t;
        label_template_builtin(label_template_builtin_name(i), &t);
        for (int dpi = 203; dpi <= 300; dpi += 97) {
            t.dpi = dpi;
            Label l;
            Err e = { 0 };
            CHECK_MSG(label_build(&SAMPLE, &t, NULL, &l, &e) == 0, "%s@%d: %s", t.name, dpi, e.msg);
            int side = (l.qr_width + 2 * LABEL_QR_QUIET) * l.qr_module;
            CHECK(l.qr_module >= LABEL_MIN_MODULE_DOTS);
            CHECK(l.qr_x >= 0 && l.qr_y >= 0 && l.qr_x + side <= l.width_dots && l.qr_y + side <= l.height_dots);
            CHECK(l.qr_version >= 1 && l.qr_version <= LABEL_QR_MAX_VERSION);
            CHECK_INT(l.qr_width, 17 + 4 * l.qr_version);
            double min_px = LABEL_MIN_TEXT_PT * dpi / 72.0;
            for (int k = 0; k < l.ntext; k++) {
                CHECK(l.text[k].font_px >= min_px);
                CHECK(l.text[k].font_px <= l.text[k].h);
            }
            CHECK_STR(l.text[0].text, "GRE1-000123");
            label_free(&l);
        }
    }
}

/* 8b: a box that ends on the label's edge in mm stays inside in dots, though
 * its corner and its size are rounded apart (found by fuzz_label: 2 + 28 mm
 * of 30 at 201 dpi were 16 + 222 dots of 237). */
TEST(boxes_on_the_edge_stay_inside)
{
    LabelTemplate t;
    Err e = { 0 };
    CHECK_MSG(label_template_parse("size = 70 30\ndpi = 201\nqr = 1 2 28\nid = 30 1 39 7\nbarcode = 30 22 39 8\n",
                                   "edge", &t, &e) == 0, "%s", e.msg);
    Label l;
    LabelOptions o = { "https://boucle.example.org/d/", 1 };   /* a QR filling its box */
    CHECK_MSG(label_build(&SAMPLE, &t, &o, &l, &e) == 0, "%s", e.msg);
    int side = (l.qr_width + 2 * LABEL_QR_QUIET) * l.qr_module;
    CHECK_INT(l.height_dots, 237);
    CHECK_MSG(l.qr_y + side <= l.height_dots, "QR ends at dot %d of %d", l.qr_y + side, l.height_dots);
    CHECK_MSG(l.bar_y + l.bar_h <= l.height_dots, "barcode ends at dot %d of %d", l.bar_y + l.bar_h, l.height_dots);
    for (int k = 0; k < l.ntext; k++) CHECK(l.text[k].y + l.text[k].h <= l.height_dots);
    label_free(&l);
    /* a barcode box lower than a dot prints no bar: refused (fuzz_label) */
    CHECK_MSG(label_template_parse("size = 70 30\nqr = 1 1 28\nid = 30 1 39 7\nbarcode = 30 22 39 0.0001\n",
                                   "flat", &t, &e) == 0, "%s", e.msg);
    CHECK(label_build(&SAMPLE, &t, &o, &l, &e) == -1);
    CHECK_CONTAINS(e.msg, "does not fit");
}

/* 9 */
TEST(payload_url_and_too_long)
{
    LabelTemplate t;
    label_template_builtin("50x25", &t);
    Label l;
    Err e = { 0 };
    LabelOptions o = { "https://boucle.example.org/d/", 0 };
    CHECK_MSG(label_build(&SAMPLE, &t, &o, &l, &e) == 0, "%s", e.msg);
    CHECK_STR(l.payload, "https://boucle.example.org/d/GRE1-000123");
    CHECK(l.qr_version <= 3);
    label_free(&l);
    LabelOptions longo = { "https://inventaire.atelier-reemploi.example.org/appareils/fiche/", 0 };
    CHECK_INT(label_build(&SAMPLE, &t, &longo, &l, &e), -1);
    CHECK_INT(e.code, ERR_INPUT);
    CHECK_CONTAINS(e.msg, "too long");
    CHECK(l.qr == NULL);
}

/* 10: a QR box too small for 2-dot modules is refused. */
TEST(module_too_small)
{
    LabelTemplate t;
    Err e = { 0 };
    CHECK(label_template_parse("size = 40 20\nqr = 0 0 6\nid = 10 1 28 5\n", "tiny", &t, &e) == 0);
    Label l;
    CHECK_INT(label_build(&SAMPLE, &t, NULL, &l, &e), -1);
    CHECK_CONTAINS(e.msg, "dot");
    CHECK_CONTAINS(e.msg, "203");
    t.dpi = 600;   /* the same box at 600 dpi has 4-dot modules */
    CHECK_MSG(label_build(&SAMPLE, &t, NULL, &l, &e) == 0, "%s", e.msg);
    label_free(&l);
}

/* 11: text that does not fit at 5 pt is refused, not shrunk to dust. */
TEST(text_too_long)
{
    LabelTemplate t;
    label_template_builtin("50x25", &t);
    LabelData d = SAMPLE;
    d.model = "ThinkPad X1 Carbon 6th Generation Type 20KH 20KG with extended battery and WWAN";
    Label l;
    Err e = { 0 };
    CHECK_INT(label_build(&d, &t, NULL, &l, &e), -1);
    CHECK_CONTAINS(e.msg, "model");
    CHECK_CONTAINS(e.msg, "50x25");
    d.model = "T480";
    CHECK_MSG(label_build(&d, &t, NULL, &l, &e) == 0, "%s", e.msg);
    label_free(&l);
}

/* 12: barcode needs a box, a serial and room. */
TEST(barcode_refusals)
{
    LabelTemplate t;
    label_template_builtin("50x25", &t);
    LabelOptions o = { NULL, 1 };
    Label l;
    Err e = { 0 };
    CHECK_INT(label_build(&SAMPLE, &t, &o, &l, &e), -1);
    CHECK_CONTAINS(e.msg, "no place");
    label_template_builtin("62x29", &t);
    LabelData d = SAMPLE;
    d.serial = "";
    CHECK_INT(label_build(&d, &t, &o, &l, &e), -1);
    CHECK_CONTAINS(e.msg, "no serial");
    d.serial = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    CHECK_INT(label_build(&d, &t, &o, &l, &e), -1);
    CHECK_CONTAINS(e.msg, "does not fit");
}

/* 13: PNG at printer resolution, every template, both resolutions, both payloads. */
TEST(png_roundtrip)
{
    const char *prefixes[] = { NULL, "https://boucle.example.org/d/" };
    for (int i = 0; label_template_builtin_name(i); i++) {
        for (int dpi = 203; dpi <= 300; dpi += 97) {
            for (int pi = 0; pi < 2; pi++) {
                LabelTemplate t;
                label_template_builtin(label_template_builtin_name(i), &t);
                t.dpi = dpi;
                Label l;
                Err e = { 0 };
                LabelOptions o = { prefixes[pi], 0 };
                CHECK_MSG(label_build(&SAMPLE, &t, &o, &l, &e) == 0, "%s", e.msg);
                const char *p = tmp("l.png");
                CHECK_MSG(write_labels(&l, 1, LABEL_FMT_PNG, p, &e) == 0, "%s", e.msg);
                SlCodes c;
                char msg[1024] = "";
                int n = sl_decode_file(p, &c, msg, sizeof msg);
                CHECK_MSG(n == 1 && sl_has(&c, "QR", l.payload), "%s@%d: %d codes (%s) %s", t.name, dpi, n,
                          c.n ? c.data[0] : "", msg);
                cairo_surface_t *s = cairo_image_surface_create_from_png(p);
                CHECK_INT(cairo_image_surface_get_width(s), l.width_dots);
                CHECK_INT(cairo_image_surface_get_height(s), l.height_dots);
                cairo_surface_destroy(s);
                label_free(&l);
            }
        }
    }
    if (!sl_have("zbarimg")) SKIP("zbarimg not installed (zbar-tools): the libzbar checks above passed");
    /* and the command-line decoder agrees */
    CHECK_INT(sl_sh("zbarimg -q --raw '%s' | grep -qx 'https://boucle.example.org/d/GRE1-000123'", tmp("l.png")), 0);
}

/* 14: ZPL at 203 and 300 dpi, rasterised from its ^GFA field. */
TEST(zpl_roundtrip)
{
    const char *ids[] = { "GRE1-000123", "LYO2-004567", "NTE1-1234567" };
    for (int dpi = 203; dpi <= 300; dpi += 97) {
        LabelTemplate t;
        label_template_builtin("50x25", &t);
        t.dpi = dpi;
        Label ls[3];
        Err e = { 0 };
        for (int i = 0; i < 3; i++) {
            LabelData d = SAMPLE;
            d.asset_id = ids[i];
            CHECK_MSG(label_build(&d, &t, NULL, &ls[i], &e) == 0, "%s", e.msg);
        }
        const char *p = tmp("l.zpl");
        CHECK_MSG(write_labels(ls, 3, LABEL_FMT_ZPL, p, &e) == 0, "%s", e.msg);
        char *zpl = sl_slurp(p, NULL);
        CHECK(zpl);
        for (int i = 0; i < 3; i++) {
            unsigned char *g;
            int w, h;
            CHECK_MSG(sl_zpl_raster(zpl, i, &g, &w, &h) == 0, "label %d: bad ^GFA", i);
            CHECK_INT(w, ls[i].width_dots);
            CHECK_INT(h, dpi == 203 ? 200 : 295);
            SlCodes c;
            sl_decode_gray(g, w, h, &c);
            free(g);
            CHECK_MSG(sl_has(&c, "QR", ids[i]), "%d dpi label %d: %s", dpi, i, c.n ? c.data[0] : "no code");
        }
        CHECK(sl_zpl_raster(zpl, 3, NULL, NULL, NULL) == -1);
        /* one ^XA…^XZ per label */
        int xa = 0, xz = 0;
        for (char *q = zpl; (q = strstr(q, "^XA")); q++) xa++;
        for (char *q = zpl; (q = strstr(q, "^XZ")); q++) xz++;
        CHECK_INT(xa, 3);
        CHECK_INT(xz, 3);
        free(zpl);
        for (int i = 0; i < 3; i++) label_free(&ls[i]);
    }
}

/* 15: one multi-page PDF for several devices; each page scans. */
TEST(pdf_roundtrip)
{
    if (!sl_have("pdftoppm")) SKIP("pdftoppm not installed (poppler-utils)");
    const char *ids[] = { "GRE1-000001", "GRE1-000002", "GRE1-000003" };
    LabelTemplate t;
    label_template_builtin("62x29", &t);
    Label ls[3];
    Err e = { 0 };
    for (int i = 0; i < 3; i++) {
        LabelData d = SAMPLE;
        d.asset_id = ids[i];
        CHECK(label_build(&d, &t, NULL, &ls[i], &e) == 0);
    }
    const char *p = tmp("l.pdf");
    CHECK_MSG(write_labels(ls, 3, LABEL_FMT_PDF, p, &e) == 0, "%s", e.msg);
    for (int i = 0; i < 3; i++) label_free(&ls[i]);
    CHECK_INT(sl_sh("cd '%s' && pdftoppm -r 300 -gray l.pdf page", sl_tmpdir()), 0);
    for (int i = 0; i < 3; i++) {
        char page[512];
        snprintf(page, sizeof page, "%s/page-%d.pgm", sl_tmpdir(), i + 1);
        SlCodes c;
        char msg[1024] = "";
        int n = sl_decode_file(page, &c, msg, sizeof msg);
        CHECK_MSG(n >= 1 && sl_has(&c, "QR", ids[i]), "page %d: %s %s", i + 1, c.n ? c.data[0] : "", msg);
    }
    if (sl_have("pdftotext")) {
        CHECK_INT(sl_sh("cd '%s' && pdftotext l.pdf - | grep -q 'reconditionné'", sl_tmpdir()), 0);
        CHECK_INT(sl_sh("cd '%s' && pdftotext l.pdf - | grep -q 'GRE1-000003'", sl_tmpdir()), 0);
    }
    /* page size is the label: 62 x 29 mm = 175.7 x 82.2 pt */
    if (sl_have("pdfinfo"))
        CHECK_INT(sl_sh("pdfinfo '%s' | grep -q 'Page size: *175.7.* x 82.2'", p), 0);
}

/* 16 */
TEST(svg_roundtrip)
{
    if (!sl_have("rsvg-convert")) SKIP("rsvg-convert not installed (librsvg2-bin)");
    LabelTemplate t;
    label_template_builtin("57x32", &t);
    Label l;
    Err e = { 0 };
    LabelOptions o = { "HTTPS://B.EXAMPLE/", 1 };
    CHECK_MSG(label_build(&SAMPLE, &t, &o, &l, &e) == 0, "%s", e.msg);
    char p[512];
    snprintf(p, sizeof p, "%s", tmp("l.svg"));
    CHECK(write_labels(&l, 1, LABEL_FMT_SVG, p, &e) == 0);
    CHECK_INT(sl_sh("cd '%s' && rsvg-convert --dpi-x 300 --dpi-y 300 -b white -o svg.png l.svg", sl_tmpdir()), 0);
    SlCodes c;
    char msg[1024] = "";
    sl_decode_file(tmp("svg.png"), &c, msg, sizeof msg);
    CHECK_MSG(sl_has(&c, "QR", "HTTPS://B.EXAMPLE/GRE1-000123"), "%d codes %s", c.n, msg);
    CHECK_MSG(sl_has(&c, "CODE-128", "PF1ABC23"), "no Code 128 in the SVG");
    char *svg = sl_slurp(p, NULL);
    CHECK_MSG(svg && strstr(svg, "width=\"57mm\"") && strstr(svg, "height=\"32mm\""), "SVG size is not 57x32 mm");
    free(svg);
    label_free(&l);
    /* SVG and PNG hold one label: several are refused with a message */
    Label two[2] = { l, l };
    CHECK_INT(write_labels(two, 2, LABEL_FMT_SVG, p, &e), -1);
    CHECK_CONTAINS(e.msg, "one label");
}

/* Reads half-block text (n modules a side) back into a grey image: light
 * modules white, dark ones black, and `border` modules of dark terminal
 * around it (0: white page around). Returns what zbar finds. */
static void read_halfblocks(const char *txt, int n, int border, SlCodes *c)
{
    int scale = 6, W = (n + 2 * border) * scale;
    unsigned char *g = malloc((size_t)W * W);
    memset(g, border ? 0 : 255, (size_t)W * W);
    const char *q = txt;
    for (int row = 0; row < (n + 1) / 2; row++) {
        for (int col = 0; col < n; col++) {
            int top_light, bot_light;
            if (!strncmp(q, "█", 3)) { top_light = 1; bot_light = 1; q += 3; }
            else if (!strncmp(q, "▀", 3)) { top_light = 1; bot_light = 0; q += 3; }
            else if (!strncmp(q, "▄", 3)) { top_light = 0; bot_light = 1; q += 3; }
            else { CHECK_MSG(*q == ' ', "row %d col %d: '%c'", row, col, *q); top_light = bot_light = 0; q++; }
            for (int half = 0; half < 2; half++) {
                int mr = 2 * row + half;
                if (mr >= n) continue;
                unsigned char v = (half ? bot_light : top_light) ? 255 : 0;
                for (int y = 0; y < scale; y++)
                    memset(g + (size_t)((mr + border) * scale + y) * W + (col + border) * scale, v, scale);
            }
        }
        q = strchr(q, '\n') + 1;
    }
    sl_decode_gray(g, W, W, c);
    free(g);
}

/* 17: the half-block preview is the same QR. */
TEST(txt_preview_roundtrip)
{
    LabelTemplate t;
    label_template_builtin("62x29", &t);
    Label l;
    Err e = { 0 };
    CHECK(label_build(&SAMPLE, &t, NULL, &l, &e) == 0);
    const char *p = tmp("l.txt");
    CHECK(write_labels(&l, 1, LABEL_FMT_TXT, p, &e) == 0);
    char *txt = sl_slurp(p, NULL);
    CHECK_CONTAINS(txt, "GRE1-000123");
    CHECK_CONTAINS(txt, "Grade B · RAM 8 GB · 256 GB SSD");
    CHECK_CONTAINS(txt, "effacé (purge) · reconditionné");
    /* read the blocks back: light modules are drawn */
    SlCodes c;
    read_halfblocks(txt, l.qr_width + 2 * LABEL_QR_QUIET, 0, &c);
    free(txt);
    CHECK_MSG(sl_has(&c, "QR", "GRE1-000123"), "%d codes", c.n);
    label_free(&l);
}

/* 17b: the screen's preview keeps a margin of one module, not the printed
 * four (qr_width + 2 columns, half as many rows), which lets the whole QR
 * fit an 80x24 print screen. The whole symbol is there: it still reads when
 * a dark terminal surrounds it. */
TEST(txt_preview_screen_margin)
{
    LabelTemplate t;
    label_template_builtin("62x29", &t);
    Label l;
    Err e = { 0 };
    CHECK(label_build(&SAMPLE, &t, NULL, &l, &e) == 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK(label_write_text(&l, 1, f, &e) == 0);
    fclose(f);
    int n = l.qr_width + 2, rows = 0;
    for (const char *q = buf; (q = strchr(q, '\n')); q++) rows++;
    CHECK_INT(rows, (n + 1) / 2 > 1 + l.ntext ? (n + 1) / 2 : 1 + l.ntext);
    CHECK_INT((int)utf8_count(buf, (size_t)(strchr(buf, '\n') - buf)), n);
    SlCodes c;
    read_halfblocks(buf, n, 4, &c);
    CHECK_MSG(sl_has(&c, "QR", "GRE1-000123"), "%d codes", c.n);
    free(buf);
    label_free(&l);
}

/* 18: QR and Code 128 on one PNG label. */
TEST(png_with_code128)
{
    LabelTemplate t;
    label_template_builtin("62x29", &t);
    const char *serials[] = { "PF1ABC23", "5CG7123XYZ", "00012345678" };
    for (int i = 0; i < 3; i++) {
        LabelData d = SAMPLE;
        d.serial = serials[i];
        LabelOptions o = { NULL, 1 };
        Label l;
        Err e = { 0 };
        CHECK_MSG(label_build(&d, &t, &o, &l, &e) == 0, "%s", e.msg);
        CHECK(l.bar_module >= LABEL_MIN_MODULE_DOTS);
        const char *p = tmp("bc.png");
        CHECK(write_labels(&l, 1, LABEL_FMT_PNG, p, &e) == 0);
        SlCodes c;
        sl_decode_file(p, &c, NULL, 0);
        CHECK_MSG(sl_has(&c, "QR", "GRE1-000123") && sl_has(&c, "CODE-128", serials[i]), "%s: %d codes", serials[i],
                  c.n);
        label_free(&l);
    }
}

/* 19: empty facts are left off; an asset id is required. */
TEST(sparse_data)
{
    LabelTemplate t;
    label_template_builtin("62x29", &t);
    LabelData d = { .asset_id = "GRE1-000009" };
    Label l;
    Err e = { 0 };
    CHECK(label_build(&d, &t, NULL, &l, &e) == 0);
    CHECK_INT(l.ntext, 1);
    label_free(&l);
    d.asset_id = "";
    CHECK_INT(label_build(&d, &t, NULL, &l, &e), -1);
    CHECK_CONTAINS(e.msg, "asset id");
    d.asset_id = "GRE1-000009";
    d.make = "Dell";
    CHECK(label_build(&d, &t, NULL, &l, &e) == 0);
    CHECK_INT(l.ntext, 2);
    CHECK_STR(l.text[1].text, "Dell");
    label_free(&l);
}

/* 20: a batch of PNG labels, every built-in template, with and without the
 * serial barcode and the URL prefix: each file is a 1-bit greyscale PNG
 * whose pixels are exactly the label's raster (what cairo's RGB PNG held
 * before, and what ZPL prints), libzbar reads its payload, and zbarimg
 * decodes the whole batch to the right payloads. */
TEST(png_batch_same_pixels)
{
    char want[4096] = "", files[8192] = "";
    int count = 0;
    for (int ti = 0; label_template_builtin_name(ti); ti++) {
        for (int i = 0; i < 6; i++) {
            LabelTemplate t;
            label_template_builtin(label_template_builtin_name(ti), &t);
            char id[32], serial[32];
            snprintf(id, sizeof id, "GRE%d-%06d", ti + 1, i * 7919 + 17);
            snprintf(serial, sizeof serial, "SN%dX%d", ti, i * 31);
            LabelData d = SAMPLE;
            d.asset_id = id;
            d.serial = serial;
            d.model = i % 2 ? "ThinkPad T480s" : "Latitude 5490";
            LabelOptions o = { i % 3 == 0 ? "https://boucle.example.org/d/" : NULL,
                               t.box[LE_BARCODE].on && i % 2 };
            Label l;
            Err e = { 0 };
            CHECK_MSG(label_build(&d, &t, &o, &l, &e) == 0, "%s", e.msg);
            char name[64];
            snprintf(name, sizeof name, "batch-%d-%d.png", ti, i);
            char p[512];
            snprintf(p, sizeof p, "%s", tmp(name));
            CHECK_MSG(write_labels(&l, 1, LABEL_FMT_PNG, p, &e) == 0, "%s", e.msg);
            size_t len = 0;
            char *bytes = sl_slurp(p, &len);
            /* IHDR: bit depth 1, colour type 0 (grey) */
            CHECK_MSG(bytes && len > 33 && memcmp(bytes + 12, "IHDR", 4) == 0 && bytes[24] == 1 && bytes[25] == 0,
                      "%s: not a 1-bit grey PNG", p);
            free(bytes);
            cairo_surface_t *png = cairo_image_surface_create_from_png(p), *r = label_raster(&l, NULL);
            CHECK_INT(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
            CHECK_INT(cairo_image_surface_get_width(png), l.width_dots);
            CHECK_INT(cairo_image_surface_get_height(png), l.height_dots);
            long diff = 0, dark = 0;
            for (int y = 0; y < l.height_dots; y++) {
                const uint32_t *a = (const uint32_t *)(cairo_image_surface_get_data(png) +
                                                       (size_t)y * cairo_image_surface_get_stride(png));
                const uint32_t *b = (const uint32_t *)(cairo_image_surface_get_data(r) +
                                                       (size_t)y * cairo_image_surface_get_stride(r));
                for (int x = 0; x < l.width_dots; x++) {
                    diff += (a[x] & 0xFFFFFFu) != (b[x] & 0xFFFFFFu);
                    dark += (a[x] & 0xFFFFFFu) == 0;
                }
            }
            CHECK_MSG(diff == 0, "%s: %ld pixels differ from the raster", p, diff);
            CHECK(dark > 0);
            cairo_surface_destroy(png);
            cairo_surface_destroy(r);
            SlCodes c;
            sl_decode_file(p, &c, NULL, 0);
            CHECK_MSG(sl_has(&c, "QR", l.payload) && (!o.code128 || sl_has(&c, "CODE-128", serial)),
                      "%s: %d codes", p, c.n);
            size_t wl = strlen(want), fl = strlen(files);
            snprintf(want + wl, sizeof want - wl, "%s\n", l.payload);
            snprintf(files + fl, sizeof files - fl, " '%s'", p);
            count++;
            label_free(&l);
        }
    }
    CHECK_INT(count, 18);
    if (!sl_have("zbarimg")) SKIP("zbarimg not installed (zbar-tools): the libzbar checks above passed");
    char wantp[512];
    snprintf(wantp, sizeof wantp, "%s", tmp("batch-want.txt"));
    FILE *f = fopen(wantp, "w");
    CHECK(f && fputs(want, f) >= 0);
    if (f) fclose(f);
    char gotp[512];
    snprintf(gotp, sizeof gotp, "%s", tmp("batch-got.txt"));
    CHECK_INT(sl_sh("zbarimg -q --raw -Sdisable -Sqrcode.enable%s | sort >'%s' && sort '%s' | cmp -s - '%s'",
                    files, gotp, wantp, gotp), 0);
}

/* fontconfig (under cairo) re-reads its configuration every 30 s and drops
 * the old one without freeing it: on a slow sanitizer run that is reported
 * as a leak that is not ours. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libfontconfig.so\n"; }

int main(void)
{
    RUN(code128_table);
    RUN(code128_roundtrip);
    RUN(code128_sets_and_refusals);
    RUN(builtin_templates);
    RUN(template_file);
    RUN(template_broken);
    RUN(template_file_errors);
    RUN(layout_invariants);
    RUN(boxes_on_the_edge_stay_inside);
    RUN(payload_url_and_too_long);
    RUN(module_too_small);
    RUN(text_too_long);
    RUN(barcode_refusals);
    RUN(png_roundtrip);
    RUN(zpl_roundtrip);
    RUN(pdf_roundtrip);
    RUN(svg_roundtrip);
    RUN(txt_preview_roundtrip);
    RUN(txt_preview_screen_margin);
    RUN(png_with_code128);
    RUN(sparse_data);
    RUN(png_batch_same_pixels);
    sl_cleanup();
    return t_done();
}
