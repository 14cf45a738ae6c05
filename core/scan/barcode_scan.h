/*
 * barcode_scan.h — finding the codes in a picture (a photo of a serial
 * sticker, a printed label, a webcam frame) with libzbar.
 *
 * Symbologies: QR, Code 128, Code 39, EAN-13/EAN-8 (and UPC, which is EAN).
 * Images: PNG (through cairo) and PNM (P5 grey, P6 colour). Before anything
 * is decoded the header is read, and images larger than SCAN_MAX_PIXELS are
 * refused, so a huge or hostile file cannot exhaust a small PC's memory.
 */
#ifndef BOUCLE_BARCODE_SCAN_H
#define BOUCLE_BARCODE_SCAN_H
#include <stddef.h>
#include "util/err.h"

/* 40 Mpx: more than any phone photo (a 12 Mpx photo is 4032×3024) and at
 * one byte a pixel 40 MB of grey, which a 1 GB PC still has. */
#define SCAN_MAX_PIXELS (40L * 1000 * 1000)
#define SCAN_MAX_SIDE 20000

/* Called once per code found, in zbar's order: symbology name ("QR-Code",
 * "CODE-128", "CODE-39", "EAN-13", …) and data (NUL-terminated, may hold
 * any bytes; len is its length). Return non-zero to stop. */
typedef int (*BarcodeCb)(void *arg, const char *symbology, const char *data, size_t len);

/* Decodes every code in a grey image (one byte a pixel, 0 = black).
 * Returns how many codes were found (0 is not an error here). */
int barcode_scan_gray(const unsigned char *gray, int width, int height, BarcodeCb cb, void *arg, Err *e);

/* Loads the image file and decodes every code in it. Returns the count (≥ 1),
 * or -1 with e: ERR_INPUT for a missing, unreadable, corrupt, unsupported or
 * too large file; ERR_NOTFOUND when the image holds no code. */
int barcode_scan_file(const char *path, BarcodeCb cb, void *arg, Err *e);

/* The first video device (/dev/video0, …) into out; 0 when there is none. */
int barcode_webcam_find(char *out, size_t size);
/* Reads codes from a webcam with zbar's video processor until one is seen
 * or timeout_ms passes. device NULL = the first found. Returns the count
 * (≥ 1), or -1 with e: ERR_NOTFOUND when there is no webcam or nothing was
 * read in time, ERR_IO when the device cannot be opened. */
int barcode_scan_webcam(const char *device, int timeout_ms, BarcodeCb cb, void *arg, Err *e);

/* Loads an image file as grey (malloc'd, free it). 0 / -1 with e. */
int barcode_load_gray(const char *path, unsigned char **gray, int *width, int *height, Err *e);

#endif
