/* hlc.c — see hlc.h. */
#include "core/log/hlc.h"
#include <stdio.h>
#include <time.h>

Hlc hlc_next(Hlc last, int64_t wall_ms)
{
    int64_t l = hlc_ms(last);
    if (wall_ms > l) return hlc_make(wall_ms, 0);
    /* Wall clock behind (or equal to) what we have seen: keep the physical
     * part, count. When the counter is full, borrow the next millisecond:
     * the order stays strict, the drift is one ms per 65 536 events. */
    if (hlc_counter(last) == 0xffff) return hlc_make(l + 1, 0);
    return last + 1;
}

Hlc hlc_recv(Hlc last, Hlc remote, int64_t wall_ms)
{
    /* A remote clock far in the future would drag our physical part with it
     * for good; cap what we adopt from it. Its events keep their own
     * timestamps: only our clock refuses to jump. */
    if (hlc_ms(remote) > wall_ms + HLC_MAX_DRIFT_MS) remote = hlc_make(wall_ms + HLC_MAX_DRIFT_MS, 0);
    Hlc m = last > remote ? last : remote;
    return hlc_next(m, wall_ms);
}

int64_t hlc_wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void hlc_format(Hlc h, char out[17])
{
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

void hlc_iso(Hlc h, char out[32])
{
    time_t t = (time_t)(hlc_ms(h) / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
