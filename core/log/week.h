/*
 * week.h — the local week of a moment, as the team goals count it
 * (core/goals/goals.h): ISO weeks, Monday to Sunday, in the local time of
 * the PC (TZ), named by the date of their Monday, "YYYY-MM-DD" — a name
 * that sorts as the weeks do and reads the same in every language.
 */
#ifndef BOUCLE_WEEK_H
#define BOUCLE_WEEK_H
#include <stdint.h>

#define WEEK_MAX 11   /* "YYYY-MM-DD" and its NUL */
/* The largest weekly target (devices, kg): more than any workshop makes,
 * small enough that sums of targets never overflow. */
#define GOALS_TARGET_MAX 1000000

/* The Monday of the local week holding ms (milliseconds since the epoch). */
void week_of_ms(int64_t ms, char out[WEEK_MAX]);
/* The Monday n weeks after (n < 0: before) the Monday `week`. 0, or -1
 * when week is not a date (out is then ""). out may be week itself. */
int week_shift(const char *week, int n, char out[WEEK_MAX]);

#endif
