/* test_glyph.c — the glyphs and their ASCII fallbacks, bars and sparklines. */
#include "t.h"
#include "tui/glyph.h"
#include "util/utf8.h"
#include <locale.h>

TEST(ascii_marks)
{
    glyph_set_unicode(0);
    CHECK_STR(glyph(GL_CHECK), "v");
    CHECK_STR(glyph(GL_ELLIPSIS), "...");
    CHECK_STR(glyph(GL_FULL), "#");
    glyph_set_unicode(1);
    CHECK_STR(glyph(GL_CHECK), "\u2713");
    CHECK_STR(glyph(GL_ELLIPSIS), "\u2026");
}

TEST(bar_unicode)
{
    char b[128];
    glyph_set_unicode(1);
    CHECK_STR(glyph_bar(b, sizeof b, 0, 10, 4, 0), "    ");
    CHECK_STR(glyph_bar(b, sizeof b, 10, 10, 4, 0), "\u2588\u2588\u2588\u2588");
    /* 5/10 of 4 cells = 2 cells exactly */
    CHECK_STR(glyph_bar(b, sizeof b, 5, 10, 4, 1), "\u2588\u2588\u2591\u2591");
    /* 1/16 of 4 cells = 2 eighths: one quarter block */
    CHECK_STR(glyph_bar(b, sizeof b, 1, 16, 4, 0), "\u258e   ");
    /* a tiny value is never drawn as nothing, short of max never full */
    CHECK_STR(glyph_bar(b, sizeof b, 1, 1000000, 2, 0), "\u258f ");
    CHECK_STR(glyph_bar(b, sizeof b, 999999, 1000000, 2, 0), "\u2588\u2589");
    CHECK_INT(utf8_width(glyph_bar(b, sizeof b, 3, 7, 9, 1)), 9);
}

TEST(bar_ascii)
{
    char b[128];
    glyph_set_unicode(0);
    CHECK_STR(glyph_bar(b, sizeof b, 5, 10, 4, 1), "##..");
    CHECK_STR(glyph_bar(b, sizeof b, 1, 1000, 4, 0), "#   ");
    CHECK_STR(glyph_bar(b, sizeof b, -3, 10, 3, 1), "...");
    CHECK_STR(glyph_bar(b, sizeof b, 3, 0, 3, 0), "   ");
    /* too small a buffer: cut at a whole glyph, still terminated */
    char s[3];
    CHECK_STR(glyph_bar(s, sizeof s, 10, 10, 5, 0), "##");
}

TEST(spark)
{
    char b[128];
    int64_t v[] = { 0, 1, 50, 100 };
    glyph_set_unicode(1);
    CHECK_STR(glyph_spark(b, sizeof b, v, 4), "\u2581\u2582\u2585\u2588");
    glyph_set_unicode(0);
    CHECK_STR(glyph_spark(b, sizeof b, v, 4), " .=#");
    int64_t z[] = { 0, 0 };
    CHECK_STR(glyph_spark(b, sizeof b, z, 2), "  ");
    CHECK_STR(glyph_spark(b, sizeof b, v, 0), "");
}

TEST(spark_max)
{
    char b[128];
    int64_t in[] = { 0, 10, 20 }, out[] = { 5, 0, 40 };
    glyph_set_unicode(0);
    /* on the scale of 40: 20 is half, 10 a quarter; the largest is full */
    CHECK_STR(glyph_spark_max(b, sizeof b, in, 3, 40), " :=");
    CHECK_STR(glyph_spark_max(b, sizeof b, out, 3, 40), ". #");
    /* a value above max is full, max 0 draws nothing */
    int64_t big[] = { 80 };
    CHECK_STR(glyph_spark_max(b, sizeof b, big, 1, 40), "#");
    CHECK_STR(glyph_spark_max(b, sizeof b, in, 3, 0), "   ");
    glyph_set_unicode(1);
    CHECK_STR(glyph_spark_max(b, sizeof b, out, 3, 40), "\u2582\u2581\u2588");
}

TEST(init_from_env)
{
    setlocale(LC_ALL, "C.UTF-8");
    setenv("TERM", "xterm-256color", 1);
    unsetenv("BOUCLE_GLYPHS");
    glyph_init();
    CHECK_INT(glyph_unicode(), 1);
    setenv("TERM", "linux", 1);
    glyph_init();
    CHECK_INT(glyph_unicode(), 0);
    setenv("BOUCLE_GLYPHS", "unicode", 1);
    glyph_init();
    CHECK_INT(glyph_unicode(), 1);
    setenv("TERM", "xterm", 1);
    setenv("BOUCLE_GLYPHS", "ascii", 1);
    glyph_init();
    CHECK_INT(glyph_unicode(), 0);
    unsetenv("BOUCLE_GLYPHS");
    setlocale(LC_ALL, "C");
    glyph_init();
    CHECK_INT(glyph_unicode(), 0);
}

TEST(ascii_wc)
{
    glyph_set_unicode(0);
    CHECK_INT(glyph_ascii_wc(L'a'), L'a');
    CHECK_INT(glyph_ascii_wc(0xE9), 0xE9);          /* é: Latin-1 stays */
    CHECK_INT(glyph_ascii_wc(0xAB), 0xAB);          /* « */
    CHECK_INT(glyph_ascii_wc(0x20AC), 0x20AC);      /* € */
    CHECK_INT(glyph_ascii_wc(0x2500), 0x2500);      /* ─ box drawing */
    CHECK_INT(glyph_ascii_wc(0x2026), L'~');
    CHECK_INT(glyph_ascii_wc(0x2713), L'v');
    CHECK_INT(glyph_ascii_wc(0x2019), L'\'');
    CHECK_INT(glyph_ascii_wc(0x2014), L'-');
    CHECK_INT(glyph_ascii_wc(0x2588), L'#');
    CHECK_INT(glyph_ascii_wc(0x2591), L'.');
    CHECK_INT(glyph_ascii_wc(0x28FF), L'#');
    CHECK_INT(glyph_ascii_wc(0x2192), L'>');
    glyph_set_unicode(1);
    CHECK_INT(glyph_ascii_wc(0x2026), 0x2026);
    CHECK_INT(glyph_ascii_wc(0x2588), 0x2588);
}

int main(void)
{
    RUN(ascii_marks);
    RUN(bar_unicode);
    RUN(bar_ascii);
    RUN(spark);
    RUN(spark_max);
    RUN(init_from_env);
    RUN(ascii_wc);
    return t_done();
}
