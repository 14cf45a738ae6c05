/* date.c — calendar dates (see date.h). */
#include "util/date.h"
#include <string.h>
#include <time.h>

int date_to_ms(const char *s, int64_t *ms)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (!s || strlen(s) != 10) return -1;
    const char *end = strptime(s, "%Y-%m-%d", &tm);
    if (!end || *end) return -1;
    int y = tm.tm_year, m = tm.tm_mon, d = tm.tm_mday;
    time_t t = timegm(&tm);
    /* timegm normalises 02-30 into 03-02: a real date comes back unchanged */
    struct tm back;
    if (t == (time_t)-1 || !gmtime_r(&t, &back) || back.tm_year != y || back.tm_mon != m || back.tm_mday != d)
        return -1;
    *ms = (int64_t)t * 1000;
    return 0;
}

int date_valid(const char *s)
{
    int64_t ms;
    return date_to_ms(s, &ms) == 0;
}
