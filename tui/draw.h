/*
 * draw.h — drawing UTF-8 text in terminal cells.
 *
 * Strings are UTF-8; widths are terminal columns (wcwidth), so accented
 * French and wide characters line up. Invalid bytes are drawn as '?'.
 * Measuring (utf8_width, utf8_fit, utf8_pad) is in util/utf8.h.
 */
#ifndef BOUCLE_TUI_DRAW_H
#define BOUCLE_TUI_DRAW_H
#include <curses.h>
#include <stddef.h>
#include "util/utf8.h"

/* Draws s at (y, x), at most `cols` columns; pads with spaces to `cols` when
 * pad is set. Returns the columns drawn. */
int draw_text(WINDOW *w, int y, int x, const char *s, int cols, int pad);
/* Draws s in at most `cols` columns, padded with spaces to `cols` when pad
 * is set; a text that does not fit ends with "…", so that a cut name is
 * never taken for a whole one. Returns the columns drawn. */
int draw_text_cut(WINDOW *w, int y, int x, const char *s, int cols, int pad);
/* Draws s in a table column: at most `cols` columns from x, and never past
 * the window's last column but one (a narrow terminal cuts the column); a
 * cut text ends with "…". */
void draw_cell(WINDOW *w, int y, int x, const char *s, int cols);
/* Draws s centred on row y of w. */
void draw_centered(WINDOW *w, int y, const char *s);
/* Draws s word-wrapped in a box of `width` columns from (y, x), at most
 * maxrows rows; when text is left over, the last row ends with "…".
 * w == NULL only counts. Returns the rows used. */
int draw_wrap(WINDOW *w, int y, int x, int width, int maxrows, const char *s);
/* Fills row y from column x to the right edge with spaces. */
void draw_clear_to_eol(WINDOW *w, int y, int x);

#endif
