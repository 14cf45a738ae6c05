/*
 * glyph.h — the characters beyond ASCII the screens draw (bars, sparklines,
 * check marks, ellipses) and their ASCII fallbacks.
 *
 * Unicode is used when the locale's codeset is UTF-8 and the terminal can
 * draw the glyphs; otherwise (a non-UTF-8 locale, TERM=linux whose console
 * font lacks braille, eighth blocks and ✓, TERM=vt100/vt220/dumb) every glyph
 * has a plain ASCII stand-in of the same width in cells. BOUCLE_GLYPHS=ascii
 * or =unicode in the environment overrides the guess (for tests and for a
 * console with a full font).
 *
 * Pure functions of the mode: no curses call, usable from tests and the CLI.
 */
#ifndef BOUCLE_TUI_GLYPH_H
#define BOUCLE_TUI_GLYPH_H
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

typedef enum {
    GL_CHECK = 0,   /* ✓  / "v"   a thing done, announced */
    GL_CROSS,       /* ✗  / "x"   a thing failed */
    GL_ELLIPSIS,    /* …  / "..." text cut (3 cells in ASCII) */
    GL_ARROW,       /* →  / "->"  */
    GL_BULLET,      /* •  / "*"   */
    GL_FULL,        /* █  / "#"   a full cell of a bar */
    GL_LIGHT,       /* ░  / "."   the empty part of a bar */
    GL_STAR,        /* ★  / "*"   a milestone */
    GL_DOT,         /* ·  / "-"   between the parts of a line */
    GL__COUNT
} GlyphId;

/* Decides the mode from the environment (BOUCLE_GLYPHS, the locale's
 * codeset, TERM). Called by term_init() and by the CLI after setlocale();
 * calling it again re-reads the environment. */
void glyph_init(void);
/* Forces the mode: 1 Unicode, 0 ASCII (tests). */
void glyph_set_unicode(int on);
/* 1 when glyphs are drawn as Unicode. */
int glyph_unicode(void);
/* The glyph in the current mode: a static UTF-8 (or ASCII) string. */
const char *glyph(GlyphId g);

/* A horizontal bar of exactly `width` cells showing value/max: eighth blocks
 * (▏▎▍▌▋▊▉█) for sub-cell precision in Unicode, '#' in ASCII; the rest of the
 * width is blank (empty) or, with track, light shade / '.'. value <= 0 or
 * max <= 0 draws an empty bar; value >= max a full one. Writes a
 * NUL-terminated string into out (size n; at most 3*width+1 bytes are
 * needed) and returns out. */
char *glyph_bar(char *out, size_t n, int64_t value, int64_t max, int width, int track);

/* A sparkline: one cell per value, heights scaled to the largest value
 * (▁▂▃▄▅▆▇█ in Unicode; " .:-=+*#" in ASCII); a zero is the lowest step
 * ("▁" / " ") — a value above zero is never drawn as zero. Writes into out
 * (size n; 3*count+1 bytes are enough) and returns out. */
char *glyph_spark(char *out, size_t n, const int64_t *v, int count);
/* The same, scaled to max instead of the largest value: two sparklines
 * drawn against one scale (flows in and out) can be compared. */
char *glyph_spark_max(char *out, size_t n, const int64_t *v, int count, int64_t max);

/* In ASCII mode, the single-cell stand-in of a character the terminal may
 * not draw (… → ~, ✓ → v, ’ → ', — → -, a block or braille cell → #, …);
 * wc itself for ASCII, Latin-1, the euro sign and box drawing, which every
 * console font has, and for everything in Unicode mode. The width in cells
 * is kept, so layouts measured in Unicode still hold. */
wchar_t glyph_ascii_wc(wchar_t wc);

#endif
