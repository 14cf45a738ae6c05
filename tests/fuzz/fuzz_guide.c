/*
 * fuzz_guide.c — fuzz target of the guide parser and its layout
 * (core/guide/guide.c): files a region edits and ships to its workshops.
 * On any input:
 * - no read or write outside the buffer (ASan), no undefined behaviour
 *   (UBSan), nothing leaked, even when the parse fails;
 * - a failed parse leaves nothing allocated and names the source;
 * - a guide it returns has a title, and every block's text is clean UTF-8
 *   (no byte that is not UTF-8, no control character): what reaches the
 *   terminal cannot move its cursor or change its state;
 * - laid out at several widths, every line fits its width in cells, is
 *   clean UTF-8, and points to an existing block; anchors and search stay
 *   within the lines.
 *
 *   make fuzz && build-fuzz/fuzz_guide -dict=tests/fuzz/guide.dict tests/fuzz/corpus/guide
 */
#include "core/guide/guide.h"
#include "util/utf8.h"
#include "tests/fuzz/fuzz_util.h"
#include <locale.h>

#define REQUIRE(c) FUZZ_REQUIRE("guide", c)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const int WIDTHS[] = { 1, 9, 40, 78 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int init;
    if (!init) { setlocale(LC_ALL, "C.UTF-8"); init = 1; }
    Guide g;
    Err e = { 0 };
    if (guide_parse((const char *)data, size, "fuzz.txt", &g, &e) < 0) {
        REQUIRE(e.msg[0] && strstr(e.msg, "fuzz.txt"));
        REQUIRE(g.blocks == NULL && g.n == 0);
        return 0;
    }
    REQUIRE(g.title[0] && utf8_clean(g.title, strlen(g.title)));
    for (int i = 0; i < g.n; i++) {
        const GuideBlock *b = &g.blocks[i];
        REQUIRE(b->text && utf8_clean(b->text, strlen(b->text)));
        if (b->kind == GB_ITEM) REQUIRE(b->level >= 1 && b->level <= GUIDE_NEST_MAX);
        if (b->kind == GB_HEAD) REQUIRE(b->level == 1 || b->level == 2);
    }
    for (size_t w = 0; w < sizeof WIDTHS / sizeof WIDTHS[0]; w++) {
        GuideLayout l;
        if (guide_layout(&g, WIDTHS[w], &l) < 0) continue;
        REQUIRE(l.n <= GUIDE_LINES_MAX);
        for (int i = 0; i < l.n; i++) {
            const char *t = l.lines[i].text;
            REQUIRE(t && utf8_clean(t, strlen(t)));
            REQUIRE(utf8_width(t) <= l.width);
            REQUIRE(l.lines[i].block >= 0 && l.lines[i].block < g.n);
        }
        int a = guide_anchor_line(&g, &l, "laptop");
        REQUIRE(a >= -1 && a < l.n);
        int s = guide_search(&l, "a", 0);
        REQUIRE(s >= -1 && s < l.n);
        guide_layout_free(&l);
    }
    guide_free(&g);
    return 0;
}
