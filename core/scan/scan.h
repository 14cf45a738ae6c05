/*
 * scan.h — what a barcode scan names.
 *
 * A USB scanner types like a keyboard. Its text may carry a symbology prefix
 * ("]Q1", "]C0"), stray prefix/suffix characters, leading zeros, CR/LF, or be
 * a URL ending in the asset id. scan_resolve() tries, in order: asset id,
 * serial, donor tag, each on the cleaned text and the usual variants.
 */
#ifndef BOUCLE_SCAN_H
#define BOUCLE_SCAN_H
#include "core/stock/device.h"

/* Cleans raw scanner text into out (trimmed, endings and AIM prefix removed,
 * URL reduced to its last path segment). Returns the length. */
size_t scan_clean(const char *raw, char *out, size_t size);
/* Resolves a scan to a device: 1 found, 0 none, -1 error. */
int scan_resolve(Ctx *c, const char *raw, Device *out, Err *e);

#endif
