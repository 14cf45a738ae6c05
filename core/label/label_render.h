/*
 * label_render.h — draws a built Label (core/label/label.h) in every output a
 * workshop needs: ZPL for Zebra printers, PDF and PNG for CUPS printers, SVG,
 * and a text preview with Unicode half blocks.
 *
 * Every output comes from the same layout, in printer dots: PNG and ZPL are
 * the same bilevel raster (ZPL thresholds the PNG's pixels), PDF and SVG draw
 * the same rectangles and text as vectors scaled from dots to the page.
 */
#ifndef BOUCLE_LABEL_RENDER_H
#define BOUCLE_LABEL_RENDER_H
#include <cairo.h>
#include <stdio.h>
#include "core/label/label.h"

typedef enum {
    LABEL_FMT_ZPL, LABEL_FMT_PDF, LABEL_FMT_PNG, LABEL_FMT_SVG, LABEL_FMT_TXT, LABEL_FMT__COUNT
} LabelFormat;

int label_format_parse(const char *key);          /* "zpl" … "txt"; -1 when unknown */
const char *label_format_key(LabelFormat f);
/* 1 when several labels go in one output (ZPL stream, multi-page PDF, text);
 * PNG and SVG hold one label each. */
int label_format_multi(LabelFormat f);

/* Writes n labels to out in format f. 0, or -1 with e (ERR_IO on a write
 * error, ERR_INPUT when f holds one label and n > 1). */
int label_write(const Label *labels, int n, LabelFormat f, FILE *out, Err *e);

/* Draws l on cr in printer dots (origin top-left, white background).
 * raster: 1 draws text without antialiasing, as a thermal head prints it. */
void label_draw(const Label *l, cairo_t *cr, int raster);
/* The label as an RGB24 image at printer resolution; NULL with e. */
cairo_surface_t *label_raster(const Label *l, Err *e);

/* The QR as half-block text with a margin of `quiet` light modules:
 * (qr_width + 2 * quiet) columns, (qr_width + 2 * quiet + 1) / 2 rows, light
 * modules drawn (for a light-on-dark terminal, like qrencode's UTF8 output).
 * Returns a malloc'd string of lines ending in '\n'. */
char *label_qr_halfblocks(const Label *l, int quiet);
/* The text format of one label (LABEL_FMT_TXT uses quiet = LABEL_QR_QUIET):
 * the half-block QR, its texts beside it from the second row, one per row,
 * the texts left over below it. 0, or -1 with e. */
int label_write_text(const Label *l, int quiet, FILE *out, Err *e);

#endif
