/*
 * action.c — see action.h. Pure: tables in, lookups and generated bar/help
 * out; no terminal.
 */
#include "tui/action.h"
#include "util/utf8.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

const Action *action_find(const Action *t, Key k)
{
    if (!t || k == K_NONE) return NULL;
    for (; t->req; t++)
        for (int i = 0; i < ACTION_KEYS; i++)
            if (t->keys[i] == k) return t;
    return NULL;
}

const Action *action_by_req(const Action *t, int req)
{
    if (!t) return NULL;
    for (; t->req; t++)
        if (t->req == req) return t;
    return NULL;
}

/* Whether global action g is hidden under screen table s. */
static int overridden(const Action *s, const Action *g, unsigned skip_req)
{
    if (g->req < 32 && (skip_req & (1u << g->req))) return 1;
    if (action_by_req(s, g->req)) return 1;
    for (int i = 0; i < ACTION_KEYS; i++) {
        const Action *a = action_find(s, g->keys[i]);
        if (a && a->req != g->req) {
            /* the screen took this key; hidden only if it took the first */
            if (i == 0) return 1;
        }
    }
    return 0;
}

/* A key that every console sends: a letter or a Ctrl key (not Tab, Enter
 * or Esc, which are keys of their own). */
static int letter_key(Key k)
{
    return (k > 0x20 && k < 0x7f) || (k > 0 && k < 0x20 && k != K_TAB && k != K_ENTER && k != K_ESC);
}

int action_letter(const Action *a, char *buf, size_t n)
{
    if (n) buf[0] = '\0';
    if (!a || !(a->keys[0] & K_FN)) return 0;
    int c = a->keys[0] & ~K_FN;
    if (c < KEY_F(1) || c > KEY_F(12)) return 0;
    for (int i = 1; i < ACTION_KEYS; i++)
        if (letter_key(a->keys[i])) {
            keys_label(a->keys[i], buf, n);
            return 1;
        }
    return 0;
}

const char *action_key_name(const Action *t, int req, char *buf, size_t n)
{
    const Action *a = action_by_req(t, req);
    char key[16], letter[8];
    if (!a) { snprintf(buf, n, "?"); return buf; }
    keys_label(a->keys[0], key, sizeof key);
    if (action_letter(a, letter, sizeof letter)) snprintf(buf, n, "%s/%s", key, letter);
    else snprintf(buf, n, "%s", key);
    return buf;
}

static int add_bar(const Action *a, FuncbarItem *out, int n, int max, int keep)
{
    if (n >= max || !a->label) return n;
    keys_label(a->keys[0], out[n].key, sizeof out[n].key);
    action_letter(a, out[n].letter, sizeof out[n].letter);
    out[n].shown[0] = '\0';
    out[n].label = _(a->label);
    out[n].keep = keep;
    return n + 1;
}

int funcbar_layout(FuncbarItem *items, int n, int cols)
{
    int widths[64], total = 0;
    if (n > 64) n = 64;
    for (int pass = 0; pass < 2; pass++) {
        total = 0;
        for (int i = 0; i < n; i++) {
            FuncbarItem *it = &items[i];
            if (!it->letter[0]) snprintf(it->shown, sizeof it->shown, "%s", it->key);
            else if (pass == 0) snprintf(it->shown, sizeof it->shown, "%s/%s", it->key, it->letter);
            else snprintf(it->shown, sizeof it->shown, "%s", it->letter);
            widths[i] = utf8_width(it->shown) + utf8_width(it->label) + 1;
            total += widths[i];
        }
        if (total <= cols + 1) return n;   /* the last item needs no space after it */
    }
    return funcbar_fit(items, widths, n, cols + 1);
}

int funcbar_fit(FuncbarItem *items, int *widths, int n, int cols)
{
    int total = 0;
    for (int i = 0; i < n; i++) total += widths[i];
    for (int level = 0; level < 2 && total > cols; level++) {
        for (int i = n - 1; i >= 0 && total > cols; i--) {
            if (items[i].keep != level) continue;
            total -= widths[i];
            memmove(items + i, items + i + 1, (size_t)(n - i - 1) * sizeof *items);
            memmove(widths + i, widths + i + 1, (size_t)(n - i - 1) * sizeof *widths);
            n--;
        }
    }
    return n;
}

int funcbar_build(const Action *screen, const Action *global, unsigned skip_req,
                  FuncbarItem *out, int max)
{
    int n = 0;
    for (const Action *a = screen; a && a->req; a++) n = add_bar(a, out, n, max, 1);
    for (const Action *g = global; g && g->req; g++)
        if (!overridden(screen, g, skip_req)) n = add_bar(g, out, n, max, g->req == REQ_SEARCH ? 0 : 2);
    return n;
}

static int add_help(const Action *a, const Action *screen, HelpLine *out, int n, int max)
{
    if (n >= max || !a->help) return n;
    char *p = out[n].keys;
    size_t left = sizeof out[n].keys;
    p[0] = '\0';
    for (int i = 0; i < ACTION_KEYS; i++) {
        if (a->keys[i] == K_NONE) continue;
        /* a global key taken by the screen no longer sends this request */
        if (screen && a->req < REQ_SCREEN) {
            const Action *s = action_find(screen, a->keys[i]);
            if (s && s->req != a->req) continue;
        }
        char name[16];
        keys_label(a->keys[i], name, sizeof name);
        int w = snprintf(p, left, "%s%s", p == out[n].keys ? "" : ", ", name);
        if (w < 0 || (size_t)w >= left) break;
        p += w;
        left -= (size_t)w;
    }
    if (out[n].keys[0] == '\0') return n;
    out[n].text = _(a->help);
    return n + 1;
}

int help_build(const Action *screen, const Action *global, unsigned skip_req,
               HelpLine *out, int max)
{
    int n = 0;
    for (const Action *a = screen; a && a->req; a++) n = add_help(a, NULL, out, n, max);
    for (const Action *g = global; g && g->req; g++) {
        if (g->req < 32 && (skip_req & (1u << g->req))) continue;
        if (action_by_req(screen, g->req)) continue;
        n = add_help(g, screen, out, n, max);
    }
    return n;
}
