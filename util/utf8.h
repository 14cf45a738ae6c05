/*
 * utf8.h — UTF-8 checks on byte slices (which may hold any byte, NUL too).
 * Valid means well-formed: no overlong form, no surrogate, nothing above
 * U+10FFFF. Shared by every module that takes text from outside (serials,
 * names, nwipe logs, files): one implementation, here.
 */
#ifndef BOUCLE_UTF8_H
#define BOUCLE_UTF8_H
#include <stddef.h>

/* Length (1–4) of the well-formed sequence at p (n bytes left), or 0. When
 * cp is not NULL it receives the code point. */
size_t utf8_seq(const unsigned char *p, size_t n, unsigned *cp);
/* 1 when the n bytes are well-formed UTF-8 without NUL or control
 * characters (C0 but tab, DEL, C1). */
int utf8_clean(const char *s, size_t n);
/* 1 when s[0..len) is well-formed UTF-8 (control characters allowed). */
int utf8_valid(const char *s, size_t len);
/* Code points in s[0..len) (assumed valid). */
size_t utf8_count(const char *s, size_t len);
/* Copies src into dst (size bytes), replacing every invalid byte and NUL
 * with '?', so that text from the outside world can be shown. */
void utf8_sanitize(const char *src, size_t len, char *dst, size_t size);

/* Text in terminal cells (wcwidth), whatever the locale's encoding: a
 * French accent is one cell, a CJK character two, an invalid byte one (it is
 * shown as '?'). Every pad, column and cut of the UI and the CLI uses these,
 * never byte counts. */
/* Cells taken by s. */
int utf8_width(const char *s);
/* Bytes of s that fit in `cols` cells (whole characters). */
size_t utf8_fit(const char *s, int cols);
/* s cut or padded with spaces to exactly `cols` cells into out (n bytes). */
void utf8_pad(char *out, size_t n, const char *s, int cols);

#endif
