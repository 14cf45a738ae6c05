/* week.c — see week.h. Dates are moved at noon, so that a change of
 * daylight saving time never pushes one across midnight. */
#include "core/log/week.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

static void tm_date(struct tm *tm, char out[WEEK_MAX])
{
    tm->tm_hour = 12;
    tm->tm_min = tm->tm_sec = 0;
    tm->tm_isdst = -1;
    mktime(tm);
    snprintf(out, WEEK_MAX, "%04d-%02d-%02d", (tm->tm_year + 1900) % 10000, (tm->tm_mon + 1) % 100, tm->tm_mday % 100);
}

void week_of_ms(int64_t ms, char out[WEEK_MAX])
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    if (!localtime_r(&t, &tm)) {
        snprintf(out, WEEK_MAX, "%s", "1970-01-01");
        return;
    }
    tm.tm_mday -= (tm.tm_wday + 6) % 7;   /* back to Monday */
    tm_date(&tm, out);
}

int week_shift(const char *week, int n, char out[WEEK_MAX])
{
    int y, m, d;
    char rest;
    if (!week || strlen(week) != 10 || sscanf(week, "%4d-%2d-%2d%c", &y, &m, &d, &rest) != 3
        || y < 1970 || m < 1 || m > 12 || d < 1 || d > 31) {
        out[0] = '\0';
        return -1;
    }
    struct tm tm = { 0 };
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d + 7 * n;
    tm_date(&tm, out);
    return 0;
}
