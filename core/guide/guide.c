/*
 * guide.c — see guide.h. The parser reads line by line, cleaning each line
 * first (so that everything after it only sees well-formed UTF-8 without
 * control characters), and keeps one open block (a paragraph or an item)
 * that blank lines, headings, items and verbatim lines close. No recursion:
 * nesting is a number, capped.
 */
#include "core/guide/guide.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/utf8.h"
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef DATADIR
#define DATADIR "/usr/local/share/boucle"
#endif
#define GUIDE_REGION_DIR "/etc/boucle/guides"

static const char REPL[] = "\xEF\xBF\xBD";   /* U+FFFD REPLACEMENT CHARACTER */

/* ---- a growable string ---- */

typedef struct Buf { char *s; size_t n, cap; } Buf;

static int buf_add(Buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 128;
        while (cap < b->n + n + 1) cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) return -1;
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
    return 0;
}

/* ---- parsing ---- */

/* Cleans raw[0..n) into b: U+FFFD for bytes that are not UTF-8 and for
 * control characters, a space for a tab; no trailing blanks or CR. */
static int clean_line(const char *raw, size_t n, Buf *b)
{
    b->n = 0;
    if (buf_add(b, "", 0) < 0) return -1;
    const unsigned char *p = (const unsigned char *)raw;
    size_t i = 0;
    while (i < n) {
        unsigned cp;
        size_t k = utf8_seq(p + i, n - i, &cp);
        int r;
        if (!k) { r = buf_add(b, REPL, 3); i++; }
        else if (cp == '\t') { r = buf_add(b, " ", 1); i += k; }
        else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) { r = buf_add(b, REPL, 3); i += k; }
        else { r = buf_add(b, raw + i, k); i += k; }
        if (r < 0) return -1;
    }
    while (b->n && b->s[b->n - 1] == ' ') b->s[--b->n] = '\0';
    return 0;
}

typedef struct Parser {
    Guide *g;
    int cap;
    Buf open;            /* text of the open block */
    GuideBlockKind kind; /* its kind (GB_PARA or GB_ITEM) */
    int level;
    int is_open;
    const char *source;
    Err *e;
} Parser;

static int add_block(Parser *ps, GuideBlockKind kind, int level, const char *text, const char *anchor)
{
    Guide *g = ps->g;
    if (g->n >= GUIDE_BLOCKS_MAX)
        return err_set(ps->e, ERR_INPUT, _("The guide %s has more than %d paragraphs, headings and items."),
                       ps->source, GUIDE_BLOCKS_MAX);
    if (g->n == ps->cap) {
        int cap = ps->cap ? ps->cap * 2 : 32;
        GuideBlock *nb = realloc(g->blocks, (size_t)cap * sizeof *nb);
        if (!nb) return err_set(ps->e, ERR_INTERNAL, _("Out of memory."));
        g->blocks = nb;
        ps->cap = cap;
    }
    GuideBlock *b = &g->blocks[g->n];
    memset(b, 0, sizeof *b);
    b->text = strdup(text);
    if (!b->text) return err_set(ps->e, ERR_INTERNAL, _("Out of memory."));
    b->kind = kind;
    b->level = level;
    if (anchor) snprintf(b->anchor, sizeof b->anchor, "%s", anchor);
    g->n++;
    return 0;
}

/* Closes the open paragraph or item, if any. */
static int flush(Parser *ps)
{
    if (!ps->is_open) return 0;
    ps->is_open = 0;
    if (ps->open.n == 0) return 0;   /* "- " alone: nothing to show */
    int rc = add_block(ps, ps->kind, ps->level, ps->open.s, NULL);
    ps->open.n = 0;
    if (ps->open.s) ps->open.s[0] = '\0';
    return rc;
}

/* Appends words to the open block, one space between pieces. */
static int append(Parser *ps, const char *s)
{
    while (*s == ' ') s++;
    if (!*s) return 0;
    if (ps->open.n && buf_add(&ps->open, " ", 1) < 0) return err_set(ps->e, ERR_INTERNAL, _("Out of memory."));
    if (buf_add(&ps->open, s, strlen(s)) < 0) return err_set(ps->e, ERR_INTERNAL, _("Out of memory."));
    return 0;
}

/* "Laptop {laptop}": cuts the anchor off s into anchor (letters, digits,
 * '-' and '_', shorter than GUIDE_ANCHOR_MAX), else leaves s. */
static void take_anchor(char *s, char *anchor)
{
    anchor[0] = '\0';
    size_t n = strlen(s);
    if (n < 3 || s[n - 1] != '}') return;
    char *open = strrchr(s, '{');
    if (!open) return;
    size_t len = (size_t)(s + n - 1 - open - 1);
    if (len == 0 || len >= GUIDE_ANCHOR_MAX) return;
    for (const char *c = open + 1; c < s + n - 1; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
            return;
    memcpy(anchor, open + 1, len);
    anchor[len] = '\0';
    *open = '\0';
    while (open > s && open[-1] == ' ') *--open = '\0';
}

/* Copies s into the title, cut on a character boundary. */
static void set_title(Guide *g, const char *s)
{
    size_t n = strlen(s);
    if (n >= sizeof g->title) {
        n = sizeof g->title - 1;
        while (n && ((unsigned char)s[n] & 0xc0) == 0x80) n--;
    }
    memcpy(g->title, s, n);
    g->title[n] = '\0';
}

static int parse_line(Parser *ps, char *s)
{
    Guide *g = ps->g;
    if (s[0] == '#') return 0;
    size_t ind = strspn(s, " ");
    if (!g->title[0]) {
        char *t = s + ind;
        while (*t == '=') t++;
        while (*t == ' ') t++;
        if (*t) set_title(g, t);
        return 0;
    }
    if (!s[ind]) return flush(ps);
    if (s[0] == '=' && s[1] == '=') {
        int eq = 0;
        while (s[eq] == '=') eq++;
        char *t = s + eq;
        while (*t == ' ') t++;
        char anchor[GUIDE_ANCHOR_MAX];
        take_anchor(t, anchor);
        if (flush(ps) < 0) return -1;
        if (!*t) return 0;
        return add_block(ps, GB_HEAD, eq >= 3 ? 2 : 1, t, anchor);
    }
    if (s[0] == '|') {
        if (flush(ps) < 0) return -1;
        return add_block(ps, GB_VERB, 0, s[1] == ' ' ? s + 2 : s + 1, NULL);
    }
    if (s[ind] == '-' && (s[ind + 1] == ' ' || s[ind + 1] == '\0')) {
        if (flush(ps) < 0) return -1;
        int level = (int)(ind / 2) + 1;
        if (level > GUIDE_NEST_MAX) level = GUIDE_NEST_MAX;
        ps->is_open = 1;
        ps->kind = GB_ITEM;
        ps->level = level;
        return append(ps, s + ind + 1);
    }
    if (ps->is_open && ps->kind == GB_ITEM && ind == 0 && flush(ps) < 0) return -1;
    if (!ps->is_open) {
        ps->is_open = 1;
        ps->kind = GB_PARA;
        ps->level = 0;
    }
    return append(ps, s + ind);
}

int guide_parse(const char *text, size_t len, const char *source, Guide *out, Err *e)
{
    memset(out, 0, sizeof *out);
    if (len > GUIDE_FILE_MAX)
        return err_set(e, ERR_INPUT, _("The guide %s is too large (more than 1 MB)."), source);
    Parser ps = { .g = out, .source = source, .e = e };
    Buf line = { 0 };
    size_t i = 0;
    int rc = 0;
    while (i < len && rc == 0) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t n = end - i;
        if (n && text[i + n - 1] == '\r') n--;
        if (clean_line(text + i, n, &line) < 0) rc = err_set(e, ERR_INTERNAL, _("Out of memory."));
        else rc = parse_line(&ps, line.s);
        i = end + 1;
    }
    if (rc == 0) rc = flush(&ps);
    free(line.s);
    free(ps.open.s);
    if (rc == 0 && !out->title[0])
        rc = err_set(e, ERR_INPUT, _("The guide %s is empty: its first line should be its title."), source);
    if (rc < 0) {
        guide_free(out);
        return -1;
    }
    return 0;
}

void guide_free(Guide *g)
{
    if (!g) return;
    for (int i = 0; i < g->n; i++) free(g->blocks[i].text);
    free(g->blocks);
    memset(g, 0, sizeof *g);
}

/* ---- layout ---- */

typedef struct Layouter {
    GuideLayout *l;
    int cap;
    int full;            /* GUIDE_LINES_MAX reached: the rest is dropped */
} Layouter;

static int emit(Layouter *ly, GuideLineKind kind, int block, const char *s, size_t n)
{
    GuideLayout *l = ly->l;
    if (ly->full || l->n >= GUIDE_LINES_MAX) { ly->full = 1; return 0; }
    if (l->n == ly->cap) {
        int cap = ly->cap ? ly->cap * 2 : 64;
        GuideLine *nl = realloc(l->lines, (size_t)cap * sizeof *nl);
        if (!nl) return -1;
        l->lines = nl;
        ly->cap = cap;
    }
    char *t = malloc(n + 1);
    if (!t) return -1;
    memcpy(t, s, n);
    t[n] = '\0';
    l->lines[l->n++] = (GuideLine){ kind, block, t };
    return 0;
}

/* Bytes of text worth measuring for `cols` cells: utf8_width() and
 * utf8_fit() walk a NUL-terminated copy, so a 1 MB word must never be
 * copied whole at every cut (it would be quadratic). A character is at most
 * 4 bytes; the slack keeps some combining marks. */
static size_t span_for(int cols) { return (size_t)cols * 4 + 16; }

/* Bytes of s[0..n) that fit in cols cells, at least one character. */
static size_t fit_n(const char *s, size_t n, int cols, Buf *tmp)
{
    if (n > span_for(cols)) n = span_for(cols);
    tmp->n = 0;
    if (buf_add(tmp, s, n) < 0) return 0;
    size_t k = utf8_fit(tmp->s, cols);
    if (k == 0) {
        k = utf8_seq((const unsigned char *)s, n, NULL);
        if (k == 0) k = 1;
    }
    return k;
}

/* 1 when the word at p (up to a space or the end) starts with French
 * punctuation that a space separates from the word before it: » : ; ! ? */
static int is_glued_punct(const char *p)
{
    /* "»", "»." and "»," too; ":", ";", "!", "?" and what follows them */
    return memcmp(p, "\xC2\xBB", 2) == 0 || *p == ':' || *p == ';' || *p == '!' || *p == '?';
}

/* Bytes of the unit that wraps as one word from p: a word, with the
 * French punctuation that follows it after a space (« mot » ; mot :), and
 * an opening « with the word after it, so that no line starts with » or :
 * nor ends with «. */
static size_t word_len(const char *p)
{
    size_t n = strcspn(p, " ");
    for (;;) {
        int open = n >= 2 && memcmp(p + n - 2, "\xC2\xAB", 2) == 0;   /* ends with « */
        if (p[n] == ' ' && p[n + 1] && p[n + 1] != ' ' && (open || is_glued_punct(p + n + 1)))
            n += 1 + strcspn(p + n + 1, " ");
        else return n;
    }
}

/* Word-wraps s: the first line starts with `first` (its width in cells is
 * the indent of the following lines). */
static int wrap(Layouter *ly, GuideLineKind kind, int block, const char *s, int width, const char *first)
{
    Buf line = { 0 }, tmp = { 0 };
    int indent = utf8_width(first);
    if (width - indent < 4) indent = 0;      /* deep nesting in a narrow window */
    int avail = width - indent;
    int rc = 0, w = 0, has = 0;
    if (buf_add(&line, first, indent ? strlen(first) : 0) < 0) rc = -1;
    const char *p = s;
    while (rc == 0) {
        while (*p == ' ') p++;
        if (!*p) break;
        size_t wl = word_len(p);
        tmp.n = 0;
        if (buf_add(&tmp, p, wl < span_for(avail) ? wl : span_for(avail)) < 0) { rc = -1; break; }
        int ww = wl < span_for(avail) ? utf8_width(tmp.s) : avail + 1;   /* longer: cut below */
        if (has && w + 1 + ww <= avail) {
            if (buf_add(&line, " ", 1) < 0 || buf_add(&line, p, wl) < 0) { rc = -1; break; }
            w += 1 + ww;
            p += wl;
        } else if (has) {
            if (emit(ly, kind, block, line.s, line.n) < 0) { rc = -1; break; }
            line.n = 0;
            if (buf_add(&line, "", 0) < 0) { rc = -1; break; }
            for (int i = 0; i < indent && rc == 0; i++) rc = buf_add(&line, " ", 1);
            w = 0;
            has = 0;
        } else if (ww <= avail) {
            if (buf_add(&line, p, wl) < 0) { rc = -1; break; }
            w = ww;
            has = 1;
            p += wl;
        } else {                             /* longer than a line: cut it */
            size_t k = fit_n(p, wl, avail, &tmp);
            if (k == 0 || buf_add(&line, p, k) < 0) { rc = -1; break; }
            tmp.n = 0;
            buf_add(&tmp, p, k);
            w = utf8_width(tmp.s);
            has = 1;
            p += k;
            if (*p && *p != ' ') w = avail;  /* the rest goes on the next line */
        }
    }
    if (rc == 0 && has) rc = emit(ly, kind, block, line.s, line.n);
    free(line.s);
    free(tmp.s);
    return rc;
}

/* A verbatim line: as written, in pieces of width cells. */
static int verbatim(Layouter *ly, int block, const char *s, int width)
{
    Buf tmp = { 0 };
    size_t n = strlen(s);
    int rc = 0;
    if (n == 0) rc = emit(ly, GL_VERB, block, "", 0);
    while (n && rc == 0 && !ly->full) {
        size_t k = fit_n(s, n, width, &tmp);
        if (k == 0) { rc = -1; break; }
        rc = emit(ly, GL_VERB, block, s, k);
        s += k;
        n -= k;
    }
    free(tmp.s);
    return rc;
}

int guide_layout(const Guide *g, int width, GuideLayout *out)
{
    memset(out, 0, sizeof *out);
    if (width < 8) width = 8;
    out->width = width;
    Layouter ly = { .l = out };
    int rc = 0;
    GuideBlockKind prev = GB_PARA;
    for (int i = 0; i < g->n && rc == 0 && !ly.full; i++) {
        const GuideBlock *b = &g->blocks[i];
        /* a blank line between blocks, except inside a list or a table */
        int tight = i > 0 && ((b->kind == GB_ITEM && prev == GB_ITEM) || (b->kind == GB_VERB && prev == GB_VERB));
        if (i > 0 && !tight) rc = emit(&ly, GL_BLANK, i, "", 0);
        if (rc < 0) break;
        if (b->kind == GB_HEAD) rc = wrap(&ly, GL_HEAD, i, b->text, width, "");
        else if (b->kind == GB_VERB) rc = verbatim(&ly, i, b->text, width);
        else if (b->kind == GB_ITEM) {
            char first[2 * GUIDE_NEST_MAX + 4];
            int sp = 2 * (b->level - 1);
            memset(first, ' ', (size_t)sp);
            memcpy(first + sp, "- ", 3);
            rc = wrap(&ly, GL_TEXT, i, b->text, width, first);
        } else rc = wrap(&ly, GL_TEXT, i, b->text, width, "");
        prev = b->kind;
    }
    if (rc < 0) {
        guide_layout_free(out);
        return -1;
    }
    return 0;
}

void guide_layout_free(GuideLayout *l)
{
    if (!l) return;
    for (int i = 0; i < l->n; i++) free(l->lines[i].text);
    free(l->lines);
    memset(l, 0, sizeof *l);
}

int guide_anchor_line(const Guide *g, const GuideLayout *l, const char *anchor)
{
    if (!anchor || !*anchor) return -1;
    for (int i = 0; i < l->n; i++) {
        int b = l->lines[i].block;
        if (l->lines[i].kind == GL_HEAD && b >= 0 && b < g->n && strcmp(g->blocks[b].anchor, anchor) == 0)
            return i;
    }
    return -1;
}

int guide_search(const GuideLayout *l, const char *needle, int from)
{
    if (!needle || !*needle || l->n == 0) return -1;
    if (from < 0 || from >= l->n) from = 0;
    for (int k = 0; k < l->n; k++) {
        int i = (from + k) % l->n;
        if (strcasestr(l->lines[i].text, needle)) return i;
    }
    return -1;
}

/* ---- finding the files ---- */

static int add_dir(char (*dirs)[4096], int n, int max, const char *base, const char *lang)
{
    if (n >= max || !base || !*base) return n;
    char p[4096];
    if ((size_t)snprintf(p, sizeof p, "%s/%s", base, lang) >= sizeof p) return n;
    if (!path_is_dir(p)) return n;
    for (int i = 0; i < n; i++) if (strcmp(dirs[i], p) == 0) return n;
    memcpy(dirs[n], p, sizeof p);
    return n + 1;
}

int guide_dirs(const char *lang, char (*dirs)[4096], int max)
{
    char p[4096];
    int n = 0;
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    if (xdg && *xdg) snprintf(p, sizeof p, "%s/boucle/guides", xdg);
    else if (home && *home) snprintf(p, sizeof p, "%s/.config/boucle/guides", home);
    else p[0] = '\0';
    n = add_dir(dirs, n, max, p, lang);
    n = add_dir(dirs, n, max, GUIDE_REGION_DIR, lang);
    const char *env = getenv("BOUCLE_DATADIR");
    snprintf(p, sizeof p, "%s/guides", env && *env ? env : DATADIR);
    n = add_dir(dirs, n, max, p, lang);
    /* a build tree: <top>/build/boucle → <top>/data/guides (as the profile) */
    char exe[PATH_MAX];
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k > 0) {
        exe[k] = '\0';
        for (int up = 0; up < 3; up++) {
            char *sl = strrchr(exe, '/');
            if (!sl) break;
            *sl = '\0';
            snprintf(p, sizeof p, "%s/data/guides", exe);
            int before = n;
            n = add_dir(dirs, n, max, p, lang);
            if (n > before) break;
        }
    }
    return n;
}

/* "10-grading.txt" → "grading"; 0, or -1 when not a guide's file name. */
static int name_of(const char *file, char *name, size_t size)
{
    size_t n = strlen(file);
    if (n < 5 || n >= GUIDE_NAME_MAX || strcmp(file + n - 4, ".txt") != 0 || file[0] == '.') return -1;
    const char *p = file;
    while (*p >= '0' && *p <= '9') p++;
    if (p > file && *p == '-') p++;
    else p = file;
    size_t len = (size_t)(file + n - 4 - p);
    if (len == 0 || len >= size) return -1;
    memcpy(name, p, len);
    name[len] = '\0';
    return 0;
}

int guide_load_file(const char *path, Guide *out, Err *e)
{
    memset(out, 0, sizeof *out);
    Err fe = { 0 };
    FILE *f = path_fopen_file(path, &fe);
    if (!f) {
        if (fe.code) { if (e) *e = fe; return -1; }
        return err_set(e, ERR_IO, _("Cannot open the guide %s."), path);
    }
    char *buf = malloc(GUIDE_FILE_MAX + 1);
    if (!buf) { fclose(f); return err_set(e, ERR_INTERNAL, _("Out of memory.")); }
    size_t n = fread(buf, 1, GUIDE_FILE_MAX + 1, f);
    int bad = ferror(f);
    fclose(f);
    int rc = bad ? err_set(e, ERR_IO, _("Cannot read the guide %s."), path)
                 : guide_parse(buf, n, path, out, e);
    free(buf);
    return rc;
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const GuideEntry *)a)->file, ((const GuideEntry *)b)->file);
}

/* Adds the guides of lang's folders that *out lacks (by name). */
static int collect(const char *lang, GuideEntry **out, int *n, int *cap)
{
    char dirs[6][4096];
    int nd = guide_dirs(lang, dirs, 6);
    for (int d = 0; d < nd; d++) {
        DIR *dir = opendir(dirs[d]);
        if (!dir) continue;
        struct dirent *de;
        while ((de = readdir(dir))) {
            char name[GUIDE_NAME_MAX];
            if (name_of(de->d_name, name, sizeof name) < 0) continue;
            int seen = 0;
            for (int i = 0; i < *n && !seen; i++) seen = strcmp((*out)[i].name, name) == 0;
            if (seen) continue;
            char path[4096];
            if ((size_t)snprintf(path, sizeof path, "%s/%s", dirs[d], de->d_name) >= sizeof path) continue;
            struct stat st;
            if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) continue;
            if (*n == *cap) {
                int c = *cap ? *cap * 2 : 16;
                GuideEntry *ne = realloc(*out, (size_t)c * sizeof *ne);
                if (!ne) { closedir(dir); return -1; }
                *out = ne;
                *cap = c;
            }
            GuideEntry *en = &(*out)[(*n)++];
            memset(en, 0, sizeof *en);
            snprintf(en->name, sizeof en->name, "%s", name);
            snprintf(en->file, sizeof en->file, "%s", de->d_name);
            memcpy(en->path, path, sizeof en->path);
            Guide g;
            if (guide_load_file(path, &g, NULL) == 0) {
                snprintf(en->title, sizeof en->title, "%s", g.title);
                guide_free(&g);
            } else snprintf(en->title, sizeof en->title, "%s", name);
        }
        closedir(dir);
    }
    return 0;
}

int guide_list(const char *lang, GuideEntry **out, Err *e)
{
    *out = NULL;
    int n = 0, cap = 0;
    const char *order[3] = { lang && *lang ? lang : "fr", "fr", "en" };
    for (int i = 0; i < 3; i++) {
        if (i > 0 && strcmp(order[i], order[0]) == 0) continue;
        if (collect(order[i], out, &n, &cap) < 0) {
            free(*out);
            *out = NULL;
            return err_set(e, ERR_INTERNAL, _("Out of memory."));
        }
    }
    if (n == 0) {
        free(*out);
        *out = NULL;
        return err_set(e, ERR_NOTFOUND, _("No guide found: install boucle, or set BOUCLE_DATADIR."));
    }
    qsort(*out, (size_t)n, sizeof **out, cmp_entry);
    return n;
}

int guide_load(const char *name, const char *lang, Guide *out, Err *e)
{
    memset(out, 0, sizeof *out);
    GuideEntry *list;
    int n = guide_list(lang, &list, e);
    if (n < 0) return -1;
    int rc = -1;
    for (int i = 0; i < n; i++)
        if (strcmp(list[i].name, name) == 0) { rc = guide_load_file(list[i].path, out, e); break; }
    if (rc < 0 && (!e || !e->code)) err_set(e, ERR_NOTFOUND, _("No guide named \"%s\"."), name);
    free(list);
    return rc;
}
