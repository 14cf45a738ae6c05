/*
 * scan.c — what a barcode scan names (see scan.h).
 *
 * Besides symbology prefixes, URLs and leading zeros, one quirk is common in
 * French workshops: a USB scanner sends US-keyboard key codes, and on an
 * AZERTY keyboard the digits of "GRE1-000123" come out as "GRE&)àààé\"". When
 * nothing matches as typed, the scan is read back through that mapping.
 */
#include "core/scan/scan.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t scan_clean(const char *raw, char *out, size_t size)
{
    size_t o = 0;
    if (!size) return 0;
    for (const char *p = raw ? raw : ""; *p && o + 1 < size; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch < 0x20 || ch == 0x7f) continue;      /* CR, LF, TAB, STX, ETX, GS… */
        out[o++] = (char)ch;
    }
    out[o] = '\0';
    /* trim blanks */
    size_t start = 0;
    while (out[start] == ' ') start++;
    while (o > start && out[o - 1] == ' ') o--;
    memmove(out, out + start, o - start);
    o -= start;
    out[o] = '\0';
    /* AIM symbology identifier: "]" + letter + modifier, e.g. ]Q1 ]C0 ]E0 ]d2 */
    if (o >= 3 && out[0] == ']' && isalpha((unsigned char)out[1]) && isalnum((unsigned char)out[2])) {
        memmove(out, out + 3, o - 2);
        o -= 3;
    }
    /* A URL: keep its last path segment, without query or fragment. */
    if (strstr(out, "://")) {
        char *cut = strpbrk(out, "?#");
        if (cut) {
            *cut = '\0';
            o = (size_t)(cut - out);
        }
        while (o && out[o - 1] == '/') out[--o] = '\0';
        char *slash = strrchr(out, '/');
        if (slash) {
            o = strlen(slash + 1);
            memmove(out, slash + 1, o + 1);
        }
    }
    return o;
}


/* US key codes read on an AZERTY layout, back to what was meant. Letters are
 * left alone except the swapped ones (A/Q, Z/W), and only when the result
 * contains a mapped digit, i.e. the scan really went through AZERTY. */
static int azerty_unmangle(const char *in, char *out, size_t size)
{
    static const struct { const char *from; char to; } MAP[] = {
        { "&", '1' }, { "\xc3\xa9", '2' }, { "\"", '3' }, { "'", '4' }, { "(", '5' },
        { "\xc3\xa8", '7' }, { "_", '8' }, { "\xc3\xa7", '9' }, { "\xc3\xa0", '0' },
        { ")", '-' }, { "-", '6' },
    };
    size_t o = 0;
    int changed = 0;
    for (const char *p = in; *p && o + 1 < size;) {
        int hit = 0;
        for (size_t i = 0; i < sizeof MAP / sizeof MAP[0]; i++) {
            size_t n = strlen(MAP[i].from);
            if (strncmp(p, MAP[i].from, n) == 0) {
                out[o++] = MAP[i].to;
                p += n;
                hit = 1;
                if (MAP[i].to != '-') changed = 1;
                break;
            }
        }
        if (hit) continue;
        char ch = *p++;
        switch (ch) {
        case 'a': ch = 'q'; break; case 'q': ch = 'a'; break;
        case 'A': ch = 'Q'; break; case 'Q': ch = 'A'; break;
        case 'z': ch = 'w'; break; case 'w': ch = 'z'; break;
        case 'Z': ch = 'W'; break; case 'W': ch = 'Z'; break;
        default: break;
        }
        out[o++] = ch;
    }
    out[o] = '\0';
    return changed;
}

/* Strips stray non-alphanumeric characters at both ends (Code 39's '*',
 * a scanner's configured prefix or suffix like '#', '>' …). */
static void strip_punct(const char *in, char *out, size_t size)
{
    const char *s = in, *end = in + strlen(in);
    while (s < end && !isalnum((unsigned char)*s) && (unsigned char)*s < 0x80) s++;
    while (end > s && !isalnum((unsigned char)end[-1]) && (unsigned char)end[-1] < 0x80) end--;
    snprintf(out, size, "%.*s", (int)(end - s), s);
}

int scan_resolve(Ctx *c, const char *raw, Device *out, Err *e)
{
    char clean[512], alt[512], az[512];
    scan_clean(raw, clean, sizeof clean);
    if (!clean[0]) return 0;
    int r = device_find(c, clean, out, e);
    if (r) return r;
    strip_punct(clean, alt, sizeof alt);
    if (strcmp(alt, clean) != 0 && alt[0]) {
        r = device_find(c, alt, out, e);
        if (r) return r;
    }
    if (azerty_unmangle(clean, az, sizeof az)) {
        strip_punct(az, alt, sizeof alt);
        r = device_find(c, alt, out, e);
        if (r) return r;
    }
    return 0;
}
