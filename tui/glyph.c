/*
 * glyph.c — Unicode glyphs and their ASCII fallbacks (see glyph.h).
 */
#include "tui/glyph.h"
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int unicode = 1;

static const char *const uni[GL__COUNT] = {
    [GL_CHECK] = "\u2713", [GL_CROSS] = "\u2717", [GL_ELLIPSIS] = "\u2026",
    [GL_ARROW] = "\u2192", [GL_BULLET] = "\u2022", [GL_FULL] = "\u2588",
    [GL_LIGHT] = "\u2591", [GL_STAR] = "\u2605",
    [GL_DOT] = "\u00b7",
};
static const char *const asc[GL__COUNT] = {
    [GL_CHECK] = "v", [GL_CROSS] = "x", [GL_ELLIPSIS] = "...",
    [GL_ARROW] = "->", [GL_BULLET] = "*", [GL_FULL] = "#",
    [GL_LIGHT] = ".", [GL_STAR] = "*",
    [GL_DOT] = "-",
};

/* terminals whose fonts lack braille, eighth blocks and check marks */
static int poor_term(const char *t)
{
    if (!t || !*t) return 1;
    static const char *const poor[] = { "linux", "vt100", "vt102", "vt220", "vt52", "dumb", "cons25", "ansi" };
    for (size_t i = 0; i < sizeof poor / sizeof poor[0]; i++) {
        size_t l = strlen(poor[i]);
        if (strncmp(t, poor[i], l) == 0 && (t[l] == '\0' || t[l] == '-')) return 1;
    }
    return 0;
}

void glyph_init(void)
{
    const char *force = getenv("BOUCLE_GLYPHS");
    if (force && strcasecmp(force, "ascii") == 0) { unicode = 0; return; }
    if (force && strcasecmp(force, "unicode") == 0) { unicode = 1; return; }
    const char *cs = nl_langinfo(CODESET);
    int utf8 = cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
    unicode = utf8 && !poor_term(getenv("TERM"));
}

void glyph_set_unicode(int on) { unicode = on != 0; }
int glyph_unicode(void) { return unicode; }

const char *glyph(GlyphId g)
{
    if ((int)g < 0 || g >= GL__COUNT) return "?";
    return unicode ? uni[g] : asc[g];
}

/* appends s to out[*len] while it fits */
static void put(char *out, size_t n, size_t *len, const char *s)
{
    size_t l = strlen(s);
    if (*len + l + 1 > n) return;
    memcpy(out + *len, s, l);
    *len += l;
    out[*len] = '\0';
}

char *glyph_bar(char *out, size_t n, int64_t value, int64_t max, int width, int track)
{
    static const char *const eighths[8] = { "", "\u258f", "\u258e", "\u258d", "\u258c", "\u258b", "\u258a", "\u2589" };
    size_t len = 0;
    if (!out || n == 0) return out;
    out[0] = '\0';
    if (width <= 0) return out;
    /* in eighths of a cell (Unicode) or whole cells (ASCII), rounded */
    int steps = unicode ? 8 : 1;
    int64_t total = (int64_t)width * steps, fill = 0;
    if (max > 0 && value > 0) {
        if (value >= max) fill = total;
        else {
            fill = (int64_t)(((long double)value * total) / max + 0.5L);
            if (fill == 0) fill = 1;          /* something is never drawn as nothing */
            if (fill >= total) fill = total - 1; /* short of max is never full */
        }
    }
    int full = (int)(fill / steps), part = (int)(fill % steps), cells = 0;
    for (int i = 0; i < full; i++, cells++) put(out, n, &len, glyph(GL_FULL));
    if (part) { put(out, n, &len, eighths[part]); cells++; }
    for (; cells < width; cells++) put(out, n, &len, track ? glyph(GL_LIGHT) : " ");
    return out;
}

char *glyph_spark(char *out, size_t n, const int64_t *v, int count)
{
    int64_t max = 0;
    for (int i = 0; i < count; i++) if (v[i] > max) max = v[i];
    return glyph_spark_max(out, n, v, count, max);
}

char *glyph_spark_max(char *out, size_t n, const int64_t *v, int count, int64_t max)
{
    static const char *const uni8[8] = { "\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588" };
    static const char asc8[] = " .:-=+*#";
    size_t len = 0;
    if (!out || n == 0) return out;
    out[0] = '\0';
    for (int i = 0; i < count; i++) {
        int step = 0;
        if (max > 0 && v[i] > 0) {
            step = (int)(((long double)v[i] * 7) / max + 0.5L);
            if (step == 0) step = 1;
            if (step > 7 || v[i] >= max) step = 7;
        }
        if (unicode) put(out, n, &len, uni8[step]);
        else { char c[2] = { asc8[step], '\0' }; put(out, n, &len, c); }
    }
    return out;
}

wchar_t glyph_ascii_wc(wchar_t wc)
{
    if (unicode || wc < 0x80 || (wc >= 0xA0 && wc <= 0xFF)) return wc;
    switch (wc) {
    case 0x20AC: case 0x0152: case 0x0153: case 0x0178: case 0x0160: case 0x0161: case 0x017D: case 0x017E:
        return wc;                                   /* Latin-9: € Œ œ Ÿ Š š Ž ž */
    case 0x2026: return L'~';                        /* … a cut text, as mc shows it */
    case 0x2713: case 0x2714: return L'v';           /* ✓ ✔ */
    case 0x2717: case 0x2718: return L'x';           /* ✗ ✘ */
    case 0x2018: case 0x2019: case 0x201A: case 0x2032: return L'\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x2033: return L'"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212: return L'-';
    case 0x2022: case 0x2605: case 0x2606: case 0x25CF: return L'*';   /* • ★ ☆ ● */
    case 0x2190: return L'<';
    case 0x2192: return L'>';
    case 0x2191: return L'^';
    case 0x2193: return L'v';
    case 0x2009: case 0x200A: case 0x202F: case 0x2007: case 0x2002: case 0x2003: return L' ';
    default: break;
    }
    if (wc >= 0x2500 && wc <= 0x257F) return wc;     /* box drawing: in every console font */
    if (wc >= 0x2591 && wc <= 0x2593) return L'.';   /* shades: a bar's track */
    if (wc >= 0x2580 && wc <= 0x259F) return L'#';   /* blocks */
    if (wc >= 0x2800 && wc <= 0x28FF) return wc == 0x2800 ? L' ' : L'#';   /* braille */
    if (wcwidth(wc) == 1) return L'?';
    return wc;                                       /* wide (CJK) or combining: left to the terminal */
}
