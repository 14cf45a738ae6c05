/*
 * statusbar.c — see statusbar.h. Module state: the three texts. When the
 * line is too narrow the right part loses its leading characters (sync
 * state first, then the workshop) so that the operator stays visible.
 */
#include "tui/statusbar.h"
#include "tui/draw.h"
#include "tui/term.h"
#include "util/i18n.h"
#include <stdio.h>

static char workshop[96];   /* "GRE1 Atelier de Grenoble" */
static char operator_[64];  /* the operator's name */
static char sync_[64];      /* sync state, from the application */

void statusbar_set_workshop(const char *text) { snprintf(workshop, sizeof workshop, "%s", text ? text : ""); }
void statusbar_set_operator(const char *text) { snprintf(operator_, sizeof operator_, "%s", text ? text : ""); }
void statusbar_set_sync(const char *text) { snprintf(sync_, sizeof sync_, "%s", text ? text : ""); }

void statusbar_draw(WINDOW *w, const char *title)
{
    int cols = getmaxx(w);
    char right[512];
    char who[96];
    if (operator_[0]) snprintf(who, sizeof who, _("Operator: %s"), operator_);
    else snprintf(who, sizeof who, "%s", _("No operator"));
    snprintf(right, sizeof right, "%s%s%s  %s ", sync_, sync_[0] ? "  " : "", workshop, who);
    wattrset(w, term_attr(CLR_STATUS));
    draw_clear_to_eol(w, 0, 0);
    char left[512];
    snprintf(left, sizeof left, " boucle · %s", title ? title : "");
    int lw = draw_text(w, 0, 0, left, cols, 0);
    int rw = utf8_width(right);
    int room = cols - lw - 1;
    if (room > 0) {
        const char *r = right;
        while (rw > room && *r) { /* drop leading characters */
            size_t n = utf8_fit(r, 1);
            if (n == 0) n = 1;
            r += n;
            rw = utf8_width(r);
        }
        draw_text(w, 0, cols - rw, r, rw, 0);
    }
    wattrset(w, A_NORMAL);
}
