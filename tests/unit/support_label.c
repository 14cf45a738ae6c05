/* support_label.c — see support_label.h. */
#include "tests/unit/support_label.h"
#include "core/scan/barcode_scan.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

static int collect(void *arg, const char *sym, const char *data, size_t len)
{
    SlCodes *c = arg;
    (void)len;
    if (c->n >= SL_MAX_CODES) return 1;
    snprintf(c->sym[c->n], sizeof c->sym[0], "%s", sym);
    snprintf(c->data[c->n], sizeof c->data[0], "%s", data);
    c->n++;
    return 0;
}

int sl_decode_file(const char *path, SlCodes *out, char *msg, size_t msgsize)
{
    Err e = { 0 };
    memset(out, 0, sizeof *out);
    int n = barcode_scan_file(path, collect, out, &e);
    if (n < 0 && msg) snprintf(msg, msgsize, "%s", e.msg);
    return n;
}

int sl_decode_gray(const unsigned char *g, int w, int h, SlCodes *out)
{
    memset(out, 0, sizeof *out);
    return barcode_scan_gray(g, w, h, collect, out, NULL);
}

int sl_has(const SlCodes *c, const char *sym_prefix, const char *data)
{
    for (int i = 0; i < c->n; i++)
        if (strncmp(c->sym[i], sym_prefix, strlen(sym_prefix)) == 0 && strcmp(c->data[i], data) == 0) return 1;
    return 0;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

int sl_zpl_raster(const char *zpl, int index, unsigned char **gray, int *w, int *h)
{
    const char *p = zpl;
    for (int i = 0; i <= index; i++) {
        p = strstr(p, "^XA");
        if (!p) return -1;
        if (i < index) p += 3;
    }
    const char *pw = strstr(p, "^PW"), *ll = strstr(p, "^LL"), *gf = strstr(p, "^GFA,");
    if (!pw || !ll || !gf) return -1;
    int W = atoi(pw + 3), H = atoi(ll + 3);
    long total, fields;
    int bpr;
    if (sscanf(gf, "^GFA,%ld,%ld,%d,", &total, &fields, &bpr) != 3 || W <= 0 || H <= 0) return -1;
    if (total != fields || bpr != (W + 7) / 8 || total != (long)bpr * H) return -1;
    const char *d = gf + 5;
    for (int commas = 0; commas < 3; d++) if (*d == ',') commas++;
    unsigned char *g = malloc((size_t)W * H);
    memset(g, 255, (size_t)W * H);
    long got = 0;
    while (got < total && *d && *d != '^') {
        if (*d == '\n' || *d == '\r') { d++; continue; }
        int hi = hexval(d[0]), lo = hexval(d[1]);
        if (hi < 0 || lo < 0) { free(g); return -1; }
        int byte = hi << 4 | lo;
        long row = got / bpr, col = (got % bpr) * 8;
        for (int b = 0; b < 8 && col + b < W; b++)
            if (byte & (0x80 >> b)) g[row * W + col + b] = 0;
        got++;
        d += 2;
    }
    if (got != total) { free(g); return -1; }
    *gray = g; *w = W; *h = H;
    return 0;
}

static char tmpdir[256];

const char *sl_tmpdir(void)
{
    if (!tmpdir[0]) {
        snprintf(tmpdir, sizeof tmpdir, "/tmp/boucle-label.XXXXXX");
        if (!mkdtemp(tmpdir)) { perror("mkdtemp"); exit(1); }
    }
    return tmpdir;
}

void sl_cleanup(void)
{
    if (tmpdir[0] && !getenv("KEEP_TMP")) sl_sh("rm -rf '%s'", tmpdir);
}

int sl_sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    char full[4200];
    snprintf(full, sizeof full, "(%s) >/dev/null 2>&1", cmd);
    int rc = system(full);
    return rc == -1 ? -1 : (rc >> 8) & 255;
}

int sl_have(const char *tool)
{
    return sl_sh("command -v %s", tool) == 0;
}

char *sl_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (cap - n < 2) { cap *= 2; buf = realloc(buf, cap); }
    }
    fclose(f);
    buf[n] = '\0';
    if (len) *len = n;
    return buf;
}

int sl_write_pgm(const char *path, const unsigned char *g, int w, int h)
{
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    fprintf(f, "P5\n%d %d\n255\n", w, h);
    fwrite(g, 1, (size_t)w * h, f);
    return fclose(f) == 0 ? 0 : -1;
}

int sl_write_jpeg(const char *path, const unsigned char *px, int w, int h, int components, int quality,
                  int progressive)
{
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    struct jpeg_compress_struct ci;
    struct jpeg_error_mgr err;
    ci.err = jpeg_std_error(&err);
    jpeg_create_compress(&ci);
    jpeg_stdio_dest(&ci, f);
    ci.image_width = (JDIMENSION)w;
    ci.image_height = (JDIMENSION)h;
    ci.input_components = components;
    ci.in_color_space = components == 1 ? JCS_GRAYSCALE : components == 3 ? JCS_RGB : JCS_CMYK;
    jpeg_set_defaults(&ci);
    jpeg_set_quality(&ci, quality, TRUE);
    if (progressive) jpeg_simple_progression(&ci);
    jpeg_start_compress(&ci, TRUE);
    while (ci.next_scanline < ci.image_height) {
        JSAMPROW row = (JSAMPROW)(px + (size_t)ci.next_scanline * w * components);
        jpeg_write_scanlines(&ci, &row, 1);
    }
    jpeg_finish_compress(&ci);
    jpeg_destroy_compress(&ci);
    return fclose(f) == 0 ? 0 : -1;
}
