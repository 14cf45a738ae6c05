/*
 * test_guide.c — the guides (core/guide/guide.c): the format, broken,
 * huge, non-UTF-8 and deeply nested input, the layout in terminal cells,
 * search and anchors, and where the files are found (a region's override
 * first, a missing language taken in French).
 */
#include "core/guide/guide.h"
#include "util/utf8.h"
#include "tests/unit/t.h"
#include <locale.h>
#include <sys/stat.h>
#include <unistd.h>

static int parse(const char *s, Guide *g, Err *e) { return guide_parse(s, strlen(s), "t.txt", g, e); }

TEST(guide_format)
{
    Guide g;
    Err e = { 0 };
    const char *s = "# comment\n\nThe title\n\nOne paragraph\nover two lines.\n\n"
                    "== Laptop {laptop}\n- item one\n  continued\n  - nested\n| verbatim  kept\n=== Sub\nend";
    CHECK_INT(parse(s, &g, &e), 0);
    CHECK_STR(g.title, "The title");
    CHECK_INT(g.n, 7);
    CHECK_INT(g.blocks[0].kind, GB_PARA);
    CHECK_STR(g.blocks[0].text, "One paragraph over two lines.");
    CHECK_INT(g.blocks[1].kind, GB_HEAD);
    CHECK_STR(g.blocks[1].text, "Laptop");
    CHECK_STR(g.blocks[1].anchor, "laptop");
    CHECK_STR(g.blocks[2].text, "item one continued");
    CHECK_INT(g.blocks[3].level, 2);
    CHECK_STR(g.blocks[4].text, "verbatim  kept");
    CHECK_INT(g.blocks[5].level, 2);
    CHECK_STR(g.blocks[6].text, "end");
    guide_free(&g);
}

TEST(guide_broken_input)
{
    Guide g;
    Err e = { 0 };
    CHECK_INT(parse("", &g, &e), -1);
    CHECK_CONTAINS(e.msg, "t.txt");
    CHECK(g.blocks == NULL);
    CHECK_INT(parse("# only a comment\n\n   \n", &g, &e), -1);
    /* not UTF-8, controls, NUL and an escape sequence: shown as U+FFFD */
    const char raw[] = "T\xff\x01tle\n\nA\x1b[2Jb\x00" "c\tz\xc3\n";
    CHECK_INT(guide_parse(raw, sizeof raw - 1, "t.txt", &g, &e), 0);
    CHECK_STR(g.title, "T\xEF\xBF\xBD\xEF\xBF\xBDtle");
    CHECK_STR(g.blocks[0].text, "A\xEF\xBF\xBD[2Jb\xEF\xBF\xBD" "c z\xEF\xBF\xBD");
    guide_free(&g);
    /* headings without text, items without text, "{}" anchors: no block */
    CHECK_INT(parse("T\n==\n- \n== {}\n==  {x y}\n", &g, &e), 0);
    CHECK_INT(g.n, 2);
    CHECK_STR(g.blocks[0].text, "{}");
    CHECK_STR(g.blocks[1].text, "{x y}");
    guide_free(&g);
}

TEST(guide_huge_and_deep)
{
    Guide g;
    Err e = { 0 };
    size_t n = GUIDE_FILE_MAX + 1;
    char *big = malloc(n);
    memset(big, 'a', n);
    CHECK_INT(guide_parse(big, n, "big.txt", &g, &e), -1);
    CHECK_CONTAINS(e.msg, "big.txt");
    /* one word of 1 MB: cut into lines of the width */
    big[0] = 'T'; big[1] = '\n'; big[2] = '\n';
    CHECK_INT(guide_parse(big, GUIDE_FILE_MAX, "big.txt", &g, &e), 0);
    GuideLayout l;
    CHECK_INT(guide_layout(&g, 80, &l), 0);
    CHECK(l.n > 13000);
    for (int i = 0; i < l.n; i++) CHECK(utf8_width(l.lines[i].text) <= 80);
    guide_layout_free(&l);
    guide_free(&g);
    /* 100 000 levels of nesting: the deepest level is GUIDE_NEST_MAX */
    size_t k = 0;
    k += (size_t)sprintf(big, "T\n");
    for (int i = 0; i < 100000 && k + 8 < GUIDE_FILE_MAX; i++) big[k++] = ' ';
    memcpy(big + k, "- deep\n", 7);
    k += 7;
    CHECK_INT(guide_parse(big, k, "deep.txt", &g, &e), 0);
    CHECK_INT(g.blocks[0].level, GUIDE_NEST_MAX);
    guide_free(&g);
    /* too many blocks: refused, nothing kept */
    k = (size_t)sprintf(big, "T\n");
    for (int i = 0; i <= GUIDE_BLOCKS_MAX; i++) k += (size_t)sprintf(big + k, "- x\n");
    CHECK_INT(guide_parse(big, k, "many.txt", &g, &e), -1);
    CHECK(g.blocks == NULL);
    free(big);
}

TEST(guide_layout_cells)
{
    Guide g;
    Err e = { 0 };
    GuideLayout l;
    CHECK_INT(parse("T\nÉlément éléphant été à côté\n\n== H {h}\n- un deux trois quatre cinq six\n", &g, &e), 0);
    CHECK_INT(guide_layout(&g, 12, &l), 0);
    CHECK_STR(l.lines[0].text, "Élément");       /* 7 cells, 9 bytes */
    CHECK_STR(l.lines[1].text, "éléphant été");  /* 12 cells */
    for (int i = 0; i < l.n; i++) CHECK(utf8_width(l.lines[i].text) <= 12);
    int h = guide_anchor_line(&g, &l, "h");
    CHECK(h > 0 && l.lines[h].kind == GL_HEAD);
    CHECK_STR(l.lines[h + 1].text, "");
    CHECK_STR(l.lines[h + 2].text, "- un deux");
    CHECK_STR(l.lines[h + 3].text, "  trois");
    CHECK_INT(guide_search(&l, "TROIS", 0), h + 3);
    CHECK_INT(guide_search(&l, "absent", 0), -1);
    CHECK_INT(guide_anchor_line(&g, &l, "nope"), -1);
    guide_layout_free(&l);
    guide_free(&g);
}

/* The title of the guide `name` in the list, or NULL. (The source tree's
 * data/guides is found too, beside the test binary: those guides are in
 * the list as well, after the ones of the folders set here.) */
static const char *title_of(GuideEntry *list, int n, const char *name)
{
    for (int i = 0; i < n; i++) if (!strcmp(list[i].name, name)) return list[i].title;
    return NULL;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) { fputs(text, f); fclose(f); }
}

TEST(guide_lookup_override)
{
    char dir[] = "/tmp/boucle-guide-XXXXXX", p[512];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(p, sizeof p, "mkdir -p %s/data/guides/fr %s/data/guides/en %s/cfg/boucle/guides/fr", dir, dir, dir);
    CHECK_INT(system(p), 0);
    snprintf(p, sizeof p, "%s/data/guides/fr/10-grading.txt", dir); write_file(p, "Évaluer\n\ntexte\n");
    snprintf(p, sizeof p, "%s/data/guides/fr/90-local.txt", dir); write_file(p, "Règles locales\n");
    snprintf(p, sizeof p, "%s/data/guides/en/10-grading.txt", dir); write_file(p, "Grading\n");
    snprintf(p, sizeof p, "%s/cfg/boucle/guides/fr/10-grading.txt", dir); write_file(p, "Guide de la région\n");
    snprintf(p, sizeof p, "%s/data", dir); setenv("BOUCLE_DATADIR", p, 1);
    snprintf(p, sizeof p, "%s/cfg", dir); setenv("XDG_CONFIG_HOME", p, 1);
    GuideEntry *list;
    Err e = { 0 };
    int n = guide_list("fr", &list, &e);
    CHECK(n >= 2);
    CHECK_STR(list[0].name, "grading");                 /* sorted by file */
    CHECK_STR(title_of(list, n, "grading"), "Guide de la région");   /* the override wins */
    CHECK_STR(title_of(list, n, "local"), "Règles locales");
    free(list);
    n = guide_list("en", &list, &e);
    CHECK(n >= 2);
    CHECK_STR(title_of(list, n, "grading"), "Grading");
    CHECK_STR(title_of(list, n, "local"), "Règles locales");  /* no English one: the French */
    free(list);
    Guide g;
    CHECK_INT(guide_load("nope", "fr", &g, &e), -1);
    CHECK_CONTAINS(e.msg, "nope");
    snprintf(p, sizeof p, "rm -rf %s", dir);
    CHECK_INT(system(p), 0);
    unsetenv("BOUCLE_DATADIR");
    unsetenv("XDG_CONFIG_HOME");
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    RUN(guide_format);
    RUN(guide_broken_input);
    RUN(guide_huge_and_deep);
    RUN(guide_layout_cells);
    RUN(guide_lookup_override);
    return t_done();
}
