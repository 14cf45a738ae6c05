/*
 * code128.h — Code 128 encoder (ISO/IEC 15417), for the manufacturer serial
 * printed under the QR when a device's own sticker is gone.
 *
 * Encoded here rather than with a library: the symbology is one table of
 * 107 patterns and a checksum, and Debian's only generator library (zint)
 * would be a new dependency for sixty lines. The tests decode every output
 * with zbar, which is what keeps this table honest.
 *
 * Code set B carries printable ASCII; runs of 4+ digits switch to code set
 * C (two digits per symbol) so numeric serials stay short.
 */
#ifndef BOUCLE_CODE128_H
#define BOUCLE_CODE128_H
#include <stddef.h>

/* Encodes text (printable ASCII 32..126 only) as element widths in modules,
 * bar first, alternating bar/space, without quiet zones. Returns the number
 * of elements written, or -1 when text is empty, has other characters, or
 * the widths do not fit in `size`. *modules (optional) gets the total
 * width in modules. */
int code128_encode(const char *text, unsigned char *widths, size_t size, int *modules);

/* The 6-element pattern of symbol value v (0..105), or the 7-element stop
 * pattern for v == 106, as a string of digits "212222". NULL otherwise. */
const char *code128_pattern(int v);

#endif
