/*
 * barcode_scan.c — see barcode_scan.h.
 *
 * PNG goes through cairo (already a dependency); its IHDR is read first so
 * that the size is checked before cairo allocates anything. PNM is parsed
 * here (it is what `zbarcam`-style tools and ImageMagick write for raw
 * frames). JPEG (phone photos) goes through libjpeg, decoded straight to
 * grey (the Y of YCbCr, what zbar's Y800 wants); its header is read first,
 * like PNG's, so the size is checked before any pixel is allocated. libjpeg
 * reports errors by calling exit() unless told otherwise: its error manager
 * here jumps back instead, and its warnings (a truncated photo) are not
 * printed: the part that decoded is still scanned.
 */
#include "core/scan/barcode_scan.h"
#include "util/path.h"
#include "util/i18n.h"
#include <cairo.h>
#include <errno.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>   /* before jpeglib.h, which uses FILE */
#include <jpeglib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zbar.h>

static int too_big(long w, long h)
{
    return w <= 0 || h <= 0 || w > SCAN_MAX_SIDE || h > SCAN_MAX_SIDE || w * h > SCAN_MAX_PIXELS;
}

static int refuse_size(const char *path, long w, long h, Err *e)
{
    if (w <= 0 || h <= 0) return err_set(e, ERR_INPUT, _("%s: the image is empty or corrupt"), path);
    return err_set(e, ERR_INPUT, _("%s: the image is too large to scan (%ld×%ld pixels, at most %ld million)"),
                   path, w, h, SCAN_MAX_PIXELS / 1000000);
}

static int load_png(const char *path, FILE *f, unsigned char **gray, int *w, int *h, Err *e)
{
    unsigned char hdr[24];
    if (fread(hdr, 1, sizeof hdr, f) != sizeof hdr || memcmp(hdr + 12, "IHDR", 4) != 0)
        return err_set(e, ERR_INPUT, _("%s: the image is empty or corrupt"), path);
    long pw = (long)((uint32_t)hdr[16] << 24 | hdr[17] << 16 | hdr[18] << 8 | hdr[19]);
    long ph = (long)((uint32_t)hdr[20] << 24 | hdr[21] << 16 | hdr[22] << 8 | hdr[23]);
    if (too_big(pw, ph)) return refuse_size(path, pw, ph, e);
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return err_set(e, ERR_INPUT, _("%s: the image is empty or corrupt"), path);
    }
    int sw = cairo_image_surface_get_width(s), sh = cairo_image_surface_get_height(s);
    cairo_format_t fmt = cairo_image_surface_get_format(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *px = cairo_image_surface_get_data(s);
    unsigned char *g = malloc((size_t)sw * sh);
    if (!g) { cairo_surface_destroy(s); return err_set(e, ERR_INTERNAL, _("out of memory")); }
    for (int y = 0; y < sh; y++) {
        const unsigned char *row = px + (size_t)y * stride;
        for (int x = 0; x < sw; x++) {
            unsigned v;
            if (fmt == CAIRO_FORMAT_A8) {
                v = 255 - row[x];   /* ink = alpha on white paper */
            } else {
                uint32_t p = ((const uint32_t *)row)[x];
                unsigned a = fmt == CAIRO_FORMAT_ARGB32 ? p >> 24 : 255;
                unsigned lum = (((p >> 16) & 255) * 30 + ((p >> 8) & 255) * 59 + (p & 255) * 11) / 100;
                /* premultiplied over white: transparent parts are paper */
                v = lum + (255 - a);
                if (v > 255) v = 255;
            }
            g[(size_t)y * sw + x] = (unsigned char)v;
        }
    }
    cairo_surface_destroy(s);
    *gray = g; *w = sw; *h = sh;
    return 0;
}

/* Reads a PNM header number, skipping blanks and comments. */
static long pnm_number(FILE *f)
{
    int c;
    for (;;) {
        c = fgetc(f);
        if (c == '#') { while ((c = fgetc(f)) != EOF && c != '\n') {} continue; }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
        break;
    }
    long v = 0;
    int digits = 0;
    while (c >= '0' && c <= '9') {
        if (v > 100000000) return -1;
        v = v * 10 + (c - '0');
        digits++;
        c = fgetc(f);
    }
    return digits ? v : -1;   /* the single blank after the number is consumed */
}

static int load_pnm(const char *path, FILE *f, int kind, unsigned char **gray, int *w, int *h, Err *e)
{
    long pw = pnm_number(f), ph = pnm_number(f), maxv = pnm_number(f);
    if (pw < 0 || ph < 0 || maxv < 1 || maxv > 255)
        return err_set(e, ERR_INPUT, _("%s: the image is empty or corrupt"), path);
    if (too_big(pw, ph)) return refuse_size(path, pw, ph, e);
    size_t n = (size_t)pw * ph, ch = kind == '6' ? 3 : 1;
    unsigned char *raw = malloc(n * ch);
    if (!raw) return err_set(e, ERR_INTERNAL, _("out of memory"));
    if (fread(raw, ch, n, f) != n) {
        free(raw);
        return err_set(e, ERR_INPUT, _("%s: the image is truncated"), path);
    }
    if (ch == 3) {
        for (size_t i = 0; i < n; i++)
            raw[i] = (unsigned char)((raw[3 * i] * 30 + raw[3 * i + 1] * 59 + raw[3 * i + 2] * 11) / 100);
    }
    if (maxv != 255)
        for (size_t i = 0; i < n; i++) raw[i] = (unsigned char)(raw[i] > maxv ? 255 : raw[i] * 255 / maxv);
    *gray = raw; *w = (int)pw; *h = (int)ph;
    return 0;
}

typedef struct JpegErr {
    struct jpeg_error_mgr pub;   /* first: libjpeg sees only this */
    jmp_buf back;
    char msg[JMSG_LENGTH_MAX];   /* libjpeg's own (English) reason */
} JpegErr;

static void jpeg_fail(j_common_ptr ci)
{
    JpegErr *je = (JpegErr *)ci->err;
    ci->err->format_message(ci, je->msg);
    longjmp(je->back, 1);
}

static void jpeg_silent(j_common_ptr ci) { (void)ci; }

static int load_jpeg(const char *path, FILE *f, unsigned char **gray, int *w, int *h, Err *e)
{
    struct jpeg_decompress_struct ci;
    JpegErr je;
    unsigned char *volatile g = NULL;   /* volatile: read after longjmp */
    ci.err = jpeg_std_error(&je.pub);
    je.pub.error_exit = jpeg_fail;
    je.pub.output_message = jpeg_silent;
    je.msg[0] = '\0';
    if (setjmp(je.back)) {
        jpeg_destroy_decompress(&ci);
        free(g);
        return err_set(e, ERR_INPUT, _("%s: the JPEG image is corrupt or of an unsupported kind (%s)"), path, je.msg);
    }
    jpeg_create_decompress(&ci);
    jpeg_stdio_src(&ci, f);
    jpeg_read_header(&ci, TRUE);
    long jw = (long)ci.image_width, jh = (long)ci.image_height;
    if (too_big(jw, jh)) {
        jpeg_destroy_decompress(&ci);
        return refuse_size(path, jw, jh, e);
    }
    ci.out_color_space = JCS_GRAYSCALE;
    jpeg_start_decompress(&ci);
    size_t ow = ci.output_width;
    g = malloc(ow * ci.output_height);
    if (!g) {
        jpeg_destroy_decompress(&ci);
        return err_set(e, ERR_INTERNAL, _("out of memory"));
    }
    while (ci.output_scanline < ci.output_height) {
        JSAMPROW row = g + (size_t)ci.output_scanline * ow;
        if (jpeg_read_scanlines(&ci, &row, 1) != 1) break;
    }
    *w = (int)ci.output_width;
    *h = (int)ci.output_height;
    jpeg_finish_decompress(&ci);
    jpeg_destroy_decompress(&ci);
    *gray = g;
    return 0;
}

int barcode_load_gray(const char *path, unsigned char **gray, int *w, int *h, Err *e)
{
    Err pe = { 0 };
    FILE *f = path_fopen_file(path, &pe);
    if (!f && pe.code) {
        if (e) *e = pe;
        return -1;
    }
    if (!f) return err_set(e, ERR_INPUT, _("cannot open %s: %s"), path, strerror(errno));
    unsigned char magic[8] = { 0 };
    size_t got = fread(magic, 1, sizeof magic, f);
    int rc;
    if (got == 8 && memcmp(magic, "\x89PNG\r\n\x1a\n", 8) == 0) {
        rewind(f);
        rc = load_png(path, f, gray, w, h, e);
    } else if (got >= 3 && magic[0] == 'P' && (magic[1] == '5' || magic[1] == '6')) {
        fseek(f, 2, SEEK_SET);
        rc = load_pnm(path, f, magic[1], gray, w, h, e);
    } else if (got >= 3 && magic[0] == 0xFF && magic[1] == 0xD8 && magic[2] == 0xFF) {
        rewind(f);
        rc = load_jpeg(path, f, gray, w, h, e);
    } else if (got == 0) {
        rc = err_set(e, ERR_INPUT, _("%s: the image is empty or corrupt"), path);
    } else {
        rc = err_set(e, ERR_INPUT, _("%s: not a PNG, JPEG or PNM image"), path);
    }
    fclose(f);
    return rc;
}

static int scan_once(zbar_image_scanner_t *sc, const unsigned char *gray, int width, int height, BarcodeCb cb,
                     void *arg)
{
    zbar_image_t *img = zbar_image_create();
    zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(img, (unsigned)width, (unsigned)height);
    zbar_image_set_data(img, gray, (unsigned long)width * height, NULL);
    int n = zbar_scan_image(sc, img);
    int found = 0;
    if (n > 0) {
        for (const zbar_symbol_t *sym = zbar_image_first_symbol(img); sym; sym = zbar_symbol_next(sym)) {
            found++;
            if (cb && cb(arg, zbar_get_symbol_name(zbar_symbol_get_type(sym)), zbar_symbol_get_data(sym),
                         zbar_symbol_get_data_length(sym)))
                break;
        }
    }
    zbar_image_destroy(img);
    return n < 0 ? -1 : found;
}

/* A photo too noisy for zbar often reads once each 2×2 block is averaged
 * (the noise halves, the modules of a label photo are many pixels wide). */
static unsigned char *halve(const unsigned char *g, int w, int h, int *ow, int *oh)
{
    *ow = w / 2;
    *oh = h / 2;
    unsigned char *o = malloc((size_t)*ow * *oh);
    if (!o) return NULL;
    for (int y = 0; y < *oh; y++)
        for (int x = 0; x < *ow; x++) {
            const unsigned char *p = g + (size_t)(2 * y) * w + 2 * x;
            o[(size_t)y * *ow + x] = (unsigned char)((p[0] + p[1] + p[w] + p[w + 1] + 2) / 4);
        }
    return o;
}

int barcode_scan_gray(const unsigned char *gray, int width, int height, BarcodeCb cb, void *arg, Err *e)
{
    if (too_big(width, height)) return refuse_size("image", width, height, e);
    zbar_image_scanner_t *sc = zbar_image_scanner_create();
    zbar_image_scanner_set_config(sc, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    static const zbar_symbol_type_t WANT[] = { ZBAR_QRCODE, ZBAR_CODE128, ZBAR_CODE39, ZBAR_EAN13, ZBAR_EAN8,
                                               ZBAR_UPCA, ZBAR_UPCE };
    for (size_t i = 0; i < sizeof WANT / sizeof WANT[0]; i++)
        zbar_image_scanner_set_config(sc, WANT[i], ZBAR_CFG_ENABLE, 1);
    int found = scan_once(sc, gray, width, height, cb, arg);
    /* up to two halvings, while the picture stays big enough to hold a code */
    unsigned char *cur = NULL;
    int cw = width, ch = height;
    for (int pass = 0; found == 0 && pass < 2 && cw >= 160 && ch >= 160; pass++) {
        int nw, nh;
        unsigned char *next = halve(cur ? cur : gray, cw, ch, &nw, &nh);
        free(cur);
        cur = next;
        if (!cur) break;
        cw = nw;
        ch = nh;
        found = scan_once(sc, cur, cw, ch, cb, arg);
    }
    free(cur);
    zbar_image_scanner_destroy(sc);
    if (found < 0) return err_set(e, ERR_INTERNAL, _("the barcode decoder failed"));
    return found;
}

int barcode_scan_file(const char *path, BarcodeCb cb, void *arg, Err *e)
{
    unsigned char *g;
    int w, h;
    if (barcode_load_gray(path, &g, &w, &h, e) < 0) return -1;
    int n = barcode_scan_gray(g, w, h, cb, arg, e);
    free(g);
    if (n == 0) return err_set(e, ERR_NOTFOUND, _("%s: no barcode or QR code found in the image"), path);
    return n;
}

int barcode_webcam_find(char *out, size_t size)
{
    for (int i = 0; i < 10; i++) {
        char p[32];
        snprintf(p, sizeof p, "/dev/video%d", i);
        if (access(p, F_OK) == 0) {
            snprintf(out, size, "%s", p);
            return 1;
        }
    }
    return 0;
}

typedef struct WebcamSink { BarcodeCb cb; void *arg; int found; } WebcamSink;

static void webcam_handler(zbar_image_t *img, const void *userdata)
{
    WebcamSink *w = (WebcamSink *)userdata;
    for (const zbar_symbol_t *sym = zbar_image_first_symbol(img); sym; sym = zbar_symbol_next(sym)) {
        w->found++;
        if (w->cb) w->cb(w->arg, zbar_get_symbol_name(zbar_symbol_get_type(sym)), zbar_symbol_get_data(sym),
                         zbar_symbol_get_data_length(sym));
    }
}

int barcode_scan_webcam(const char *device, int timeout_ms, BarcodeCb cb, void *arg, Err *e)
{
    char dev[64];
    if (!device) {
        if (!barcode_webcam_find(dev, sizeof dev))
            return err_set(e, ERR_NOTFOUND, _("no webcam found (no /dev/video* device)"));
        device = dev;
    }
    zbar_processor_t *proc = zbar_processor_create(0);
    if (!proc) return err_set(e, ERR_INTERNAL, _("out of memory"));
    WebcamSink sink = { cb, arg, 0 };
    zbar_processor_set_data_handler(proc, webcam_handler, &sink);
    if (zbar_processor_init(proc, device, 0) < 0) {   /* 0: no preview window */
        zbar_processor_destroy(proc);
        return err_set(e, ERR_IO, _("cannot open the webcam %s"), device);
    }
    zbar_processor_set_active(proc, 1);
    int rc = zbar_process_one(proc, timeout_ms);
    zbar_processor_set_active(proc, 0);
    zbar_processor_destroy(proc);
    if (rc < 0) return err_set(e, ERR_IO, _("cannot read from the webcam %s"), device);
    if (sink.found == 0) return err_set(e, ERR_NOTFOUND, ngettext("no code seen by the webcam in %d second", "no code seen by the webcam in %d seconds",
                                                                     (unsigned long)(timeout_ms / 1000)), timeout_ms / 1000);
    return sink.found;
}
