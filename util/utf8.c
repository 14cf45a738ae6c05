/* utf8.c — see utf8.h. */
#include "util/utf8.h"
#include <string.h>
#include <wchar.h>

size_t utf8_seq(const unsigned char *p, size_t n, unsigned *cp)
{
    unsigned c, v;
    size_t len;
    if (!n) return 0;
    c = p[0];
    if (c < 0x80) { len = 1; v = c; }
    else if (c >= 0xc2 && c <= 0xdf) { len = 2; v = c & 0x1f; }
    else if (c >= 0xe0 && c <= 0xef) { len = 3; v = c & 0x0f; }
    else if (c >= 0xf0 && c <= 0xf4) { len = 4; v = c & 0x07; }
    else return 0;
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80) return 0;
        v = (v << 6) | (p[i] & 0x3f);
    }
    if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10ffff)))
        return 0;                                   /* overlong / too big */
    if (v >= 0xd800 && v <= 0xdfff) return 0;       /* surrogates */
    if (cp) *cp = v;
    return len;
}

int utf8_clean(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t k = utf8_seq(p + i, n - i, &cp);
        if (!k) return 0;
        if ((cp < 0x20 && cp != '\t') || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f)) return 0;
        i += k;
    }
    return 1;
}

int utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        size_t k = utf8_seq(p + i, len - i, NULL);
        if (!k) return 0;
        i += k;
    }
    return 1;
}

size_t utf8_count(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80) n++;
    return n;
}

void utf8_sanitize(const char *src, size_t len, char *dst, size_t size)
{
    const unsigned char *p = (const unsigned char *)src;
    size_t o = 0;
    if (!size) return;
    while (len && o + 1 < size) {
        size_t n = utf8_seq(p, len, NULL);
        if (!n || *p == 0) {
            dst[o++] = '?';
            p++;
            len--;
            continue;
        }
        if (o + n >= size) break;
        for (size_t i = 0; i < n; i++) dst[o++] = (char)p[i];
        p += n;
        len -= n;
    }
    dst[o] = '\0';
}

/* One character of s: its cells and its bytes (an invalid byte: 1 and 1). */
static int cell_step(const char *s, size_t *len)
{
    unsigned cp;
    size_t n = utf8_seq((const unsigned char *)s, strlen(s), &cp);
    if (!n) { *len = 1; return 1; }
    *len = n;
    int w = wcwidth((wchar_t)cp);
    if (w < 0) {
        /* C locale or a control character: Latin and most scripts take one
         * cell, East Asian wide ranges two. */
        w = (cp >= 0x1100 && (cp <= 0x115f || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3)
                              || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xff00 && cp <= 0xff60)
                              || (cp >= 0x20000 && cp <= 0x3fffd))) ? 2 : 1;
    }
    return w;
}

int utf8_width(const char *s)
{
    int w = 0;
    while (*s) {
        size_t n;
        w += cell_step(s, &n);
        s += n;
    }
    return w;
}

size_t utf8_fit(const char *s, int cols)
{
    const char *p = s;
    int w = 0;
    while (*p) {
        size_t n;
        int cw = cell_step(p, &n);
        if (w + cw > cols) break;
        w += cw;
        p += n;
    }
    return (size_t)(p - s);
}

void utf8_pad(char *out, size_t n, const char *s, int cols)
{
    if (!n) return;
    size_t len = utf8_fit(s, cols);
    while (len >= n) { /* back off to a character boundary that fits */
        len--;
        while (len && ((unsigned char)s[len] & 0xC0) == 0x80) len--;
    }
    memcpy(out, s, len);
    out[len] = '\0';
    int w = utf8_width(out);
    while (w++ < cols && len + 1 < n) out[len++] = ' ';
    out[len] = '\0';
}
