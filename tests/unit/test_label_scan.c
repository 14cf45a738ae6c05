/*
 * test_label_scan.c — decoding codes from pictures: photos of printed
 * labels (scaled, rotated, blurred, noisy, low contrast), the symbologies
 * boucle reads (QR, Code 128, Code 39, EAN), several codes in one image,
 * and bad images (missing, empty, truncated, corrupt, JPEG, huge, no code).
 *   1-6   "photos" of a label made with cairo: every one decodes exactly
 *   7-8   symbologies (zint makes the reference images) and many codes
 *   9-12  bad input: a clear message, in French too, and no crash
 *   13-14 JPEG, as phones take them (made here with libjpeg from the
 *         rendered label): colour, grey, progressive, low quality; broken,
 *         huge, CMYK and cut JPEGs
 */
#include "tests/unit/t.h"
#include "tests/unit/support_label.h"
#include "core/scan/barcode_scan.h"
#include "core/label/label.h"
#include "core/label/label_render.h"
#include "core/settings/lang.h"
#include <cairo.h>
#include <math.h>
#include <stdint.h>
#include <fcntl.h>
#include <unistd.h>

static const LabelData SAMPLE = {
    .asset_id = "GRE1-004242", .category = "Portable", .make = "Dell", .model = "Latitude E7450",
    .grade = "A", .ram = "8 GB", .storage = "240 GB SSD", .wipe = "effacé", .claim = "reconditionné",
    .workshop = "Atelier", .serial = "7XK2J52",
};

static char path_buf[512];
static const char *tmp(const char *name)
{
    snprintf(path_buf, sizeof path_buf, "%s/%s", sl_tmpdir(), name);
    return path_buf;
}

/* The printed label as an image (62x29 at 300 dpi, with Code 128). */
static cairo_surface_t *label_image(void)
{
    LabelTemplate t;
    label_template_builtin("62x29", &t);
    LabelOptions o = { NULL, 1 };
    Label l;
    if (label_build(&SAMPLE, &t, &o, &l, NULL) < 0) return NULL;
    cairo_surface_t *s = label_raster(&l, NULL);
    label_free(&l);
    return s;
}

/* A "photo": the label on a grey desk, scaled, rotated around its centre. */
static cairo_surface_t *photo(cairo_surface_t *label, double scale, double degrees, double paper, double ink)
{
    int lw = cairo_image_surface_get_width(label), lh = cairo_image_surface_get_height(label);
    int W = (int)(hypot(lw, lh) * scale) + 40, H = W;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0.45, 0.42, 0.40);
    cairo_paint(cr);
    cairo_translate(cr, W / 2.0, H / 2.0);
    cairo_rotate(cr, degrees * M_PI / 180);
    cairo_scale(cr, scale, scale);
    cairo_translate(cr, -lw / 2.0, -lh / 2.0);
    cairo_set_source_surface(cr, label, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_rectangle(cr, 0, 0, lw, lh);
    cairo_fill(cr);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    /* paper / ink levels: a dim photo has grey paper and grey ink */
    unsigned char *px = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uint32_t *p = (uint32_t *)(px + (size_t)y * stride) + x;
            double v = (*p & 255) / 255.0;
            unsigned g = (unsigned)(255 * (ink + (paper - ink) * v));
            *p = g << 16 | g << 8 | g;
        }
    cairo_surface_mark_dirty(s);
    return s;
}

static unsigned char *to_gray(cairo_surface_t *s, int *w, int *h)
{
    *w = cairo_image_surface_get_width(s);
    *h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    unsigned char *px = cairo_image_surface_get_data(s), *g = malloc((size_t)*w * *h);
    for (int y = 0; y < *h; y++)
        for (int x = 0; x < *w; x++) g[(size_t)y * *w + x] = ((uint32_t *)(px + (size_t)y * stride))[x] & 255;
    return g;
}

/* Box blur of radius r, applied twice (close to a Gaussian). */
static void blur(unsigned char *g, int w, int h, int r)
{
    unsigned char *t = malloc((size_t)w * h);
    for (int pass = 0; pass < 2; pass++) {
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int sum = 0, n = 0;
                for (int d = -r; d <= r; d++)
                    if (x + d >= 0 && x + d < w) { sum += g[(size_t)y * w + x + d]; n++; }
                t[(size_t)y * w + x] = (unsigned char)(sum / n);
            }
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int sum = 0, n = 0;
                for (int d = -r; d <= r; d++)
                    if (y + d >= 0 && y + d < h) { sum += t[(size_t)(y + d) * w + x]; n++; }
                g[(size_t)y * w + x] = (unsigned char)(sum / n);
            }
    }
    free(t);
}

/* Adds noise uniformly in [-amp, amp] (fixed seed: the same every run). */
static void noise(unsigned char *g, int w, int h, int amp)
{
    uint32_t seed = 12345;
    for (size_t i = 0; i < (size_t)w * h; i++) {
        seed = seed * 1103515245u + 12345u;
        int v = g[i] + (int)((seed >> 16) % (unsigned)(2 * amp + 1)) - amp;
        g[i] = (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
    }
}

/* Decodes a photo both from memory and through a PGM file (barcode_scan_file). */
static int photo_decodes(unsigned char *g, int w, int h, const char *want_qr, const char *want_bar, char *why, size_t n)
{
    SlCodes c;
    sl_decode_gray(g, w, h, &c);
    if (!sl_has(&c, "QR", want_qr)) { snprintf(why, n, "QR not read (%d codes)", c.n); return 0; }
    if (want_bar && !sl_has(&c, "CODE-128", want_bar)) { snprintf(why, n, "Code 128 not read (%d codes)", c.n); return 0; }
    if (sl_write_pgm(tmp("photo.pgm"), g, w, h) < 0) { snprintf(why, n, "cannot write pgm"); return 0; }
    char msg[1024] = "";
    if (sl_decode_file(tmp("photo.pgm"), &c, msg, sizeof msg) < 1 || !sl_has(&c, "QR", want_qr)) {
        snprintf(why, n, "file: %s", msg);
        return 0;
    }
    return 1;
}

/* 1 */
TEST(scaled)
{
    cairo_surface_t *l = label_image();
    CHECK(l);
    double scales[] = { 0.45, 0.7, 1.0, 1.6 };
    for (int i = 0; i < 4; i++) {
        cairo_surface_t *p = photo(l, scales[i], 0, 1, 0);
        int w, h;
        unsigned char *g = to_gray(p, &w, &h);
        char why[256];
        int ok = photo_decodes(g, w, h, "GRE1-004242", scales[i] >= 0.7 ? "7XK2J52" : NULL, why, sizeof why);
        free(g);
        cairo_surface_destroy(p);
        CHECK_MSG(ok, "scale %.2f: %s", scales[i], why);
    }
    cairo_surface_destroy(l);
}

/* 2 */
TEST(rotated)
{
    cairo_surface_t *l = label_image();
    double angles[] = { 7, 33, 90, 180, 245 };
    for (int i = 0; i < 5; i++) {
        cairo_surface_t *p = photo(l, 0.8, angles[i], 1, 0);
        int w, h;
        unsigned char *g = to_gray(p, &w, &h);
        char why[256];
        int ok = photo_decodes(g, w, h, "GRE1-004242", NULL, why, sizeof why);
        free(g);
        cairo_surface_destroy(p);
        CHECK_MSG(ok, "%.0f°: %s", angles[i], why);
    }
    cairo_surface_destroy(l);
}

/* 3 */
TEST(blurred)
{
    cairo_surface_t *l = label_image();
    int radii[] = { 1, 2, 3 };
    for (int i = 0; i < 3; i++) {
        cairo_surface_t *p = photo(l, 1.0, 3, 1, 0);
        int w, h;
        unsigned char *g = to_gray(p, &w, &h);
        blur(g, w, h, radii[i]);
        char why[256];
        int ok = photo_decodes(g, w, h, "GRE1-004242", NULL, why, sizeof why);
        free(g);
        cairo_surface_destroy(p);
        CHECK_MSG(ok, "blur radius %d: %s", radii[i], why);
    }
    cairo_surface_destroy(l);
}

/* 4 */
TEST(noisy)
{
    cairo_surface_t *l = label_image();
    int amps[] = { 20, 45, 70 };
    for (int i = 0; i < 3; i++) {
        cairo_surface_t *p = photo(l, 0.9, -4, 1, 0);
        int w, h;
        unsigned char *g = to_gray(p, &w, &h);
        noise(g, w, h, amps[i]);
        char why[256];
        int ok = photo_decodes(g, w, h, "GRE1-004242", NULL, why, sizeof why);
        free(g);
        cairo_surface_destroy(p);
        CHECK_MSG(ok, "noise ±%d: %s", amps[i], why);
    }
    cairo_surface_destroy(l);
}

/* 5: a dim photo: grey paper, grey ink, blur and noise together. */
TEST(dim_blurred_noisy_rotated)
{
    cairo_surface_t *l = label_image();
    cairo_surface_t *p = photo(l, 0.75, 21, 0.72, 0.30);
    int w, h;
    unsigned char *g = to_gray(p, &w, &h);
    blur(g, w, h, 1);
    noise(g, w, h, 25);
    char why[256];
    int ok = photo_decodes(g, w, h, "GRE1-004242", NULL, why, sizeof why);
    free(g);
    cairo_surface_destroy(p);
    cairo_surface_destroy(l);
    CHECK_MSG(ok, "%s", why);
}

/* 6: the zbar decoders are really exercised: an over-blurred photo fails. */
TEST(destroyed_photo_reads_nothing)
{
    cairo_surface_t *l = label_image();
    cairo_surface_t *p = photo(l, 0.45, 0, 1, 0);
    int w, h;
    unsigned char *g = to_gray(p, &w, &h);
    blur(g, w, h, 9);
    SlCodes c;
    sl_decode_gray(g, w, h, &c);
    free(g);
    cairo_surface_destroy(p);
    cairo_surface_destroy(l);
    CHECK_INT(c.n, 0);
}

/* 7: reference images from zint for each symbology we read. */
TEST(symbologies)
{
    if (!sl_have("zint")) SKIP("zint not installed (Debian package zint): no reference barcode images");
    struct { int type; const char *data, *sym, *want; } cases[] = {
        { 58, "GRE1-000123", "QR", "GRE1-000123" },
        { 20, "5CG7123XYZ", "CODE-128", "5CG7123XYZ" },
        { 8, "SN-4711-AB", "CODE-39", "SN-4711-AB" },
        { 13, "400638133393", "EAN-13", "4006381333931" },
        { 13, "9638507", "EAN-8", "96385074" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char p[512];
        snprintf(p, sizeof p, "%s/sym%zu.png", sl_tmpdir(), i);
        CHECK_INT(sl_sh("zint -b %d --scale=3 -d '%s' -o '%s'", cases[i].type, cases[i].data, p), 0);
        SlCodes c;
        char msg[1024] = "";
        int n = sl_decode_file(p, &c, msg, sizeof msg);
        CHECK_MSG(n == 1 && sl_has(&c, cases[i].sym, cases[i].want), "%s: %d codes, %s %s %s", cases[i].sym, n,
                  c.n ? c.sym[0] : "", c.n ? c.data[0] : "", msg);
    }
}

/* 8: several codes in one picture: all are found. */
TEST(many_codes_in_one_image)
{
    const char *ids[] = { "GRE1-000001", "GRE1-000002", "GRE1-000003", "GRE1-000004" };
    LabelTemplate t;
    label_template_builtin("50x25", &t);
    cairo_surface_t *sheet = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 880, 500);
    cairo_t *cr = cairo_create(sheet);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    for (int i = 0; i < 4; i++) {
        LabelData d = SAMPLE;
        d.asset_id = ids[i];
        Label l;
        CHECK(label_build(&d, &t, NULL, &l, NULL) == 0);
        cairo_surface_t *s = label_raster(&l, NULL);
        label_free(&l);
        cairo_set_source_surface(cr, s, 20 + (i % 2) * 440, 20 + (i / 2) * 240);
        cairo_paint(cr);
        cairo_surface_destroy(s);
    }
    cairo_destroy(cr);
    char p[512];
    snprintf(p, sizeof p, "%s", tmp("sheet.png"));
    CHECK(cairo_surface_write_to_png(sheet, p) == CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(sheet);
    SlCodes c;
    CHECK_INT(sl_decode_file(p, &c, NULL, 0), 4);
    for (int i = 0; i < 4; i++) CHECK_MSG(sl_has(&c, "QR", ids[i]), "%s missing", ids[i]);
}

static void write_bytes(const char *p, const void *data, size_t n)
{
    FILE *f = fopen(p, "wb");
    fwrite(data, 1, n, f);
    fclose(f);
}

/* 9: files that are not images, or broken ones. */
TEST(bad_files)
{
    Err e = { 0 };
    char p[512];
    snprintf(p, sizeof p, "%s", tmp("none.png"));
    CHECK_INT(barcode_scan_file(p, NULL, NULL, &e), -1);
    CHECK_CONTAINS(e.msg, "none.png");
    CHECK_INT(e.code, ERR_INPUT);

    snprintf(p, sizeof p, "%s", tmp("empty.png"));
    write_bytes(p, "", 0);
    CHECK_INT(barcode_scan_file(p, NULL, NULL, &e), -1);
    CHECK_CONTAINS(e.msg, "corrupt");

    snprintf(p, sizeof p, "%s", tmp("text.png"));
    write_bytes(p, "hello, I am not a picture\n", 26);
    CHECK_INT(barcode_scan_file(p, NULL, NULL, &e), -1);
    CHECK_CONTAINS(e.msg, "not a PNG");

    snprintf(p, sizeof p, "%s", tmp("photo.jpg"));
    write_bytes(p, "\xFF\xD8\xFF\xE0\0\x10JFIF", 10);
    CHECK_INT(barcode_scan_file(p, NULL, NULL, &e), -1);
    CHECK_CONTAINS(e.msg, "JPEG");

    /* a real PNG cut in half */
    cairo_surface_t *l = label_image();
    snprintf(p, sizeof p, "%s", tmp("cut.png"));
    cairo_surface_write_to_png(l, p);
    cairo_surface_destroy(l);
    size_t n;
    char *png = sl_slurp(p, &n);
    write_bytes(p, png, n / 2);
    CHECK_INT(barcode_scan_file(p, NULL, NULL, &e), -1);
    CHECK_CONTAINS(e.msg, "corrupt");
    /* and with its pixel data scrambled */
    for (size_t i = n / 3; i < n - 20; i += 7) png[i] ^= 0x5A;
    write_bytes(p, png, n);
    free(png);
    CHECK_INT(barcode_scan_file(p, NULL, NULL, &e), -1);
    CHECK_INT(e.code, ERR_INPUT);

    /* PNM: truncated, and a header with garbage */
    snprintf(p, sizeof p, "%s", tmp("cut.pgm"));
    write_bytes(p, "P5\n100 100\n255\n\0\0\0", 18);
    CHECK_INT(barcode_scan_file(p, NULL, NULL, &e), -1);
    CHECK_CONTAINS(e.msg, "truncated");
    write_bytes(p, "P5\nabc def\n255\n", 15);
    CHECK_INT(barcode_scan_file(p, NULL, NULL, &e), -1);
    CHECK_CONTAINS(e.msg, "corrupt");
}

/* 10: huge images are refused before any pixel is allocated. */
TEST(huge_images)
{
    Err e = { 0 };
    char p[512];
    /* a PNG header claiming 60000 x 60000 */
    unsigned char hdr[33] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                              0, 0, 0xEA, 0x60, 0, 0, 0xEA, 0x60, 8, 0, 0, 0, 0, 0, 0, 0, 0 };
    snprintf(p, sizeof p, "%s", tmp("huge.png"));
    write_bytes(p, hdr, sizeof hdr);
    CHECK_INT(barcode_scan_file(p, NULL, NULL, &e), -1);
    CHECK_CONTAINS(e.msg, "too large");
    CHECK_CONTAINS(e.msg, "60000");
    snprintf(p, sizeof p, "%s", tmp("huge.pgm"));
    write_bytes(p, "P5\n9000 9000\n255\n", 17);
    CHECK_INT(barcode_scan_file(p, NULL, NULL, &e), -1);
    CHECK_CONTAINS(e.msg, "too large");
}

/* 11: an image without a code says so. */
TEST(no_code)
{
    int w = 400, h = 300;
    unsigned char *g = malloc((size_t)w * h);
    memset(g, 230, (size_t)w * h);
    noise(g, w, h, 20);
    char p[512];
    snprintf(p, sizeof p, "%s", tmp("blank.pgm"));
    sl_write_pgm(p, g, w, h);
    free(g);
    Err e = { 0 };
    CHECK_INT(barcode_scan_file(p, NULL, NULL, &e), -1);
    CHECK_INT(e.code, ERR_NOTFOUND);
    CHECK_CONTAINS(e.msg, "no barcode");
}

/* 12: the same messages in French. */
TEST(french_messages)
{
    if (lang_init("fr", NULL) < 0) SKIP("cannot select French");
    Err e = { 0 };
    char p[512];
    snprintf(p, sizeof p, "%s", tmp("blank.pgm"));
    int rc = barcode_scan_file(p, NULL, NULL, &e);
    lang_init("en", NULL);
    CHECK_INT(rc, -1);
    CHECK_CONTAINS(e.msg, "aucun code-barres");
    LabelTemplate t;
    lang_init("fr", NULL);
    rc = label_template_parse("qr = 1 1 1\n", "t.tpl", &t, &e);
    lang_init("en", NULL);
    CHECK_INT(rc, -1);
    CHECK_CONTAINS(e.msg, "ne donne pas de taille");
}

/* Packed RGB of a cairo RGB24 surface (what a camera's JPEG holds). */
static unsigned char *to_rgb(cairo_surface_t *s, int *w, int *h)
{
    *w = cairo_image_surface_get_width(s);
    *h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    unsigned char *px = cairo_image_surface_get_data(s), *o = malloc((size_t)*w * *h * 3);
    for (int y = 0; y < *h; y++)
        for (int x = 0; x < *w; x++) {
            uint32_t p = ((uint32_t *)(px + (size_t)y * stride))[x];
            unsigned char *q = o + ((size_t)y * *w + x) * 3;
            /* a warm desk light: the channels differ */
            q[0] = (unsigned char)(p >> 16 & 255);
            q[1] = (unsigned char)((p >> 8 & 255) * 9 / 10);
            q[2] = (unsigned char)((p & 255) * 3 / 4);
        }
    return o;
}

typedef struct Got { int qr, bar; } Got;
static int got_cb(void *arg, const char *sym, const char *data, size_t len)
{
    Got *g = arg;
    (void)len;
    if (!strcmp(sym, "QR-Code") && !strcmp(data, SAMPLE.asset_id)) g->qr = 1;
    if (!strcmp(sym, "CODE-128") && !strcmp(data, SAMPLE.serial)) g->bar = 1;
    return 0;
}

/* 13: phone photos as JPEG decode like the PNGs. */
TEST(jpeg_photos)
{
    cairo_surface_t *l = label_image();
    CHECK(l != NULL);
    struct { const char *name; double scale, deg; int comps, quality, progressive, blur_r, noise_amp; } P[] = {
        { "colour.jpg", 0.8, 0, 3, 85, 0, 0, 0 },   /* straight: the Code 128 reads too */
        { "grey-progressive.jpg", 0.6, -30, 1, 75, 1, 0, 0 },
        { "low-quality.jpg", 1.0, 5, 3, 30, 0, 0, 0 },
        { "blurred-noisy.jpg", 0.9, 20, 3, 70, 1, 1, 25 },
    };
    for (size_t i = 0; i < sizeof P / sizeof P[0]; i++) {
        cairo_surface_t *ph = photo(l, P[i].scale, P[i].deg, 0.95, 0.1);
        int w, h;
        unsigned char *px;
        if (P[i].comps == 1) {
            px = to_gray(ph, &w, &h);
            if (P[i].blur_r) blur(px, w, h, P[i].blur_r);
            if (P[i].noise_amp) noise(px, w, h, P[i].noise_amp);
        } else {
            px = to_rgb(ph, &w, &h);
            if (P[i].noise_amp) noise(px, w * 3, h, P[i].noise_amp);
        }
        cairo_surface_destroy(ph);
        char p[512];
        snprintf(p, sizeof p, "%s", tmp(P[i].name));
        int wr = sl_write_jpeg(p, px, w, h, P[i].comps, P[i].quality, P[i].progressive);
        free(px);
        CHECK(wr == 0);
        Got g = { 0, 0 };
        Err e = { 0 };
        int n = barcode_scan_file(p, got_cb, &g, &e);
        CHECK_MSG(n >= 1 && g.qr, "%s: %d codes, QR %d (%s)", P[i].name, n, g.qr, e.msg);
        if (i == 0) CHECK_MSG(g.bar, "%s: the serial's Code 128 not read", P[i].name);
        /* the grey image handed to zbar has the photo's size */
        unsigned char *gray;
        int gw, gh;
        CHECK(barcode_load_gray(p, &gray, &gw, &gh, &e) == 0);
        free(gray);
        CHECK(gw == w && gh == h);
    }
    cairo_surface_destroy(l);
}

/* 14: broken JPEGs: a clear message or what could be read, never a crash,
 * never a word from libjpeg on the terminal. */
TEST(jpeg_bad)
{
    cairo_surface_t *l = label_image();
    cairo_surface_t *ph = photo(l, 0.7, 0, 0.95, 0.1);
    cairo_surface_destroy(l);
    int w, h;
    unsigned char *px = to_rgb(ph, &w, &h);
    cairo_surface_destroy(ph);
    char good[512], p[512];
    snprintf(good, sizeof good, "%s", tmp("good.jpg"));
    CHECK(sl_write_jpeg(good, px, w, h, 3, 80, 0) == 0);
    size_t n;
    char *jpg = sl_slurp(good, &n);
    CHECK(jpg != NULL && n > 1000);
    /* stderr goes to a file for the case: libjpeg must not print */
    char errp[512];
    snprintf(errp, sizeof errp, "%s", tmp("stderr.txt"));
    fflush(stderr);
    int saved = dup(2), fd = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    close(fd);
    Err e1 = { 0 }, e2 = { 0 }, e3 = { 0 }, e4 = { 0 }, e5 = { 0 };
    /* 1. only the header: nothing to decode */
    snprintf(p, sizeof p, "%s", tmp("header-only.jpg"));
    write_bytes(p, jpg, 200);
    int r1 = barcode_scan_file(p, NULL, NULL, &e1);
    /* 2. the bottom third missing: decoded as far as it goes (grey below) */
    snprintf(p, sizeof p, "%s", tmp("cut.jpg"));
    write_bytes(p, jpg, n * 2 / 3);
    int r2 = barcode_scan_file(p, NULL, NULL, &e2);
    /* 3. scrambled entropy data */
    char *bad = malloc(n);
    memcpy(bad, jpg, n);
    for (size_t i = 700; i < n - 2; i += 5) bad[i] = (char)(bad[i] ^ 0xA5);
    snprintf(p, sizeof p, "%s", tmp("scrambled.jpg"));
    write_bytes(p, bad, n);
    int r3 = barcode_scan_file(p, NULL, NULL, &e3);
    /* 4. a frame header claiming 60000 x 60000 */
    memcpy(bad, jpg, n);
    for (size_t i = 2; i + 9 < n; i++)
        if ((unsigned char)bad[i] == 0xFF && ((unsigned char)bad[i + 1] == 0xC0 || (unsigned char)bad[i + 1] == 0xC2)) {
            bad[i + 5] = (char)0xEA; bad[i + 6] = 0x60; bad[i + 7] = (char)0xEA; bad[i + 8] = 0x60;
            break;
        }
    snprintf(p, sizeof p, "%s", tmp("huge.jpg"));
    write_bytes(p, bad, n);
    int r4 = barcode_scan_file(p, NULL, NULL, &e4);
    free(bad);
    /* 5. CMYK (print shops' JPEGs): said, not guessed */
    unsigned char *cmyk = malloc((size_t)w * h * 4);
    for (size_t i = 0; i < (size_t)w * h; i++) {
        cmyk[4 * i] = cmyk[4 * i + 1] = cmyk[4 * i + 2] = 0;
        cmyk[4 * i + 3] = (unsigned char)(255 - px[3 * i]);
    }
    snprintf(p, sizeof p, "%s", tmp("cmyk.jpg"));
    sl_write_jpeg(p, cmyk, w, h, 4, 80, 0);
    free(cmyk);
    int r5 = barcode_scan_file(p, NULL, NULL, &e5);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    free(px);
    free(jpg);
    CHECK_INT(r1, -1);
    CHECK_CONTAINS(e1.msg, "header-only.jpg");
    CHECK_CONTAINS(e1.msg, "JPEG");
    CHECK_MSG(r2 >= 0 || e2.code == ERR_NOTFOUND, "cut: %s", e2.msg);
    CHECK_MSG(r3 >= 0 || e3.code == ERR_NOTFOUND || e3.code == ERR_INPUT, "scrambled: %s", e3.msg);
    CHECK_INT(r4, -1);
    CHECK_CONTAINS(e4.msg, "too large");
    CHECK_CONTAINS(e4.msg, "60000");
    CHECK_INT(r5, -1);
    CHECK_CONTAINS(e5.msg, "unsupported");
    char *said = sl_slurp(errp, NULL);
    CHECK_MSG(said && !said[0], "libjpeg printed: %s", said ? said : "(null)");
    free(said);
}

/* fontconfig (under cairo) re-reads its configuration every 30 s and drops
 * the old one without freeing it: on a slow sanitizer run that is reported
 * as a leak that is not ours. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libfontconfig.so\n"; }

int main(void)
{
    char loc[1024];
    if (getenv("BUILD") && !getenv("BOUCLE_LOCALEDIR")) {
        snprintf(loc, sizeof loc, "%s/locale", getenv("BUILD"));
        setenv("BOUCLE_LOCALEDIR", loc, 1);
    }
    lang_init("en", NULL);
    RUN(scaled);
    RUN(rotated);
    RUN(blurred);
    RUN(noisy);
    RUN(dim_blurred_noisy_rotated);
    RUN(destroyed_photo_reads_nothing);
    RUN(symbologies);
    RUN(many_codes_in_one_image);
    RUN(bad_files);
    RUN(huge_images);
    RUN(no_code);
    RUN(jpeg_photos);
    RUN(jpeg_bad);
    RUN(french_messages);
    sl_cleanup();
    return t_done();
}
