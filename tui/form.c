/*
 * form.c — see form.h. Invariants per field: 0 <= cur <= len <=
 * FORM_TEXT_MAX, text[len] == 0, scroll <= cur; for a choice field text is
 * unused and 0 <= choice < number of choices.
 */
#include "tui/form.h"
#include "tui/action.h"
#include "tui/draw.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

static int nchoices(const FormField *fd)
{
    int n = 0;
    while (fd->choices && fd->choices[n]) n++;
    return n;
}

void form_init(Form *f, FormField *fields, int n, void *ctx)
{
    f->fields = fields;
    f->n = n;
    f->focus = 0;
    f->ctx = ctx;
    f->label_width = 0;
    for (int i = 0; i < n; i++) {
        int w = utf8_width(_(fields[i].label));
        if (w > f->label_width) f->label_width = w;
        if (fields[i].width <= 0) fields[i].width = 20;
    }
}

const char *form_text(const Form *f, int i, char *buf, size_t n)
{
    const FormField *fd = &f->fields[i];
    if (fd->kind == FIELD_CHOICE) {
        snprintf(buf, n, "%s", nchoices(fd) ? fd->choices[fd->choice] : "");
        return buf;
    }
    size_t m = wcstombs(buf, fd->text, n);
    if (m == (size_t)-1) buf[0] = '\0';
    else if (m == n) buf[n - 1] = '\0';
    return buf;
}

void form_set_text(Form *f, int i, const char *utf8)
{
    FormField *fd = &f->fields[i];
    if (fd->kind == FIELD_CHOICE) {
        for (int c = 0; c < nchoices(fd); c++)
            if (strcmp(fd->choices[c], utf8) == 0) fd->choice = c;
        return;
    }
    size_t m = mbstowcs(fd->text, utf8 ? utf8 : "", FORM_TEXT_MAX);
    if (m == (size_t)-1) m = 0;
    fd->text[m] = 0;
    fd->len = fd->cur = (int)m;
    fd->scroll = 0;
    fd->msg[0] = '\0';
}

long form_number(const Form *f, int i)
{
    char buf[64];
    return strtol(form_text(f, i, buf, sizeof buf), NULL, 10);
}

/* Sets fd->msg; returns 1 when the field is valid. */
static int check(Form *f, FormField *fd)
{
    char val[FORM_TEXT_MAX * 4 + 1];
    const char *m = NULL;
    char tmp[160];
    form_text(f, (int)(fd - f->fields), val, sizeof val);
    if (fd->kind != FIELD_CHOICE && fd->required && val[0] == '\0') {
        m = _("This field is required.");
    } else if (fd->kind == FIELD_NUMBER && val[0]) {
        char *end;
        long v = strtol(val, &end, 10);
        if (*end) m = _("Enter a whole number.");
        else if (fd->min < fd->max && (v < fd->min || v > fd->max)) {
            snprintf(tmp, sizeof tmp, _("Enter a number from %ld to %ld."), fd->min, fd->max);
            m = tmp;
        }
    }
    if (!m && fd->validate) m = fd->validate(val, f->ctx);
    snprintf(fd->msg, sizeof fd->msg, "%s", m ? m : "");
    return m == NULL;
}

int form_validate(Form *f)
{
    int first = -1;
    for (int i = 0; i < f->n; i++)
        if (!check(f, &f->fields[i]) && first < 0) first = i;
    return first;
}

void form_focus(Form *f, int i)
{
    if (i < 0 || i >= f->n || i == f->focus) return;
    check(f, &f->fields[f->focus]);
    f->focus = i;
}

static int edit_choice(FormField *fd, Key k)
{
    int n = nchoices(fd);
    if (n == 0) return TUI_HANDLED;
    if (k == K_RIGHT || k == ' ') fd->choice = (fd->choice + 1) % n;
    else if (k == K_LEFT) fd->choice = (fd->choice + n - 1) % n;
    else if (keys_printable(k)) { /* jump to the next choice starting with k */
        for (int d = 1; d <= n; d++) {
            int c = (fd->choice + d) % n;
            wchar_t first;
            if (mbtowc(&first, i18n_any(fd->choices[c]), MB_CUR_MAX) > 0 &&
                towlower((wint_t)first) == towlower((wint_t)k)) { fd->choice = c; break; }
        }
    } else return TUI_UNHANDLED;
    return TUI_HANDLED;
}

static int edit_text(FormField *fd, Key k)
{
    if (keys_printable(k)) {
        if (fd->kind == FIELD_NUMBER && !(k >= '0' && k <= '9') && !(k == '-' && fd->cur == 0)) {
            snprintf(fd->msg, sizeof fd->msg, "%s", _("Enter a whole number."));
            return TUI_HANDLED;
        }
        if (fd->len >= FORM_TEXT_MAX) return TUI_HANDLED;
        wmemmove(fd->text + fd->cur + 1, fd->text + fd->cur, (size_t)(fd->len - fd->cur + 1));
        fd->text[fd->cur++] = (wchar_t)k;
        fd->len++;
    } else if (k == K_BACKSPACE) {
        if (fd->cur == 0) return TUI_HANDLED;
        wmemmove(fd->text + fd->cur - 1, fd->text + fd->cur, (size_t)(fd->len - fd->cur + 1));
        fd->cur--;
        fd->len--;
    } else if (k == K_DEL || k == K_CTRL('d')) {
        if (fd->cur == fd->len) return TUI_HANDLED;
        wmemmove(fd->text + fd->cur, fd->text + fd->cur + 1, (size_t)(fd->len - fd->cur));
        fd->len--;
    } else if (k == K_LEFT) { if (fd->cur > 0) fd->cur--; }
    else if (k == K_RIGHT) { if (fd->cur < fd->len) fd->cur++; }
    else if (k == K_HOME || k == K_CTRL('a')) fd->cur = 0;
    else if (k == K_END || k == K_CTRL('e')) fd->cur = fd->len;
    else if (k == K_CTRL('u')) { fd->len = fd->cur = 0; fd->text[0] = 0; }
    else return TUI_UNHANDLED;
    fd->msg[0] = '\0';
    return TUI_HANDLED;
}

int form_submit(Form *f)
{
    int bad = form_validate(f);
    if (bad >= 0) { f->focus = bad; return TUI_HANDLED; }
    return TUI_HANDLED | FORM_SUBMIT;
}

int form_handle(Form *f, Key k)
{
    if (f->n == 0) return TUI_UNHANDLED;
    FormField *fd = &f->fields[f->focus];
    if (k == K_TAB || k == K_DOWN) { form_focus(f, (f->focus + 1) % f->n); return TUI_HANDLED; }
    if (k == K_BTAB || k == K_UP) { form_focus(f, (f->focus + f->n - 1) % f->n); return TUI_HANDLED; }
    if (k == K_ENTER) return form_submit(f);
    return fd->kind == FIELD_CHOICE ? edit_choice(fd, k) : edit_text(fd, k);
}

/* Columns of text[a .. b). */
static int span_width(const wchar_t *t, int a, int b)
{
    int w = 0;
    for (int i = a; i < b; i++) { int c = wcwidth(t[i]); w += c < 0 ? 1 : c; }
    return w;
}

static void draw_field(Form *f, int i, WINDOW *w, int y, int x)
{
    FormField *fd = &f->fields[i];
    int focused = i == f->focus;
    int cols = getmaxx(w);
    int bw = fd->width;
    int bx = x + f->label_width + 2;
    if (bx + bw + 2 > cols) bw = cols - bx - 2;
    if (bw < 4) bw = 4;
    wattrset(w, term_attr(focused ? CLR_TITLE : CLR_NORMAL));
    const char *label = _(fd->label);
    draw_text(w, y, x + f->label_width - utf8_width(label), label, f->label_width, 0);
    wattrset(w, A_NORMAL);
    draw_text(w, y, x + f->label_width, fd->required ? "*" : " ", 1, 0);
    wattrset(w, term_attr(focused ? CLR_SELECTION : CLR_FIELD));
    if (fd->kind == FIELD_CHOICE) {
        char buf[128];
        snprintf(buf, sizeof buf, "< %s >", nchoices(fd) ? i18n_any(fd->choices[fd->choice]) : "");
        draw_text(w, y, bx, buf, bw, 1);
    } else if (fd->secret) {
        char buf[FORM_TEXT_MAX + 1];
        if (fd->cur < fd->scroll) fd->scroll = fd->cur;
        if (fd->cur - fd->scroll > bw - 1) fd->scroll = fd->cur - (bw - 1);
        int n = fd->len - fd->scroll;
        memset(buf, '*', (size_t)n);
        buf[n] = '\0';
        draw_text(w, y, bx, buf, bw, 1);
        if (focused) screen_cursor(w, y, bx + fd->cur - fd->scroll);
    } else {
        if (fd->cur < fd->scroll) fd->scroll = fd->cur;
        while (span_width(fd->text, fd->scroll, fd->cur) > bw - 1) fd->scroll++;
        char buf[FORM_TEXT_MAX * 4 + 1];
        size_t m = wcstombs(buf, fd->text + fd->scroll, sizeof buf);
        if (m == (size_t)-1) buf[0] = '\0';
        else if (m == sizeof buf) buf[sizeof buf - 1] = '\0';
        draw_text(w, y, bx, buf, bw, 1);
        if (focused) screen_cursor(w, y, bx + span_width(fd->text, fd->scroll, fd->cur));
    }
    wattrset(w, A_NORMAL);
    draw_clear_to_eol(w, y + 1, 0);
    if (fd->msg[0]) {
        wattrset(w, term_attr(CLR_ERROR));
        draw_text(w, y + 1, bx, fd->msg, cols - bx - 1, 0);
        wattrset(w, A_NORMAL);
    }
}

void form_draw(Form *f, WINDOW *w, int y, int x)
{
    for (int i = 0; i < f->n; i++) draw_field(f, i, w, y + 2 * i, x);
}
