/*
 * text.h — text typed or scanned by a person: cleaning a field before it is
 * stored, and the lookup key that makes "0005cg 7301" find "5CG7301".
 * Shared by intake, media, wipes and imports; nothing here knows devices.
 */
#ifndef BOUCLE_TEXT_H
#define BOUCLE_TEXT_H
#include <stddef.h>
#include "util/err.h"

/* THE rule for free text a person types or scans (notes, reasons, names,
 * donors, references, makes, models, serials, tags, configuration values):
 * valid UTF-8; no control character — C0 (ESC and the escape sequences it
 * starts, newline, tab), DEL, C1 (U+0080–U+009F, CSI among them) — no line
 * or paragraph separator (U+2028/9), no bidirectional embedding, override
 * or isolate (U+202A–E, U+2066–9), which would rewrite the terminal or
 * reorder what is shown; at most max_chars characters (code points, not
 * bytes). 0, or -1 with ERR_INPUT in e, the message naming field_label and
 * the problem. Every core function that stores such text goes through it,
 * so the command line and the screens refuse the same things. */
int text_check(const char *s, size_t len, size_t max_chars, const char *field_label, Err *e);
/* text_check() on in with its surrounding blanks trimmed, the cleaned text
 * written to out (size bytes). 0 ok, -1 with e. */
int text_field_clean(const char *in, char *out, size_t size, size_t max_chars,
                     const char *field_label, Err *e);
/* The lookup key of a serial or tag: upper case, no blanks, no leading zeros. */
void serial_key(const char *serial, char *out, size_t size);

#endif
