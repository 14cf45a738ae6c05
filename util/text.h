/*
 * text.h — text typed or scanned by a person: cleaning a field before it is
 * stored, and the lookup key that makes "0005cg 7301" find "5CG7301".
 * Shared by intake, media, wipes and imports; nothing here knows devices.
 */
#ifndef BOUCLE_TEXT_H
#define BOUCLE_TEXT_H
#include <stddef.h>
#include "util/err.h"

/* Checks a serial / tag typed or scanned by a person: trims surrounding
 * blanks, refuses control characters, invalid UTF-8, and more than max
 * characters. Writes the cleaned text to out. 0 ok, -1 with e. */
int text_field_clean(const char *in, char *out, size_t size, size_t max_chars,
                     const char *field_label, Err *e);
/* The lookup key of a serial or tag: upper case, no blanks, no leading zeros. */
void serial_key(const char *serial, char *out, size_t size);

#endif
