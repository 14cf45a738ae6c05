/*
 * hlc.h — hybrid logical clock (Kulkarni et al., 2014).
 *
 * A timestamp is one 64-bit number: the physical time in milliseconds since
 * the Unix epoch in the high 48 bits, a counter in the low 16. Events are
 * ordered by (hlc, workshop). Local events always get a timestamp greater than
 * every timestamp this database has seen, so causality holds even when a PC's
 * clock is wrong; hlc_recv() caps how far a remote clock may pull ours ahead
 * (HLC_MAX_DRIFT_MS) so that one PC whose clock is years late or early cannot
 * drag the whole region with it.
 */
#ifndef BOUCLE_HLC_H
#define BOUCLE_HLC_H
#include <stdint.h>

typedef uint64_t Hlc;

#define HLC_COUNTER_BITS 16
/* A remote timestamp more than this far ahead of our wall clock is not
 * adopted as our own physical part (its counter order still holds). One day:
 * enough for clocks that are merely off by a time zone or a few hours. */
#define HLC_MAX_DRIFT_MS (24LL * 3600 * 1000)

static inline int64_t hlc_ms(Hlc h) { return (int64_t)(h >> HLC_COUNTER_BITS); }
static inline unsigned hlc_counter(Hlc h) { return (unsigned)(h & 0xffff); }
static inline Hlc hlc_make(int64_t ms, unsigned counter) {
    return ((Hlc)ms << HLC_COUNTER_BITS) | (counter & 0xffff);
}

/* The next local timestamp after `last`, given the wall clock. Pure. */
Hlc hlc_next(Hlc last, int64_t wall_ms);
/* The clock after receiving `remote`, given the wall clock. Pure. */
Hlc hlc_recv(Hlc last, Hlc remote, int64_t wall_ms);
/* Wall clock in ms (CLOCK_REALTIME). */
int64_t hlc_wall_ms(void);
/* 16 lower-case hex digits + NUL. */
void hlc_format(Hlc h, char out[17]);
/* ISO 8601 UTC of the physical part, "2026-11-22T10:25:38Z". */
void hlc_iso(Hlc h, char out[32]);

#endif
