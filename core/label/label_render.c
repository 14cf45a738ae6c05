/*
 * label_render.c — see label_render.h.
 *
 * ZPL: the whole label goes to the printer as one uncompressed ^GFA bitmap
 * rendered here, not as ^BQ + ^A0 fields, because
 *   - ^BQ lets the printer's firmware choose the QR's version and mask, adds
 *     its own offset above the symbol, has no quiet-zone control, and only
 *     knows integer magnifications: what it prints is not what the tests and
 *     the preview decode;
 *   - the built-in ^A0 font has no guaranteed accented glyphs (é in
 *     « reconditionné ») and metrics we cannot measure, so the legibility
 *     check could not vouch for the text;
 *   - with ^GFA every dot is ours: the stream is exactly the PNG's pixels,
 *     and the tests read it back with zbar. The price is size (~10–40 KB a
 *     label in hex), nothing for a 9100 socket on a LAN.
 * It is left uncompressed (no Z64 / ASCII RLE) so that any ZPL II printer,
 * including old firmware and clones, accepts it.
 */
#include "core/label/label_render.h"
#include "util/i18n.h"
#include <cairo-pdf.h>
#include <errno.h>
#include <cairo-svg.h>
#include <stdint.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <zlib.h>

/* zlib level of the PNG: a 50x25 label is 10 KB of 1-bit rows. Measured with
 * callgrind on 55 labels of the three built-in templates: level 6 (zlib's
 * default) makes files 18 % smaller than level 1 for 15 % more instructions
 * a label (4.1 M against 3.5 M; cairo's RGB writer took 36.6 M); level 9
 * saves 1 % more for 2.5 times the instructions. */
#ifndef PNG_ZLEVEL
#define PNG_ZLEVEL 6
#endif

static const char *const FORMAT_KEYS[LABEL_FMT__COUNT] = { "zpl", "pdf", "png", "svg", "txt" };

int label_format_parse(const char *key)
{
    for (int i = 0; key && i < LABEL_FMT__COUNT; i++)
        if (strcasecmp(key, FORMAT_KEYS[i]) == 0) return i;
    return -1;
}

const char *label_format_key(LabelFormat f)
{
    return f < LABEL_FMT__COUNT ? FORMAT_KEYS[f] : "?";
}

int label_format_multi(LabelFormat f)
{
    return f == LABEL_FMT_ZPL || f == LABEL_FMT_PDF || f == LABEL_FMT_TXT;
}

static void set_font_options(cairo_t *cr, int raster)
{
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    if (raster) cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_NONE);
    cairo_set_font_options(cr, fo);
    cairo_font_options_destroy(fo);
}

void label_draw(const Label *l, cairo_t *cr, int raster)
{
    cairo_save(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, 0, 0, l->width_dots, l->height_dots);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);  /* modules and bars sit on whole dots */

    /* QR: one rectangle per horizontal run of dark modules. */
    int m = l->qr_module, ox = l->qr_x + LABEL_QR_QUIET * m, oy = l->qr_y + LABEL_QR_QUIET * m;
    for (int r = 0; r < l->qr_width; r++) {
        const unsigned char *row = l->qr + (size_t)r * l->qr_width;
        for (int c = 0; c < l->qr_width; ) {
            if (!row[c]) { c++; continue; }
            int c0 = c;
            while (c < l->qr_width && row[c]) c++;
            cairo_rectangle(cr, ox + c0 * m, oy + r * m, (c - c0) * m, m);
        }
    }
    cairo_fill(cr);

    /* Code 128: widths alternate bar, space. */
    int x = l->bar_x;
    for (int i = 0; i < l->bar_count; i++) {
        int w = l->bars[i] * l->bar_module;
        if (i % 2 == 0) cairo_rectangle(cr, x, l->bar_y, w, l->bar_h);
        x += w;
    }
    cairo_fill(cr);

    cairo_set_antialias(cr, raster ? CAIRO_ANTIALIAS_NONE : CAIRO_ANTIALIAS_DEFAULT);
    set_font_options(cr, raster);
    for (int i = 0; i < l->ntext; i++) {
        const LabelText *t = &l->text[i];
        cairo_select_font_face(cr, LABEL_FONT, CAIRO_FONT_SLANT_NORMAL,
                               t->bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
        cairo_set_font_size(cr, t->font_px);
        if (t->split) {
            char first[LABEL_TEXT_MAX];
            snprintf(first, sizeof first, "%.*s", t->split - 1, t->text);
            cairo_move_to(cr, t->x, t->baseline);
            cairo_show_text(cr, first);
            cairo_move_to(cr, t->x, t->baseline2);
            cairo_show_text(cr, t->text + t->split);
        } else {
            cairo_move_to(cr, t->x, t->baseline);
            cairo_show_text(cr, t->text);
        }
    }
    cairo_restore(cr);
}

cairo_surface_t *label_raster(const Label *l, Err *e)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, l->width_dots, l->height_dots);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        err_set(e, ERR_INTERNAL, _("out of memory"));
        return NULL;
    }
    cairo_t *cr = cairo_create(s);
    label_draw(l, cr, 1);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    return s;
}

static cairo_status_t write_file(void *closure, const unsigned char *data, unsigned int length)
{
    return fwrite(data, 1, length, (FILE *)closure) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static int write_zpl(const Label *l, FILE *out, Err *e)
{
    cairo_surface_t *s = label_raster(l, e);
    if (!s) return -1;
    int w = l->width_dots, h = l->height_dots;
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *px = cairo_image_surface_get_data(s);
    int bpr = (w + 7) / 8;
    long total = (long)bpr * h;
    static const char HEX[] = "0123456789ABCDEF";
    /* ^FX: a comment the printer ignores; it names the label in logs. ^CI28:
     * UTF-8, should the comment ever hold accents. ^PON: normal orientation. */
    fprintf(out, "^XA\n^FX boucle %s^FS\n^CI28^PON^LH0,0^PW%d^LL%d\n^FO0,0^GFA,%ld,%ld,%d,\n",
            l->asset_id, w, h, total, total, bpr);
    char *line = malloc((size_t)bpr * 2 + 2);
    if (!line) { cairo_surface_destroy(s); return err_set(e, ERR_INTERNAL, _("out of memory")); }
    for (int y = 0; y < h; y++) {
        const uint32_t *row = (const uint32_t *)(px + (size_t)y * stride);
        for (int b = 0; b < bpr; b++) {
            unsigned byte = 0;
            for (int bit = 0; bit < 8; bit++) {
                int x = b * 8 + bit;
                if (x >= w) continue;
                uint32_t p = row[x];
                unsigned lum = (((p >> 16) & 255) * 30 + ((p >> 8) & 255) * 59 + (p & 255) * 11) / 100;
                if (lum < 128) byte |= 0x80u >> bit;   /* 1 = a printed (black) dot */
            }
            line[2 * b] = HEX[byte >> 4];
            line[2 * b + 1] = HEX[byte & 15];
        }
        line[2 * bpr] = '\n';
        fwrite(line, 1, (size_t)bpr * 2 + 1, out);
    }
    free(line);
    cairo_surface_destroy(s);
    fputs("^FS\n^PQ1\n^XZ\n", out);
    return 0;
}

/* One PNG chunk: length, type, data, CRC of type and data. */
static int png_chunk(FILE *out, const char *type, const unsigned char *data, size_t n)
{
    unsigned char head[8] = { (unsigned char)(n >> 24), (unsigned char)(n >> 16), (unsigned char)(n >> 8),
                              (unsigned char)n, (unsigned char)type[0], (unsigned char)type[1],
                              (unsigned char)type[2], (unsigned char)type[3] };
    uLong crc = crc32(crc32(0L, Z_NULL, 0), head + 4, 4);
    if (n) crc = crc32_z(crc, data, n);
    unsigned char tail[4] = { (unsigned char)(crc >> 24), (unsigned char)(crc >> 16), (unsigned char)(crc >> 8),
                              (unsigned char)crc };
    return fwrite(head, 1, 8, out) == 8 && (n == 0 || fwrite(data, 1, n, out) == n) && fwrite(tail, 1, 4, out) == 4
               ? 0 : -1;
}

/* The raster as 1-bit greyscale PNG rows (a filter byte 0 then the bits,
 * most significant first, 1 = white), in buf of h * (1 + (w + 7) / 8)
 * bytes. 0, or -1 when a pixel is neither black nor white. */
static int pack_bilevel(cairo_surface_t *s, int w, int h, unsigned char *buf)
{
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *px = cairo_image_surface_get_data(s);
    size_t bpr = (size_t)(w + 7) / 8;
    for (int y = 0; y < h; y++) {
        const uint32_t *row = (const uint32_t *)(px + (size_t)y * stride);
        unsigned char *o = buf + (size_t)y * (bpr + 1);
        *o++ = 0;   /* filter: none (the best for bilevel rows) */
        memset(o, 0, bpr);
        for (int x = 0; x < w; x++) {
            uint32_t p = row[x] & 0xFFFFFFu;
            if (p == 0xFFFFFFu) o[x >> 3] |= (unsigned char)(0x80u >> (x & 7));
            else if (p != 0) return -1;
        }
    }
    return 0;
}

/* PNG: label_raster draws black on white without antialiasing, so the
 * label is written as a 1-bit greyscale PNG with zlib: the same pixels as
 * the RGB PNG cairo writes, 24 times less data to filter and deflate (cairo's
 * writer spent ~85 % of a label choosing libpng filters and deflating RGB
 * rows). Should a raster ever hold another colour, cairo's writer keeps it. */
static int write_png(const Label *l, FILE *out, Err *e)
{
    cairo_surface_t *s = label_raster(l, e);
    if (!s) return -1;
    int w = l->width_dots, h = l->height_dots;
    uLong raw = (uLong)h * (1 + ((uLong)w + 7) / 8);
    uLongf zlen = compressBound(raw);
    unsigned char *buf = malloc(raw + zlen);
    if (!buf) { cairo_surface_destroy(s); return err_set(e, ERR_INTERNAL, _("out of memory")); }
    unsigned char *z = buf + raw;
    int rc = 0;
    if (pack_bilevel(s, w, h, buf) < 0) {
        cairo_status_t st = cairo_surface_write_to_png_stream(s, write_file, out);
        if (st != CAIRO_STATUS_SUCCESS)
            rc = err_set(e, ERR_IO, _("cannot write the PNG: %s"), cairo_status_to_string(st));
    } else if (compress2(z, &zlen, buf, raw, PNG_ZLEVEL) != Z_OK) {
        rc = err_set(e, ERR_INTERNAL, _("out of memory"));
    } else {
        static const unsigned char SIG[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
        /* width, height, bit depth 1, colour type 0 (grey), deflate, adaptive filtering, no interlace */
        unsigned char ihdr[13] = { (unsigned char)(w >> 24), (unsigned char)(w >> 16), (unsigned char)(w >> 8),
                                   (unsigned char)w, (unsigned char)(h >> 24), (unsigned char)(h >> 16),
                                   (unsigned char)(h >> 8), (unsigned char)h, 1, 0, 0, 0, 0 };
        if (fwrite(SIG, 1, 8, out) != 8 || png_chunk(out, "IHDR", ihdr, 13) < 0 ||
            png_chunk(out, "IDAT", z, zlen) < 0 || png_chunk(out, "IEND", NULL, 0) < 0)
            rc = err_set(e, ERR_IO, _("cannot write the PNG: %s"), strerror(errno));
    }
    free(buf);
    cairo_surface_destroy(s);
    return rc;
}

/* PDF and SVG: the page is the label in points; dots are scaled to it. */
static int write_vector(const Label *ls, int n, LabelFormat f, FILE *out, Err *e)
{
    double wpt = ls[0].t.width_mm / 25.4 * 72, hpt = ls[0].t.height_mm / 25.4 * 72;
    cairo_surface_t *s;
    if (f == LABEL_FMT_PDF) {
        s = cairo_pdf_surface_create_for_stream(write_file, out, wpt, hpt);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "boucle");
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, n == 1 ? ls[0].asset_id : "boucle labels");
    } else {
        /* with the document unit set to mm, cairo takes the size in mm */
        s = cairo_svg_surface_create_for_stream(write_file, out, ls[0].t.width_mm, ls[0].t.height_mm);
        cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_MM);
    }
    cairo_t *cr = cairo_create(s);
    for (int i = 0; i < n; i++) {
        const Label *l = &ls[i];
        if (f == LABEL_FMT_PDF)
            cairo_pdf_surface_set_size(s, l->t.width_mm / 25.4 * 72, l->t.height_mm / 25.4 * 72);
        cairo_save(cr);
        double unit = f == LABEL_FMT_PDF ? 72.0 : 25.4;   /* points or mm per inch */
        cairo_scale(cr, unit / l->t.dpi, unit / l->t.dpi);
        label_draw(l, cr, 0);
        cairo_restore(cr);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_status_t st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS)
        return err_set(e, ERR_IO, _("cannot write the %s: %s"), f == LABEL_FMT_PDF ? "PDF" : "SVG",
                       cairo_status_to_string(st));
    return 0;
}

char *label_qr_halfblocks(const Label *l, int quiet)
{
    int n = l->qr_width + 2 * quiet;
    int rows = (n + 1) / 2;
    size_t cap = (size_t)rows * ((size_t)n * 3 + 1) + 1;
    char *out = malloc(cap), *p = out;
    if (!out) return NULL;
    for (int r = 0; r < rows; r++) {
        for (int c = 0; c < n; c++) {
            int top = 2 * r, bot = 2 * r + 1;
            int qc = c - quiet;
            int tq = top - quiet, bq = bot - quiet;
            int tdark = qc >= 0 && qc < l->qr_width && tq >= 0 && tq < l->qr_width && l->qr[tq * l->qr_width + qc];
            int bdark = bot >= n ? 1 /* past the edge: nothing to draw */
                      : qc >= 0 && qc < l->qr_width && bq >= 0 && bq < l->qr_width && l->qr[bq * l->qr_width + qc];
            const char *g = !tdark && !bdark ? "█" : !tdark ? "▀" : !bdark ? "▄" : " ";
            size_t gl = strlen(g);
            memcpy(p, g, gl);
            p += gl;
        }
        *p++ = '\n';
    }
    *p = '\0';
    return out;
}

int label_write_text(const Label *l, int quiet, FILE *out, Err *e)
{
    char *qr = label_qr_halfblocks(l, quiet);
    if (!qr) return err_set(e, ERR_INTERNAL, _("out of memory"));
    /* The text goes beside the QR, one line per row from the second. */
    int row = 0, ti = 0;
    for (char *line = qr, *nl; *line; line = nl + 1, row++) {
        nl = strchr(line, '\n');
        fwrite(line, 1, (size_t)(nl - line), out);
        if (row >= 1 && ti < l->ntext) fprintf(out, "  %s", l->text[ti++].text);
        fputc('\n', out);
    }
    for (; ti < l->ntext; ti++) fprintf(out, "%s\n", l->text[ti].text);
    free(qr);
    return 0;
}

int label_write(const Label *ls, int n, LabelFormat f, FILE *out, Err *e)
{
    if (n < 1) return err_set(e, ERR_INPUT, _("no label to write"));
    if (n > 1 && !label_format_multi(f))
        return err_set(e, ERR_INPUT, _("a %s file holds one label; write one file per device"), label_format_key(f));
    int rc = 0;
    switch (f) {
    case LABEL_FMT_ZPL:
        for (int i = 0; i < n && rc == 0; i++) rc = write_zpl(&ls[i], out, e);
        break;
    case LABEL_FMT_PNG: rc = write_png(&ls[0], out, e); break;
    case LABEL_FMT_PDF:
    case LABEL_FMT_SVG: rc = write_vector(ls, n, f, out, e); break;
    case LABEL_FMT_TXT:
        for (int i = 0; i < n && rc == 0; i++) {
            if (i) fputc('\n', out);
            rc = label_write_text(&ls[i], LABEL_QR_QUIET, out, e);
        }
        break;
    default: return err_set(e, ERR_INPUT, _("unknown label format"));
    }
    if (rc == 0 && (fflush(out) != 0 || ferror(out)))
        return err_set(e, ERR_IO, _("cannot write the labels: %s"), strerror(errno));
    return rc;
}
