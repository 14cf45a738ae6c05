/*
 * statusbar.c — see statusbar.h. Module state: the three texts. When the
 * line is too narrow the right part drops whole parts (the workshop's
 * name, then the sync state, then the workshop's code) so that the
 * operator stays visible.
 */
#include "tui/statusbar.h"
#include "tui/draw.h"
#include "tui/term.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

static char workshop[96];   /* "GRE1 Atelier de Grenoble" */
static char operator_[64];  /* the operator's name */
static char sync_[64];      /* sync state, from the application */

void statusbar_set_workshop(const char *text) { snprintf(workshop, sizeof workshop, "%s", text ? text : ""); }
void statusbar_set_operator(const char *text) { snprintf(operator_, sizeof operator_, "%s", text ? text : ""); }
void statusbar_set_sync(const char *text) { snprintf(sync_, sizeof sync_, "%s", text ? text : ""); }

void statusbar_draw(WINDOW *w, const char *title)
{
    int cols = getmaxx(w);
    char who[96], code[32], right[512];
    if (operator_[0]) snprintf(who, sizeof who, _("Operator: %s"), operator_);
    else snprintf(who, sizeof who, "%s", _("No operator"));
    snprintf(code, sizeof code, "%.*s", (int)strcspn(workshop, " "), workshop);
    wattrset(w, term_attr(CLR_STATUS));
    draw_clear_to_eol(w, 0, 0);
    char left[512];
    snprintf(left, sizeof left, " boucle · %s", title ? title : "");
    int lw = draw_text(w, 0, 0, left, cols, 0);
    int room = cols - lw - 2;   /* two spaces at least: « Sync  Sync 2 · … » reads as two things */
    /* whole parts give way, least needed first: the workshop's name, the
     * sync state, the workshop's code; the operator stays */
    const char *sep = sync_[0] ? "  " : "";
    for (int step = 0; step < 4; step++) {
        switch (step) {
        case 0: snprintf(right, sizeof right, "%s%s%s  %s ", sync_, sep, workshop, who); break;
        case 1: snprintf(right, sizeof right, "%s%s%s  %s ", sync_, sep, code, who); break;
        case 2: snprintf(right, sizeof right, "%s%s%s ", sync_, sep, who); break;
        default: snprintf(right, sizeof right, "%s ", who); break;
        }
        if (utf8_width(right) <= room) break;
    }
    int rw = utf8_width(right);
    if (room > 0) {
        const char *r = right;
        while (rw > room && *r) { /* still too long: the operator's name loses its start */
            size_t n = utf8_fit(r, 1);
            if (n == 0) n = 1;
            r += n;
            rw = utf8_width(r);
        }
        draw_text(w, 0, cols - rw, r, rw, 0);
    }
    wattrset(w, A_NORMAL);
}
