/*
 * date.h — calendar dates as people type them (YYYY-MM-DD), read in UTC
 * like every date boucle stores.
 */
#ifndef BOUCLE_DATE_H
#define BOUCLE_DATE_H
#include <stdint.h>

/* 1 when s is a real date written YYYY-MM-DD (2026-02-30 is not). */
int date_valid(const char *s);
/* Milliseconds since the epoch at 00:00 UTC of date s: 0, or -1 when s is
 * not a valid date. */
int date_to_ms(const char *s, int64_t *ms);

#endif
