/* disks.c — see disks.h. */
#include "screens/disks.h"
#include "core/wipe/media.h"
#include "tui/draw.h"
#include "tui/term.h"
#include "util/i18n.h"
#include "util/units.h"

void scr_disks_draw(WINDOW *w, int y, int height, const ProbedMedium *disks, int n, int cur,
                DiskMark mark, void *arg)
{
    static const char *const HEAD[] = { N_("Disk"), N_("Type"), N_("Model"), N_("Serial"), N_("Capacity") };
    int cols = getmaxx(w), x0 = mark ? 5 : 1;
    /* name 8, type 5, model up to 24 (at least 6), serial 22, capacity */
    int mw = cols - 48 - x0 < 6 ? 6 : cols - 48 - x0 > 24 ? 24 : cols - 48 - x0;
    const int X[] = { x0, x0 + 9, x0 + 15, x0 + 16 + mw, x0 + 39 + mw };
    wattrset(w, term_attr(CLR_HEADER));
    draw_text(w, y - 1, 0, "", cols, 1);
    for (int c = 0; c < 5; c++) draw_cell(w, y - 1, X[c], _(HEAD[c]), (c < 4 ? X[c + 1] - 1 : cols) - X[c]);
    int top = cur >= height ? cur - height + 1 : 0;
    for (int i = top, row = y; i < n && row < y + height; i++, row++) {
        const ProbedMedium *p = &disks[i];
        char cap[32];
        units_bytes(p->bytes, cap, sizeof cap);
        const char *cells[] = { p->name, media_type_label(p->type), p->model,
                                p->serial[0] ? p->serial : _("(no serial)"), cap };
        int dim = 0;
        const char *m = mark ? mark(arg, i, &dim) : NULL;
        wattrset(w, i == cur ? term_attr(CLR_SELECTION) : term_attr(dim ? CLR_DIM : CLR_NORMAL));
        draw_text(w, row, 0, "", cols, 1);
        if (m) draw_cell(w, row, 1, m, 3);
        for (int c = 0; c < 5; c++) draw_cell(w, row, X[c], cells[c], (c < 4 ? X[c + 1] - 1 : cols) - X[c]);
    }
    wattrset(w, A_NORMAL);
}
