/*
 * guide.c — « Guides »: the list of the guides (core/guide/guide.h) and the
 * viewer of one, reached from any help screen (g) and from the grading
 * screen's F1 (the guide of the device's category, at its heading).
 *
 * The viewer lays the guide out in the window's width (re-laid on a
 * resize) and shows one page of it: the title on the first row, the text,
 * and on the last row where we are, or the search being typed. Up/Down a
 * line, PgUp/PgDn/Space a page, Home/End; / searches (ASCII letters
 * without case), n finds the next match, Esc goes back.
 * State: the guide, its layout, the first line shown, the search.
 */
#include "screens/guide.h"
#include "core/guide/guide.h"
#include "core/settings/lang.h"
#include "tui/draw.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REQ_G_SEARCH = REQ_SCREEN, REQ_G_NEXT, REQ_G_OPEN, REQ_G_BACK };

/* ---- the viewer ---- */

typedef struct GuideScr {
    Guide g;
    GuideLayout l;
    char anchor[GUIDE_ANCHOR_MAX];  /* to open at, once laid out */
    int top;                        /* first line shown */
    int mark;                       /* the line of the last match, or -1 */
    int typing;                     /* the search is being typed */
    char query[128];
    char note[256];                 /* "not found" */
} GuideScr;

/* the text lines shown: the body window (LINES - 3) less its title row and
 * the foot row and the blank row above it (guide_draw) */
static int text_rows(void) { int r = LINES - 3 - 3; return r < 1 ? 1 : r; }

static void relayout(GuideScr *v, int width)
{
    if (v->l.lines && v->l.width == width) return;
    int old = v->l.n ? v->top : -1;
    int block = old >= 0 && old < v->l.n ? v->l.lines[old].block : -1;
    guide_layout_free(&v->l);
    if (guide_layout(&v->g, width, &v->l) < 0) return;
    v->mark = -1;
    if (v->anchor[0]) {
        int a = guide_anchor_line(&v->g, &v->l, v->anchor);
        if (a >= 0) v->top = a;
        v->anchor[0] = '\0';
    } else if (block >= 0) {         /* keep the same paragraph in view */
        for (int i = 0; i < v->l.n; i++) if (v->l.lines[i].block == block) { v->top = i; break; }
    }
}

static void clamp(GuideScr *v)
{
    int max = v->l.n - text_rows();
    if (v->top > max) v->top = max;
    if (v->top < 0) v->top = 0;
}

static void guide_draw(Screen *s, WINDOW *w, int full)
{
    GuideScr *v = s->state;
    int rows = getmaxy(w), cols = getmaxx(w);
    (void)full;
    relayout(v, cols - 2);
    clamp(v);
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    draw_text(w, 0, 1, v->g.title, cols - 2, 0);
    int body = rows - 2;
    for (int y = 1, i = v->top; y < body && i < v->l.n; y++, i++) {
        const GuideLine *ln = &v->l.lines[i];
        TermColor c = ln->kind == GL_HEAD ? CLR_TITLE : ln->kind == GL_VERB ? CLR_DIM : CLR_NORMAL;
        wattrset(w, i == v->mark ? term_attr(CLR_SELECTION) : term_attr(c));
        draw_text(w, y, 1, ln->text, cols - 2, 0);
    }
    wattrset(w, A_NORMAL);
    char foot[256];
    if (v->typing) {
        snprintf(foot, sizeof foot, _("Search: %s"), v->query);
        wattrset(w, term_attr(CLR_FIELD));
        draw_text(w, rows - 1, 1, foot, cols - 2, 1);
        screen_cursor(w, rows - 1, 1 + (utf8_width(foot) < cols - 2 ? utf8_width(foot) : cols - 3));
    } else if (v->note[0]) {
        wattrset(w, term_attr(CLR_WARN));
        draw_text(w, rows - 1, 1, v->note, cols - 2, 0);
    } else {
        int last = v->top + body - 1;
        if (last > v->l.n) last = v->l.n;
        int pct = v->l.n ? (int)(100L * last / v->l.n) : 100;
        snprintf(foot, sizeof foot, _("Lines %d–%d of %d (%d %%)"), v->l.n ? v->top + 1 : 0, last, v->l.n, pct);
        wattrset(w, term_attr(CLR_DIM));
        draw_text(w, rows - 1, 1, foot, cols - 2, 0);
    }
    wattrset(w, A_NORMAL);
}

/* Runs the search from line `from`. */
static void find(GuideScr *v, int from)
{
    v->note[0] = '\0';
    int i = guide_search(&v->l, v->query, from);
    if (i < 0) {
        snprintf(v->note, sizeof v->note, _("\"%s\" is not in this guide."), v->query);
        v->mark = -1;
        return;
    }
    v->mark = i;
    v->top = i > 2 ? i - 2 : 0;
}

static int guide_run(Screen *s, int req)
{
    GuideScr *v = s->state;
    v->note[0] = '\0';
    if (req == REQ_G_BACK) {
        if (v->typing) { v->typing = 0; return TUI_REDRAW; }
        screen_pop();
        return TUI_REDRAW;
    }
    if (req == REQ_G_SEARCH) { v->typing = 1; v->query[0] = '\0'; return TUI_REDRAW; }
    if (req == REQ_G_NEXT) {
        if (!v->query[0]) { v->typing = 1; return TUI_REDRAW; }
        find(v, v->mark >= 0 ? v->mark + 1 : v->top);
        return TUI_REDRAW;
    }
    return TUI_UNHANDLED;
}

/* A key while the search is typed: characters, Backspace, Enter. */
static int type_key(GuideScr *v, Key k)
{
    size_t n = strlen(v->query);
    if (k == K_ENTER) {
        v->typing = 0;
        if (v->query[0]) find(v, v->top);
    } else if (k == K_BACKSPACE) {
        while (n > 0 && ((unsigned char)v->query[n - 1] & 0xc0) == 0x80) n--;
        if (n > 0) n--;
        v->query[n] = '\0';
    } else if (k >= 0x20 && k < 0x110000 && !(k & K_FN) && k != 0x7f) {
        char u[5];
        int len = k < 0x80 ? 1 : k < 0x800 ? 2 : k < 0x10000 ? 3 : 4;
        if (len == 1) u[0] = (char)k;
        else if (len == 2) { u[0] = (char)(0xc0 | (k >> 6)); u[1] = (char)(0x80 | (k & 0x3f)); }
        else if (len == 3) { u[0] = (char)(0xe0 | (k >> 12)); u[1] = (char)(0x80 | ((k >> 6) & 0x3f)); u[2] = (char)(0x80 | (k & 0x3f)); }
        else { u[0] = (char)(0xf0 | (k >> 18)); u[1] = (char)(0x80 | ((k >> 12) & 0x3f)); u[2] = (char)(0x80 | ((k >> 6) & 0x3f)); u[3] = (char)(0x80 | (k & 0x3f)); }
        if (n + (size_t)len < sizeof v->query) { memcpy(v->query + n, u, (size_t)len); v->query[n + (size_t)len] = '\0'; }
    }
    return TUI_REDRAW;   /* every other key is swallowed while typing */
}

static int guide_handle(Screen *s, Key k)
{
    GuideScr *v = s->state;
    if (v->typing) return type_key(v, k);
    int page = text_rows() - 1;
    if (page < 1) page = 1;
    int old = v->top;
    if (k == K_DOWN || k == 'j' || k == K_ENTER) v->top++;
    else if (k == K_UP || k == 'k') v->top--;
    else if (k == K_PGDN || k == ' ') v->top += page;
    else if (k == K_PGUP || k == 'b') v->top -= page;
    else if (k == K_HOME || k == 'g') v->top = 0;
    else if (k == K_END || k == 'G') v->top = v->l.n;
    else return TUI_UNHANDLED;
    v->note[0] = '\0';
    clamp(v);
    return v->top != old ? TUI_REDRAW : TUI_HANDLED;
}

/* While the search is typed, '/' and 'n' are letters of it. */
static int guide_key_run(Screen *s, int req)
{
    GuideScr *v = s->state;
    if (v->typing && req == REQ_G_SEARCH) return type_key(v, '/');
    if (v->typing && req == REQ_G_NEXT) return type_key(v, 'n');
    return guide_run(s, req);
}

static void guide_leave(Screen *s)
{
    GuideScr *v = s->state;
    guide_layout_free(&v->l);
    guide_free(&v->g);
    free(v);
}

static const Action guide_actions[] = {
    { REQ_G_SEARCH, { '/' }, N_("Search"), N_("Search the guide (Enter runs it)"), guide_key_run },
    { REQ_G_NEXT, { 'n' }, N_("Next"), N_("The next place the search is found"), guide_key_run },
    { REQ_G_BACK, { K_ESC }, N_("Back"), N_("Back (while searching: stop the search)"), guide_key_run },
    { 0 }
};

int guide_screen_open(const char *name, const char *anchor)
{
    GuideScr *v = calloc(1, sizeof *v);
    Err e = { 0 };
    if (!v) return -1;
    if (guide_load(name, lang_current(), &v->g, &e) < 0) {
        free(v);
        screen_flash(CLR_ERROR, "%s", e.msg);
        return -1;
    }
    v->mark = -1;
    if (anchor) snprintf(v->anchor, sizeof v->anchor, "%s", anchor);
    Screen tmpl = {
        .name = "guide", .title = N_("Guide"), .actions = guide_actions,
        .draw = guide_draw, .handle = guide_handle, .leave = guide_leave,
    };
    if (screen_push(&tmpl, v) < 0) {
        guide_free(&v->g);
        free(v);
        return -1;
    }
    return 0;
}

/* ---- the list ---- */

typedef struct GuideListScr {
    GuideEntry *list;
    int n, cur;
    char err[1024];
} GuideListScr;

static void list_enter(Screen *s)
{
    GuideListScr *t = s->state;
    Err e = { 0 };
    free(t->list);
    t->list = NULL;
    t->err[0] = '\0';
    t->n = guide_list(lang_current(), &t->list, &e);
    if (t->n < 0) { t->n = 0; snprintf(t->err, sizeof t->err, "%s", e.msg); }
    if (t->cur >= t->n) t->cur = t->n ? t->n - 1 : 0;
}

static void list_draw(Screen *s, WINDOW *w, int full)
{
    GuideListScr *t = s->state;
    int rows = getmaxy(w), cols = getmaxx(w);
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    draw_text(w, 0, 1, _("Guides"), cols - 2, 0);
    wattrset(w, A_NORMAL);
    if (t->err[0]) {
        wattrset(w, term_attr(CLR_ERROR));
        draw_wrap(w, 2, 1, cols - 2, rows - 3, t->err);
        wattrset(w, A_NORMAL);
        return;
    }
    int top = t->cur >= rows - 4 ? t->cur - (rows - 5) : 0;
    for (int y = 2, i = top; y < rows - 1 && i < t->n; y++, i++) {
        char row[GUIDE_TITLE_MAX + 8];
        if (i < 9) snprintf(row, sizeof row, "%d  %s", i + 1, t->list[i].title);
        else snprintf(row, sizeof row, "   %s", t->list[i].title);
        wattrset(w, i == t->cur ? term_attr(CLR_SELECTION) : A_NORMAL);
        draw_text(w, y, 1, row, cols - 2, 1);
    }
    wattrset(w, term_attr(CLR_DIM));
    draw_text(w, rows - 1, 1, _("Enter opens the guide. A region can replace these files: see man boucle."), cols - 2, 0);
    wattrset(w, A_NORMAL);
}

static int list_run(Screen *s, int req)
{
    GuideListScr *t = s->state;
    if (req == REQ_G_OPEN && t->n > 0) {
        guide_screen_open(t->list[t->cur].name, NULL);
        return TUI_REDRAW;
    }
    return TUI_HANDLED;
}

static int list_handle(Screen *s, Key k)
{
    GuideListScr *t = s->state;
    int old = t->cur;
    if (k == K_DOWN || k == 'j') t->cur++;
    else if (k == K_UP || k == 'k') t->cur--;
    else if (k == K_HOME) t->cur = 0;
    else if (k == K_END) t->cur = t->n - 1;
    else if (k >= '1' && k <= '9' && k - '1' < t->n) { t->cur = k - '1'; return list_run(s, REQ_G_OPEN); }
    else return TUI_UNHANDLED;
    if (t->cur >= t->n) t->cur = t->n - 1;
    if (t->cur < 0) t->cur = 0;
    return t->cur != old ? TUI_REDRAW : TUI_HANDLED;
}

static void list_leave(Screen *s)
{
    GuideListScr *t = s->state;
    free(t->list);
    free(t);
}

static const Action list_actions[] = {
    { REQ_G_OPEN, { K_ENTER }, N_("Open"), N_("Open the chosen guide (or its number, 1 to 9)"), list_run },
    { 0 }
};

int guide_screen_list(void)
{
    GuideListScr *t = calloc(1, sizeof *t);
    if (!t) return -1;
    Screen tmpl = {
        .name = "guides", .title = N_("Guides"), .actions = list_actions,
        .enter = list_enter, .draw = list_draw, .handle = list_handle, .leave = list_leave,
    };
    if (screen_push(&tmpl, t) < 0) { free(t); return -1; }
    return 0;
}
