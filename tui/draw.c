/*
 * draw.c — see draw.h. Decodes UTF-8 with mbrtowc (the caller set a UTF-8
 * locale) and draws wide characters one cell group at a time.
 */
#include "tui/draw.h"
#include "tui/glyph.h"
#include <string.h>
#include <wchar.h>

/* Decodes one character at s; sets *len to its bytes (1 for invalid bytes,
 * which become '?') and returns it. */
static wchar_t next_char(const char *s, size_t *len)
{
    mbstate_t st;
    wchar_t wc;
    memset(&st, 0, sizeof st);
    size_t n = mbrtowc(&wc, s, strlen(s), &st);
    if (n == (size_t)-1 || n == (size_t)-2 || n == 0) { *len = 1; return L'?'; }
    *len = n;
    return wc;
}


int draw_text_cut(WINDOW *w, int y, int x, const char *s, int cols, int pad)
{
    if (cols <= 0) return 0;
    if (cols < 2 || !s || utf8_width(s) <= cols) return draw_text(w, y, x, s, cols, pad);
    char buf[1024];
    size_t n = utf8_fit(s, cols - 1);
    while (n > sizeof buf - 4) {   /* a character boundary that fits the buffer */
        n--;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    memcpy(buf, s, n);
    memcpy(buf + n, "…", sizeof "…");
    return draw_text(w, y, x, buf, cols, pad);
}

void draw_cell(WINDOW *w, int y, int x, const char *s, int cols)
{
    int room = getmaxx(w) - 1 - x;
    if (room > 0) draw_text_cut(w, y, x, s, cols < room ? cols : room, 0);
}

int draw_text(WINDOW *w, int y, int x, const char *s, int cols, int pad)
{
    int used = 0;
    if (cols <= 0) return 0;
    wmove(w, y, x);
    while (s && *s) {
        size_t n;
        wchar_t wc = next_char(s, &n);
        int cw = wcwidth(wc);
        if (cw < 0) { wc = L'?'; cw = 1; }
        if (cw == 1) wc = glyph_ascii_wc(wc);   /* TERM=linux: what its font lacks */
        if (used + cw > cols) break;
        if (cw > 0) {
            cchar_t cc;
            wchar_t str[2] = { wc, 0 };
            setcchar(&cc, str, A_NORMAL, 0, NULL);
            wadd_wch(w, &cc);
        }
        used += cw;
        s += n;
    }
    if (pad) while (used < cols) { waddch(w, ' '); used++; }
    return used;
}

void draw_centered(WINDOW *w, int y, const char *s)
{
    int cols = getmaxx(w);
    int sw = utf8_width(s);
    int x = sw >= cols ? 0 : (cols - sw) / 2;
    draw_text(w, y, x, s, cols - x, 0);
}

void draw_clear_to_eol(WINDOW *w, int y, int x)
{
    int cols = getmaxx(w);
    wmove(w, y, x);
    for (int i = x; i < cols; i++) waddch(w, ' ');
}

int draw_wrap(WINDOW *w, int y, int x, int width, int maxrows, const char *s)
{
    int rows = 0;
    if (width < 1) return 0;
    while (*s && rows < maxrows) {
        if (*s == '\n') { s++; rows++; continue; }
        size_t fit = utf8_fit(s, width);
        size_t end = strcspn(s, "\n");
        size_t cut = fit < end ? fit : end;
        if (cut < end) { /* break at the last space that fits */
            size_t sp = cut;
            while (sp > 0 && s[sp] != ' ') sp--;
            if (sp > 0) cut = sp;
        }
        if (cut == 0) cut = 1; /* a character wider than the box */
        if (rows == maxrows - 1 && s[cut] && s[cut + strspn(s + cut, " \n")]) {
            /* the last row and text is left: it ends with "…" rather than
             * being cut where nobody can tell */
            if (w) {
                char line[1024];
                size_t m = utf8_fit(s, width - 1);
                if (m > end) m = end;
                if (m > sizeof line - 4) m = sizeof line - 4;
                while (m && ((unsigned char)s[m] & 0xC0) == 0x80) m--;
                memcpy(line, s, m);
                memcpy(line + m, "…", sizeof "…");
                draw_text(w, y + rows, x, line, width, 0);
            }
            return rows + 1;
        }
        if (w) {
            char line[1024];
            size_t m = cut < sizeof line ? cut : sizeof line - 1;
            memcpy(line, s, m);
            line[m] = '\0';
            draw_text(w, y + rows, x, line, width, 0);
        }
        rows++;
        s += cut;
        while (*s == ' ') s++;
        if (*s == '\n') s++;
    }
    return rows;
}
