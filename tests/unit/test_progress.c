/* test_progress.c — util/progress.h (the count, the time left, when to
 * redraw) and tui/progress.h's line, with explicit timestamps, in French and
 * English, widths in terminal cells. */
#include "t.h"
#include "core/settings/lang.h"
#include "tui/glyph.h"
#include "tui/progress.h"
#include "util/progress.h"
#include "util/utf8.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

/* 1. the time left: none too early, then elapsed × left / done, rounded up */
TEST(eta_seconds)
{
    CHECK_INT(progress_eta_s(0, 100, 5000), -1);          /* nothing done */
    CHECK_INT(progress_eta_s(50, 100, 999), -1);          /* under a second */
    CHECK_INT(progress_eta_s(5, 10000, 60000), -1);       /* 0.05 %: too little */
    CHECK_INT(progress_eta_s(100, 100, 5000), -1);        /* done */
    CHECK_INT(progress_eta_s(10, -1, 5000), -1);          /* total unknown */
    CHECK_INT(progress_eta_s(100, 10000, 1000), 99);      /* 1 %: just enough */
    CHECK_INT(progress_eta_s(1234, 10000, 5000), 36);     /* 35.52 → 36 */
    CHECK_INT(progress_eta_s(999, 1000, 10000), 1);       /* 0.01 s → 1 */
    CHECK_INT(progress_eta_s(1, 3, 3600000), 7200);
}

/* 2. redraws at most every 100 ms, the first and the last always */
TEST(due)
{
    ProgressMeter m;
    progress_start(&m, 1000);
    CHECK_INT(progress_due(&m, 1000, 0, 10), 1);
    CHECK_INT(progress_due(&m, 1050, 1, 10), 0);
    CHECK_INT(progress_due(&m, 1099, 2, 10), 0);
    CHECK_INT(progress_due(&m, 1100, 3, 10), 1);
    CHECK_INT(progress_due(&m, 1150, 4, 10), 0);
    CHECK_INT(progress_due(&m, 1160, 10, 10), 1);         /* the end */
    /* 100 000 items in 2 s: about 20 draws, not 100 000 */
    progress_start(&m, 0);
    int draws = 0;
    for (int i = 0; i <= 100000; i++) draws += progress_due(&m, i / 50, i, 100000);
    CHECK(draws >= 20 && draws <= 22);
}

/* 3. English: counts with commas, "1 min 05 s left" */
TEST(english)
{
    char b[128];
    lang_init("en", NULL);
    CHECK_STR(progress_count(b, sizeof b, 0), "0");
    CHECK_STR(progress_count(b, sizeof b, 999), "999");
    CHECK_STR(progress_count(b, sizeof b, 1234), "1,234");
    CHECK_STR(progress_count(b, sizeof b, 1234567), "1,234,567");
    CHECK_STR(progress_count(b, sizeof b, -10000), "-10,000");
    CHECK_STR(progress_count_text(b, sizeof b, 1234, 10000, 0), "1,234 / 10,000");
    CHECK_STR(progress_count_text(b, sizeof b, 1234, 0, 0), "1,234");
    CHECK_STR(progress_duration(b, sizeof b, 42), "42 s");
    CHECK_STR(progress_duration(b, sizeof b, 65), "1 min 05 s");
    CHECK_STR(progress_duration(b, sizeof b, 3725), "1 h 02 min");
    /* 1 234 of 10 000 in 9.1 s: 8 766 left at 135.6/s = 64.6 s → 65 */
    CHECK_STR(progress_eta_text(b, sizeof b, 1234, 10000, 9100), "1 min 05 s left");
    CHECK_STR(progress_eta_text(b, sizeof b, 1234, 10000, 900), "");
    CHECK_STR(progress_count_text(b, sizeof b, 1500000, 27000000, 1), "1.5 MB / 27 MB");
}

/* 4. French: « 1 234 / 10 000 », « reste 1 min 05 s » */
TEST(french)
{
    char b[128];
    lang_init("fr", NULL);
    CHECK_STR(progress_count(b, sizeof b, 1234), "1 234");
    CHECK_STR(progress_count_text(b, sizeof b, 1234, 10000, 0), "1 234 / 10 000");
    CHECK_STR(progress_eta_text(b, sizeof b, 1234, 10000, 9100), "reste 1 min 05 s");
    CHECK_STR(progress_eta_text(b, sizeof b, 9000, 10000, 9000), "reste 1 s");
    CHECK_STR(progress_count_text(b, sizeof b, 1500000, 27000000, 1), "1,5 Mo / 27 Mo");
    CHECK_INT(utf8_width("reste 1 min 05 s"), 16);
}

/* 5. the line: exactly `width` cells, bar then text; Unicode and ASCII */
TEST(line)
{
    char b[1024];
    lang_init("fr", NULL);
    glyph_set_unicode(0);
    progress_line(b, sizeof b, 76, 1234, 10000, 9100, 0);
    CHECK_INT(utf8_width(b), 76);
    /* 39 cells of bar (12.34 % → 5 cells), the text in the 36 kept for the widest */
    CHECK_STR(b, "#####.................................. 1 234 / 10 000 - reste 1 min 05 s   ");
    /* before the time left is known: the count alone, the bar the same width */
    progress_line(b, sizeof b, 76, 1234, 10000, 500, 0);
    CHECK_STR(b, "#####.................................. 1 234 / 10 000                      ");
    glyph_set_unicode(1);
    progress_line(b, sizeof b, 76, 1234, 10000, 9100, 0);
    CHECK_INT(utf8_width(b), 76);
    /* 12.34 % of 39 cells = 4.81 cells: 4 full and seven eighths */
    CHECK_STR(b, "\u2588\u2588\u2588\u2588\u2589\u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591"
                 "\u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591"
                 "\u2591\u2591\u2591\u2591\u2591 1 234 / 10 000 \u00b7 reste 1 min 05 s   ");
    /* narrow: no bar, the text cut to the width */
    progress_line(b, sizeof b, 20, 1234, 10000, 9100, 0);
    CHECK_INT(utf8_width(b), 20);
    CHECK_STR(b, "1 234 / 10 000 \u00b7 res");
    /* unknown total: the count alone */
    progress_line(b, sizeof b, 30, 1234, 0, 9100, 0);
    CHECK_STR(b, "1 234                         ");
    lang_init("en", NULL);
    progress_line(b, sizeof b, 76, 1234, 10000, 9100, 0);
    CHECK_INT(utf8_width(b), 76);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    /* the French catalogue of the build being tested */
    if (getenv("BUILD") && !getenv("BOUCLE_LOCALEDIR")) {
        char dir[1024];
        snprintf(dir, sizeof dir, "%s/locale", getenv("BUILD"));
        setenv("BOUCLE_LOCALEDIR", dir, 1);
    }
    RUN(eta_seconds);
    RUN(due);
    RUN(english);
    RUN(french);
    RUN(line);
    return t_done();
}
