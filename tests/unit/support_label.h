/*
 * support_label.h — helpers for the label and scan tests: decode an image
 * or a gray buffer with libzbar, rasterise a ZPL ^GFA stream, run a tool.
 */
#ifndef BOUCLE_SUPPORT_LABEL_H
#define BOUCLE_SUPPORT_LABEL_H
#include <stddef.h>

#define SL_MAX_CODES 16
typedef struct SlCodes {
    int n;
    char sym[SL_MAX_CODES][32];
    char data[SL_MAX_CODES][512];
} SlCodes;

/* Decodes a file (PNG/PNM); returns the count, -1 on error (msg filled). */
int sl_decode_file(const char *path, SlCodes *out, char *msg, size_t msgsize);
int sl_decode_gray(const unsigned char *g, int w, int h, SlCodes *out);
/* 1 when out holds a code of that symbology prefix ("QR", "CODE-128") with
 * exactly that data. */
int sl_has(const SlCodes *c, const char *sym_prefix, const char *data);
/* Rasterises the index-th ^GFA field of a ZPL stream into a gray image
 * (0 = printed dot) of ^PW × ^LL. 0 / -1. */
int sl_zpl_raster(const char *zpl, int index, unsigned char **gray, int *w, int *h);
/* A fresh temporary folder (removed by sl_cleanup). */
const char *sl_tmpdir(void);
void sl_cleanup(void);
/* Runs a shell command quietly; returns its exit status. */
int sl_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int sl_have(const char *tool);
/* Reads a whole file (NUL-terminated, malloc'd); *len optional. */
char *sl_slurp(const char *path, size_t *len);
/* Writes a gray image as PGM (P5). 0 / -1. */
int sl_write_pgm(const char *path, const unsigned char *g, int w, int h);
/* Writes pixels as a JPEG with libjpeg, as a phone would: components 1
 * (grey), 3 (RGB) or 4 (CMYK), quality 1..100, baseline or progressive. */
int sl_write_jpeg(const char *path, const unsigned char *px, int w, int h, int components, int quality,
                  int progressive);

#endif
